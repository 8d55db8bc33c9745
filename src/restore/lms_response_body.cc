// SPDX-License-Identifier: Apache-2.0
#include "restore/lms_response_body.h"

#include <algorithm>
#include <optional>

#include "base/text_codec.h"
#include "protocol/flat_json.h"

namespace relic {
namespace {

// The Code whose CodeName is `name`.
std::optional<Code> CodeNamed(std::string_view name) {
  for (int i = 1; i < 128; ++i) {
    const auto code = static_cast<Code>(i);
    // Numbers that are no code also have the name "internal"; only
    // kInternal itself should match it.
    if (CodeName(code) == name && (code == Code::kInternal || name != CodeName(Code::kInternal))) {
      return code;
    }
  }
  return std::nullopt;
}

// The string member `key` of a flat JSON object (protocol/flat_json.h), or
// nothing for any other body.
std::optional<std::string> StringMember(std::string_view body, std::string_view key) {
  auto members = lms::ParseFlatJsonObject(body);
  if (!members.ok()) return std::nullopt;
  auto it = members->find(key);
  if (it == members->end()) return std::nullopt;
  return std::move(it->second);
}

// The length of the well-formed UTF-8 sequence at the start of `text`
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF) and
// its code point, or 0 if there is none.
size_t Utf8Sequence(std::string_view text, char32_t& code_point) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  size_t length = 0;
  char32_t min = 0;
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  } else if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2, min = 0x80, code_point = lead & 0x1f;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3, min = 0x800, code_point = lead & 0x0f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4, min = 0x10000, code_point = lead & 0x07;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xc0) != 0x80) return 0;
    code_point = code_point << 6 | (byte(i) & 0x3f);
  }
  if (code_point < min || code_point > 0x10ffff || (code_point >= 0xd800 && code_point <= 0xdfff)) {
    return 0;
  }
  return length;
}

// Characters a terminal or a log reader acts on rather than shows: C0 and
// C1 controls (U+009B is an escape sequence on its own to some terminals),
// DEL, and the bidirectional overrides and isolates that make text read
// differently from what it says.
bool IsDisplayControl(char32_t c) {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

std::string SanitizeServiceText(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    char32_t code_point = 0;
    const size_t length = Utf8Sequence(text, code_point);
    const std::string_view shown = length == 0                    ? std::string_view("?")
                                   : IsDisplayControl(code_point) ? std::string_view(" ")
                                                                  : text.substr(0, length);
    // Never cut a character in two.
    if (out.size() + shown.size() > kMaxServiceTextBytes) break;
    out += shown;
    text.remove_prefix(length == 0 ? 1 : length);
  }
  return out;
}

Result<std::array<uint8_t, lms::kChallengeSize>> ParseChallengeBody(std::string_view body,
                                                                    std::string_view service_url) {
  std::optional<Bytes> challenge;
  if (auto text = StringMember(body, "challenge")) {
    challenge = Base64Decode(*text);
  }
  if (!challenge || challenge->size() != lms::kChallengeSize) {
    return Status(Code::kMalformed, "the License Management Service at " +
                                        std::string(service_url) + " sent a malformed challenge");
  }
  std::array<uint8_t, lms::kChallengeSize> out{};
  std::copy(challenge->begin(), challenge->end(), out.begin());
  return out;
}

Status RefusalFromBody(int http_status, std::string_view body, std::string_view service_url) {
  auto error = StringMember(body, "error");
  auto message = StringMember(body, "message");
  if (error && message) {
    std::optional<Code> code = CodeNamed(*error);
    std::string sanitized = SanitizeServiceText(*message);
    if (code && !sanitized.empty()) return Status(*code, sanitized);
  }
  return Status(Code::kMalformed, "the License Management Service at " + std::string(service_url) +
                                      " answered HTTP " + std::to_string(http_status) +
                                      " without an error relic understands; check that the "
                                      "URL names a License Management Service");
}

std::string ServiceMessageSuffix(std::string_view body) {
  if (auto message = StringMember(body, "message")) {
    return ": " + SanitizeServiceText(*message);
  }
  return "";
}

}  // namespace relic
