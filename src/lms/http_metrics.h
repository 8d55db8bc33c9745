// SPDX-License-Identifier: Apache-2.0
// The service's metrics in the Prometheus text format (GET /metrics):
// responses by endpoint and status, the Authority's decisions, and the
// connection counters.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace relic::lms {

struct AuthorityCounters;
struct ConnectionCounters;

class HttpMetrics {
 public:
  HttpMetrics() : started_(std::chrono::steady_clock::now()) {}

  // One answered request. Paths the service does not serve count as
  // "other", so a scan of random URLs cannot grow the label set.
  void CountResponse(std::string_view path, int status);
  // A restore request refused before it reached the Authority (its JSON
  // wrapper is malformed); the Authority counts the ones it refuses.
  void CountUnreadableRestore() { ++unreadable_restores_; }

  std::string Render(const AuthorityCounters& authority,
                     const ConnectionCounters& connections) const;

 private:
  const std::chrono::steady_clock::time_point started_;
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> responses_;
  std::atomic<uint64_t> unreadable_restores_{0};
};

// The endpoint label for a request path: the path itself if the service
// serves it, else "other".
std::string_view EndpointLabel(std::string_view path);

}  // namespace relic::lms
