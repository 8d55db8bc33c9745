// SPDX-License-Identifier: Apache-2.0
// The license file format (docs/formats/license.md): an issuer-signed body
// and, beside it, the content key sealed to the target machine. The
// signature covers the body's exact bytes; parsing never re-serialises.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "crypto/crypto.h"
#include "relic/license.h"

namespace relic {

constexpr uint16_t kLicenseFileVersion = 1;
constexpr uint16_t kLicenseBodyVersion = 1;
constexpr size_t kContentKeySize = 32;
constexpr size_t kCheckValueSize = 16;
constexpr size_t kMaxLmsUrlSize = 2048;
// Far above any real license (about 400 bytes); bounds what a parser reads.
constexpr uint64_t kMaxLicenseFileSize = uint64_t{64} * 1024;

struct LicenseBody {
  LicenseId license_id;
  Kid kid;
  IssuerPublicKey issuer;
  MachinePublicKey machine;
  Rights rights;
  std::array<uint8_t, kCheckValueSize> check_value{};
  std::optional<LmsInfo> lms;
  int64_t issued_at = 0;
};

struct ParsedLicense {
  LicenseBody body;
  Bytes body_bytes;  // exactly as signed
  crypto::Signature signature{};
  Bytes sealed_content_key;
};

Bytes EncodeLicenseBody(const LicenseBody& body);
Result<LicenseBody> DecodeLicenseBody(ByteView bytes);

Bytes EncodeLicenseFile(ByteView body_bytes, const crypto::Signature& signature,
                        ByteView sealed_content_key);
// Checks structure only; the caller verifies the signature and the key.
Result<ParsedLicense> ParseLicenseFile(ByteView file);

// Verifies the issuer's signature over the body's exact bytes.
Status VerifyLicenseSignature(const ParsedLicense& license);

// The value that ties a content key to its KID, so that a license cannot
// pair a KID with some other key.
std::array<uint8_t, kCheckValueSize> ComputeCheckValue(const crypto::SymmetricKey& content_key,
                                                       const Kid& kid);

// Validates an LMS URL: http(s), no spaces or control characters, bounded.
Status ValidateLmsUrl(std::string_view url);

}  // namespace relic
