// SPDX-License-Identifier: Apache-2.0
#include "lms/request_log.h"

#include <fmt/format.h>

#include <array>
#include <nlohmann/json.hpp>

#include "base/text_codec.h"
#include "crypto/crypto.h"
#include "relic/rights.h"

namespace relic::lms {
namespace {

std::string JsonLine(const nlohmann::ordered_json& object) {
  // Invalid UTF-8 from a request never breaks the line.
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Result<LogFormat> ParseLogFormat(std::string_view name) {
  if (name == "text") return LogFormat::kText;
  if (name == "json") return LogFormat::kJson;
  return Status(Code::kInvalidArgument,
                "unknown log format \"" + std::string(name) + "\"; use text or json");
}

std::string NewRequestId() {
  std::array<uint8_t, 8> bytes{};
  crypto::RandomFill(bytes);
  return HexEncode(bytes);
}

std::string_view Outcome(const RequestLogEntry& entry) {
  if (entry.status >= 500) return "failed";
  if (entry.status >= 400) return "rejected";
  if (entry.decision) {
    if (entry.decision->refused == 0) return "granted";
    return entry.decision->granted == 0 ? "refused" : "partial";
  }
  return "ok";
}

std::string FormatRequestLine(const RequestLogEntry& e, LogFormat format) {
  const std::string_view outcome = Outcome(e);
  if (format == LogFormat::kJson) {
    nlohmann::ordered_json j;
    j["time"] = FormatRfc3339(e.time);
    j["request_id"] = e.request_id;
    j["peer"] = e.peer;
    j["method"] = e.method;
    j["path"] = e.path;
    j["status"] = e.status;
    j["bytes"] = e.body_bytes;
    j["duration_ms"] = e.milliseconds;
    j["outcome"] = outcome;
    if (!e.error.empty()) j["error"] = e.error;
    if (!e.detail.empty()) j["detail"] = e.detail;
    if (e.decision && !e.decision->machine_id.empty()) j["machine_id"] = e.decision->machine_id;
    if (!e.operator_name.empty()) j["operator"] = e.operator_name;
    if (!e.action.empty()) j["action"] = e.action;
    // A request refused outright decided nothing: no counts to report.
    if (e.decision && e.status < 400) {
      j["batch"] = e.decision->batch;
      j["granted"] = e.decision->granted;
      j["refused"] = e.decision->refused;
      if (!e.decision->reasons.empty()) j["reason"] = e.decision->reasons;
      if (!e.decision->refusal_reference.empty()) j["refusal_ref"] = e.decision->refusal_reference;
      if (e.decision->dry_run) j["dry_run"] = true;
    }
    return JsonLine(j);
  }
  std::string line =
      fmt::format("{} {} {} {} {} {} {}ms id={} outcome={}", FormatRfc3339(e.time), e.peer,
                  e.method, e.path, e.status, e.body_bytes, e.milliseconds, e.request_id, outcome);
  if (e.decision && !e.decision->machine_id.empty()) line += " machine=" + e.decision->machine_id;
  if (!e.operator_name.empty()) line += " operator=" + e.operator_name;
  if (e.decision && e.status < 400) {
    line += fmt::format(" batch={} granted={} refused={}", e.decision->batch, e.decision->granted,
                        e.decision->refused);
    if (!e.decision->reasons.empty()) line += " reason=" + e.decision->reasons;
    if (!e.decision->refusal_reference.empty()) line += " ref=" + e.decision->refusal_reference;
    if (e.decision->dry_run) line += " dry_run";
  }
  // Free text last, so every field before it splits on spaces.
  if (!e.error.empty()) line += " " + e.error + (e.detail.empty() ? "" : ": " + e.detail);
  if (!e.action.empty()) line += " " + e.action;
  return line;
}

std::string FormatServiceLine(int64_t time, std::string_view message, LogFormat format) {
  if (format == LogFormat::kText) return std::string(message);
  nlohmann::ordered_json j;
  j["time"] = FormatRfc3339(time);
  j["message"] = message;
  return JsonLine(j);
}

}  // namespace relic::lms
