// SPDX-License-Identifier: Apache-2.0
// The service's metrics in the Prometheus text format (GET /metrics):
// responses by endpoint and status, the Authority's decisions, and the
// connection counters.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "lms/metrics_histogram.h"

namespace relic::lms {

struct AuthorityCounters;
struct ConnectionCounters;

class HttpMetrics {
 public:
  HttpMetrics() : started_(std::chrono::steady_clock::now()) {}

  // One answered request. Paths the service does not serve count as
  // "other", so a scan of random URLs cannot grow the label set.
  void CountResponse(std::string_view path, int status) EXCLUDES(mu_);
  // A restore request refused before it reached the Authority (its JSON
  // wrapper is malformed); the Authority counts the ones it refuses.
  void CountUnreadableRestore() { ++unreadable_restores_; }
  // How long a request took, from its first byte to its answer.
  void ObserveLatency(std::string_view path, std::chrono::nanoseconds duration);
  const DurationHistogram& Latency(std::string_view path) const;
  // A restore request refused outright, by the relic code it was answered
  // with (a bounded set: the codes are an enum).
  void CountRejection(std::string_view code) EXCLUDES(mu_);

  std::string Render(const AuthorityCounters& authority,
                     const ConnectionCounters& connections) const EXCLUDES(mu_);

 private:
  const std::chrono::steady_clock::time_point started_;
  mutable Mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> responses_ GUARDED_BY(mu_);
  std::atomic<uint64_t> unreadable_restores_{0};
  std::map<std::string, uint64_t, std::less<>> rejections_ GUARDED_BY(mu_);
  // One per EndpointLabel, in kEndpoints' order.
  std::array<DurationHistogram, 6> latency_;
};

// The endpoint label for a request path: the path itself if the service
// serves it, else "other".
std::string_view EndpointLabel(std::string_view path);

}  // namespace relic::lms
