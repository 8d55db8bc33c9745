// SPDX-License-Identifier: Apache-2.0
// `relic package` and `relic play` stream: on a 1 GB file their peak memory
// stays under 32 MiB. Runs the real binary and reads the child's peak
// resident set size from wait4(). Labelled slow: it writes about 3 GB.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/world.h"

extern char** environ;

namespace relic::testing {
namespace {

struct ProcRun {
  int exit_code = -1;
  long max_rss_kib = 0;
  std::string out;
};

ProcRun RunRelic(const std::vector<std::string>& args, const std::string& scratch,
                 const std::vector<std::string>& extra_env) {
  std::vector<std::string> argv_s = {RELIC_CLI_PATH};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_s = extra_env;
  env_s.push_back("PATH=/usr/bin:/bin");
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::string out_path = scratch + "/stdout";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  pid_t pid = -1;
  ProcRun run;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data()) != 0) return run;
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  struct rusage usage {};
  wait4(pid, &status, 0, &usage);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.max_rss_kib = usage.ru_maxrss;
  Bytes out = ReadFileBytes(out_path);
  run.out.assign(out.begin(), out.end());
  return run;
}

bool FilesEqual(const std::string& a, const std::string& b) {
  std::ifstream fa(a, std::ios::binary), fb(b, std::ios::binary);
  std::vector<char> ba(1 << 20), bb(1 << 20);
  while (true) {
    fa.read(ba.data(), static_cast<std::streamsize>(ba.size()));
    fb.read(bb.data(), static_cast<std::streamsize>(bb.size()));
    if (fa.gcount() != fb.gcount()) return false;
    if (fa.gcount() == 0) return true;
    if (std::memcmp(ba.data(), bb.data(), static_cast<size_t>(fa.gcount())) != 0) return false;
  }
}

TEST(StreamMemoryTest, PackageAndPlayOfOneGigabyteStayUnder32MiB) {
  TempDir dir;
  constexpr size_t kSize = size_t{1} << 30;
  {
    std::ofstream big(dir.Join("big"), std::ios::binary);
    Bytes block = RandomContent(1 << 20);
    for (size_t written = 0; written < kSize; written += block.size()) {
      block[0] = static_cast<uint8_t>(written >> 20);  // no two blocks alike
      big.write(reinterpret_cast<const char*>(block.data()),
                static_cast<std::streamsize>(block.size()));
    }
  }
  std::string id_file = dir.Join("machine-id");
  std::string id = InstallationId("memory-test");
  WriteFileBytes(id_file, ByteView(reinterpret_cast<const uint8_t*>(id.data()), id.size()));
  std::vector<std::string> env = {"RELIC_HOME=" + dir.Join("home"),
                                  "RELIC_MACHINE_ID_FILE=" + id_file,
                                  "RELIC_TRUST_DIR=" + dir.Join("no-trust"), "HOME=" + dir.path()};
  auto must = [&](const std::vector<std::string>& args) {
    ProcRun r = RunRelic(args, dir.path(), env);
    EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.out;
    return r;
  };
  must({"issuer", "init", "--issuer", dir.Join("issuer")});
  ProcRun package = must({"package", dir.Join("big"), "-o", dir.Join("big.pkg"), "--issuer",
                          dir.Join("issuer"), "--json"});
  std::string kid = nlohmann::json::parse(package.out)["kid"];
  must({"init"});
  std::string machine_key = nlohmann::json::parse(must({"machine", "--json"}).out)["public_key"];
  std::string issuer_key = nlohmann::json::parse(
      must({"issuer", "show", "--issuer", dir.Join("issuer"), "--json"}).out)["public_key"];
  must({"issue", "--issuer", dir.Join("issuer"), "--kid", kid, "--machine", machine_key, "-o",
        dir.Join("license")});
  must({"trust", "add", issuer_key});
  must({"license", "add", dir.Join("license")});
  ProcRun play = must({"play", dir.Join("big.pkg"), "-o", dir.Join("big.out")});
  std::printf("peak RSS: relic package %ld KiB, relic play %ld KiB (1 GiB file)\n",
              package.max_rss_kib, play.max_rss_kib);
  EXPECT_LT(package.max_rss_kib, 32 * 1024);
  EXPECT_LT(play.max_rss_kib, 32 * 1024);
  EXPECT_TRUE(FilesEqual(dir.Join("big"), dir.Join("big.out")));
}

}  // namespace
}  // namespace relic::testing
