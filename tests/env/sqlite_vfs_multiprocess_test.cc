// SPDX-License-Identifier: Apache-2.0
// Many processes writing one database through the VFS: if its locking were
// wrong, increments would be lost or the database corrupted.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "env/sqlite_test_db.h"
#include "env/sqlite_vfs.h"
#include "support/test_support.h"

namespace relic {
namespace {

using testing::Db;
using testing::Exec;
using testing::OpenDb;
using testing::QueryInt;
using testing::QueryText;

constexpr int kProcesses = 8;
constexpr int kIncrements = 200;

// Child exit codes, to tell failures apart in the parent's report.
enum ChildExit {
  kChildOk = 0,
  kChildRegister = 10,
  kChildOpen,
  kChildBegin,
  kChildRead,
  kChildWrite,
  kChildCommit
};

// Reads the counter and writes it back plus one inside a write transaction:
// a lost update shows up as a short total.
int IncrementInChild(const std::string& path) {
  auto vfs = SqliteVfs::Register(Env::Default());
  if (!vfs.ok()) return kChildRegister;
  int code = kChildOk;
  {
    Db db;
    if (OpenDb(path, (*vfs)->name(), &db) != SQLITE_OK) return kChildOpen;
    sqlite3_busy_timeout(db.get(), 5000);
    // Without a sync per commit the writers hand the lock around quickly;
    // with one, a busy-waiting writer can starve for seconds behind the
    // others (SQLite's busy handler polls, it does not queue).
    if (Exec(db.get(), "PRAGMA synchronous=NORMAL") != SQLITE_OK) return kChildOpen;
    for (int i = 0; i < kIncrements && code == kChildOk; ++i) {
      if (Exec(db.get(), "BEGIN IMMEDIATE") != SQLITE_OK) {
        code = kChildBegin;
        break;
      }
      auto n = QueryInt(db.get(), "SELECT n FROM counter");
      if (!n) {
        code = kChildRead;
      } else if (Exec(db.get(), "UPDATE counter SET n = " + std::to_string(*n + 1)) != SQLITE_OK) {
        code = kChildWrite;
      } else if (Exec(db.get(), "COMMIT") != SQLITE_OK) {
        code = kChildCommit;
      }
    }
  }
  return code;
}

void CreateCounter(const std::string& path, const char* vfs) {
  Db db;
  ASSERT_EQ(OpenDb(path, vfs, &db), SQLITE_OK);
  ASSERT_EQ(QueryText(db.get(), "PRAGMA journal_mode=WAL"), "wal");
  ASSERT_EQ(Exec(db.get(), "CREATE TABLE counter(n INTEGER); INSERT INTO counter VALUES (0)"),
            SQLITE_OK);
}

TEST(SqliteVfsMultiProcessTest, ConcurrentIncrementsAreNeverLost) {
  testing::TempDir temp;
  const std::string path = temp.Join("counter.db");
  {
    auto vfs = SqliteVfs::Register(Env::Default());
    RELIC_ASSERT_OK(vfs);
    CreateCounter(path, (*vfs)->name());
  }
  std::vector<pid_t> children;
  for (int i = 0; i < kProcesses; ++i) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) ::_exit(IncrementInChild(path));
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status)) << "child killed by signal " << WTERMSIG(status);
    EXPECT_EQ(WEXITSTATUS(status), kChildOk);
  }
  auto vfs = SqliteVfs::Register(Env::Default());
  RELIC_ASSERT_OK(vfs);
  Db db;
  ASSERT_EQ(OpenDb(path, (*vfs)->name(), &db), SQLITE_OK);
  EXPECT_EQ(QueryInt(db.get(), "SELECT n FROM counter"), kProcesses * kIncrements);
  EXPECT_EQ(QueryText(db.get(), "PRAGMA integrity_check"), "ok");
}

// The same with two sqlite3 command-line processes (SQLite's own unix VFS
// and POSIX locks) joining in.
TEST(SqliteVfsMultiProcessTest, ConcurrentIncrementsWithTheSqliteTool) {
  if (std::system("command -v sqlite3 >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "no sqlite3 command-line tool";
  }
  testing::TempDir temp;
  const std::string path = temp.Join("counter.db");
  const std::string script = temp.Join("increment.sql");
  {
    auto vfs = SqliteVfs::Register(Env::Default());
    RELIC_ASSERT_OK(vfs);
    CreateCounter(path, (*vfs)->name());
    std::ofstream out(script);
    out << ".timeout 5000\n.bail on\nPRAGMA synchronous=NORMAL;\n";
    for (int i = 0; i < kIncrements; ++i) {
      out << "BEGIN IMMEDIATE; UPDATE counter SET n = (SELECT n FROM counter) + 1; COMMIT;\n";
    }
  }
  constexpr int kTools = 2;
  std::vector<pid_t> children;
  for (int i = 0; i < kProcesses / 2 + kTools; ++i) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      if (i < kTools) {
        std::string command = "sqlite3 " + path + " < " + script + " >/dev/null";
        ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
      }
      ::_exit(IncrementInChild(path));
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
  }
  auto vfs = SqliteVfs::Register(Env::Default());
  RELIC_ASSERT_OK(vfs);
  Db db;
  ASSERT_EQ(OpenDb(path, (*vfs)->name(), &db), SQLITE_OK);
  EXPECT_EQ(QueryInt(db.get(), "SELECT n FROM counter"), (kProcesses / 2 + kTools) * kIncrements);
  EXPECT_EQ(QueryText(db.get(), "PRAGMA integrity_check"), "ok");
}

}  // namespace
}  // namespace relic
