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

}  // namespace

std::string_view EndpointLabel(std::string_view path) {
  for (std::string_view known : {"/v1/challenge", "/v1/restore", "/healthz", "/metrics"}) {
    if (path == known) return known;
  }
  return "other";
}

void HttpMetrics::CountResponse(std::string_view path, int status) {
  std::lock_guard<std::mutex> lock(mu_);
  ++responses_[{std::string(EndpointLabel(path)), status}];
}

std::string HttpMetrics::Render(const AuthorityCounters& authority,
                                const ConnectionCounters& connections) const {
  std::string out;
  out +=
      "# HELP relic_lms_http_requests_total HTTP requests answered, by endpoint and status.\n"
      "# TYPE relic_lms_http_requests_total counter\n";
  {
    std::lock_guard<std::mutex> lock(mu_);
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
