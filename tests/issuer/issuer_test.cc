// SPDX-License-Identifier: Apache-2.0
// Issuers: packaging content and issuing licenses.
#include <gtest/gtest.h>

#include "format/license_format.h"
#include "support/world.h"

namespace relic::testing {
namespace {

TEST(IssuerTest, CreateTwiceFailsAndOpenFindsTheSameKey) {
  World world;
  auto issuer = world.NewIssuer();
  ASSERT_TRUE(issuer);
  EXPECT_EQ(Issuer::Create(world.Path("issuer"), world.env()).status().code(),
            Code::kAlreadyExists);
  auto reopened = Issuer::Open(world.Path("issuer"), world.env());
  RELIC_ASSERT_OK(reopened);
  EXPECT_EQ((*reopened)->public_key(), issuer->public_key());
  auto missing = Issuer::Open(world.Path("nowhere"), world.env());
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
  EXPECT_NE(missing.status().message().find("relic issuer init"), std::string::npos);
}

TEST(IssuerTest, IssueValidatesItsRequest) {
  World world;
  auto issuer = world.NewIssuer();
  auto machine = world.NewMachine("a");
  Kid kid = world.PackageContent(*issuer, "song");
  IssueRequest request{.kid = kid, .machine = machine->public_key(), .rights = {}, .lms = {}};
  request.rights.play_count = 0;
  EXPECT_EQ(issuer->Issue(request).status().code(), Code::kInvalidArgument);
  request.rights = Rights{.begins = 100, .expires = 100};
  EXPECT_EQ(issuer->Issue(request).status().code(), Code::kInvalidArgument);
  request.rights = Rights{.allow_backup = true};
  auto no_lms = issuer->Issue(request);
  EXPECT_EQ(no_lms.status().code(), Code::kInvalidArgument);
  EXPECT_NE(no_lms.status().message().find("--lms-key"), std::string::npos);
  request.lms = World::TestLms();
  request.lms->url = "ftp://nope";
  EXPECT_EQ(issuer->Issue(request).status().code(), Code::kInvalidArgument);
  request.rights = {};
  request.lms.reset();
  request.kid = Kid::Random();
  auto unknown = issuer->Issue(request);
  EXPECT_EQ(unknown.status().code(), Code::kNotFound);
  EXPECT_NE(unknown.status().message().find(request.kid.ToString()), std::string::npos);
}

TEST(IssuerTest, LicenseBodyCarriesEveryField) {
  World world;
  auto issuer = world.NewIssuer();
  auto machine = world.NewMachine("a");
  Kid kid = world.PackageContent(*issuer, "song");
  Rights rights{
      .allow_backup = true, .play_count = 7, .begins = kStartTime, .expires = kStartTime + 9};
  Bytes file = world.IssueTo(*issuer, kid, *machine, rights);
  auto parsed = ParseLicenseFile(file);
  RELIC_ASSERT_OK(parsed);
  RELIC_EXPECT_OK(VerifyLicenseSignature(*parsed));
  const LicenseBody& body = parsed->body;
  EXPECT_EQ(body.kid, kid);
  EXPECT_EQ(body.issuer, issuer->public_key());
  EXPECT_EQ(body.machine, machine->public_key());
  EXPECT_TRUE(body.rights.allow_backup);
  EXPECT_EQ(body.rights.play_count, 7u);
  EXPECT_EQ(body.rights.begins, kStartTime);
  EXPECT_EQ(body.rights.expires, kStartTime + 9);
  ASSERT_TRUE(body.lms.has_value());
  EXPECT_EQ(body.lms->url, "https://lms.example.test/restore");
  EXPECT_EQ(body.issued_at, kStartTime);
  // Re-encoding the decoded body gives the signed bytes back exactly.
  EXPECT_EQ(EncodeLicenseBody(body), parsed->body_bytes);
}

class PackageSizeTest : public ::testing::TestWithParam<std::pair<size_t, uint32_t>> {};

TEST_P(PackageSizeTest, PlaysBackIdenticalBytes) {
  auto [size, chunk] = GetParam();
  World world;
  auto issuer = world.NewIssuer();
  auto machine = world.NewMachine("a");
  RELIC_ASSERT_OK(machine->store().TrustIssuer(issuer->public_key()));
  Kid kid = world.PackageContent(*issuer, "song", size, chunk);
  RELIC_ASSERT_OK(machine->store().AddLicense(world.IssueTo(*issuer, kid, *machine)));
  auto played = machine->store().Play(world.Path("song.pkg"), world.Path("out"));
  RELIC_ASSERT_OK(played);
  EXPECT_EQ(played->bytes_written, size);
  EXPECT_EQ(ReadFileBytes(world.Path("out")), ReadFileBytes(world.Path("song.plain")));
}

INSTANTIATE_TEST_SUITE_P(Sizes, PackageSizeTest,
                         ::testing::Values(std::pair<size_t, uint32_t>{0, 64 * 1024},
                                           std::pair<size_t, uint32_t>{1, 64 * 1024},
                                           std::pair<size_t, uint32_t>{4096, 1024},
                                           std::pair<size_t, uint32_t>{4097, 1024},
                                           std::pair<size_t, uint32_t>{3 * 1024 * 1024 + 5,
                                                                       64 * 1024}));

TEST(IssuerTest, PackagingAMissingOrDirectoryInputFails) {
  World world;
  auto issuer = world.NewIssuer();
  auto missing = issuer->Package(world.Path("nope"), world.Path("out.pkg"));
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
  auto dir = issuer->Package(world.Path("issuer"), world.Path("out.pkg"));
  EXPECT_EQ(dir.status().code(), Code::kInvalidArgument);
  EXPECT_NE(::access(world.Path("out.pkg").c_str(), F_OK), 0);
}

}  // namespace
}  // namespace relic::testing
