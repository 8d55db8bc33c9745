// SPDX-License-Identifier: Apache-2.0
// An output file that appears at its final path only when complete: data
// goes to a temporary file beside it, and Commit() syncs and renames it into
// place. Destroying an uncommitted one removes the temporary file, so a
// failure leaves the destination as it was.
#pragma once

#include <memory>
#include <string>

#include "relic/env.h"

namespace relic {

class AtomicOutput {
 public:
  static Result<std::unique_ptr<AtomicOutput>> Create(Env* env, const std::string& path,
                                                      uint32_t mode);
  ~AtomicOutput();

  Status Append(ByteView data);
  uint64_t size() const { return offset_; }
  // The temporary file, for writers that place data themselves (Append's
  // running size then means nothing).
  File* file() { return file_.get(); }
  // Makes the file durable at its final path.
  Status Commit();

 private:
  AtomicOutput(Env* env, std::string path, std::string temp_path, std::unique_ptr<File> file)
      : env_(env),
        path_(std::move(path)),
        temp_path_(std::move(temp_path)),
        file_(std::move(file)) {}

  Env* env_;
  std::string path_;
  std::string temp_path_;
  std::unique_ptr<File> file_;
  uint64_t offset_ = 0;
  bool created_ = false;  // the temporary file is ours to remove
  bool committed_ = false;
};

// The directory part of a path ("." for a bare name).
std::string ParentDir(const std::string& path);

}  // namespace relic
