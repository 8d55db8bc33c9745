// SPDX-License-Identifier: Apache-2.0
// A Prometheus histogram of durations with fixed buckets, lock-free so that
// every request can observe into it without contending with the others.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace relic::lms {

class DurationHistogram {
 public:
  // Upper bounds in seconds: from a cached challenge (well under a
  // millisecond) to a request at the 10 s default deadline.
  static constexpr std::array<double, 12> kBounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                     0.1,   0.25,   0.5,   1,    2.5,   10};

  void Observe(std::chrono::nanoseconds duration);

  // Observations in bucket i (0 .. kBounds.size(), the last +Inf), and in
  // all of them.
  uint64_t BucketCount(size_t i) const { return buckets_[i].load(std::memory_order_relaxed); }
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  // The upper bound, in seconds, of the bucket that holds quantile q
  // (0..1) of the observations: 0 when there are none, infinity for the
  // last bucket. As coarse as the buckets, which is what a dashboard needs.
  double QuantileBound(double q) const;

  // The _bucket, _sum and _count lines of `name`, with `labels` (such as
  // `path="/v1/restore"`, or empty) on each; no HELP or TYPE lines.
  std::string Render(std::string_view name, std::string_view labels) const;

 private:
  // Not cumulative here; Render adds them up. The last one is +Inf.
  std::array<std::atomic<uint64_t>, kBounds.size() + 1> buckets_{};
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_nanoseconds_{0};
};

}  // namespace relic::lms
