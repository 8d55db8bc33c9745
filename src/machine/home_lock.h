// SPDX-License-Identifier: Apache-2.0
// An exclusive lock on a relic home, held while its identity or store is
// being replaced (init, reindividualize) and, later, during a backup or a
// restore: a second such operation gets kBusy instead of interleaving.
// The lock is an open file description lock on <home>/.lock, so it is
// released when the process dies, however it dies.
#pragma once

#include <memory>
#include <string>

#include "relic/env.h"

namespace relic {

class HomeLock {
 public:
  // `activity` names what the holder does, for the other's error message.
  static Result<std::unique_ptr<HomeLock>> Acquire(Env* env, const std::string& home,
                                                   const std::string& activity);
  ~HomeLock();

 private:
  explicit HomeLock(std::unique_ptr<File> file) : file_(std::move(file)) {}
  std::unique_ptr<File> file_;
};

}  // namespace relic
