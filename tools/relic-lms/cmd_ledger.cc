// SPDX-License-Identifier: Apache-2.0
// relic-lms ledger [--database URL] [--home DIR] [--json]
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli.h"
#include "database_option.h"
#include "home_owner.h"
#include "output.h"
#include "relic/rights.h"

namespace relic::lms_cli {
namespace {

struct LedgerOptions {
  DatabaseOptions database;
  bool json = false;
};

Status RunLedger(const LedgerOptions& options) {
  if (!options.database.home.empty()) {
    RELIC_RETURN_IF_ERROR(RefuseRootOnForeignHome(options.database.home, "ledger"));
  }
  RELIC_ASSIGN_OR_RETURN(auto ledger, OpenCommandLedger(options.database));
  bool first = true;
  RELIC_RETURN_IF_ERROR(ledger->ForEachPlacement([&](const lms::Placement& p) {
    if (options.json) {
      Json entry{{"license_id", p.license_id.ToString()},
                 {"kid", p.kid.ToString()},
                 {"machine_id", p.machine_id},
                 {"granted_at", FormatRfc3339(p.granted_at)},
                 {"source", p.source}};
      std::string text = JsonText(entry, 2);
      std::string indented = "  ";
      for (char c : text) {
        indented += c;
        if (c == '\n') indented += "  ";
      }
      std::printf("%s%s", first ? "[\n" : ",\n", indented.c_str());
    } else {
      if (first) {
        std::printf("%-32s  %-24s  %-32s  %-20s  %s\n", "LICENSE ID", "KID", "MACHINE ID",
                    "GRANTED", "SOURCE");
      }
      std::printf("%-32s  %-24s  %-32s  %-20s  %s\n", p.license_id.ToString().c_str(),
                  p.kid.ToString().c_str(), p.machine_id.c_str(),
                  FormatRfc3339(p.granted_at).c_str(), p.source ? "yes" : "no");
    }
    first = false;
  }));
  if (options.json) {
    std::printf("%s", first ? "[]\n" : "\n]\n");
  } else if (first) {
    const std::string where = options.database.url == "sqlite:"
                                  ? options.database.home
                                  : lms::RedactPasswords(options.database.url);
    std::printf("The ledger in %s is empty: no license has been restored yet.\n", where.c_str());
  }
  return Status::Ok();
}

}  // namespace

void RegisterLedgerCommand(CLI::App& app, Commands& commands) {
  auto options = std::make_shared<LedgerOptions>();
  CLI::App* ledger = app.add_subcommand(
      "ledger", "list every placement: which license the service let onto which machine");
  AddDatabaseOptions(ledger, &options->database, /*home_required=*/false);
  ledger->add_flag("--json", options->json,
                   "print a JSON array of {license_id, kid, machine_id, granted_at, source}");
  ledger->callback([&commands, options] {
    commands.action = [options] { return Finish(RunLedger(*options)); };
  });
}

}  // namespace relic::lms_cli
