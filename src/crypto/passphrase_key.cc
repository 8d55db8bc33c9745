// SPDX-License-Identifier: Apache-2.0
#include "crypto/passphrase_key.h"

#include <sodium.h>

#include <string>

namespace relic::crypto {

static_assert(kPassphraseSaltSize == crypto_pwhash_SALTBYTES);
static_assert(kDefaultPassphraseCost.passes == crypto_pwhash_OPSLIMIT_MODERATE);
static_assert(kDefaultPassphraseCost.bytes == crypto_pwhash_MEMLIMIT_MODERATE);

bool IsAcceptablePassphraseCost(const PassphraseCost& cost) {
  return cost.passes >= crypto_pwhash_OPSLIMIT_MIN &&
         cost.passes <= 4 * kDefaultPassphraseCost.passes &&
         cost.bytes >= crypto_pwhash_MEMLIMIT_MIN && cost.bytes <= 4 * kDefaultPassphraseCost.bytes;
}

Result<SymmetricKey> DerivePassphraseKey(std::string_view passphrase, const PassphraseSalt& salt,
                                         const PassphraseCost& cost) {
  if (!IsAcceptablePassphraseCost(cost)) {
    return Status(Code::kInvalidArgument, "the passphrase key's cost parameters are out of range");
  }
  EnsureInitialized();
  SymmetricKey key;
  if (crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(), salt.data(),
                    cost.passes, static_cast<size_t>(cost.bytes),
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status(Code::kInternal, "not enough memory to derive the passphrase key (" +
                                       std::to_string(cost.bytes >> 20) + " MiB)");
  }
  return key;
}

}  // namespace relic::crypto
