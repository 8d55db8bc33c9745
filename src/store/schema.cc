// SPDX-License-Identifier: Apache-2.0
#include "store/schema.h"

namespace relic {

Status CreateStoreSchema(Db& db, ByteView machine_public_key, int64_t now) {
  RELIC_ASSIGN_OR_RETURN(auto txn, Transaction::Begin(db));
  RELIC_RETURN_IF_ERROR(db.Exec(R"sql(
    CREATE TABLE meta(
      key TEXT PRIMARY KEY,
      value ANY NOT NULL) STRICT;
    CREATE TABLE trusted_issuers(
      public_key BLOB PRIMARY KEY CHECK(length(public_key) = 32),
      added_at INTEGER NOT NULL) STRICT;
    -- license_file holds the exact bytes the issuer signed; the other
    -- columns are copies for selection only and are re-checked against the
    -- verified body before any use.
    CREATE TABLE licenses(
      license_id BLOB PRIMARY KEY CHECK(length(license_id) = 16),
      kid BLOB NOT NULL CHECK(length(kid) = 16),
      allow_backup INTEGER NOT NULL,
      play_limit INTEGER,
      begins INTEGER,
      expires INTEGER,
      issued_at INTEGER NOT NULL,
      added_at INTEGER NOT NULL,
      license_file BLOB NOT NULL,
      wrapped_key BLOB NOT NULL,
      -- For a restored license (its body names the source machine): the
      -- LMS grant that approved it for this machine; NULL otherwise.
      grant BLOB) STRICT;
    CREATE INDEX licenses_by_kid ON licenses(kid, license_id);
    -- Outlives its license: a row without a license is a tombstone, so that
    -- delete and re-add never gives plays back.
    -- Clustered by license ID: every use looks it up by that key.
    CREATE TABLE secure_state(
      license_id BLOB PRIMARY KEY CHECK(length(license_id) = 16),
      plays_used INTEGER NOT NULL DEFAULT 0 CHECK(plays_used >= 0),
      first_use INTEGER) STRICT, WITHOUT ROWID;
  )sql"));
  RELIC_ASSIGN_OR_RETURN(auto insert, db.Prepare("INSERT INTO meta(key, value) VALUES (?, ?)"));
  RELIC_RETURN_IF_ERROR(
      insert.Bind(1, std::string("schema_version")).Bind(2, kStoreSchemaVersion).Run());
  insert.Reset();
  RELIC_RETURN_IF_ERROR(
      insert.Bind(1, std::string("machine_public_key")).Bind(2, machine_public_key).Run());
  insert.Reset();
  RELIC_RETURN_IF_ERROR(insert.Bind(1, std::string("rollback_clock")).Bind(2, now).Run());
  return txn->Commit();
}

Status CheckStoreSchema(Db& db) {
  auto prepared = db.Prepare("SELECT value FROM meta WHERE key = 'schema_version'");
  if (!prepared.ok()) {
    // No meta table: not a relic store, or one whose creation never
    // committed.
    return Status(Code::kCorrupt, "license store " + db.path() +
                                      " has no relic schema; it is damaged or its creation was "
                                      "interrupted. Run `relic init --reindividualize`");
  }
  auto& stmt = *prepared;
  auto row = stmt.Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    return Status(Code::kCorrupt, "license store " + db.path() +
                                      " has no schema version; it is damaged or not a relic "
                                      "store. Run `relic init --reindividualize`");
  }
  int64_t version = stmt.Int(0);
  if (version != kStoreSchemaVersion) {
    return Status(Code::kUnsupportedVersion, "license store " + db.path() + " has schema version " +
                                                 std::to_string(version) +
                                                 ", which this relic does not read; upgrade relic");
  }
  return Status::Ok();
}

Result<Bytes> StoreOwner(Db& db) {
  RELIC_ASSIGN_OR_RETURN(auto stmt,
                         db.Prepare("SELECT value FROM meta WHERE key = 'machine_public_key'"));
  RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status(Code::kCorrupt, "license store " + db.path() + " names no owner");
  ByteView blob = stmt.Blob(0);
  return Bytes(blob.begin(), blob.end());
}

}  // namespace relic
