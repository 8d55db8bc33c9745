// SPDX-License-Identifier: Apache-2.0
// The grant format: Merkle paths, and every way a grant can be wrong.
#include <gtest/gtest.h>

#include "format/grant.h"
#include "support/test_support.h"

namespace relic::lms {
namespace {

std::vector<GrantLeaf> Leaves(size_t n) {
  std::vector<GrantLeaf> leaves(n);
  for (size_t i = 0; i < n; ++i) {
    leaves[i].license_id = LicenseId::Random();
    leaves[i].body_hash[0] = static_cast<uint8_t>(i);
    leaves[i].plays_used = static_cast<uint32_t>(i);
  }
  return leaves;
}

TEST(MerkleTest, EveryPathLeadsToTheRootForAnySize) {
  for (size_t n : {1u, 2u, 3u, 5u, 8u, 13u, 100u, 1025u}) {
    auto leaves = Leaves(n);
    std::vector<Hash> hashes;
    for (const auto& l : leaves) hashes.push_back(LeafHash(l));
    MerkleTree tree(hashes);
    for (size_t i = 0; i < n; ++i) {
      auto proof = tree.Proof(i);
      EXPECT_EQ(RootFromProof(hashes[i], proof), tree.root()) << n << " " << i;
      EXPECT_LE(proof.size(), 11u);
      if (n > 1) {
        // The path of one leaf does not prove another.
        EXPECT_NE(RootFromProof(hashes[(i + 1) % n], proof), tree.root()) << n << " " << i;
      }
    }
  }
}

class GrantTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lms_keys_ = crypto::GenerateSigningKeyPair();
    lms_.signing = lms_keys_.public_key;
    machine_.signing[0] = 1;
    leaves_ = Leaves(5);
    std::vector<Hash> hashes;
    for (const auto& l : leaves_) hashes.push_back(LeafHash(l));
    MerkleTree tree(hashes);
    root_.root = tree.root();
    root_.target = machine_;
    root_.lms_time = 1000;
    root_.leaf_count = 5;
    grant_.root_bytes = EncodeGrantRoot(root_);
    grant_.signature = crypto::Sign(lms_keys_.secret_key, grant_.root_bytes);
    grant_.leaf = leaves_[2];
    grant_.proof = tree.Proof(2);
    auto decoded = DecodeLicenseGrant(EncodeLicenseGrant(grant_));
    ASSERT_TRUE(decoded.ok());
    grant_ = *decoded;
  }
  Status Check(const LicenseGrant& g) {
    return VerifyLicenseGrant(g, lms_, leaves_[2].license_id, leaves_[2].body_hash, machine_);
  }

  crypto::SigningKeyPair lms_keys_;
  LmsPublicKey lms_;
  MachinePublicKey machine_;
  std::vector<GrantLeaf> leaves_;
  GrantRoot root_;
  LicenseGrant grant_;
};

TEST_F(GrantTest, AValidGrantVerifies) { RELIC_EXPECT_OK(Check(grant_)); }

TEST_F(GrantTest, EveryWrongGrantIsRefused) {
  auto expect_refused = [&](const Status& s, const char* why) {
    EXPECT_EQ(s.code(), Code::kBadSignature) << why;
    EXPECT_NE(s.message().find(why), std::string::npos) << s.message();
  };
  LicenseGrant g = grant_;
  g.leaf.plays_used = 0;  // plays given back
  expect_refused(Check(g), "does not belong to the signed batch");
  g = grant_;
  g.proof[0].sibling[0] ^= 1;
  expect_refused(Check(g), "does not belong to the signed batch");
  expect_refused(VerifyLicenseGrant(grant_, lms_, leaves_[2].license_id, leaves_[2].body_hash,
                                    MachinePublicKey{}),
                 "was made for another machine");
  expect_refused(
      VerifyLicenseGrant(grant_, lms_, leaves_[3].license_id, leaves_[2].body_hash, machine_),
      "is for another license");
  expect_refused(
      VerifyLicenseGrant(grant_, lms_, leaves_[2].license_id, leaves_[3].body_hash, machine_),
      "is for other license terms");
  LmsPublicKey other;
  other.signing = crypto::GenerateSigningKeyPair().public_key;
  expect_refused(
      VerifyLicenseGrant(grant_, other, leaves_[2].license_id, leaves_[2].body_hash, machine_),
      "is not signed by the License Management Service the license names");
  // A dry run's grant, properly signed, grants nothing.
  GrantRoot dry = root_;
  dry.dry_run = true;
  g = grant_;
  g.root_bytes = EncodeGrantRoot(dry);
  g.signature = crypto::Sign(lms_keys_.secret_key, g.root_bytes);
  g.root = dry;
  expect_refused(Check(g), "comes from a dry run");
}

TEST_F(GrantTest, MalformedGrantsAreRefused) {
  Bytes bytes = EncodeLicenseGrant(grant_);
  for (size_t len = 0; len < bytes.size(); len += 7) {
    EXPECT_FALSE(DecodeLicenseGrant(ByteView(bytes.data(), len)).ok()) << len;
  }
  bytes.push_back(0);
  EXPECT_FALSE(DecodeLicenseGrant(bytes).ok());
}

}  // namespace
}  // namespace relic::lms
