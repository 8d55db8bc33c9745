// SPDX-License-Identifier: Apache-2.0
// The real environment: files through POSIX calls, locks through Linux open
// file description locks, the clock through time().
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

#include "env/os_error.h"
#include "relic/env.h"

namespace relic {
namespace {

class SystemClock final : public Clock {
 public:
  int64_t NowUnixSeconds() const override { return static_cast<int64_t>(::time(nullptr)); }
};

int CloseIgnoringEintr(int fd) {
  // Linux releases the descriptor even when close() reports EINTR, so
  // retrying could close a descriptor another thread has just been given.
  int rc = ::close(fd);
  return (rc != 0 && errno == EINTR) ? 0 : rc;
}

template <typename Call>
auto RetryOnEintr(Call call) {
  for (;;) {
    auto rc = call();
    if (rc >= 0 || errno != EINTR) return rc;
  }
}

class PosixFile final : public File {
 public:
  PosixFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~PosixFile() override {
    UnmapAll().IgnoreError();
    CloseIgnoringEintr(fd_);
  }
  PosixFile(const PosixFile&) = delete;
  PosixFile& operator=(const PosixFile&) = delete;

  Result<size_t> ReadAt(uint64_t offset, std::span<uint8_t> out) override {
    size_t done = 0;
    while (done < out.size()) {
      ssize_t n = RetryOnEintr([&] {
        return ::pread(fd_, out.data() + done, out.size() - done,
                       static_cast<off_t>(offset + done));
      });
      if (n < 0) return ErrnoStatus("cannot read " + path_, errno);
      if (n == 0) break;  // end of file
      done += static_cast<size_t>(n);
    }
    return done;
  }

  Status WriteAt(uint64_t offset, ByteView data) override {
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n = RetryOnEintr([&] {
        return ::pwrite(fd_, data.data() + done, data.size() - done,
                        static_cast<off_t>(offset + done));
      });
      if (n < 0) return ErrnoStatus("cannot write " + path_, errno);
      done += static_cast<size_t>(n);
    }
    return Status::Ok();
  }

  Status Truncate(uint64_t size) override {
    if (RetryOnEintr([&] { return ::ftruncate(fd_, static_cast<off_t>(size)); }) != 0) {
      return ErrnoStatus("cannot truncate " + path_, errno);
    }
    return Status::Ok();
  }

  Status Sync() override {
    if (RetryOnEintr([&] { return ::fdatasync(fd_); }) != 0) {
      return ErrnoStatus("cannot sync " + path_, errno);
    }
    return Status::Ok();
  }

  Result<uint64_t> Size() override {
    struct stat st {};
    if (::fstat(fd_, &st) != 0) return ErrnoStatus("cannot stat " + path_, errno);
    return static_cast<uint64_t>(st.st_size);
  }

  Status Lock(uint64_t offset, uint64_t length, LockType type) override {
    struct flock lock {};
    lock.l_whence = SEEK_SET;
    lock.l_start = static_cast<off_t>(offset);
    lock.l_len = static_cast<off_t>(length);
    lock.l_pid = 0;  // required by F_OFD_SETLK
    switch (type) {
      case LockType::kUnlock:
        lock.l_type = F_UNLCK;
        break;
      case LockType::kShared:
        lock.l_type = F_RDLCK;
        break;
      case LockType::kExclusive:
        lock.l_type = F_WRLCK;
        break;
    }
    if (RetryOnEintr([&] { return ::fcntl(fd_, F_OFD_SETLK, &lock); }) == 0) {
      return Status::Ok();
    }
    int err = errno;
    if (err == EAGAIN || err == EACCES) {
      return Status(Code::kBusy, "cannot lock " + path_ +
                                     ": another process or connection holds a conflicting lock; "
                                     "retry when it has finished");
    }
    return ErrnoStatus("cannot lock " + path_, err);
  }

  Result<uint8_t*> MapShared(uint64_t offset, size_t length) override {
    static const uint64_t page_size = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
    if (offset % page_size != 0 || length == 0) {
      return Status(Code::kInvalidArgument,
                    "cannot map " + path_ + ": the offset must be a multiple of the page size (" +
                        std::to_string(page_size) + ") and the length positive; this is a bug");
    }
    RELIC_RETURN_IF_ERROR(ExtendWithZeros(offset + length));
    // Room to remember the mapping first: once mapped, nothing may fail.
    mappings_.reserve(mappings_.size() + 1);
    void* p = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd_,
                     static_cast<off_t>(offset));
    if (p == MAP_FAILED) return ErrnoStatus("cannot map " + path_, errno);
    mappings_.emplace_back(p, length);
    return static_cast<uint8_t*>(p);
  }

