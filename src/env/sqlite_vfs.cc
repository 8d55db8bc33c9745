// SPDX-License-Identifier: Apache-2.0
#include "env/sqlite_vfs.h"

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "base/mutex.h"
#include "crypto/crypto.h"
#include "env/mem_env.h"

namespace relic {

struct SqliteVfs::Impl {
  explicit Impl(Env* base) : env(base) {}

  sqlite3_vfs vfs{};
  std::string name;
  Env* env;
  // Anonymous temporary files are private to one connection and never
  // outlive it, so durability and locking do not apply; keeping them in
  // memory spares the Env a scratch directory.
  MemEnv temp_env{Clock::System()};
  std::atomic<uint64_t> next_temp{0};
};

namespace {

using Impl = SqliteVfs::Impl;

// The unix VFS's lock bytes on the database file, so that relic and other
// SQLite processes see each other's locks (an OFD lock conflicts with a
// POSIX record lock on Linux).
constexpr uint64_t kPendingByte = 0x40000000;
constexpr uint64_t kReservedByte = kPendingByte + 1;
constexpr uint64_t kSharedFirst = kPendingByte + 2;
constexpr uint64_t kSharedSize = 510;

// The unix VFS's lock bytes on the -shm file: one per WAL lock slot from 120,
// then the dead-man switch that tells the first connection to reset the file.
constexpr uint64_t kShmBase = 120;
constexpr uint64_t kShmDms = kShmBase + SQLITE_SHM_NLOCK;
// The unix VFS truncates a stale -shm file to 3 bytes rather than 0, as a
// sign that the truncation was deliberate; we do the same.
constexpr uint64_t kShmResetSize = 3;

constexpr int kMaxPathname = 1024;

struct LastError {
  const Impl* vfs = nullptr;
  Status status;
};
thread_local LastError t_last_error;

// The -shm file of one connection, with its mappings and the WAL locks it
// holds (tracked to refuse an upgrade from shared to exclusive the way the
// unix VFS does).
struct Shm {
  std::unique_ptr<File> file;
  std::string path;
  std::vector<uint8_t*> regions;
  uint32_t shared_mask = 0;
  uint32_t exclusive_mask = 0;
};

struct FileState {
  Impl* vfs = nullptr;
  Env* env = nullptr;  // vfs->env, or vfs->temp_env for anonymous files
  std::unique_ptr<File> file;
  std::string path;
  bool delete_on_close = false;
  // The first sync of a newly created database, journal or WAL also syncs
  // its directory, so that the file's name survives a crash with its data.
  bool dir_sync_pending = false;
  int lock_level = SQLITE_LOCK_NONE;
  std::unique_ptr<Shm> shm;
};

// SQLite allocates szOsFile bytes and hands them to xOpen; the C++ state
// lives on the heap behind them.
struct VfsFile {
  sqlite3_file base;
  FileState* state;
};

Impl* ImplOf(sqlite3_vfs* vfs) { return static_cast<Impl*>(vfs->pAppData); }
FileState& StateOf(sqlite3_file* file) { return *reinterpret_cast<VfsFile*>(file)->state; }

// Records the Env's error for LastError/xGetLastError and picks the SQLite
// code: a full disk is SQLITE_FULL whatever the operation.
int Fail(const Impl* vfs, const Status& status, int io_error) {
  t_last_error.vfs = vfs;
  t_last_error.status = status;
  int rc = status.code() == Code::kNoSpace ? SQLITE_FULL : io_error;
  sqlite3_log(rc, "relic vfs: %s", status.message().c_str());
  return rc;
}

int FailLock(const FileState& f, const Status& status, int io_error) {
  if (status.code() == Code::kBusy) return SQLITE_BUSY;
  return Fail(f.vfs, status, io_error);
}

std::string ParentDir(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// SQLite calls the VFS from C, so no C++ exception may unwind through its
// frames: that would skip SQLite's own cleanup and leave the connection's
// locks and WAL index half-changed, so that later statements fail with
// "locking protocol". A failed allocation is reported as SQLite's own VFS
// reports one, with `kOutOfMemory`.
template <auto Method, int kOutOfMemory = SQLITE_IOERR_NOMEM>
struct FromC;

template <typename... Args, int (*Method)(Args...), int kOutOfMemory>
struct FromC<Method, kOutOfMemory> {
  static int Call(Args... args) noexcept {
    try {
      return Method(args...);
    } catch (const std::bad_alloc&) {
      return kOutOfMemory;
    } catch (...) {
      return SQLITE_IOERR;
    }
  }
};

// ---- sqlite3_io_methods ---------------------------------------------------

int FileClose(sqlite3_file* file) {
  auto* vf = reinterpret_cast<VfsFile*>(file);
  FileState* f = vf->state;
  int rc = SQLITE_OK;
  f->shm.reset();
  f->file.reset();  // releases its locks
  if (f->delete_on_close) {
    Status s = f->env->DeleteFile(f->path);
    if (!s.ok() && s.code() != Code::kNotFound) rc = Fail(f->vfs, s, SQLITE_IOERR_DELETE);
  }
  delete f;
  vf->state = nullptr;
  vf->base.pMethods = nullptr;
  return rc;
}

int FileRead(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
  FileState& f = StateOf(file);
  auto out = std::span<uint8_t>(static_cast<uint8_t*>(buffer), static_cast<size_t>(amount));
  Result<size_t> n = f.file->ReadAt(static_cast<uint64_t>(offset), out);
  if (!n.ok()) return Fail(f.vfs, n.status(), SQLITE_IOERR_READ);
  if (*n < out.size()) {
    // SQLite relies on the unread part being zeroed.
    std::memset(out.data() + *n, 0, out.size() - *n);
    return SQLITE_IOERR_SHORT_READ;
  }
  return SQLITE_OK;
}

int FileWrite(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
  FileState& f = StateOf(file);
  Status s =
      f.file->WriteAt(static_cast<uint64_t>(offset),
                      ByteView(static_cast<const uint8_t*>(buffer), static_cast<size_t>(amount)));
  if (!s.ok()) return Fail(f.vfs, s, SQLITE_IOERR_WRITE);
  return SQLITE_OK;
}

int FileTruncate(sqlite3_file* file, sqlite3_int64 size) {
  FileState& f = StateOf(file);
  Status s = f.file->Truncate(static_cast<uint64_t>(size));
  if (!s.ok()) return Fail(f.vfs, s, SQLITE_IOERR_TRUNCATE);
  return SQLITE_OK;
}

int FileSync(sqlite3_file* file, int /*flags*/) {
  FileState& f = StateOf(file);
  Status s = f.file->Sync();
  if (!s.ok()) return Fail(f.vfs, s, SQLITE_IOERR_FSYNC);
  if (f.dir_sync_pending) {
    s = f.env->SyncDir(ParentDir(f.path));
    if (!s.ok()) return Fail(f.vfs, s, SQLITE_IOERR_DIR_FSYNC);
    f.dir_sync_pending = false;
  }
  return SQLITE_OK;
}

int FileSize(sqlite3_file* file, sqlite3_int64* size) {
  FileState& f = StateOf(file);
  Result<uint64_t> r = f.file->Size();
  if (!r.ok()) return Fail(f.vfs, r.status(), SQLITE_IOERR_FSTAT);
  *size = static_cast<sqlite3_int64>(*r);
  return SQLITE_OK;
}

// The lock protocol of the unix VFS (posixLock in os_unix.c), where each
// connection's File holds its own OFD locks, so no per-process bookkeeping
// of other connections is needed.
int FileLock(sqlite3_file* file, int level) {
  FileState& f = StateOf(file);
  if (f.lock_level >= level) return SQLITE_OK;
  // A PENDING lock comes first for SHARED (to let a waiting writer starve
  // new readers out) and for EXCLUSIVE (to keep new readers away).
  if (level == SQLITE_LOCK_SHARED ||
      (level == SQLITE_LOCK_EXCLUSIVE && f.lock_level < SQLITE_LOCK_PENDING)) {
    Status s = f.file->Lock(kPendingByte, 1,
                            level == SQLITE_LOCK_SHARED ? LockType::kShared : LockType::kExclusive);
    if (!s.ok()) return FailLock(f, s, SQLITE_IOERR_LOCK);
    if (level == SQLITE_LOCK_EXCLUSIVE) f.lock_level = SQLITE_LOCK_PENDING;
  }
  if (level == SQLITE_LOCK_SHARED) {
    Status s = f.file->Lock(kSharedFirst, kSharedSize, LockType::kShared);
    Status unlock = f.file->Lock(kPendingByte, 1, LockType::kUnlock);
    if (!s.ok()) return FailLock(f, s, SQLITE_IOERR_LOCK);
    if (!unlock.ok()) {
      f.file->Lock(kSharedFirst, kSharedSize, LockType::kUnlock).IgnoreError();
      return Fail(f.vfs, unlock, SQLITE_IOERR_UNLOCK);
    }
    f.lock_level = SQLITE_LOCK_SHARED;
    return SQLITE_OK;
  }
  Status s = level == SQLITE_LOCK_RESERVED
                 ? f.file->Lock(kReservedByte, 1, LockType::kExclusive)
                 : f.file->Lock(kSharedFirst, kSharedSize, LockType::kExclusive);
  if (!s.ok()) return FailLock(f, s, SQLITE_IOERR_LOCK);
  f.lock_level = level;
  return SQLITE_OK;
}

int FileUnlock(sqlite3_file* file, int level) {
  FileState& f = StateOf(file);
  if (f.lock_level <= level) return SQLITE_OK;
  if (f.lock_level > SQLITE_LOCK_SHARED) {
    if (level == SQLITE_LOCK_SHARED) {
      // Converting the exclusive range to shared is atomic, so no other
      // writer can slip in between.
      Status s = f.file->Lock(kSharedFirst, kSharedSize, LockType::kShared);
      if (!s.ok()) return Fail(f.vfs, s, SQLITE_IOERR_RDLOCK);
    }
    Status s = f.file->Lock(kPendingByte, 2, LockType::kUnlock);  // PENDING and RESERVED
    if (!s.ok()) return Fail(f.vfs, s, SQLITE_IOERR_UNLOCK);
    f.lock_level = SQLITE_LOCK_SHARED;
  }
  if (level == SQLITE_LOCK_NONE) {
    Status s = f.file->Lock(kPendingByte, 2 + kSharedSize, LockType::kUnlock);
    f.lock_level = SQLITE_LOCK_NONE;
    if (!s.ok()) return Fail(f.vfs, s, SQLITE_IOERR_UNLOCK);
  }
  return SQLITE_OK;
}

int FileCheckReservedLock(sqlite3_file* file, int* reserved) {
  FileState& f = StateOf(file);
  if (f.lock_level >= SQLITE_LOCK_RESERVED) {
    *reserved = 1;
    return SQLITE_OK;
  }
  // OFD locks have no portable "who holds this" query through File, so probe:
  // a shared lock on the RESERVED byte fails exactly when someone holds
  // RESERVED. The probe is released at once.
  Status s = f.file->Lock(kReservedByte, 1, LockType::kShared);
  if (s.code() == Code::kBusy) {
    *reserved = 1;
    return SQLITE_OK;
  }
  if (!s.ok()) return Fail(f.vfs, s, SQLITE_IOERR_CHECKRESERVEDLOCK);
  *reserved = 0;
  s = f.file->Lock(kReservedByte, 1, LockType::kUnlock);
  if (!s.ok()) return Fail(f.vfs, s, SQLITE_IOERR_UNLOCK);
  return SQLITE_OK;
}

int FileControl(sqlite3_file* file, int op, void* arg) {
  FileState& f = StateOf(file);
  switch (op) {
    case SQLITE_FCNTL_LOCKSTATE:
      *static_cast<int*>(arg) = f.lock_level;
      return SQLITE_OK;
    case SQLITE_FCNTL_VFSNAME:
      *static_cast<char**>(arg) = sqlite3_mprintf("%s", f.vfs->name.c_str());
      return SQLITE_OK;
    default:
      return SQLITE_NOTFOUND;
  }
}

int FileSectorSize(sqlite3_file* /*file*/) { return 4096; }

// Only what holds for any Env: a write never damages bytes outside its own
// range. Not atomic, not sequential, so SQLite keeps its journals and syncs.
int FileDeviceCharacteristics(sqlite3_file* /*file*/) { return SQLITE_IOCAP_POWERSAFE_OVERWRITE; }

// Opens the -shm file and joins or resets it. The unix VFS asks F_GETLK
// whether anyone holds the dead-man-switch byte; File has no such query, so
// the same decision is made with locks alone: whoever can hold the byte
// exclusively is alone and resets the file, everyone else holds it shared.
int OpenShm(FileState& f) {
  auto shm = std::make_unique<Shm>();
  shm->path = f.path + "-shm";
  Result<std::unique_ptr<File>> opened = f.env->OpenFile(shm->path, OpenMode::kCreate, 0600);
  if (!opened.ok()) return Fail(f.vfs, opened.status(), SQLITE_IOERR_SHMOPEN);
  shm->file = std::move(opened).value();
  File& file = *shm->file;

  Status s = file.Lock(kShmDms, 1, LockType::kExclusive);
  if (s.code() == Code::kBusy) {
    // Someone holds the byte. If it is held exclusively, that connection is
    // resetting the file right now: come back later.
    s = file.Lock(kShmDms, 1, LockType::kShared);
    if (s.code() == Code::kBusy) return SQLITE_BUSY;
    if (!s.ok()) return Fail(f.vfs, s, SQLITE_IOERR_SHMLOCK);
    // The holders may all have gone (or died before resetting) since: only
    // if some still hold it shared is the file known to be live.
    s = file.Lock(kShmDms, 1, LockType::kExclusive);
    if (s.code() == Code::kBusy) {
      f.shm = std::move(shm);
      return SQLITE_OK;
    }
  }
  if (!s.ok()) return Fail(f.vfs, s, SQLITE_IOERR_SHMLOCK);
  // Alone: whatever the file holds may predate a crash.
  s = file.Truncate(kShmResetSize);
  if (!s.ok()) return Fail(f.vfs, s, SQLITE_IOERR_SHMOPEN);
  s = file.Lock(kShmDms, 1, LockType::kShared);
  if (!s.ok()) return Fail(f.vfs, s, SQLITE_IOERR_SHMLOCK);
  f.shm = std::move(shm);
  return SQLITE_OK;
}

int FileShmMap(sqlite3_file* file, int region, int region_size, int extend, void volatile** out) {
  FileState& f = StateOf(file);
  *out = nullptr;
  if (!f.shm) {
    if (int rc = OpenShm(f); rc != SQLITE_OK) return rc;
  }
  Shm& shm = *f.shm;
  const auto index = static_cast<size_t>(region);
  if (index < shm.regions.size() && shm.regions[index] != nullptr) {
    *out = shm.regions[index];
    return SQLITE_OK;
  }
  // Mappings must start on a page boundary; with pages larger than a
  // region, one mapping covers several regions.
  static const size_t page_size = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  const auto size = static_cast<size_t>(region_size);
  const size_t per_map = std::max<size_t>(1, page_size / size);
  const size_t first = index / per_map * per_map;
  const uint64_t map_offset = static_cast<uint64_t>(first) * size;
  const size_t map_length = per_map * size;

  Result<uint64_t> file_size = shm.file->Size();
  if (!file_size.ok()) return Fail(f.vfs, file_size.status(), SQLITE_IOERR_SHMSIZE);
  if (*file_size < map_offset + map_length && !extend) return SQLITE_OK;
  Result<uint8_t*> mapped = shm.file->MapShared(map_offset, map_length);
  if (!mapped.ok()) return Fail(f.vfs, mapped.status(), SQLITE_IOERR_SHMMAP);
  if (shm.regions.size() < first + per_map) shm.regions.resize(first + per_map, nullptr);
  for (size_t i = 0; i < per_map; ++i) shm.regions[first + i] = *mapped + i * size;
  *out = shm.regions[index];
  return SQLITE_OK;
}

int FileShmLock(sqlite3_file* file, int offset, int n, int flags) {
  FileState& f = StateOf(file);
  if (!f.shm) return SQLITE_IOERR_SHMLOCK;
  Shm& shm = *f.shm;
  const uint32_t mask = (1u << (offset + n)) - (1u << offset);
  const uint64_t byte = kShmBase + static_cast<uint64_t>(offset);
  const auto length = static_cast<uint64_t>(n);
  if (flags & SQLITE_SHM_UNLOCK) {
    Status s = shm.file->Lock(byte, length, LockType::kUnlock);
    if (!s.ok()) return Fail(f.vfs, s, SQLITE_IOERR_SHMLOCK);
    shm.shared_mask &= ~mask;
    shm.exclusive_mask &= ~mask;
    return SQLITE_OK;
  }
  if (flags & SQLITE_SHM_SHARED) {
    if ((shm.shared_mask & mask) == mask) return SQLITE_OK;
    Status s = shm.file->Lock(byte, length, LockType::kShared);
    if (!s.ok()) return FailLock(f, s, SQLITE_IOERR_SHMLOCK);
    shm.shared_mask |= mask;
    return SQLITE_OK;
  }
  // An OFD lock would silently upgrade our own shared lock; the unix VFS
  // reports that as busy, and SQLite's WAL code is written against that.
  if ((shm.shared_mask | shm.exclusive_mask) & mask) return SQLITE_BUSY;
  Status s = shm.file->Lock(byte, length, LockType::kExclusive);
  if (!s.ok()) return FailLock(f, s, SQLITE_IOERR_SHMLOCK);
  shm.exclusive_mask |= mask;
  return SQLITE_OK;
}

// As SQLite's unix VFS does it: entering and leaving a mutex is a full
// memory barrier on every platform (a locked instruction on x86), and unlike
// a bare fence ThreadSanitizer understands it, so sanitized builds check the
// WAL index's accesses instead of warning about the fence.
void FileShmBarrier(sqlite3_file* /*file*/) {
  static Mutex barrier;
  MutexLock lock(barrier);
}

int FileShmUnmap(sqlite3_file* file, int delete_flag) {
  FileState& f = StateOf(file);
  if (!f.shm) return SQLITE_OK;
  std::string path = f.shm->path;
  f.shm->file->UnmapAll().IgnoreError();  // closing the file unmaps regardless
  f.shm.reset();                          // and releases its locks
  // SQLite asks for deletion only while it holds the database EXCLUSIVE,
  // so no other connection is using the file.
  if (delete_flag) {
    Status s = f.env->DeleteFile(path);
    if (!s.ok() && s.code() != Code::kNotFound) return Fail(f.vfs, s, SQLITE_IOERR_DELETE);
  }
  return SQLITE_OK;
}

// Version 2: shared memory, but no xFetch, which would bypass the Env.
const sqlite3_io_methods kIoMethods = {
    2,
    FromC<FileClose>::Call,
    FromC<FileRead>::Call,
    FromC<FileWrite>::Call,
    FromC<FileTruncate>::Call,
    FromC<FileSync>::Call,
    FromC<FileSize>::Call,
    FromC<FileLock>::Call,
    FromC<FileUnlock>::Call,
    FromC<FileCheckReservedLock>::Call,
    FromC<FileControl>::Call,
    FileSectorSize,
    FileDeviceCharacteristics,
    FromC<FileShmMap>::Call,
    FromC<FileShmLock>::Call,
    FileShmBarrier,
    FromC<FileShmUnmap>::Call,
    nullptr,
    nullptr,
};

// ---- sqlite3_vfs ----------------------------------------------------------

int VfsOpen(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags,
            int* out_flags) {
  Impl* impl = ImplOf(vfs);
  auto* vf = reinterpret_cast<VfsFile*>(file);
  vf->base.pMethods = nullptr;  // tells SQLite not to call xClose if we fail
  vf->state = nullptr;

  auto f = std::make_unique<FileState>();
  f->vfs = impl;
  f->delete_on_close = (flags & SQLITE_OPEN_DELETEONCLOSE) != 0;
  if (name == nullptr) {
    f->env = &impl->temp_env;
    f->path = "/temp-" + std::to_string(impl->next_temp++);
    f->delete_on_close = true;
  } else {
    f->env = impl->env;
    f->path = name;
  }

  OpenMode mode = OpenMode::kReadWrite;
  if (flags & SQLITE_OPEN_READONLY) {
    mode = OpenMode::kReadOnly;
  } else if (flags & SQLITE_OPEN_CREATE) {
    mode = (flags & SQLITE_OPEN_EXCLUSIVE) ? OpenMode::kCreateExclusive : OpenMode::kCreate;
  }
  Result<std::unique_ptr<File>> opened = f->env->OpenFile(f->path, mode, 0600);
  if (!opened.ok() && opened.status().code() == Code::kPermissionDenied &&
      (flags & SQLITE_OPEN_READWRITE)) {
    // As the unix VFS does: a file we may not write can still be read.
    Result<std::unique_ptr<File>> read_only = f->env->OpenFile(f->path, OpenMode::kReadOnly);
    if (read_only.ok()) {
      opened = std::move(read_only);
      flags = (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_READONLY;
    }
  }
  if (!opened.ok()) {
    int rc = Fail(impl, opened.status(), SQLITE_CANTOPEN);
    return rc == SQLITE_FULL ? rc : SQLITE_CANTOPEN;
  }
  f->file = std::move(opened).value();
  const int type = flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_MAIN_JOURNAL |
                            SQLITE_OPEN_SUPER_JOURNAL | SQLITE_OPEN_WAL);
  f->dir_sync_pending = name != nullptr && (flags & SQLITE_OPEN_CREATE) && type != 0;

  if (out_flags != nullptr) *out_flags = flags;
  vf->state = f.release();
  vf->base.pMethods = &kIoMethods;
  return SQLITE_OK;
}

int VfsDelete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  Impl* impl = ImplOf(vfs);
  std::string path = name;
  Status s = impl->env->DeleteFile(path);
  if (s.code() == Code::kNotFound) return SQLITE_IOERR_DELETE_NOENT;
  if (!s.ok()) return Fail(impl, s, SQLITE_IOERR_DELETE);
  if (sync_dir & 1) {
    s = impl->env->SyncDir(ParentDir(path));
    if (!s.ok()) return Fail(impl, s, SQLITE_IOERR_DIR_FSYNC);
  }
  return SQLITE_OK;
}

int VfsAccess(sqlite3_vfs* vfs, const char* name, int flags, int* result) {
  Impl* impl = ImplOf(vfs);
  *result = 0;
  Result<FileInfo> info = impl->env->Stat(name);
  if (!info.ok()) {
    Code code = info.status().code();
    if (code == Code::kNotFound || code == Code::kInvalidArgument) return SQLITE_OK;
    return Fail(impl, info.status(), SQLITE_IOERR_ACCESS);
  }
  switch (flags) {
    case SQLITE_ACCESS_EXISTS:
      // Like the unix VFS: an empty journal or WAL is as good as none.
      *result = info->type != FileType::kRegular || info->size > 0;
      break;
    case SQLITE_ACCESS_READWRITE:
      // Env exposes permission bits, not access(2); the owner's bits are
      // what relic's own files are governed by.
      *result = (info->mode & 0600) == 0600;
      break;
    default:
      *result = 1;
      break;
  }
  return SQLITE_OK;
}

int VfsFullPathname(sqlite3_vfs* /*vfs*/, const char* name, int out_size, char* out) {
  std::string full;
  if (name[0] == '/') {
    full = name;
  } else {
    std::vector<char> cwd(4096);
    if (::getcwd(cwd.data(), cwd.size()) == nullptr) return SQLITE_CANTOPEN;
    full = std::string(cwd.data()) + "/" + name;
  }
  if (full.size() + 1 > static_cast<size_t>(out_size)) return SQLITE_CANTOPEN;
  std::memcpy(out, full.c_str(), full.size() + 1);
  return SQLITE_OK;
}

void* VfsDlOpen(sqlite3_vfs* /*vfs*/, const char* /*path*/) { return nullptr; }

void VfsDlError(sqlite3_vfs* /*vfs*/, int size, char* message) {
  sqlite3_snprintf(size, message, "%s", "loadable extensions are not supported by relic's VFS");
}

void (*VfsDlSym(sqlite3_vfs* /*vfs*/, void* /*handle*/, const char* /*symbol*/))(void) {
  return nullptr;
}

void VfsDlClose(sqlite3_vfs* /*vfs*/, void* /*handle*/) {}

int VfsRandomness(sqlite3_vfs* /*vfs*/, int size, char* out) {
  crypto::RandomBytes(reinterpret_cast<uint8_t*>(out), static_cast<size_t>(size));
  return size;
}

int VfsSleep(sqlite3_vfs* /*vfs*/, int microseconds) {
  std::this_thread::sleep_for(std::chrono::microseconds(microseconds));
  return microseconds;
}

// Julian day number of the Unix epoch, in milliseconds.
constexpr sqlite3_int64 kUnixEpochJulianMs = 210866760000000;

int VfsCurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  *out = kUnixEpochJulianMs + ImplOf(vfs)->env->NowUnixSeconds() * 1000;
  return SQLITE_OK;
}

int VfsCurrentTime(sqlite3_vfs* vfs, double* out) {
  sqlite3_int64 ms = 0;
  VfsCurrentTimeInt64(vfs, &ms);
  *out = static_cast<double>(ms) / 86400000.0;
  return SQLITE_OK;
}

// Returns relic's error code where SQLite expects an errno (for
// sqlite3_system_errno), and its message.
int VfsGetLastError(sqlite3_vfs* vfs, int size, char* out) {
  const Impl* impl = ImplOf(vfs);
  if (t_last_error.vfs != impl || t_last_error.status.ok()) {
    if (size > 0) out[0] = '\0';
    return 0;
  }
  if (size > 0) sqlite3_snprintf(size, out, "%s", t_last_error.status.message().c_str());
  return static_cast<int>(t_last_error.status.code());
}

}  // namespace

