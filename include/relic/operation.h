// SPDX-License-Identifier: Apache-2.0
// A running backup or restore. Events arrive on the operation's own worker
// thread; exactly one END arrives, and nothing after it.
#pragma once

#include "relic/export.h"
#include "relic/status.h"

namespace relic {

class RELIC_EXPORT Operation {
 public:
  // Waits for the operation to finish (it is never abandoned mid-way).
  virtual ~Operation() = default;
  // Asks the operation to stop; callable from any thread, including from
  // inside an event callback. Before the commit point it stops and END
  // reports kCanceled with nothing changed; after it, it is too late and
  // END reports the real result.
  virtual void Cancel() = 0;
  // Blocks until END has been delivered; returns END's status. Must not be
  // called from inside an event callback.
  virtual Status Wait() = 0;
};

}  // namespace relic
