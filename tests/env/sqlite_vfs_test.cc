// SPDX-License-Identifier: Apache-2.0
#include "env/sqlite_vfs.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "env/fault_injection_env.h"
#include "env/mem_env.h"
#include "env/sqlite_test_db.h"
#include "support/test_support.h"

namespace relic {
namespace {

using ::testing::Contains;
using testing::Db;
using testing::Exec;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Not;
using testing::OpenDb;
using testing::QueryInt;
using testing::QueryText;

std::unique_ptr<SqliteVfs> MustRegister(Env* env) {
  auto vfs = SqliteVfs::Register(env);
  EXPECT_TRUE(vfs.ok()) << vfs.status().ToString();
  return vfs.ok() ? std::move(vfs).value() : nullptr;
}

uint32_t ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return static_cast<uint32_t>(st.st_mode) & 07777;
}

TEST(SqliteVfsTest, RegistersUniqueNamesWithoutBecomingTheDefault) {
  sqlite3_vfs* default_vfs = sqlite3_vfs_find(nullptr);
  std::string first_name;
  {
    auto first = MustRegister(Env::Default());
    auto second = MustRegister(Env::Default());
    first_name = first->name();
    EXPECT_STRNE(first->name(), second->name());
    EXPECT_NE(sqlite3_vfs_find(first->name()), nullptr);
    EXPECT_EQ(sqlite3_vfs_find(nullptr), default_vfs);
  }
  EXPECT_EQ(sqlite3_vfs_find(first_name.c_str()), nullptr);  // unregistered
}

TEST(SqliteVfsTest, WalDatabaseOnDiskRoundTrips) {
  testing::TempDir temp;
  auto vfs = MustRegister(Env::Default());
  const std::string path = temp.Join("store.db");
  {
    Db db;
    ASSERT_EQ(OpenDb(path, vfs->name(), &db), SQLITE_OK);
    EXPECT_EQ(QueryText(db.get(), "PRAGMA journal_mode=WAL"), "wal");
    ASSERT_EQ(Exec(db.get(), "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)"), SQLITE_OK);
    ASSERT_EQ(Exec(db.get(), "INSERT INTO t(v) VALUES ('one'), ('two')"), SQLITE_OK);
    // The database, its WAL and its shared-memory file are all private.
    EXPECT_EQ(ModeOf(path), 0600u);
    EXPECT_EQ(ModeOf(path + "-wal"), 0600u);
    EXPECT_EQ(ModeOf(path + "-shm"), 0600u);
    char* vfs_name = nullptr;
    ASSERT_EQ(sqlite3_file_control(db.get(), "main", SQLITE_FCNTL_VFSNAME, &vfs_name), SQLITE_OK);
    EXPECT_STREQ(vfs_name, vfs->name());
    sqlite3_free(vfs_name);
  }
  // The last connection checkpointed and removed the WAL and -shm files.
  EXPECT_EQ(Env::Default()->Stat(path + "-wal").status().code(), Code::kNotFound);
  EXPECT_EQ(Env::Default()->Stat(path + "-shm").status().code(), Code::kNotFound);
  Db db;
  ASSERT_EQ(OpenDb(path, vfs->name(), &db), SQLITE_OK);
  EXPECT_EQ(QueryText(db.get(), "SELECT group_concat(v, ',') FROM t"), "one,two");
  EXPECT_EQ(QueryText(db.get(), "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(QueryText(db.get(), "PRAGMA integrity_check"), "ok");
}

TEST(SqliteVfsTest, WalAllowsOneWriterAndConcurrentReaders) {
  testing::TempDir temp;
  auto vfs = MustRegister(Env::Default());
  const std::string path = temp.Join("store.db");
  Db a;
  Db b;
  ASSERT_EQ(OpenDb(path, vfs->name(), &a), SQLITE_OK);
  ASSERT_EQ(QueryText(a.get(), "PRAGMA journal_mode=WAL"), "wal");
  ASSERT_EQ(Exec(a.get(), "CREATE TABLE t(v INTEGER); INSERT INTO t VALUES (1)"), SQLITE_OK);
  ASSERT_EQ(OpenDb(path, vfs->name(), &b), SQLITE_OK);

  ASSERT_EQ(Exec(a.get(), "BEGIN IMMEDIATE; INSERT INTO t VALUES (2)"), SQLITE_OK);
  EXPECT_EQ(Exec(b.get(), "BEGIN IMMEDIATE"), SQLITE_BUSY);
  EXPECT_EQ(Exec(b.get(), "INSERT INTO t VALUES (3)"), SQLITE_BUSY);
  EXPECT_EQ(QueryInt(b.get(), "SELECT sum(v) FROM t"), 1);  // readers see the last commit
  ASSERT_EQ(Exec(a.get(), "COMMIT"), SQLITE_OK);
  EXPECT_EQ(QueryInt(b.get(), "SELECT sum(v) FROM t"), 3);
  ASSERT_EQ(Exec(b.get(), "BEGIN IMMEDIATE; INSERT INTO t VALUES (3); COMMIT"), SQLITE_OK);
  EXPECT_EQ(QueryInt(a.get(), "SELECT sum(v) FROM t"), 6);

  // A reader's snapshot holds while the other connection commits.
  ASSERT_EQ(Exec(b.get(), "BEGIN; SELECT * FROM t"), SQLITE_OK);
  ASSERT_EQ(Exec(a.get(), "INSERT INTO t VALUES (4)"), SQLITE_OK);
  EXPECT_EQ(QueryInt(b.get(), "SELECT sum(v) FROM t"), 6);
  ASSERT_EQ(Exec(b.get(), "COMMIT"), SQLITE_OK);
  EXPECT_EQ(QueryInt(b.get(), "SELECT sum(v) FROM t"), 10);
}

TEST(SqliteVfsTest, RollbackJournalLocking) {
  testing::TempDir temp;
  auto vfs = MustRegister(Env::Default());
  const std::string path = temp.Join("store.db");
  Db a;
  Db b;
  ASSERT_EQ(OpenDb(path, vfs->name(), &a), SQLITE_OK);
  ASSERT_EQ(Exec(a.get(), "CREATE TABLE t(v INTEGER); INSERT INTO t VALUES (1)"), SQLITE_OK);
  ASSERT_EQ(OpenDb(path, vfs->name(), &b), SQLITE_OK);

  // RESERVED: one writer, readers still welcome.
  ASSERT_EQ(Exec(a.get(), "BEGIN IMMEDIATE; INSERT INTO t VALUES (2)"), SQLITE_OK);
  EXPECT_EQ(Exec(b.get(), "BEGIN IMMEDIATE"), SQLITE_BUSY);
  EXPECT_EQ(QueryInt(b.get(), "SELECT sum(v) FROM t"), 1);
  ASSERT_EQ(Exec(a.get(), "COMMIT"), SQLITE_OK);
  EXPECT_EQ(QueryInt(b.get(), "SELECT sum(v) FROM t"), 3);

  // EXCLUSIVE: no readers either.
  ASSERT_EQ(Exec(a.get(), "BEGIN EXCLUSIVE"), SQLITE_OK);
  EXPECT_EQ(Exec(b.get(), "SELECT * FROM t"), SQLITE_BUSY);
  ASSERT_EQ(Exec(a.get(), "COMMIT"), SQLITE_OK);

  // A reader keeps a writer from committing (PENDING), and the writer's
  // PENDING lock keeps new readers out until it is done.
  sqlite3_stmt* reading = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(b.get(), "SELECT v FROM t", -1, &reading, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(reading), SQLITE_ROW);
  ASSERT_EQ(Exec(a.get(), "BEGIN IMMEDIATE; INSERT INTO t VALUES (4)"), SQLITE_OK);
  EXPECT_EQ(Exec(a.get(), "COMMIT"), SQLITE_BUSY);
  Db c;
  ASSERT_EQ(OpenDb(path, vfs->name(), &c), SQLITE_OK);
  EXPECT_EQ(QueryInt(c.get(), "SELECT count(*) FROM t"), std::nullopt);  // busy
  EXPECT_EQ(sqlite3_errcode(c.get()), SQLITE_BUSY);
  sqlite3_finalize(reading);
  ASSERT_EQ(Exec(a.get(), "COMMIT"), SQLITE_OK);
  EXPECT_EQ(QueryInt(b.get(), "SELECT sum(v) FROM t"), 7);
}

class SqliteVfsInteropTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SqliteVfsInteropTest, SharesADatabaseWithSqlitesOwnVfs) {
  const std::string journal_mode = GetParam();
  testing::TempDir temp;
  auto vfs = MustRegister(Env::Default());
  const std::string path = temp.Join("store.db");
  {
    Db db;
    ASSERT_EQ(OpenDb(path, vfs->name(), &db), SQLITE_OK);
    ASSERT_EQ(QueryText(db.get(), "PRAGMA journal_mode=" + journal_mode), journal_mode);
    ASSERT_EQ(Exec(db.get(), "CREATE TABLE t(v TEXT); INSERT INTO t VALUES ('relic')"), SQLITE_OK);
  }
  {
    Db db;
    ASSERT_EQ(OpenDb(path, nullptr, &db), SQLITE_OK);
    EXPECT_EQ(QueryText(db.get(), "SELECT v FROM t"), "relic");
    ASSERT_EQ(Exec(db.get(), "INSERT INTO t VALUES ('unix')"), SQLITE_OK);
  }
  Db ours;
  Db theirs;
  ASSERT_EQ(OpenDb(path, vfs->name(), &ours), SQLITE_OK);
  ASSERT_EQ(OpenDb(path, nullptr, &theirs), SQLITE_OK);
  EXPECT_EQ(QueryText(ours.get(), "SELECT group_concat(v, ',') FROM t"), "relic,unix");

  // Each side sees the other's write lock.
  ASSERT_EQ(Exec(ours.get(), "BEGIN IMMEDIATE; INSERT INTO t VALUES ('a')"), SQLITE_OK);
  EXPECT_EQ(Exec(theirs.get(), "BEGIN IMMEDIATE"), SQLITE_BUSY);
  ASSERT_EQ(Exec(ours.get(), "COMMIT"), SQLITE_OK);
  ASSERT_EQ(Exec(theirs.get(), "BEGIN IMMEDIATE; INSERT INTO t VALUES ('b')"), SQLITE_OK);
  EXPECT_EQ(Exec(ours.get(), "BEGIN IMMEDIATE"), SQLITE_BUSY);
  ASSERT_EQ(Exec(theirs.get(), "COMMIT"), SQLITE_OK);
  EXPECT_EQ(QueryText(ours.get(), "SELECT group_concat(v, ',') FROM t"), "relic,unix,a,b");
  EXPECT_EQ(QueryText(theirs.get(), "SELECT group_concat(v, ',') FROM t"), "relic,unix,a,b");
  EXPECT_EQ(QueryText(ours.get(), "PRAGMA integrity_check"), "ok");
}

INSTANTIATE_TEST_SUITE_P(JournalModes, SqliteVfsInteropTest, ::testing::Values("wal", "delete"),
                         [](const auto& param_info) { return param_info.param; });

// Runs a shell command and returns its combined output and exit status.
std::pair<std::string, int> RunShell(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {"popen failed", -1};
  char buf[256];
  while (size_t n = std::fread(buf, 1, sizeof buf, pipe)) output.append(buf, n);
  int status = ::pclose(pipe);
  return {output, status};
}

TEST(SqliteVfsTest, InteroperatesWithTheSqliteCommandLineTool) {
  if (RunShell("command -v sqlite3").second != 0) GTEST_SKIP() << "no sqlite3 command-line tool";
  testing::TempDir temp;
  auto vfs = MustRegister(Env::Default());
  const std::string path = temp.Join("store.db");
  Db db;
  ASSERT_EQ(OpenDb(path, vfs->name(), &db), SQLITE_OK);
  ASSERT_EQ(QueryText(db.get(), "PRAGMA journal_mode=WAL"), "wal");
  ASSERT_EQ(Exec(db.get(), "CREATE TABLE t(v TEXT)"), SQLITE_OK);

  ASSERT_EQ(Exec(db.get(), "BEGIN IMMEDIATE; INSERT INTO t VALUES ('relic')"), SQLITE_OK);
  auto [locked, locked_status] = RunShell("sqlite3 " + path + " \"INSERT INTO t VALUES ('cli')\"");
  EXPECT_NE(locked_status, 0);
  EXPECT_THAT(locked, HasSubstr("database is locked"));
  ASSERT_EQ(Exec(db.get(), "COMMIT"), SQLITE_OK);

  auto [output, status] = RunShell(
      "sqlite3 " + path + " \"INSERT INTO t VALUES ('cli'); SELECT group_concat(v, ',') FROM t\"");
  EXPECT_EQ(status, 0) << output;
  EXPECT_EQ(output, "relic,cli\n");
  EXPECT_EQ(QueryText(db.get(), "SELECT group_concat(v, ',') FROM t"), "relic,cli");
}

class SqliteVfsMemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RELIC_ASSERT_OK(env_.CreateDir("/db"));
    RELIC_ASSERT_OK(env_.SyncDir("/"));
    vfs_ = MustRegister(&env_);
    ASSERT_NE(vfs_, nullptr);
  }

