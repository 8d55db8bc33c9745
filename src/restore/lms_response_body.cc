#include "restore/lms_response_body.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "base/text_codec.h"

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

// The string member `key` of a JSON object, or nothing.
std::optional<std::string> StringMember(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return std::nullopt;
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

nlohmann::json ParseOrDiscard(std::string_view body) {
  return nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
}

}  // namespace

std::string SanitizeServiceText(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, kMaxServiceTextBytes)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7f) ? ' ' : c;
  }
  return out;
}

Result<std::array<uint8_t, lms::kChallengeSize>> ParseChallengeBody(std::string_view body,
                                                                    std::string_view service_url) {
  std::optional<Bytes> challenge;
  if (auto text = StringMember(ParseOrDiscard(body), "challenge")) {
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
  const nlohmann::json j = ParseOrDiscard(body);
  auto error = StringMember(j, "error");
  auto message = StringMember(j, "message");
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
  if (auto message = StringMember(ParseOrDiscard(body), "message")) {
    return ": " + SanitizeServiceText(*message);
  }
  return "";
}

}  // namespace relic
