// SPDX-License-Identifier: Apache-2.0
#include "database_option.h"

#include <CLI/CLI.hpp>

#include "lms/lms_identity.h"

namespace relic::lms_cli {

void AddDatabaseOptions(CLI::App* command, DatabaseOptions* options, bool home_required) {
  auto* home =
      command->add_option("--home", options->home, "the service's home directory (relic-lms init)");
  if (home_required) home->required();
  command
      ->add_option("--database", options->url,
                   "the ledger: sqlite: (DIR/ledger.db in the home) or "
                   "postgresql://[user@][host][:port][/dbname][?param=value...]; no password "
                   "here: use PGPASSFILE or ~/.pgpass")
      ->type_name("URL")
      ->capture_default_str();
}

Result<lms::LedgerLocation> ResolveDatabase(const DatabaseOptions& options) {
  RELIC_ASSIGN_OR_RETURN(lms::LedgerLocation location,
                         lms::ParseLedgerUrl(options.url, lms::PasswordPolicy::kRefuse));
  if (location.kind == lms::LedgerLocation::Kind::kSqlite) {
    if (options.home.empty()) {
      return Status(Code::kInvalidArgument,
                    "--database sqlite: is the ledger in the service's home: give --home DIR");
    }
    // Opening the keys proves DIR is a service's home; the ledger alone
    // would be created anywhere.
    RELIC_RETURN_IF_ERROR(lms::OpenLmsIdentity(Env::Default(), options.home).status());
  }
  return location;
}

Result<std::unique_ptr<lms::Ledger>> OpenCommandLedger(const DatabaseOptions& options,
                                                       const lms::LedgerOpenOptions& open) {
  RELIC_ASSIGN_OR_RETURN(lms::LedgerLocation location, ResolveDatabase(options));
  return lms::OpenLedger(Env::Default(), location, options.home, open);
}

}  // namespace relic::lms_cli
