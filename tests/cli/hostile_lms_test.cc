// SPDX-License-Identifier: Apache-2.0
// `relic restore` against an evil License Management Service (the standing
// adversary kit, tests/support/evil_lms.h): whatever answers at the address
// (A4, the service a set or --lms names; or A2, anything on the path) cannot
// hold the restore past its deadline, fill its memory, keep the home locked,
// change the store, or make Ctrl-C wait. Security cases name their adversary
// in the comment above them (docs/threat-model.md). Label `memory`: these
// assert the child's peak RSS, which sanitizers inflate.
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "cli_fixture.h"
#include "support/evil_lms.h"

namespace relic::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr long kMaxRssKib = 64 * 1024;

struct Expected {
  EvilBehaviour behaviour;
  Code code;                     // what the restore ends with, given time
  std::string needle;            // in its message
  milliseconds pace_for_sigint;  // keeps the behaviour going past the SIGINT
};

class HostileLmsTest : public CliTest, public ::testing::WithParamInterface<Expected> {
 protected:
  // A set of one license (no passphrase: Argon2id alone would take 256 MiB)
  // in Path("set"), and a victim machine that trusts its issuer and holds a
  // license of its own.
  void SetUp() override {
    Setup s = MakeSetup();
    RunOptions options;
    options.home_fallback = Path("user-home");
    ProcessResult lms =
        RunProcess({RELIC_LMS_PATH, "init", "--home", Path("lms"), "--json"}, options);
    ASSERT_TRUE(Succeeded(lms));
    const std::string lms_key = ParseJson(lms.out).at("public_key").get<std::string>();
    AddLicense(s.machine, Issue(s.issuer, s.kid, s.machine_key,
                                {"--allow-backup", "--lms-key", lms_key, "--lms-url",
                                 "https://lms.example.test/r"}));
    std::filesystem::create_directory(Path("set"));
    ASSERT_TRUE(Succeeded(Run(s.machine, {"backup", Path("set")})));
    victim_ = InitMachine("victim");
    Trust(victim_, s.issuer);
    AddLicense(victim_, Issue(s.issuer, s.kid, PublicKeyOf(victim_), {"--plays", "5"}));
    before_ = Snapshot(victim_.home);
  }

  // The home is as it was, and its lock is free: a backup (which takes it)
  // runs.
  void ExpectHomeUnchangedAndUnlocked() {
    EXPECT_EQ(Snapshot(victim_.home), before_);
    std::filesystem::create_directory(Path("after"));
    EXPECT_TRUE(Succeeded(Run(victim_, {"backup", Path("after")})));
  }

  SimMachine victim_;
  DirSnapshot before_;
};

// Adversary A4 (or A2 in its place): each hostile behaviour ends the restore
// within its deadline with a clear error; memory stays small and the home
// as it was.
TEST_P(HostileLmsTest, RestoreEndsWithinItsDeadlineAndChangesNothing) {
  const Expected& e = GetParam();
  EvilLms evil(e.behaviour);
  const auto start = steady_clock::now();
  ProcessResult r = Run(victim_, {"restore", Path("set"), "--lms", evil.url(), "--timeout", "3"});
  const auto took = std::chrono::duration_cast<milliseconds>(steady_clock::now() - start);
  EXPECT_TRUE(FailedWith(r, e.code, {e.needle})) << EvilBehaviourName(e.behaviour);
  std::printf("%s: relic restore --timeout 3 ended after %lld ms, peak RSS %ld KiB\n",
              EvilBehaviourName(e.behaviour), static_cast<long long>(took.count()), r.max_rss_kib);
  EXPECT_LT(took.count(), 3000 + 1500) << EvilBehaviourName(e.behaviour);
  EXPECT_LT(r.max_rss_kib, kMaxRssKib) << EvilBehaviourName(e.behaviour);
  EXPECT_GE(evil.connections(), 1);
  ExpectHomeUnchangedAndUnlocked();
}

// Adversary A4 (or A2): Ctrl-C during any hostile exchange ends the restore
// within a second, as canceled, with the home as it was.
TEST_P(HostileLmsTest, CtrlCEndsTheRestoreWithinASecond) {
  const Expected& e = GetParam();
  EvilLms evil(e.behaviour, e.pace_for_sigint);
  Subprocess restore(
      {RELIC_CLI_PATH, "restore", Path("set"), "--lms", evil.url(), "--timeout", "60"},
      OptionsFor(victim_));
  const auto connect_deadline = steady_clock::now() + std::chrono::seconds(20);
  while (evil.connections() == 0 && steady_clock::now() < connect_deadline) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  ASSERT_GE(evil.connections(), 1) << EvilBehaviourName(e.behaviour);
  std::this_thread::sleep_for(milliseconds(300));  // well inside the exchange
  const auto interrupted = steady_clock::now();
  restore.Signal(SIGINT);
  ProcessResult r = restore.Wait();
  const auto took = std::chrono::duration_cast<milliseconds>(steady_clock::now() - interrupted);
  EXPECT_TRUE(FailedWith(r, Code::kCanceled, {"canceled", "not changed"}))
      << EvilBehaviourName(e.behaviour);
  std::printf("%s: SIGINT ended relic restore after %lld ms, peak RSS %ld KiB\n",
              EvilBehaviourName(e.behaviour), static_cast<long long>(took.count()), r.max_rss_kib);
  EXPECT_LT(took.count(), 1000) << EvilBehaviourName(e.behaviour);
  EXPECT_LT(r.max_rss_kib, kMaxRssKib);
  ExpectHomeUnchangedAndUnlocked();
}

INSTANTIATE_TEST_SUITE_P(
    EvilLmsKit, HostileLmsTest,
    ::testing::Values(Expected{EvilBehaviour::kHeaderFlood, Code::kMalformed,
                               "more than 64 headers", milliseconds(100)},
                      Expected{EvilBehaviour::kDrip, Code::kServiceUnavailable, "deadline of 3 s",
                               milliseconds(200)},
                      Expected{EvilBehaviour::kNeverAnswers, Code::kServiceUnavailable,
                               "deadline of 3 s", milliseconds(0)},
                      Expected{EvilBehaviour::kHugeBody, Code::kMalformed,
                               "larger than any valid one", milliseconds(100)},
                      Expected{EvilBehaviour::kEndlessBody, Code::kMalformed,
                               "larger than any valid one", milliseconds(100)},
                      Expected{EvilBehaviour::kNestedBody, Code::kMalformed, "malformed challenge",
                               milliseconds(100)},
                      Expected{EvilBehaviour::kWrongSignature, Code::kBadSignature,
                               "not signed by the service the licenses name", milliseconds(30000)}),
    [](const ::testing::TestParamInfo<Expected>& param) {
      return std::string(EvilBehaviourName(param.param.behaviour));
    });

// A restore's timeout must be a positive number of seconds.
TEST_F(CliTest, RestoreTimeoutMustBePositive) {
  SimMachine m = InitMachine("m");
  EXPECT_TRUE(UsageError(Run(m, {"restore", Path("nowhere"), "--timeout", "0"})));
  EXPECT_TRUE(UsageError(Run(m, {"restore", Path("nowhere"), "--timeout", "soon"})));
}

}  // namespace
}  // namespace relic::testing
