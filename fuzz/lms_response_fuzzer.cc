// SPDX-License-Identifier: Apache-2.0
// The small JSON bodies the restore client reads from whatever answers at
// the service's URL besides the signed answer (adversary A4, a rogue or
// impersonated service): the challenge, a 4xx refusal's error body, a
// retried failure's message. The first byte of the input picks the parser
// (its value mod 3: '0' challenge, '1' refusal, '2' failure message); the
// rest is the body. Besides not crashing, each parser must keep what the
// user relies on: a challenge is exactly the bytes the service sent, and
// nothing the service writes reaches the user but its sanitized message.
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "base/text_codec.h"
#include "fuzz_target.h"
#include "restore/lms_response_body.h"

namespace {

constexpr std::string_view kUrl = "https://lms.example.com";
constexpr int kHttpStatus = 400;

// What SanitizeServiceText promises: bounded, well-formed UTF-8 (checked
// here by the JSON library's strict decoder), and no control character (a
// terminal escape, a line break that forges a log line: C0, DEL, C1) or
// bidirectional override.
bool IsSanitized(std::string_view text) {
  if (text.size() > relic::kMaxServiceTextBytes) return false;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return false;
  }
  for (std::string_view forbidden :
       {"\xc2\x80", "\xc2\x9b", "\xc2\x9f", "\xe2\x80\xae", "\xe2\x81\xa6"}) {
    if (text.find(forbidden) != std::string_view::npos) return false;
  }
  for (unsigned char second = 0x80; second <= 0x9f; ++second) {
    const char c1[] = {'\xc2', static_cast<char>(second), '\0'};
    if (text.find(c1) != std::string_view::npos) return false;
  }
  try {
    (void)nlohmann::json(std::string(text)).dump();
  } catch (const nlohmann::json::exception&) {
    return false;  // not valid UTF-8
  }
  return true;
}

// The string member `key` of the body as a JSON library reads it, if the
// body is what the client accepts (protocol/flat_json.h): one object of
// scalars, no member given twice. Anything else it reads as no member.
std::optional<std::string> StringMember(std::string_view body, const char* key) {
  std::set<std::string> keys;
  bool flat = true;
  const auto j = nlohmann::json::parse(
      body,
      [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        using Event = nlohmann::json::parse_event_t;
        const bool opens = event == Event::object_start || event == Event::array_start;
        if (depth > 1 || (opens && depth > 0)) flat = false;  // anything inside the top object
        if (event == nlohmann::json::parse_event_t::key &&
            !keys.insert(parsed.get<std::string>()).second) {
          flat = false;
        }
        return true;
      },
      /*allow_exceptions=*/false);
  if (!flat || !j.is_object()) return std::nullopt;
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

void Challenge(std::string_view body) {
  auto challenge = relic::ParseChallengeBody(body, kUrl);
  if (!challenge.ok()) {
    // One fixed message: no text of the service's reaches it.
    if (challenge.status().code() != relic::Code::kMalformed ||
        challenge.status().message() != "the License Management Service at " + std::string(kUrl) +
                                            " sent a malformed challenge") {
      __builtin_trap();
    }
    return;
  }
  // The client signs exactly the kChallengeSize bytes the service sent, in
  // their one canonical base64 text.
  auto sent = StringMember(body, "challenge");
  if (!sent || *sent != relic::Base64Encode(relic::ByteView(*challenge))) __builtin_trap();
}

void Refusal(std::string_view body) {
  const relic::Status refusal = relic::RefusalFromBody(kHttpStatus, body, kUrl);
  if (refusal.ok()) __builtin_trap();
  const std::string not_understood =
      "the License Management Service at " + std::string(kUrl) + " answered HTTP " +
      std::to_string(kHttpStatus) +
      " without an error relic understands; check that the URL names a License Management Service";
  if (refusal.code() == relic::Code::kMalformed && refusal.message() == not_understood) return;
  // Otherwise it is the service's own refusal: the code it named, and its
  // message made fit to show.
  auto error = StringMember(body, "error");
  auto message = StringMember(body, "message");
  if (!error || !message || relic::CodeName(refusal.code()) != *error) __builtin_trap();
  if (refusal.message().empty() || !IsSanitized(refusal.message()) ||
      refusal.message() != relic::SanitizeServiceText(*message)) {
    __builtin_trap();
  }
}

void FailureMessage(std::string_view body) {
  const std::string suffix = relic::ServiceMessageSuffix(body);
  auto message = StringMember(body, "message");
  if (!message) {
    if (!suffix.empty()) __builtin_trap();
    return;
  }
  if (!suffix.starts_with(": ") || !IsSanitized(std::string_view(suffix).substr(2)) ||
      suffix != ": " + relic::SanitizeServiceText(*message)) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      Challenge(body);
      break;
    case 1:
      Refusal(body);
      break;
    default:
      FailureMessage(body);
      break;
  }
  return 0;
}