  Status UnmapAll() override {
    Status first;
    for (auto& [p, length] : mappings_) {
      if (::munmap(p, length) != 0 && first.ok())
        first = ErrnoStatus("cannot unmap " + path_, errno);
    }
    mappings_.clear();
    return first;
  }

 private:
  // Writes a zero into every new 4 KiB block instead of calling ftruncate,
  // so the blocks are allocated now: a sparse file would turn a full disk
  // into a SIGBUS on first touch of the mapping instead of an error here.
  Status ExtendWithZeros(uint64_t end) {
    RELIC_ASSIGN_OR_RETURN(uint64_t size, Size());
    constexpr uint64_t kBlock = 4096;
    const uint8_t zero = 0;
    for (uint64_t pos = size; pos < end;) {
      uint64_t block_end = std::min((pos / kBlock + 1) * kBlock, end);
      RELIC_RETURN_IF_ERROR(WriteAt(block_end - 1, ByteView(&zero, 1)));
      pos = block_end;
    }
    return Status::Ok();
  }

  int fd_;
  std::string path_;
  std::vector<std::pair<void*, size_t>> mappings_;
};

class PosixEnv final : public Env {
 public:
  explicit PosixEnv(Clock* clock) : clock_(clock) {}

  Result<std::unique_ptr<File>> OpenFile(const std::string& path, OpenMode mode,
                                         uint32_t create_mode) override {
    int fd = -1;
    switch (mode) {
      case OpenMode::kReadOnly:
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
        // writer, for ever; it is cleared once the file proves regular.
        fd = RetryOnEintr(
            [&] { return ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY); });
        if (fd < 0) return ErrnoStatus("cannot open " + path, errno);
        break;
      case OpenMode::kReadWrite:
        fd = RetryOnEintr(
            [&] { return ::open(path.c_str(), O_RDWR | O_CLOEXEC | O_NONBLOCK | O_NOCTTY); });
        if (fd < 0) return ErrnoStatus("cannot open " + path, errno);
        break;
      case OpenMode::kCreate:
      case OpenMode::kCreateExclusive: {
        RELIC_ASSIGN_OR_RETURN(fd, OpenForCreate(path, mode, create_mode));
        break;
      }
    }
    // Closed here unless a File takes it, also when an allocation fails.
    struct Descriptor {
      int fd;
      ~Descriptor() {
        if (fd >= 0) CloseIgnoringEintr(fd);
      }
    } owned{fd};
    // open() accepts a directory read-only, but a directory is never what a
    // caller of OpenFile wants.
    struct stat st {};
    if (::fstat(fd, &st) != 0) return ErrnoStatus("cannot stat " + path, errno);
    if (S_ISDIR(st.st_mode)) return ErrnoStatus("cannot open " + path, EISDIR);
    // Nor is a FIFO, a device or a socket: reading one may never end.
    if (!S_ISREG(st.st_mode)) return NotARegularFile(path, st.st_mode);
    if (mode == OpenMode::kReadOnly || mode == OpenMode::kReadWrite) {
      const int flags = ::fcntl(fd, F_GETFL);
      if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        return ErrnoStatus("cannot open " + path, errno);
      }
    }
    auto file = std::make_unique<PosixFile>(fd, path);
    owned.fd = -1;
    return std::unique_ptr<File>(std::move(file));
  }

  Status DeleteFile(const std::string& path) override {
    if (::unlink(path.c_str()) != 0) return ErrnoStatus("cannot delete " + path, errno);
    return Status::Ok();
  }

  Status RenameFile(const std::string& from, const std::string& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) {
      return ErrnoStatus("cannot rename " + from + " to " + to, errno);
    }
    return Status::Ok();
  }

  Status CreateDir(const std::string& path, uint32_t mode) override {
    if (::mkdir(path.c_str(), static_cast<mode_t>(mode)) != 0) {
      return ErrnoStatus("cannot create directory " + path, errno);
    }
    // mkdir's mode passes through the umask; callers ask for exact bits.
    if (::chmod(path.c_str(), static_cast<mode_t>(mode)) != 0) {
      Status s = ErrnoStatus("cannot set the permissions of directory " + path, errno);
      ::rmdir(path.c_str());
      return s;
    }
    return Status::Ok();
  }

  Status DeleteDir(const std::string& path) override {
    if (::rmdir(path.c_str()) != 0) return ErrnoStatus("cannot delete directory " + path, errno);
    return Status::Ok();
  }

  Status SyncDir(const std::string& path) override {
    int fd = RetryOnEintr([&] { return ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); });
    if (fd < 0) return ErrnoStatus("cannot open directory " + path, errno);
    Status s;
    if (RetryOnEintr([&] { return ::fsync(fd); }) != 0) {
      s = ErrnoStatus("cannot sync directory " + path, errno);
    }
    CloseIgnoringEintr(fd);
    return s;
  }

  Result<FileInfo> Stat(const std::string& path) override {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return ErrnoStatus("cannot stat " + path, errno);
    FileInfo info;
    info.type = S_ISREG(st.st_mode)   ? FileType::kRegular
                : S_ISDIR(st.st_mode) ? FileType::kDirectory
                                      : FileType::kOther;
    info.size = static_cast<uint64_t>(st.st_size);
    info.mode = static_cast<uint32_t>(st.st_mode) & 07777;
    return info;
  }

  Status SetPermissions(const std::string& path, uint32_t mode) override {
    if (::chmod(path.c_str(), static_cast<mode_t>(mode)) != 0) {
      return ErrnoStatus("cannot set the permissions of " + path, errno);
    }
    return Status::Ok();
  }

  Result<std::vector<std::string>> ListDir(const std::string& path) override {
    // Closed however this returns, also when an allocation fails.
    struct CloseDir {
      void operator()(DIR* d) const { ::closedir(d); }
    };
    std::unique_ptr<DIR, CloseDir> dir(::opendir(path.c_str()));
    if (dir == nullptr) return ErrnoStatus("cannot list directory " + path, errno);
    std::vector<std::string> names;
    for (;;) {
      errno = 0;
      struct dirent* entry = ::readdir(dir.get());
      if (entry == nullptr) {
        int err = errno;
        if (err != 0) return ErrnoStatus("cannot list directory " + path, err);
        return names;
      }
      std::string name = entry->d_name;
      if (name != "." && name != "..") names.push_back(std::move(name));
    }
  }

  Clock* clock() override { return clock_; }

 private:
  static Status NotARegularFile(const std::string& path, mode_t mode) {
    const char* kind = S_ISFIFO(mode)   ? "a FIFO"
                       : S_ISCHR(mode)  ? "a character device"
                       : S_ISBLK(mode)  ? "a block device"
                       : S_ISSOCK(mode) ? "a socket"
                                        : "not a regular file";
    return Status(Code::kInvalidArgument,
                  path + " is " + kind + ", not a regular file; name a regular file");
  }

  // Opens for kCreate/kCreateExclusive. Creation goes through O_EXCL so that
  // we know whether this call made the file and must set its mode exactly.
  static Result<int> OpenForCreate(const std::string& path, OpenMode mode, uint32_t create_mode) {
    // Another process may delete the file between our two attempts; a few
    // rounds settle any realistic race.
    for (int attempt = 0; attempt < 100; ++attempt) {
      int fd = RetryOnEintr([&] {
        return ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
                      static_cast<mode_t>(create_mode));
      });
      if (fd >= 0) {
        // open()'s mode passes through the umask; callers ask for exact bits.
        if (::fchmod(fd, static_cast<mode_t>(create_mode)) != 0) {
          Status s = ErrnoStatus("cannot set the permissions of " + path, errno);
          CloseIgnoringEintr(fd);
          ::unlink(path.c_str());
          return s;
        }
        return fd;
      }
      if (errno != EEXIST || mode == OpenMode::kCreateExclusive) {
        return ErrnoStatus("cannot create " + path, errno);
      }
      // O_NONBLOCK, as in OpenFile: OpenFile refuses what is not regular.
      fd = RetryOnEintr(
          [&] { return ::open(path.c_str(), O_RDWR | O_CLOEXEC | O_NONBLOCK | O_NOCTTY); });
      if (fd >= 0) {
        const int flags = ::fcntl(fd, F_GETFL);
        if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
        return fd;
      }
      if (errno != ENOENT) return ErrnoStatus("cannot open " + path, errno);
    }
    return Status(Code::kIoError, "cannot open " + path +
                                      ": it keeps appearing and disappearing; check what else "
                                      "is using the directory");
  }

  Clock* clock_;
};

}  // namespace

Clock* Clock::System() {
  static SystemClock clock;
  return &clock;
}

Env* Env::Default() {
  // Never destroyed, so that code running during static destruction can
  // still use it.
  static Env* env = new PosixEnv(Clock::System());
  return env;
}

std::unique_ptr<Env> NewPosixEnv(Clock* clock) { return std::make_unique<PosixEnv>(clock); }

}  // namespace relic
