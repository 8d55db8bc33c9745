// SPDX-License-Identifier: Apache-2.0
// Killing `relic restore` with SIGKILL at moments spread over the whole run,
// and killing `relic-lms` mid-request: the store holds none or all of the
// licenses, a retry onto the same machine uses nothing more up, and the
// ledger stays consistent. Real processes, loopback only; labelled slow.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "lms/lms_identity.h"
#include "lms/sqlite_ledger.h"
#include "relic/backup.h"
#include "support/world.h"

extern char** environ;

namespace relic::testing {
namespace {

using Clock = std::chrono::steady_clock;

pid_t Spawn(const std::vector<std::string>& args, const std::vector<std::string>& env,
            const std::string& stderr_path) {
  std::vector<std::string> a = args;
  std::vector<char*> argv;
  for (auto& s : a) argv.push_back(s.data());
  argv.push_back(nullptr);
  std::vector<std::string> e = env;
  e.push_back("PATH=/usr/bin:/bin");
  std::vector<char*> envp;
  for (auto& s : e) envp.push_back(s.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  pid_t pid = -1;
  posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

int WaitExit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

class Service {
 public:
  Service(std::string home, std::string log, std::string policy)
      : home_(std::move(home)), log_(std::move(log)), policy_(std::move(policy)) {}
  ~Service() { Kill(); }

  // Starts relic-lms serve on a free loopback port (the same one on restart).
  void Start() {
    std::string listen = port_.empty() ? "127.0.0.1:0" : "127.0.0.1:" + port_;
    pid_ =
        Spawn({RELIC_LMS_PATH, "serve", "--home", home_, "--listen", listen, "--policy", policy_},
              {}, log_);
    for (int i = 0; i < 200; ++i) {
      std::ifstream in(log_);
      std::string line;
      while (std::getline(in, line)) {
        auto at = line.find("serving on http://");
        if (at != std::string::npos) {
          url_ = line.substr(at + 11);
          url_ = url_.substr(0, url_.find_first_of(" \n"));
          port_ = url_.substr(url_.rfind(':') + 1);
          return;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    FAIL() << "relic-lms serve did not start";
  }
  void Kill() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      WaitExit(pid_);
      pid_ = -1;
    }
  }
  const std::string& url() const { return url_; }

 private:
  std::string home_, log_, policy_, url_, port_;
  pid_t pid_ = -1;
};

class RestoreKillTest : public ::testing::Test {
 protected:
  static constexpr size_t kLicenses = 1000;

  void SetUp() override {
    issuer_ = world_.NewIssuer();
    auto source = world_.NewMachine("source");
    ASSERT_TRUE(issuer_ && source);
    RELIC_ASSERT_OK(source->store().TrustIssuer(issuer_->public_key()));
    Kid kid = world_.PackageContent(*issuer_, "song", 1000);
    auto lms = lms::CreateLmsIdentity(world_.env(), world_.Path("lms"));
    RELIC_ASSERT_OK(lms);
    lms_info_ = LmsInfo{lms->public_key(), "http://127.0.0.1:9/unused"};
    std::vector<Bytes> files;
    for (size_t i = 0; i < kLicenses; ++i) {
      files.push_back(
          world_.IssueTo(*issuer_, kid, *source, Rights{.allow_backup = true}, lms_info_));
    }
    RELIC_ASSERT_OK(source->store().AddLicenses(files));
    std::filesystem::create_directory(world_.Path("backup"));
    BackupRequest backup;
    backup.home = world_.Home("source");
    backup.home_options = world_.Options("source");
    backup.folder = world_.Path("backup");
    auto op = StartBackup(backup, [](const BackupEvent&) {});
    RELIC_ASSERT_OK(op);
    RELIC_ASSERT_OK((*op)->Wait());
    std::filesystem::create_directory(world_.Path("trust"));
    std::ofstream(world_.Path("trust/issuer.key")) << issuer_->public_key().ToString() << "\n";
    // Room for every trial's machine: this test is about crashes, not limits.
    std::ofstream(world_.Path("policy.json"))
        << R"({"max_machines": 100000, "max_new_machines_per_day": 100000, "issuers": [")"
        << issuer_->public_key().ToString() << R"("]})";
  }

  std::vector<std::string> EnvFor(const std::string& machine) {
    std::string id = InstallationId(machine);
    std::ofstream(world_.Path("installation-" + machine)) << id;
    return {"RELIC_HOME=" + world_.Home(machine),
            "RELIC_MACHINE_ID_FILE=" + world_.Path("installation-" + machine),
            "RELIC_TRUST_DIR=" + world_.Path("trust"), "HOME=" + world_.Path("")};
  }

  pid_t StartRestore(const std::string& machine, const std::string& url) {
    return Spawn(
        {RELIC_CLI_PATH, "restore", world_.Path("backup"), "--individualize", "--lms", url},
        EnvFor(machine), world_.Path("restore-" + machine + ".log"));
  }

  // Licenses in the machine's store (0 if it has no identity yet).
  size_t Stored(const std::string& machine) {
    HomeOptions options = world_.Options(machine);
    options.system_trust_dir = world_.Path("trust");
    auto m = Machine::Open(world_.Home(machine), options);
    if (!m.ok()) return 0;
    size_t n = 0;
    EXPECT_TRUE((*m)->store()
                    .ListLicenses([&](const LicenseInfo&) {
                      ++n;
                      return true;
                    })
                    .ok());
    return n;
  }

