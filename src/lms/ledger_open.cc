// SPDX-License-Identifier: Apache-2.0
#include "lms/ledger_open.h"

#include "lms/sqlite_ledger.h"

namespace relic::lms {
namespace {

Status NoPostgresql(const LedgerLocation& location) {
  return Status(Code::kInvalidArgument, "this relic-lms cannot use the PostgreSQL ledger " +
                                            location.display + " yet; use --database sqlite:");
}

}  // namespace

Result<std::unique_ptr<Ledger>> OpenLedger(Env* env, const LedgerLocation& location,
                                           const std::string& home,
                                           const LedgerOpenOptions& options) {
  (void)options;
  if (location.kind == LedgerLocation::Kind::kPostgresql) return NoPostgresql(location);
  RELIC_ASSIGN_OR_RETURN(auto ledger, SqliteLedger::Open(env, home));
  return std::unique_ptr<Ledger>(std::move(ledger));
}

Result<int> MigrateLedger(Env* env, const LedgerLocation& location, const std::string& home) {
  if (location.kind == LedgerLocation::Kind::kPostgresql) return NoPostgresql(location);
  return SqliteLedger::Migrate(env, home);
}

}  // namespace relic::lms
