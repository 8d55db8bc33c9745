// SPDX-License-Identifier: Apache-2.0
#include "lms/sqlite_ledger.h"

#include <cstring>

namespace relic::lms {
namespace {

class SqliteLedgerTransaction final : public LedgerTransaction {
 public:
  explicit SqliteLedgerTransaction(Db& db) : db_(db) {}

  Status PlacementsOf(const LicenseId& license, std::vector<Placement>& out) override {
    out.clear();
    RELIC_ASSIGN_OR_RETURN(
        auto stmt,
        db_.Cached(
            "SELECT machine_id, kid, granted_at, source FROM placements WHERE license_id = ? "
            "ORDER BY granted_at"));
    stmt.Bind(1, ByteView(license.bytes));
    while (true) {
      RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      Placement& p = out.emplace_back();
      p.license_id = license;
      ByteView kid = stmt.Blob(1);
      if (kid.size() != p.kid.bytes.size()) {
        return Status(Code::kCorrupt,
                      "the ledger holds a malformed placement of license " + license.ToString());
      }
      std::memcpy(p.kid.bytes.data(), kid.data(), kid.size());
      p.machine_id = stmt.Text(0);
      p.granted_at = stmt.Int(2);
      p.source = stmt.Int(3) != 0;
    }
    return Status::Ok();
  }

  Status AddPlacement(const Placement& p) override {
    RELIC_ASSIGN_OR_RETURN(
        auto stmt,
        db_.Cached("INSERT INTO placements(license_id, machine_id, kid, granted_at, source) "
                   "VALUES (?, ?, ?, ?, ?) ON CONFLICT(license_id, machine_id) DO NOTHING"));
    stmt.Bind(1, ByteView(p.license_id.bytes))
        .Bind(2, p.machine_id)
        .Bind(3, ByteView(p.kid.bytes))
        .Bind(4, p.granted_at)
        .Bind(5, int64_t{p.source ? 1 : 0});
    return stmt.Run();
  }

 private:
  Db& db_;
};

}  // namespace

Result<std::unique_ptr<SqliteLedger>> SqliteLedger::Open(Env* env, const std::string& home) {
  RELIC_ASSIGN_OR_RETURN(auto vfs, SqliteVfs::Register(env));
  RELIC_ASSIGN_OR_RETURN(auto db, Db::Open(home + "/ledger.db", vfs->name(), /*create=*/true));
  // A service's ledger is looked up at random by license: a larger page cache
  // than a client store's keeps a batch's lookups and inserts from spilling
  // to disk and reading back. Still a fixed bound, whatever the ledger holds.
  RELIC_RETURN_IF_ERROR(db->Exec("PRAGMA cache_size=-65536"));
  RELIC_RETURN_IF_ERROR(db->Exec(R"sql(
    CREATE TABLE IF NOT EXISTS placements(
      license_id BLOB NOT NULL CHECK(length(license_id) = 16),
      machine_id TEXT NOT NULL,
      kid BLOB NOT NULL,
      granted_at INTEGER NOT NULL,
      source INTEGER NOT NULL,
      PRIMARY KEY (license_id, machine_id)) STRICT, WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS challenges(
      challenge BLOB PRIMARY KEY,
      expires_at INTEGER NOT NULL) STRICT, WITHOUT ROWID;
  )sql"));
  return std::unique_ptr<SqliteLedger>(new SqliteLedger(std::move(vfs), std::move(db)));
}

SqliteLedger::~SqliteLedger() { db_.reset(); }

Status SqliteLedger::AddChallenge(const std::array<uint8_t, 32>& challenge, int64_t expires_at) {
  std::lock_guard<std::mutex> lock(mu_);
  RELIC_ASSIGN_OR_RETURN(auto purge, db_->Cached("DELETE FROM challenges WHERE expires_at < ?"));
  purge.Bind(1, expires_at - 3600);
  RELIC_RETURN_IF_ERROR(purge.Run());
  RELIC_ASSIGN_OR_RETURN(
      auto stmt, db_->Cached("INSERT INTO challenges(challenge, expires_at) VALUES (?, ?)"));
  stmt.Bind(1, ByteView(challenge)).Bind(2, expires_at);
  return stmt.Run();
}

Result<bool> SqliteLedger::TakeChallenge(const std::array<uint8_t, 32>& challenge, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  RELIC_ASSIGN_OR_RETURN(
      auto stmt, db_->Cached("DELETE FROM challenges WHERE challenge = ? RETURNING expires_at"));
  stmt.Bind(1, ByteView(challenge));
  RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return false;
  int64_t expires_at = stmt.Int(0);
  RELIC_ASSIGN_OR_RETURN(bool more, stmt.Step());
  (void)more;
  return now <= expires_at;
}

Status SqliteLedger::Transact(const std::function<Status(LedgerTransaction&)>& decide,
                              bool commit) {
  std::lock_guard<std::mutex> lock(mu_);
  RELIC_ASSIGN_OR_RETURN(auto txn, Transaction::Begin(*db_));
  SqliteLedgerTransaction view(*db_);
  RELIC_RETURN_IF_ERROR(decide(view));
  if (!commit) return Status::Ok();  // the transaction rolls back
  return txn->Commit();
}

Status SqliteLedger::Release(const LicenseId& license, const std::string& machine_id) {
  std::lock_guard<std::mutex> lock(mu_);
  RELIC_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Cached("DELETE FROM placements WHERE license_id = ? AND machine_id = ? RETURNING 1"));
  stmt.Bind(1, ByteView(license.bytes)).Bind(2, machine_id);
  RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) {
    return Status(Code::kNotFound, "the ledger has no placement of license " + license.ToString() +
                                       " on machine " + machine_id +
                                       "; `relic-lms ledger` lists them");
  }
  RELIC_ASSIGN_OR_RETURN(bool more, stmt.Step());
  (void)more;
  return Status::Ok();
}

Status SqliteLedger::ForEachPlacement(const std::function<void(const Placement&)>& visit) {
  std::lock_guard<std::mutex> lock(mu_);
  RELIC_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Cached("SELECT license_id, machine_id, kid, granted_at, source FROM placements "
                  "ORDER BY license_id, granted_at"));
  while (true) {
    RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    Placement p;
    ByteView id = stmt.Blob(0);
    ByteView kid = stmt.Blob(2);
    if (id.size() != 16 || kid.size() != 16) {
      return Status(Code::kCorrupt, "the ledger holds a malformed placement");
    }
    std::memcpy(p.license_id.bytes.data(), id.data(), 16);
    std::memcpy(p.kid.bytes.data(), kid.data(), 16);
    p.machine_id = stmt.Text(1);
    p.granted_at = stmt.Int(3);
    p.source = stmt.Int(4) != 0;
    visit(p);
  }
  return Status::Ok();
}

}  // namespace relic::lms
