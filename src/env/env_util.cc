// SPDX-License-Identifier: Apache-2.0
// Whole-file helpers built only on the Env interface, so that they behave the
// same over every environment and fault injection exercises them fully.
#include <algorithm>
#include <cstdint>
#include <string>

#include "crypto/crypto.h"
#include "relic/env.h"

namespace relic {
namespace {

std::string ParentDir(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string RandomHex(size_t bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  Bytes raw(bytes);
  crypto::RandomBytes(raw.data(), raw.size());
  std::string hex;
  hex.reserve(bytes * 2);
  for (uint8_t b : raw) {
    hex.push_back(kDigits[b >> 4]);
    hex.push_back(kDigits[b & 15]);
  }
  return hex;
}

}  // namespace

Result<Bytes> ReadWholeFile(Env* env, const std::string& path, uint64_t max_size) {
  RELIC_ASSIGN_OR_RETURN(std::unique_ptr<File> file, env->OpenFile(path, OpenMode::kReadOnly));
  RELIC_ASSIGN_OR_RETURN(uint64_t size, file->Size());
  auto too_large = [&](uint64_t seen) {
    return Status(Code::kMalformed, path + " has at least " + std::to_string(seen) +
                                        " bytes, more than the " + std::to_string(max_size) +
                                        " allowed; check that it is the right file");
  };
  if (size > max_size) return too_large(size);
  // Read until the end rather than trusting Size(): the file may grow while
  // we read, and one byte past the limit is enough to know it is too large.
  const uint64_t limit = max_size < UINT64_MAX ? max_size + 1 : max_size;
  Bytes data;
  uint64_t done = 0;
  for (;;) {
    if (done == data.size()) {
      if (done > max_size) return too_large(done);
      data.resize(static_cast<size_t>(
          std::min<uint64_t>(std::max<uint64_t>(size, done + uint64_t{64} * 1024), limit)));
    }
    RELIC_ASSIGN_OR_RETURN(size_t n, file->ReadAt(done, std::span<uint8_t>(data).subspan(done)));
    if (n == 0) break;
    done += n;
  }
  if (done > max_size) return too_large(done);
  data.resize(static_cast<size_t>(done));
  return data;
}

Status WriteFileAtomically(Env* env, const std::string& path, ByteView data, uint32_t mode) {
  const std::string temp = path + ".tmp-" + RandomHex(8);
  {
    // kCreateExclusive: if the open fails, the file at `temp` (if any) is
    // not ours, so it must not be deleted.
    RELIC_ASSIGN_OR_RETURN(std::unique_ptr<File> file,
                           env->OpenFile(temp, OpenMode::kCreateExclusive, mode));
    Status s = file->WriteAt(0, data);
    if (s.ok()) s = file->Sync();
    if (!s.ok()) {
      file.reset();
      env->DeleteFile(temp).IgnoreError();  // the write's error is the one to report
      return s;
    }
  }
  if (Status s = env->RenameFile(temp, path); !s.ok()) {
    env->DeleteFile(temp).IgnoreError();
    return s;
  }
  // The rename is visible now; only its durability depends on this.
  return env->SyncDir(ParentDir(path));
}

}  // namespace relic