  // Placements per machine, read from the ledger while the service is down
  // or idle.
  std::map<std::string, size_t> Placements() {
    auto ledger = lms::SqliteLedger::Open(world_.env(), world_.Path("lms"));
    EXPECT_TRUE(ledger.ok());
    std::map<std::string, size_t> out;
    if (!ledger.ok()) return out;
    EXPECT_TRUE(
        (*ledger)->ForEachPlacement([&](const lms::Placement& p) { ++out[p.machine_id]; }).ok());
    return out;
  }

  std::string MachineId(const std::string& machine) {
    HomeOptions options = world_.Options(machine);
    auto m = Machine::Open(world_.Home(machine), options);
    return m.ok() ? (*m)->machine_id() : "";
  }

  World world_;
  std::unique_ptr<Issuer> issuer_;
  LmsInfo lms_info_;
};

TEST_F(RestoreKillTest, KillingTheClientAnywhereLeavesNoneOrAllAndARetryUsesNothingMore) {
  Service service(world_.Path("lms"), world_.Path("lms.log"), world_.Path("policy.json"));
  service.Start();
  ASSERT_FALSE(service.url().empty());
  // How long one full restore takes, to spread the kills over it.
  auto t0 = Clock::now();
  ASSERT_EQ(WaitExit(StartRestore("probe", service.url())), 0);
  const auto full = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0);
  ASSERT_EQ(Stored("probe"), kLicenses);

  std::mt19937 random(12345);
  constexpr int kTrials = 100;
  int before_authorisation = 0, between = 0, after_commit = 0, finished = 0;
  for (int trial = 0; trial < kTrials; ++trial) {
    const std::string name = "t" + std::to_string(trial);
    // Spread kills over 0..110% of a full run, so some land after the end.
    auto delay = std::chrono::microseconds(
        std::uniform_int_distribution<int64_t>(0, full.count() * 11 / 10)(random));
    pid_t pid = StartRestore(name, service.url());
    std::this_thread::sleep_for(delay);
    ::kill(pid, SIGKILL);
    int exit_code = WaitExit(pid);
    size_t stored = Stored(name);
    ASSERT_TRUE(stored == 0 || stored == kLicenses)
        << "trial " << trial << ": the store holds " << stored << " licenses";
    const std::string id = MachineId(name);
    auto placements = Placements();
    size_t placed = id.empty() ? 0 : placements[id];
    if (exit_code == 0) {
      ++finished;
    } else if (stored == kLicenses) {
      ++after_commit;
    } else if (placed > 0) {
      ++between;
    } else {
      ++before_authorisation;
    }
    // The retry completes and uses nothing more up.
    ASSERT_EQ(WaitExit(StartRestore(name, service.url())), 0) << "retry of trial " << trial;
    ASSERT_EQ(Stored(name), kLicenses);
    auto after = Placements();
    const std::string retry_id = MachineId(name);
    EXPECT_EQ(after[retry_id], kLicenses) << "trial " << trial;
    if (placed > 0) {
      EXPECT_EQ(retry_id, id) << "the retry changed the machine";
    }
  }
  std::printf(
      "SIGKILL of relic restore (%zu licenses, full run %.0f ms), %d trials: %d before "
      "authorisation, %d between authorisation and commit, %d after commit, %d "
      "finished before the kill\n",
      kLicenses, full.count() / 1000.0, kTrials, before_authorisation, between, after_commit,
      finished);
  EXPECT_GT(between + before_authorisation, 0);
}

TEST_F(RestoreKillTest, KillingTheServiceMidRequestLeavesTheLedgerConsistent) {
  Service service(world_.Path("lms"), world_.Path("lms.log"), world_.Path("policy.json"));
  service.Start();
  std::mt19937 random(777);
  constexpr int kTrials = 20;
  int interrupted = 0;
  for (int trial = 0; trial < kTrials; ++trial) {
    const std::string name = "s" + std::to_string(trial);
    pid_t client = StartRestore(name, service.url());
    std::this_thread::sleep_for(
        std::chrono::microseconds(std::uniform_int_distribution<int>(0, 150000)(random)));
    service.Kill();
    int exit_code = WaitExit(client);
    if (exit_code != 0) {
      ++interrupted;
      EXPECT_EQ(Stored(name), 0u) << "a failed restore changed the store";
    }
    // Every license is placed on this machine fully or not at all: one
    // transaction per batch.
    auto placements = Placements();
    const std::string id = MachineId(name);
    if (!id.empty()) {
      EXPECT_TRUE(placements[id] == 0 || placements[id] == kLicenses)
          << "trial " << trial << ": " << placements[id] << " placements";
    }
    service.Start();
    ASSERT_EQ(WaitExit(StartRestore(name, service.url())), 0) << "retry of trial " << trial;
    EXPECT_EQ(Stored(name), kLicenses);
    EXPECT_EQ(Placements()[MachineId(name)], kLicenses);
  }
  std::printf(
      "SIGKILL of relic-lms mid-request: %d of %d restores interrupted, ledger "
      "consistent after every restart\n",
      interrupted, kTrials);
}

}  // namespace
}  // namespace relic::testing
