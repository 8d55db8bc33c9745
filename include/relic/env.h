// SPDX-License-Identifier: Apache-2.0
// The environment: every file and clock access of relic's own code goes
// through an Env, in the spirit of LevelDB's Env, so that tests can run on an
// in-memory file system, fail the Nth operation, drop unsynced data and move
// the clock. The store's SQLite database reaches the file system through a
// SQLite VFS built over the same Env (src/env/sqlite_vfs.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "relic/export.h"
#include "relic/status.h"

namespace relic {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

// Wall-clock time in whole seconds since the Unix epoch.
class RELIC_EXPORT Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowUnixSeconds() const = 0;
  // The operating system's clock.
  static Clock* System();
};

// A clock that only moves when a test moves it.
class RELIC_EXPORT ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t now_unix_seconds) : now_(now_unix_seconds) {}
  int64_t NowUnixSeconds() const override { return now_; }
  void Set(int64_t now_unix_seconds) { now_ = now_unix_seconds; }
  void Advance(int64_t seconds) { now_ += seconds; }

 private:
  int64_t now_;
};

enum class OpenMode {
  kReadOnly,         // the file must exist
  kReadWrite,        // the file must exist
  kCreate,           // read-write; created if missing
  kCreateExclusive,  // read-write; fails with kAlreadyExists if present
};

enum class LockType { kUnlock, kShared, kExclusive };

enum class FileType { kRegular, kDirectory, kOther };

struct FileInfo {
  FileType type = FileType::kOther;
  uint64_t size = 0;
  uint32_t mode = 0;  // permission bits, e.g. 0600
};

// A file open for random access. Not thread-safe: one user at a time (SQLite
// serialises access to each of its file handles).
class RELIC_EXPORT File {
 public:
  virtual ~File() = default;

  // Reads up to out.size() bytes at offset; returns how many were read, fewer
  // only at the end of the file.
  virtual Result<size_t> ReadAt(uint64_t offset, std::span<uint8_t> out) = 0;
  // Writes all of data at offset, extending the file as needed.
  virtual Status WriteAt(uint64_t offset, ByteView data) = 0;
  virtual Status Truncate(uint64_t size) = 0;
  // Makes everything written so far durable.
  virtual Status Sync() = 0;
  virtual Result<uint64_t> Size() = 0;

  // Advisory byte-range lock with the semantics of Linux open file
  // description locks: held by this File object, conflicting with locks held
  // through any other File object on the same file, in this process or any
  // other. Never waits: a conflicting lock gives kBusy. kUnlock releases.
  virtual Status Lock(uint64_t offset, uint64_t length, LockType type) = 0;

  // Maps [offset, offset + length) of the file as memory shared with every
  // other mapping of the same range of the same file (SQLite's WAL index).
  // The file is extended with zeros if shorter. The pointer stays valid until
  // UnmapAll or the File is destroyed.
  virtual Result<uint8_t*> MapShared(uint64_t offset, size_t length) = 0;
  virtual Status UnmapAll() = 0;
};

class RELIC_EXPORT Env {
 public:
  virtual ~Env() = default;

  // New files get `create_mode` permission bits (before the umask on a real
  // file system; relic's secrets use 0600). The defaults live in
  // non-virtual overloads: a default argument on a virtual function is
  // taken from the caller's static type, not from the override that runs.
  virtual Result<std::unique_ptr<File>> OpenFile(const std::string& path, OpenMode mode,
                                                 uint32_t create_mode) = 0;
  Result<std::unique_ptr<File>> OpenFile(const std::string& path, OpenMode mode) {
    return OpenFile(path, mode, 0600);
  }
  virtual Status DeleteFile(const std::string& path) = 0;
  // Atomically replaces `to` with `from` (POSIX rename).
  virtual Status RenameFile(const std::string& from, const std::string& to) = 0;
  // Creates one directory level; kAlreadyExists if it exists.
  virtual Status CreateDir(const std::string& path, uint32_t mode) = 0;
  Status CreateDir(const std::string& path) { return CreateDir(path, 0700); }
  virtual Status DeleteDir(const std::string& path) = 0;
  // Makes the directory's entries (creations, renames, deletions) durable.
  virtual Status SyncDir(const std::string& path) = 0;
  // kNotFound when nothing is at path.
  virtual Result<FileInfo> Stat(const std::string& path) = 0;
  virtual Status SetPermissions(const std::string& path, uint32_t mode) = 0;
  // Names (not paths) of the directory's entries, without "." and "..".
  virtual Result<std::vector<std::string>> ListDir(const std::string& path) = 0;

  virtual Clock* clock() = 0;
  int64_t NowUnixSeconds() { return clock()->NowUnixSeconds(); }

  // The process-wide real environment over the operating system's file
  // system and clock.
  static Env* Default();
};

// The real environment with a clock of the caller's choosing.
RELIC_EXPORT std::unique_ptr<Env> NewPosixEnv(Clock* clock);

// Reads a whole file of at most max_size bytes (kMalformed if larger).
RELIC_EXPORT Result<Bytes> ReadWholeFile(Env* env, const std::string& path, uint64_t max_size);

// Writes a file so that a crash leaves either the old file or the new one:
// a temporary file beside it, fsync, rename over the target, fsync of the
// directory.
RELIC_EXPORT Status WriteFileAtomically(Env* env, const std::string& path, ByteView data,
                                        uint32_t mode = 0600);

}  // namespace relic
