// SPDX-License-Identifier: Apache-2.0
// The ledger conformance suite on PostgreSQL: one fresh database per test
// in the ctest run's throwaway cluster.
#include "ledger_conformance.h"
#include "lms/postgres_ledger.h"
#include "pg_test_cluster.h"

namespace relic::lms::conformance {
namespace {

using relic::testing::PgTestCluster;
using relic::testing::PgTestDatabase;

class PostgresBackend {
 public:
  Status SetUp() {
    const PgTestCluster* cluster = relic::testing::RequirePgCluster();
    if (cluster == nullptr) return Status(Code::kNotFound, PgTestCluster::WhyMissing());
    database_ = std::make_unique<PgTestDatabase>(*cluster);
    RELIC_RETURN_IF_ERROR(database_->status());
    RELIC_ASSIGN_OR_RETURN(location_, ParseLedgerUrl(database_->url(), PasswordPolicy::kRefuse));
    return Status::Ok();
  }
  Result<std::unique_ptr<Ledger>> Open() {
    RELIC_ASSIGN_OR_RETURN(auto ledger, PostgresLedger::Open(location_, {}));
    return std::unique_ptr<Ledger>(std::move(ledger));
  }
  Result<int> Migrate() { return PostgresLedger::Migrate(location_, {}); }
  Status Exec(const std::string& sql) { return database_->Exec(sql); }
  std::string Where() const { return location_.display; }
  std::string NotALedgerMessage() const {
    return "the database at " + Where() +
           " is not a relic ledger (it has tables, none of them a ledger's); point --database at "
           "a database of its own, created empty for the ledger";
  }

 private:
  std::unique_ptr<PgTestDatabase> database_;
  LedgerLocation location_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, LedgerConformanceTest, PostgresBackend);

}  // namespace
}  // namespace relic::lms::conformance
