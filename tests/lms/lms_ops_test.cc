// SPDX-License-Identifier: Apache-2.0
// Day-two commands of relic-lms: --version, `key` showing the public key
// and URL again, and root refusing to write into a home the service's own
// user owns.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "lms_world.h"
#include "support/cli_runner.h"

namespace relic::testing {
namespace {

class LmsOpsTest : public ::testing::Test {
 protected:
  std::string Path(const std::string& name) { return lms_.world().Path(name); }

  ProcessResult Lms(const std::vector<std::string>& args, const EnvVars& env = {}) {
    std::vector<std::string> argv = {RELIC_LMS_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    RunOptions options;
    options.env = env;
    options.timeout = std::chrono::seconds(60);
    return RunProcess(argv, options);
  }

  LmsWorld lms_;
};

TEST_F(LmsOpsTest, VersionIsTheBuildsVersion) {
  for (const char* program : {RELIC_LMS_PATH, RELIC_CLI_PATH}) {
    ProcessResult r = RunProcess({program, "--version"}, RunOptions{});
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    EXPECT_EQ(r.out, std::string(RELIC_VERSION_STRING) + "\n") << program;
  }
}

TEST_F(LmsOpsTest, KeyShowsThePublicKeyAndUrlAgain) {
  const std::string key = lms_.lms_key().ToString();
  ProcessResult text = Lms({"key", "--home", lms_.lms_home()});
  ASSERT_EQ(text.exit_code, 0) << text.Describe();
  EXPECT_TRUE(text.out.starts_with("public key: " + key + "\nurl: http://127.0.0.1:8470\n"))
      << text.out;

  // The URL follows the configuration serve runs with: HTTPS with a
  // certificate, the configured address.
  std::ofstream(Path("lms.conf")) << "home = \"" << lms_.lms_home()
                                  << "\"\nlisten = \"[::1]:9443\"\ntls_cert = \"/c.pem\"\n"
                                     "tls_key = \"/k.pem\"\n";
  ProcessResult json = Lms({"key", "--config", Path("lms.conf"), "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.Describe();
  nlohmann::json j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["public_key"], key);
  EXPECT_EQ(j["url"], "https://[::1]:9443");
  // The environment counts as for serve.
  ProcessResult env = Lms({"key", "--json"}, {{"RELIC_LMS_CONFIG", Path("lms.conf")},
                                              {"RELIC_LMS_LISTEN", "localhost:8000"}});
  ASSERT_EQ(env.exit_code, 0) << env.Describe();
  EXPECT_EQ(nlohmann::json::parse(env.out)["url"], "https://localhost:8000");

  ProcessResult missing = Lms({"key", "--home", Path("nothing")});
  EXPECT_EQ(missing.exit_code, ExitCodeFor(Code::kNotInitialized)) << missing.Describe();
  ProcessResult none = Lms({"key"});
  EXPECT_EQ(none.exit_code, ExitCodeFor(Code::kInvalidArgument)) << none.Describe();
  EXPECT_NE(none.err.find("key needs the service's home"), std::string::npos) << none.err;
}

TEST_F(LmsOpsTest, RootRefusesToWriteIntoTheServicesHome) {
  if (::geteuid() != 0) GTEST_SKIP() << "only root can play root on another user's home";
  const std::string home = lms_.lms_home();
  // The home as the package leaves it: owned by the service's user.
  const uid_t service_user = 65534;  // nobody
  for (const auto& entry : std::filesystem::recursive_directory_iterator(home)) {
    ASSERT_EQ(::chown(entry.path().c_str(), service_user, service_user), 0);
  }
  ASSERT_EQ(::chown(home.c_str(), service_user, service_user), 0);
  const auto before = std::distance(std::filesystem::directory_iterator(home),
                                    std::filesystem::directory_iterator());

  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"ledger", "--home", home},
           {"refusals", "--home", home},
           {"audit", "--home", home},
           {"release", "--home", home, "--license", std::string(32, 'a'), "--machine",
            std::string(32, 'b'), "--reason", "ticket 1"},
           {"key", "--home", home}}) {
    ProcessResult r = Lms(args);
    EXPECT_EQ(r.exit_code, ExitCodeFor(Code::kPermissionDenied)) << r.Describe();
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_NE(r.err.find("relic-lms: refusing to run " + args[0] + " as root on " + home +
                         ", which belongs to "),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("run it as that user: sudo -u "), std::string::npos) << r.err;
  }
  // Nothing was created in the home (no ledger, no journal).
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(home),
                          std::filesystem::directory_iterator()),
            before);
}

}  // namespace
}  // namespace relic::testing
