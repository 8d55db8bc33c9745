// SPDX-License-Identifier: Apache-2.0
// Replays fuzz inputs through a target's LLVMFuzzerTestOneInput without
// libFuzzer, so GCC builds and sanitizer builds check the corpus too.
// Arguments are files or directories (every regular file inside, sorted so
// that runs are comparable). A target that misbehaves crashes, or a
// sanitizer reports it; the driver itself fails only if it read nothing,
// since an empty corpus would make the test pass without testing anything.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_target.h"

namespace {

bool RunFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
    return false;
  }
  std::vector<uint8_t> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(data.data(), data.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  size_t inputs = 0;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path arg(argv[i]);
    std::error_code error;
    if (std::filesystem::is_directory(arg, error)) {
      std::vector<std::filesystem::path> files;
      for (const auto& entry : std::filesystem::directory_iterator(arg)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());
      for (const auto& file : files) {
        if (!RunFile(file)) return 1;
        ++inputs;
      }
    } else {
      if (!RunFile(arg)) return 1;
      ++inputs;
    }
  }
  if (inputs == 0) {
    std::fprintf(stderr,
                 "replay: no input found in the arguments; give corpus directories or files\n");
    return 1;
  }
  std::printf("replay: %zu inputs ran without a crash\n", inputs);
  return 0;
}
