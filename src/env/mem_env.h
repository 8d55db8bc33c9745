// SPDX-License-Identifier: Apache-2.0
// An in-memory file system that can simulate a power loss. It is the ground
// truth for relic's crash tests, so it favours being obviously correct over
// being fast or modelling every disk behaviour (docs/environment.md).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "relic/env.h"

namespace relic {

namespace mem_env_internal {
struct State;  // shared with the files, which may outlive the MemEnv
}  // namespace mem_env_internal

// Paths are absolute and '/'-separated ("." and ".." are resolved textually);
// relative paths give kInvalidArgument. Errors carry the same codes and
// messages PosixEnv gives for the same mistake, except that permission bits
// are recorded but never enforced (as for root).
//
// Durability model: a file's content is durable as of its last successful
// Sync, and a directory's entries as of its last successful SyncDir; nothing
// else is. Permission changes are durable at once. Thread-safe.
class MemEnv final : public Env {
 public:
  // `clock` is not owned and must outlive the MemEnv.
  explicit MemEnv(Clock* clock);
  ~MemEnv() override;
  MemEnv(const MemEnv&) = delete;
  MemEnv& operator=(const MemEnv&) = delete;

  using Env::CreateDir;  // the overloads with the default modes
  using Env::OpenFile;
  Result<std::unique_ptr<File>> OpenFile(const std::string& path, OpenMode mode,
                                         uint32_t create_mode) override;
  Status DeleteFile(const std::string& path) override;
  Status RenameFile(const std::string& from, const std::string& to) override;
  Status CreateDir(const std::string& path, uint32_t mode) override;
  Status DeleteDir(const std::string& path) override;
  Status SyncDir(const std::string& path) override;
  Result<FileInfo> Stat(const std::string& path) override;
  Status SetPermissions(const std::string& path, uint32_t mode) override;
  Result<std::vector<std::string>> ListDir(const std::string& path) override;
  Clock* clock() override { return clock_; }

  // Simulates a power loss and reboot:
  //  - every file's content reverts to what it was at its last successful
  //    Sync (empty if it was never synced);
  //  - every directory's entries revert to what they were at its last
  //    successful SyncDir (empty if never synced): a file created since then
  //    disappears, a rename is undone, a deleted file comes back;
  //  - all locks and shared mappings are dropped;
  //  - every File opened before the crash fails every later call with
  //    kIoError; memory it mapped stays readable and writable (but detached
  //    from the file) until the MemEnv is destroyed, so a stale pointer held
  //    by SQLite cannot crash the test.
  void SimulateCrash();

  // When on, SimulateCrash keeps a torn copy of each file's last write since
  // its last Sync: the first half (rounded down) of that write's bytes lands
  // on top of the synced content, as if power failed in the middle of the
  // write. Earlier unsynced writes still vanish. Off by default.
  void set_torn_writes(bool on);

 private:
  std::shared_ptr<mem_env_internal::State> state_;
  Clock* clock_;
};

}  // namespace relic
