// SPDX-License-Identifier: Apache-2.0
// The ledger as an operator handles it with `relic-lms`: --database,
// migrate, export-ledger and import-ledger, and every bad input to them,
// on the embedded SQLite ledger (the PostgreSQL ones are in
// postgres_cli_test.cc).
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "lms/ledger_schema.h"
#include "lms_world.h"
#include "support/cli_runner.h"

namespace relic::testing {
namespace {

using Json = nlohmann::json;

class LedgerCliTest : public ::testing::Test {
 protected:
  std::string Path(const std::string& name) { return lms_.world().Path(name); }
  const std::string& home() { return lms_.lms_home(); }

  ProcessResult Lms(const std::vector<std::string>& args, const std::string& stdin_file = "") {
    std::vector<std::string> argv = {RELIC_LMS_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    RunOptions options;
    options.timeout = std::chrono::seconds(60);
    if (stdin_file.empty()) return RunProcess(argv, options);
    std::string command = "exec";
    for (const auto& a : argv) command += " '" + a + "'";
    command += " < '" + stdin_file + "'";
    return RunProcess({"/bin/sh", "-c", command}, options);
  }

  static ::testing::AssertionResult FailedWith(const ProcessResult& r, Code code,
                                               const std::string& message) {
    if (r.exit_code != ExitCodeFor(code) || !r.out.empty() ||
        r.err != "relic-lms: " + message + "\n") {
      return ::testing::AssertionFailure()
             << "expected exit " << ExitCodeFor(code) << " with \"" << message << "\"\n"
             << r.Describe();
    }
    return ::testing::AssertionSuccess();
  }

  void Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((home() + "/ledger.db").c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }

  // Restores onto `n` new machines; how many were granted everything.
  int RestoreOnto(lms::Authority& authority, int n, const std::string& prefix) {
    int whole = 0;
    for (int i = 0; i < n; ++i) {
      auto target = lms_.NewTarget(prefix + std::to_string(i));
      auto challenge = authority.NewChallenge();
      EXPECT_TRUE(challenge.ok());
      auto answer = authority.Authorize(lms_.BuildRequest(*target, *challenge));
      EXPECT_TRUE(answer.ok()) << answer.status().ToString();
      if (answer.ok() && lms_.AnswerIsValidFor(*answer, *target, lms_.license_count())) ++whole;
    }
    return whole;
  }

  LmsWorld lms_;
};

TEST_F(LedgerCliTest, MigrateCreatesTheLedgerOnceAndSaysSo) {
  ProcessResult first = Lms({"migrate", "--home", home()});
  ASSERT_EQ(first.exit_code, 0) << first.Describe();
  const std::string version = std::to_string(lms::LatestLedgerSchemaVersion());
  EXPECT_EQ(first.out, "Migrated the ledger in " + home() + "/ledger.db to schema version " +
                           version + " (" + version + " migration" + (version == "1" ? "" : "s") +
                           " applied).\n");
  ProcessResult second = Lms({"migrate", "--database", "sqlite:", "--home", home()});
  ASSERT_EQ(second.exit_code, 0) << second.Describe();
  EXPECT_EQ(second.out, "The ledger in " + home() + "/ledger.db is at schema version " + version +
                            " already: nothing to do.\n");
}

TEST_F(LedgerCliTest, ALedgerMovedByExportAndImportKeepsEveryLimit) {
  // Two machines beside the source: one short of the default limit of 4.
  {
    auto authority = lms_.NewAuthority();
    EXPECT_EQ(RestoreOnto(*authority, 2, "before-"), 2);
  }
  lms_.CloseLedger();
  ProcessResult exported = Lms({"export-ledger", "--home", home()});
  ASSERT_EQ(exported.exit_code, 0) << exported.Describe();
  const size_t placements = 3 * lms_.license_count();
  // The two requests' challenges are used and not expired yet: they move
  // too, so that neither request can be replayed against the new ledger.
  const size_t rows = placements + 2;
  EXPECT_EQ(exported.err, "relic-lms: exported " + std::to_string(rows) +
                              " rows (placements: " + std::to_string(placements) +
                              ", challenges: 2, refusals: 0, audit: 0)\n");
  const std::string file = Path("ledger.jsonl");
  std::ofstream(file) << exported.out;

  // Into a new, empty ledger in the same home.
  std::filesystem::remove(home() + "/ledger.db");
  std::filesystem::remove(home() + "/ledger.db-wal");
  std::filesystem::remove(home() + "/ledger.db-shm");
  ASSERT_EQ(Lms({"migrate", "--home", home()}).exit_code, 0);
  ProcessResult imported = Lms({"import-ledger", "--home", home()}, file);
  ASSERT_EQ(imported.exit_code, 0) << imported.Describe();
  EXPECT_EQ(imported.out, "Imported " + std::to_string(rows) + " rows of " + std::to_string(rows) +
                              " (0 were in the ledger already).\n");
  // Again: nothing duplicated.
  ProcessResult again = Lms({"import-ledger", "--home", home()}, file);
  EXPECT_EQ(again.out, "Imported 0 rows of " + std::to_string(rows) + " (" + std::to_string(rows) +
                           " were in the ledger already).\n");
  EXPECT_EQ(Json::parse(Lms({"ledger", "--home", home(), "--json", "--limit", "10000"}).out)
                .at("rows")
                .size(),
            placements);

  // The fourth machine fits; a fifth does not.
  auto authority = lms_.NewAuthority();
  EXPECT_EQ(RestoreOnto(*authority, 1, "after-"), 1);
  auto fifth = lms_.NewTarget("fifth");
  auto challenge = authority->NewChallenge();
  ASSERT_TRUE(challenge.ok());
  auto answer = authority->Authorize(lms_.BuildRequest(*fifth, *challenge));
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  auto decoded = lms::DecodeRestoreAnswer(answer->message);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_TRUE(decoded->granted.empty());
  ASSERT_EQ(decoded->refused.size(), lms_.license_count());
  for (const auto& r : decoded->refused) EXPECT_EQ(r.reason, lms::RefusalReason::kMachineLimit);
}

TEST_F(LedgerCliTest, AnImportThatIsNotAnExportIsRefusedAndChangesNothing) {
  ASSERT_EQ(Lms({"migrate", "--home", home()}).exit_code, 0);
  const std::string file = Path("bad.jsonl");
  std::ofstream(file) << "{\"relic_ledger_export\":1,\"schema_version\":"
                      << lms::LatestLedgerSchemaVersion() << "}\n"
                      << "{\"table\":\"placements\",\"values\":[\"AAAAAAAAAAAAAAAAAAAAAA==\",\"m\","
                         "\"AAAAAAAAAAAAAAAAAAAAAA==\",1,0]}\n"
                      << "{\"table\":\"invoices\",\"values\":[]}\n";
  EXPECT_TRUE(FailedWith(Lms({"import-ledger", "--home", home()}, file), Code::kMalformed,
                         "line 3 of the import names an unknown table invoices; nothing was "
                         "imported (give it what `relic-lms export-ledger` wrote)"));
  EXPECT_EQ(Json::parse(Lms({"ledger", "--home", home(), "--json"}).out).at("rows"), Json::array());

  std::ofstream(file, std::ios::trunc) << "{\"relic_ledger_export\":1,\"schema_version\":99}\n";
  EXPECT_TRUE(FailedWith(
      Lms({"import-ledger", "--home", home()}, file), Code::kUnsupportedVersion,
      "the export comes from a ledger at schema version 99 and this relic-lms writes version " +
          std::to_string(lms::LatestLedgerSchemaVersion()) +
          "; export it with the relic-lms of that version after `relic-lms migrate`, or use the "
          "same version on both sides"));
  std::ofstream(file, std::ios::trunc) << "";
  EXPECT_TRUE(FailedWith(Lms({"import-ledger", "--home", home()}, file), Code::kMalformed,
                         "the import on standard input is empty; give it what `relic-lms "
                         "export-ledger` wrote (relic-lms import-ledger ... < FILE)"));
}

TEST_F(LedgerCliTest, ABadDatabaseUrlIsRefusedWithoutShowingItsPassword) {
  EXPECT_TRUE(FailedWith(Lms({"ledger", "--database", "mysql://ledger.example/relic"}),
                         Code::kInvalidArgument,
                         "--database \"mysql://ledger.example/relic\" is not a ledger URL: use "
                         "sqlite: for the ledger in the home, or "
                         "postgresql://[user@][host][:port][/dbname][?param=value...] "
                         "(docs/lms.md)"));
  const std::string password_message =
      "the database URL postgresql://relic:***@db.example/ledger carries a password, and a "
      "command line is visible to every user of the machine: leave it out and put it in a "
      "password file (PGPASSFILE, ~/.pgpass) or the PGPASSWORD environment variable "
      "(docs/lms.md)";
  for (const char* command : {"serve", "ledger", "migrate", "export-ledger"}) {
    ProcessResult r = Lms(
        {command, "--home", home(), "--database", "postgresql://relic:hunter2@db.example/ledger"});
    EXPECT_TRUE(FailedWith(r, Code::kInvalidArgument, password_message)) << command;
    EXPECT_EQ(r.err.find("hunter2"), std::string::npos);
  }
  ProcessResult param = Lms({"ledger", "--database", "postgres://db.example/l?password=hunter2"});
  EXPECT_EQ(param.exit_code, ExitCodeFor(Code::kInvalidArgument));
  EXPECT_EQ(param.err.find("hunter2"), std::string::npos) << param.err;
  EXPECT_NE(param.err.find("postgres://db.example/l?password=***"), std::string::npos) << param.err;
  EXPECT_TRUE(
      FailedWith(Lms({"ledger", "--database", "sqlite:"}), Code::kInvalidArgument,
                 "--database sqlite: is the ledger in the service's home: give --home DIR"));
}

TEST_F(LedgerCliTest, ALedgerFromANewerVersionIsRefusedAndKept) {
  ASSERT_EQ(Lms({"migrate", "--home", home()}).exit_code, 0);
  const int newer = lms::LatestLedgerSchemaVersion() + 1;
  Sql("INSERT INTO relic_ledger_schema(version, applied_at, description) VALUES (" +
      std::to_string(newer) + ", 0, 'from the future')");
  const std::string message =
      "the ledger in " + home() + "/ledger.db has schema version " + std::to_string(newer) +
      ", newer than this relic-lms knows (" + std::to_string(newer - 1) +
      "); a newer relic-lms migrated it: run that version, or upgrade this one";
  EXPECT_TRUE(FailedWith(Lms({"serve", "--home", home(), "--listen", "127.0.0.1:0"}),
                         Code::kUnsupportedVersion, message));
  EXPECT_TRUE(FailedWith(Lms({"migrate", "--home", home()}), Code::kUnsupportedVersion, message));
  EXPECT_TRUE(FailedWith(Lms({"ledger", "--home", home()}), Code::kUnsupportedVersion, message));
}

TEST_F(LedgerCliTest, AFileThatIsNotALedgerIsRefusedAndKept) {
  Sql("CREATE TABLE invoices(id INTEGER PRIMARY KEY); INSERT INTO invoices VALUES (7)");
  const std::string message =
      home() +
      "/ledger.db is an SQLite database but not a relic ledger (it has other tables); point "
      "relic-lms at its own ledger";
  EXPECT_TRUE(FailedWith(Lms({"serve", "--home", home(), "--listen", "127.0.0.1:0"}),
                         Code::kCorrupt, message));
  EXPECT_TRUE(FailedWith(Lms({"migrate", "--home", home()}), Code::kCorrupt, message));
}

TEST(LedgerSchemaTest, AnOlderLedgerIsSentToMigrate) {
  Status older = lms::CheckLedgerSchemaVersion(lms::LatestLedgerSchemaVersion() - 1, "X",
                                               "relic-lms migrate --database URL");
  EXPECT_EQ(older.code(), Code::kNotInitialized);
  EXPECT_EQ(older.message(), "the ledger in X has schema version " +
                                 std::to_string(lms::LatestLedgerSchemaVersion() - 1) +
                                 " and this relic-lms needs " +
                                 std::to_string(lms::LatestLedgerSchemaVersion()) +
                                 "; run `relic-lms migrate --database URL` first");
  // Versions count up from 1 without gaps, and every table has its key.
  int expected = 1;
  for (const auto& m : lms::LedgerMigrations()) EXPECT_EQ(m.version, expected++);
  for (const auto& t : lms::LedgerTables()) EXPECT_FALSE(t.key.empty()) << t.name;
}

}  // namespace
}  // namespace relic::testing
