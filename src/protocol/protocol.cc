// SPDX-License-Identifier: Apache-2.0
#include "protocol/protocol.h"

#include <cstring>
#include <map>
#include <optional>
#include <tuple>
#include <utility>

#include "base/byte_io.h"
#include "base/text_codec.h"
#include "protocol/flat_json.h"

namespace relic::lms {
namespace {

constexpr std::string_view kRequestMagic = "RRQ1";
constexpr std::string_view kAnswerMagic = "RGA1";
constexpr uint16_t kVersion = 1;
// Version 2 carries every sealed section of the set instead of one master.
constexpr uint16_t kRequestVersion = 2;
constexpr uint32_t kMaxEntries = 10000;

Status Malformed(std::string_view what, std::string_view why) {
  return Status(Code::kMalformed, std::string(what) + " is malformed: " + std::string(why));
}

}  // namespace

std::string_view RefusalReasonName(RefusalReason reason) {
  switch (reason) {
    case RefusalReason::kMachineLimit:
      return "machine-limit";
    case RefusalReason::kDailyLimit:
      return "daily-limit";
  }
  return "unknown";
}

Bytes EncodeRestoreRequest(const RestoreRequest& request) {
  ByteWriter w;
  w.Raw(kRequestMagic);
  w.U16(kRequestVersion);
  w.Raw(request.challenge);
  w.Raw(request.target.encryption);
  w.Raw(request.target.signing);
  w.U8(request.dry_run ? 1 : 0);
  w.U8(request.owner_proof ? 1 : 0);
  std::array<uint8_t, 32> zero{};
  w.Raw(request.owner_proof ? *request.owner_proof : zero);
  w.Blob32(request.header);
  w.Blob32(request.sealed_sections);
  w.U16(request.group);
  w.U32(request.index_seq);
  w.Blob32(request.index_chunk);
  return w.Take();
}

Result<RestoreRequest> DecodeRestoreRequest(ByteView bytes) {
  if (bytes.size() > kMaxRequestSize) return Malformed("the restore request", "it is too large");
  ByteReader r(bytes, "restore request");
  RELIC_ASSIGN_OR_RETURN(ByteView magic, r.Raw(kRequestMagic.size()));
  if (std::memcmp(magic.data(), kRequestMagic.data(), kRequestMagic.size()) != 0) {
    return Malformed("the restore request", "wrong marker");
  }
  RELIC_ASSIGN_OR_RETURN(uint16_t version, r.U16());
  if (version != kRequestVersion) {
    return Status(Code::kUnsupportedVersion,
                  "restore request version " + std::to_string(version) +
                      " is not supported; the client and the service speak different "
                      "versions of the restore protocol: upgrade the older one");
  }
  RestoreRequest q;
  RELIC_RETURN_IF_ERROR(r.Into(q.challenge));
  RELIC_RETURN_IF_ERROR(r.Into(q.target.encryption));
  RELIC_RETURN_IF_ERROR(r.Into(q.target.signing));
  RELIC_ASSIGN_OR_RETURN(uint8_t dry, r.U8());
  RELIC_ASSIGN_OR_RETURN(uint8_t has_proof, r.U8());
  std::array<uint8_t, 32> proof{};
  RELIC_RETURN_IF_ERROR(r.Into(proof));
  if (dry > 1 || has_proof > 1) return Malformed("the restore request", "invalid flags");
  q.dry_run = dry == 1;
  if (has_proof) q.owner_proof = proof;
  RELIC_ASSIGN_OR_RETURN(ByteView header, r.Blob32());
  q.header.assign(header.begin(), header.end());
  RELIC_ASSIGN_OR_RETURN(ByteView sealed, r.Blob32());
  q.sealed_sections.assign(sealed.begin(), sealed.end());
  RELIC_ASSIGN_OR_RETURN(q.group, r.U16());
  RELIC_ASSIGN_OR_RETURN(q.index_seq, r.U32());
  RELIC_ASSIGN_OR_RETURN(ByteView index, r.Blob32());
  q.index_chunk.assign(index.begin(), index.end());
  RELIC_RETURN_IF_ERROR(r.ExpectEnd());
  return q;
}

Bytes EncodeRestoreAnswer(const RestoreAnswer& a) {
  ByteWriter w;
  w.Raw(kAnswerMagic);
  w.U16(kVersion);
  w.Blob16(a.root_bytes);
  w.Raw(a.root_signature);
  w.U32(static_cast<uint32_t>(a.granted.size()));
  for (const auto& leaf : a.granted) {
    w.Raw(leaf.license_id.bytes);
    w.Raw(leaf.body_hash);
    w.U32(leaf.plays_used);
  }
  w.U32(static_cast<uint32_t>(a.refused.size()));
  for (const auto& refusal : a.refused) {
    w.Raw(refusal.license_id.bytes);
    w.Raw(refusal.kid.bytes);
    w.U8(static_cast<uint8_t>(refusal.reason));
  }
  w.Str16(a.refusal_url);
  w.Blob32(a.envelope);
  return w.Take();
}

Result<RestoreAnswer> DecodeRestoreAnswer(ByteView bytes) {
  ByteReader r(bytes, "restore answer");
  RELIC_ASSIGN_OR_RETURN(ByteView magic, r.Raw(kAnswerMagic.size()));
  if (std::memcmp(magic.data(), kAnswerMagic.data(), kAnswerMagic.size()) != 0) {
    return Malformed("the restore answer", "wrong marker");
  }
  RELIC_ASSIGN_OR_RETURN(uint16_t version, r.U16());
  if (version != kVersion) {
    return Status(Code::kUnsupportedVersion, "restore answer version " + std::to_string(version) +
                                                 " is not supported; upgrade relic");
  }
  RestoreAnswer a;
  RELIC_ASSIGN_OR_RETURN(ByteView root, r.Blob16());
  a.root_bytes.assign(root.begin(), root.end());
  RELIC_ASSIGN_OR_RETURN(a.root, DecodeGrantRoot(a.root_bytes));
  RELIC_RETURN_IF_ERROR(r.Into(a.root_signature));
  RELIC_ASSIGN_OR_RETURN(uint32_t granted, r.U32());
  if (granted > kMaxEntries) return Malformed("the restore answer", "too many grants");
  a.granted.resize(granted);
  for (auto& leaf : a.granted) {
    RELIC_RETURN_IF_ERROR(r.Into(leaf.license_id.bytes));
    RELIC_RETURN_IF_ERROR(r.Into(leaf.body_hash));
    RELIC_ASSIGN_OR_RETURN(leaf.plays_used, r.U32());
  }
  RELIC_ASSIGN_OR_RETURN(uint32_t refused, r.U32());
  if (refused > kMaxEntries) return Malformed("the restore answer", "too many refusals");
  a.refused.resize(refused);
  for (auto& refusal : a.refused) {
    RELIC_RETURN_IF_ERROR(r.Into(refusal.license_id.bytes));
    RELIC_RETURN_IF_ERROR(r.Into(refusal.kid.bytes));
    RELIC_ASSIGN_OR_RETURN(uint8_t reason, r.U8());
    if (reason < 1 || reason > 2) return Malformed("the restore answer", "unknown refusal");
    refusal.reason = static_cast<RefusalReason>(reason);
  }
  RELIC_ASSIGN_OR_RETURN(a.refusal_url, r.Str16());
  RELIC_ASSIGN_OR_RETURN(ByteView envelope, r.Blob32());
  a.envelope.assign(envelope.begin(), envelope.end());
  RELIC_RETURN_IF_ERROR(r.ExpectEnd());
  if (a.root.leaf_count != a.granted.size()) {
    return Malformed("the restore answer", "its grant count disagrees with the signed root");
  }
  return a;
}

Bytes EncodeEnvelopePlain(const std::vector<KeyRelease>& releases) {
  ByteWriter w;
  w.U32(static_cast<uint32_t>(releases.size()));
  for (const auto& release : releases) {
    w.Raw(release.license_id.bytes);
    w.Raw(ByteView(release.lms_part.data(), release.lms_part.size()));
  }
  return w.Take();
}

Result<std::vector<KeyRelease>> DecodeEnvelopePlain(ByteView bytes) {
  ByteReader r(bytes, "key envelope");
  RELIC_ASSIGN_OR_RETURN(uint32_t n, r.U32());
  if (n > kMaxEntries || r.remaining() != size_t{n} * 48) {
    return Malformed("the key envelope", "wrong size");
  }
  std::vector<KeyRelease> out(n);
  for (auto& release : out) {
    RELIC_RETURN_IF_ERROR(r.Into(release.license_id.bytes));
    RELIC_ASSIGN_OR_RETURN(ByteView key, r.Raw(32));
    std::memcpy(release.lms_part.data(), key.data(), 32);
  }
  return out;
}

namespace {

// A signed message's two keys in the order a JSON library writes them
// (sorted), which WrapSigned writes and the fast path of UnwrapSigned reads.
std::pair<std::string_view, std::string_view> KeyOrder(std::string_view name) {
  constexpr std::string_view kSignature = "signature";
  return name < kSignature ? std::make_pair(name, kSignature) : std::make_pair(kSignature, name);
}

}  // namespace

std::string WrapSigned(std::string_view name, ByteView message, const crypto::Signature& sig) {
  // Base64 needs no JSON escaping, so the document is written directly: a
  // batch's message is a megabyte, which a JSON serializer would walk byte
  // by byte. Keys in sorted order, as a JSON library writes them.
  const std::string payload = Base64Encode(message);
  const std::string signature = Base64Encode(sig);
  const auto [first_key, second_key] = KeyOrder(name);
  const bool name_first = first_key == name;
  const std::string& first = name_first ? payload : signature;
  const std::string& second = name_first ? signature : payload;
  std::string out;
  out.reserve(payload.size() + signature.size() + name.size() + 32);
  out.append("{\"").append(first_key).append("\":\"").append(first);
  out.append("\",\"").append(second_key).append("\":\"").append(second).append("\"}");
  return out;
}

namespace {

// The document exactly as WrapSigned writes it: {"<name>":"<b64>","signature":"<b64>"}
// (either key order). Anything else, whitespace included, takes the general
// JSON parser; both give the same fields.
std::optional<std::pair<std::string_view, std::string_view>> CanonicalFields(
    std::string_view name, std::string_view json) {
  auto is_base64 = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/' || c == '=';
  };
  std::string_view rest = json;
  auto take = [&](std::string_view literal) {
    if (!rest.starts_with(literal)) return false;
    rest.remove_prefix(literal.size());
    return true;
  };
  auto member = [&](std::string_view key) -> std::optional<std::string_view> {
    if (!take("\"") || !take(key) || !take("\":\"")) return std::nullopt;
    size_t end = 0;
    while (end < rest.size() && is_base64(rest[end])) ++end;
    std::string_view value = rest.substr(0, end);
    rest.remove_prefix(end);
    if (!take("\"")) return std::nullopt;
    return value;
  };
  const auto [first_key, second_key] = KeyOrder(name);
  const bool name_first = first_key == name;
  if (!take("{")) return std::nullopt;
  auto first = member(first_key);
  if (!first || !take(",")) return std::nullopt;
  auto second = member(second_key);
  if (!second || !take("}") || !rest.empty()) return std::nullopt;
  return name_first ? std::make_pair(*first, *second) : std::make_pair(*second, *first);
}

}  // namespace

