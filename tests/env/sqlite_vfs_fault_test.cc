// SPDX-License-Identifier: Apache-2.0
// Fails each write, sync or other operation of a committing transaction in
// turn and checks what a user would see: the commit reports an error, and
// the reopened database holds the old or the new state, never a mixture.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <ostream>
#include <string>

#include "env/fault_injection_env.h"
#include "env/mem_env.h"
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

constexpr int kOldRows = 20;
constexpr uint32_t kWrite = static_cast<uint32_t>(FaultOp::kWrite);
constexpr uint32_t kSync = static_cast<uint32_t>(FaultOp::kSync);

struct FaultCase {
  std::string journal_mode;
  std::string ops;  // names the mask in test names
  uint32_t mask;
  FaultStyle style;
  bool crash;  // power loss after the failure, rather than a clean close
};

std::string CaseName(const FaultCase& c) {
  std::string name = c.journal_mode + "_" + c.ops;
  if (c.style == FaultStyle::kShortWrite) name += "_short";
  return name + (c.crash ? "_crash" : "_close");
}

void PrintTo(const FaultCase& c, std::ostream* os) { *os << CaseName(c); }

class SqliteVfsFaultTest : public ::testing::TestWithParam<FaultCase> {
 protected:
  std::string Pragmas() const {
    // EXTRA makes rollback-journal commits durable (the journal's deletion
    // is synced), so that the old state is well defined after a crash.
    return "PRAGMA journal_mode=" + GetParam().journal_mode +
           "; PRAGMA synchronous=" + (GetParam().journal_mode == "wal" ? "FULL" : "EXTRA") +
           "; PRAGMA cache_size=5;";
  }

  // A database holding kOldRows rows with v = 'old', written durably.
  void CreateOldState(MemEnv* env) {
    RELIC_ASSERT_OK(env->CreateDir("/db"));
    RELIC_ASSERT_OK(env->SyncDir("/"));
    auto vfs = SqliteVfs::Register(env);
    RELIC_ASSERT_OK(vfs);
    Db db;
    ASSERT_EQ(OpenDb("/db/store.db", (*vfs)->name(), &db), SQLITE_OK);
    ASSERT_EQ(Exec(db.get(), Pragmas()), SQLITE_OK);
    ASSERT_EQ(Exec(db.get(),
                   "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT, pad BLOB); "
                   "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<" +
                       std::to_string(kOldRows) +
                       ") INSERT INTO t SELECT i, 'old', randomblob(300) FROM n"),
              SQLITE_OK);
  }
};

TEST_P(SqliteVfsFaultTest, FailedCommitLeavesOldOrNewState) {
  const FaultCase& c = GetParam();
  int faults = 0;
  int old_states = 0;
  int new_states = 0;
  for (uint64_t n = 1;; ++n) {
    SCOPED_TRACE("failing " + c.ops + " #" + std::to_string(n));
    ManualClock clock(0);
    MemEnv base(&clock);
    base.set_torn_writes(true);
    CreateOldState(&base);
    if (HasFatalFailure()) return;

    FaultInjectionEnv faulty(&base);
    auto vfs = SqliteVfs::Register(&faulty);
    RELIC_ASSERT_OK(vfs);
    Db db;
    ASSERT_EQ(OpenDb("/db/store.db", (*vfs)->name(), &db), SQLITE_OK);
    ASSERT_EQ(Exec(db.get(), Pragmas()), SQLITE_OK);

    faulty.FailNth(c.mask, n, Code::kIoError, c.style);
    // Touches every old row and adds as many, over many pages.
    int rc = Exec(db.get(),
                  "BEGIN; UPDATE t SET v = 'new', pad = randomblob(400); "
                  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<" +
                      std::to_string(kOldRows) +
                      ") INSERT INTO t(v, pad) SELECT 'new', randomblob(400) FROM n; COMMIT");
    if (!faulty.fault_fired()) {
      EXPECT_EQ(rc, SQLITE_OK);
      break;
    }
    ++faults;
    if (c.mask == static_cast<uint32_t>(FaultOp::kWrite) ||
        c.mask == static_cast<uint32_t>(FaultOp::kSync)) {
      EXPECT_NE(rc, SQLITE_OK) << "the failed " << c.ops << " went unreported";
    }

    if (c.crash) {
      base.SimulateCrash();
    } else {
      faulty.ClearFaults();
    }
    db.reset();

    auto clean = SqliteVfs::Register(&base);
    RELIC_ASSERT_OK(clean);
    ASSERT_EQ(OpenDb("/db/store.db", (*clean)->name(), &db), SQLITE_OK);
    EXPECT_EQ(QueryText(db.get(), "PRAGMA integrity_check"), "ok");
    auto rows = QueryInt(db.get(), "SELECT count(*) FROM t");
    auto old_rows = QueryInt(db.get(), "SELECT count(*) FROM t WHERE v = 'old'");
    auto new_rows = QueryInt(db.get(), "SELECT count(*) FROM t WHERE v = 'new'");
    const bool is_old = rows == kOldRows && old_rows == kOldRows && new_rows == 0;
    const bool is_new = rows == 2 * kOldRows && old_rows == 0 && new_rows == 2 * kOldRows;
    EXPECT_TRUE(is_old || is_new) << "rows " << rows.value_or(-1) << ", old "
                                  << old_rows.value_or(-1) << ", new " << new_rows.value_or(-1);
    // A commit reported as done is durable, whatever failed around it.
    if (rc == SQLITE_OK) {
      EXPECT_TRUE(is_new) << "a successful commit was lost";
    }
    old_states += is_old;
    new_states += is_new;
    // And it is usable again.
    EXPECT_EQ(Exec(db.get(), "INSERT INTO t(v) VALUES ('after')"), SQLITE_OK);
    db.reset();
  }
  EXPECT_GT(faults, 0);
  EXPECT_GT(old_states, 0);
  ::testing::Test::RecordProperty("faults", faults);
  ::testing::Test::RecordProperty("new_states", new_states);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SqliteVfsFaultTest,
    ::testing::Values(FaultCase{"wal", "write", kWrite, FaultStyle::kOnce, false},
                      FaultCase{"wal", "write", kWrite, FaultStyle::kShortWrite, true},
                      FaultCase{"wal", "sync", kSync, FaultStyle::kOnce, false},
                      FaultCase{"wal", "sync", kSync, FaultStyle::kOnce, true},
                      FaultCase{"wal", "any", kAllFaultOps, FaultStyle::kOnce, false},
                      FaultCase{"wal", "any", kAllFaultOps, FaultStyle::kOnce, true},
                      FaultCase{"delete", "write", kWrite, FaultStyle::kOnce, false},
                      FaultCase{"delete", "write", kWrite, FaultStyle::kShortWrite, true},
                      FaultCase{"delete", "sync", kSync, FaultStyle::kOnce, false},
                      FaultCase{"delete", "sync", kSync, FaultStyle::kOnce, true},
                      FaultCase{"delete", "any", kAllFaultOps, FaultStyle::kOnce, false},
                      FaultCase{"delete", "any", kAllFaultOps, FaultStyle::kOnce, true}),
    [](const auto& param_info) { return CaseName(param_info.param); });

}  // namespace
}  // namespace relic
