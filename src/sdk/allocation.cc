// SPDX-License-Identifier: Apache-2.0
#include "sdk/allocation.h"

#include <atomic>

namespace relic::sdk {
namespace {
std::atomic<int> failures_left{0};
}  // namespace

void FailAllocationsForTesting(int count) { failures_left.store(count); }

bool ConsumeAllocationFailure() {
  int left = failures_left.load();
  while (left > 0) {
    if (failures_left.compare_exchange_weak(left, left - 1)) return true;
  }
  return false;
}

}  // namespace relic::sdk
