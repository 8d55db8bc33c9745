// SPDX-License-Identifier: Apache-2.0
// relic-lms migrate [--database URL] [--home DIR]
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli.h"
#include "database_option.h"
#include "lms/ledger_schema.h"
#include "output.h"

namespace relic::lms_cli {
namespace {

Status RunMigrate(const DatabaseOptions& options) {
  RELIC_ASSIGN_OR_RETURN(lms::LedgerLocation location, ResolveDatabase(options));
  RELIC_ASSIGN_OR_RETURN(int applied, lms::MigrateLedger(Env::Default(), location, options.home));
  const std::string where = location.kind == lms::LedgerLocation::Kind::kSqlite
                                ? options.home + "/ledger.db"
                                : location.display;
  if (applied == 0) {
    std::printf("The ledger in %s is at schema version %d already: nothing to do.\n", where.c_str(),
                lms::LatestLedgerSchemaVersion());
  } else {
    std::printf("Migrated the ledger in %s to schema version %d (%d migration%s applied).\n",
                where.c_str(), lms::LatestLedgerSchemaVersion(), applied, applied == 1 ? "" : "s");
  }
  return Status::Ok();
}

}  // namespace

void RegisterMigrateCommand(CLI::App& app, Commands& commands) {
  auto options = std::make_shared<DatabaseOptions>();
  CLI::App* migrate = app.add_subcommand(
      "migrate", "bring the ledger's schema to this version's (safe to run from several nodes)");
  AddDatabaseOptions(migrate, options.get(), /*home_required=*/false);
  migrate->callback([&commands, options] {
    commands.action = [options] { return Finish(RunMigrate(*options)); };
  });
}

}  // namespace relic::lms_cli
