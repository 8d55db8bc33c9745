#include "backup/key_observer.h"

namespace relic::backup {
namespace {
KeyObserver& Observer() {
  static KeyObserver observer;
  return observer;
}
}  // namespace

void SetKeyObserverForTesting(KeyObserver observer) { Observer() = std::move(observer); }

void ObserveKey(std::string_view what, ByteView key) {
  if (Observer()) Observer()(what, key);
}

}  // namespace relic::backup
