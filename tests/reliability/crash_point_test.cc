// SPDX-License-Identifier: Apache-2.0
// Power loss at every point of license add, play, delete, backup and
// restore. One run of each operation is recorded (how many environment
// operations it does); then, for every k, a fresh copy of the same starting
// disk runs the operation with the disk gone from operation k on (the
// process is as good as dead: nothing more reaches the disk), and the
// MemEnv simulates the power loss: unsynced data vanishes, and the last
// unsynced write of each file may land half-written (torn). After the
// reboot the machine must open and hold either the state before the
// operation or the state after it, never a mixture: no license lost or
// duplicated, no play given back, the backup folder holding the old set or
// the new one. k = n+1 crashes just after the operation returned: a
// completed operation must have made its result durable.
//
// Adversary: none, the disk and the power (docs/threat-model.md: integrity
// of the store against crashes). The store's SQLite database runs on the
// MemEnv through relic's VFS, so its journal and syncs are covered too.
#include <gtest/gtest.h>

#include <cstdio>
#include <functional>

#include "../restore/restore_fixture.h"
#include "env/fault_injection_env.h"
#include "env/mem_env.h"
#include "lms/authority.h"
#include "lms/sqlite_ledger.h"

namespace relic::testing {
namespace {

constexpr char kRoot[] = "/w";

Status CopyTree(Env* from, Env* to, const std::string& dir) {
  RELIC_ASSIGN_OR_RETURN(auto names, from->ListDir(dir));
  for (const auto& name : names) {
    const std::string path = dir + "/" + name;
    RELIC_ASSIGN_OR_RETURN(FileInfo info, from->Stat(path));
    if (info.type == FileType::kDirectory) {
      RELIC_RETURN_IF_ERROR(to->CreateDir(path, info.mode));
      RELIC_RETURN_IF_ERROR(CopyTree(from, to, path));
      continue;
    }
    RELIC_ASSIGN_OR_RETURN(Bytes data, ReadWholeFile(from, path, 1ull << 30));
    RELIC_ASSIGN_OR_RETURN(auto file, to->OpenFile(path, OpenMode::kCreateExclusive, info.mode));
    RELIC_RETURN_IF_ERROR(file->WriteAt(0, data));
    RELIC_RETURN_IF_ERROR(file->Sync());
  }
  return to->SyncDir(dir);
}

Bytes ReadOrEmpty(Env* env, const std::string& path) {
  auto data = ReadWholeFile(env, path, 1ull << 30);
  return data.ok() ? *data : Bytes{};
}

// A disk image everybody starts from, and fresh copies of it.
class Disk {
 public:
  explicit Disk(Clock* clock) : env_(std::make_unique<MemEnv>(clock)) {}
  MemEnv* env() { return env_.get(); }
  std::unique_ptr<MemEnv> Copy(Clock* clock) {
    auto copy = std::make_unique<MemEnv>(clock);
    Status s = copy->CreateDir(kRoot, 0755);
    if (s.ok()) s = copy->SyncDir("/");
    if (s.ok()) s = CopyTree(env_.get(), copy.get(), kRoot);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return copy;
  }

 private:
  std::unique_ptr<MemEnv> env_;
};

class CrashPointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = image_.env();
    RELIC_ASSERT_OK(env_->CreateDir(kRoot, 0755));
    RELIC_ASSERT_OK(env_->CreateDir(Path("backups"), 0700));
    RELIC_ASSERT_OK(env_->CreateDir(Path("system-trust"), 0755));
    auto issuer = Issuer::Create(Path("issuer"), env_);
    RELIC_ASSERT_OK(issuer);
    issuer_ = std::move(issuer).value();
    const std::string key = issuer_->public_key().ToString();
    RELIC_ASSERT_OK(WriteFileAtomically(env_, Path("system-trust/deployment.key"), AsBytes(key)));
    plain_ = RandomContent(3000);
    RELIC_ASSERT_OK(WriteFileAtomically(env_, Path("song.plain"), plain_));
    PackageOptions package;
    package.chunk_size = 1024;
    auto kid = issuer_->Package(Path("song.plain"), Path("song.pkg"), package);
    RELIC_ASSERT_OK(kid);
    kid_ = *kid;

