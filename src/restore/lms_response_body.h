// SPDX-License-Identifier: Apache-2.0
// The small JSON bodies the HTTP client reads from whatever answers at a
// License Management Service's URL, besides the signed answer itself
// (docs/lms.md): the challenge, a refusal's error body and a failure's
// message. The service may be rogue or impersonated (adversary A4 in
// docs/threat-model.md), so these are parsers of hostile input; they are
// kept apart from the sockets so that fuzz/lms_response_fuzzer.cc and the
// unit tests reach them directly.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/protocol.h"
#include "relic/status.h"

namespace relic {

// Text from the service, made fit to show the user on a terminal or in a
// log: valid UTF-8 of at most kMaxServiceTextBytes bytes, never cut inside
// a character; each control character (C0, DEL, C1) and each bidirectional
// override or isolate replaced by a space, each byte that is not part of
// well-formed UTF-8 by '?'.
inline constexpr size_t kMaxServiceTextBytes = 1000;
std::string SanitizeServiceText(std::string_view text);

// The challenge in a 200 answer to GET /v1/challenge:
// {"challenge": "<canonical base64 of kChallengeSize bytes>"}. Anything else
// is kMalformed, naming the service by `service_url`.
Result<std::array<uint8_t, lms::kChallengeSize>> ParseChallengeBody(std::string_view body,
                                                                    std::string_view service_url);

// What a 4xx answer (but 408 and 429, which are retried) means: the body
// {"error": "<CodeName>", "message": "<text>"} gives the service's own
// refusal, its code and sanitized message (not empty). Any other body, or a
// name that is no relic code (or "ok"), is kMalformed naming `service_url`
// and `http_status`. Never OK.
Status RefusalFromBody(int http_status, std::string_view body, std::string_view service_url);

// For a failure the client retries (5xx, 408, 429): ": <sanitized message>"
// from a body {"message": "<text>", ...}, or "" for any other body. Appended
// to the reason the client gives when it runs out of attempts.
std::string ServiceMessageSuffix(std::string_view body);

}  // namespace relic