Result<std::unique_ptr<SqliteVfs>> SqliteVfs::Register(Env* env) {
  if (!crypto::Initialize().ok()) {
    return Status(Code::kInternal,
                  "cannot initialise libsodium for SQLite's randomness; "
                  "check that the system has a working random device");
  }
  int rc = sqlite3_initialize();
  if (rc != SQLITE_OK) {
    return Status(Code::kInternal, std::string("cannot initialise SQLite: ") + sqlite3_errstr(rc));
  }
  static std::atomic<uint64_t> next_id{1};
  auto impl = std::make_unique<Impl>(env);
  impl->name = "relic-env-" + std::to_string(next_id++);
  sqlite3_vfs& vfs = impl->vfs;
  vfs.iVersion = 3;
  vfs.szOsFile = static_cast<int>(sizeof(VfsFile));
  vfs.mxPathname = kMaxPathname;
  vfs.zName = impl->name.c_str();
  vfs.pAppData = impl.get();
  vfs.xOpen = FromC<VfsOpen, SQLITE_NOMEM>::Call;
  vfs.xDelete = FromC<VfsDelete>::Call;
  vfs.xAccess = FromC<VfsAccess>::Call;
  vfs.xFullPathname = FromC<VfsFullPathname>::Call;
  vfs.xDlOpen = VfsDlOpen;
  vfs.xDlError = VfsDlError;
  vfs.xDlSym = VfsDlSym;
  vfs.xDlClose = VfsDlClose;
  vfs.xRandomness = VfsRandomness;
  vfs.xSleep = VfsSleep;
  vfs.xCurrentTime = VfsCurrentTime;
  vfs.xGetLastError = VfsGetLastError;
  vfs.xCurrentTimeInt64 = VfsCurrentTimeInt64;
  // The object that unregisters the VFS exists before SQLite holds a
  // pointer to it: a failed allocation in between would leave a freed VFS
  // in SQLite's process-wide list, for the next registration to crash on.
  // (Unregistering a VFS that SQLite does not hold does nothing.)
  std::unique_ptr<SqliteVfs> registered(new SqliteVfs(std::move(impl)));
  rc = sqlite3_vfs_register(&vfs, /*makeDflt=*/0);
  if (rc != SQLITE_OK) {
    return Status(Code::kInternal,
                  std::string("cannot register the SQLite VFS: ") + sqlite3_errstr(rc));
  }
  return registered;
}

SqliteVfs::SqliteVfs(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

SqliteVfs::~SqliteVfs() { sqlite3_vfs_unregister(&impl_->vfs); }

const char* SqliteVfs::name() const { return impl_->name.c_str(); }

Status SqliteVfs::LastError() const {
  if (t_last_error.vfs != impl_.get()) return Status::Ok();
  return t_last_error.status;
}

}  // namespace relic
