// SPDX-License-Identifier: Apache-2.0
#include "failing_operator_new.h"

#include <cstdlib>
#include <new>

namespace relic::testing {
namespace {

// Constant-initialised, so that reading them inside operator new allocates
// nothing.
constinit thread_local bool armed = false;
constinit thread_local long made = 0;
constinit thread_local long fail_at = 0;
constinit thread_local bool failed = false;

void* Allocate(std::size_t size) noexcept {
  if (armed && made++ == fail_at) {
    failed = true;
    return nullptr;
  }
  return std::malloc(size == 0 ? 1 : size);
}

void* AllocateOrThrow(std::size_t size) {
  void* memory = Allocate(size);
  if (memory == nullptr) throw std::bad_alloc();
  return memory;
}

}  // namespace

void FailAllocationOnThisThread(long index) {
  made = 0;
  fail_at = index;
  failed = false;
  armed = true;
}

ArmedAllocations StopFailingAllocations() {
  armed = false;
  return ArmedAllocations{.made = made, .failed = failed};
}

}  // namespace relic::testing

void* operator new(std::size_t size) { return relic::testing::AllocateOrThrow(size); }
void* operator new[](std::size_t size) { return relic::testing::AllocateOrThrow(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return relic::testing::Allocate(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return relic::testing::Allocate(size);
}
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete[](void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete(void* memory, const std::nothrow_t&) noexcept { std::free(memory); }
void operator delete[](void* memory, const std::nothrow_t&) noexcept { std::free(memory); }
