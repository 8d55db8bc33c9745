// SPDX-License-Identifier: Apache-2.0
#include "format/license_format.h"

#include <cstring>

#include "base/byte_io.h"

namespace relic {
namespace {

constexpr std::string_view kFileMagic = "RELICLIC";
constexpr std::string_view kBodyMagic = "RLB1";
constexpr uint8_t kFlagAllowBackup = 0x01;
constexpr std::string_view kWhat = "license file";

Status Malformed(const std::string& what) {
  return Status(Code::kMalformed, "license file is malformed: " + what +
                                      "; ask the issuer for a fresh copy of the license");
}

void PutOptionalTime(ByteWriter& w, const std::optional<int64_t>& t) {
  w.U8(t.has_value() ? 1 : 0);
  w.I64(t.value_or(0));
}

Result<std::optional<int64_t>> GetOptionalTime(ByteReader& r, std::string_view name) {
  auto present = r.U8();
  if (!present.ok()) return present.status();
  auto value = r.I64();
  if (!value.ok()) return value.status();
  if (*present > 1 || (*present == 0 && *value != 0)) {
    return Malformed("invalid " + std::string(name) + " field");
  }
  if (*present == 0) return std::optional<int64_t>();
  return std::optional<int64_t>(*value);
}

}  // namespace

Status ValidateLmsUrl(std::string_view url) {
  bool scheme_ok = url.starts_with("https://") || url.starts_with("http://");
  bool chars_ok = true;
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) chars_ok = false;
  }
  if (!scheme_ok || !chars_ok || url.size() > kMaxLmsUrlSize || url.size() < 10) {
    return Status(Code::kInvalidArgument,
                  "License Management Service URL '" + std::string(url.substr(0, 100)) +
                      "' is not a valid http(s) URL of at most 2048 characters");
  }
  return Status::Ok();
}

Bytes EncodeLicenseBody(const LicenseBody& body) {
  ByteWriter w;
  w.Raw(kBodyMagic);
  w.U16(kLicenseBodyVersion);
  w.Raw(body.license_id.bytes);
  w.Raw(body.kid.bytes);
  w.Raw(body.issuer.signing);
  w.Raw(body.machine.encryption);
  w.Raw(body.machine.signing);
  w.U8(body.rights.allow_backup ? kFlagAllowBackup : 0);
  w.U8(body.rights.play_count.has_value() ? 1 : 0);
  w.U32(body.rights.play_count.value_or(0));
  PutOptionalTime(w, body.rights.begins);
  PutOptionalTime(w, body.rights.expires);
  w.Raw(body.check_value);
  w.U8(body.lms.has_value() ? 1 : 0);
  if (body.lms) {
    w.Raw(body.lms->key.encryption);
    w.Raw(body.lms->key.signing);
    w.Str16(body.lms->url);
  }
  w.I64(body.issued_at);
  return w.Take();
}

Result<LicenseBody> DecodeLicenseBody(ByteView bytes) {
  ByteReader r(bytes, "license body");
  LicenseBody body;
  auto magic = r.Raw(kBodyMagic.size());
  if (!magic.ok()) return magic.status();
  if (std::memcmp(magic->data(), kBodyMagic.data(), kBodyMagic.size()) != 0) {
    return Malformed("the body does not start with the license body marker");
  }
  auto version = r.U16();
  if (!version.ok()) return version.status();
  if (*version != kLicenseBodyVersion) {
    return Status(Code::kUnsupportedVersion,
                  "license body version " + std::to_string(*version) +
                      " is not supported by this relic (it reads version 1); upgrade relic");
  }
  RELIC_RETURN_IF_ERROR(r.Into(body.license_id.bytes));
  RELIC_RETURN_IF_ERROR(r.Into(body.kid.bytes));
  RELIC_RETURN_IF_ERROR(r.Into(body.issuer.signing));
  RELIC_RETURN_IF_ERROR(r.Into(body.machine.encryption));
  RELIC_RETURN_IF_ERROR(r.Into(body.machine.signing));
  RELIC_ASSIGN_OR_RETURN(uint8_t flags, r.U8());
  if ((flags & ~kFlagAllowBackup) != 0) return Malformed("unknown rights flags are set");
  body.rights.allow_backup = (flags & kFlagAllowBackup) != 0;
  RELIC_ASSIGN_OR_RETURN(uint8_t has_plays, r.U8());
  RELIC_ASSIGN_OR_RETURN(uint32_t plays, r.U32());
  if (has_plays > 1 || (has_plays == 1 && plays == 0) || (has_plays == 0 && plays != 0)) {
    return Malformed("invalid play count field");
  }
  if (has_plays) body.rights.play_count = plays;
  RELIC_ASSIGN_OR_RETURN(body.rights.begins, GetOptionalTime(r, "begin time"));
  RELIC_ASSIGN_OR_RETURN(body.rights.expires, GetOptionalTime(r, "expiry time"));
  if (body.rights.begins && body.rights.expires && *body.rights.expires <= *body.rights.begins) {
    return Malformed("the license expires before it begins");
  }
  RELIC_RETURN_IF_ERROR(r.Into(body.check_value));
  RELIC_ASSIGN_OR_RETURN(uint8_t has_lms, r.U8());
  if (has_lms > 1) return Malformed("invalid License Management Service field");
  if (has_lms) {
    LmsInfo lms;
    RELIC_RETURN_IF_ERROR(r.Into(lms.key.encryption));
    RELIC_RETURN_IF_ERROR(r.Into(lms.key.signing));
    RELIC_ASSIGN_OR_RETURN(lms.url, r.Str16());
    if (!ValidateLmsUrl(lms.url).ok()) return Malformed("invalid License Management Service URL");
    body.lms = std::move(lms);
  }
  if (body.rights.allow_backup && !body.lms) {
    return Malformed("it allows backup but names no License Management Service");
  }
  RELIC_ASSIGN_OR_RETURN(body.issued_at, r.I64());
  RELIC_RETURN_IF_ERROR(r.ExpectEnd());
  return body;
}

