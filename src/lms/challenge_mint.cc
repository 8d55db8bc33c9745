// SPDX-License-Identifier: Apache-2.0
#include "lms/challenge_mint.h"

#include <algorithm>

namespace relic::lms {
namespace {

constexpr size_t kHead = 16;  // random bytes and expiry, what the MAC covers
static_assert(kChallengeSize == kHead + 16);

}  // namespace

ChallengeMint::ChallengeMint(const crypto::SigningKeyPair& signing) {
  // A key of its own, so that nothing else the service computes with its
  // signing key can stand in for a challenge's MAC.
  Bytes derived = crypto::Hash(
      crypto::Labeled("relic lms challenge key v1",
                      {ByteView(signing.secret_key.data(), signing.secret_key.size())}),
      key_.size());
  std::copy(derived.begin(), derived.end(), key_.data());
  crypto::Wipe(derived.data(), derived.size());
}

std::array<uint8_t, 16> ChallengeMint::Mac(const uint8_t* head) const {
  Bytes mac = crypto::Hash(crypto::Labeled("relic lms challenge v1", {ByteView(head, kHead)}), 16,
                           ByteView(key_.data(), key_.size()));
  std::array<uint8_t, 16> out{};
  std::copy(mac.begin(), mac.end(), out.begin());
  return out;
}

std::array<uint8_t, kChallengeSize> ChallengeMint::Mint(int64_t expires_at) const {
  std::array<uint8_t, kChallengeSize> challenge{};
  crypto::RandomBytes(challenge.data(), 8);
  const auto expiry = static_cast<uint64_t>(expires_at);
  for (int i = 0; i < 8; ++i) challenge[8 + i] = static_cast<uint8_t>(expiry >> (56 - 8 * i));
  const auto mac = Mac(challenge.data());
  std::copy(mac.begin(), mac.end(), challenge.begin() + kHead);
  return challenge;
}

std::optional<int64_t> ChallengeMint::ExpiryOf(
    const std::array<uint8_t, kChallengeSize>& challenge) const {
  const auto mac = Mac(challenge.data());
  if (!crypto::ConstantTimeEqual(ByteView(mac.data(), mac.size()),
                                 ByteView(challenge.data() + kHead, 16))) {
    return std::nullopt;
  }
  uint64_t expiry = 0;
  for (int i = 0; i < 8; ++i) expiry = (expiry << 8) | challenge[8 + i];
  return static_cast<int64_t>(expiry);
}

}  // namespace relic::lms
