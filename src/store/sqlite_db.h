// SPDX-License-Identifier: Apache-2.0
// A thin RAII layer over the SQLite C API that turns SQLite results into
// relic Status values.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "relic/env.h"
#include "relic/status.h"

namespace relic {

class Statement {
 public:
  // An owned statement is finalized when destroyed; a borrowed one (from
  // Db::Cached) is only reset, ready for its next use.
  Statement(sqlite3* db, sqlite3_stmt* stmt, bool owned = true)
      : db_(db), stmt_(stmt), owned_(owned) {}
  Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_), owned_(other.owned_) {
    other.stmt_ = nullptr;
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() {
    if (stmt_ == nullptr) return;
    if (owned_) {
      sqlite3_finalize(stmt_);
    } else {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }
  }

  // Parameters are numbered from 1, as in SQL.
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, ByteView blob);
  Statement& Bind(int index, const std::string& text);
  Statement& BindNull(int index);
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    if (value) return Bind(index, static_cast<int64_t>(*value));
    return BindNull(index);
  }

  // true: a row is ready; false: done.
  Result<bool> Step();
  // Runs a statement that returns no rows.
  Status Run();
  void Reset();

  int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }
  bool IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::optional<int64_t> OptionalInt(int column) const {
    if (IsNull(column)) return std::nullopt;
    return Int(column);
  }
  ByteView Blob(int column) const;
  std::string Text(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool owned_;
};

class Db {
 public:
  // Opens (or, with `create`, creates) a database through the named VFS, in
  // WAL mode with full syncs, foreign keys on and a busy timeout. A
  // `new_page_size` (bytes, a power of two) applies only to a database that
  // has no pages yet; an existing one keeps its own.
  static Result<std::unique_ptr<Db>> Open(const std::string& path, const char* vfs_name,
                                          bool create, int new_page_size = 0);
  ~Db();

  Status Exec(const std::string& sql);
  Result<Statement> Prepare(const std::string& sql);
  // A statement prepared once per connection and reused: for the per-license
  // statements of bulk work, where preparing dominates otherwise. One user
  // at a time per SQL text (the connection is single-threaded anyway).
  Result<Statement> Cached(const std::string& sql);
  sqlite3* raw() { return db_; }
  // Rows changed by the connection's last INSERT, UPDATE or DELETE.
  int64_t changes() const { return sqlite3_changes64(db_); }
  const std::string& path() const { return path_; }

  // A Status for the connection's last error.
  Status Error(int rc, const std::string& doing) const;

 private:
  Db(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back unless committed. Immediate, so
// that concurrent writers queue on the busy timeout instead of failing
// half-way with SQLITE_BUSY on upgrade.
class Transaction {
 public:
  static Result<std::unique_ptr<Transaction>> Begin(Db& db);
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Db& db) : db_(db) {}
  Db& db_;
  bool done_ = false;
};

// Maps a SQLite result code to relic's codes.
Code CodeForSqlite(int rc);

}  // namespace relic
