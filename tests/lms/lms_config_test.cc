// SPDX-License-Identifier: Apache-2.0
// relic-lms's configuration as an operator meets it: every `serve` flag in
// the TOML file and in a RELIC_LMS_* variable, the precedence flag >
// environment > file > default, and each way a file can be wrong.
#include <fstream>
#include <regex>
#include <set>

#include "lms/admin_tokens.h"
#include "lms_world.h"
#include "serve_process.h"
#include "support/cli_runner.h"

namespace relic::testing {
namespace {

class LmsConfigTest : public ::testing::Test {
 protected:
  std::string Path(const std::string& name) { return lms_.world().Path(name); }

  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(Path(name)) << text;
    return Path(name);
  }

  ProcessResult Lms(const std::vector<std::string>& args, const EnvVars& env = {}) {
    std::vector<std::string> argv = {RELIC_LMS_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    RunOptions options;
    options.env = env;
    options.timeout = std::chrono::seconds(60);
    return RunProcess(argv, options);
  }

  // The settings `serve --print-config` reports, key -> value as written.
  std::map<std::string, std::string> Effective(const std::vector<std::string>& flags,
                                               const EnvVars& env = {}) {
    std::vector<std::string> args = {"serve", "--print-config"};
    args.insert(args.end(), flags.begin(), flags.end());
    ProcessResult r = Lms(args, env);
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    std::map<std::string, std::string> out;
    std::istringstream lines(r.out);
    std::string line;
    const std::regex setting(R"(^([a-z_]+) = (.*)$)");
    while (std::getline(lines, line)) {
      std::smatch m;
      if (std::regex_match(line, m, setting)) out[m[1]] = m[2];
    }
    return out;
  }

  // The long flags `serve --help` lists, without --help itself.
  std::set<std::string> HelpFlags() {
    ProcessResult r = Lms({"serve", "--help"});
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    std::set<std::string> flags;
    const std::regex flag(R"(--[a-z][a-z-]*)");
    for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), flag);
         it != std::sregex_iterator(); ++it) {
      if (it->str() != "--help") flags.insert(it->str());
    }
    return flags;
  }

  // FailedWith of lms_cli_test: the exit code, one "relic-lms: " line.
  static ::testing::AssertionResult FailedWith(const ProcessResult& r, Code code,
                                               const std::string& needle) {
    if (r.exit_code != ExitCodeFor(code) || !r.out.empty() || r.ErrLines().size() != 1 ||
        !r.ErrLines()[0].starts_with("relic-lms: ") || r.err.find(needle) == std::string::npos) {
      return ::testing::AssertionFailure()
             << "expected exit " << ExitCodeFor(code) << " with \"" << needle << "\"\n"
             << r.Describe();
    }
    return ::testing::AssertionSuccess();
  }

  LmsWorld lms_;
};

// A value each setting accepts, different from its default, as TOML writes
// it. A flag added to serve without a line here fails the test below.
const std::map<std::string, std::string> kSamples = {
    {"home", "\"/srv/lms\""},
    {"listen", "\"127.0.0.1:9\""},
    {"tls_cert", "\"/etc/c.pem\""},
    {"tls_key", "\"/etc/k.pem\""},
    {"policy", "\"/etc/p.json\""},
    {"request_timeout", "77"},
    {"max_connections", "55"},
    {"ledger_pool_size", "16"},
    {"ledger_acquire_timeout_ms", "500"},
    {"log_format", "\"json\""},
    {"database", "\"postgresql://lms@db.example/relic\""},
    {"admin_tokens", "\"/etc/relic-lms/admin-tokens\""},
    {"admin_listen", "\"127.0.0.1:9471\""},
};

std::string Unquoted(const std::string& value) {
  return value.starts_with("\"") ? value.substr(1, value.size() - 2) : value;
}

std::string EnvName(const std::string& key) {
  std::string name = "RELIC_LMS_" + key;
  for (char& c : name) c = static_cast<char>(std::toupper(c));
  return name;
}

