// SPDX-License-Identifier: Apache-2.0
#include "lms/sqlite_ledger.h"

#include <algorithm>
#include <cstring>
#include <map>

#include "lms/ledger_schema.h"

namespace relic::lms {
namespace {

// A batch is read with `license_id IN (?, ...)` and written with multi-row
// INSERTs, in chunks that stay far below SQLite's parameter limit. Unused
// IN parameters stay NULL, which matches nothing, so one cached statement
// serves every chunk.
constexpr size_t kReadChunk = 256;
constexpr size_t kWriteChunk = 64;

std::string ReadSql() {
  std::string sql =
      "SELECT license_id, machine_id, kid, granted_at, source FROM placements WHERE license_id "
      "IN (";
  for (size_t i = 0; i < kReadChunk; ++i) sql += i == 0 ? "?" : ",?";
  return sql + ") ORDER BY license_id, granted_at, machine_id";
}

std::string WriteSql(size_t rows) {
  std::string sql =
      "INSERT INTO placements(license_id, machine_id, kid, granted_at, source) VALUES ";
  for (size_t i = 0; i < rows; ++i) sql += i == 0 ? "(?,?,?,?,?)" : ",(?,?,?,?,?)";
  return sql + " ON CONFLICT(license_id, machine_id) DO NOTHING";
}

Status Malformed() {
  return Status(Code::kCorrupt,
                "the ledger holds a malformed placement; restore ledger.db from a backup");
}

Status ReadPlacement(const Statement& stmt, Placement* p) {
  ByteView id = stmt.Blob(0);
  ByteView kid = stmt.Blob(2);
  if (id.size() != p->license_id.bytes.size() || kid.size() != p->kid.bytes.size()) {
    return Malformed();
  }
  std::memcpy(p->license_id.bytes.data(), id.data(), id.size());
  std::memcpy(p->kid.bytes.data(), kid.data(), kid.size());
  p->machine_id = stmt.Text(1);
  p->granted_at = stmt.Int(3);
  p->source = stmt.Int(4) != 0;
  return Status::Ok();
}

class SqliteLedgerTransaction final : public LedgerTransaction {
 public:
  explicit SqliteLedgerTransaction(Db& db) : db_(db) {}

  Status PlacementsOf(const std::vector<LicenseId>& licenses,
                      std::vector<std::vector<Placement>>* out) override {
    out->assign(licenses.size(), {});
    std::map<LicenseId, std::vector<size_t>> wanted;
    for (size_t i = 0; i < licenses.size(); ++i) wanted[licenses[i]].push_back(i);
    std::vector<LicenseId> distinct;
    distinct.reserve(wanted.size());
    for (const auto& [id, _] : wanted) distinct.push_back(id);
    for (size_t start = 0; start < distinct.size(); start += kReadChunk) {
      RELIC_ASSIGN_OR_RETURN(auto stmt, db_.Cached(ReadSql()));
      const size_t n = std::min(kReadChunk, distinct.size() - start);
      for (size_t i = 0; i < n; ++i) {
        stmt.Bind(static_cast<int>(i + 1), ByteView(distinct[start + i].bytes));
      }
      while (true) {
        RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
        if (!row) break;
        Placement p;
        RELIC_RETURN_IF_ERROR(ReadPlacement(stmt, &p));
        auto it = wanted.find(p.license_id);
        if (it == wanted.end()) return Malformed();
        for (size_t index : it->second) (*out)[index].push_back(p);
      }
    }
    return Status::Ok();
  }

  Status AddPlacements(const std::vector<Placement>& placements) override {
    for (size_t start = 0; start < placements.size(); start += kWriteChunk) {
      const size_t n = std::min(kWriteChunk, placements.size() - start);
      RELIC_ASSIGN_OR_RETURN(auto stmt, db_.Cached(WriteSql(n)));
      for (size_t i = 0; i < n; ++i) {
        const Placement& p = placements[start + i];
        const int base = static_cast<int>(i * 5);
        stmt.Bind(base + 1, ByteView(p.license_id.bytes))
            .Bind(base + 2, p.machine_id)
            .Bind(base + 3, ByteView(p.kid.bytes))
            .Bind(base + 4, p.granted_at)
            .Bind(base + 5, int64_t{p.source ? 1 : 0});
      }
      RELIC_RETURN_IF_ERROR(stmt.Run());
    }
    return Status::Ok();
  }

