// SPDX-License-Identifier: Apache-2.0
#include "env/fault_injection_env.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "env/mem_env.h"
#include "support/test_support.h"

namespace relic {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

Bytes B(std::string_view s) { return Bytes(s.begin(), s.end()); }

class FaultInjectionEnvTest : public ::testing::Test {
 protected:
  void SetUp() override { RELIC_ASSERT_OK(base_.CreateDir("/d")); }

  std::unique_ptr<File> Open(const std::string& path) {
    auto file = env_.OpenFile(path, OpenMode::kCreate);
    EXPECT_TRUE(file.ok()) << file.status().ToString();
    return file.ok() ? std::move(file).value() : nullptr;
  }

  std::string BaseContent(const std::string& path) {
    auto file = base_.OpenFile(path, OpenMode::kReadOnly);
    if (!file.ok()) return "<missing>";
    std::string out(static_cast<size_t>(*(*file)->Size()), '\0');
    EXPECT_TRUE(
        (*file)->ReadAt(0, std::span(reinterpret_cast<uint8_t*>(out.data()), out.size())).ok());
    return out;
  }

  ManualClock clock_{100};
  MemEnv base_{&clock_};
  FaultInjectionEnv env_{&base_};
};

TEST_F(FaultInjectionEnvTest, CountsOperationsByKind) {
  auto file = Open("/d/f");
  RELIC_ASSERT_OK(file->WriteAt(0, B("a")));
  RELIC_ASSERT_OK(file->WriteAt(1, B("b")));
  RELIC_ASSERT_OK(file->Sync());
  uint8_t buf[2];
  RELIC_ASSERT_OK(file->ReadAt(0, buf));
  RELIC_ASSERT_OK(env_.SyncDir("/d"));
  RELIC_ASSERT_OK(env_.RenameFile("/d/f", "/d/g"));
  RELIC_ASSERT_OK(env_.Stat("/d/g"));
  EXPECT_EQ(env_.Count(FaultOp::kOpen), 1u);
  EXPECT_EQ(env_.Count(FaultOp::kWrite), 2u);
  EXPECT_EQ(env_.Count(FaultOp::kWrite | FaultOp::kSync), 3u);
  EXPECT_EQ(env_.Count(FaultOp::kRead), 1u);
  EXPECT_EQ(env_.Count(FaultOp::kSyncDir), 1u);
  EXPECT_EQ(env_.Count(FaultOp::kRename), 1u);
  EXPECT_EQ(env_.Count(FaultOp::kStat), 1u);
  EXPECT_EQ(env_.Count(kAllFaultOps), 8u);
  env_.ResetCounts();
  EXPECT_EQ(env_.Count(kAllFaultOps), 0u);
  EXPECT_FALSE(env_.fault_fired());
}

TEST_F(FaultInjectionEnvTest, FailsTheNthOperationOnce) {
  auto file = Open("/d/f");
  RELIC_ASSERT_OK(file->WriteAt(0, B("1")));  // not counted: armed later
  env_.FailNth(FaultOp::kWrite, 2, Code::kNoSpace);
  RELIC_ASSERT_OK(file->WriteAt(1, B("2")));
  EXPECT_FALSE(env_.fault_fired());
  Status s = file->WriteAt(2, B("3"));
  EXPECT_EQ(s.code(), Code::kNoSpace);
  EXPECT_THAT(s.message(), HasSubstr("cannot write /d/f: injected no_space fault"));
  EXPECT_TRUE(env_.fault_fired());
  RELIC_EXPECT_OK(file->WriteAt(3, B("4")));
  RELIC_EXPECT_OK(file->Sync());  // other kinds are never affected
  EXPECT_EQ(BaseContent("/d/f"), std::string("12\0"
                                             "4",
                                             4));  // the failed write did nothing
  EXPECT_EQ(env_.Count(FaultOp::kWrite), 4u);      // failed ones count too
}

TEST_F(FaultInjectionEnvTest, MaskCountsEveryKindInIt) {
  auto file = Open("/d/f");
  env_.FailNth(FaultOp::kWrite | FaultOp::kSync, 3);
  RELIC_ASSERT_OK(file->WriteAt(0, B("a")));
  RELIC_ASSERT_OK(file->Sync());
  RELIC_ASSERT_OK(file->Truncate(0));  // not in the mask
  EXPECT_EQ(file->Sync().code(), Code::kIoError);
}

TEST_F(FaultInjectionEnvTest, StickyFaultsKeepFailing) {
  auto file = Open("/d/f");
  env_.FailNth(FaultOp::kSync | FaultOp::kWrite, 2, Code::kIoError, FaultStyle::kSticky);
  RELIC_ASSERT_OK(file->Sync());
  EXPECT_EQ(file->Sync().code(), Code::kIoError);
  EXPECT_EQ(file->WriteAt(0, B("x")).code(), Code::kIoError);
  EXPECT_EQ(file->Sync().code(), Code::kIoError);
  RELIC_EXPECT_OK(file->Truncate(0));
  env_.ClearFaults();
  EXPECT_FALSE(env_.fault_fired());
  RELIC_EXPECT_OK(file->Sync());
  RELIC_EXPECT_OK(file->WriteAt(0, B("x")));
}

TEST_F(FaultInjectionEnvTest, ShortWriteWritesHalfThenFails) {
  auto file = Open("/d/f");
  env_.FailNth(FaultOp::kWrite, 1, Code::kNoSpace, FaultStyle::kShortWrite);
  EXPECT_EQ(file->WriteAt(0, B("abcdef")).code(), Code::kNoSpace);
  EXPECT_EQ(BaseContent("/d/f"), "abc");
  RELIC_EXPECT_OK(file->WriteAt(3, B("DEF")));  // only once
}

TEST_F(FaultInjectionEnvTest, FailedOperationsDoNotReachTheBase) {
  env_.FailNth(FaultOp::kOpen, 1);
  auto file = env_.OpenFile("/d/new", OpenMode::kCreate);
  EXPECT_EQ(file.status().code(), Code::kIoError);
  EXPECT_THAT(file.status().message(), HasSubstr("cannot open /d/new"));
  EXPECT_EQ(base_.Stat("/d/new").status().code(), Code::kNotFound);

  ASSERT_NE(Open("/d/a"), nullptr);
  env_.FailNth(FaultOp::kRename, 1);
  Status s = env_.RenameFile("/d/a", "/d/b");
  EXPECT_THAT(s.message(), HasSubstr("cannot rename /d/a to /d/b"));
  RELIC_EXPECT_OK(base_.Stat("/d/a"));

  env_.FailNth(FaultOp::kDelete, 1);
  EXPECT_FALSE(env_.DeleteFile("/d/a").ok());
  RELIC_EXPECT_OK(base_.Stat("/d/a"));

  env_.FailNth(FaultOp::kCreateDir, 1, Code::kPermissionDenied);
  EXPECT_EQ(env_.CreateDir("/d/sub").code(), Code::kPermissionDenied);
  EXPECT_EQ(base_.Stat("/d/sub").status().code(), Code::kNotFound);
}

TEST_F(FaultInjectionEnvTest, FaultsReachEveryKind) {
  auto file = Open("/d/f");
  struct Case {
    FaultOp op;
    std::function<Status()> run;
  };
  uint8_t buf[1];
  std::vector<Case> cases = {
      {FaultOp::kRead, [&] { return file->ReadAt(0, buf).status(); }},
      {FaultOp::kWrite, [&] { return file->WriteAt(0, B("x")); }},
      {FaultOp::kSync, [&] { return file->Sync(); }},
      {FaultOp::kTruncate, [&] { return file->Truncate(0); }},
      {FaultOp::kMap, [&] { return file->MapShared(0, 4096).status(); }},
      {FaultOp::kLock, [&] { return file->Lock(0, 1, LockType::kShared); }},
      {FaultOp::kStat, [&] { return file->Size().status(); }},
      {FaultOp::kStat, [&] { return env_.Stat("/d/f").status(); }},
      {FaultOp::kStat, [&] { return env_.ListDir("/d").status(); }},
      {FaultOp::kSyncDir, [&] { return env_.SyncDir("/d"); }},
      {FaultOp::kDelete, [&] { return env_.DeleteDir("/d"); }},
      {FaultOp::kSetPermissions, [&] { return env_.SetPermissions("/d/f", 0600); }},
  };
  for (const auto& c : cases) {
    env_.FailNth(c.op, 1, Code::kCorrupt);
    Status s = c.run();
    EXPECT_EQ(s.code(), Code::kCorrupt) << FaultOpName(c.op);
    EXPECT_THAT(s.message(), HasSubstr("cannot " + std::string(FaultOpName(c.op))));
    EXPECT_TRUE(env_.fault_fired());
  }
}

TEST_F(FaultInjectionEnvTest, HookSeesEveryOperationFirst) {
  std::vector<std::pair<FaultOp, std::string>> seen;
  env_.SetHook([&](FaultOp op, const std::string& path) {
    seen.emplace_back(op, path);
    // The hook may use the environment itself.
    EXPECT_TRUE(base_.Stat("/d").ok());
  });
  env_.FailNth(FaultOp::kWrite, 1);
  auto file = Open("/d/f");
  EXPECT_FALSE(file->WriteAt(0, B("x")).ok());  // the hook runs even for failing ops
  RELIC_ASSERT_OK(env_.RenameFile("/d/f", "/d/g"));
  EXPECT_THAT(seen, ElementsAre(Pair(FaultOp::kOpen, "/d/f"), Pair(FaultOp::kWrite, "/d/f"),
                                Pair(FaultOp::kRename, "/d/f")));
  env_.SetHook(nullptr);
  RELIC_ASSERT_OK(env_.SyncDir("/d"));
  EXPECT_EQ(seen.size(), 3u);
}

TEST_F(FaultInjectionEnvTest, ClockForwardsUntilReplaced) {
  EXPECT_EQ(env_.clock(), &clock_);
  ManualClock other(7);
  env_.SetClock(&other);
  EXPECT_EQ(env_.NowUnixSeconds(), 7);
  EXPECT_EQ(base_.NowUnixSeconds(), 100);
}

}  // namespace
}  // namespace relic
