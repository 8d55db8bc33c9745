// SPDX-License-Identifier: Apache-2.0
#include "lms/postgres_ledger.h"

#include <cstdio>
#include <map>
#include <random>
#include <thread>

#include "lms/ledger_schema.h"

namespace relic::lms {
namespace {

// Any constant: nodes migrating the same database take this advisory lock.
constexpr int64_t kMigrationLock = 0x72656c69634c4d53;  // "relicLMS"

constexpr const char* kMigrateHint = "relic-lms migrate --database URL";

// Appends piece by piece: GCC 12 at -O2 misreads a chained operator+ on
// strings as an overlapping memcpy (-Wrestrict).
std::string IntArrayLiteral(const std::vector<int64_t>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.append(std::to_string(items[i]));
  }
  out.push_back('}');
  return out;
}

Status ReadPlacement(const PgResult& r, int row, Placement* p) {
  auto id = r.Bytea(row, 0);
  auto kid = r.Bytea(row, 2);
  if (!id || !kid || id->size() != p->license_id.bytes.size() ||
      kid->size() != p->kid.bytes.size()) {
    return Status(Code::kCorrupt, "the ledger holds a malformed placement");
  }
  std::copy(id->begin(), id->end(), p->license_id.bytes.begin());
  std::copy(kid->begin(), kid->end(), p->kid.bytes.begin());
  p->machine_id = r.Text(row, 1);
  p->granted_at = r.Int(row, 3);
  p->source = r.Int(row, 4) != 0;
  return Status::Ok();
}

class PgLedgerTransaction final : public LedgerTransaction {
 public:
  PgLedgerTransaction(PgConnection& c, bool lock) : c_(c), lock_(lock) {}

  Status PlacementsOf(const std::vector<LicenseId>& licenses,
                      std::vector<std::vector<Placement>>* out) override {
    out->assign(licenses.size(), {});
    if (licenses.empty()) return Status::Ok();
    std::map<LicenseId, std::vector<size_t>> wanted;
    std::vector<std::string> ids;
    for (size_t i = 0; i < licenses.size(); ++i) {
      auto& slots = wanted[licenses[i]];
      if (slots.empty()) ids.push_back(ByteaText(licenses[i].bytes));
      slots.push_back(i);
    }
    if (lock_) {
      // One lock per license (its first 8 bytes: license IDs are random),
      // taken in ascending order so that two batches sharing licenses
      // queue rather than deadlock; held until COMMIT or ROLLBACK.
      RELIC_RETURN_IF_ERROR(c_.Exec("SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT DISTINCT "
                                    "('x' || encode(substr(l, 1, 8), 'hex'))::bit(64)::bigint AS k "
                                    "FROM unnest($1::bytea[]) AS l ORDER BY k) AS keys",
                                    {TextArrayLiteral(ids)})
                                .status());
    }
    RELIC_ASSIGN_OR_RETURN(
        PgResult r,
        c_.Exec("SELECT license_id, machine_id, kid, granted_at, source FROM placements "
                "WHERE license_id = ANY($1::bytea[]) ORDER BY license_id, granted_at, machine_id",
                {TextArrayLiteral(ids)}));
    for (int row = 0; row < r.rows(); ++row) {
      Placement p;
      RELIC_RETURN_IF_ERROR(ReadPlacement(r, row, &p));
      auto it = wanted.find(p.license_id);
      if (it == wanted.end()) return Status(Code::kCorrupt, "the ledger answered another license");
      for (size_t index : it->second) (*out)[index].push_back(p);
    }
    return Status::Ok();
  }

