// SPDX-License-Identifier: Apache-2.0
// Parsers that read files through the Env get their input as a file in a
// MemEnv, so a fuzz run touches no disk and each input starts clean.
#pragma once

#include <cstring>
#include <memory>
#include <string>

#include "env/mem_env.h"
#include "relic/env.h"

namespace relic::fuzz {

class FuzzFile {
 public:
  // `path` is absolute, e.g. "/input.pkg"; the file holds exactly `data`.
  FuzzFile(const std::string& path, const uint8_t* data, size_t size)
      : clock_(1'800'000'000), env_(std::make_unique<MemEnv>(&clock_)), path_(path) {
    auto file = env_->OpenFile(path, OpenMode::kCreate);
    if (!file.ok()) __builtin_trap();
    if (size > 0 && !(*file)->WriteAt(0, ByteView(data, size)).ok()) __builtin_trap();
  }
  Env* env() { return env_.get(); }
  const std::string& path() const { return path_; }

 private:
  ManualClock clock_;
  std::unique_ptr<MemEnv> env_;
  std::string path_;
};

}  // namespace relic::fuzz
