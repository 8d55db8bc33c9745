// SPDX-License-Identifier: Apache-2.0
// Clang's thread-safety attributes, under the names its documentation uses.
// Clang checks them at compile time (-Wthread-safety, an error in relic's
// Clang builds); GCC has no such analysis, so there they expand to nothing.
// Only relic::Mutex (base/mutex.h) carries the capability: libstdc++'s
// std::mutex has no attributes, so annotating data with it checks nothing.
#pragma once

#if defined(__clang__)
#define RELIC_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define RELIC_THREAD_ANNOTATION(x)
#endif

// A type whose objects are locks.
#define CAPABILITY(name) RELIC_THREAD_ANNOTATION(capability(name))
// An RAII type that holds a capability for its lifetime.
#define SCOPED_CAPABILITY RELIC_THREAD_ANNOTATION(scoped_lockable)

// Data that may be read or written only while the lock is held.
#define GUARDED_BY(x) RELIC_THREAD_ANNOTATION(guarded_by(x))
// A pointer whose pointee may be used only while the lock is held.
#define PT_GUARDED_BY(x) RELIC_THREAD_ANNOTATION(pt_guarded_by(x))
// Lock ordering, where two locks are ever held together.
#define ACQUIRED_BEFORE(...) RELIC_THREAD_ANNOTATION(acquired_before(__VA_ARGS__))
#define ACQUIRED_AFTER(...) RELIC_THREAD_ANNOTATION(acquired_after(__VA_ARGS__))

// The caller must hold the lock.
#define REQUIRES(...) RELIC_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
// The caller must not hold the lock (the function takes it).
#define EXCLUDES(...) RELIC_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))

// Functions that take or give up a lock.
#define ACQUIRE(...) RELIC_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define RELEASE(...) RELIC_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define TRY_ACQUIRE(...) RELIC_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
// Tells the analysis the lock is held where it cannot see it.
#define ASSERT_CAPABILITY(x) RELIC_THREAD_ANNOTATION(assert_capability(x))
// A function that returns a reference to the lock.
#define RETURN_CAPABILITY(x) RELIC_THREAD_ANNOTATION(lock_returned(x))

// Turns the analysis off for one function; say why wherever it is used.
#define NO_THREAD_SAFETY_ANALYSIS RELIC_THREAD_ANNOTATION(no_thread_safety_analysis)
