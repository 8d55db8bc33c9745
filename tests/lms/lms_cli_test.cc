// SPDX-License-Identifier: Apache-2.0
// `relic-lms` as an operator runs it: `serve` as a child process (plain
// HTTP on loopback and HTTPS with a certificate made by openssl), and the
// `ledger` and `release` commands.
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "lms_world.h"
#include "relic/rights.h"
#include "restore/lms_client.h"
#include "serve_process.h"
#include "support/cli_runner.h"

namespace relic::testing {
namespace {

using Json = nlohmann::json;
using std::chrono::milliseconds;

class LmsCliTest : public ::testing::Test {
 protected:
  std::string Path(const std::string& name) { return lms_.world().Path(name); }
  const std::string& home() { return lms_.lms_home(); }

  ProcessResult Lms(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {RELIC_LMS_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    RunOptions options;
    options.timeout = std::chrono::seconds(60);
    return RunProcess(argv, options);
  }

  // A failure as the CLI reports it: the code's exit code, nothing on
  // stdout, one "relic-lms: " line on stderr containing `needle`.
  static ::testing::AssertionResult FailedWith(const ProcessResult& r, Code code,
                                               const std::string& needle = "") {
    if (r.exit_code != ExitCodeFor(code) || !r.out.empty() || r.ErrLines().size() != 1 ||
        !r.ErrLines()[0].starts_with("relic-lms: ") || r.err.find(needle) == std::string::npos) {
      return ::testing::AssertionFailure()
             << "expected exit " << ExitCodeFor(code) << " with \"" << needle << "\"\n"
             << r.Describe();
    }
    return ::testing::AssertionSuccess();
  }

  static std::unique_ptr<LmsClient> Client(const std::string& url, const std::string& ca = "",
                                           int attempts = 2) {
    HttpClientOptions options;
    options.attempts = attempts;
    options.ca_file = ca;
    auto client = NewHttpLmsClient(url, options);
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return client.ok() ? std::move(client).value() : nullptr;
  }

  // A whole restore for `target` through `client`; the answer, or the error.
  Result<lms::Signed> Restore(LmsClient& client, Machine& target) {
    RELIC_ASSIGN_OR_RETURN(auto challenge, client.Challenge());
    return client.Restore(lms_.BuildRequest(target, challenge));
  }

  LmsWorld lms_;
};

TEST_F(LmsCliTest, ServesOnAFreePortAndStopsOnSigterm) {
  ServeProcess serve({"serve", "--home", home(), "--listen", "127.0.0.1:0"}, Path("serve.err"));
  const std::string url = serve.WaitReady();
  ASSERT_TRUE(url.starts_with("http://127.0.0.1:")) << serve.Stderr();
  EXPECT_NE(url, "http://127.0.0.1:0");

  auto client = Client(url);
  auto target = lms_.NewTarget("target");
  auto answer = Restore(*client, *target);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_TRUE(lms_.AnswerIsValidFor(*answer, *target, lms_.license_count()));
  // The same machine again: granted again, using up nothing more.
  auto again = Restore(*client, *target);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(lms_.AnswerIsValidFor(*again, *target, lms_.license_count()));

  EXPECT_EQ(serve.Terminate(), 0);
  const std::string err = serve.Stderr();
  EXPECT_NE(err.find(" POST /v1/restore 200 "), std::string::npos) << err;
  EXPECT_NE(err.find(" GET /v1/challenge 200 "), std::string::npos) << err;
  EXPECT_NE(err.find("relic-lms: SIGTERM received, stopping\nrelic-lms: stopped\n"),
            std::string::npos)
      << err;
}

TEST_F(LmsCliTest, LedgerListsPlacementsAndReleaseFreesOne) {
  auto target = lms_.NewTarget("target");
  {
    // Fill the ledger in-process, then let go of it.
    auto authority = lms_.NewAuthority();
    auto challenge = authority->NewChallenge();
    ASSERT_TRUE(challenge.ok());
    ASSERT_TRUE(authority->Authorize(lms_.BuildRequest(*target, *challenge)).ok());
  }
  ProcessResult listed = Lms({"ledger", "--home", home(), "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.Describe();
  Json entries = Json::parse(listed.out);
  ASSERT_TRUE(entries.is_array());
  ASSERT_EQ(entries.size(), 2 * lms_.license_count());  // the source and the target each
  size_t sources = 0;
  std::string a_license;
  for (const auto& e : entries) {
    ASSERT_EQ(e.size(), 5u) << e.dump();
    EXPECT_TRUE(LicenseId::Parse(e.at("license_id").get<std::string>()).ok());
    EXPECT_TRUE(Kid::Parse(e.at("kid").get<std::string>()).ok());
    EXPECT_TRUE(ParseRfc3339(e.at("granted_at").get<std::string>()).ok()) << e.dump();
    const std::string machine = e.at("machine_id").get<std::string>();
    if (e.at("source").get<bool>()) {
      ++sources;
      EXPECT_EQ(machine, lms_.source().machine_id());
    } else {
      EXPECT_EQ(machine, target->machine_id());
      a_license = e.at("license_id").get<std::string>();
    }
  }
  EXPECT_EQ(sources, lms_.license_count());

  ProcessResult text = Lms({"ledger", "--home", home()});
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_TRUE(text.out.starts_with("LICENSE ID")) << text.out;
  EXPECT_NE(text.out.find(target->machine_id()), std::string::npos);

  ProcessResult released =
      Lms({"release", "--home", home(), "--license", a_license, "--machine", target->machine_id()});
  ASSERT_EQ(released.exit_code, 0) << released.Describe();
  EXPECT_NE(released.out.find("Released license " + a_license), std::string::npos);
  EXPECT_EQ(Json::parse(Lms({"ledger", "--home", home(), "--json"}).out).size(),
            2 * lms_.license_count() - 1);

  // Twice: nothing left to free.
  EXPECT_TRUE(FailedWith(
      Lms({"release", "--home", home(), "--license", a_license, "--machine", target->machine_id()}),
      Code::kNotFound, "relic-lms ledger"));
  EXPECT_TRUE(FailedWith(
      Lms({"release", "--home", home(), "--license", "xyz", "--machine", target->machine_id()}),
      Code::kInvalidArgument));
  EXPECT_TRUE(FailedWith(Lms({"ledger", "--home", Path("not-a-home")}), Code::kNotInitialized,
                         "relic-lms init"));
  // An empty ledger is an empty array.
  ASSERT_EQ(Lms({"init", "--home", Path("fresh")}).exit_code, 0);
  EXPECT_EQ(Json::parse(Lms({"ledger", "--home", Path("fresh"), "--json"}).out), Json::array());
}

TEST_F(LmsCliTest, PlainHttpOffLoopbackIsRefusedWithAClearError) {
  ServeProcess serve({"serve", "--home", home(), "--listen", "0.0.0.0:0"}, Path("serve.err"));
  EXPECT_EQ(serve.WaitReady(), "");
  EXPECT_EQ(serve.Wait(), ExitCodeFor(Code::kInvalidArgument));
  const std::string err = serve.Stderr();
  EXPECT_TRUE(err.starts_with("relic-lms: refusing to serve plain HTTP on 0.0.0.0")) << err;
  EXPECT_NE(err.find("--tls-cert"), std::string::npos) << err;
  EXPECT_NE(err.find("reverse proxy"), std::string::npos) << err;
}

TEST_F(LmsCliTest, ServesHttpsWithItsCertificate) {
  const std::string openssl = "/usr/bin/openssl";
  if (!std::filesystem::exists(openssl)) GTEST_SKIP() << "no openssl binary";
  const std::string cert = Path("cert.pem");
  const std::string key = Path("key.pem");
  ProcessResult made = RunProcess(
      {openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
       "-nodes", "-days", "1", "-subj", "/CN=localhost", "-keyout", key, "-out", cert},
      RunOptions{});
  ASSERT_EQ(made.exit_code, 0) << made.Describe();

  ServeProcess serve(
      {"serve", "--home", home(), "--listen", "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key},
      Path("serve.err"));
  const std::string url = serve.WaitReady();
  ASSERT_TRUE(url.starts_with("https://127.0.0.1:")) << serve.Stderr();
  const std::string port = url.substr(url.rfind(':') + 1);
  // The certificate names localhost.
  const std::string named = "https://localhost:" + port;

  auto target = lms_.NewTarget("target");
  auto answer = Restore(*Client(named, cert), *target);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_TRUE(lms_.AnswerIsValidFor(*answer, *target, lms_.license_count()));

  // Without the certificate as a CA, the system's store does not trust it.
  auto untrusted = Client(named, "", 1)->Challenge();
  EXPECT_EQ(untrusted.status().code(), Code::kServiceUnavailable);
  EXPECT_NE(untrusted.status().message().find("does not verify"), std::string::npos)
      << untrusted.status().message();
  // Plain HTTP to the HTTPS port gets nowhere.
  auto plain = Client("http://127.0.0.1:" + port, "", 1)->Challenge();
  EXPECT_FALSE(plain.ok());
  // A missing CA file is the caller's mistake.
  auto no_ca = Client(named, Path("missing.pem"), 1)->Challenge();
  EXPECT_EQ(no_ca.status().code(), Code::kInvalidArgument);

  EXPECT_EQ(serve.Terminate(), 0) << serve.Stderr();
}

TEST_F(LmsCliTest, PolicyFileSetsTheLimits) {
  const std::string policy = Path("policy.json");
  std::ofstream(policy)
      << R"({"max_machines": 2, "refusal_url_prefix": "https://help.example/limits/"})";
  ServeProcess serve({"serve", "--home", home(), "--listen", "127.0.0.1:0", "--policy", policy},
                     Path("serve.err"));
  const std::string url = serve.WaitReady();
  ASSERT_FALSE(url.empty()) << serve.Stderr();
  auto client = Client(url);
  auto first = lms_.NewTarget("first");
  auto second = lms_.NewTarget("second");
  auto granted = Restore(*client, *first);
  ASSERT_TRUE(granted.ok());
  EXPECT_TRUE(lms_.AnswerIsValidFor(*granted, *first, lms_.license_count()));
  // The source and the first target are two machines: the second is refused.
  auto refused = Restore(*client, *second);
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  auto answer = lms::DecodeRestoreAnswer(refused->message);
  ASSERT_TRUE(answer.ok());
  EXPECT_TRUE(answer->granted.empty());
  EXPECT_EQ(answer->refused.size(), lms_.license_count());
  EXPECT_EQ(answer->refusal_url, "https://help.example/limits/machine-limit");
  EXPECT_EQ(serve.Terminate(), 0);

  std::ofstream(Path("bad.json")) << R"({"max_machine": 2})";
  ServeProcess bad(
      {"serve", "--home", home(), "--listen", "127.0.0.1:0", "--policy", Path("bad.json")},
      Path("bad.err"));
  EXPECT_EQ(bad.Wait(), ExitCodeFor(Code::kInvalidArgument));
  EXPECT_NE(bad.Stderr().find("max_machine"), std::string::npos) << bad.Stderr();
}

TEST_F(LmsCliTest, UsageAndSetupErrors) {
  EXPECT_EQ(Lms({}).exit_code, 2);
  // --home may come from the file or the environment too, so its absence
  // is found after parsing.
  EXPECT_TRUE(FailedWith(Lms({"serve"}), Code::kInvalidArgument, "serve needs the service's home"));
  EXPECT_TRUE(FailedWith(Lms({"serve", "--home", home(), "--tls-cert", Path("c")}),
                         Code::kInvalidArgument, "TLS needs both"));
  EXPECT_EQ(Lms({"serve", "--home", home(), "--request-timeout", "0"}).exit_code, 2);
  EXPECT_EQ(Lms({"release", "--home", home(), "--license", "x"}).exit_code, 2);
  EXPECT_TRUE(FailedWith(Lms({"serve", "--home", home(), "--listen", "nonsense"}),
                         Code::kInvalidArgument, "HOST:PORT"));
  EXPECT_TRUE(FailedWith(Lms({"serve", "--home", Path("nothing"), "--listen", "127.0.0.1:0"}),
                         Code::kNotInitialized, "relic-lms init"));
  EXPECT_TRUE(FailedWith(Lms({"serve", "--home", home(), "--listen", "127.0.0.1:0", "--tls-cert",
                              Path("missing.pem"), "--tls-key", Path("missing.key")}),
                         Code::kInvalidArgument, "missing.pem"));
}

}  // namespace
}  // namespace relic::testing
