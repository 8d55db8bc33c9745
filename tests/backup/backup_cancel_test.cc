// SPDX-License-Identifier: Apache-2.0
// Cancel at every progress event and at every environment operation, and
// fail every write, sync and rename in turn: the folder keeps the old set
// byte for byte (or, once past the commit point, holds the complete new
// one), no temporary file remains, and the store is unchanged.
#include <gtest/gtest.h>

#include <atomic>

#include "backup_fixture.h"
#include "env/fault_injection_env.h"

namespace relic::testing {
namespace {

class BackupCancelTest : public BackupFixture {
 protected:
  // An old set in the folder, which every interrupted backup must keep.
  void MakeOldSet() {
    RELIC_ASSERT_OK(RunBackup(Request()).end);
    old_folder_ = FolderContents(Folder());
    store_before_ = Snapshot(machine_->store());
  }

  // After an operation that ended with `end`: the folder holds the old set,
  // or the operation succeeded and it holds a complete new one.
  void ExpectOldOrCompleteNew(const Status& end, const std::string& context,
                              bool check_store = true) {
    auto now = FolderContents(Folder());
    EXPECT_EQ(now.size(), 1u) << context << ": temporary files remain";
    if (now != old_folder_) {
      EXPECT_TRUE(end.ok()) << context << ": the folder changed but END said " << end.ToString();
      RELIC_EXPECT_OK(VerifyBackupSet(Folder()));
    }
    if (check_store) {
      EXPECT_EQ(Snapshot(machine_->store()), store_before_) << context;
    }
  }

  std::map<std::string, Bytes> old_folder_;
  std::string store_before_;
};

TEST_F(BackupCancelTest, CancelAtEveryProgressEvent) {
  AddLicenses(1000, Rights{.allow_backup = true});
  MakeOldSet();
  BackupRequest request = Request();
  request.overwrite = true;
  int canceled = 0, completed = 0;
  for (int k = 1;; ++k) {
    int seen = 0;
    BackupRun run = RunBackup(request, [&](const BackupEvent& e, Operation& op) {
      if (e.type == BackupEventType::kProgress && ++seen == k) op.Cancel();
    });
    RELIC_ASSERT_OK(run.start);
    if (seen < k) break;  // every progress event has been tried
    ASSERT_EQ(run.events.back().type, BackupEventType::kEnd);
    if (run.end.code() == Code::kCanceled) {
      ++canceled;
      EXPECT_EQ(FolderContents(Folder()), old_folder_) << "cancel at progress " << k;
    } else {
      RELIC_EXPECT_OK(run.end);
      ++completed;
    }
    ExpectOldOrCompleteNew(run.end, "cancel at progress event " + std::to_string(k),
                           /*check_store=*/false);
  }
  EXPECT_EQ(Snapshot(machine_->store()), store_before_);
  std::printf("canceled at %d progress events: %d canceled, %d past the commit point\n",
              canceled + completed, canceled, completed);
  EXPECT_GE(canceled, 100);
}

TEST_F(BackupCancelTest, CancelAtEveryEnvironmentOperation) {
  AddLicenses(100, Rights{.allow_backup = true});
  MakeOldSet();
  FaultInjectionEnv env(world_.env());
  BackupRequest request = Request();
  request.overwrite = true;
  request.home_options = world_.Options("a", &env);
  request.chunk_size = 4096;
  std::atomic<uint64_t> ops{0};
  std::atomic<uint64_t> cancel_at{0};
  std::atomic<Operation*> current{nullptr};
  env.SetHook([&](FaultOp, const std::string&) {
    Operation* op = current.load();
    if (op == nullptr) return;
    if (++ops == cancel_at.load()) op->Cancel();
  });
  int canceled = 0, completed = 0;
  for (uint64_t n = 1;; ++n) {
    ops = 0;
    cancel_at = n;
    BackupRun run = RunBackup(request, [&](const BackupEvent& e, Operation& op) {
      if (e.type == BackupEventType::kBegin) current = &op;
      if (e.type == BackupEventType::kEnd) current = nullptr;
    });
    current = nullptr;
    RELIC_ASSERT_OK(run.start);
    if (ops < n) break;
    if (run.end.code() == Code::kCanceled) {
      ++canceled;
    } else {
      EXPECT_TRUE(run.end.ok()) << "cancel at operation " << n << ": " << run.end.ToString();
      ++completed;
    }
    ExpectOldOrCompleteNew(run.end, "cancel at environment operation " + std::to_string(n));
    if (::testing::Test::HasFailure()) break;
  }
  env.SetHook(nullptr);
  std::printf(
      "canceled at each of %d environment operations: %d canceled, %d past the commit "
      "point\n",
      canceled + completed, canceled, completed);
  EXPECT_GT(canceled, 10);
}

struct FaultCase {
  const char* name;
  FaultOp op;
  Code code;
};

class BackupFaultTest : public BackupCancelTest, public ::testing::WithParamInterface<FaultCase> {};

TEST_P(BackupFaultTest, FailingEachOperationInTurnKeepsTheOldSet) {
  const FaultCase& fault = GetParam();
  AddLicenses(200, Rights{.allow_backup = true});
  MakeOldSet();
  FaultInjectionEnv env(world_.env());
  BackupRequest request = Request();
  request.overwrite = true;
  request.home_options = world_.Options("a", &env);
  request.chunk_size = 4096;
  int failures = 0;
  for (uint64_t n = 1;; ++n) {
    ASSERT_LT(n, 5000u);
    env.FailNth(fault.op, n, fault.code);
    BackupRun run = RunBackup(request);
    bool fired = env.fault_fired();
    env.ClearFaults();
    if (!fired) {
      RELIC_ASSERT_OK(run.start);
      RELIC_ASSERT_OK(run.end);
      break;
    }
    ++failures;
    Status result = run.start.ok() ? run.end : run.start;
    EXPECT_FALSE(result.ok()) << fault.name << " " << n << " failed but the backup succeeded";
    EXPECT_EQ(result.code(), fault.code) << result.ToString();
    auto now = FolderContents(Folder());
    EXPECT_EQ(now.size(), 1u) << "temporary files remain after " << fault.name << " " << n;
    if (now != old_folder_) {
      // Only a failure after the rename (syncing the folder) leaves the new
      // set, complete, in place; the error says it may not be durable.
      EXPECT_EQ(fault.op, FaultOp::kSyncDir) << fault.name << " " << n;
      RELIC_EXPECT_OK(VerifyBackupSet(Folder()));
      RELIC_ASSERT_OK(RunBackup(request).end);  // put a known set back
      old_folder_ = FolderContents(Folder());
    }
    EXPECT_EQ(Snapshot(machine_->store()), store_before_);
    if (::testing::Test::HasFailure()) break;
  }
  std::printf("%s: %d failing operations covered\n", fault.name, failures);
  EXPECT_GT(failures, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Faults, BackupFaultTest,
    ::testing::Values(FaultCase{"write", FaultOp::kWrite, Code::kIoError},
                      FaultCase{"write_disk_full", FaultOp::kWrite, Code::kNoSpace},
                      FaultCase{"fsync", FaultOp::kSync, Code::kIoError},
                      FaultCase{"rename", FaultOp::kRename, Code::kIoError},
                      FaultCase{"fsync_folder", FaultOp::kSyncDir, Code::kIoError}),
    [](const ::testing::TestParamInfo<FaultCase>& param_info) {
      return std::string(param_info.param.name);
    });

}  // namespace
}  // namespace relic::testing
