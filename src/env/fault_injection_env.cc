// SPDX-License-Identifier: Apache-2.0
#include "env/fault_injection_env.h"

#include <array>
#include <bit>
#include <optional>
#include <utility>

#include "base/mutex.h"
#include "base/thread_annotations.h"

namespace relic {

struct FaultInjectionEnv::State {
  mutable Mutex mu;
  std::array<uint64_t, 13> counts GUARDED_BY(mu){};

  // The armed fault.
  uint32_t mask GUARDED_BY(mu) = 0;
  uint64_t remaining GUARDED_BY(mu) = 0;  // operations of the masked kinds until it fires
  Code code GUARDED_BY(mu) = Code::kIoError;
  FaultStyle style GUARDED_BY(mu) = FaultStyle::kOnce;
  bool sticky_failing GUARDED_BY(mu) = false;
  bool fired GUARDED_BY(mu) = false;

  std::shared_ptr<const Hook> hook GUARDED_BY(mu);
  Clock* clock GUARDED_BY(mu) = nullptr;

  // Counts the operation and decides whether it fails. The hook runs first,
  // outside the mutex, so that it may call back into the Env.
  std::optional<std::pair<Code, FaultStyle>> Check(FaultOp op, const std::string& path)
      EXCLUDES(mu) {
    std::shared_ptr<const Hook> h;
    {
      MutexLock lock(mu);
      h = hook;
    }
    if (h) (*h)(op, path);
    MutexLock lock(mu);
    const uint32_t bit = static_cast<uint32_t>(op);
    ++counts[static_cast<size_t>(std::countr_zero(bit))];
    if ((mask & bit) == 0) return std::nullopt;
    if (sticky_failing) return std::pair(code, style);
    if (remaining == 0 || --remaining != 0) return std::nullopt;
    fired = true;
    if (style == FaultStyle::kSticky) {
      sticky_failing = true;
    } else {
      mask = 0;
    }
    return std::pair(code, style);
  }
};

namespace {

using State = FaultInjectionEnv::State;

Status InjectedError(FaultOp op, const std::string& path, Code code) {
  return Status(code, "cannot " + std::string(FaultOpName(op)) + " " + path + ": injected " +
                          std::string(CodeName(code)) + " fault (FaultInjectionEnv)");
}

class FaultFile final : public File {
 public:
  FaultFile(std::shared_ptr<State> state, std::unique_ptr<File> base, std::string path)
      : state_(std::move(state)), base_(std::move(base)), path_(std::move(path)) {}

  Result<size_t> ReadAt(uint64_t offset, std::span<uint8_t> out) override {
    if (auto fault = state_->Check(FaultOp::kRead, path_)) {
      return InjectedError(FaultOp::kRead, path_, fault->first);
    }
    return base_->ReadAt(offset, out);
  }

  Status WriteAt(uint64_t offset, ByteView data) override {
    if (auto fault = state_->Check(FaultOp::kWrite, path_)) {
      if (fault->second == FaultStyle::kShortWrite) {
        base_->WriteAt(offset, data.first(data.size() / 2)).IgnoreError();
      }
      return InjectedError(FaultOp::kWrite, path_, fault->first);
    }
    return base_->WriteAt(offset, data);
  }

  Status Truncate(uint64_t size) override {
    if (auto fault = state_->Check(FaultOp::kTruncate, path_)) {
      return InjectedError(FaultOp::kTruncate, path_, fault->first);
    }
    return base_->Truncate(size);
  }

  Status Sync() override {
    if (auto fault = state_->Check(FaultOp::kSync, path_)) {
      return InjectedError(FaultOp::kSync, path_, fault->first);
    }
    return base_->Sync();
  }

  Result<uint64_t> Size() override {
    if (auto fault = state_->Check(FaultOp::kStat, path_)) {
      return InjectedError(FaultOp::kStat, path_, fault->first);
    }
    return base_->Size();
  }

  Status Lock(uint64_t offset, uint64_t length, LockType type) override {
    if (auto fault = state_->Check(FaultOp::kLock, path_)) {
      return InjectedError(FaultOp::kLock, path_, fault->first);
    }
    return base_->Lock(offset, length, type);
  }

  Result<uint8_t*> MapShared(uint64_t offset, size_t length) override {
    if (auto fault = state_->Check(FaultOp::kMap, path_)) {
      return InjectedError(FaultOp::kMap, path_, fault->first);
    }
    return base_->MapShared(offset, length);
  }

  Status UnmapAll() override { return base_->UnmapAll(); }

