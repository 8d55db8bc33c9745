// SPDX-License-Identifier: Apache-2.0
// The console's tokens file. Adversary A6 (docs/threat-model.md): someone
// who guesses tokens, or who reads the tokens file.
#include <gtest/gtest.h>

#include <fstream>

#include "lms/admin_tokens.h"
#include "lms/operator_text.h"
#include "support/test_support.h"

namespace relic::testing {
namespace {

class AdminTokensTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& text) {
    std::ofstream(path_) << text;
    return path_;
  }
  TempDir dir_;
  std::string path_ = dir_.Join("tokens");
};

TEST_F(AdminTokensTest, ATokenSignsInAsTheOperatorOfItsLine) {
  const std::string alice = lms::NewAdminToken(), bob = lms::NewAdminToken();
  EXPECT_TRUE(alice.starts_with("rlat_"));
  EXPECT_EQ(alice.size(), 5u + 43u);
  EXPECT_NE(alice, bob);
  const std::string line = lms::AdminTokenLine("alice", alice);
  EXPECT_TRUE(line.starts_with("alice sha256:"));
  EXPECT_EQ(line.find(alice), std::string::npos);  // the file holds no token
  Write("# the desk\n\n" + line + "\r\n" + lms::AdminTokenLine("bob", bob) + "\n");
  EXPECT_EQ(*lms::AuthenticateAdminToken(Env::Default(), path_, alice), "alice");
  EXPECT_EQ(*lms::AuthenticateAdminToken(Env::Default(), path_, bob), "bob");
  for (const std::string& wrong : std::vector<std::string>{
           std::string(), alice.substr(0, 20), alice + "x", lms::NewAdminToken(), line}) {
    auto r = lms::AuthenticateAdminToken(Env::Default(), path_, wrong);
    ASSERT_FALSE(r.ok()) << wrong;
    EXPECT_EQ(r.status().code(), Code::kPermissionDenied);
    EXPECT_NE(r.status().message().find("relic-lms admin-token"), std::string::npos);
  }
}

TEST_F(AdminTokensTest, AMalformedLineIsNamedByNumber) {
  const std::string good = lms::AdminTokenLine("alice", lms::NewAdminToken());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"alice", "no space between name and hash"},
      {"al!ce sha256:00", "the name is not a valid operator name"},
      {"<b> sha256:" + std::string(64, '0'), "the name is not a valid operator name"},
      {"alice md5:" + std::string(32, '0'), "the hash does not start with sha256:"},
      {"alice sha256:" + std::string(63, '0'), "the hash is not 64 lower-case hex digits"},
      {"alice sha256:" + std::string(64, 'F'), "the hash is not 64 lower-case hex digits"}};
  for (const auto& [line, needle] : cases) {
    Write(good + "\n" + line + "\n");
    Status s = lms::CheckAdminTokensFile(Env::Default(), path_);
    EXPECT_EQ(s.code(), Code::kInvalidArgument) << line;
    EXPECT_NE(s.message().find("line 2: " + needle), std::string::npos) << s.message();
  }
  EXPECT_EQ(lms::CheckAdminTokensFile(Env::Default(), dir_.Join("missing")).code(),
            Code::kNotFound);
}

TEST(OperatorTextTest, NamesAndReasonsAreCheckedOnce) {
  EXPECT_TRUE(lms::CheckOperatorName("alice.smith@desk-2").ok());
  for (const std::string& bad :
       std::vector<std::string>{"", std::string(65, 'a'), "a b", "<b>", "é"}) {
    EXPECT_EQ(lms::CheckOperatorName(bad).code(), Code::kInvalidArgument) << bad;
  }
  EXPECT_TRUE(lms::CheckReason("ticket 7: <b>stolen</b> laptop, Zürich ✓").ok());
  for (const std::string& bad : std::vector<std::string>{
           std::string(), std::string(501, 'r'), std::string("a\nb"), std::string("tab\there"),
           std::string("\xc2\x85"), std::string("\xff"), std::string("\xe2\x82")}) {
    Status s = lms::CheckReason(bad);
    EXPECT_EQ(s.code(), Code::kInvalidArgument);
    EXPECT_NE(s.message().find("without control characters"), std::string::npos);
  }
}

}  // namespace
}  // namespace relic::testing
