// SPDX-License-Identifier: Apache-2.0
// relic-lms refusals --home DIR [--reference REF] [--license ID] [--kid KID]
//                    [--machine ID] [--since TIME] [--limit N] [--after CURSOR] [--json]
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli.h"
#include "home_owner.h"
#include "output.h"
#include "query_options.h"
#include "relic/rights.h"

namespace relic::lms_cli {
namespace {

Status RunRefusals(const QueryOptions& options) {
  if (!options.database.home.empty()) {
    RELIC_RETURN_IF_ERROR(RefuseRootOnForeignHome(options.database.home, "refusals"));
  }
  RELIC_ASSIGN_OR_RETURN(lms::LedgerQuery query, ToLedgerQuery(options));
  RELIC_ASSIGN_OR_RETURN(auto ledger, OpenCommandLedger(options.database));
  RELIC_ASSIGN_OR_RETURN(auto page, ledger->FindRefusals(query));
  Json rows = Json::array();
  std::vector<std::string> lines;
  for (const auto& r : page.rows) {
    rows.push_back(Json{{"reference", r.reference},
                        {"license_id", r.license_id.ToString()},
                        {"kid", r.kid.ToString()},
                        {"machine_id", r.machine_id},
                        {"reason", r.reason},
                        {"refused_at", FormatRfc3339(r.refused_at)},
                        {"request_id", r.request_id}});
    lines.push_back(fmt::format("{:<20}  {:<32}  {:<32}  {:<13}  {:<20}  {}", r.reference,
                                r.license_id.ToString(), r.machine_id, r.reason,
                                FormatRfc3339(r.refused_at), r.request_id));
  }
  PrintPage(options, rows, page.next,
            fmt::format("{:<20}  {:<32}  {:<32}  {:<13}  {:<20}  {}", "REFERENCE", "LICENSE ID",
                        "MACHINE ID", "REASON", "REFUSED", "REQUEST"),
            lines,
            options.after.empty() ? std::string("No refusal in the ledger matches.")
                                  : "No more refusals.");
  return Status::Ok();
}

}  // namespace

void RegisterRefusalsCommand(CLI::App& app, Commands& commands) {
  auto options = std::make_shared<QueryOptions>();
  CLI::App* refusals = app.add_subcommand(
      "refusals",
      "list licenses refused by a restore limit (kept as the policy says), oldest first");
  AddQueryOptions(*refusals, *options, /*reference=*/true);
  refusals->callback([&commands, options] {
    commands.action = [options] { return Finish(RunRefusals(*options)); };
  });
}

}  // namespace relic::lms_cli
