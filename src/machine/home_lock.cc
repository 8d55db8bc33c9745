// SPDX-License-Identifier: Apache-2.0
#include "machine/home_lock.h"

namespace relic {

Result<std::unique_ptr<HomeLock>> HomeLock::Acquire(Env* env, const std::string& home,
                                                    const std::string& activity) {
  auto file = env->OpenFile(home + "/.lock", OpenMode::kCreate, 0600);
  if (!file.ok()) return file.status();
  Status locked = (*file)->Lock(0, 1, LockType::kExclusive);
  if (!locked.ok()) {
    if (locked.code() == Code::kBusy) {
      return Status(Code::kBusy, "another relic process is already " + activity + " in " + home +
                                     "; wait for it to finish and try again");
    }
    return locked;
  }
  return std::unique_ptr<HomeLock>(new HomeLock(std::move(file).value()));
}

HomeLock::~HomeLock() {
  if (file_) file_->Lock(0, 1, LockType::kUnlock).IgnoreError();
}

}  // namespace relic