    for (const char* installation : {"a", "b"}) {  // b: the restore target
      RELIC_ASSERT_OK(WriteFileAtomically(env_, Path(std::string("installation-") + installation),
                                          AsBytes(InstallationId(installation))));
    }
    auto machine = Machine::Initialize(Home("a"), Options(env_, "a"));
    RELIC_ASSERT_OK(machine);
    RELIC_ASSERT_OK((*machine)->store().TrustIssuer(issuer_->public_key()));
    // An unlimited license, a three-play license played once, both backed
    // up-able: the states every operation below starts from.
    unlimited_ = Issue(**machine, Rights{.allow_backup = true});
    limited_ = Issue(**machine, Rights{.allow_backup = true, .play_count = 3});
    auto added = (*machine)->store().AddLicenses({unlimited_, limited_});
    RELIC_ASSERT_OK(added);
    unlimited_id_ = (*added)[0].license_id;
    limited_id_ = (*added)[1].license_id;
    RELIC_ASSERT_OK((*machine)->store().Play(Path("song.pkg"), Path("first-play")));
    machine_key_ = (*machine)->public_key();
  }

  static std::string Path(const std::string& name) { return std::string(kRoot) + "/" + name; }
  static std::string Home(const std::string& machine) { return Path("home-" + machine); }

  HomeOptions Options(Env* env, const std::string& installation) {
    const std::string id_file = Path("installation-" + installation);
    HomeOptions options;
    options.env = env;
    options.installation_id_file = id_file;
    options.system_trust_dir = Path("system-trust");
    return options;
  }

  static ByteView AsBytes(const std::string& s) {
    return ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  }

  Bytes Issue(const Machine& machine, Rights rights) {
    IssueRequest request;
    request.kid = kid_;
    request.machine = machine.public_key();
    request.rights = rights;
    if (rights.allow_backup) request.lms = lms_.info;
    auto license = issuer_->Issue(request);
    EXPECT_TRUE(license.ok()) << license.status().ToString();
    return license.ok() ? *license : Bytes{};
  }

  // What a user sees of machine `name` on `env`, or "(no machine)" if it
  // does not open. Duplicates cannot hide: Snapshot lists every row.
  std::string State(Env* env, const std::string& name) {
    auto machine = Machine::Open(Home(name), Options(env, name));
    if (!machine.ok())
      return "(no machine: " + std::string(CodeName(machine.status().code())) + ")";
    return Snapshot((*machine)->store());
  }

  // The state of machine "a" on a copy of the image with `change` applied
  // and completed: what "fully new" means for an operation.
  std::string StateAfter(const std::function<void(Env*)>& change) {
    auto copy = image_.Copy(&clock_);
    change(copy.get());
    return State(copy.get(), "a");
  }

  // Runs `operation` once to count its environment operations, then once
  // per crash point, and calls `check` on the rebooted disk with whether
  // the crashed run had reported success. Returns the number of points.
  uint64_t ForEachCrashPoint(
      const std::string& what, const std::function<Status(Env*)>& operation,
      const std::function<void(MemEnv*, bool completed, uint64_t k)>& check) {
    uint64_t n = 0;
    {
      auto disk = image_.Copy(&clock_);
      FaultInjectionEnv counting(disk.get());
      Status s = operation(&counting);
      EXPECT_TRUE(s.ok()) << what << " without a crash: " << s.ToString();
      n = counting.Count(kAllFaultOps);
    }
    EXPECT_GT(n, 0u);
    uint64_t points = 0;
    for (bool torn : {false, true}) {
      for (uint64_t k = 1; k <= n + 1; ++k) {
        auto disk = image_.Copy(&clock_);
        disk->set_torn_writes(torn);
        bool completed = false;
        {
          FaultInjectionEnv faulty(disk.get());
          faulty.FailNth(kAllFaultOps, k, Code::kIoError, FaultStyle::kSticky);
          completed = operation(&faulty).ok();
        }
        disk->SimulateCrash();
        SCOPED_TRACE(what + ": crash before operation " + std::to_string(k) + " of " +
                     std::to_string(n) + (torn ? ", last writes torn" : ", unsynced data dropped"));
        check(disk.get(), completed, k);
        ++points;
        if (HasFailure()) return points;
      }
    }
    positions_ = n + 1;
    return points;
  }

