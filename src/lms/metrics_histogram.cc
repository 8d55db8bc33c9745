// SPDX-License-Identifier: Apache-2.0
#include "lms/metrics_histogram.h"

#include <fmt/format.h>

#include <limits>

namespace relic::lms {

void DurationHistogram::Observe(std::chrono::nanoseconds duration) {
  const uint64_t ns = duration.count() < 0 ? 0 : static_cast<uint64_t>(duration.count());
  const double seconds = static_cast<double>(ns) / 1e9;
  size_t bucket = 0;
  while (bucket < kBounds.size() && seconds > kBounds[bucket]) ++bucket;
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_nanoseconds_.fetch_add(ns, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

double DurationHistogram::QuantileBound(double q) const {
  uint64_t total = 0;
  for (const auto& b : buckets_) total += b.load(std::memory_order_relaxed);
  if (total == 0) return 0;
  const double want = q * static_cast<double>(total);
  uint64_t seen = 0;
  for (size_t i = 0; i < kBounds.size(); ++i) {
    seen += BucketCount(i);
    if (static_cast<double>(seen) >= want) return kBounds[i];
  }
  return std::numeric_limits<double>::infinity();
}

std::string DurationHistogram::Render(std::string_view name, std::string_view labels) const {
  // A scrape racing an observation may see a bucket without its count for
  // a moment; Prometheus tolerates that, and the next scrape is exact.
  const std::string sep = labels.empty() ? "" : ",";
  std::string out;
  uint64_t cumulative = 0;
  for (size_t i = 0; i < buckets_.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    const std::string le = i < kBounds.size() ? fmt::format("{}", kBounds[i]) : "+Inf";
    out += fmt::format("{}_bucket{{{}{}le=\"{}\"}} {}\n", name, labels, sep, le, cumulative);
  }
  const std::string braces = labels.empty() ? "" : fmt::format("{{{}}}", labels);
  out += fmt::format("{}_sum{} {}\n", name, braces,
                     static_cast<double>(sum_nanoseconds_.load(std::memory_order_relaxed)) / 1e9);
  out += fmt::format("{}_count{} {}\n", name, braces, count_.load(std::memory_order_relaxed));
  return out;
}

}  // namespace relic::lms
