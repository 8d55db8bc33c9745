// SPDX-License-Identifier: Apache-2.0
// The --database option every command that touches the ledger shares, and
// opening the ledger it names.
#pragma once

#include <memory>
#include <string>

#include "lms/ledger.h"
#include "lms/ledger_open.h"
#include "lms/ledger_url.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace relic::lms_cli {

struct DatabaseOptions {
  std::string url = "sqlite:";
  std::string home;
};

// Adds --database URL and --home DIR (needed for sqlite:, and by serve for
// its keys).
void AddDatabaseOptions(CLI::App* command, DatabaseOptions* options, bool home_required);

// The location the options name; sqlite: needs --home, which must be a
// service's home (it has keys), so a typo does not create a ledger in a
// stray directory.
Result<lms::LedgerLocation> ResolveDatabase(const DatabaseOptions& options);

Result<std::unique_ptr<lms::Ledger>> OpenCommandLedger(const DatabaseOptions& options,
                                                       const lms::LedgerOpenOptions& open = {});

}  // namespace relic::lms_cli
