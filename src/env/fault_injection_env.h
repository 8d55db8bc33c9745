// SPDX-License-Identifier: Apache-2.0
// An Env that forwards to another and fails chosen operations on demand, so
// that tests can prove every I/O error path: "fail the 3rd write with
// kNoSpace", "from the 5th sync on, the disk is gone".
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "relic/env.h"

namespace relic {

// Kinds of operation, as bits of a mask.
enum class FaultOp : uint32_t {
  kOpen = 1u << 0,             // Env::OpenFile
  kRead = 1u << 1,             // File::ReadAt
  kWrite = 1u << 2,            // File::WriteAt
  kSync = 1u << 3,             // File::Sync
  kTruncate = 1u << 4,         // File::Truncate
  kRename = 1u << 5,           // Env::RenameFile
  kDelete = 1u << 6,           // Env::DeleteFile and Env::DeleteDir
  kCreateDir = 1u << 7,        // Env::CreateDir
  kSyncDir = 1u << 8,          // Env::SyncDir
  kMap = 1u << 9,              // File::MapShared
  kLock = 1u << 10,            // File::Lock
  kStat = 1u << 11,            // Env::Stat, Env::ListDir and File::Size
  kSetPermissions = 1u << 12,  // Env::SetPermissions
};
inline constexpr uint32_t kAllFaultOps = (1u << 13) - 1;

constexpr uint32_t operator|(FaultOp a, FaultOp b) {
  return static_cast<uint32_t>(a) | static_cast<uint32_t>(b);
}
constexpr uint32_t operator|(uint32_t a, FaultOp b) { return a | static_cast<uint32_t>(b); }

// "write", "sync directory", ...
std::string_view FaultOpName(FaultOp op);

enum class FaultStyle {
  kOnce,        // only the chosen operation fails
  kSticky,      // it and every later operation of the masked kinds fail: the disk is gone
  kShortWrite,  // like kOnce, but a failing write first writes the first half of its data
};

// Files opened through it wrap the base's files. Untouched operations (and
// UnmapAll, which is never counted) behave exactly as the base's. A failed
// operation does not reach the base, except for kShortWrite's half write.
// Thread-safe.
class FaultInjectionEnv final : public Env {
 public:
  using Hook = std::function<void(FaultOp op, const std::string& path)>;

  // `base` is not owned and must outlive this Env and its files.
  explicit FaultInjectionEnv(Env* base);
  ~FaultInjectionEnv() override;
  FaultInjectionEnv(const FaultInjectionEnv&) = delete;
  FaultInjectionEnv& operator=(const FaultInjectionEnv&) = delete;

  // Arms one fault, replacing any armed before: the nth (1-based, counted
  // from this call) operation whose kind is in `mask` fails with `code`.
  void FailNth(uint32_t mask, uint64_t n, Code code = Code::kIoError,
               FaultStyle style = FaultStyle::kOnce);
  void FailNth(FaultOp op, uint64_t n, Code code = Code::kIoError,
               FaultStyle style = FaultStyle::kOnce) {
    FailNth(static_cast<uint32_t>(op), n, code, style);
  }
  // Disarms the fault, ends a sticky failure and resets fault_fired().
  void ClearFaults();
  // Whether the armed fault has fired since FailNth (or ClearFaults).
  bool fault_fired() const;

  // Operations of the kinds in `mask` attempted since construction or
  // ResetCounts, failed ones included.
  uint64_t Count(uint32_t mask) const;
  uint64_t Count(FaultOp op) const { return Count(static_cast<uint32_t>(op)); }
  void ResetCounts();

  // Called before every counted operation, before any fault is injected,
  // from the thread doing the operation and without internal locks held (so
  // it may use this Env). For a rename, `path` is the source. An empty hook
  // removes it.
  void SetHook(Hook hook);

  // Replaces the clock; clock() forwards to the base's until then. Not
  // owned.
  void SetClock(Clock* clock);

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
  Clock* clock() override;

  struct State;  // shared with the files it opens

 private:
  std::shared_ptr<State> state_;
  Env* base_;
};

}  // namespace relic
