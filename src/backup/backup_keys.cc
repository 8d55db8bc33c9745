// SPDX-License-Identifier: Apache-2.0
#include "backup/backup_keys.h"

#include <cstring>

#include "crypto/blake2b.h"

namespace relic::backup {
namespace {

constexpr std::string_view kKdfDomain = "relic-kdf-v1";

}  // namespace

Key Kdf(const Key& key, std::string_view label, ByteView a, ByteView b) {
  crypto::Blake2b state(Key::size(), ByteView(key.data(), key.size()));
  state.Update(kKdfDomain);
  state.Update(label);
  const uint8_t zero = 0;
  state.Update(&zero, 1);
  if (!a.empty()) state.Update(a);
  if (!b.empty()) state.Update(b);
  Key out;
  state.Final(out.data());
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
  static constexpr std::string_view kLabel = "relic-kdf-v1record";
  uint8_t out[64];
  crypto::Blake2b state(sizeof out, ByteView(lms_part.data(), lms_part.size()));
  state.Update(kLabel);
  const uint8_t zero = 0;
  state.Update(&zero, 1);
  state.Update(owner_part.data(), owner_part.size());
  state.Final(out);
  RecordKeys keys;
  std::memcpy(keys.key.data(), out, 32);
  std::memcpy(keys.handle.data(), out + 32, keys.handle.size());
  crypto::Wipe(out, sizeof out);
  return keys;
}

}  // namespace relic::backup
