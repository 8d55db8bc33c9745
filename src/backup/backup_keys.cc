// SPDX-License-Identifier: Apache-2.0
#include "backup/backup_keys.h"

#include <sodium.h>

#include <cstring>

namespace relic::backup {
namespace {

constexpr std::string_view kKdfDomain = "relic-kdf-v1";

}  // namespace

Key Kdf(const Key& key, std::string_view label, ByteView a, ByteView b) {
  crypto::EnsureInitialized();
  crypto_generichash_state state;
  crypto_generichash_init(&state, key.data(), key.size(), 32);
  crypto_generichash_update(&state, reinterpret_cast<const uint8_t*>(kKdfDomain.data()),
                            kKdfDomain.size());
  crypto_generichash_update(&state, reinterpret_cast<const uint8_t*>(label.data()), label.size());
  const uint8_t zero = 0;
  crypto_generichash_update(&state, &zero, 1);
  if (!a.empty()) crypto_generichash_update(&state, a.data(), a.size());
  if (!b.empty()) crypto_generichash_update(&state, b.data(), b.size());
  Key out;
  crypto_generichash_final(&state, out.data(), out.size());
  sodium_memzero(&state, sizeof state);
  return out;
}

Key IndexKey(const Key& master, const SetId& set_id) { return Kdf(master, "index", set_id); }

Key LmsPart(const Key& master, const SetId& set_id, const LicenseId& id) {
  return Kdf(master, "license", set_id, id.bytes);
}

Key OwnerPart(const Key* owner_key, const SetId& set_id, const LicenseId& id) {
  if (owner_key == nullptr) return Key();
  return Kdf(*owner_key, "license", set_id, id.bytes);
}

Key OwnerProofKey(const Key& owner_key, const SetId& set_id) {
  return Kdf(owner_key, "proof", set_id);
}

std::array<uint8_t, 32> OwnerProof(const Key& proof_key, ByteView challenge,
                                   const MachinePublicKey& target) {
  Bytes message =
      crypto::Labeled("relic owner proof v1", {challenge, target.encryption, target.signing});
  return crypto::HmacSha256(ByteView(proof_key.data(), proof_key.size()), message);
}

RecordKeys DeriveRecordKeys(const Key& lms_part, const Key& owner_part) {
  crypto::EnsureInitialized();
  static constexpr std::string_view kLabel = "relic-kdf-v1record";
  uint8_t out[64];
  crypto_generichash_state state;
  crypto_generichash_init(&state, lms_part.data(), lms_part.size(), sizeof out);
  crypto_generichash_update(&state, reinterpret_cast<const uint8_t*>(kLabel.data()), kLabel.size());
  const uint8_t zero = 0;
  crypto_generichash_update(&state, &zero, 1);
  crypto_generichash_update(&state, owner_part.data(), owner_part.size());
  crypto_generichash_final(&state, out, sizeof out);
  RecordKeys keys;
  std::memcpy(keys.key.data(), out, 32);
  std::memcpy(keys.handle.data(), out + 32, keys.handle.size());
  sodium_memzero(out, sizeof out);
  sodium_memzero(&state, sizeof state);
  return keys;
}

}  // namespace relic::backup