  Status AddRefusals(const std::vector<RefusalRecord>& refusals,
                     const RefusalRetention& retention) override {
    if (refusals.empty()) return Status::Ok();
    std::vector<std::string> references, ids, kids, machines, reasons, request_ids;
    std::vector<int64_t> times;
    int64_t newest = refusals.front().refused_at;
    for (const auto& r : refusals) {
      references.push_back(r.reference);
      ids.push_back(ByteaText(r.license_id.bytes));
      kids.push_back(ByteaText(r.kid.bytes));
      machines.push_back(r.machine_id);
      reasons.push_back(r.reason);
      times.push_back(r.refused_at);
      request_ids.push_back(r.request_id);
      newest = std::max(newest, r.refused_at);
    }
    RELIC_RETURN_IF_ERROR(
        c_.Exec("INSERT INTO refusals(reference, license_id, kid, machine_id, reason, refused_at, "
                "request_id) SELECT * FROM unnest($1::text[], $2::bytea[], $3::bytea[], "
                "$4::text[], $5::text[], $6::bigint[], $7::text[])",
                {TextArrayLiteral(references), TextArrayLiteral(ids), TextArrayLiteral(kids),
                 TextArrayLiteral(machines), TextArrayLiteral(reasons), IntArrayLiteral(times),
                 TextArrayLiteral(request_ids)})
            .status());
    // Both deletions in one statement: one round trip more, not two.
    return c_
        .Exec(
            "DELETE FROM refusals WHERE refused_at < $1 OR id <= (SELECT max(id) FROM refusals) - "
            "$2",
            {std::to_string(newest - int64_t{retention.days} * 24 * 60 * 60),
             std::to_string(retention.rows)})
        .status();
  }

  Status AddPlacements(const std::vector<Placement>& placements) override {
    if (placements.empty()) return Status::Ok();
    std::vector<std::string> ids, machines, kids;
    std::vector<int64_t> times, sources;
    for (const auto& p : placements) {
      ids.push_back(ByteaText(p.license_id.bytes));
      machines.push_back(p.machine_id);
      kids.push_back(ByteaText(p.kid.bytes));
      times.push_back(p.granted_at);
      sources.push_back(p.source ? 1 : 0);
    }
    return c_
        .Exec(
            "INSERT INTO placements(license_id, machine_id, kid, granted_at, source) "
            "SELECT * FROM unnest($1::bytea[], $2::text[], $3::bytea[], $4::bigint[], "
            "$5::bigint[]) ON CONFLICT (license_id, machine_id) DO NOTHING",
            {TextArrayLiteral(ids), TextArrayLiteral(machines), TextArrayLiteral(kids),
             IntArrayLiteral(times), IntArrayLiteral(sources)})
        .status();
  }

 private:
  PgConnection& c_;
  bool lock_;
};

// The schema version, inside the caller's transaction: 0 for an empty
// database.
Result<int> SchemaVersion(PgConnection& c, const std::string& where) {
  RELIC_ASSIGN_OR_RETURN(PgResult exists, c.Exec(std::string("SELECT to_regclass('") +
                                                 kSchemaTable + "') IS NOT NULL"));
  if (exists.Text(0, 0) == "t") {
    RELIC_ASSIGN_OR_RETURN(
        PgResult v, c.Exec(std::string("SELECT coalesce(max(version), 0) FROM ") + kSchemaTable));
    return static_cast<int>(v.Int(0, 0));
  }
  RELIC_ASSIGN_OR_RETURN(
      PgResult tables,
      c.Exec("SELECT count(*) FROM pg_catalog.pg_class k JOIN pg_catalog.pg_namespace n "
             "ON n.oid = k.relnamespace WHERE n.nspname = current_schema() "
             "AND k.relkind IN ('r', 'p', 'v', 'm')"));
  if (tables.Int(0, 0) > 0) {
    return Status(Code::kCorrupt,
                  "the database at " + where +
                      " is not a relic ledger (it has tables, none of them a ledger's); point "
                      "--database at a database of its own, created empty for the ledger");
  }
  return 0;
}

void Backoff(int attempt) {
  thread_local std::minstd_rand random(std::random_device{}());
  const int ceiling = std::min(100, 1 << std::min(attempt, 7));
  std::uniform_int_distribution<int> ms(ceiling / 2, ceiling);
  std::this_thread::sleep_for(std::chrono::milliseconds(ms(random)));
}

PgPoolOptions PoolOptions(const LedgerOpenOptions& options) {
  PgPoolOptions pool;
  pool.max_connections = options.max_connections;
  pool.acquire_timeout = options.acquire_timeout;
  pool.connect_timeout = options.connect_timeout;
  pool.statement_timeout = options.statement_timeout;
  pool.log = options.log ? options.log : [](const std::string& line) {
    std::fprintf(stderr, "%s\n", line.c_str());
    std::fflush(stderr);
  };
  return pool;
}

}  // namespace

