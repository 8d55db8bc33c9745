// SPDX-License-Identifier: Apache-2.0
// Identifiers and public keys, each with one canonical text form used
// everywhere: the CLI, JSON output and the APIs. Parsers accept exactly that
// form, so two texts name the same thing only if they are equal.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "relic/export.h"
#include "relic/status.h"

namespace relic {

// A content key ID: 16 random bytes. Text: standard base64, padded, 24
// characters (the form Windows Media DRM used for KIDs), e.g.
// "3q2+7wAAAAAAAAAAAAAAAA==".
struct RELIC_EXPORT Kid {
  std::array<uint8_t, 16> bytes{};
  static Kid Random();
  static Result<Kid> Parse(std::string_view text);
  std::string ToString() const;
  auto operator<=>(const Kid&) const = default;
};

// A license ID: 16 random bytes. Text: 32 lower-case hex digits.
struct RELIC_EXPORT LicenseId {
  std::array<uint8_t, 16> bytes{};
  static LicenseId Random();
  static Result<LicenseId> Parse(std::string_view text);
  std::string ToString() const;
  auto operator<=>(const LicenseId&) const = default;
};

// A party that receives sealed keys and signs: a machine or a License
// Management Service. X25519 key for sealing, Ed25519 key for signatures.
// Text: a prefix naming the kind ("rm1." machine, "rl1." LMS) and the 64 key
// bytes (encryption key, then signing key) in unpadded base64url.
struct PartyPublicKey {
  std::array<uint8_t, 32> encryption{};
  std::array<uint8_t, 32> signing{};
  auto operator<=>(const PartyPublicKey&) const = default;
};

struct RELIC_EXPORT MachinePublicKey : PartyPublicKey {
  static Result<MachinePublicKey> Parse(std::string_view text);
  std::string ToString() const;
  // 32 lower-case hex digits derived from the key: the machine ID.
  std::string MachineId() const;
};

struct RELIC_EXPORT LmsPublicKey : PartyPublicKey {
  static Result<LmsPublicKey> Parse(std::string_view text);
  std::string ToString() const;
};

// An issuer's Ed25519 signing key. Text: "ri1." and unpadded base64url.
struct RELIC_EXPORT IssuerPublicKey {
  std::array<uint8_t, 32> signing{};
  static Result<IssuerPublicKey> Parse(std::string_view text);
  std::string ToString() const;
  // 32 lower-case hex digits derived from the key: the issuer ID.
  std::string IssuerId() const;
  auto operator<=>(const IssuerPublicKey&) const = default;
};

}  // namespace relic
