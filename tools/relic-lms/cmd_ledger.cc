// SPDX-License-Identifier: Apache-2.0
// relic-lms ledger --home DIR [--license ID] [--kid KID] [--machine ID]
//                  [--since TIME] [--limit N] [--after CURSOR] [--json]
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

Status RunLedger(const QueryOptions& options) {
  if (!options.database.home.empty()) {
    RELIC_RETURN_IF_ERROR(RefuseRootOnForeignHome(options.database.home, "ledger"));
  }
  RELIC_ASSIGN_OR_RETURN(lms::LedgerQuery query, ToLedgerQuery(options));
  RELIC_ASSIGN_OR_RETURN(auto ledger, OpenCommandLedger(options.database));
  RELIC_ASSIGN_OR_RETURN(auto page, ledger->FindPlacements(query));
  Json rows = Json::array();
  std::vector<std::string> lines;
  for (const auto& p : page.rows) {
    rows.push_back(Json{{"license_id", p.license_id.ToString()},
                        {"kid", p.kid.ToString()},
                        {"machine_id", p.machine_id},
                        {"granted_at", FormatRfc3339(p.granted_at)},
                        {"source", p.source}});
    lines.push_back(fmt::format("{:<32}  {:<24}  {:<32}  {:<20}  {}", p.license_id.ToString(),
                                p.kid.ToString(), p.machine_id, FormatRfc3339(p.granted_at),
                                p.source ? "yes" : "no"));
  }
  PrintPage(options, rows, page.next,
            fmt::format("{:<32}  {:<24}  {:<32}  {:<20}  {}", "LICENSE ID", "KID", "MACHINE ID",
                        "GRANTED", "SOURCE"),
            lines,
            options.after.empty() ? std::string("No placement in the ledger matches.")
                                  : "No more placements.");
  return Status::Ok();
}

}  // namespace

void RegisterLedgerCommand(CLI::App& app, Commands& commands) {
  auto options = std::make_shared<QueryOptions>();
  CLI::App* ledger = app.add_subcommand(
      "ledger", "list placements (which license the service let onto which machine), oldest first");
  AddQueryOptions(*ledger, *options, /*reference=*/false);
  ledger->callback([&commands, options] {
    commands.action = [options] { return Finish(RunLedger(*options)); };
  });
}

}  // namespace relic::lms_cli
