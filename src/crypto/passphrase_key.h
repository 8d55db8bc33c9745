// SPDX-License-Identifier: Apache-2.0
// The key a passphrase gives (docs/key-hierarchy.md: W, which wraps a backup
// set's owner key): Argon2id version 1.3 (libsodium's crypto_pwhash), one
// lane, 32 bytes, from the passphrase and a salt stored with what it
// protects. The backup derives it at the default cost and records salt and
// cost in the set; the restore reads them back and derives the same key, so
// both go through this one function.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "crypto/crypto.h"
#include "relic/status.h"

namespace relic::crypto {

constexpr size_t kPassphraseSaltSize = 16;
using PassphraseSalt = std::array<uint8_t, kPassphraseSaltSize>;

struct PassphraseCost {
  uint64_t passes = 0;  // Argon2's t (libsodium's opslimit)
  uint64_t bytes = 0;   // memory (libsodium's memlimit), in bytes
};

// What relic spends: libsodium's MODERATE, 3 passes over 256 MiB.
constexpr PassphraseCost kDefaultPassphraseCost{3, uint64_t{256} * 1024 * 1024};

// Whether a recorded cost is one to spend: at least libsodium's minimum,
// and at most four times the default, so that a crafted backup set cannot
// make a restore spend minutes and gigabytes deriving a key.
bool IsAcceptablePassphraseCost(const PassphraseCost& cost);

// kInternal when the memory cannot be had; kInvalidArgument for a cost
// IsAcceptablePassphraseCost refuses.
Result<SymmetricKey> DerivePassphraseKey(std::string_view passphrase, const PassphraseSalt& salt,
                                         const PassphraseCost& cost = kDefaultPassphraseCost);

}  // namespace relic::crypto
