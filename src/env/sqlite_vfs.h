// SPDX-License-Identifier: Apache-2.0
// A SQLite VFS over an Env, so that the store's database gets the same
// fault injection and crash simulation as every other file relic touches.
// It locks the same bytes as SQLite's unix VFS, so relic processes and the
// sqlite3 command-line tool can share a database safely.
#pragma once

#include <memory>

#include "relic/env.h"

namespace relic {

class SqliteVfs {
 public:
  // Registers a new VFS (never the default) under a name unique within the
  // process; open connections with sqlite3_open_v2(path, &db, flags,
  // vfs->name()). Files SQLite names go through `env`, which is not owned and
  // must outlive the SqliteVfs; anonymous temporary files (sorts, temp
  // tables) stay in memory. WAL mode needs an env whose File::MapShared works.
  static Result<std::unique_ptr<SqliteVfs>> Register(Env* env);

  // Unregisters the VFS. Every connection opened through it must be closed.
  ~SqliteVfs();
  SqliteVfs(const SqliteVfs&) = delete;
  SqliteVfs& operator=(const SqliteVfs&) = delete;

  const char* name() const;

  // The Env error behind the last failed file operation of this VFS on the
  // calling thread (SQLite's own codes lose the message), or Ok if none.
  Status LastError() const;

  struct Impl;

 private:
  explicit SqliteVfs(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace relic
