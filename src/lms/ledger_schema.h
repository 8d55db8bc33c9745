// SPDX-License-Identifier: Apache-2.0
// The ledger's schema, for every backend, in one place: its versioned
// migrations and the tables export-ledger moves. Adding a table or column is
// one change here (docs/lms.md, "Adding a migration"): append a migration
// with the SQL of each backend, and list any new table in LedgerTables().
#pragma once

#include <string>
#include <vector>

#include "lms/ledger.h"
#include "relic/status.h"

namespace relic::lms {

struct LedgerMigration {
  int version;              // 1, 2, 3 ...: each migration's is one more than the last
  const char* description;  // recorded with the version
  const char* sqlite;       // one script, run in the migration's transaction
  const char* postgresql;
};

enum class LedgerColumnType { kInteger, kText, kBlob };

struct LedgerColumn {
  const char* name;
  LedgerColumnType type;
};

struct LedgerTable {
  const char* name;
  std::vector<LedgerColumn> columns;
  // The primary key's columns: an imported row whose key is present is
  // skipped, and export orders by it.
  std::vector<const char*> key;
};

// In version order.
const std::vector<LedgerMigration>& LedgerMigrations();
int LatestLedgerSchemaVersion();
// Every table that holds ledger records, in the order export writes them
// and import reads them (a table after any it refers to).
const std::vector<LedgerTable>& LedgerTables();
const LedgerTable* FindLedgerTable(const std::string& name);
// The table of an imported row, if the row fits it (known table, one value
// of the right type per column); kMalformed naming row `number` otherwise.
Result<const LedgerTable*> CheckLedgerRow(const LedgerRow& row, uint64_t number);

// The table recording applied migrations, on both backends: one row per
// version, with the time applied and the description.
inline constexpr const char* kSchemaTable = "relic_ledger_schema";

// The verdict on a ledger at `found` for a command that needs the latest
// schema: OK at the latest; kUnsupportedVersion for a newer one (upgrade
// relic-lms) and kNotInitialized for an older one (run `migrate`).
// `migrate_hint` is the command line to suggest.
Status CheckLedgerSchemaVersion(int found, const std::string& where,
                                const std::string& migrate_hint);

}  // namespace relic::lms