PostgresLedger::PostgresLedger(const LedgerLocation& location, const LedgerOpenOptions& options)
    : options_(options), pool_(location.conninfo, location.display, PoolOptions(options)) {}

Result<std::unique_ptr<PostgresLedger>> PostgresLedger::Open(const LedgerLocation& location,
                                                             const LedgerOpenOptions& options) {
  std::unique_ptr<PostgresLedger> ledger(new PostgresLedger(location, options));
  RELIC_ASSIGN_OR_RETURN(auto lease, ledger->pool_.Acquire(options.connect_timeout));
  RELIC_ASSIGN_OR_RETURN(int version, SchemaVersion(*lease, location.display));
  RELIC_RETURN_IF_ERROR(CheckLedgerSchemaVersion(version, location.display, kMigrateHint));
  return ledger;
}

Result<int> PostgresLedger::Migrate(const LedgerLocation& location,
                                    const LedgerOpenOptions& options) {
  // Migrations may take long on a big ledger: no statement timeout.
  RELIC_ASSIGN_OR_RETURN(
      auto c, PgConnection::Connect(location.conninfo, location.display, options.connect_timeout,
                                    std::chrono::hours(24)));
  // DDL is transactional in PostgreSQL: every migration lands, or none.
  // The advisory lock makes a second node wait, then find nothing to do.
  RELIC_RETURN_IF_ERROR(c->Exec("BEGIN").status());
  RELIC_RETURN_IF_ERROR(
      c->Exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLock) + ")").status());
  RELIC_ASSIGN_OR_RETURN(int version, SchemaVersion(*c, location.display));
  if (version > LatestLedgerSchemaVersion()) {
    return CheckLedgerSchemaVersion(version, location.display, kMigrateHint);
  }
  RELIC_RETURN_IF_ERROR(c->Exec(std::string("CREATE TABLE IF NOT EXISTS ") + kSchemaTable +
                                "(version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL, "
                                "description TEXT NOT NULL)")
                            .status());
  int applied = 0;
  for (const auto& m : LedgerMigrations()) {
    if (m.version <= version) continue;
    RELIC_RETURN_IF_ERROR(c->Exec(m.postgresql)
                              .status()
                              .WithContext("applying migration " + std::to_string(m.version)));
    RELIC_RETURN_IF_ERROR(c->Exec(std::string("INSERT INTO ") + kSchemaTable +
                                      "(version, applied_at, description) VALUES ($1, "
                                      "extract(epoch FROM now())::bigint, $2)",
                                  {std::to_string(m.version), std::string(m.description)})
                              .status());
    ++applied;
  }
  RELIC_RETURN_IF_ERROR(c->Exec("COMMIT").status());
  return applied;
}

Status PostgresLedger::WithConnection(const std::function<Status(PgConnection&)>& body,
                                      bool may_rerun) {
  // A pooled connection may have died while idle (the server restarted):
  // the first statement finds out. Try a fresh one then, a bounded number
  // of times.
  Status last;
  for (size_t attempt = 0; attempt <= options_.max_connections; ++attempt) {
    RELIC_ASSIGN_OR_RETURN(auto lease, pool_.Acquire());
    last = body(*lease);
    if (last.code() != Code::kServiceUnavailable || !lease->broken()) return last;
    lease.Discard();
    if (attempt > 0 || !may_rerun) break;  // a fresh connection failed too: the server is gone
  }
  pool_.NoteLost(last);
  return last;
}

Result<bool> PostgresLedger::UseChallenge(const std::array<uint8_t, 32>& challenge,
                                          int64_t expires_at, int64_t now) {
  bool fresh = false;
  Status used = WithConnection([&](PgConnection& c) -> Status {
    RELIC_RETURN_IF_ERROR(
        c.Exec("DELETE FROM challenges WHERE expires_at < $1", {std::to_string(now)}).status());
    // The primary key makes the insert the one atomic test across nodes.
    RELIC_ASSIGN_OR_RETURN(
        PgResult r, c.Exec("INSERT INTO challenges(challenge, expires_at) VALUES ($1::bytea, $2) "
                           "ON CONFLICT (challenge) DO NOTHING RETURNING 1",
                           {ByteaText(challenge), std::to_string(expires_at)}));
    fresh = r.rows() == 1;
    return Status::Ok();
  });
  if (!used.ok()) return used;
  return fresh;
}