Bytes EncodeLicenseFile(ByteView body_bytes, const crypto::Signature& signature,
                        ByteView sealed_content_key) {
  ByteWriter w;
  w.Raw(kFileMagic);
  w.U16(kLicenseFileVersion);
  w.Blob32(body_bytes);
  w.Blob16(signature);
  w.Blob16(sealed_content_key);
  return w.Take();
}

Result<ParsedLicense> ParseLicenseFile(ByteView file) {
  if (file.empty()) return Malformed("the file is empty");
  if (file.size() > kMaxLicenseFileSize) return Malformed("the file is far too large");
  ByteReader r(file, std::string(kWhat));
  auto magic = r.Raw(kFileMagic.size());
  if (!magic.ok() || std::memcmp(magic->data(), kFileMagic.data(), kFileMagic.size()) != 0) {
    return Status(Code::kMalformed,
                  "this is not a relic license file (it does not start with RELICLIC); check the "
                  "file name");
  }
  RELIC_ASSIGN_OR_RETURN(uint16_t version, r.U16());
  if (version != kLicenseFileVersion) {
    return Status(Code::kUnsupportedVersion,
                  "license file version " + std::to_string(version) +
                      " is not supported by this relic (it reads version 1); upgrade relic");
  }
  ParsedLicense parsed;
  RELIC_ASSIGN_OR_RETURN(ByteView body, r.Blob32());
  parsed.body_bytes.assign(body.begin(), body.end());
  RELIC_ASSIGN_OR_RETURN(ByteView sig, r.Blob16());
  if (sig.size() != crypto::kSignatureSize) return Malformed("the signature has the wrong size");
  std::memcpy(parsed.signature.data(), sig.data(), sig.size());
  RELIC_ASSIGN_OR_RETURN(ByteView sealed, r.Blob16());
  if (sealed.size() != kContentKeySize + crypto::kSealOverhead) {
    return Malformed("the sealed content key has the wrong size");
  }
  parsed.sealed_content_key.assign(sealed.begin(), sealed.end());
  RELIC_RETURN_IF_ERROR(r.ExpectEnd());
  RELIC_ASSIGN_OR_RETURN(parsed.body, DecodeLicenseBody(parsed.body_bytes));
  return parsed;
}

Status VerifyLicenseSignature(const ParsedLicense& license) {
  if (!crypto::Verify(license.body.issuer.signing, license.body_bytes, license.signature)) {
    return Status(Code::kBadSignature,
                  "license " + license.body.license_id.ToString() +
                      " has an invalid issuer signature: it was altered or damaged; ask the "
                      "issuer for a fresh copy");
  }
  return Status::Ok();
}

std::array<uint8_t, kCheckValueSize> ComputeCheckValue(const crypto::SymmetricKey& content_key,
                                                       const Kid& kid) {
  Bytes message = crypto::Labeled("relic kid check v1", {kid.bytes});
  Bytes mac = crypto::Hash(message, kCheckValueSize, ByteView(content_key.data(), 32));
  std::array<uint8_t, kCheckValueSize> out{};
  std::memcpy(out.data(), mac.data(), out.size());
  return out;
}

}  // namespace relic