TEST_F(LmsConfigTest, EveryFlagIsSettableInTheFileAndTheEnvironment) {
  std::set<std::string> settings;
  for (const std::string& flag : HelpFlags()) {
    if (flag == "--config" || flag == "--print-config") continue;
    std::string key = flag.substr(2);
    std::replace(key.begin(), key.end(), '-', '_');
    settings.insert(key);
    EXPECT_TRUE(kSamples.contains(key)) << flag << " has no sample value in this test";
  }
  ASSERT_GE(settings.size(), kSamples.size());

  std::string file;
  EnvVars env;
  for (const std::string& key : settings) {
    if (!kSamples.contains(key)) continue;
    file += key + " = " + kSamples.at(key) + "\n";
    env[EnvName(key)] = Unquoted(kSamples.at(key));
  }
  const std::string conf = Write("all.conf", file);
  auto from_file = Effective({"--config", conf});
  auto from_env = Effective({}, env);
  for (const std::string& key : settings) {
    if (!kSamples.contains(key)) continue;
    EXPECT_EQ(from_file[key], kSamples.at(key)) << key << " from the file";
    EXPECT_EQ(from_env[key], kSamples.at(key)) << key << " from " << EnvName(key);
  }
  // The file can also be named by RELIC_LMS_CONFIG.
  EXPECT_EQ(Effective({}, {{"RELIC_LMS_CONFIG", conf}})["max_connections"], "55");
}

TEST_F(LmsConfigTest, AFlagBeatsTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault) {
  const std::string conf = Write("p.conf", "listen = \"127.0.0.1:1111\"\nmax_connections = 11\n");
  const EnvVars env = {{"RELIC_LMS_LISTEN", "127.0.0.1:2222"}};
  EXPECT_EQ(Effective({})["listen"], "\"127.0.0.1:8470\"");
  EXPECT_EQ(Effective({"--config", conf})["listen"], "\"127.0.0.1:1111\"");
  EXPECT_EQ(Effective({"--config", conf}, env)["listen"], "\"127.0.0.1:2222\"");
  auto all = Effective({"--config", conf, "--listen", "127.0.0.1:3333"}, env);
  EXPECT_EQ(all["listen"], "\"127.0.0.1:3333\"");
  // Settings the flag and the environment leave alone still come from the
  // file, then the default.
  EXPECT_EQ(all["max_connections"], "11");
  EXPECT_EQ(all["request_timeout"], "10");
}

TEST_F(LmsConfigTest, ServeRunsOnTheFileAlone) {
  const std::string conf =
      Write("serve.conf", "# the service\nhome = \"" + lms_.lms_home() +
                              "\"\nlisten = \"127.0.0.1:0\"\nlog_format = \"json\"\n");
  ServeProcess serve({"serve", "--config", conf}, Path("serve.err"));
  const std::string url = serve.WaitReady();
  ASSERT_TRUE(url.starts_with("http://127.0.0.1:")) << serve.Stderr();
  EXPECT_EQ(serve.Terminate(), 0);
  // JSON lines from the start.
  EXPECT_TRUE(serve.Stderr().starts_with("{\"time\":")) << serve.Stderr();
}