  Status AddRefusals(const std::vector<RefusalRecord>& refusals,
                     const RefusalRetention& retention) override {
    if (refusals.empty()) return Status::Ok();
    int64_t newest = refusals.front().refused_at;
    // An embedded database: a statement per row costs no round trip.
    for (const auto& r : refusals) {
      RELIC_ASSIGN_OR_RETURN(
          auto stmt, db_.Cached("INSERT INTO refusals(reference, license_id, kid, machine_id, "
                                "reason, refused_at, request_id) VALUES (?, ?, ?, ?, ?, ?, ?)"));
      stmt.Bind(1, r.reference)
          .Bind(2, ByteView(r.license_id.bytes))
          .Bind(3, ByteView(r.kid.bytes))
          .Bind(4, r.machine_id)
          .Bind(5, r.reason)
          .Bind(6, r.refused_at)
          .Bind(7, r.request_id);
      RELIC_RETURN_IF_ERROR(stmt.Run());
      newest = std::max(newest, r.refused_at);
    }
    RELIC_ASSIGN_OR_RETURN(auto old, db_.Cached("DELETE FROM refusals WHERE refused_at < ?"));
    old.Bind(1, newest - int64_t{retention.days} * 24 * 60 * 60);
    RELIC_RETURN_IF_ERROR(old.Run());
    // Row ids only grow while the oldest rows go, so the newest `rows` are
    // the ones within `rows` of the largest id.
    RELIC_ASSIGN_OR_RETURN(
        auto surplus,
        db_.Cached("DELETE FROM refusals WHERE id <= (SELECT max(id) FROM refusals) - ?"));
    surplus.Bind(1, static_cast<int64_t>(retention.rows));
    return surplus.Run();
  }

