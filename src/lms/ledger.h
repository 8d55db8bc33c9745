// SPDX-License-Identifier: Apache-2.0
// The LMS's ledger: which licenses live on which machines, and the
// challenges it has handed out. An interface with two backends: the
// embedded SQLite one (sqlite_ledger.h) and PostgreSQL (postgres_ledger.h),
// which several service nodes share. Batch-shaped, because on a networked
// database every call is a round trip: a batch's decision reads every
// placement of its licenses at once and writes its new ones at once.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "lms/ledger_records.h"
#include "relic/env.h"
#include "relic/ids.h"
#include "relic/status.h"

namespace relic::lms {

struct Placement {
  LicenseId license_id;
  Kid kid;
  std::string machine_id;
  int64_t granted_at = 0;
  bool source = false;  // the machine the backup came from
  bool operator==(const Placement&) const = default;
};

// One cell of a ledger table, as export-ledger and import-ledger move it.
using LedgerValue = std::variant<int64_t, std::string, Bytes>;
struct LedgerRow {
  std::string table;                // one of LedgerTables() (ledger_schema.h)
  std::vector<LedgerValue> values;  // in the table's column order
};

struct ImportCounts {
  uint64_t read = 0;      // rows in the input
  uint64_t inserted = 0;  // rows the ledger did not hold yet
};

// What a policy decision may read and write, inside one transaction.
class LedgerTransaction {
 public:
  virtual ~LedgerTransaction() = default;
  // Every placement of each license, oldest first: (*out)[i] for
  // licenses[i]. One read for the whole batch; it gives the policy both the
  // machines a license is on and when each was added, so a decision needs
  // nothing else however many limits the policy checks.
  virtual Status PlacementsOf(const std::vector<LicenseId>& licenses,
                              std::vector<std::vector<Placement>>* out) = 0;
  // Adds placements in one write. A (license, machine) already present is
  // left as it is, so a retried request uses up nothing.
  virtual Status AddPlacements(const std::vector<Placement>& placements) = 0;
  // Records refused licenses in one write, then applies the retention:
  // refusals older than `retention.days` before the newest one's
  // refused_at, and the oldest beyond `retention.rows`, are deleted. A dry
  // run's transaction rolls back, so it records nothing.
  virtual Status AddRefusals(const std::vector<RefusalRecord>& refusals,
                             const RefusalRetention& retention) = 0;
};

class Ledger {
 public:
  virtual ~Ledger() = default;

  // Uses a challenge up: true the first time, false ever after, on every
  // node sharing the ledger. Challenges are checkable on their own (the
  // Authority MACs them), so the ledger holds only used ones, each until
  // `expires_at`; rows expired at `now` go on every call, so the table
  // holds at most the challenges used within one lifetime.
  virtual Result<bool> UseChallenge(const std::array<uint8_t, 32>& challenge, int64_t expires_at,
                                    int64_t now) = 0;

  // Runs `decide` in one serializable transaction and commits it if it
  // succeeds and `commit` is true (a dry run passes false). A backend may
  // run `decide` more than once (a serialization failure is retried from
  // the start), so `decide` must build its outcome afresh on every run: only
  // the last run's outcome was committed. Concurrent callers are
  // serialised, so limits hold under any load.
  virtual Status Transact(const std::function<Status(LedgerTransaction&)>& decide, bool commit) = 0;

  // Frees a machine's slot for a license (an operator's decision) and
  // records `audit` (its license and machine are the released ones) in the
  // same transaction. kNotFound, and nothing recorded, if there is no such
  // placement. Returns the audit record as stored (its id set).
  virtual Result<AuditRecord> Release(const AuditRecord& audit) = 0;
  virtual Status ForEachPlacement(const std::function<void(const Placement&)>& visit) = 0;

  // Whether the ledger answers now (GET /readyz). Errors: kServiceUnavailable.
  virtual Status Ping() = 0;

  // Every row of every table in LedgerTables(), table by table in a stable
  // order, from one consistent snapshot.
  virtual Status ExportRows(const std::function<Status(const LedgerRow&)>& visit) = 0;
  // Inserts rows from `next` (which returns false at the end) in one
  // transaction; a row whose key the ledger already holds is skipped, so an
  // import repeated after a failure duplicates nothing.
  virtual Result<ImportCounts> ImportRows(const std::function<Result<bool>(LedgerRow*)>& next) = 0;

  // Filtered, paged reads (ledger_records.h), each answered from an index.
  // kInvalidArgument for a bad cursor or limit.
  virtual Result<LedgerPage<Placement>> FindPlacements(const LedgerQuery& query) = 0;
  virtual Result<LedgerPage<RefusalRecord>> FindRefusals(const LedgerQuery& query) = 0;
  virtual Result<LedgerPage<AuditRecord>> FindAudit(const LedgerQuery& query) = 0;
  // Grants (placements of machines other than the source) and refusals per
  // hour in [since, until), refusal reasons in that window, and row counts.
  virtual Result<LedgerActivity> Activity(int64_t since, int64_t until) = 0;
};

}  // namespace relic::lms
