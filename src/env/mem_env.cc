// SPDX-License-Identifier: Apache-2.0
#include "env/mem_env.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "env/os_error.h"

namespace relic {
namespace mem_env_internal {

struct Region {
  size_t length = 0;
  std::unique_ptr<uint8_t[]> memory;
};

struct LockRange {
  const void* owner;
  uint64_t start;
  uint64_t end;  // exclusive
  LockType type;
};

struct Node {
  explicit Node(bool dir, uint32_t permissions) : is_dir(dir), mode(permissions & 07777) {}

  bool is_dir;
  uint32_t mode;

  // Files. `data` is the content except where a shared region is mapped:
  // there the region's memory is the truth, since callers write to it
  // directly. Content() combines the two.
  Bytes data;
  Bytes synced;  // the content as of the last successful Sync
  struct PendingWrite {
    uint64_t offset;
    Bytes bytes;
  };
  std::optional<PendingWrite> last_unsynced_write;  // for torn writes
  std::map<uint64_t, Region> regions;               // keyed by offset
  std::vector<LockRange> locks;

  // Directories: the live entries, and those as of the last SyncDir.
  std::map<std::string, std::shared_ptr<Node>> entries;
  std::map<std::string, std::shared_ptr<Node>> synced_entries;

  uint64_t size() const { return data.size(); }

  // Copies [offset, offset + out.size()) of the content, which must exist.
  void Read(uint64_t offset, std::span<uint8_t> out) const {
    if (out.empty()) return;  // memcpy must never see the null of an empty buffer
    std::memcpy(out.data(), data.data() + offset, out.size());
    for (const auto& [start, region] : regions) {
      uint64_t lo = std::max<uint64_t>(start, offset);
      uint64_t hi = std::min<uint64_t>(start + region.length, offset + out.size());
      if (lo < hi)
        std::memcpy(out.data() + (lo - offset), region.memory.get() + (lo - start), hi - lo);
    }
  }

  Bytes Content() const {
    Bytes content(data.size());
    Read(0, content);
    return content;
  }

  void Write(uint64_t offset, ByteView bytes) {
    if (bytes.empty()) return;
    if (offset + bytes.size() > size()) Resize(offset + bytes.size());
    std::memcpy(data.data() + offset, bytes.data(), bytes.size());
    for (auto& [start, region] : regions) {
      uint64_t lo = std::max<uint64_t>(start, offset);
      uint64_t hi = std::min<uint64_t>(start + region.length, offset + bytes.size());
      if (lo < hi)
        std::memcpy(region.memory.get() + (lo - start), bytes.data() + (lo - offset), hi - lo);
    }
  }

  // Bytes that leave the file or join it read as zero, in the regions too,
  // as they would through a real mapping.
  void Resize(uint64_t new_size) {
    uint64_t lo = std::min(size(), new_size);
    uint64_t hi = std::max(size(), new_size);
    data.resize(static_cast<size_t>(new_size));
    for (auto& [start, region] : regions) {
      uint64_t a = std::max<uint64_t>(start, lo);
      uint64_t b = std::min<uint64_t>(start + region.length, hi);
      if (a < b) std::memset(region.memory.get() + (a - start), 0, b - a);
    }
  }
};

// Every node of the tree is reached through `root`, so `mu` guards them all.
struct State {
  Mutex mu;
  std::shared_ptr<Node> root GUARDED_BY(mu) = std::make_shared<Node>(true, 0755);
  // Files opened before the last crash carry an older generation.
  uint64_t generation GUARDED_BY(mu) = 0;
  bool torn_writes GUARDED_BY(mu) = false;
  // Memory of regions mapped before a crash, kept so that stale pointers
  // stay valid until the MemEnv goes away.
  std::vector<std::unique_ptr<uint8_t[]>> retired_regions GUARDED_BY(mu);
};

}  // namespace mem_env_internal

namespace {

using mem_env_internal::LockRange;
using mem_env_internal::Node;
using mem_env_internal::Region;
using mem_env_internal::State;
using NodePtr = std::shared_ptr<Node>;

// Where a path leads: its parent directory and its last component, and the
// node there if any. The root has no parent.
struct Resolved {
  NodePtr parent;
  std::string name;
  NodePtr node;
};

// Walks an absolute path; returns 0 or the errno a real file system would
// give for a missing or non-directory component.
int Resolve(const State& state, const std::string& path, Resolved* out) REQUIRES(state.mu) {
  std::vector<std::string> parts;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string::npos) slash = path.size();
    std::string part = path.substr(pos, slash - pos);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(std::move(part));
    }
    pos = slash + 1;
  }
  NodePtr dir = state.root;
  if (parts.empty()) {
    *out = Resolved{nullptr, "", dir};
    return 0;
  }
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    auto it = dir->entries.find(parts[i]);
    if (it == dir->entries.end()) return ENOENT;
    if (!it->second->is_dir) return ENOTDIR;
    dir = it->second;
  }
  auto it = dir->entries.find(parts.back());
  *out = Resolved{dir, parts.back(), it == dir->entries.end() ? nullptr : it->second};
  return 0;
}

