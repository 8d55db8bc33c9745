// SPDX-License-Identifier: Apache-2.0
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "env/fault_injection_env.h"
#include "env/mem_env.h"
#include "relic/env.h"
#include "support/test_support.h"

namespace relic {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Bytes B(std::string_view s) { return Bytes(s.begin(), s.end()); }
std::string S(const Bytes& b) { return std::string(b.begin(), b.end()); }

class EnvUtilTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RELIC_ASSERT_OK(env_.CreateDir("/d"));
    RELIC_ASSERT_OK(env_.SyncDir("/"));
  }
  ManualClock clock_{0};
  MemEnv env_{&clock_};
};

TEST_F(EnvUtilTest, ReadWholeFile) {
  RELIC_ASSERT_OK(WriteFileAtomically(&env_, "/d/f", B("content")));
  auto data = ReadWholeFile(&env_, "/d/f", 100);
  RELIC_ASSERT_OK(data);
  EXPECT_EQ(S(*data), "content");
  RELIC_ASSERT_OK(ReadWholeFile(&env_, "/d/f", 7));  // exactly at the limit

  auto too_large = ReadWholeFile(&env_, "/d/f", 6);
  ASSERT_FALSE(too_large.ok());
  EXPECT_EQ(too_large.status().code(), Code::kMalformed);
  EXPECT_THAT(too_large.status().message(), HasSubstr("/d/f"));
  EXPECT_THAT(too_large.status().message(), HasSubstr("more than the 6 allowed"));

  auto missing = ReadWholeFile(&env_, "/d/missing", 100);
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("/d/missing"));

  auto dir = ReadWholeFile(&env_, "/d", 100);
  EXPECT_EQ(dir.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(dir.status().message(), HasSubstr("/d: is a directory, expected a file"));
}

