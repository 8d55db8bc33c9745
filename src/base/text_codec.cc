// SPDX-License-Identifier: Apache-2.0
#include "base/text_codec.h"

#include "crypto/crypto.h"

namespace relic {
namespace {

using crypto::Base64Variant;

// Every value has one text: re-encoding must give the text back. libsodium's
// (constant-time) decoder refuses non-zero padding bits itself today; this
// keeps the promise whatever the decoder underneath accepts.
std::optional<Bytes> StrictDecode(std::string_view text, Base64Variant variant) {
  auto out = crypto::Base64Decode(text, variant);
  if (!out || crypto::Base64Encode(*out, variant) != text) return std::nullopt;
  return out;
}

}  // namespace

std::string HexEncode(ByteView data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(data.size() * 2);
  for (uint8_t b : data) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

std::optional<Bytes> HexDecode(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  Bytes out;
  out.reserve(text.size() / 2);
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;  // upper case is not canonical
  };
  for (size_t i = 0; i < text.size(); i += 2) {
    int hi = nibble(text[i]), lo = nibble(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<uint8_t>(hi << 4 | lo));
  }
  return out;
}

std::string Base64Encode(ByteView data) {
  return crypto::Base64Encode(data, Base64Variant::kStandardPadded);
}
std::optional<Bytes> Base64Decode(std::string_view text) {
  return StrictDecode(text, Base64Variant::kStandardPadded);
}
std::string Base64UrlEncode(ByteView data) {
  return crypto::Base64Encode(data, Base64Variant::kUrlSafeUnpadded);
}
std::optional<Bytes> Base64UrlDecode(std::string_view text) {
  return StrictDecode(text, Base64Variant::kUrlSafeUnpadded);
}

}  // namespace relic