 private:
  std::shared_ptr<State> state_;
  std::unique_ptr<File> base_;
  std::string path_;
};

}  // namespace

std::string_view FaultOpName(FaultOp op) {
  switch (op) {
    case FaultOp::kOpen:
      return "open";
    case FaultOp::kRead:
      return "read";
    case FaultOp::kWrite:
      return "write";
    case FaultOp::kSync:
      return "sync";
    case FaultOp::kTruncate:
      return "truncate";
    case FaultOp::kRename:
      return "rename";
    case FaultOp::kDelete:
      return "delete";
    case FaultOp::kCreateDir:
      return "create directory";
    case FaultOp::kSyncDir:
      return "sync directory";
    case FaultOp::kMap:
      return "map";
    case FaultOp::kLock:
      return "lock";
    case FaultOp::kStat:
      return "stat";
    case FaultOp::kSetPermissions:
      return "set the permissions of";
  }
  return "access";
}

FaultInjectionEnv::FaultInjectionEnv(Env* base) : state_(std::make_shared<State>()), base_(base) {}

FaultInjectionEnv::~FaultInjectionEnv() = default;

void FaultInjectionEnv::FailNth(uint32_t mask, uint64_t n, Code code, FaultStyle style) {
  MutexLock lock(state_->mu);
  state_->mask = mask;
  state_->remaining = n;
  state_->code = code;
  state_->style = style;
  state_->sticky_failing = false;
  state_->fired = false;
}

void FaultInjectionEnv::ClearFaults() {
  MutexLock lock(state_->mu);
  state_->mask = 0;
  state_->remaining = 0;
  state_->sticky_failing = false;
  state_->fired = false;
}

bool FaultInjectionEnv::fault_fired() const {
  MutexLock lock(state_->mu);
  return state_->fired;
}

uint64_t FaultInjectionEnv::Count(uint32_t mask) const {
  MutexLock lock(state_->mu);
  uint64_t total = 0;
  for (size_t i = 0; i < state_->counts.size(); ++i) {
    if ((mask & (1u << i)) != 0) total += state_->counts[i];
  }
  return total;
}

void FaultInjectionEnv::ResetCounts() {
  MutexLock lock(state_->mu);
  state_->counts.fill(0);
}

void FaultInjectionEnv::SetHook(Hook hook) {
  MutexLock lock(state_->mu);
  state_->hook = hook ? std::make_shared<const Hook>(std::move(hook)) : nullptr;
}

void FaultInjectionEnv::SetClock(Clock* clock) {
  MutexLock lock(state_->mu);
  state_->clock = clock;
}

Clock* FaultInjectionEnv::clock() {
  {
    MutexLock lock(state_->mu);
    if (state_->clock != nullptr) return state_->clock;
  }
  return base_->clock();
}

Result<std::unique_ptr<File>> FaultInjectionEnv::OpenFile(const std::string& path, OpenMode mode,
                                                          uint32_t create_mode) {
  if (auto fault = state_->Check(FaultOp::kOpen, path)) {
    return InjectedError(FaultOp::kOpen, path, fault->first);
  }
  RELIC_ASSIGN_OR_RETURN(std::unique_ptr<File> file, base_->OpenFile(path, mode, create_mode));
  return std::unique_ptr<File>(std::make_unique<FaultFile>(state_, std::move(file), path));
}

Status FaultInjectionEnv::DeleteFile(const std::string& path) {
  if (auto fault = state_->Check(FaultOp::kDelete, path)) {
    return InjectedError(FaultOp::kDelete, path, fault->first);
  }
  return base_->DeleteFile(path);
}

Status FaultInjectionEnv::RenameFile(const std::string& from, const std::string& to) {
  if (auto fault = state_->Check(FaultOp::kRename, from)) {
    return InjectedError(FaultOp::kRename, from + " to " + to, fault->first);
  }
  return base_->RenameFile(from, to);
}

Status FaultInjectionEnv::CreateDir(const std::string& path, uint32_t mode) {
  if (auto fault = state_->Check(FaultOp::kCreateDir, path)) {
    return InjectedError(FaultOp::kCreateDir, path, fault->first);
  }
  return base_->CreateDir(path, mode);
}

Status FaultInjectionEnv::DeleteDir(const std::string& path) {
  if (auto fault = state_->Check(FaultOp::kDelete, path)) {
    return InjectedError(FaultOp::kDelete, path, fault->first);
  }
  return base_->DeleteDir(path);
}

Status FaultInjectionEnv::SyncDir(const std::string& path) {
  if (auto fault = state_->Check(FaultOp::kSyncDir, path)) {
    return InjectedError(FaultOp::kSyncDir, path, fault->first);
  }
  return base_->SyncDir(path);
}

Result<FileInfo> FaultInjectionEnv::Stat(const std::string& path) {
  if (auto fault = state_->Check(FaultOp::kStat, path)) {
    return InjectedError(FaultOp::kStat, path, fault->first);
  }
  return base_->Stat(path);
}

Status FaultInjectionEnv::SetPermissions(const std::string& path, uint32_t mode) {
  if (auto fault = state_->Check(FaultOp::kSetPermissions, path)) {
    return InjectedError(FaultOp::kSetPermissions, path, fault->first);
  }
  return base_->SetPermissions(path, mode);
}

Result<std::vector<std::string>> FaultInjectionEnv::ListDir(const std::string& path) {
  if (auto fault = state_->Check(FaultOp::kStat, path)) {
    return InjectedError(FaultOp::kStat, path, fault->first);
  }
  return base_->ListDir(path);
}

}  // namespace relic
