// SPDX-License-Identifier: Apache-2.0
// The passphrase key: one function for the backup, which derives it, and
// the restore, which must derive the same key from what the set records.
#include "crypto/passphrase_key.h"

#include <gtest/gtest.h>

#include <cstring>

#include "base/text_codec.h"

namespace relic::crypto {
namespace {

Bytes KeyBytes(const SymmetricKey& k) { return Bytes(k.data(), k.data() + k.size()); }

PassphraseSalt SaltFromBase64(std::string_view unpadded) {
  auto bytes = relic::Base64Decode(std::string(unpadded) + "==");
  EXPECT_TRUE(bytes.has_value() && bytes->size() == kPassphraseSaltSize) << unpadded;
  PassphraseSalt salt{};
  if (bytes && bytes->size() == salt.size()) std::memcpy(salt.data(), bytes->data(), salt.size());
  return salt;
}

// RFC 9106 "Argon2 Memory-Hard Function for Password Hashing and
// Proof-of-Work Applications", section 5.3, cannot be reproduced here: its
// Argon2id vector uses a secret key, associated data and four lanes, which
// libsodium's crypto_pwhash does not take. These are libsodium's own
// Argon2id (version 1.3, one lane) vectors, from its test suite
// (test/default/pwhash_argon2id.c, "tv3", the third string, which its
// expected output says verifies), given as a PHC string:
//   $argon2id$v=19$m=4882,t=2,p=1$bA81arsiXysd3WbTRzmEOw$Nm8QBM+7RH1DXo9rvp5cwKEOOOfD2g6JuxlXihoNcpE
// for the empty password; m is in KiB, the salt and hash are unpadded
// base64.
TEST(PassphraseKeyTest, Argon2idKnownAnswer) {
  struct Vector {
    uint64_t kib, passes;
    const char* salt;
    const char* hash;
  };
  const Vector vectors[] = {
      {4882, 2, "bA81arsiXysd3WbTRzmEOw", "Nm8QBM+7RH1DXo9rvp5cwKEOOOfD2g6JuxlXihoNcpE="},
  };
  for (const Vector& v : vectors) {
    const PassphraseCost cost{.passes = v.passes, .bytes = v.kib * 1024};
    ASSERT_TRUE(IsAcceptablePassphraseCost(cost));
    auto key = DerivePassphraseKey("", SaltFromBase64(v.salt), cost);
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    EXPECT_EQ(relic::Base64Encode(KeyBytes(*key)), v.hash);
  }
}

// Cheap parameters: the default cost (3 passes over 256 MiB) is exercised
// by the backup and restore tests with a passphrase.
constexpr PassphraseCost kCheap{.passes = 1, .bytes = 64 * 1024};

TEST(PassphraseKeyTest, SameInputsSameKeyAnyChangeAnotherKey) {
  PassphraseSalt salt{};
  salt.fill(7);
  auto a = DerivePassphraseKey("correct horse", salt, kCheap);
  auto b = DerivePassphraseKey("correct horse", salt, kCheap);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(KeyBytes(*a), KeyBytes(*b));
  PassphraseSalt other_salt = salt;
  other_salt[15] ^= 1;
  EXPECT_NE(KeyBytes(*DerivePassphraseKey("correct horse", other_salt, kCheap)), KeyBytes(*a));
  EXPECT_NE(KeyBytes(*DerivePassphraseKey("correct horsf", salt, kCheap)), KeyBytes(*a));
  EXPECT_NE(KeyBytes(*DerivePassphraseKey("correct horse", salt, {2, kCheap.bytes})), KeyBytes(*a));
  EXPECT_NE(KeyBytes(*DerivePassphraseKey("correct horse", salt, {1, 2 * kCheap.bytes})),
            KeyBytes(*a));
}

TEST(PassphraseKeyTest, DefaultCostIsLibsodiumModerate) {
  EXPECT_EQ(kDefaultPassphraseCost.passes, 3u);
  EXPECT_EQ(kDefaultPassphraseCost.bytes, 256u * 1024 * 1024);
  EXPECT_TRUE(IsAcceptablePassphraseCost(kDefaultPassphraseCost));
}

// What a crafted backup set could ask a restore to spend: refused before
// any work, with the bounds at exactly four times the default.
TEST(PassphraseKeyTest, RefusesCostsOutsideTheBounds) {
  const uint64_t max_bytes = 4 * kDefaultPassphraseCost.bytes;
  EXPECT_TRUE(IsAcceptablePassphraseCost({12, max_bytes}));
  EXPECT_FALSE(IsAcceptablePassphraseCost({13, kCheap.bytes}));
  EXPECT_FALSE(IsAcceptablePassphraseCost({1, max_bytes + 1}));
  EXPECT_FALSE(IsAcceptablePassphraseCost({0, kCheap.bytes}));
  EXPECT_TRUE(IsAcceptablePassphraseCost({1, 8192}));
  EXPECT_FALSE(IsAcceptablePassphraseCost({1, 8191}));
  PassphraseSalt salt{};
  auto refused = DerivePassphraseKey("pass", salt, {1000, kCheap.bytes});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(refused.status().message(), "the passphrase key's cost parameters are out of range");
}

}  // namespace
}  // namespace relic::crypto