Status RelativePathError(std::string_view what, const std::string& path) {
  return Status(Code::kInvalidArgument, std::string(what) + " " + path +
                                            ": MemEnv paths must be absolute; this is a bug "
                                            "in the caller");
}

Status BusyError(const std::string& path) {
  return Status(Code::kBusy, "cannot lock " + path +
                                 ": another process or connection holds a conflicting lock; "
                                 "retry when it has finished");
}

bool IsDescendantOrSelf(const NodePtr& candidate, const NodePtr& ancestor) {
  if (candidate == ancestor) return true;
  for (const auto& [name, child] : ancestor->entries) {
    if (child->is_dir && IsDescendantOrSelf(candidate, child)) return true;
  }
  return false;
}

class MemFile final : public File {
 public:
  MemFile(std::shared_ptr<State> state, NodePtr node, std::string path, bool writable,
          uint64_t generation)
      : state_(std::move(state)),
        node_(std::move(node)),
        path_(std::move(path)),
        writable_(writable),
        generation_(generation) {}

  ~MemFile() override {
    MutexLock lock(state_->mu);
    // After a crash the lock table belongs to the rebooted machine.
    if (generation_ == state_->generation) ApplyLock(0, UINT64_MAX, LockType::kUnlock);
  }
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;

  Result<size_t> ReadAt(uint64_t offset, std::span<uint8_t> out) override {
    MutexLock lock(state_->mu);
    RELIC_RETURN_IF_ERROR(CheckAlive("read"));
    if (offset >= node_->size()) return size_t{0};
    size_t n = static_cast<size_t>(std::min<uint64_t>(out.size(), node_->size() - offset));
    node_->Read(offset, out.first(n));
    return n;
  }

  Status WriteAt(uint64_t offset, ByteView data) override {
    MutexLock lock(state_->mu);
    RELIC_RETURN_IF_ERROR(CheckAlive("write"));
    if (!writable_) return ErrnoStatus("cannot write " + path_, EBADF);
    node_->Write(offset, data);
    node_->last_unsynced_write = Node::PendingWrite{offset, Bytes(data.begin(), data.end())};
    return Status::Ok();
  }

  Status Truncate(uint64_t size) override {
    MutexLock lock(state_->mu);
    RELIC_RETURN_IF_ERROR(CheckAlive("truncate"));
    if (!writable_) return ErrnoStatus("cannot truncate " + path_, EBADF);
    node_->Resize(size);
    return Status::Ok();
  }

  Status Sync() override {
    MutexLock lock(state_->mu);
    RELIC_RETURN_IF_ERROR(CheckAlive("sync"));
    node_->synced = node_->Content();
    node_->last_unsynced_write.reset();
    return Status::Ok();
  }

