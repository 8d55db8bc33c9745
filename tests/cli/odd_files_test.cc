// SPDX-License-Identifier: Apache-2.0
// Fail closed on odd files and failed starts: every path the CLI opens is
// checked without blocking, and a restore that makes a machine identity
// and then fails takes it away again. Adversary A5 (a user's own
// arguments) or A3 (whoever put a FIFO or a device where a file belongs);
// security cases name their adversary in the comment above them.
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>

#include "cli_fixture.h"

namespace relic::testing {
namespace {

using std::chrono::steady_clock;

class OddFilesTest : public CliTest {
 protected:
  void SetUp() override {
    fifo_ = Path("fifo");
    ASSERT_EQ(mkfifo(fifo_.c_str(), 0600), 0);
    socket_path_ = Path("sock");
    socket_fd_ = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    ASSERT_LT(socket_path_.size(), sizeof addr.sun_path);
    std::memcpy(addr.sun_path, socket_path_.c_str(), socket_path_.size() + 1);
    ASSERT_EQ(bind(socket_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  }
  void TearDown() override {
    if (socket_fd_ >= 0) close(socket_fd_);
  }
  std::vector<std::string> OddPaths() const { return {fifo_, "/dev/zero", socket_path_}; }

  // Runs `args` and expects invalid_argument naming `needle`, within 5 s
  // (a blocked open would wait for ever).
  void ExpectRefusedAtOnce(const SimMachine& m, const std::vector<std::string>& args,
                           const std::string& needle) {
    const auto start = steady_clock::now();
    RunOptions options = OptionsFor(m);
    options.timeout = std::chrono::seconds(10);
    std::vector<std::string> argv = {RELIC_CLI_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessResult r = RunProcess(argv, options);
    EXPECT_FALSE(r.timed_out) << args[0] << " " << args[1];
    EXPECT_TRUE(FailedWith(r, Code::kInvalidArgument, {needle})) << args[0] << " " << args[1];
    EXPECT_LT(steady_clock::now() - start, std::chrono::seconds(5));
  }

  std::string fifo_;
  std::string socket_path_;
  int socket_fd_ = -1;
};

// Adversary A3/A5: a FIFO, a device or a socket given as a license file,
// a package, a passphrase file, a backup folder or a set: a clear error at
// once, and the store unchanged.
TEST_F(OddFilesTest, FifosDevicesAndSocketsAreRefusedAtOnce) {
  Setup s = MakeSetup();
  const DirSnapshot before = Snapshot(s.machine.home);
  std::filesystem::create_directory(Path("backups"));
  for (const std::string& odd : OddPaths()) {
    ExpectRefusedAtOnce(s.machine, {"license", "add", odd}, "not a regular file");
    ExpectRefusedAtOnce(s.machine, {"play", odd, "-o", Path("out")}, "not a regular file");
    ExpectRefusedAtOnce(s.machine, {"backup", odd}, "not a folder");
    ExpectRefusedAtOnce(s.machine, {"backup", Path("backups"), "--passphrase-file", odd},
                        "not a regular file");
    ExpectRefusedAtOnce(s.machine, {"restore", odd}, "not a folder");
    ExpectRefusedAtOnce(s.machine, {"restore", Path("backups"), "--passphrase-file", odd},
                        "not a regular file");
  }
  // A set that is a FIFO.
  std::filesystem::create_directory(Path("fifo-set"));
  ASSERT_EQ(mkfifo(Path("fifo-set/relic-backup.rbs").c_str(), 0600), 0);
  ExpectRefusedAtOnce(s.machine, {"restore", Path("fifo-set")}, "not a regular file");
  EXPECT_FALSE(std::filesystem::exists(Path("out")));
  EXPECT_EQ(Snapshot(s.machine.home), before);
}

// Adversary A1/A3 (a missing, damaged or unreachable set handed over): a
// failed `restore --individualize` leaves no new home behind.
TEST_F(OddFilesTest, AFailedIndividualizingRestoreLeavesNoHome) {
  // A real set, naming a service nobody runs.
  Setup s = MakeSetup();
  RunOptions lms_options;
  lms_options.home_fallback = Path("user-home");
  ProcessResult lms =
      RunProcess({RELIC_LMS_PATH, "init", "--home", Path("lms"), "--json"}, lms_options);
  ASSERT_TRUE(Succeeded(lms));
  AddLicense(s.machine, Issue(s.issuer, s.kid, s.machine_key,
                              {"--allow-backup", "--lms-key",
                               ParseJson(lms.out).at("public_key").get<std::string>(), "--lms-url",
                               "http://127.0.0.1:9/nothing"}));
  std::filesystem::create_directory(Path("set"));
  ASSERT_TRUE(Succeeded(Run(s.machine, {"backup", Path("set")})));
  std::filesystem::create_directory(Path("corrupt"));
  std::string damaged = ReadFile(Path("set/relic-backup.rbs"));
  damaged[damaged.size() / 2] ^= 0x55;
  WriteFile(Path("corrupt/relic-backup.rbs"), damaged);

  struct Case {
    std::vector<std::string> args;
    Code code;
    std::string needle;
  };
  const std::vector<Case> cases = {
      {{"restore", "--individualize", Path("missing")}, Code::kNotFound, "does not exist"},
      {{"restore", "--individualize", Path("corrupt")}, Code::kBackupCorrupt, ""},
      {{"restore", "--individualize", Path("set"), "--timeout", "20"},
       Code::kServiceUnavailable,
       "127.0.0.1:9"},
  };
  for (const Case& c : cases) {
    SimMachine fresh = NewMachine("fresh");
    ASSERT_FALSE(std::filesystem::exists(fresh.home));
    ProcessResult r = Run(fresh, c.args);
    EXPECT_TRUE(FailedWith(r, c.code, {c.needle})) << c.args[2];
    EXPECT_FALSE(std::filesystem::exists(fresh.home)) << c.args[2];
  }
}

}  // namespace
}  // namespace relic::testing