TEST_F(LmsConfigTest, UnknownKeyBadValueMissingFileAndBadSyntaxAreClearErrors) {
  const std::string unknown =
      Write("unknown.conf", "listen = \"127.0.0.1:0\"\nmax_conections = 3\n");
  const std::string bad = Write("bad.conf", "max_connections = 0\n");
  const std::string word = Write("word.conf", "request_timeout = \"soon\"\n");
  const std::string table = Write("table.conf", "[serve]\nlisten = \"127.0.0.1:0\"\n");
  const std::string syntax = Write("syntax.conf", "listen = \"127.0.0.1:0\n");
  const std::string format = Write("format.conf", "log_format = \"xml\"\n");
  for (const std::vector<std::string>& command : std::vector<std::vector<std::string>>{
           {"serve", "--print-config", "--config"}, {"config", "check"}}) {
    auto run = [&](const std::string& file) {
      std::vector<std::string> args = command;
      args.push_back(file);
      return Lms(args);
    };
    EXPECT_TRUE(FailedWith(run(unknown), Code::kInvalidArgument,
                           "unknown.conf: unknown setting \"max_conections\"; the settings are "
                           "home, database, listen,"));
    EXPECT_TRUE(FailedWith(run(bad), Code::kInvalidArgument,
                           "bad.conf: bad value \"0\" for \"max_connections\""));
    EXPECT_TRUE(FailedWith(run(word), Code::kInvalidArgument,
                           "word.conf: bad value \"soon\" for \"request_timeout\""));
    EXPECT_TRUE(
        FailedWith(run(table), Code::kInvalidArgument, "\"serve\" must be a string or a number"));
    EXPECT_TRUE(FailedWith(run(syntax), Code::kInvalidArgument, "is not a valid TOML file"));
    EXPECT_TRUE(FailedWith(run(format), Code::kInvalidArgument,
                           "format.conf: bad value \"xml\" for \"log_format\""));
    EXPECT_TRUE(FailedWith(run(Path("missing.conf")), Code::kNotFound,
                           "the configuration file " + Path("missing.conf") + " does not exist"));
  }
}

