// SPDX-License-Identifier: Apache-2.0
#include "lms/ledger_schema.h"

namespace relic::lms {

const std::vector<LedgerMigration>& LedgerMigrations() {
  // Never edit a migration that has shipped: ledgers out there are at its
  // version already. Append a new one.
  static const std::vector<LedgerMigration> migrations = {
      {1, "placements and challenges",
       R"sql(
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
       )sql",
       R"sql(
         CREATE TABLE placements(
           license_id BYTEA NOT NULL CHECK (length(license_id) = 16),
           machine_id TEXT NOT NULL,
           kid BYTEA NOT NULL,
           granted_at BIGINT NOT NULL,
           source BIGINT NOT NULL,
           PRIMARY KEY (license_id, machine_id));
         CREATE TABLE challenges(
           challenge BYTEA PRIMARY KEY,
           expires_at BIGINT NOT NULL);
         CREATE INDEX challenges_expiry ON challenges(expires_at);
       )sql"},
  };
  return migrations;
}

int LatestLedgerSchemaVersion() { return LedgerMigrations().back().version; }

const std::vector<LedgerTable>& LedgerTables() {
  using T = LedgerColumnType;
  static const std::vector<LedgerTable> tables = {
      {"placements",
       {{"license_id", T::kBlob},
        {"machine_id", T::kText},
        {"kid", T::kBlob},
        {"granted_at", T::kInteger},
        {"source", T::kInteger}},
       {"license_id", "machine_id"}},
      {"challenges", {{"challenge", T::kBlob}, {"expires_at", T::kInteger}}, {"challenge"}},
  };
  return tables;
}

const LedgerTable* FindLedgerTable(const std::string& name) {
  for (const auto& table : LedgerTables()) {
    if (name == table.name) return &table;
  }
  return nullptr;
}

Result<const LedgerTable*> CheckLedgerRow(const LedgerRow& row, uint64_t number) {
  const LedgerTable* table = FindLedgerTable(row.table);
  auto bad = [&](const std::string& why) {
    return Status(Code::kMalformed, "row " + std::to_string(number) + " of the import " + why +
                                        "; nothing was imported (is it the output of "
                                        "`relic-lms export-ledger`?)");
  };
  if (table == nullptr) return bad("names a table the ledger does not have (" + row.table + ")");
  if (row.values.size() != table->columns.size()) {
    return bad("has " + std::to_string(row.values.size()) + " values where table " + row.table +
               " has " + std::to_string(table->columns.size()) + " columns");
  }
  for (size_t c = 0; c < row.values.size(); ++c) {
    const size_t want = table->columns[c].type == LedgerColumnType::kInteger ? 0
                        : table->columns[c].type == LedgerColumnType::kText  ? 1
                                                                             : 2;
    if (row.values[c].index() != want) {
      return bad("has a value of the wrong type in column " + std::string(table->columns[c].name));
    }
  }
  return table;
}

Status CheckLedgerSchemaVersion(int found, const std::string& where,
                                const std::string& migrate_hint) {
  const int latest = LatestLedgerSchemaVersion();
  if (found > latest) {
    return Status(Code::kUnsupportedVersion,
                  "the ledger in " + where + " has schema version " + std::to_string(found) +
                      ", newer than this relic-lms knows (" + std::to_string(latest) +
                      "); a newer relic-lms migrated it: run that version, or upgrade this one");
  }
  if (found < latest) {
    return Status(Code::kNotInitialized, "the ledger in " + where + " has schema version " +
                                             std::to_string(found) + " and this relic-lms needs " +
                                             std::to_string(latest) + "; run `" + migrate_hint +
                                             "` first");
  }
  return Status::Ok();
}

}  // namespace relic::lms