 private:
  Db& db_;
};

Result<bool> TableExists(Db& db, const std::string& name) {
  RELIC_ASSIGN_OR_RETURN(
      auto stmt, db.Prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"));
  stmt.Bind(1, name);
  return stmt.Step();
}

// The schema version of an open database, inside the caller's transaction:
// 0 for an empty one. A ledger from before versioning (placements and
// challenges, no version table) is version 1.
Result<int> SchemaVersion(Db& db, const std::string& where) {
  RELIC_ASSIGN_OR_RETURN(bool versioned, TableExists(db, kSchemaTable));
  if (versioned) {
    RELIC_ASSIGN_OR_RETURN(
        auto stmt,
        db.Prepare(std::string("SELECT coalesce(max(version), 0) FROM ") + kSchemaTable));
    RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
    return row ? static_cast<int>(stmt.Int(0)) : 0;
  }
  RELIC_ASSIGN_OR_RETURN(bool placements, TableExists(db, "placements"));
  if (placements) return 1;
  RELIC_ASSIGN_OR_RETURN(auto any, db.Prepare("SELECT name FROM sqlite_master LIMIT 1"));
  RELIC_ASSIGN_OR_RETURN(bool has_objects, any.Step());
  if (has_objects) {
    return Status(Code::kCorrupt, where +
                                      " is an SQLite database but not a relic ledger (it has "
                                      "other tables); point relic-lms at its own ledger");
  }
  return 0;
}

// Applies every migration after the current version, in one transaction
// (BEGIN IMMEDIATE: a second process waits, then finds nothing to do).
// With `only_if_new` (Open) it creates a new ledger but leaves an old one to
// `migrate`, and fails unless the ledger ends at the latest version.
Result<int> MigrateOpen(Db& db, const std::string& where, bool only_if_new) {
  RELIC_ASSIGN_OR_RETURN(auto txn, Transaction::Begin(db));
  RELIC_ASSIGN_OR_RETURN(bool versioned, TableExists(db, kSchemaTable));
  RELIC_ASSIGN_OR_RETURN(int version, SchemaVersion(db, where));
  if (version > LatestLedgerSchemaVersion() || (only_if_new && version != 0)) {
    RELIC_RETURN_IF_ERROR(CheckLedgerSchemaVersion(
        version, where, "relic-lms migrate --database sqlite: --home DIR"));
    return 0;
  }
  RELIC_RETURN_IF_ERROR(db.Exec(std::string("CREATE TABLE IF NOT EXISTS ") + kSchemaTable +
                                "(version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL, "
                                "description TEXT NOT NULL) STRICT"));
  int applied = 0;
  for (const auto& m : LedgerMigrations()) {
    if (m.version <= version) {
      // A ledger from before versioning gets its version recorded.
      if (!versioned && m.version == version) {
        RELIC_ASSIGN_OR_RETURN(
            auto record,
            db.Prepare(std::string("INSERT INTO ") + kSchemaTable +
                       "(version, applied_at, description) VALUES (?, unixepoch(), ?)"));
        record.Bind(1, int64_t{m.version}).Bind(2, std::string(m.description));
        RELIC_RETURN_IF_ERROR(record.Run());
      }
      continue;
    }
    RELIC_RETURN_IF_ERROR(db.Exec(m.sqlite));
    RELIC_ASSIGN_OR_RETURN(
        auto record, db.Prepare(std::string("INSERT INTO ") + kSchemaTable +
                                "(version, applied_at, description) VALUES (?, unixepoch(), ?)"));
    record.Bind(1, int64_t{m.version}).Bind(2, std::string(m.description));
    RELIC_RETURN_IF_ERROR(record.Run());
    ++applied;
  }
  RELIC_RETURN_IF_ERROR(txn->Commit());
  return applied;
}

struct Opened {
  std::unique_ptr<SqliteVfs> vfs;
  std::unique_ptr<Db> db;
};

Result<Opened> OpenDb(Env* env, const std::string& home) {
  Opened o;
  RELIC_ASSIGN_OR_RETURN(o.vfs, SqliteVfs::Register(env));
  RELIC_ASSIGN_OR_RETURN(o.db, Db::Open(home + "/ledger.db", o.vfs->name(), /*create=*/true));
  // A service's ledger is looked up at random by license: a larger page cache
  // than a client store's keeps a batch's lookups and inserts from spilling
  // to disk and reading back. Still a fixed bound, whatever the ledger holds.
  RELIC_RETURN_IF_ERROR(o.db->Exec("PRAGMA cache_size=-65536"));
  return o;
}

std::string ColumnList(const LedgerTable& table) {
  std::string out;
  for (const auto& c : table.columns) out += (out.empty() ? "" : ", ") + std::string(c.name);
  return out;
}

}  // namespace

Result<std::unique_ptr<SqliteLedger>> SqliteLedger::Open(Env* env, const std::string& home) {
  RELIC_ASSIGN_OR_RETURN(Opened o, OpenDb(env, home));
  const std::string where = home + "/ledger.db";
  RELIC_RETURN_IF_ERROR(MigrateOpen(*o.db, where, /*only_if_new=*/true).status());
  return std::unique_ptr<SqliteLedger>(new SqliteLedger(std::move(o.vfs), std::move(o.db)));
}

Result<int> SqliteLedger::Migrate(Env* env, const std::string& home) {
  RELIC_ASSIGN_OR_RETURN(Opened o, OpenDb(env, home));
  return MigrateOpen(*o.db, home + "/ledger.db", /*only_if_new=*/false);
}

SqliteLedger::~SqliteLedger() { db_.reset(); }

Result<bool> SqliteLedger::UseChallenge(const std::array<uint8_t, 32>& challenge,
                                        int64_t expires_at, int64_t now) {
  MutexLock lock(mu_);
  RELIC_ASSIGN_OR_RETURN(auto purge, db_->Cached("DELETE FROM challenges WHERE expires_at < ?"));
  purge.Bind(1, now);
  RELIC_RETURN_IF_ERROR(purge.Run());
  RELIC_ASSIGN_OR_RETURN(auto stmt,
                         db_->Cached("INSERT INTO challenges(challenge, expires_at) VALUES (?, ?) "
                                     "ON CONFLICT(challenge) DO NOTHING RETURNING 1"));
  stmt.Bind(1, ByteView(challenge)).Bind(2, expires_at);
  RELIC_ASSIGN_OR_RETURN(bool inserted, stmt.Step());
  if (inserted) {
    RELIC_ASSIGN_OR_RETURN(bool more, stmt.Step());
    (void)more;
  }
  return inserted;
}

Status SqliteLedger::Transact(const std::function<Status(LedgerTransaction&)>& decide,
                              bool commit) {
  MutexLock lock(mu_);
  RELIC_ASSIGN_OR_RETURN(auto txn, Transaction::Begin(*db_));
  SqliteLedgerTransaction view(*db_);
  RELIC_RETURN_IF_ERROR(decide(view));
  if (!commit) return Status::Ok();  // the transaction rolls back
  return txn->Commit();
}

Result<AuditRecord> SqliteLedger::Release(const AuditRecord& audit) {
  MutexLock lock(mu_);
  RELIC_ASSIGN_OR_RETURN(auto txn, Transaction::Begin(*db_));
  {
    RELIC_ASSIGN_OR_RETURN(
        auto stmt,
        db_->Cached("DELETE FROM placements WHERE license_id = ? AND machine_id = ? RETURNING 1"));
    stmt.Bind(1, ByteView(audit.license_id.bytes)).Bind(2, audit.machine_id);
    RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) {
      return Status(Code::kNotFound, "the ledger has no placement of license " +
                                         audit.license_id.ToString() + " on machine " +
                                         audit.machine_id +
                                         "; nothing was released or recorded; `relic-lms ledger "
                                         "--license ID` lists its machines");
    }
    RELIC_ASSIGN_OR_RETURN(bool more, stmt.Step());
    (void)more;
  }
  AuditRecord stored = audit;
  {
    RELIC_ASSIGN_OR_RETURN(
        auto stmt, db_->Cached("INSERT INTO audit(at, operator, action, license_id, machine_id, "
                               "reason, request_id) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"));
    stmt.Bind(1, audit.at)
        .Bind(2, audit.operator_name)
        .Bind(3, audit.action)
        .Bind(4, ByteView(audit.license_id.bytes))
        .Bind(5, audit.machine_id)
        .Bind(6, audit.reason)
        .Bind(7, audit.request_id);
    RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Status(Code::kInternal, "the ledger did not number the audit record");
    stored.id = stmt.Int(0);
    RELIC_ASSIGN_OR_RETURN(bool more, stmt.Step());
    (void)more;
  }
  RELIC_RETURN_IF_ERROR(txn->Commit());
  return stored;
}

Status SqliteLedger::ForEachPlacement(const std::function<void(const Placement&)>& visit) {
  MutexLock lock(mu_);
  RELIC_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Cached("SELECT license_id, machine_id, kid, granted_at, source FROM placements "
                  "ORDER BY license_id, granted_at, machine_id"));
  while (true) {
    RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    Placement p;
    RELIC_RETURN_IF_ERROR(ReadPlacement(stmt, &p));
    visit(p);
  }
  return Status::Ok();
}

