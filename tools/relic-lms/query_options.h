// SPDX-License-Identifier: Apache-2.0
// The filters and paging that `ledger`, `refusals` and `audit` share
// (--license, --kid, --machine, --since, --limit, --after, --json), and how
// a page is printed: a table, then the cursor of the next page, or JSON.
#pragma once

#include <memory>
#include <string>

#include "database_option.h"
#include "lms/ledger_records.h"
#include "output.h"

namespace CLI {
class App;
}

namespace relic::lms_cli {

struct QueryOptions {
  DatabaseOptions database;
  std::string license;
  std::string kid;
  std::string machine;
  std::string since;
  std::string reference;
  uint32_t limit = 100;
  std::string after;
  bool json = false;
};

// Registers the options on `command`; `reference` adds --reference.
void AddQueryOptions(CLI::App& command, QueryOptions& options, bool reference);

// The options as a ledger query. Errors: kInvalidArgument naming the option.
Result<lms::LedgerQuery> ToLedgerQuery(const QueryOptions& options);

// Prints {"rows": [...], "next": "..."} with --json, else the table's lines
// and, when a page follows, how to get it.
void PrintPage(const QueryOptions& options, const Json& rows, const std::string& next,
               const std::string& header, const std::vector<std::string>& lines,
               const std::string& empty_note);

}  // namespace relic::lms_cli
