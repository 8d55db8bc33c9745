// SPDX-License-Identifier: Apache-2.0
// A test hook: tests register an observer to see every secret a backup
// creates or handles (content keys, masters, owner keys, record keys), and
// then prove that none of them appears in the set's bytes. Production code
// never sets it; reporting costs one branch per key.
#pragma once

#include <functional>
#include <string_view>

#include "relic/env.h"

namespace relic::backup {

using KeyObserver = std::function<void(std::string_view what, ByteView key)>;

// Not thread-safe: set it before starting the operation under test.
void SetKeyObserverForTesting(KeyObserver observer);
void ObserveKey(std::string_view what, ByteView key);

}  // namespace relic::backup
