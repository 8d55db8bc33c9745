// SPDX-License-Identifier: Apache-2.0
// The service's challenges, checkable without remembering them: each one
// carries its expiry and a MAC under a key derived from the service's
// signing key, so `GET /v1/challenge` writes nothing (an unauthenticated
// request must cost the service nothing durable: A3 in
// docs/threat-model.md), every node that holds the service's keys checks
// any node's challenges, and the ledger records a challenge only when a
// request uses it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "crypto/crypto.h"
#include "crypto/secret.h"
#include "protocol/protocol.h"

namespace relic::lms {

class ChallengeMint {
 public:
  explicit ChallengeMint(const crypto::SigningKeyPair& signing);

  // A fresh challenge valid until `expires_at` (Unix seconds): 8 random
  // bytes, the expiry (8 bytes, big-endian), and a 16-byte MAC of both.
  std::array<uint8_t, kChallengeSize> Mint(int64_t expires_at) const;
  // The expiry of a challenge this mint made; nullopt for any other bytes.
  std::optional<int64_t> ExpiryOf(const std::array<uint8_t, kChallengeSize>& challenge) const;

 private:
  std::array<uint8_t, 16> Mac(const uint8_t* head) const;

  Secret<32> key_;
};

}  // namespace relic::lms
