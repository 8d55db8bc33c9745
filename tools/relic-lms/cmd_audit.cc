// SPDX-License-Identifier: Apache-2.0
// relic-lms audit --home DIR [--license ID] [--machine ID] [--since TIME]
//                 [--limit N] [--after CURSOR] [--json]
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

Json AuditJson(const lms::AuditRecord& a) {
  return Json{{"id", a.id},
              {"at", FormatRfc3339(a.at)},
              {"operator", a.operator_name},
              {"action", a.action},
              {"license_id", a.license_id.ToString()},
              {"machine_id", a.machine_id},
              {"reason", a.reason},
              {"request_id", a.request_id}};
}

namespace {

Status RunAudit(const QueryOptions& options) {
  if (!options.database.home.empty()) {
    RELIC_RETURN_IF_ERROR(RefuseRootOnForeignHome(options.database.home, "audit"));
  }
  RELIC_ASSIGN_OR_RETURN(lms::LedgerQuery query, ToLedgerQuery(options));
  RELIC_ASSIGN_OR_RETURN(auto ledger, OpenCommandLedger(options.database));
  RELIC_ASSIGN_OR_RETURN(auto page, ledger->FindAudit(query));
  Json rows = Json::array();
  std::vector<std::string> lines;
  for (const auto& a : page.rows) {
    rows.push_back(AuditJson(a));
    lines.push_back(fmt::format("{:<20}  {:<16}  {:<8}  {:<32}  {:<32}  {}", FormatRfc3339(a.at),
                                a.operator_name, a.action, a.license_id.ToString(), a.machine_id,
                                a.reason));
  }
  PrintPage(options, rows, page.next,
            fmt::format("{:<20}  {:<16}  {:<8}  {:<32}  {:<32}  {}", "AT", "OPERATOR", "ACTION",
                        "LICENSE ID", "MACHINE ID", "REASON"),
            lines,
            options.after.empty() ? std::string("No audit record in the ledger matches.")
                                  : "No more audit records.");
  return Status::Ok();
}

}  // namespace

void RegisterAuditCommand(CLI::App& app, Commands& commands) {
  auto options = std::make_shared<QueryOptions>();
  CLI::App* audit = app.add_subcommand(
      "audit", "list operators' releases (who freed which machine, when and why), oldest first");
  AddQueryOptions(*audit, *options, /*reference=*/false);
  audit->callback(
      [&commands, options] { commands.action = [options] { return Finish(RunAudit(*options)); }; });
}

}  // namespace relic::lms_cli