  // Each of the n+1 positions runs twice: unsynced data dropped, and the
  // last unsynced write of each file torn.
  // Both outcomes must occur, or the points never crossed the operation's
  // commit point and proved nothing.
  void Report(const std::string& what, uint64_t points) {
    std::printf(
        "crash points covered: %s=%llu (%llu positions x {dropped, torn}; "
        "%llu left the old state, %llu the new)\n",
        what.c_str(), static_cast<unsigned long long>(points),
        static_cast<unsigned long long>(positions_), static_cast<unsigned long long>(saw_old_),
        static_cast<unsigned long long>(saw_new_));
    EXPECT_GT(saw_old_, 0u) << what;
    EXPECT_GT(saw_new_, 0u) << what;
  }
  void Saw(bool is_new) { ++(is_new ? saw_new_ : saw_old_); }

  uint64_t positions_ = 0;
  uint64_t saw_old_ = 0, saw_new_ = 0;

  ManualClock clock_{kStartTime};
  Disk image_{&clock_};
  Env* env_ = nullptr;
  World::TestLmsKeys lms_ = World::NewLms();
  std::unique_ptr<Issuer> issuer_;
  Kid kid_;
  Bytes plain_, unlimited_, limited_;
  LicenseId unlimited_id_, limited_id_;
  MachinePublicKey machine_key_;
};

// Regression: a new home's directory entry was never synced, so a machine
// created by `relic init` or by a restore that reported success could vanish
// at the next power loss, with every license restored into it.
TEST_F(CrashPointTest, InitializingAMachineSurvivesAPowerLossOnceItReturns) {
  auto init = [&](Env* env) -> Status {
    return Machine::Initialize(Home("b"), Options(env, "b")).status();
  };
  uint64_t points = ForEachCrashPoint("init", init, [&](MemEnv* disk, bool completed, uint64_t) {
    auto machine = Machine::Open(Home("b"), Options(disk, "b"));
    Saw(machine.ok());
    if (completed) {
      ASSERT_TRUE(machine.ok()) << "a machine that was initialized is gone: "
                                << machine.status().ToString();
    }
    if (!machine.ok()) {
      // Nothing usable was left: initializing again works.
      RELIC_ASSERT_OK(init(disk));
    }
  });
  Report("init", points);
}

TEST_F(CrashPointTest, AddingTwoLicensesLeavesBothOrNeither) {
  Bytes first, second;
  {
    auto copy = image_.Copy(&clock_);
    auto machine = Machine::Open(Home("a"), Options(copy.get(), "a"));
    RELIC_ASSERT_OK(machine);
    first = Issue(**machine, Rights{.play_count = 5});
    second = Issue(**machine, Rights{.allow_backup = true});
  }
  auto add = [&](Env* env) -> Status {
    RELIC_ASSIGN_OR_RETURN(auto machine, Machine::Open(Home("a"), Options(env, "a")));
    return machine->store().AddLicenses({first, second}).status();
  };
  const std::string before = State(env_, "a");
  const std::string after = StateAfter([&](Env* env) { EXPECT_TRUE(add(env).ok()); });
  ASSERT_NE(before, after);
  uint64_t points = ForEachCrashPoint("add", add, [&](MemEnv* disk, bool completed, uint64_t) {
    const std::string state = State(disk, "a");
    Saw(state == after);
    if (completed) {
      EXPECT_EQ(state, after) << "a completed add was lost";
    } else {
      EXPECT_TRUE(state == before || state == after) << state;
    }
  });
  Report("add", points);
}

