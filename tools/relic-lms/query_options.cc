// SPDX-License-Identifier: Apache-2.0
#include "query_options.h"

#include <CLI/CLI.hpp>
#include <cstdio>

#include "relic/rights.h"

namespace relic::lms_cli {

void AddQueryOptions(CLI::App& command, QueryOptions& options, bool reference) {
  AddDatabaseOptions(&command, &options.database, /*home_required=*/false);
  command.add_option("--license", options.license, "only this license (32 hex digits)")
      ->type_name("ID");
  command.add_option("--kid", options.kid, "only this KID (24 characters of base64)")
      ->type_name("KID");
  command.add_option("--machine", options.machine, "only this machine (32 hex digits)")
      ->type_name("ID");
  command
      .add_option("--since", options.since,
                  "only from this time on (RFC 3339, e.g. 2027-01-15T08:00:00Z)")
      ->type_name("TIME");
  if (reference) {
    command
        .add_option("--reference", options.reference,
                    "only the refused batch with this reference (the ref= of the refusal URL)")
        ->type_name("REF");
  }
  command.add_option("--limit", options.limit, "rows per page (1-10000)")->capture_default_str();
  command.add_option("--after", options.after, "the cursor printed after the previous page")
      ->type_name("CURSOR");
  command.add_flag("--json", options.json, "print {\"rows\": [...], \"next\": CURSOR or null}");
}

Result<lms::LedgerQuery> ToLedgerQuery(const QueryOptions& o) {
  lms::LedgerQuery q;
  if (!o.license.empty()) {
    auto id = LicenseId::Parse(o.license);
    if (!id.ok()) return id.status().WithContext("--license");
    q.license = *id;
  }
  if (!o.kid.empty()) {
    auto kid = Kid::Parse(o.kid);
    if (!kid.ok()) return kid.status().WithContext("--kid");
    q.kid = *kid;
  }
  if (!o.machine.empty()) {
    RELIC_RETURN_IF_ERROR(lms::CheckMachineId(o.machine).WithContext("--machine"));
    q.machine = o.machine;
  }
  if (!o.since.empty()) {
    auto since = ParseRfc3339(o.since);
    if (!since.ok()) return since.status().WithContext("--since");
    q.since = *since;
  }
  if (!o.reference.empty()) q.reference = o.reference;
  if (o.limit < 1 || o.limit > lms::kMaxQueryLimit) {
    return Status(Code::kInvalidArgument,
                  "--limit must be between 1 and " + std::to_string(lms::kMaxQueryLimit));
  }
  q.limit = o.limit;
  if (!o.after.empty()) q.after = o.after;
  return q;
}

void PrintPage(const QueryOptions& options, const Json& rows, const std::string& next,
               const std::string& header, const std::vector<std::string>& lines,
               const std::string& empty_note) {
  if (options.json) {
    Json page{{"rows", rows}, {"next", next.empty() ? Json(nullptr) : Json(next)}};
    std::printf("%s\n", JsonText(page, 2).c_str());
    return;
  }
  if (lines.empty()) {
    std::printf("%s\n", empty_note.c_str());
    return;
  }
  std::printf("%s\n", header.c_str());
  for (const auto& line : lines) std::printf("%s\n", line.c_str());
  if (!next.empty()) std::printf("More rows follow: add --after %s\n", next.c_str());
}

}  // namespace relic::lms_cli
