// SPDX-License-Identifier: Apache-2.0
// The store's SQLite schema (docs/formats/home.md).
#pragma once

#include <cstdint>

#include "store/sqlite_db.h"

namespace relic {

constexpr int64_t kStoreSchemaVersion = 2;  // 2: restored licenses keep their grant
// The page size of a store created from now on; existing stores keep theirs.
constexpr int kStorePageSize = 16384;

// Creates the tables in an empty database and records the owner machine.
Status CreateStoreSchema(Db& db, ByteView machine_public_key, int64_t now);

// kUnsupportedVersion / kCorrupt unless the schema is the one this build
// writes.
Status CheckStoreSchema(Db& db);

// Reads the machine key recorded at creation (to catch swapped files).
Result<Bytes> StoreOwner(Db& db);

}  // namespace relic
