// SPDX-License-Identifier: Apache-2.0
// Disk failures during a license add, injected through the environment:
// whichever store write or sync fails, the add reports an error and the
// store is exactly as it was before.
#include <gtest/gtest.h>

#include "env/fault_injection_env.h"
#include "support/world.h"

namespace relic::testing {
namespace {

struct FaultCase {
  const char* name;
  uint32_t mask;
  Code code;
  FaultStyle style;
};

class StoreFaultTest : public ::testing::TestWithParam<FaultCase> {};

TEST_P(StoreFaultTest, EveryFailingWriteOrSyncOfAnAddLeavesTheStoreAsItWas) {
  const FaultCase& fault = GetParam();
  World world;
  auto issuer = world.NewIssuer();
  Kid kid = world.PackageContent(*issuer, "song");
  std::string before;
  Bytes license;
  {
    auto machine = world.NewMachine("a");
    ASSERT_TRUE(machine);
    RELIC_ASSERT_OK(machine->store().TrustIssuer(issuer->public_key()));
    // One license already in, so a fault must not hurt existing data either.
    RELIC_ASSERT_OK(machine->store().AddLicense(world.IssueTo(*issuer, kid, *machine)));
    before = Snapshot(machine->store());
    license = world.IssueTo(*issuer, kid, *machine, Rights{.play_count = 3});
  }
  FaultInjectionEnv faulty(world.env());
  int failed_adds = 0;
  for (uint64_t n = 1;; ++n) {
    ASSERT_LT(n, 1000u) << "the loop never ran out of operations";
    bool fired = false;
    {
      auto machine = Machine::Open(world.Home("a"), world.Options("a", &faulty));
      RELIC_ASSERT_OK(machine);
      faulty.FailNth(fault.mask, n, fault.code, fault.style);
      auto added = (*machine)->store().AddLicense(license);
      fired = faulty.fault_fired();
      faulty.ClearFaults();
      if (!fired) {
        RELIC_ASSERT_OK(added);
        std::printf("%s: %d failing operations covered, then the add succeeded\n", fault.name,
                    failed_adds);
        break;
      }
      ASSERT_FALSE(added.ok()) << "operation " << n << " failed but the add reported success";
      EXPECT_TRUE(added.status().code() == Code::kIoError ||
                  added.status().code() == Code::kNoSpace)
          << added.status().ToString();
      if (fault.code == Code::kNoSpace && (fault.mask & static_cast<uint32_t>(FaultOp::kWrite))) {
        EXPECT_NE(added.status().message().find("disk is full"), std::string::npos)
            << added.status().ToString();
      }
      ++failed_adds;
    }
    auto reopened = world.OpenMachine("a");
    ASSERT_TRUE(reopened);
    EXPECT_EQ(Snapshot(reopened->store()), before) << "after failing operation " << n;
  }
  EXPECT_GT(failed_adds, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Faults, StoreFaultTest,
    ::testing::Values(FaultCase{"write EIO", static_cast<uint32_t>(FaultOp::kWrite), Code::kIoError,
                                FaultStyle::kOnce},
                      FaultCase{"write ENOSPC", static_cast<uint32_t>(FaultOp::kWrite),
                                Code::kNoSpace, FaultStyle::kOnce},
                      FaultCase{"short write", static_cast<uint32_t>(FaultOp::kWrite),
                                Code::kIoError, FaultStyle::kShortWrite},
                      FaultCase{"sync", static_cast<uint32_t>(FaultOp::kSync), Code::kIoError,
                                FaultStyle::kOnce},
                      FaultCase{"any write, sync or truncate, sticky",
                                FaultOp::kWrite | FaultOp::kSync | FaultOp::kTruncate,
                                Code::kIoError, FaultStyle::kSticky}),
    [](const ::testing::TestParamInfo<FaultCase>& param_info) {
      std::string name;
      for (char c : std::string(param_info.param.name)) name += std::isalnum(c) ? c : '_';
      return name;
    });

}  // namespace
}  // namespace relic::testing
