// SPDX-License-Identifier: Apache-2.0
// Text forms and time parsing: one canonical text per value.
#include <gtest/gtest.h>

#include "relic/ids.h"
#include "relic/rights.h"
#include "support/test_support.h"

namespace relic {
namespace {

TEST(KidTest, RoundTripsThroughItsCanonicalText) {
  for (int i = 0; i < 100; ++i) {
    Kid kid = Kid::Random();
    std::string text = kid.ToString();
    EXPECT_EQ(text.size(), 24u);
    EXPECT_TRUE(text.ends_with("=="));
    auto parsed = Kid::Parse(text);
    RELIC_ASSERT_OK(parsed);
    EXPECT_EQ(*parsed, kid);
  }
}

TEST(KidTest, RejectsEverythingElse) {
  std::string good = Kid::Random().ToString();
  for (std::string bad :
       {std::string(""), good.substr(0, 22), good + "A", good.substr(0, 22) + "=A",
        std::string("!!!!!!!!!!!!!!!!!!!!!!=="), std::string("AAAAAAAAAAAAAAAAAAAAAB=="),
        std::string("AAAAAAAAAAAAAAAAAAAAAAAAAAA=")}) {
    auto parsed = Kid::Parse(bad);
    EXPECT_EQ(parsed.status().code(), Code::kInvalidArgument) << bad;
    if (!parsed.ok()) {
      EXPECT_NE(parsed.status().message().find("24 characters"), std::string::npos);
    }
  }
}

TEST(LicenseIdTest, IsLowerCaseHex) {
  LicenseId id = LicenseId::Random();
  EXPECT_EQ(*LicenseId::Parse(id.ToString()), id);
  std::string upper = id.ToString();
  for (auto& c : upper) c = static_cast<char>(std::toupper(c));
  if (upper != id.ToString()) {
    EXPECT_FALSE(LicenseId::Parse(upper).ok());
  }
  EXPECT_FALSE(LicenseId::Parse("abc").ok());
}

TEST(KeyTextTest, KindsAreNotInterchangeable) {
  MachinePublicKey machine;
  machine.encryption[0] = 1;
  machine.signing[5] = 9;
  std::string text = machine.ToString();
  EXPECT_TRUE(text.starts_with("rm1."));
  EXPECT_EQ(*MachinePublicKey::Parse(text), machine);
  auto as_lms = LmsPublicKey::Parse(text);
  EXPECT_EQ(as_lms.status().code(), Code::kInvalidArgument);
  EXPECT_NE(as_lms.status().message().find("another kind"), std::string::npos);
  EXPECT_FALSE(MachinePublicKey::Parse(text.substr(0, text.size() - 1)).ok());
  EXPECT_FALSE(MachinePublicKey::Parse("hello").ok());
  IssuerPublicKey issuer;
  issuer.signing[3] = 7;
  EXPECT_EQ(*IssuerPublicKey::Parse(issuer.ToString()), issuer);
  EXPECT_EQ(issuer.IssuerId().size(), 32u);
  EXPECT_NE(issuer.IssuerId(), machine.MachineId());
}

TEST(Rfc3339Test, ParsesAndFormats) {
  EXPECT_EQ(*ParseRfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(*ParseRfc3339("2027-01-15T08:00:00Z"), 1800000000 - 0);
  EXPECT_EQ(*ParseRfc3339("2027-01-15T09:00:00+01:00"), 1800000000);
  EXPECT_EQ(*ParseRfc3339("2027-01-15T08:00:00.999Z"), 1800000000);
  EXPECT_EQ(*ParseRfc3339("2024-02-29T00:00:00Z"), 1709164800);
  EXPECT_EQ(FormatRfc3339(1800000000), "2027-01-15T08:00:00Z");
  EXPECT_EQ(FormatRfc3339(-1), "1969-12-31T23:59:59Z");
  for (int64_t t : {int64_t{0}, int64_t{951782400}, int64_t{4102444800}, int64_t{-86400 * 365}}) {
    EXPECT_EQ(*ParseRfc3339(FormatRfc3339(t)), t);
  }
}

TEST(Rfc3339Test, RejectsMalformedTimes) {
  for (const char* bad :
       {"", "tomorrow", "2027-01-15", "2027-01-15T08:00:00", "2027-13-01T00:00:00Z",
        "2023-02-29T00:00:00Z", "2027-01-15T24:00:00Z", "2027-01-15T08:00:60Z",
        "2027-01-15T08:00:00+1:00", "2027-01-15T08:00:00Zjunk", "2027-01-15T08:00:00.Z"}) {
    auto parsed = ParseRfc3339(bad);
    EXPECT_EQ(parsed.status().code(), Code::kInvalidArgument) << bad;
    if (!parsed.ok()) {
      EXPECT_NE(parsed.status().message().find("RFC 3339"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace relic
