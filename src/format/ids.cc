// SPDX-License-Identifier: Apache-2.0
#include "relic/ids.h"

#include <cstring>

#include "base/text_codec.h"
#include "crypto/crypto.h"

namespace relic {
namespace {

constexpr std::string_view kMachinePrefix = "rm1.";
constexpr std::string_view kLmsPrefix = "rl1.";
constexpr std::string_view kIssuerPrefix = "ri1.";

std::string Quote(std::string_view text) {
  constexpr size_t kMax = 80;
  std::string shown(text.substr(0, kMax));
  if (text.size() > kMax) shown += "...";
  return "'" + shown + "'";
}

std::string DerivedId(std::string_view label, ByteView key) {
  Bytes input(label.begin(), label.end());
  input.insert(input.end(), key.begin(), key.end());
  return HexEncode(crypto::Hash(input, 16));
}

Result<Bytes> ParsePrefixed(std::string_view text, std::string_view prefix, size_t size,
                            std::string_view what) {
  auto bad = [&](const std::string& why) {
    return Status(Code::kInvalidArgument, std::string(what) + " " + Quote(text) + " " + why);
  };
  if (text.substr(0, prefix.size()) != prefix) {
    if (text.size() > 4 && text[3] == '.' && text[0] == 'r') {
      return bad("is a key of another kind (expected the prefix \"" + std::string(prefix) +
                 "\"); check that you passed the right key");
    }
    return bad("is not a relic " + std::string(what) + " (expected text starting with \"" +
               std::string(prefix) + "\"); copy it from the output of the command that made it");
  }
  auto decoded = Base64UrlDecode(text.substr(prefix.size()));
  if (!decoded || decoded->size() != size) {
    return bad("is damaged (wrong length or characters); copy it again in full");
  }
  return *decoded;
}

template <typename Party>
Result<Party> ParseParty(std::string_view text, std::string_view prefix, std::string_view what) {
  auto raw = ParsePrefixed(text, prefix, 64, what);
  if (!raw.ok()) return raw.status();
  Party party;
  std::memcpy(party.encryption.data(), raw->data(), 32);
  std::memcpy(party.signing.data(), raw->data() + 32, 32);
  return party;
}

std::string PartyText(const PartyPublicKey& key, std::string_view prefix) {
  Bytes raw(key.encryption.begin(), key.encryption.end());
  raw.insert(raw.end(), key.signing.begin(), key.signing.end());
  return std::string(prefix) + Base64UrlEncode(raw);
}

}  // namespace

Kid Kid::Random() {
  Kid kid;
  crypto::RandomFill(kid.bytes);
  return kid;
}

Result<Kid> Kid::Parse(std::string_view text) {
  auto decoded = Base64Decode(text);
  if (text.size() != 24 || !decoded || decoded->size() != 16) {
    return Status(Code::kInvalidArgument,
                  "KID " + Quote(text) +
                      " is not valid: a KID is 24 characters of base64 ending in \"==\", as "
                      "printed by `relic package` and `relic license list`");
  }
  Kid kid;
  std::memcpy(kid.bytes.data(), decoded->data(), 16);
  return kid;
}

std::string Kid::ToString() const { return Base64Encode(bytes); }

LicenseId LicenseId::Random() {
  LicenseId id;
  crypto::RandomFill(id.bytes);
  return id;
}

Result<LicenseId> LicenseId::Parse(std::string_view text) {
  auto decoded = HexDecode(text);
  if (!decoded || decoded->size() != 16) {
    return Status(Code::kInvalidArgument,
                  "license ID " + Quote(text) +
                      " is not valid: a license ID is 32 lower-case hex digits, as printed by "
                      "`relic license list`");
  }
  LicenseId id;
  std::memcpy(id.bytes.data(), decoded->data(), 16);
  return id;
}

std::string LicenseId::ToString() const { return HexEncode(bytes); }

Result<MachinePublicKey> MachinePublicKey::Parse(std::string_view text) {
  return ParseParty<MachinePublicKey>(text, kMachinePrefix, "machine public key");
}
std::string MachinePublicKey::ToString() const { return PartyText(*this, kMachinePrefix); }
std::string MachinePublicKey::MachineId() const {
  Bytes raw(encryption.begin(), encryption.end());
  raw.insert(raw.end(), signing.begin(), signing.end());
  return DerivedId("relic machine id v1", raw);
}

Result<LmsPublicKey> LmsPublicKey::Parse(std::string_view text) {
  return ParseParty<LmsPublicKey>(text, kLmsPrefix, "License Management Service public key");
}
std::string LmsPublicKey::ToString() const { return PartyText(*this, kLmsPrefix); }

Result<IssuerPublicKey> IssuerPublicKey::Parse(std::string_view text) {
  auto raw = ParsePrefixed(text, kIssuerPrefix, 32, "issuer public key");
  if (!raw.ok()) return raw.status();
  IssuerPublicKey key;
  std::memcpy(key.signing.data(), raw->data(), 32);
  return key;
}
std::string IssuerPublicKey::ToString() const {
  return std::string(kIssuerPrefix) + Base64UrlEncode(signing);
}
std::string IssuerPublicKey::IssuerId() const { return DerivedId("relic issuer id v1", signing); }

}  // namespace relic
