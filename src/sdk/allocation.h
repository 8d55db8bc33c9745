// SPDX-License-Identifier: Apache-2.0
// Creating the SDK's COM objects without letting std::bad_alloc escape into
// C callers: a failed allocation is E_OUTOFMEMORY. Tests make the next
// allocations fail to check that path.
#pragma once

#include <new>
#include <utility>

namespace relic::sdk {

// The next `count` NewObject calls (in any thread) return nullptr.
void FailAllocationsForTesting(int count);
bool ConsumeAllocationFailure();

template <typename T, typename... Args>
T* NewObject(Args&&... args) {
  if (ConsumeAllocationFailure()) return nullptr;
  return new (std::nothrow) T(std::forward<Args>(args)...);
}

}  // namespace relic::sdk
