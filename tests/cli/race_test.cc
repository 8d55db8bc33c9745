// SPDX-License-Identifier: Apache-2.0
// Eight `relic play` processes race for a license with five plays: exactly
// five play, three are refused with no_plays_left, and the count is exact
// (label: slow; the store's own concurrency tests are in tests/store).
#include <filesystem>
#include <memory>

#include <gtest/gtest.h>

#include "cli_fixture.h"

namespace relic::testing {
namespace {
namespace fs = std::filesystem;

using CliRaceTest = CliTest;

TEST_F(CliRaceTest, EightProcessesShareFivePlays) {
  constexpr int kProcesses = 8;
  constexpr int kPlays = 5;
  Setup s = MakeSetup(1024 * 1024);
  AddLicense(s.machine, Issue(s.issuer, s.kid, s.machine_key, {"--plays", std::to_string(kPlays)}));

  std::vector<std::unique_ptr<Subprocess>> children;
  for (int i = 0; i < kProcesses; ++i) {
    std::vector<std::string> argv = {RELIC_CLI_PATH, "play", s.package, "-o",
                                     Path("out" + std::to_string(i))};
    children.push_back(std::make_unique<Subprocess>(argv, OptionsFor(s.machine)));
  }
  int played = 0;
  int refused = 0;
  for (int i = 0; i < kProcesses; ++i) {
    ProcessResult result = children[i]->Wait();
    std::string out = Path("out" + std::to_string(i));
    if (result.exit_code == 0) {
      ++played;
      EXPECT_TRUE(FilesEqual(s.content, out)) << i;
    } else {
      ++refused;
      EXPECT_TRUE(FailedWith(result, Code::kNoPlaysLeft)) << i;
      EXPECT_FALSE(fs::exists(out)) << i;
    }
  }
  EXPECT_EQ(played, kPlays);
  EXPECT_EQ(refused, kProcesses - kPlays);
  Json l = ListLicenses(s.machine).at(0);
  EXPECT_EQ(l.at("plays_used"), kPlays);
  EXPECT_EQ(l.at("plays_left"), 0);
}

}  // namespace
}  // namespace relic::testing
