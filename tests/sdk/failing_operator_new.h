// SPDX-License-Identifier: Apache-2.0
// Fails one chosen allocation of one thread, to check that code which turns
// a failed allocation into an error value (the SDK's E_OUTOFMEMORY) does so
// at every allocation it makes, not only at those it routes through
// sdk::NewObject (which sdk::FailAllocationsForTesting reaches).
//
// failing_operator_new.cc replaces the program's global operator new and
// delete (the non-aligned forms, over malloc and free), so only a test
// binary of its own links it. Allocations that do not go through operator
// new (SQLite, libsodium and OpenSSL use malloc) are not reached.
#pragma once

namespace relic::testing {

// From now on, the calling thread's `index`-th operator new (0: the next
// one) fails: std::bad_alloc, or nullptr from the nothrow forms. Every
// other allocation, and every allocation of another thread, succeeds.
void FailAllocationOnThisThread(long index);

struct ArmedAllocations {
  long made = 0;        // operator new calls on this thread while armed, the failed one included
  bool failed = false;  // whether the chosen one was reached (and failed)
};

// Disarms the calling thread and says what happened since it was armed.
ArmedAllocations StopFailingAllocations();

}  // namespace relic::testing