  Result<uint64_t> Size() override {
    MutexLock lock(state_->mu);
    RELIC_RETURN_IF_ERROR(CheckAlive("stat"));
    return node_->size();
  }

  Status Lock(uint64_t offset, uint64_t length, LockType type) override {
    MutexLock lock(state_->mu);
    RELIC_RETURN_IF_ERROR(CheckAlive("lock"));
    // As with fcntl, a zero length reaches to the end of any possible file.
    uint64_t end = (length == 0 || length > UINT64_MAX - offset) ? UINT64_MAX : offset + length;
    if (type != LockType::kUnlock) {
      for (const LockRange& held : node_->locks) {
        bool overlaps = held.start < end && offset < held.end;
        bool exclusive = held.type == LockType::kExclusive || type == LockType::kExclusive;
        if (held.owner != this && overlaps && exclusive) return BusyError(path_);
      }
    }
    ApplyLock(offset, end, type);
    return Status::Ok();
  }

  Result<uint8_t*> MapShared(uint64_t offset, size_t length) override {
    MutexLock lock(state_->mu);
    RELIC_RETURN_IF_ERROR(CheckAlive("map"));
    if (!writable_) return ErrnoStatus("cannot map " + path_, EACCES);
    for (auto& [start, region] : node_->regions) {
      if (start == offset && region.length == length) return region.memory.get();
      if (start < offset + length && offset < start + region.length) {
        return Status(Code::kInvalidArgument,
                      "cannot map " + path_ +
                          ": the range overlaps an existing mapping with other bounds, which "
                          "MemEnv does not support; this is a bug in the caller");
      }
    }
    if (length == 0) {
      return Status(Code::kInvalidArgument,
                    "cannot map " + path_ + ": the length must be positive; this is a bug");
    }
    if (offset + length > node_->size()) node_->Resize(offset + length);
    Region region;
    region.length = length;
    region.memory = std::make_unique<uint8_t[]>(length);
    node_->Read(offset, std::span<uint8_t>(region.memory.get(), length));
    uint8_t* memory = region.memory.get();
    node_->regions.emplace(offset, std::move(region));
    return memory;
  }

  // The regions belong to the file, not to this handle (as the page cache
  // does), so there is nothing to release here.
  Status UnmapAll() override {
    MutexLock lock(state_->mu);
    return CheckAlive("unmap");
  }

 private:
  Status CheckAlive(std::string_view op) const REQUIRES(state_->mu) {
    if (generation_ == state_->generation) return Status::Ok();
    return Status(Code::kIoError, "cannot " + std::string(op) + " " + path_ +
                                      ": the simulated machine crashed; reopen the file");
  }

  // Replaces this handle's locks over [start, end) by one of `type`,
  // splitting ranges it held across the boundaries, as fcntl does.
  void ApplyLock(uint64_t start, uint64_t end, LockType type) REQUIRES(state_->mu) {
    std::vector<LockRange> kept;
    for (const LockRange& held : node_->locks) {
      if (held.owner != this || held.end <= start || end <= held.start) {
        kept.push_back(held);
        continue;
      }
      if (held.start < start) kept.push_back({this, held.start, start, held.type});
      if (end < held.end) kept.push_back({this, end, held.end, held.type});
    }
    if (type != LockType::kUnlock) kept.push_back({this, start, end, type});
    node_->locks = std::move(kept);
  }

  std::shared_ptr<State> state_;
  NodePtr node_;  // guarded by state_->mu, as every node is
  std::string path_;
  bool writable_;
  uint64_t generation_;
};

