// SPDX-License-Identifier: Apache-2.0
// The ledger in an embedded SQLite database in the LMS's home (ledger.db).
// One connection behind a mutex: the service's request threads take turns,
// which makes every decision serializable without busy retries.
#pragma once

#include <memory>
#include <string>

#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "env/sqlite_vfs.h"
#include "lms/ledger.h"
#include "store/sqlite_db.h"

namespace relic::lms {

class SqliteLedger final : public Ledger {
 public:
  // Opens DIR/ledger.db, creating it at the latest schema if it does not
  // exist. Errors: kNotInitialized for an older schema (run `relic-lms
  // migrate`), kUnsupportedVersion for a newer one, kCorrupt for a file
  // that is not a relic ledger.
  static Result<std::unique_ptr<SqliteLedger>> Open(Env* env, const std::string& home);
  // Brings DIR/ledger.db to the latest schema; returns how many migrations
  // it applied. Two processes migrating at once take turns (BEGIN
  // IMMEDIATE), and the second finds nothing left to do.
  static Result<int> Migrate(Env* env, const std::string& home);
  ~SqliteLedger() override;

  Result<bool> UseChallenge(const std::array<uint8_t, 32>& challenge, int64_t expires_at,
                            int64_t now) override;
  Status Transact(const std::function<Status(LedgerTransaction&)>& decide, bool commit) override;
  Result<AuditRecord> Release(const AuditRecord& audit) override;
  Status ForEachPlacement(const std::function<void(const Placement&)>& visit) override;
  Status Ping() override;
  Status ExportRows(const std::function<Status(const LedgerRow&)>& visit) override;
  Result<ImportCounts> ImportRows(const std::function<Result<bool>(LedgerRow*)>& next) override;
  // In sqlite_ledger_queries.cc.
  Result<LedgerPage<Placement>> FindPlacements(const LedgerQuery& query) override;
  Result<LedgerPage<RefusalRecord>> FindRefusals(const LedgerQuery& query) override;
  Result<LedgerPage<AuditRecord>> FindAudit(const LedgerQuery& query) override;
  Result<LedgerActivity> Activity(int64_t since, int64_t until) override;

 private:
  SqliteLedger(std::unique_ptr<SqliteVfs> vfs, std::unique_ptr<Db> db)
      : vfs_(std::move(vfs)), db_(std::move(db)) {}
  Mutex mu_;
  std::unique_ptr<SqliteVfs> vfs_;  // outlives the connection
  std::unique_ptr<Db> db_ GUARDED_BY(mu_);
};

}  // namespace relic::lms
