// SPDX-License-Identifier: Apache-2.0
// Licenses the store must refuse, and plays the rights do not allow: each
// refusal has its own exit code, a message that says why, and changes
// nothing.
#include <filesystem>

#include <gtest/gtest.h>

#include "cli_fixture.h"

namespace relic::testing {
namespace {
namespace fs = std::filesystem;

using CliRefusalTest = CliTest;

TEST_F(CliRefusalTest, LicenseForAnotherMachineIsRefusedNamingIt) {
  Setup s = MakeSetup();
  // Machine B already holds a license, so "unchanged" is not just "empty".
  AddLicense(s.machine, Issue(s.issuer, s.kid, s.machine_key));
  SimMachine a = InitMachine("a");
  std::string a_id = MachineIdOf(a);
  std::string for_a = Issue(s.issuer, s.kid, PublicKeyOf(a));

  ProcessResult before = Run(s.machine, {"license", "list", "--json"});
  ASSERT_TRUE(Succeeded(before));
  DirSnapshot files_before = Snapshot(s.machine.home);
  ProcessResult refused = Run(s.machine, {"license", "add", for_a});
  EXPECT_TRUE(FailedWith(refused, Code::kWrongMachine, {a_id, for_a}));
  EXPECT_TRUE(Snapshot(s.machine.home) == files_before) << "the home's files changed";
  ProcessResult after = Run(s.machine, {"license", "list", "--json"});
  ASSERT_TRUE(Succeeded(after));
  EXPECT_EQ(before.out, after.out);
}

TEST_F(CliRefusalTest, LicenseFromAnUntrustedIssuerIsRefused) {
  Setup s = MakeSetup();
  SimIssuer stranger = NewIssuer("stranger");
  std::string kid = Package(stranger, s.content, Path("stranger.rpk"));
  std::string license = Issue(stranger, kid, s.machine_key);
  DirSnapshot files_before = Snapshot(s.machine.home);
  ProcessResult refused = Run(s.machine, {"license", "add", license});
  EXPECT_TRUE(FailedWith(refused, Code::kUntrustedIssuer,
                         {stranger.issuer_id, "relic trust add " + stranger.public_key}));
  EXPECT_TRUE(Snapshot(s.machine.home) == files_before) << "the home's files changed";
  EXPECT_EQ(ListLicenses(s.machine), Json::array());

  // Trusted later: accepted. Distrusted again: new adds are refused.
  Trust(s.machine, stranger);
  AddLicense(s.machine, license);
  ASSERT_TRUE(Succeeded(Run(s.machine, {"trust", "remove", stranger.public_key})));
  std::string another = Issue(stranger, kid, s.machine_key, {"--plays", "1"});
  EXPECT_TRUE(FailedWith(Run(s.machine, {"license", "add", another}), Code::kUntrustedIssuer));
  EXPECT_EQ(ListLicenses(s.machine).size(), 1u);
}

TEST_F(CliRefusalTest, LicenseWithAnyByteChangedIsRefused) {
  Setup s = MakeSetup();
  std::string license = Issue(s.issuer, s.kid, s.machine_key, {"--plays", "1"});
  std::string original = ReadFile(license);
  ASSERT_GT(original.size(), 20u);
  ProcessResult before = Run(s.machine, {"license", "list", "--json"});
  ASSERT_TRUE(Succeeded(before));
  DirSnapshot files_before = Snapshot(s.machine.home);

  std::vector<size_t> positions = {0, original.size() - 1};
  for (size_t i = 7; i + 1 < original.size(); i += 7) positions.push_back(i);
  std::string tampered_path = Path("tampered.rlic");
  for (size_t position : positions) {
    std::string tampered = original;
    tampered[position] = static_cast<char>(tampered[position] ^ 0x01);
    WriteFile(tampered_path, tampered);
    ProcessResult result = Run(s.machine, {"license", "add", tampered_path});
    EXPECT_NE(result.exit_code, 0) << "byte " << position << " changed, yet accepted";
    EXPECT_EQ(result.ErrLines().size(), 1u) << "byte " << position << ": " << result.Describe();
    EXPECT_NE(result.exit_code, 2) << "byte " << position << ": " << result.Describe();
  }
  EXPECT_TRUE(Snapshot(s.machine.home) == files_before) << "the home's files changed";
  ProcessResult after = Run(s.machine, {"license", "list", "--json"});
  ASSERT_TRUE(Succeeded(after));
  EXPECT_EQ(before.out, after.out);
  // The untouched license still goes in.
  AddLicense(s.machine, license);
}

TEST_F(CliRefusalTest, ThreePlaysThenNoneEvenAfterDeleteAndReAdd) {
  Setup s = MakeSetup(200 * 1024);
  std::string license = Issue(s.issuer, s.kid, s.machine_key, {"--plays", "3"});
  std::string id = AddLicense(s.machine, license);
  for (int left = 2; left >= 0; --left) {
    std::string out = Path("play" + std::to_string(left));
    ProcessResult played = Run(s.machine, {"play", s.package, "-o", out, "--json"});
    ASSERT_TRUE(Succeeded(played));
    EXPECT_EQ(ParseJson(played.out).at("plays_left"), left);
    EXPECT_TRUE(FilesEqual(s.content, out));
  }
  std::string out = Path("fourth");
  EXPECT_TRUE(FailedWith(Run(s.machine, {"play", s.package, "-o", out}), Code::kNoPlaysLeft));
  EXPECT_FALSE(fs::exists(out)) << "a refused play wrote output";
  Json l = ListLicenses(s.machine).at(0);
  EXPECT_EQ(l.at("state"), "no_plays_left");
  EXPECT_EQ(l.at("plays_used"), 3);
  EXPECT_EQ(l.at("plays_left"), 0);

  ASSERT_TRUE(Succeeded(Run(s.machine, {"license", "delete", id})));
  ProcessResult readded = Run(s.machine, {"license", "add", "--json", license});
  ASSERT_TRUE(Succeeded(readded));
  EXPECT_EQ(ParseJson(readded.out).at(0).at("resumed_state"), true);
  EXPECT_TRUE(FailedWith(Run(s.machine, {"play", s.package, "-o", out}), Code::kNoPlaysLeft));
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(ListLicenses(s.machine).at(0).at("plays_used"), 3);
}

TEST_F(CliRefusalTest, ExpiredLicenseDoesNotPlay) {
  Setup s = MakeSetup();
  AddLicense(s.machine,
             Issue(s.issuer, s.kid, s.machine_key, {"--expires", "2001-01-01T00:00:00Z"}));
  EXPECT_EQ(ListLicenses(s.machine).at(0).at("state"), "expired");
  std::string out = Path("out");
  EXPECT_TRUE(FailedWith(Run(s.machine, {"play", s.package, "-o", out}), Code::kExpired));
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(CliRefusalTest, LicenseNotYetValidDoesNotPlay) {
  Setup s = MakeSetup();
  AddLicense(s.machine,
             Issue(s.issuer, s.kid, s.machine_key, {"--begins", "2999-01-01T00:00:00Z"}));
  EXPECT_EQ(ListLicenses(s.machine).at(0).at("state"), "not_yet_valid");
  std::string out = Path("out");
  EXPECT_TRUE(FailedWith(Run(s.machine, {"play", s.package, "-o", out}), Code::kNotYetValid));
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(CliRefusalTest, LicenseInsideItsWindowPlays) {
  Setup s = MakeSetup();
  AddLicense(s.machine, Issue(s.issuer, s.kid, s.machine_key,
                              {"--begins", "2001-01-01T00:00:00Z", "--expires",
                               "2999-01-01T00:00:00.5-05:00"}));
  ASSERT_TRUE(Succeeded(Run(s.machine, {"play", s.package, "-o", Path("out")})));
  EXPECT_TRUE(FilesEqual(s.content, Path("out")));
}

TEST_F(CliRefusalTest, LicenseForAnotherPackageDoesNotPlayThisOne) {
  Setup s = MakeSetup();
  SimIssuer other = NewIssuer("other");
  Trust(s.machine, other);
  std::string kid = Package(other, s.content, Path("other.rpk"));
  AddLicense(s.machine, Issue(other, kid, s.machine_key));
  EXPECT_TRUE(FailedWith(Run(s.machine, {"play", s.package, "-o", Path("out")}), Code::kNoLicense));
}

}  // namespace
}  // namespace relic::testing
