// SPDX-License-Identifier: Apache-2.0
// The machine identity file in a relic home (docs/formats/home.md): key
// pairs, storage key and the installation binding, with a checksum so that
// damage is told apart from a foreign installation.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "crypto/crypto.h"
#include "relic/ids.h"

namespace relic {

constexpr char kIdentityFileName[] = "identity";
constexpr char kStoreFileName[] = "store.db";

struct MachineIdentity {
  crypto::BoxKeyPair encryption;
  crypto::SigningKeyPair signing;
  crypto::SymmetricKey storage_key;
  std::array<uint8_t, 32> installation_binding{};
  int64_t created_at = 0;

  MachinePublicKey public_key() const;
};

MachineIdentity GenerateMachineIdentity(const std::array<uint8_t, 32>& installation_binding,
                                        int64_t now);

Bytes EncodeIdentity(const MachineIdentity& identity);
Result<MachineIdentity> DecodeIdentity(ByteView bytes, const std::string& path);

}  // namespace relic
