// SPDX-License-Identifier: Apache-2.0
// The ledger in PostgreSQL, shared by any number of service nodes.
//
// Each batch decision is one transaction. By default it runs at READ
// COMMITTED and first takes an advisory lock per license of the batch
// (pg_advisory_xact_lock, in ascending order, in one statement), then reads
// and writes: concurrent batches that share licenses queue on the locks and
// each reads what the one before committed, so limits hold, and none is
// aborted. At SERIALIZABLE (LedgerOpenOptions::serializable) the same
// limits hold, but batches that share licenses (every restore of one
// backup set) abort each other with serialization failures and must be
// rerun; under the contention of many restores of one set that wastes most
// of the work. Either way a serialization failure or deadlock (SQLSTATE
// 40001, 40P01) reruns the decision from the start, a bounded number of
// times, so the code is also correct on engines that run everything at
// SERIALIZABLE. Row locks (SELECT ... FOR UPDATE) would not do: a license's
// first restore has no row to lock yet. See docs/lms.md and
// docs/lms-scaling.md.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "lms/ledger.h"
#include "lms/ledger_open.h"
#include "lms/pg_pool.h"

namespace relic::lms {

class PostgresLedger final : public Ledger {
 public:
  // Connects once to check the schema. Errors: those of
  // PgConnection::Connect, kNotInitialized (an older schema or none: run
  // `relic-lms migrate`), kUnsupportedVersion (newer), kCorrupt (a
  // database that is not a relic ledger).
  static Result<std::unique_ptr<PostgresLedger>> Open(const LedgerLocation& location,
                                                      const LedgerOpenOptions& options);
  // Applies the migrations the database lacks, under an advisory lock so
  // that nodes starting together take turns; returns how many it applied.
  static Result<int> Migrate(const LedgerLocation& location, const LedgerOpenOptions& options);

  Result<bool> UseChallenge(const std::array<uint8_t, 32>& challenge, int64_t expires_at,
                            int64_t now) override;
  Status Transact(const std::function<Status(LedgerTransaction&)>& decide, bool commit) override;
  Result<AuditRecord> Release(const AuditRecord& audit) override;
  Status ForEachPlacement(const std::function<void(const Placement&)>& visit) override;
  Status Ping() override;
  Status ExportRows(const std::function<Status(const LedgerRow&)>& visit) override;
  Result<ImportCounts> ImportRows(const std::function<Result<bool>(LedgerRow*)>& next) override;
  // In postgres_ledger_queries.cc.
  Result<LedgerPage<Placement>> FindPlacements(const LedgerQuery& query) override;
  Result<LedgerPage<RefusalRecord>> FindRefusals(const LedgerQuery& query) override;
  Result<LedgerPage<AuditRecord>> FindAudit(const LedgerQuery& query) override;
  Result<LedgerActivity> Activity(int64_t since, int64_t until) override;

  // For tests: the next `n` decisions fail once with a real serialization
  // failure raised by the server just before COMMIT, as a concurrent
  // transaction would cause.
  void InjectSerializationFailures(int n) { injected_failures_ = n; }
  // Decisions rerun after a serialization failure or deadlock, since start.
  uint64_t retries() const { return retries_.load(); }

 private:
  PostgresLedger(const LedgerLocation& location, const LedgerOpenOptions& options);
  // Runs `body` on a pooled connection, and (if `may_rerun`: `body` has no
  // effect outside the database) once more on a fresh connection if a
  // pooled one turns out to have died while idle.
  Status WithConnection(const std::function<Status(PgConnection&)>& body, bool may_rerun = true);

  LedgerOpenOptions options_;
  PgPool pool_;
  std::atomic<int> injected_failures_{0};
  std::atomic<uint64_t> retries_{0};
};

}  // namespace relic::lms
