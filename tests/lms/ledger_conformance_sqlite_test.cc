// SPDX-License-Identifier: Apache-2.0
// The ledger conformance suite on the embedded SQLite backend.
#include <sqlite3.h>

#include "ledger_conformance.h"
#include "lms/sqlite_ledger.h"

namespace relic::lms::conformance {
namespace {

class SqliteBackend {
 public:
  Status SetUp() { return Status::Ok(); }
  Result<std::unique_ptr<Ledger>> Open() {
    RELIC_ASSIGN_OR_RETURN(auto ledger, SqliteLedger::Open(Env::Default(), dir_.path()));
    return std::unique_ptr<Ledger>(std::move(ledger));
  }
  Result<int> Migrate() { return SqliteLedger::Migrate(Env::Default(), dir_.path()); }
  // Through the plain SQLite library, as another program would.
  Status Exec(const std::string& sql) {
    sqlite3* db = nullptr;
    const std::string path = dir_.Join("ledger.db");
    int rc = sqlite3_open(path.c_str(), &db);
    if (rc == SQLITE_OK) {
      sqlite3_busy_timeout(db, 5000);
      rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    }
    std::string error = sqlite3_errmsg(db);
    sqlite3_close(db);
    if (rc != SQLITE_OK) return Status(Code::kIoError, sql + ": " + error);
    return Status::Ok();
  }
  std::string Where() const { return dir_.Join("ledger.db"); }
  std::string NotALedgerMessage() const {
    return Where() +
           " is an SQLite database but not a relic ledger (it has other tables); point relic-lms "
           "at its own ledger";
  }

 private:
  relic::testing::TempDir dir_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, LedgerConformanceTest, SqliteBackend);

}  // namespace
}  // namespace relic::lms::conformance
