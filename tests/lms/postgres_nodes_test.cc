// SPDX-License-Identifier: Apache-2.0
// Several `relic-lms serve` nodes on one PostgreSQL ledger, with real
// `relic restore` clients, as an operator would run them: limits hold
// across nodes, a node killed mid-batch or the database stopped mid-run
// leaves the ledger consistent and a rerun uses nothing more, a SQLite
// ledger moved to PostgreSQL keeps its limits, and every bad --database
// gets a clear error. Needs the ctest run's PostgreSQL cluster (label pg).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "backup/backup_set_codec.h"
#include "backup/backup_set_reader.h"
#include "lms/authority.h"
#include "lms/ledger_schema.h"
#include "lms/lms_identity.h"
#include "lms/pg_connection.h"
#include "lms/postgres_ledger.h"
#include "pg_test_cluster.h"
#include "raw_http.h"
#include "relic/backup.h"
#include "support/cli_runner.h"
#include "support/world.h"

extern char** environ;

namespace relic::testing {
namespace {

using SteadyClock = std::chrono::steady_clock;

pid_t Spawn(const std::vector<std::string>& args, const std::vector<std::string>& env,
            const std::string& stderr_path) {
  std::vector<std::string> a = args;
  std::vector<char*> argv;
  for (auto& s : a) argv.push_back(s.data());
  argv.push_back(nullptr);
  std::vector<std::string> e = env;
  e.push_back("PATH=/usr/bin:/bin");
  if (const char* passfile = std::getenv("PGPASSFILE"))
    e.push_back(std::string("PGPASSFILE=") + passfile);
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

// Whether `pid` has exited, leaving it to WaitExit to reap.
bool Exited(pid_t pid) {
  siginfo_t info{};
  return waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0 ||
         info.si_pid != 0;
}

int WaitExit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// One `relic-lms serve` node on the test's ledger.
class Node {
 public:
  Node(std::string home, std::string database, std::string log, std::string policy,
       std::vector<std::string> flags = {})
      : home_(std::move(home)),
        database_(std::move(database)),
        log_(std::move(log)),
        policy_(std::move(policy)),
        flags_(std::move(flags)) {}
  ~Node() { Kill(); }

  void Start() {
    std::vector<std::string> args = {RELIC_LMS_PATH, "serve",   "--home",   home_,
                                     "--database",   database_, "--listen", "127.0.0.1:0",
                                     "--policy",     policy_};
    args.insert(args.end(), flags_.begin(), flags_.end());
    pid_ = Spawn(args, {}, log_);
    for (int i = 0; i < 800; ++i) {
      std::istringstream in(ReadText(log_));
      std::string line;
      while (std::getline(in, line)) {
        auto at = line.find("serving on http://");
        if (at != std::string::npos) {
          url_ = line.substr(at + 11);
          return;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    FAIL() << "relic-lms serve did not start:\n" << ReadText(log_);
  }
  void Kill() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      WaitExit(pid_);
      pid_ = -1;
    }
  }
  const std::string& url() const { return url_; }
  std::string Log() const { return ReadText(log_); }

 private:
  std::string home_, database_, log_, policy_, url_;
  std::vector<std::string> flags_;
  pid_t pid_ = -1;
};

// Holds a node's decision at a chosen point, so that a test acts while it
// is known to be there rather than after a sleep: a trigger on the
// ledger's placements makes each INSERT statement that meets `condition`
// (SQL over the table and the statement's new rows, `inserted`) wait for
// an advisory lock this connection holds. The test sees the wait in
// pg_locks; Open lets the writer through.
class PlacementGate {
 public:
  static constexpr int kKey = 4242;  // no license's lock (the first 8 bytes of a random ID)

  explicit PlacementGate(const PgTestDatabase& database) : database_(database) {}

  Status Close(const std::string& condition) {
    RELIC_RETURN_IF_ERROR(database_.Exec(
        "CREATE FUNCTION relic_test_gate() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN IF " +
        condition + " THEN PERFORM pg_advisory_xact_lock(" + std::to_string(kKey) +
        "); END IF; RETURN NULL; END$$"));
    RELIC_RETURN_IF_ERROR(database_.Exec(
        "CREATE TRIGGER relic_test_gate AFTER INSERT ON placements REFERENCING NEW TABLE AS "
        "inserted FOR EACH STATEMENT EXECUTE FUNCTION relic_test_gate()"));
    RELIC_ASSIGN_OR_RETURN(holder_, lms::PgConnection::Connect(database_.url(), "the test's gate",
                                                               std::chrono::seconds(10)));
    return holder_->Exec("SELECT pg_advisory_lock(" + std::to_string(kKey) + ")").status();
  }

  // Until a writer waits at the gate (true), or `client` exited or `limit`
  // passed (false).
  Result<bool> WaitForWriter(pid_t client, std::chrono::seconds limit) {
    const auto until = SteadyClock::now() + limit;
    while (SteadyClock::now() < until && !Exited(client)) {
      RELIC_ASSIGN_OR_RETURN(
          lms::PgResult r,
          holder_->Exec("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT "
                        "granted AND classid = 0 AND objid = " +
                        std::to_string(kKey) +
                        " AND database = (SELECT oid FROM pg_database WHERE datname = "
                        "current_database())"));
      if (r.Int(0, 0) > 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  // A count from the ledger, read through the gate's connection.
  Result<int64_t> Count(const std::string& sql) {
    RELIC_ASSIGN_OR_RETURN(lms::PgResult r, holder_->Exec(sql));
    return r.Int(0, 0);
  }

  Status Open() {
    return holder_->Exec("SELECT pg_advisory_unlock(" + std::to_string(kKey) + ")").status();
  }

  // After the server restarted: the lock went with the old connection.
  Status Remove() {
    holder_.reset();
    RELIC_RETURN_IF_ERROR(database_.Exec("DROP TRIGGER relic_test_gate ON placements"));
    return database_.Exec("DROP FUNCTION relic_test_gate()");
  }

 private:
  const PgTestDatabase& database_;
  std::unique_ptr<lms::PgConnection> holder_;
};

size_t CountLines(const std::string& text, const std::string& needle) {
  size_t n = 0;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) n += line.find(needle) != std::string::npos ? 1 : 0;
  return n;
}

class PostgresNodesTest : public ::testing::Test {
 protected:
  // Licenses in the source's backup set: one batch (kMaxIndexEntries) here.
  static constexpr size_t kLicenses = 40;
  virtual size_t LicenseCount() const { return kLicenses; }

  void SetUp() override {
    RELIC_REQUIRE_PG_CLUSTER(cluster);
    cluster_ = cluster;
    database_ = std::make_unique<PgTestDatabase>(*cluster);
    RELIC_ASSERT_OK(database_->status());
    issuer_ = world_.NewIssuer();
    auto source = world_.NewMachine("source");
    ASSERT_TRUE(issuer_ && source);
    RELIC_ASSERT_OK(source->store().TrustIssuer(issuer_->public_key()));
    Kid kid = world_.PackageContent(*issuer_, "song", 1000);
    auto lms = lms::CreateLmsIdentity(world_.env(), world_.Path("lms"));
    RELIC_ASSERT_OK(lms);
    LmsInfo info{lms->public_key(), "http://127.0.0.1:9/unused"};
    std::vector<Bytes> files;
    for (size_t i = 0; i < LicenseCount(); ++i) {
      files.push_back(world_.IssueTo(*issuer_, kid, *source, Rights{.allow_backup = true}, info));
    }
    RELIC_ASSERT_OK(source->store().AddLicenses(files));
    source_id_ = source->machine_id();
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
    Policy(4, 64);
  }

  void Policy(int machines, int per_day) {
    std::ofstream(world_.Path("policy.json"), std::ios::trunc)
        << R"({"max_machines": )" << machines << R"(, "max_new_machines_per_day": )" << per_day
        << R"(, "issuers": [")" << issuer_->public_key().ToString() << R"("]})";
  }

  ProcessResult Lms(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {RELIC_LMS_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    RunOptions options;
    options.timeout = std::chrono::seconds(120);
    return RunProcess(argv, options);
  }

  std::string Url() const { return database_->url(); }

  void Migrate() {
    ProcessResult r = Lms({"migrate", "--database", Url()});
    ASSERT_EQ(r.exit_code, 0) << r.Describe();
  }

  std::unique_ptr<Node> StartNode(const std::string& name,
                                  const std::vector<std::string>& flags = {}) {
    auto node = std::make_unique<Node>(world_.Path("lms"), Url(), world_.Path(name + ".log"),
                                       world_.Path("policy.json"), flags);
    node->Start();
    return node;
  }

  std::vector<std::string> EnvFor(const std::string& machine) {
    std::ofstream(world_.Path("installation-" + machine)) << InstallationId(machine);
    return {"RELIC_HOME=" + world_.Home(machine),
            "RELIC_MACHINE_ID_FILE=" + world_.Path("installation-" + machine),
            "RELIC_TRUST_DIR=" + world_.Path("trust"), "HOME=" + world_.Path("")};
  }

  pid_t StartRestore(const std::string& machine, const std::string& url) {
    return Spawn(
        {RELIC_CLI_PATH, "restore", world_.Path("backup"), "--individualize", "--lms", url},
        EnvFor(machine), world_.Path("restore-" + machine + ".log"));
  }
  std::string RestoreLog(const std::string& machine) {
    return ReadText(world_.Path("restore-" + machine + ".log"));
  }

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

  // Machines per license, and placements per machine, from the ledger.
  std::map<std::string, size_t> PerLicense(std::map<std::string, size_t>* per_machine = nullptr) {
    auto location = lms::ParseLedgerUrl(Url(), lms::PasswordPolicy::kRefuse);
    EXPECT_TRUE(location.ok());
    auto ledger = lms::PostgresLedger::Open(*location, {});
    EXPECT_TRUE(ledger.ok()) << ledger.status().ToString();
    std::map<std::string, size_t> out;
    if (!ledger.ok()) return out;
    EXPECT_TRUE((*ledger)
                    ->ForEachPlacement([&](const lms::Placement& p) {
                      ++out[p.license_id.ToString()];
                      if (per_machine) ++(*per_machine)[p.machine_id];
                    })
                    .ok());
    return out;
  }

  const PgTestCluster* cluster_ = nullptr;
  std::unique_ptr<PgTestDatabase> database_;
  World world_;
  std::unique_ptr<Issuer> issuer_;
  std::string source_id_;
};

TEST_F(PostgresNodesTest, SixtyFourRestoresOverFourNodesGrantExactlyTheMachineLimit) {
  Migrate();
  std::vector<std::unique_ptr<Node>> nodes;
  for (int i = 0; i < 4; ++i) nodes.push_back(StartNode("node" + std::to_string(i)));
  std::vector<pid_t> clients;
  for (int i = 0; i < 64; ++i) {
    clients.push_back(StartRestore("m" + std::to_string(i), nodes[i % 4]->url()));
  }
  int succeeded = 0;
  std::map<int, int> exits;
  for (int i = 0; i < 64; ++i) {
    const int code = WaitExit(clients[i]);
    ++exits[code];
    const size_t stored = Stored("m" + std::to_string(i));
    if (code == 0) {
      ++succeeded;
      EXPECT_EQ(stored, kLicenses) << "m" << i;
    } else {
      // Refused whole: the limit binds every license of the set alike.
      EXPECT_EQ(code, ExitCodeFor(Code::kRestoreFraud)) << RestoreLog("m" + std::to_string(i));
      EXPECT_EQ(stored, 0u) << "m" << i;
    }
  }
  EXPECT_EQ(succeeded, 3);
  EXPECT_EQ(exits[ExitCodeFor(Code::kRestoreFraud)], 61);
  auto per_license = PerLicense();
  EXPECT_EQ(per_license.size(), kLicenses);
  for (const auto& [license, machines] : per_license) EXPECT_EQ(machines, 4u) << license;
}

TEST_F(PostgresNodesTest, ANodeKilledMidBatchLeavesTheLedgerConsistentAndAnotherNodeFinishes) {
  Policy(100000, 100000);  // about crashes, not limits
  Migrate();
  auto a = StartNode("a");
  auto b = StartNode("b");
  // How long one restore takes, to spread the kills over it.
  auto t0 = SteadyClock::now();
  ASSERT_EQ(WaitExit(StartRestore("probe", b->url())), 0) << RestoreLog("probe");
  const auto full = std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - t0);
  std::mt19937 random(4242);
  for (int trial = 0; trial < 6; ++trial) {
    const std::string name = "k" + std::to_string(trial);
    if (trial > 0) a = StartNode("a" + std::to_string(trial));
    pid_t client = StartRestore(name, a->url());
    std::this_thread::sleep_for(
        std::chrono::microseconds(std::uniform_int_distribution<int64_t>(0, full.count())(random)));
    a->Kill();
    const int first = WaitExit(client);
    if (first != 0) {
      EXPECT_EQ(Stored(name), 0u) << "trial " << trial;
    }
    // Rerun through the other node: everything, and no license counted
    // twice for this machine.
    ASSERT_EQ(WaitExit(StartRestore(name, b->url())), 0) << RestoreLog(name);
    EXPECT_EQ(Stored(name), kLicenses);
  }
  std::map<std::string, size_t> per_machine;
  auto per_license = PerLicense(&per_machine);
  for (const auto& [license, machines] : per_license)
    EXPECT_EQ(machines, 8u) << license;  // source, probe, 6 trials
  for (const auto& [machine, count] : per_machine) EXPECT_EQ(count, kLicenses) << machine;
}

TEST_F(PostgresNodesTest, PostgresqlStoppedGivesServiceUnavailableAndARestartRecovers) {
  Migrate();
  auto node = StartNode("node");
  ASSERT_EQ(WaitExit(StartRestore("before", node->url())), 0) << RestoreLog("before");
  RELIC_ASSERT_OK(cluster_->StopServer());
  const int code = WaitExit(StartRestore("during", node->url()));
  Status restarted = cluster_->StartServer();
  RELIC_ASSERT_OK(restarted);
  EXPECT_EQ(code, ExitCodeFor(Code::kServiceUnavailable)) << RestoreLog("during");
  EXPECT_NE(RestoreLog("during").find("service_unavailable"), std::string::npos)
      << RestoreLog("during");
  EXPECT_EQ(Stored("during"), 0u);
  // The node recovers by itself: the same restore now succeeds.
  ASSERT_EQ(WaitExit(StartRestore("during", node->url())), 0) << RestoreLog("during");
  EXPECT_EQ(Stored("during"), kLicenses);
  std::map<std::string, size_t> per_machine;
  for (const auto& [license, machines] : PerLicense(&per_machine)) EXPECT_EQ(machines, 3u);
  for (const auto& [machine, count] : per_machine) EXPECT_EQ(count, kLicenses);
  // One line when the ledger went, one when it came back.
  const std::string log = node->Log();
  size_t lost = 0, pos = 0;
  while ((pos = log.find("relic-lms: the ledger is unreachable", pos)) != std::string::npos) {
    ++lost;
    ++pos;
  }
  EXPECT_EQ(lost, 1u) << log;
  EXPECT_NE(log.find("relic-lms: the ledger at " + Url() + " is reachable again"),
            std::string::npos)
      << log;
}

// A node of one ledger connection whose connection is held by a restore
// waiting in the ledger: a second restore's request gets no connection
// within the acquire timeout and is answered 503 busy, each time the
// client tries; the client reports service_unavailable and stores nothing;
// the node logs one line for all of them. Once the first restore is let
// through, both succeed and nothing is counted twice.
TEST_F(PostgresNodesTest, ARequestThatGetsNoPooledConnectionInTimeGets503) {
  Migrate();
  PlacementGate gate(*database_);
  RELIC_ASSERT_OK(gate.Close("true"));
  auto node = StartNode("node", {"--ledger-pool-size", "1", "--ledger-acquire-timeout-ms", "200"});
  pid_t held = StartRestore("held", node->url());
  auto waiting = gate.WaitForWriter(held, std::chrono::seconds(60));
  RELIC_ASSERT_OK(waiting);
  ASSERT_TRUE(*waiting) << RestoreLog("held") << node->Log();

  // The held restore has the node's only connection until the gate opens.
  const int turned = WaitExit(StartRestore("turned", node->url()));
  EXPECT_EQ(turned, ExitCodeFor(Code::kServiceUnavailable)) << RestoreLog("turned");
  // What the user reads: the service was busy each of the three times.
  EXPECT_NE(RestoreLog("turned").find(
                "(it answered HTTP 503: the License Management Service could not handle the "
                "request (busy); try again later"),
            std::string::npos)
      << RestoreLog("turned");
  EXPECT_NE(RestoreLog("turned").find(", 3 attempts); check that the License Management Service"),
            std::string::npos)
      << RestoreLog("turned");
  EXPECT_EQ(Stored("turned"), 0u);
  RELIC_ASSERT_OK(gate.Open());
  ASSERT_EQ(WaitExit(held), 0) << RestoreLog("held");
  EXPECT_EQ(Stored("held"), kLicenses);

  const std::string log = node->Log();
  // The client asks three times; each request is answered 503 busy.
  EXPECT_EQ(CountLines(log, "POST /v1/restore 503 "), 3u) << log;
  EXPECT_EQ(CountLines(log,
                       " busy: every one of this node's 1 ledger connections stayed in use "
                       "for 200 ms; try again"),
            3u)
      << log;
  EXPECT_EQ(CountLines(log,
                       "relic-lms: every one of this node's 1 ledger connections stayed in "
                       "use for 200 ms; answering 503 busy to requests that wait longer "
                       "(raise --ledger-pool-size within PostgreSQL's max_connections, or "
                       "add nodes)"),
            1u)
      << log;

  // With the connection free again, the same restore succeeds.
  ASSERT_EQ(WaitExit(StartRestore("turned", node->url())), 0) << RestoreLog("turned");
  EXPECT_EQ(Stored("turned"), kLicenses);
  std::map<std::string, size_t> per_machine;
  for (const auto& [license, machines] : PerLicense(&per_machine)) EXPECT_EQ(machines, 3u);
  EXPECT_EQ(per_machine.size(), 3u);
  for (const auto& [machine, count] : per_machine) EXPECT_EQ(count, kLicenses) << machine;
}

// A set of two batches: the restore asks for the second while the first
// is already recorded, which is where the database is stopped below.
class PostgresStopMidRestoreTest : public PostgresNodesTest {
 protected:
  static constexpr size_t kBatch = backup::kMaxIndexEntries;  // licenses per request, at most
  static constexpr size_t kTwoBatches = kBatch + 50;
  size_t LicenseCount() const override { return kTwoBatches; }

  // Licenses in the set's first index chunk, the first request's batch: an
  // index chunk also ends at 2 MiB of entries (they carry the licenses'
  // bodies), so it may hold fewer than kBatch.
  size_t FirstBatch() {
    auto reader = backup::BackupSetReader::Open(
        world_.env(), world_.Path("backup") + "/" + backup::kBackupFileName);
    auto identity = lms::OpenLmsIdentity(world_.env(), world_.Path("lms"));
    if (!reader.ok() || !identity.ok()) return 0;
    const backup::HeaderCore& core = (*reader)->core();
    auto sealed = (*reader)->SealedMaster(0);
    if (!sealed.ok()) return 0;
    auto plain = crypto::Unseal(identity->encryption, *sealed);
    if (!plain.ok()) return 0;
    auto master = backup::DecodeMaster(*plain);
    if (!master.ok()) return 0;
    size_t count = 0;
    Status scanned = (*reader)->ScanSections(
        backup::SectionKind::kIndex, 0, 0,
        [&](const backup::BackupSetReader::Section&, ByteView payload) -> Result<bool> {
          RELIC_ASSIGN_OR_RETURN(
              Bytes index,
              crypto::AeadDecrypt(backup::IndexKey(master->master, core.set_id), payload,
                                  backup::IndexAssociatedData(core.set_id, 0, 0)));
          RELIC_ASSIGN_OR_RETURN(auto entries, backup::DecodeIndexEntries(index, core.version));
          count = entries.size();
          return false;
        });
    return scanned.ok() ? count : 0;
  }
};

// PostgreSQL stops while a real `relic restore` is in flight, after the
// service recorded its first batch and while it decides the second: the
// client gets service_unavailable and the target store is as it was; with
// PostgreSQL back, the same restore succeeds, and the ledger holds one
// placement per license on the target (the first batch is not counted
// twice). Stopping the ctest run's cluster is safe: every pg test holds
// the pg_server resource lock (tests/lms/CMakeLists.txt), so none runs
// beside this one.
TEST_F(PostgresStopMidRestoreTest,
       PostgresqlStoppedBetweenBatchesFailsTheRestoreWholeAndARerunCountsNothingTwice) {
  // A target with a license of its own, which must survive unchanged.
  std::string target_id;
  std::string before;
  {
    auto target = world_.NewMachine("target");
    ASSERT_TRUE(target);
    RELIC_ASSERT_OK(target->store().TrustIssuer(issuer_->public_key()));
    Kid own = world_.PackageContent(*issuer_, "own", 100);
    RELIC_ASSERT_OK(target->store().AddLicenses({world_.IssueTo(*issuer_, own, *target)}));
    target_id = target->machine_id();
    before = Snapshot(target->store());
  }
  ASSERT_EQ(Stored("target"), 1u) << before;
  Migrate();
  // The gate holds any insert of placements made after some were recorded
  // (the source's own rows aside): the second batch's.
  PlacementGate gate(*database_);
  RELIC_ASSERT_OK(
      gate.Close("(SELECT count(*) FROM placements WHERE source = 0) > "
                 "(SELECT count(*) FROM inserted WHERE source = 0)"));
  auto node = StartNode("node");
  pid_t restore = StartRestore("target", node->url());
  auto waiting = gate.WaitForWriter(restore, std::chrono::seconds(120));
  RELIC_ASSERT_OK(waiting);
  ASSERT_TRUE(*waiting) << RestoreLog("target") << node->Log();
  // The first batch is recorded; the second waits in its transaction.
  auto recorded =
      gate.Count("SELECT count(*) FROM placements WHERE machine_id = '" + target_id + "'");
  RELIC_ASSERT_OK(recorded);
  const size_t first_batch = FirstBatch();
  EXPECT_GT(first_batch, 0u);
  EXPECT_LT(first_batch, kTwoBatches);
  EXPECT_EQ(*recorded, static_cast<int64_t>(first_batch));

  RELIC_ASSERT_OK(cluster_->StopServer());
  const int code = WaitExit(restore);
  Status restarted = cluster_->StartServer();
  RELIC_ASSERT_OK(restarted);
  EXPECT_EQ(code, ExitCodeFor(Code::kServiceUnavailable)) << RestoreLog("target");
  EXPECT_NE(RestoreLog("target").find("service_unavailable"), std::string::npos)
      << RestoreLog("target");
  {
    auto target = world_.OpenMachine("target");
    ASSERT_TRUE(target);
    EXPECT_EQ(Snapshot(target->store()), before);
  }
  RELIC_ASSERT_OK(gate.Remove());

  // The node recovers by itself; the same restore now succeeds.
  ASSERT_EQ(WaitExit(StartRestore("target", node->url())), 0) << RestoreLog("target");
  EXPECT_EQ(Stored("target"), kTwoBatches + 1);
  std::map<std::string, size_t> per_machine;
  auto per_license = PerLicense(&per_machine);
  EXPECT_EQ(per_license.size(), kTwoBatches);
  for (const auto& [license, machines] : per_license) EXPECT_EQ(machines, 2u) << license;
  EXPECT_EQ(per_machine[target_id], kTwoBatches);
  EXPECT_EQ(per_machine[source_id_], kTwoBatches);
  EXPECT_EQ(per_machine.size(), 2u);
  const std::string log = node->Log();
  EXPECT_EQ(CountLines(log, "relic-lms: the ledger is unreachable"), 1u) << log;
}

TEST_F(PostgresNodesTest, ReadyzFollowsTheLedgerWhileHealthzStaysUp) {
  Migrate();
  auto node = StartNode("node");
  const int port = std::stoi(node->url().substr(node->url().rfind(':') + 1));
  auto get = [&](const std::string& path) -> std::string {
    RawConnection c(port);
    if (!c.ok() || !c.Send("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) {
      return "no connection";
    }
    auto r = c.ReadResponse(std::chrono::seconds(20));
    return r ? std::to_string(r->status) + " " + r->body : "no response";
  };
  EXPECT_EQ(get("/readyz"), "200 ready\n");
  RELIC_ASSERT_OK(cluster_->StopServer());
  EXPECT_EQ(get("/readyz"), "503 not ready: the ledger cannot be reached\n");
  EXPECT_EQ(get("/healthz"), "200 ok\n");
  RELIC_ASSERT_OK(cluster_->StartServer());
  EXPECT_EQ(get("/readyz"), "200 ready\n");
}

TEST_F(PostgresNodesTest, ASqliteLedgerNearItsLimitsMovesToPostgresqlAndKeepsThem) {
  // Source and two targets on the embedded ledger: one machine short.
  ASSERT_EQ(Lms({"migrate", "--home", world_.Path("lms")}).exit_code, 0);
  {
    Node sqlite_node(world_.Path("lms"), "sqlite:", world_.Path("sqlite.log"),
                     world_.Path("policy.json"));
    sqlite_node.Start();
    for (const char* m : {"s1", "s2"}) {
      ASSERT_EQ(WaitExit(StartRestore(m, sqlite_node.url())), 0) << RestoreLog(m);
    }
  }
  ProcessResult exported = Lms({"export-ledger", "--home", world_.Path("lms")});
  ASSERT_EQ(exported.exit_code, 0) << exported.Describe();
  // With the two restores' used challenges, which move too (each restore
  // of these licenses is one request).
  EXPECT_EQ(exported.err, "relic-lms: exported " + std::to_string(3 * kLicenses + 2) +
                              " rows (placements: " + std::to_string(3 * kLicenses) +
                              ", challenges: 2, refusals: 0, audit: 0)\n");
  std::ofstream(world_.Path("ledger.jsonl")) << exported.out;
  Migrate();
  RunOptions options;
  options.timeout = std::chrono::seconds(120);
  ProcessResult imported =
      RunProcess({"/bin/sh", "-c",
                  std::string("exec '") + RELIC_LMS_PATH + "' import-ledger --database '" + Url() +
                      "' < '" + world_.Path("ledger.jsonl") + "'"},
                 options);
  ASSERT_EQ(imported.exit_code, 0) << imported.Describe();
  const std::string rows = std::to_string(3 * kLicenses + 2);
  EXPECT_EQ(imported.out,
            "Imported " + rows + " rows of " + rows + " (0 were in the ledger already).\n");

  auto node = StartNode("pg");
  ASSERT_EQ(WaitExit(StartRestore("fourth", node->url())), 0) << RestoreLog("fourth");
  EXPECT_EQ(WaitExit(StartRestore("fifth", node->url())), ExitCodeFor(Code::kRestoreFraud))
      << RestoreLog("fifth");
  EXPECT_EQ(Stored("fifth"), 0u);
  for (const auto& [license, machines] : PerLicense()) EXPECT_EQ(machines, 4u) << license;
}

TEST_F(PostgresNodesTest, EveryBadDatabaseGetsAClearError) {
  auto failed = [](const ProcessResult& r, Code code, const std::string& message) {
    return r.exit_code == ExitCodeFor(code) && r.err == "relic-lms: " + message + "\n"
               ? ::testing::AssertionSuccess()
               : ::testing::AssertionFailure() << "expected \"" << message << "\"\n"
                                               << r.Describe();
  };
  // An empty database: migrate first.
  EXPECT_TRUE(failed(
      Lms({"serve", "--home", world_.Path("lms"), "--database", Url(), "--listen", "127.0.0.1:0"}),
      Code::kNotInitialized,
      "the ledger in " + Url() + " has schema version 0 and this relic-lms needs " +
          std::to_string(lms::LatestLedgerSchemaVersion()) +
          "; run `relic-lms migrate --database URL` first"));
  // Malformed.
  ProcessResult malformed = Lms({"ledger", "--database", "postgresql://[::1/relic"});
  EXPECT_EQ(malformed.exit_code, ExitCodeFor(Code::kInvalidArgument)) << malformed.Describe();
  EXPECT_TRUE(
      malformed.err.starts_with("relic-lms: the database URL postgresql://[::1/relic is "
                                "malformed ("))
      << malformed.err;
  // A wrong password, from a password file as an operator keeps it.
  const std::string wrong = world_.Path("wrong.pgpass");
  {
    std::ofstream(wrong) << cluster_->host() << ":" << cluster_->port()
                         << ":*:relic:not-the-password\n";
  }
  std::filesystem::permissions(
      wrong, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  // libpq's passfile parameter names the file (not a password), as
  // PGPASSFILE would.
  const std::string with_passfile = Url() + "?passfile=" + wrong;
  ProcessResult denied = Lms({"migrate", "--database", with_passfile});
  EXPECT_EQ(denied.exit_code, ExitCodeFor(Code::kPermissionDenied)) << denied.Describe();
  EXPECT_TRUE(
      denied.err.starts_with("relic-lms: PostgreSQL refused the credentials for the "
                             "ledger at " +
                             with_passfile + " ("))
      << denied.err;
  EXPECT_NE(denied.err.find("check the user in the URL and the password in the password file"),
            std::string::npos);
  EXPECT_EQ(denied.err.find("not-the-password"), std::string::npos);
  // A database that is not a ledger.
  RELIC_ASSERT_OK(database_->Exec("CREATE TABLE invoices(id int PRIMARY KEY)"));
  const std::string not_ledger =
      "the database at " + Url() +
      " is not a relic ledger (it has tables, none of them a ledger's); point --database at a "
      "database of its own, created empty for the ledger";
  EXPECT_TRUE(failed(Lms({"migrate", "--database", Url()}), Code::kCorrupt, not_ledger));
  EXPECT_TRUE(failed(Lms({"ledger", "--database", Url()}), Code::kCorrupt, not_ledger));
  RELIC_ASSERT_OK(database_->Exec("DROP TABLE invoices"));
  // A newer schema.
  Migrate();
  const int newer = lms::LatestLedgerSchemaVersion() + 1;
  RELIC_ASSERT_OK(database_->Exec("INSERT INTO relic_ledger_schema VALUES (" +
                                  std::to_string(newer) + ", 0, 'from the future')"));
  const std::string newer_message =
      "the ledger in " + Url() + " has schema version " + std::to_string(newer) +
      ", newer than this relic-lms knows (" + std::to_string(newer - 1) +
      "); a newer relic-lms migrated it: run that version, or upgrade this one";
  EXPECT_TRUE(failed(
      Lms({"serve", "--home", world_.Path("lms"), "--database", Url(), "--listen", "127.0.0.1:0"}),
      Code::kUnsupportedVersion, newer_message));
  EXPECT_TRUE(
      failed(Lms({"migrate", "--database", Url()}), Code::kUnsupportedVersion, newer_message));
  // No such database.
  const std::string missing = cluster_->Url("no_such_ledger");
  ProcessResult absent = Lms({"ledger", "--database", missing});
  EXPECT_EQ(absent.exit_code, ExitCodeFor(Code::kNotFound)) << absent.Describe();
  EXPECT_NE(absent.err.find("create it (createdb) and run `relic-lms migrate --database URL`"),
            std::string::npos)
      << absent.err;
}

}  // namespace
}  // namespace relic::testing