Status PostgresLedger::Transact(const std::function<Status(LedgerTransaction&)>& decide,
                                bool commit) {
  const int attempts = std::max(1, options_.max_attempts);
  Status outcome;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    bool retryable = false;
    outcome = WithConnection([&](PgConnection& c) -> Status {
      RELIC_RETURN_IF_ERROR(c.Exec(options_.serializable ? "BEGIN ISOLATION LEVEL SERIALIZABLE"
                                                         : "BEGIN ISOLATION LEVEL READ COMMITTED")
                                .status());
      PgLedgerTransaction view(c, /*lock=*/!options_.serializable);
      Status decided = decide(view);
      if (decided.ok() && commit && injected_failures_.load() > 0 &&
          injected_failures_.fetch_sub(1) > 0) {
        decided = c.Exec(
                       "DO $$BEGIN RAISE EXCEPTION 'serialization failure injected by a test' "
                       "USING ERRCODE = 'serialization_failure'; END$$")
                      .status();
      }
      if (decided.ok()) decided = c.Exec(commit ? "COMMIT" : "ROLLBACK").status();
      if (!decided.ok()) {
        retryable = c.LastFailureIsRetryable();
        if (!c.broken()) c.Exec("ROLLBACK").status().IgnoreError();
      }
      return decided;
    });
    if (outcome.ok() || !retryable) return outcome;
    ++retries_;
    if (attempt < attempts) Backoff(attempt);
  }
  return Status(Code::kBusy,
                "the ledger could not serialise this decision with concurrent ones in " +
                    std::to_string(attempts) + " attempts (" + outcome.message() + "); try again");
}

Result<AuditRecord> PostgresLedger::Release(const AuditRecord& audit) {
  AuditRecord stored = audit;
  // Not rerun on a fresh connection: the first may have committed.
  Status released = WithConnection(
      [&](PgConnection& c) -> Status {
        RELIC_RETURN_IF_ERROR(c.Exec("BEGIN").status());
        auto fail = [&](Status s) {
          if (!c.broken()) c.Exec("ROLLBACK").status().IgnoreError();
          return s;
        };
        auto deleted =
            c.Exec("DELETE FROM placements WHERE license_id = $1::bytea AND machine_id = $2",
                   {ByteaText(audit.license_id.bytes), audit.machine_id});
        if (!deleted.ok()) return fail(deleted.status());
        if (deleted->affected() == 0) {
          return fail(Status(Code::kNotFound,
                             "the ledger has no placement of license " +
                                 audit.license_id.ToString() + " on machine " + audit.machine_id +
                                 "; nothing was released or recorded; `relic-lms ledger "
                                 "--license ID` lists its machines"));
        }
        auto recorded = c.Exec(
            "INSERT INTO audit(at, operator, action, license_id, machine_id, reason, request_id) "
            "VALUES ($1, $2, $3, $4::bytea, $5, $6, $7) RETURNING id",
            {std::to_string(audit.at), audit.operator_name, audit.action,
             ByteaText(audit.license_id.bytes), audit.machine_id, audit.reason, audit.request_id});
        if (!recorded.ok()) return fail(recorded.status());
        stored.id = recorded->Int(0, 0);
        return c.Exec("COMMIT").status();
      },
      /*may_rerun=*/false);
  if (!released.ok()) return released;
  return stored;
}

Status PostgresLedger::ForEachPlacement(const std::function<void(const Placement&)>& visit) {
  return WithConnection(
      [&](PgConnection& c) -> Status {
        return c.Stream(
            "SELECT license_id, machine_id, kid, granted_at, source FROM placements "
            "ORDER BY license_id, granted_at, machine_id",
            [&](const PgResult& r) -> Status {
              Placement p;
              RELIC_RETURN_IF_ERROR(ReadPlacement(r, 0, &p));
              visit(p);
              return Status::Ok();
            });
      },
      /*may_rerun=*/false);
}

