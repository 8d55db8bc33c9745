// SPDX-License-Identifier: Apache-2.0
#include "machine/identity_file.h"

#include <cstring>

#include "base/byte_io.h"

namespace relic {
namespace {

constexpr std::string_view kMagic = "RELICID1";
constexpr uint16_t kVersion = 1;
constexpr size_t kChecksumSize = 32;

}  // namespace

MachinePublicKey MachineIdentity::public_key() const {
  MachinePublicKey key;
  key.encryption = encryption.public_key;
  key.signing = signing.public_key;
  return key;
}

MachineIdentity GenerateMachineIdentity(const std::array<uint8_t, 32>& installation_binding,
                                        int64_t now) {
  MachineIdentity id;
  id.encryption = crypto::GenerateBoxKeyPair();
  id.signing = crypto::GenerateSigningKeyPair();
  crypto::RandomBytes(id.storage_key.data(), id.storage_key.size());
  id.installation_binding = installation_binding;
  id.created_at = now;
  return id;
}

Bytes EncodeIdentity(const MachineIdentity& identity) {
  ByteWriter w;
  w.Raw(kMagic);
  w.U16(kVersion);
  w.I64(identity.created_at);
  w.Raw(identity.installation_binding);
  w.Raw(identity.encryption.public_key);
  w.Raw(ByteView(identity.encryption.secret_key.data(), 32));
  w.Raw(identity.signing.public_key);
  w.Raw(ByteView(identity.signing.secret_key.data(), 64));
  w.Raw(ByteView(identity.storage_key.data(), 32));
  Bytes out = w.Take();
  auto checksum = crypto::Hash256(out);
  out.insert(out.end(), checksum.begin(), checksum.end());
  return out;
}

Result<MachineIdentity> DecodeIdentity(ByteView bytes, const std::string& path) {
  auto damaged = [&](const std::string& why) {
    return Status(Code::kCorrupt, "machine identity file " + path + " is damaged (" + why +
                                      "); run `relic init --reindividualize` and restore your "
                                      "licenses from a backup");
  };
  if (bytes.size() < kChecksumSize + kMagic.size()) return damaged("too short");
  ByteView content = bytes.first(bytes.size() - kChecksumSize);
  auto checksum = crypto::Hash256(content);
  if (!crypto::ConstantTimeEqual(checksum, bytes.last(kChecksumSize))) {
    return damaged("checksum mismatch");
  }
  ByteReader r(content, "machine identity file");
  auto magic = r.Raw(kMagic.size());
  if (!magic.ok() || std::memcmp(magic->data(), kMagic.data(), kMagic.size()) != 0) {
    return damaged("not an identity file");
  }
  RELIC_ASSIGN_OR_RETURN(uint16_t version, r.U16());
  if (version != kVersion) {
    return Status(Code::kUnsupportedVersion, "machine identity file " + path + " has version " +
                                                 std::to_string(version) +
                                                 ", which this relic does not read; upgrade relic");
  }
  MachineIdentity id;
  auto read = [&](uint8_t* out, size_t n) -> Status {
    RELIC_ASSIGN_OR_RETURN(ByteView raw, r.Raw(n));
    std::memcpy(out, raw.data(), n);
    return Status::Ok();
  };
  RELIC_ASSIGN_OR_RETURN(id.created_at, r.I64());
  RELIC_RETURN_IF_ERROR(read(id.installation_binding.data(), 32));
  RELIC_RETURN_IF_ERROR(read(id.encryption.public_key.data(), 32));
  RELIC_RETURN_IF_ERROR(read(id.encryption.secret_key.data(), 32));
  RELIC_RETURN_IF_ERROR(read(id.signing.public_key.data(), 32));
  RELIC_RETURN_IF_ERROR(read(id.signing.secret_key.data(), 64));
  RELIC_RETURN_IF_ERROR(read(id.storage_key.data(), 32));
  if (!r.ExpectEnd().ok()) return damaged("unexpected length");
  return id;
}

}  // namespace relic