TEST_F(EnvUtilTest, ReadWholeFileOfEmptyAndLargeFiles) {
  RELIC_ASSERT_OK(WriteFileAtomically(&env_, "/d/empty", {}));
  auto empty = ReadWholeFile(&env_, "/d/empty", 0);
  RELIC_ASSERT_OK(empty);
  EXPECT_TRUE(empty->empty());

  Bytes big(300'000);
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<uint8_t>(i * 7);
  RELIC_ASSERT_OK(WriteFileAtomically(&env_, "/d/big", big));
  auto read = ReadWholeFile(&env_, "/d/big", 1'000'000);
  RELIC_ASSERT_OK(read);
  EXPECT_EQ(*read, big);
}

TEST(EnvUtilPosixTest, ReadWholeFileOfADirectory) {
  testing::TempDir temp;
  auto dir = ReadWholeFile(Env::Default(), temp.path(), 100);
  EXPECT_EQ(dir.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(dir.status().message(), HasSubstr("is a directory, expected a file"));
}

TEST(EnvUtilPosixTest, WriteFileAtomicallyOnDisk) {
  testing::TempDir temp;
  Env* env = Env::Default();
  std::string path = temp.Join("f");
  RELIC_ASSERT_OK(WriteFileAtomically(env, path, B("one"), 0640));
  RELIC_ASSERT_OK(WriteFileAtomically(env, path, B("two"), 0600));
  EXPECT_EQ(S(*ReadWholeFile(env, path, 10)), "two");
  EXPECT_EQ(env->Stat(path)->mode, 0600u);
  EXPECT_THAT(*env->ListDir(temp.path()), ElementsAre("f"));
}

TEST_F(EnvUtilTest, WriteFileAtomicallyReplacesAndSetsTheMode) {
  RELIC_ASSERT_OK(WriteFileAtomically(&env_, "/d/f", B("old"), 0644));
  RELIC_ASSERT_OK(WriteFileAtomically(&env_, "/d/f", B("new"), 0600));
  EXPECT_EQ(S(*ReadWholeFile(&env_, "/d/f", 10)), "new");
  EXPECT_EQ(env_.Stat("/d/f")->mode, 0600u);
  EXPECT_THAT(*env_.ListDir("/d"), ElementsAre("f"));
  // Everything it promised is durable.
  env_.SimulateCrash();
  EXPECT_EQ(S(*ReadWholeFile(&env_, "/d/f", 10)), "new");
}

// Fails every operation WriteFileAtomically makes, one at a time, and checks
// what the user is left with: the old file untouched and no temporary file,
// except that once the rename has happened (only SyncDir failed) the new
// content is visible but not yet durable.
class WriteFileAtomicallyFaultTest : public ::testing::TestWithParam<FaultOp> {};

TEST_P(WriteFileAtomicallyFaultTest, FailingAnyStepLeavesOldOrNew) {
  const FaultOp op = GetParam();
  int faults = 0;
  for (uint64_t n = 1;; ++n) {
    ManualClock clock(0);
    MemEnv base(&clock);
    RELIC_ASSERT_OK(base.CreateDir("/d"));
    RELIC_ASSERT_OK(base.SyncDir("/"));
    RELIC_ASSERT_OK(WriteFileAtomically(&base, "/d/target", B("old")));
    FaultInjectionEnv env(&base);

    env.FailNth(op, n, Code::kNoSpace);
    Status s = WriteFileAtomically(&env, "/d/target", B("new"));
    if (!env.fault_fired()) {
      RELIC_EXPECT_OK(s);
      EXPECT_EQ(S(*ReadWholeFile(&base, "/d/target", 10)), "new");
      break;
    }
    ++faults;
    SCOPED_TRACE("failing " + std::string(FaultOpName(op)) + " #" + std::to_string(n));
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.code(), Code::kNoSpace);
    EXPECT_THAT(s.message(), HasSubstr("injected"));
    EXPECT_THAT(*base.ListDir("/d"), ElementsAre("target"));  // no temporary file
    const std::string visible = op == FaultOp::kSyncDir ? "new" : "old";
    EXPECT_EQ(S(*ReadWholeFile(&base, "/d/target", 10)), visible);
    // After a power loss, a failed write never leaves the new content.
    base.SimulateCrash();
    EXPECT_EQ(S(*ReadWholeFile(&base, "/d/target", 10)), "old");
    EXPECT_THAT(*base.ListDir("/d"), ElementsAre("target"));
  }
  EXPECT_EQ(faults, 1) << "WriteFileAtomically does one " << FaultOpName(op);
}

INSTANTIATE_TEST_SUITE_P(Ops, WriteFileAtomicallyFaultTest,
                         ::testing::Values(FaultOp::kOpen, FaultOp::kWrite, FaultOp::kSync,
                                           FaultOp::kRename, FaultOp::kSyncDir),
                         [](const auto& param_info) {
                           std::string name(FaultOpName(param_info.param));
                           std::erase(name, ' ');
                           return name;
                         });

TEST_F(EnvUtilTest, WriteFileAtomicallyCrashAtEveryStep) {
  // A crash (rather than an error) after each operation: the target is
  // always exactly the old or the new content, and no temporary file
  // survives.
  int steps = 0;
  for (uint64_t n = 1;; ++n) {
    ManualClock clock(0);
    MemEnv base(&clock);
    RELIC_ASSERT_OK(base.CreateDir("/d"));
    RELIC_ASSERT_OK(base.SyncDir("/"));
    RELIC_ASSERT_OK(WriteFileAtomically(&base, "/d/target", B("old")));
    FaultInjectionEnv env(&base);
    uint64_t ops = 0;
    bool crashed = false;
    env.SetHook([&](FaultOp, const std::string&) {
      if (++ops == n) {
        base.SimulateCrash();
        crashed = true;
      }
    });
    Status s = WriteFileAtomically(&env, "/d/target", B("new"));
    if (!crashed) {
      RELIC_EXPECT_OK(s);
      break;
    }
    ++steps;
    std::string content = S(*ReadWholeFile(&base, "/d/target", 10));
    EXPECT_TRUE(content == "old" || content == "new") << "step " << n << ": " << content;
    EXPECT_THAT(*base.ListDir("/d"), ElementsAre("target")) << "step " << n;
  }
  EXPECT_GE(steps, 5);
}

TEST_F(EnvUtilTest, WriteFileAtomicallyReportsTheFirstError) {
  RELIC_ASSERT_OK(WriteFileAtomically(&env_, "/d/target", B("old")));
  FaultInjectionEnv env(&env_);
  // The disk goes away at the write: the cleanup fails too, but the write's
  // error is the one the user needs.
  env.FailNth(FaultOp::kWrite | FaultOp::kDelete, 1, Code::kIoError, FaultStyle::kSticky);
  Status s = WriteFileAtomically(&env, "/d/target", B("new"));
  EXPECT_EQ(s.code(), Code::kIoError);
  EXPECT_THAT(s.message(), HasSubstr("cannot write /d/target.tmp-"));
  EXPECT_EQ(S(*ReadWholeFile(&env_, "/d/target", 10)), "old");
}

}  // namespace
}  // namespace relic
