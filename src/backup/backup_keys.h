// SPDX-License-Identifier: Apache-2.0
// Key derivations of a backup set (docs/backup-and-restore.md). Keys derive
// from the set ID and license IDs, never from positions in the file.
#pragma once

#include <array>
#include <string_view>

#include "crypto/crypto.h"
#include "relic/ids.h"

namespace relic::backup {

using Key = crypto::SymmetricKey;
using SetId = std::array<uint8_t, 16>;
using Handle = std::array<uint8_t, 16>;

// Keyed BLAKE2b-256 over "relic-kdf-v1" ‖ label ‖ 0x00 ‖ fields.
Key Kdf(const Key& key, std::string_view label, ByteView a = {}, ByteView b = {});

// X_g: encrypts a group's index chunks.
Key IndexKey(const Key& master, const SetId& set_id);
// L_i: what the LMS releases for license i.
Key LmsPart(const Key& master, const SetId& set_id, const LicenseId& id);
// O_i: the owner's half; all zero without a passphrase.
Key OwnerPart(const Key* owner_key, const SetId& set_id, const LicenseId& id);
// The key with which a restore request proves knowledge of the passphrase.
// The LMS receives it sealed with the master; being derived one way from
// the owner key, it yields no owner part.
Key OwnerProofKey(const Key& owner_key, const SetId& set_id);
// The proof for one request: bound to its challenge and target machine, so
// an observer cannot reuse it.
std::array<uint8_t, 32> OwnerProof(const Key& proof_key, ByteView challenge,
                                   const MachinePublicKey& target);

// K_i and h_i from one keyed hash of L_i and O_i.
struct RecordKeys {
  Key key;
  Handle handle{};
};
RecordKeys DeriveRecordKeys(const Key& lms_part, const Key& owner_part);

}  // namespace relic::backup