// Reverts a node and everything below it to its durable state. A directory
// can show up twice after crashing between unsynced renames, so visited
// nodes are skipped.
void Revert(State& state, const NodePtr& node, std::set<const Node*>& visited) REQUIRES(state.mu) {
  if (!visited.insert(node.get()).second) return;
  node->locks.clear();
  if (node->is_dir) {
    node->entries = node->synced_entries;
    for (const auto& [name, child] : node->entries) Revert(state, child, visited);
    return;
  }
  for (auto& [start, region] : node->regions) {
    state.retired_regions.push_back(std::move(region.memory));
  }
  node->regions.clear();
  node->data = node->synced;
  if (state.torn_writes && node->last_unsynced_write) {
    const auto& write = *node->last_unsynced_write;
    node->Write(write.offset, ByteView(write.bytes).first(write.bytes.size() / 2));
  }
  node->last_unsynced_write.reset();
  // What survived is on the disk now.
  node->synced = node->data;
}

}  // namespace

MemEnv::MemEnv(Clock* clock) : state_(std::make_shared<State>()), clock_(clock) {}

MemEnv::~MemEnv() = default;

Result<std::unique_ptr<File>> MemEnv::OpenFile(const std::string& path, OpenMode mode,
                                               uint32_t create_mode) {
  if (path.empty() || path[0] != '/') return RelativePathError("cannot open", path);
  MutexLock lock(state_->mu);
  Resolved r;
  if (int err = Resolve(*state_, path, &r); err != 0)
    return ErrnoStatus("cannot open " + path, err);
  NodePtr node = r.node;
  if (node == nullptr) {
    if (mode == OpenMode::kReadOnly || mode == OpenMode::kReadWrite) {
      return ErrnoStatus("cannot open " + path, ENOENT);
    }
    node = std::make_shared<Node>(false, create_mode);
    r.parent->entries[r.name] = node;
  } else if (node->is_dir) {
    return ErrnoStatus("cannot open " + path, EISDIR);
  } else if (mode == OpenMode::kCreateExclusive) {
    return ErrnoStatus("cannot create " + path, EEXIST);
  }
  return std::unique_ptr<File>(std::make_unique<MemFile>(
      state_, node, path, mode != OpenMode::kReadOnly, state_->generation));
}

Status MemEnv::DeleteFile(const std::string& path) {
  if (path.empty() || path[0] != '/') return RelativePathError("cannot delete", path);
  MutexLock lock(state_->mu);
  Resolved r;
  int err = Resolve(*state_, path, &r);
  if (err == 0 && r.node == nullptr) err = ENOENT;
  if (err == 0 && r.node->is_dir) err = EISDIR;
  if (err != 0) return ErrnoStatus("cannot delete " + path, err);
  r.parent->entries.erase(r.name);
  return Status::Ok();
}

Status MemEnv::RenameFile(const std::string& from, const std::string& to) {
  if (from.empty() || from[0] != '/') return RelativePathError("cannot rename", from);
  if (to.empty() || to[0] != '/') return RelativePathError("cannot rename", to);
  MutexLock lock(state_->mu);
  const std::string what = "cannot rename " + from + " to " + to;
  Resolved src;
  Resolved dst;
  int err = Resolve(*state_, from, &src);
  if (err == 0 && src.node == nullptr) err = ENOENT;
  if (err == 0) err = Resolve(*state_, to, &dst);
  if (err != 0) return ErrnoStatus(what, err);
  if (src.parent == nullptr || dst.parent == nullptr) return ErrnoStatus(what, EBUSY);
  if (src.node == dst.node) return Status::Ok();  // POSIX: same file, nothing to do
  if (dst.node != nullptr) {
    if (!src.node->is_dir && dst.node->is_dir) return ErrnoStatus(what, EISDIR);
    if (src.node->is_dir && !dst.node->is_dir) return ErrnoStatus(what, ENOTDIR);
    if (dst.node->is_dir && !dst.node->entries.empty()) return ErrnoStatus(what, ENOTEMPTY);
  }
  if (src.node->is_dir && IsDescendantOrSelf(dst.parent, src.node)) {
    return ErrnoStatus(what, EINVAL);
  }
  dst.parent->entries[dst.name] = src.node;
  src.parent->entries.erase(src.name);
  return Status::Ok();
}

