// SPDX-License-Identifier: Apache-2.0
// Small helpers for driving SQLite directly in the VFS tests.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace relic::testing {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;

// Opens `path` read-write (created if missing) through the VFS named `vfs`
// (nullptr: SQLite's default). Returns the result code; `*db` is set even on
// failure, as SQLite asks the caller to close it.
inline int OpenDb(const std::string& path, const char* vfs, Db* db) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs);
  db->reset(raw);
  if (rc == SQLITE_OK) sqlite3_extended_result_codes(raw, 1);
  return rc;
}

inline int Exec(sqlite3* db, const std::string& sql) {
  return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
}

// The first column of the first row as text, or nullopt on error or no row.
inline std::optional<std::string> QueryText(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) return std::nullopt;
  std::optional<std::string> out;
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    out = text ? std::string(reinterpret_cast<const char*>(text)) : std::string();
  }
  sqlite3_finalize(stmt);
  return out;
}

// The first column of the first row as an integer, or nullopt on error, no
// row or NULL.
inline std::optional<int64_t> QueryInt(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) return std::nullopt;
  std::optional<int64_t> out;
  if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
    out = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  return out;
}

}  // namespace relic::testing
