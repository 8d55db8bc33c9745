// SPDX-License-Identifier: Apache-2.0
#include "lms/ledger_open.h"

#include "lms/postgres_ledger.h"
#include "lms/sqlite_ledger.h"

namespace relic::lms {

Result<std::unique_ptr<Ledger>> OpenLedger(Env* env, const LedgerLocation& location,
                                           const std::string& home,
                                           const LedgerOpenOptions& options) {
  if (location.kind == LedgerLocation::Kind::kPostgresql) {
    RELIC_ASSIGN_OR_RETURN(auto ledger, PostgresLedger::Open(location, options));
    return std::unique_ptr<Ledger>(std::move(ledger));
  }
  RELIC_ASSIGN_OR_RETURN(auto ledger, SqliteLedger::Open(env, home));
  return std::unique_ptr<Ledger>(std::move(ledger));
}

Result<int> MigrateLedger(Env* env, const LedgerLocation& location, const std::string& home) {
  if (location.kind == LedgerLocation::Kind::kPostgresql) {
    return PostgresLedger::Migrate(location, LedgerOpenOptions{});
  }
  return SqliteLedger::Migrate(env, home);
}

}  // namespace relic::lms