Status PostgresLedger::Ping() {
  auto lease = pool_.Acquire(std::chrono::milliseconds(1000));
  if (!lease.ok()) {
    return Status(Code::kServiceUnavailable, lease.status().message());
  }
  Status s = (*lease)->Exec("SELECT 1").status();
  if (!s.ok()) {
    if ((*lease)->broken()) lease->Discard();
    return Status(Code::kServiceUnavailable, s.message());
  }
  return Status::Ok();
}

Status PostgresLedger::ExportRows(const std::function<Status(const LedgerRow&)>& visit) {
  return WithConnection(
      [&](PgConnection& c) -> Status {
        // One snapshot for every table.
        RELIC_RETURN_IF_ERROR(c.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").status());
        for (const auto& table : LedgerTables()) {
          std::string columns, order;
          for (const auto& col : table.columns)
            columns += (columns.empty() ? "" : ", ") + std::string(col.name);
          for (const char* k : table.key) order += (order.empty() ? "" : ", ") + std::string(k);
          LedgerRow row;
          row.table = table.name;
          Status s =
              c.Stream("SELECT " + columns + " FROM " + table.name + " ORDER BY " + order,
                       [&](const PgResult& r) -> Status {
                         row.values.clear();
                         for (size_t i = 0; i < table.columns.size(); ++i) {
                           const int col = static_cast<int>(i);
                           switch (table.columns[i].type) {
                             case LedgerColumnType::kInteger:
                               row.values.emplace_back(r.Int(0, col));
                               break;
                             case LedgerColumnType::kText:
                               row.values.emplace_back(r.Text(0, col));
                               break;
                             case LedgerColumnType::kBlob: {
                               auto bytes = r.Bytea(0, col);
                               if (!bytes) {
                                 return Status(Code::kCorrupt, "the ledger's table " + row.table +
                                                                   " holds a malformed value");
                               }
                               row.values.emplace_back(std::move(*bytes));
                               break;
                             }
                           }
                         }
                         return visit(row);
                       });
          if (!s.ok()) {
            if (!c.broken()) c.Exec("ROLLBACK").status().IgnoreError();
            return s;
          }
        }
        return c.Exec("COMMIT").status();
      },
      /*may_rerun=*/false);
}

Result<ImportCounts> PostgresLedger::ImportRows(
    const std::function<Result<bool>(LedgerRow*)>& next) {
  ImportCounts counts;
  Status imported = WithConnection(
      [&](PgConnection& c) -> Status {
        counts = {};
        RELIC_RETURN_IF_ERROR(c.Exec("BEGIN").status());
        auto fail = [&](Status s) {
          if (!c.broken()) c.Exec("ROLLBACK").status().IgnoreError();
          return s;
        };
        LedgerRow row;
        while (true) {
          auto more = next(&row);
          if (!more.ok()) return fail(more.status());
          if (!*more) break;
          ++counts.read;
          auto table = CheckLedgerRow(row, counts.read);
          if (!table.ok()) return fail(table.status());
          std::string columns, params;
          std::vector<std::optional<std::string>> values;
          for (size_t i = 0; i < row.values.size(); ++i) {
            const auto& col = (*table)->columns[i];
            columns += (i ? ", " : "") + std::string(col.name);
            params += (i ? ", $" : "$") + std::to_string(i + 1) +
                      (col.type == LedgerColumnType::kBlob ? "::bytea" : "");
            const auto& v = row.values[i];
            if (const auto* n = std::get_if<int64_t>(&v)) {
              values.emplace_back(std::to_string(*n));
            } else if (const auto* t = std::get_if<std::string>(&v)) {
              values.emplace_back(*t);
            } else {
              values.emplace_back(ByteaText(std::get<Bytes>(v)));
            }
          }
          auto r = c.Exec(std::string("INSERT INTO ") + (*table)->name + "(" + columns +
                              ") VALUES (" + params + ") ON CONFLICT DO NOTHING",
                          values);
          if (!r.ok()) return fail(r.status());
          counts.inserted += r->affected();
        }
        return c.Exec("COMMIT").status();
      },
      /*may_rerun=*/false);
  if (!imported.ok()) return imported;
  return counts;
}

}  // namespace relic::lms