Status MemEnv::CreateDir(const std::string& path, uint32_t mode) {
  if (path.empty() || path[0] != '/') return RelativePathError("cannot create directory", path);
  MutexLock lock(state_->mu);
  Resolved r;
  int err = Resolve(*state_, path, &r);
  if (err == 0 && r.node != nullptr) err = EEXIST;
  if (err != 0) return ErrnoStatus("cannot create directory " + path, err);
  r.parent->entries[r.name] = std::make_shared<Node>(true, mode);
  return Status::Ok();
}

Status MemEnv::DeleteDir(const std::string& path) {
  if (path.empty() || path[0] != '/') return RelativePathError("cannot delete directory", path);
  MutexLock lock(state_->mu);
  Resolved r;
  int err = Resolve(*state_, path, &r);
  if (err == 0 && r.node == nullptr) err = ENOENT;
  if (err == 0 && !r.node->is_dir) err = ENOTDIR;
  if (err == 0 && !r.node->entries.empty()) err = ENOTEMPTY;
  if (err == 0 && r.parent == nullptr) err = EBUSY;
  if (err != 0) return ErrnoStatus("cannot delete directory " + path, err);
  r.parent->entries.erase(r.name);
  return Status::Ok();
}

Status MemEnv::SyncDir(const std::string& path) {
  if (path.empty() || path[0] != '/') return RelativePathError("cannot sync directory", path);
  MutexLock lock(state_->mu);
  Resolved r;
  int err = Resolve(*state_, path, &r);
  if (err == 0 && r.node == nullptr) err = ENOENT;
  if (err == 0 && !r.node->is_dir) err = ENOTDIR;
  if (err != 0) return ErrnoStatus("cannot open directory " + path, err);
  r.node->synced_entries = r.node->entries;
  return Status::Ok();
}

Result<FileInfo> MemEnv::Stat(const std::string& path) {
  if (path.empty() || path[0] != '/') return RelativePathError("cannot stat", path);
  MutexLock lock(state_->mu);
  Resolved r;
  int err = Resolve(*state_, path, &r);
  if (err == 0 && r.node == nullptr) err = ENOENT;
  if (err != 0) return ErrnoStatus("cannot stat " + path, err);
  FileInfo info;
  info.type = r.node->is_dir ? FileType::kDirectory : FileType::kRegular;
  info.size = r.node->is_dir ? 0 : r.node->size();
  info.mode = r.node->mode;
  return info;
}

Status MemEnv::SetPermissions(const std::string& path, uint32_t mode) {
  if (path.empty() || path[0] != '/')
    return RelativePathError("cannot set the permissions of", path);
  MutexLock lock(state_->mu);
  Resolved r;
  int err = Resolve(*state_, path, &r);
  if (err == 0 && r.node == nullptr) err = ENOENT;
  if (err != 0) return ErrnoStatus("cannot set the permissions of " + path, err);
  r.node->mode = mode & 07777;
  return Status::Ok();
}

Result<std::vector<std::string>> MemEnv::ListDir(const std::string& path) {
  if (path.empty() || path[0] != '/') return RelativePathError("cannot list directory", path);
  MutexLock lock(state_->mu);
  Resolved r;
  int err = Resolve(*state_, path, &r);
  if (err == 0 && r.node == nullptr) err = ENOENT;
  if (err == 0 && !r.node->is_dir) err = ENOTDIR;
  if (err != 0) return ErrnoStatus("cannot list directory " + path, err);
  std::vector<std::string> names;
  for (const auto& [name, child] : r.node->entries) names.push_back(name);
  return names;
}

void MemEnv::SimulateCrash() {
  MutexLock lock(state_->mu);
  ++state_->generation;
  std::set<const Node*> visited;
  Revert(*state_, state_->root, visited);
}

void MemEnv::set_torn_writes(bool on) {
  MutexLock lock(state_->mu);
  state_->torn_writes = on;
}

}  // namespace relic