TEST_F(CrashPointTest, PlayingConsumesAPlayBeforeAnyContentAppears) {
  auto play = [&](Env* env) -> Status {
    RELIC_ASSIGN_OR_RETURN(auto machine, Machine::Open(Home("a"), Options(env, "a")));
    return machine->store().Play(Path("song.pkg"), Path("out")).status();
  };
  const std::string before = State(env_, "a");
  const std::string after = StateAfter([&](Env* env) { EXPECT_TRUE(play(env).ok()); });
  ASSERT_NE(before, after);
  uint64_t points = ForEachCrashPoint("play", play, [&](MemEnv* disk, bool completed, uint64_t) {
    const std::string state = State(disk, "a");
    Saw(state == after);
    EXPECT_TRUE(state == before || state == after) << state;
    if (completed) {
      EXPECT_EQ(state, after) << "a completed play was given back";
    }
    if (disk->Stat(Path("out")).ok()) {
      // Content out means the play counted, and the content is whole.
      EXPECT_EQ(state, after) << "content appeared but the play was given back";
      EXPECT_EQ(ReadOrEmpty(disk, Path("out")), plain_) << "partial content";
    }
  });
  Report("play", points);
}

TEST_F(CrashPointTest, DeletingKeepsTheTombstoneSoNoPlayComesBack) {
  auto remove = [&](Env* env) -> Status {
    RELIC_ASSIGN_OR_RETURN(auto machine, Machine::Open(Home("a"), Options(env, "a")));
    return machine->store().DeleteLicense(limited_id_);
  };
  const std::string before = State(env_, "a");
  const std::string after = StateAfter([&](Env* env) { EXPECT_TRUE(remove(env).ok()); });
  ASSERT_NE(before, after);
  uint64_t points =
      ForEachCrashPoint("delete", remove, [&](MemEnv* disk, bool completed, uint64_t) {
        const std::string state = State(disk, "a");
        Saw(state == after);
        EXPECT_TRUE(state == before || state == after) << state;
        if (completed) {
          EXPECT_EQ(state, after) << "a completed delete came back";
        }
        // Adding the license again resumes its secure state: one play used.
        auto machine = Machine::Open(Home("a"), Options(disk, "a"));
        RELIC_ASSERT_OK(machine);
        RELIC_ASSERT_OK((*machine)->store().AddLicense(limited_));
        auto secure = (*machine)->store().GetSecureState(limited_id_);
        RELIC_ASSERT_OK(secure);
        EXPECT_EQ(secure->plays_used, 1u) << "a play was given back";
      });
  Report("delete", points);
}

TEST_F(CrashPointTest, BackupLeavesTheOldSetOrTheNewOneNeverAMixture) {
  auto backup = [&](Env* env) -> Status {
    BackupRequest request;
    request.home = Home("a");
    request.home_options = Options(env, "a");
    request.folder = Path("backups");
    request.overwrite = true;
    request.chunk_size = 1024;
    BackupRun run = RunBackup(request);
    return run.start.ok() ? run.end : run.start;
  };
  // The old set: the two licenses. Then a third license, so the new set
  // differs in what it holds, not only in its random keys.
  RELIC_ASSERT_OK(backup(env_));
  const Bytes old_set = ReadOrEmpty(env_, BackupSetPath(Path("backups")));
  ASSERT_FALSE(old_set.empty());
  {
    auto machine = Machine::Open(Home("a"), Options(env_, "a"));
    RELIC_ASSERT_OK(machine);
    RELIC_ASSERT_OK((*machine)->store().AddLicense(Issue(**machine, Rights{.allow_backup = true})));
  }
  const std::string store = State(env_, "a");
  uint64_t points =
      ForEachCrashPoint("backup", backup, [&](MemEnv* disk, bool completed, uint64_t) {
        auto info = VerifyBackupSet(Path("backups"), disk);
        ASSERT_TRUE(info.ok()) << "the folder holds no complete set: " << info.status().ToString();
        const Bytes set = ReadOrEmpty(disk, BackupSetPath(Path("backups")));
        Saw(set != old_set);
        if (set == old_set) {
          EXPECT_FALSE(completed) << "a completed backup was lost";
          EXPECT_EQ(info->license_count, 2u);
        } else {
          EXPECT_EQ(info->license_count, 3u)
              << "a set that is neither the old nor a complete new one";
        }
        EXPECT_EQ(State(disk, "a"), store) << "backing up changed the store";
      });
  Report("backup", points);
}

