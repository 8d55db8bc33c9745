// SPDX-License-Identifier: Apache-2.0
// The service's log lines (docs/lms.md, "Logs"): one per request, in text
// for people or JSON for log pipelines, each with the request's ID and what
// it came to, so a refused restore reads differently from a grant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lms/authority.h"
#include "relic/status.h"

namespace relic::lms {

enum class LogFormat { kText, kJson };

// "text" or "json"; kInvalidArgument naming the value otherwise.
Result<LogFormat> ParseLogFormat(std::string_view name);

// A new request ID: 16 lowercase hex digits from the system's random
// source, unique enough to find one request among a service's lifetime.
std::string NewRequestId();

struct RequestLogEntry {
  int64_t time = 0;  // Unix seconds
  std::string request_id;
  std::string peer;    // "127.0.0.1:53422"
  std::string method;  // printable already (no spaces or control characters)
  std::string path;    // likewise
  int status = 0;
  size_t body_bytes = 0;
  int64_t milliseconds = 0;
  // The relic code name of an error answer, and for internal failures the
  // details that never reach the client.
  std::string error;
  std::string detail;
  // A restore request that reached the decision core.
  std::optional<Decision> decision;
  // The operator console's requests: who was signed in, and what an
  // admin action did ("released license ... (audit record 7)").
  std::string operator_name;
  std::string action;
};

// "granted", "refused" (every license over a limit), "partial" (some
// granted, some refused), "rejected" (a 4xx), "failed" (a 5xx) or "ok".
std::string_view Outcome(const RequestLogEntry& entry);

// One line, without the newline.
std::string FormatRequestLine(const RequestLogEntry& entry, LogFormat format);

// Any other line the service logs (turned-away bursts, failed TLS
// handshakes, reloads): as is in text, a JSON object with time and message
// otherwise.
std::string FormatServiceLine(int64_t time, std::string_view message, LogFormat format);

}  // namespace relic::lms