Result<Signed> UnwrapSigned(std::string_view name, std::string_view json, size_t max_size) {
  const std::string what = "the " + std::string(name) + " message";
  if (json.size() > max_size * 4 / 3 + 1024) return Malformed(what, "it is too large");
  std::string_view message_text;
  std::string_view signature_text;
  std::map<std::string, std::string, std::less<>> members;
  if (auto canonical = CanonicalFields(name, json)) {
    std::tie(message_text, signature_text) = *canonical;
  } else {
    // Any other form: a flat object, read without a document, so that
    // nesting costs nothing (protocol/flat_json.h).
    auto parsed = ParseFlatJsonObject(json);
    if (!parsed.ok()) return Malformed(what, "the body " + parsed.status().message());
    members = std::move(parsed).value();
    auto field = [&](std::string_view key) -> Result<std::string_view> {
      auto it = members.find(key);
      if (it == members.end()) {
        return Malformed(what, "the field \"" + std::string(key) + "\" is missing");
      }
      return std::string_view(it->second);
    };
    RELIC_ASSIGN_OR_RETURN(message_text, field(name));
    RELIC_ASSIGN_OR_RETURN(signature_text, field("signature"));
  }
  auto decode = [&](std::string_view key, std::string_view text) -> Result<Bytes> {
    auto decoded = Base64Decode(text);
    if (!decoded) return Malformed(what, "the field \"" + std::string(key) + "\" is not base64");
    return std::move(*decoded);
  };
  Signed out;
  RELIC_ASSIGN_OR_RETURN(out.message, decode(name, message_text));
  RELIC_ASSIGN_OR_RETURN(Bytes sig, decode("signature", signature_text));
  if (sig.size() != out.signature.size()) return Malformed(what, "the signature has a wrong size");
  std::memcpy(out.signature.data(), sig.data(), sig.size());
  return out;
}

}  // namespace relic::lms