Status SqliteLedger::Ping() {
  MutexLock lock(mu_);
  return db_->Exec("SELECT 1");
}

Status SqliteLedger::ExportRows(const std::function<Status(const LedgerRow&)>& visit) {
  MutexLock lock(mu_);
  // One read transaction: every table from the same snapshot.
  RELIC_RETURN_IF_ERROR(db_->Exec("BEGIN"));
  // The lambda gets the connection, not db_: it is analysed as holding no lock.
  auto rollback = [&db = *db_] { db.Exec("ROLLBACK").IgnoreError(); };
  for (const auto& table : LedgerTables()) {
    std::string order;
    for (const char* k : table.key) order += (order.empty() ? "" : ", ") + std::string(k);
    auto stmt =
        db_->Prepare("SELECT " + ColumnList(table) + " FROM " + table.name + " ORDER BY " + order);
    if (!stmt.ok()) return rollback(), stmt.status();
    LedgerRow row;
    row.table = table.name;
    while (true) {
      auto more = stmt->Step();
      if (!more.ok()) return rollback(), more.status();
      if (!*more) break;
      row.values.clear();
      for (size_t c = 0; c < table.columns.size(); ++c) {
        const int col = static_cast<int>(c);
        switch (table.columns[c].type) {
          case LedgerColumnType::kInteger:
            row.values.emplace_back(stmt->Int(col));
            break;
          case LedgerColumnType::kText:
            row.values.emplace_back(stmt->Text(col));
            break;
          case LedgerColumnType::kBlob: {
            ByteView b = stmt->Blob(col);
            row.values.emplace_back(Bytes(b.begin(), b.end()));
            break;
          }
        }
      }
      Status s = visit(row);
      if (!s.ok()) return rollback(), s;
    }
  }
  rollback();  // read only: nothing to commit
  return Status::Ok();
}

Result<ImportCounts> SqliteLedger::ImportRows(const std::function<Result<bool>(LedgerRow*)>& next) {
  MutexLock lock(mu_);
  RELIC_ASSIGN_OR_RETURN(auto txn, Transaction::Begin(*db_));
  ImportCounts counts;
  LedgerRow row;
  while (true) {
    RELIC_ASSIGN_OR_RETURN(bool more, next(&row));
    if (!more) break;
    ++counts.read;
    RELIC_ASSIGN_OR_RETURN(const LedgerTable* table, CheckLedgerRow(row, counts.read));
    std::string params;
    for (size_t c = 0; c < table->columns.size(); ++c) params += c == 0 ? "?" : ", ?";
    RELIC_ASSIGN_OR_RETURN(auto stmt, db_->Cached(std::string("INSERT INTO ") + table->name + "(" +
                                                  ColumnList(*table) + ") VALUES (" + params +
                                                  ") ON CONFLICT DO NOTHING"));
    for (size_t c = 0; c < row.values.size(); ++c) {
      const int index = static_cast<int>(c + 1);
      std::visit(
          [&](const auto& v) {
            using V = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<V, Bytes>) {
              stmt.Bind(index, ByteView(v));
            } else {
              stmt.Bind(index, v);
            }
          },
          row.values[c]);
    }
    RELIC_RETURN_IF_ERROR(stmt.Run());
    counts.inserted += static_cast<uint64_t>(db_->changes());
  }
  RELIC_RETURN_IF_ERROR(txn->Commit());
  return counts;
}

}  // namespace relic::lms