TEST_F(CrashPointTest, RestoreWritesAllLicensesOrNoneAndARetryCompletesIt) {
  {
    BackupRequest request;
    request.home = Home("a");
    request.home_options = Options(env_, "a");
    request.folder = Path("backups");
    request.chunk_size = 1024;
    RELIC_ASSERT_OK(RunBackup(request).end);
  }
  // The service is another machine: its ledger lives on its own disk, which
  // does not lose power. A fresh one per trial, so limits never interfere.
  ManualClock lms_clock(kStartTime);
  std::unique_ptr<MemEnv> lms_disk;
  std::unique_ptr<lms::SqliteLedger> ledger;
  std::unique_ptr<lms::Authority> authority;
  auto fresh_service = [&] {
    authority.reset();
    ledger.reset();
    lms_disk = std::make_unique<MemEnv>(&lms_clock);
    ASSERT_TRUE(lms_disk->CreateDir("/lms", 0700).ok());
    auto opened = lms::SqliteLedger::Open(lms_disk.get(), "/lms");
    RELIC_ASSERT_OK(opened);
    ledger = std::move(opened).value();
    lms::LmsIdentity identity;
    identity.encryption = lms_.encryption;
    identity.signing = lms_.signing;
    lms::Policy policy;
    policy.issuers = {issuer_->public_key()};
    authority = std::make_unique<lms::Authority>(identity, ledger.get(), policy, &lms_clock);
  };
  SetLmsClientFactoryForTesting([&](const std::string&) -> Result<std::unique_ptr<LmsClient>> {
    return NewLocalLmsClient(authority.get());
  });
  struct ResetFactory {
    ~ResetFactory() { SetLmsClientFactoryForTesting(nullptr); }
  } reset_factory;

  auto restore = [&](Env* env) -> Status {
    RestoreRequest request;
    request.home = Home("b");
    request.home_options = Options(env, "b");
    request.folder = Path("backups");
    request.individualize = true;
    RestoreRun run = RunRestore(request);
    return run.start.ok() ? run.end : run.start;
  };
  // "Fully new": both licenses on b, with the play used on a.
  auto restored_state = [&](Env* env) {
    auto machine = Machine::Open(Home("b"), Options(env, "b"));
    if (!machine.ok()) return "(no machine: " + machine.status().ToString() + ")";
    std::string out;
    for (const auto& id : {unlimited_id_, limited_id_}) {
      auto secure = (*machine)->store().GetSecureState(id);
      out += secure.ok() ? std::to_string(secure->plays_used) +
                               (secure->license_present ? " present\n" : " tombstone\n")
                         : "absent\n";
    }
    return out;
  };
  fresh_service();
  std::string after;
  {
    auto copy = image_.Copy(&clock_);
    RELIC_ASSERT_OK(restore(copy.get()));
    after = restored_state(copy.get());
  }
  ASSERT_EQ(after, "0 present\n1 present\n");
  uint64_t points = ForEachCrashPoint(
      "restore",
      [&](Env* env) {
        fresh_service();
        return restore(env);
      },
      [&](MemEnv* disk, bool completed, uint64_t) {
        const std::string state = restored_state(disk);
        Saw(state == after);
        if (completed) {
          EXPECT_EQ(state, after) << "a completed restore was lost";
        }
        // All of it, or none: no machine yet, or a machine without them.
        EXPECT_TRUE(state == after || state.starts_with("(no machine") ||
                    state == "absent\nabsent\n")
            << "a partial restore: " << state;
        // Retrying after the reboot completes the restore, with no play
        // given back.
        Status retry = restore(disk);
        RELIC_ASSERT_OK(retry);
        EXPECT_EQ(restored_state(disk), after);
      });
  Report("restore", points);
}

}  // namespace
}  // namespace relic::testing
