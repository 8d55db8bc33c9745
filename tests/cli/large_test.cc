// SPDX-License-Identifier: Apache-2.0
// A 50 MB file through package, issue, add and play (label: slow).
#include <chrono>

#include <gtest/gtest.h>

#include "cli_fixture.h"

namespace relic::testing {
namespace {

using CliLargeTest = CliTest;

TEST_F(CliLargeTest, FiftyMegabytesRoundTrip) {
  auto start = std::chrono::steady_clock::now();
  Setup s = MakeSetup(50 * 1024 * 1024);
  AddLicense(s.machine, Issue(s.issuer, s.kid, s.machine_key, {"--plays", "1"}));
  std::string out = Path("big.out");
  ProcessResult played = Run(s.machine, {"play", s.package, "-o", out, "--json"});
  ASSERT_TRUE(Succeeded(played));
  EXPECT_EQ(ParseJson(played.out).at("bytes_written"), 50 * 1024 * 1024);
  EXPECT_TRUE(FilesEqual(s.content, out));
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  RecordProperty("seconds", std::to_string(seconds));
}

}  // namespace
}  // namespace relic::testing
