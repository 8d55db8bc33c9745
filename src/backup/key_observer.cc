// SPDX-License-Identifier: Apache-2.0
#include "backup/key_observer.h"

#include <atomic>

#include "base/mutex.h"
#include "base/thread_annotations.h"

namespace relic::backup {
namespace {
struct Registry {
  Mutex mu;  // the engine reports from several threads
  KeyObserver observer GUARDED_BY(mu);
  std::atomic<bool> set{false};
};
Registry& Get() {
  static Registry registry;
  return registry;
}
}  // namespace

void SetKeyObserverForTesting(KeyObserver observer) {
  Registry& r = Get();
  MutexLock lock(r.mu);
  r.set = static_cast<bool>(observer);
  r.observer = std::move(observer);
}

void ObserveKey(std::string_view what, ByteView key) {
  Registry& r = Get();
  if (!r.set.load(std::memory_order_relaxed)) return;
  MutexLock lock(r.mu);
  if (r.observer) r.observer(what, key);
}

}  // namespace relic::backup
