// SPDX-License-Identifier: Apache-2.0
#include "lms/http_metrics.h"

#include <fmt/format.h>

#include "lms/authority.h"
#include "lms/http_server.h"

namespace relic::lms {
namespace {

void Metric(std::string& out, std::string_view name, std::string_view type, std::string_view help,
            uint64_t value) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n{} {}\n", name, help, name, type, name, value);
}

constexpr std::string_view kEndpoints[] = {"/v1/challenge", "/v1/restore", "/healthz",
                                           "/readyz",       "/metrics",    "other"};

size_t EndpointIndex(std::string_view path) {
  for (size_t i = 0; i + 1 < std::size(kEndpoints); ++i) {
    if (path == kEndpoints[i]) return i;
  }
  return std::size(kEndpoints) - 1;
}

void Header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

}  // namespace

std::string_view EndpointLabel(std::string_view path) { return kEndpoints[EndpointIndex(path)]; }

void HttpMetrics::ObserveLatency(std::string_view path, std::chrono::nanoseconds duration) {
  latency_[EndpointIndex(path)].Observe(duration);
}

const DurationHistogram& HttpMetrics::Latency(std::string_view path) const {
  return latency_[EndpointIndex(path)];
}

void HttpMetrics::CountRejection(std::string_view code) {
  MutexLock lock(mu_);
  auto it = rejections_.find(code);
  if (it == rejections_.end()) it = rejections_.emplace(std::string(code), 0).first;
  ++it->second;
}

void HttpMetrics::CountResponse(std::string_view path, int status) {
  MutexLock lock(mu_);
  ++responses_[{std::string(EndpointLabel(path)), status}];
}

// Long only because it lists every metric, in the order the exposition
// shows them (docs/lms.md, "Metrics"); there is no logic to split.
std::string HttpMetrics::Render(const AuthorityCounters& authority,
                                const ConnectionCounters& connections) const {
  std::string out;
  out +=
      "# HELP relic_lms_http_requests_total HTTP requests answered, by endpoint and status.\n"
      "# TYPE relic_lms_http_requests_total counter\n";
  {
    MutexLock lock(mu_);
    for (const auto& [key, count] : responses_) {
      out += fmt::format("relic_lms_http_requests_total{{path=\"{}\",status=\"{}\"}} {}\n",
                         key.first, key.second, count);
    }
  }
  Metric(out, "relic_lms_restore_requests_total", "counter",
         "Restore requests that reached the decision core.", authority.requests.load());
  Metric(out, "relic_lms_licenses_granted_total", "counter",
         "Licenses whose restore the service approved.", authority.granted.load());
  Metric(out, "relic_lms_licenses_refused_total", "counter",
         "Licenses refused because a restore limit was reached.", authority.refused.load());
  Metric(out, "relic_lms_requests_rejected_total", "counter",
         "Restore requests refused outright (malformed, bad signature, stale challenge, "
         "corrupt backup set).",
         authority.rejected.load() + unreadable_restores_.load());
  Header(out, "relic_lms_licenses_refused_by_reason_total", "counter",
         "Licenses refused by a restore limit, by the limit.");
  out += fmt::format("relic_lms_licenses_refused_by_reason_total{{reason=\"machine-limit\"}} {}\n",
                     authority.refused_machine_limit.load());
  out += fmt::format("relic_lms_licenses_refused_by_reason_total{{reason=\"daily-limit\"}} {}\n",
                     authority.refused_daily_limit.load());
  Header(out, "relic_lms_requests_rejected_by_reason_total", "counter",
         "Restore requests refused outright, by the relic code of the answer.");
  {
    MutexLock lock(mu_);
    for (const auto& [code, count] : rejections_) {
      out += fmt::format("relic_lms_requests_rejected_by_reason_total{{reason=\"{}\"}} {}\n", code,
                         count);
    }
  }
  Header(out, "relic_lms_http_request_duration_seconds", "histogram",
         "Time from a request's first byte to its answer, by endpoint.");
  for (size_t i = 0; i < latency_.size(); ++i) {
    out += latency_[i].Render("relic_lms_http_request_duration_seconds",
                              fmt::format("path=\"{}\"", kEndpoints[i]));
  }
  Header(out, "relic_lms_ledger_transaction_duration_seconds", "histogram",
         "Time of each restore decision's ledger transaction, retries included.");
  out += authority.ledger_transaction.Render("relic_lms_ledger_transaction_duration_seconds", "");
  Metric(out, "relic_lms_ledger_transaction_retries_total", "counter",
         "Ledger transactions run again after a serialization failure or a busy database.",
         authority.ledger_retries.load());
  Header(out, "relic_lms_build_info", "gauge", "Always 1; the version of the running service.");
  out += fmt::format("relic_lms_build_info{{version=\"{}\"}} 1\n", RELIC_VERSION_STRING);
  Metric(out, "relic_lms_http_requests_in_flight", "gauge",
         "Requests being read, decided or answered.", connections.in_flight.load());
  Metric(out, "relic_lms_http_connections_active", "gauge", "Connections being served.",
         connections.active.load());
  Metric(out, "relic_lms_http_connections_turned_away_total", "counter",
         "Connections closed at once because every worker was busy and the queue was full.",
         connections.turned_away.load());
  Metric(out, "relic_lms_http_tls_handshake_failures_total", "counter",
         "Connections whose TLS handshake failed or did not finish in time.",
         connections.tls_failures.load());
  out +=
      "# HELP relic_lms_http_requests_cut_total Requests and connections cut: past their "
      "deadline, too slow while others waited (shed), or too large.\n"
      "# TYPE relic_lms_http_requests_cut_total counter\n";
  out += fmt::format("relic_lms_http_requests_cut_total{{reason=\"deadline\"}} {}\n",
                     connections.cut_deadline.load());
  out += fmt::format("relic_lms_http_requests_cut_total{{reason=\"shed\"}} {}\n",
                     connections.shed.load());
  out += fmt::format("relic_lms_http_requests_cut_total{{reason=\"headers_too_large\"}} {}\n",
                     connections.cut_headers.load());
  out += fmt::format("relic_lms_http_requests_cut_total{{reason=\"body_too_large\"}} {}\n",
                     connections.cut_body.load());
  const auto uptime =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_)
          .count();
  Metric(out, "relic_lms_uptime_seconds", "gauge", "Seconds since the service started.",
         static_cast<uint64_t>(uptime));
  return out;
}

}  // namespace relic::lms
