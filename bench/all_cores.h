// SPDX-License-Identifier: Apache-2.0
// Runs a benchmark's work on every core, as the floors the engines are
// measured against do.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace relic::bench {

// Runs `worker` on one thread per core and waits for all of them. The
// workers share `next`: each takes the next item number with
// next.fetch_add(1) until it reaches the count.
template <typename Worker>
void OnAllCores(Worker&& worker) {
  std::atomic<size_t> next{0};
  std::vector<std::thread> threads;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned t = 0; t < cores; ++t) threads.emplace_back([&] { worker(next); });
  for (auto& thread : threads) thread.join();
}

}  // namespace relic::bench