TEST_F(LmsConfigTest, ConfigCheckValidatesWithoutStarting) {
  Write("policy.json", "{\"max_machines\": 9}");
  const std::string good =
      Write("good.conf", "home = \"" + lms_.lms_home() + "\"\npolicy = \"" + Path("policy.json") +
                             "\"\nmax_connections = 8\n");
  ProcessResult ok = Lms({"config", "check", good});
  ASSERT_EQ(ok.exit_code, 0) << ok.Describe();
  EXPECT_NE(ok.out.find("is valid"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("\nmax_connections = 8\n"), std::string::npos) << ok.out;

  // What only a whole check finds: a policy that does not load, TLS with a
  // certificate alone, an address that does not parse, no home at all.
  Write("bad-policy.json", "{\"max_machine\": 9}");
  EXPECT_TRUE(FailedWith(
      Lms({"config", "check",
           Write("c1.conf", "home = \"/h\"\npolicy = \"" + Path("bad-policy.json") + "\"\n")}),
      Code::kInvalidArgument, "max_machine"));
  EXPECT_TRUE(FailedWith(
      Lms({"config", "check", Write("c2.conf", "home = \"/h\"\ntls_cert = \"/c.pem\"\n")}),
      Code::kInvalidArgument, "TLS needs both"));
  EXPECT_TRUE(FailedWith(
      Lms({"config", "check", Write("c3.conf", "home = \"/h\"\nlisten = \"nonsense\"\n")}),
      Code::kInvalidArgument, "HOST:PORT"));
  EXPECT_TRUE(FailedWith(Lms({"config", "check", Write("c4.conf", "listen = \"127.0.0.1:0\"\n")}),
                         Code::kInvalidArgument, "serve needs the service's home"));
  // A bad RELIC_LMS_* variable is the flag's error, and a usage error.
  EXPECT_EQ(Lms({"serve", "--print-config"}, {{"RELIC_LMS_MAX_CONNECTIONS", "0"}}).exit_code, 2);
}

// The PostgreSQL ledger's pool: 8 connections and a 2 s wait unless set,
// and a value outside its bounds is refused, naming the setting and the
// bounds, from a flag, the environment or the file alike.
TEST_F(LmsConfigTest, TheLedgerPoolSettingsHaveDefaultsAndBounds) {
  auto defaults = Effective({});
  EXPECT_EQ(defaults["ledger_pool_size"], "8");
  EXPECT_EQ(defaults["ledger_acquire_timeout_ms"], "2000");
  EXPECT_EQ(Effective({"--ledger-pool-size", "1", "--ledger-acquire-timeout-ms",
                       "30000"})["ledger_pool_size"],
            "1");

  const std::string pool =
      " is not a number of connections from 1 to 1000; every node's connections count against "
      "PostgreSQL's max_connections";
  const std::string wait =
      " is not a number of milliseconds from 10 to 30000; a shorter wait turns brief contention "
      "into 503s, a longer one outlasts the relic client's 30 s";
  struct Bad {
    std::string key, value, why;
  };
  for (const Bad& bad : std::vector<Bad>{{"ledger_pool_size", "0", pool},
                                         {"ledger_pool_size", "1001", pool},
                                         {"ledger_pool_size", "-3", pool},
                                         {"ledger_pool_size", "many", pool},
                                         {"ledger_pool_size", "4294967297", pool},
                                         {"ledger_acquire_timeout_ms", "9", wait},
                                         {"ledger_acquire_timeout_ms", "30001", wait},
                                         {"ledger_acquire_timeout_ms", "2s", wait}}) {
    std::string flag = "--" + bad.key;
    std::replace(flag.begin(), flag.end(), '_', '-');
    const std::string message = flag + ": " + bad.value + bad.why;
    ProcessResult from_flag = Lms({"serve", "--print-config", flag, bad.value});
    EXPECT_EQ(from_flag.exit_code, 2) << from_flag.Describe();
    EXPECT_TRUE(from_flag.err.starts_with(message + "\n")) << from_flag.Describe();
    EXPECT_TRUE(from_flag.out.empty()) << from_flag.Describe();

    ProcessResult from_env = Lms({"serve", "--print-config"}, {{EnvName(bad.key), bad.value}});
    EXPECT_EQ(from_env.exit_code, 2) << from_env.Describe();
    EXPECT_TRUE(from_env.err.starts_with(message + "\n")) << from_env.Describe();

    const bool number = bad.value.find_first_not_of("-0123456789") == std::string::npos;
    const std::string conf =
        Write("pool.conf", bad.key + " = " + (number ? bad.value : "\"" + bad.value + "\"") + "\n");
    EXPECT_TRUE(FailedWith(
        Lms({"config", "check", conf}), Code::kInvalidArgument,
        "pool.conf: bad value \"" + bad.value + "\" for \"" + bad.key + "\": " + message + "\n"));
  }
}

// The operator console's settings are checked like the flags: from the file
// and the environment, plain HTTP off loopback and a bad tokens file are
// refused before anything starts.
TEST_F(LmsConfigTest, TheConsoleSettingsAreCheckedFromTheFileAndTheEnvironment) {
  const std::string tokens =
      Write("tokens", lms::AdminTokenLine("alice", lms::NewAdminToken()) + "\n");
  const std::string conf = Write("console.conf", "home = \"/h\"\nadmin_tokens = \"" + tokens +
                                                     "\"\nadmin_listen = \"127.0.0.1:9471\"\n");
  ProcessResult ok = Lms({"config", "check", conf});
  ASSERT_EQ(ok.exit_code, 0) << ok.Describe();
  EXPECT_NE(ok.out.find("\nadmin_listen = \"127.0.0.1:9471\"\n"), std::string::npos) << ok.out;
  // The environment overrides the file, and is checked as the file is.
  EXPECT_TRUE(FailedWith(
      Lms({"config", "check", conf}, {{"RELIC_LMS_ADMIN_LISTEN", "0.0.0.0:9471"}}),
      Code::kInvalidArgument, "refusing to serve the operator console over plain HTTP on 0.0.0.0"));
  EXPECT_TRUE(
      FailedWith(Lms({"config", "check",
                      Write("c5.conf", "home = \"/h\"\nadmin_tokens = \"" +
                                           Write("bad-tokens", "alice nohash\n") + "\"\n")}),
                 Code::kInvalidArgument, "line 1: the hash does not start with sha256:"));
}

}  // namespace
}  // namespace relic::testing