  ManualClock clock_{1'700'000'000};
  MemEnv env_{&clock_};
  std::unique_ptr<SqliteVfs> vfs_;
};

TEST_F(SqliteVfsMemTest, WalDatabaseInMemory) {
  {
    Db db;
    ASSERT_EQ(OpenDb("/db/store.db", vfs_->name(), &db), SQLITE_OK);
    ASSERT_EQ(QueryText(db.get(), "PRAGMA journal_mode=WAL"), "wal");
    ASSERT_EQ(Exec(db.get(),
                   "CREATE TABLE t(v BLOB); "
                   "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<500) "
                   "INSERT INTO t SELECT randomblob(1000) FROM n"),
              SQLITE_OK);
    auto names = env_.ListDir("/db");
    RELIC_ASSERT_OK(names);
    EXPECT_THAT(*names, IsSupersetOf({"store.db", "store.db-wal", "store.db-shm"}));
  }
  Db db;
  ASSERT_EQ(OpenDb("/db/store.db", vfs_->name(), &db), SQLITE_OK);
  EXPECT_EQ(QueryInt(db.get(), "SELECT count(*) FROM t"), 500);
  EXPECT_EQ(QueryText(db.get(), "PRAGMA integrity_check"), "ok");
}

TEST_F(SqliteVfsMemTest, ThreadsWithTheirOwnConnectionsNeverLoseAnUpdate) {
  {
    Db db;
    ASSERT_EQ(OpenDb("/db/counter.db", vfs_->name(), &db), SQLITE_OK);
    ASSERT_EQ(QueryText(db.get(), "PRAGMA journal_mode=WAL"), "wal");
    ASSERT_EQ(Exec(db.get(), "CREATE TABLE counter(n INTEGER); INSERT INTO counter VALUES (0)"),
              SQLITE_OK);
  }
  constexpr int kThreads = 4;
  constexpr int kIncrements = 100;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      Db db;
      if (OpenDb("/db/counter.db", vfs_->name(), &db) != SQLITE_OK) {
        ++failures;
        return;
      }
      sqlite3_busy_timeout(db.get(), 5000);
      for (int i = 0; i < kIncrements; ++i) {
        if (Exec(db.get(), "BEGIN IMMEDIATE") != SQLITE_OK) {
          ++failures;
          return;
        }
        auto n = QueryInt(db.get(), "SELECT n FROM counter");
        if (!n || Exec(db.get(), "UPDATE counter SET n = " + std::to_string(*n + 1)) != SQLITE_OK ||
            Exec(db.get(), "COMMIT") != SQLITE_OK) {
          ++failures;
          return;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  Db db;
  ASSERT_EQ(OpenDb("/db/counter.db", vfs_->name(), &db), SQLITE_OK);
  EXPECT_EQ(QueryInt(db.get(), "SELECT n FROM counter"), kThreads * kIncrements);
}

TEST_F(SqliteVfsMemTest, TemporaryFilesStayOutOfTheEnv) {
  Db db;
  ASSERT_EQ(OpenDb("/db/store.db", vfs_->name(), &db), SQLITE_OK);
  ASSERT_EQ(Exec(db.get(),
                 "PRAGMA temp_store=FILE; PRAGMA cache_size=10; "
                 "CREATE TEMP TABLE scratch(v BLOB); "
                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<2000) "
                 "INSERT INTO scratch SELECT randomblob(500) FROM n"),
            SQLITE_OK);
  EXPECT_EQ(QueryInt(db.get(), "SELECT count(*) FROM (SELECT v FROM scratch ORDER BY v)"), 2000);
  auto names = env_.ListDir("/db");
  RELIC_ASSERT_OK(names);
  for (const auto& name : *names) EXPECT_THAT(name, HasSubstr("store.db")) << name;
}

TEST_F(SqliteVfsMemTest, TimeComesFromTheEnvClock) {
  Db db;
  ASSERT_EQ(OpenDb("/db/store.db", vfs_->name(), &db), SQLITE_OK);
  EXPECT_EQ(QueryInt(db.get(), "SELECT CAST(strftime('%s', 'now') AS INTEGER)"), 1'700'000'000);
  clock_.Advance(60);
  EXPECT_EQ(QueryInt(db.get(), "SELECT CAST(strftime('%s', 'now') AS INTEGER)"), 1'700'000'060);
}

TEST_F(SqliteVfsMemTest, EnvErrorsBecomeSqliteErrors) {
  FaultInjectionEnv faulty(&env_);
  auto vfs = MustRegister(&faulty);
  faulty.FailNth(FaultOp::kOpen, 1, Code::kPermissionDenied);
  Db db;
  EXPECT_EQ(OpenDb("/db/store.db", vfs->name(), &db) & 0xff, SQLITE_CANTOPEN);
  // SQLite's message is generic; the VFS keeps the Env's.
  EXPECT_THAT(vfs->LastError().message(), HasSubstr("cannot open /db/store.db"));
  EXPECT_EQ(vfs->LastError().code(), Code::kPermissionDenied);

  ASSERT_EQ(OpenDb("/db/store.db", vfs->name(), &db), SQLITE_OK);
  ASSERT_EQ(Exec(db.get(), "CREATE TABLE t(v)"), SQLITE_OK);
  faulty.FailNth(FaultOp::kWrite, 1, Code::kNoSpace);
  EXPECT_EQ(Exec(db.get(), "INSERT INTO t VALUES (1)"), SQLITE_FULL);
  EXPECT_EQ(vfs->LastError().code(), Code::kNoSpace);
  faulty.FailNth(FaultOp::kSync, 1, Code::kIoError);
  EXPECT_EQ(Exec(db.get(), "INSERT INTO t VALUES (1)"), SQLITE_IOERR_FSYNC);
  EXPECT_EQ(QueryText(db.get(), "PRAGMA integrity_check"), "ok");
  ASSERT_EQ(Exec(db.get(), "INSERT INTO t VALUES (2)"), SQLITE_OK);
  EXPECT_EQ(QueryInt(db.get(), "SELECT sum(v) FROM t"), 2);
}

struct CrashCase {
  std::string journal_mode;
  std::string synchronous;
  bool torn_writes;
};

void PrintTo(const CrashCase& c, std::ostream* os) {
  *os << c.journal_mode << "/" << c.synchronous << (c.torn_writes ? "/torn" : "");
}

class SqliteVfsCrashTest : public ::testing::TestWithParam<CrashCase> {};

// Every committed transaction survives a power loss, an uncommitted one
// vanishes, and the database reopens clean.
TEST_P(SqliteVfsCrashTest, CommittedTransactionsSurviveACrash) {
  const CrashCase& c = GetParam();
  ManualClock clock(0);
  MemEnv env(&clock);
  env.set_torn_writes(c.torn_writes);
  RELIC_ASSERT_OK(env.CreateDir("/db"));
  RELIC_ASSERT_OK(env.SyncDir("/"));
  auto vfs = MustRegister(&env);
  const std::string setup = "PRAGMA journal_mode=" + c.journal_mode +
                            "; PRAGMA synchronous=" + c.synchronous +
                            "; PRAGMA wal_autocheckpoint=20;";

  Db db;
  ASSERT_EQ(OpenDb("/db/store.db", vfs->name(), &db), SQLITE_OK);
  ASSERT_EQ(Exec(db.get(), setup), SQLITE_OK);
  ASSERT_EQ(Exec(db.get(), "CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)"), SQLITE_OK);
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 30; ++i) {
      ASSERT_EQ(Exec(db.get(), "INSERT INTO t(v) VALUES (randomblob(1500))"), SQLITE_OK);
    }
    ASSERT_EQ(Exec(db.get(), "BEGIN; INSERT INTO t(id, v) VALUES (-1, 'uncommitted')"), SQLITE_OK);
    env.SimulateCrash();
    db.reset();  // the old connection only sees I/O errors now

    ASSERT_EQ(OpenDb("/db/store.db", vfs->name(), &db), SQLITE_OK);
    ASSERT_EQ(Exec(db.get(), setup), SQLITE_OK);
    EXPECT_EQ(QueryText(db.get(), "PRAGMA integrity_check"), "ok");
    EXPECT_EQ(QueryInt(db.get(), "SELECT count(*) FROM t WHERE id > 0"), 30 * (round + 1));
    EXPECT_EQ(QueryInt(db.get(), "SELECT count(*) FROM t WHERE id = -1"), 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, SqliteVfsCrashTest,
                         ::testing::Values(CrashCase{"wal", "full", false},
                                           CrashCase{"wal", "full", true},
                                           CrashCase{"delete", "extra", false},
                                           CrashCase{"delete", "extra", true}),
                         [](const auto& param_info) {
                           return param_info.param.journal_mode + "_" +
                                  param_info.param.synchronous +
                                  (param_info.param.torn_writes ? "_torn" : "");
                         });

}  // namespace
}  // namespace relic
