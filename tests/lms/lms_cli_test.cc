// SPDX-License-Identifier: Apache-2.0
// `relic-lms` as an operator runs it: `serve` as a child process (plain
// HTTP on loopback and HTTPS with a certificate made by openssl), and the
// `ledger` and `release` commands.
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "lms/admin_tokens.h"
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

  // A policy file that serves the world's issuer, and nothing else.
  std::string ServedPolicyFile() {
    const std::string path = Path("served-policy.json");
    std::ofstream(path) << R"({"issuers": [")" << lms_.IssuerKey().ToString() << R"("]})";
    return path;
  }

  LmsWorld lms_;
};

TEST_F(LmsCliTest, ServesOnAFreePortAndStopsOnSigterm) {
  ServeProcess serve(
      {"serve", "--home", home(), "--listen", "127.0.0.1:0", "--policy", ServedPolicyFile()},
      Path("serve.err"));
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
  Json page = Json::parse(listed.out);
  EXPECT_TRUE(page.at("next").is_null());
  Json entries = page.at("rows");
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
      Lms({"release", "--home", home(), "--license", a_license, "--machine", target->machine_id(),
           "--reason", "ticket 12", "--operator", "desk"});
  ASSERT_EQ(released.exit_code, 0) << released.Describe();
  EXPECT_NE(released.out.find("Released license " + a_license), std::string::npos);
  EXPECT_NE(released.out.find("(operator desk)"), std::string::npos);
  EXPECT_EQ(Json::parse(Lms({"ledger", "--home", home(), "--json"}).out).at("rows").size(),
            2 * lms_.license_count() - 1);

  // Twice: nothing left to free, and no second audit record.
  EXPECT_TRUE(FailedWith(Lms({"release", "--home", home(), "--license", a_license, "--machine",
                              target->machine_id(), "--reason", "again"}),
                         Code::kNotFound, "nothing was released or recorded"));
  EXPECT_EQ(Json::parse(Lms({"audit", "--home", home(), "--json"}).out).at("rows").size(), 1u);
  EXPECT_TRUE(FailedWith(Lms({"release", "--home", home(), "--license", "xyz", "--machine",
                              target->machine_id(), "--reason", "r"}),
                         Code::kInvalidArgument, "--license"));
  EXPECT_TRUE(FailedWith(Lms({"ledger", "--home", Path("not-a-home")}), Code::kNotInitialized,
                         "relic-lms init"));
  // An empty ledger is an empty page.
  ASSERT_EQ(Lms({"init", "--home", Path("fresh")}).exit_code, 0);
  EXPECT_EQ(Json::parse(Lms({"ledger", "--home", Path("fresh"), "--json"}).out),
            (Json{{"rows", Json::array()}, {"next", nullptr}}));
}

// The support desk's flow: a license at its limit, the refused fifth
// machine found by the reference in its refusal URL, a release with a
// reason, and the audit trail.
TEST_F(LmsCliTest, QueriesRefusalsAndTheAuditTrail) {
  std::vector<std::unique_ptr<Machine>> targets;
  std::string url;
  {
    auto authority = lms_.NewAuthority();
    for (int i = 0; i < 4; ++i) {
      targets.push_back(lms_.NewTarget("t" + std::to_string(i)));
      auto challenge = authority->NewChallenge();
      ASSERT_TRUE(challenge.ok());
      auto answer = authority->Authorize(lms_.BuildRequest(*targets.back(), *challenge));
      ASSERT_TRUE(answer.ok());
      url = lms::DecodeRestoreAnswer(answer->message)->refusal_url;
    }
  }
  // The URL names the refused batch by an opaque reference only.
  const std::string prefix = "https://relic.invalid/restore-limits/machine-limit?ref=";
  ASSERT_TRUE(url.starts_with(prefix)) << url;
  const std::string ref = url.substr(prefix.size());
  EXPECT_EQ(ref.size(), 18u);
  for (const auto& t : targets) EXPECT_EQ(url.find(t->machine_id()), std::string::npos);

  ProcessResult refusals = Lms({"refusals", "--home", home(), "--reference", ref, "--json"});
  ASSERT_EQ(refusals.exit_code, 0) << refusals.Describe();
  Json rows = Json::parse(refusals.out).at("rows");
  ASSERT_EQ(rows.size(), lms_.license_count());
  EXPECT_EQ(rows[0].at("machine_id"), targets[3]->machine_id());
  EXPECT_EQ(rows[0].at("reason"), "machine-limit");
  EXPECT_EQ(rows[0].at("request_id").get<std::string>().size(), 16u);
  const std::string license = rows[0].at("license_id");

  ProcessResult machines = Lms({"ledger", "--home", home(), "--license", license});
  ASSERT_EQ(machines.exit_code, 0) << machines.Describe();
  EXPECT_EQ(std::count(machines.out.begin(), machines.out.end(), '\n'), 5);  // header and 4
  EXPECT_NE(machines.out.find(targets[2]->machine_id()), std::string::npos);
  ProcessResult on_machine =
      Lms({"ledger", "--home", home(), "--machine", targets[0]->machine_id(), "--json"});
  EXPECT_EQ(Json::parse(on_machine.out).at("rows").size(), lms_.license_count());

  // Paging: one row at a time, each page naming the next.
  ProcessResult first = Lms({"ledger", "--home", home(), "--license", license, "--limit", "3"});
  ASSERT_EQ(first.exit_code, 0);
  const size_t more = first.out.find("More rows follow: add --after ");
  ASSERT_NE(more, std::string::npos) << first.out;
  std::string cursor = first.out.substr(more + 30);
  cursor = cursor.substr(0, cursor.find('\n'));
  ProcessResult second = Lms({"ledger", "--home", home(), "--license", license, "--limit", "3",
                              "--after", cursor, "--json"});
  ASSERT_EQ(second.exit_code, 0) << second.Describe();
  EXPECT_EQ(Json::parse(second.out).at("rows").size(), 1u);
  EXPECT_TRUE(Json::parse(second.out).at("next").is_null());

  ProcessResult released =
      Lms({"release", "--home", home(), "--license", license, "--machine", targets[1]->machine_id(),
           "--reason", "ticket 4711: <b>stolen</b>", "--operator", "alice", "--json"});
  ASSERT_EQ(released.exit_code, 0) << released.Describe();
  Json audit = Json::parse(released.out);
  EXPECT_EQ(audit.at("operator"), "alice");
  EXPECT_EQ(audit.at("reason"), "ticket 4711: <b>stolen</b>");
  EXPECT_TRUE(audit.at("request_id").get<std::string>().starts_with("cli-"));
  ProcessResult trail = Lms({"audit", "--home", home(), "--license", license});
  ASSERT_EQ(trail.exit_code, 0);
  EXPECT_NE(trail.out.find("alice"), std::string::npos) << trail.out;
  EXPECT_NE(trail.out.find("ticket 4711: <b>stolen</b>"), std::string::npos);
  EXPECT_NE(Lms({"audit", "--home", home(), "--since", "2100-01-01T00:00:00Z"})
                .out.find("No audit record"),
            std::string::npos);
}

TEST_F(LmsCliTest, QueriesRejectBadInputWithAClearError) {
  ASSERT_EQ(Lms({"ledger", "--home", home()}).exit_code, 0);
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"ledger", "--license", "xyz"}, "--license: "},
      {{"ledger", "--kid", "nope"}, "--kid: "},
      {{"ledger", "--machine", "ABCDEF"}, "--machine: a machine ID is 32 lower-case hex digits"},
      {{"ledger", "--since", "yesterday"}, "--since: "},
      {{"ledger", "--since", "2027-02-30T00:00:00Z"}, "--since: "},
      {{"ledger", "--limit", "0"}, "--limit must be between 1 and 10000"},
      {{"ledger", "--after", "bogus"}, "paging cursor"},
      {{"refusals", "--after", lms::EncodeCursor(1, "abc")}, "another kind of list"},
      {{"audit", "--kid", "3q2+7wAAAAAAAAAAAAAAAA=="}, "cannot be filtered by KID"},
      {{"release", "--license", std::string(32, 'a'), "--machine", "x", "--reason", "r"},
       "--machine: "},
      {{"release", "--license", std::string(32, 'a'), "--machine", std::string(32, 'b'), "--reason",
        "two\nlines"},
       "--reason: "},
      {{"release", "--license", std::string(32, 'a'), "--machine", std::string(32, 'b'), "--reason",
        "r", "--operator", "<script>"},
       "--operator: "},
      {{"admin-token", "--name", "a b"}, "--name: "}};
  for (const auto& [args, needle] : cases) {
    std::vector<std::string> argv = args;
    if (argv[0] != "admin-token") argv.insert(argv.begin() + 1, {"--home", home()});
    EXPECT_TRUE(FailedWith(Lms(argv), Code::kInvalidArgument, needle)) << args[0] << " " << needle;
  }
  // A missing --reason is a usage error: a release is never unexplained.
  EXPECT_EQ(Lms({"release", "--home", home(), "--license", std::string(32, 'a'), "--machine",
                 std::string(32, 'b')})
                .exit_code,
            2);
}

TEST_F(LmsCliTest, AdminTokenPrintsATokenAndItsLine) {
  ProcessResult r = Lms({"admin-token", "--name", "alice", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  Json j = Json::parse(r.out);
  EXPECT_EQ(j.at("operator"), "alice");
  EXPECT_EQ(j.at("line"), lms::AdminTokenLine("alice", j.at("token")));
}

TEST_F(LmsCliTest, TheConsoleIsNeverPlainHttpOffLoopback) {
  ProcessResult token = Lms({"admin-token", "--name", "alice", "--json"});
  std::ofstream(Path("tokens")) << Json::parse(token.out).at("line").get<std::string>() << "\n";
  ServeProcess serve({"serve", "--home", home(), "--listen", "127.0.0.1:0", "--admin-tokens",
                      Path("tokens"), "--admin-listen", "0.0.0.0:0"},
                     Path("serve.err"));
  EXPECT_EQ(serve.WaitReady(), "");
  EXPECT_EQ(serve.Wait(), ExitCodeFor(Code::kInvalidArgument));
  EXPECT_TRUE(serve.Stderr().starts_with(
      "relic-lms: refusing to serve the operator console over plain HTTP on 0.0.0.0"))
      << serve.Stderr();

  ServeProcess ok({"serve", "--home", home(), "--listen", "127.0.0.1:0", "--admin-tokens",
                   Path("tokens"), "--admin-listen", "127.0.0.1:0"},
                  Path("serve2.err"));
  ASSERT_NE(ok.WaitReady(), "") << ok.Stderr();
  EXPECT_NE(ok.Stderr().find("relic-lms: operator console on http://127.0.0.1:"),
            std::string::npos);
  EXPECT_EQ(ok.Terminate(), 0);
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

  ServeProcess serve({"serve", "--home", home(), "--listen", "127.0.0.1:0", "--tls-cert", cert,
                      "--tls-key", key, "--policy", ServedPolicyFile()},
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
      << R"({"max_machines": 2, "refusal_url_prefix": "https://help.example/limits/", )"
      << R"("issuers": [")" << lms_.IssuerKey().ToString() << R"("]})";
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
  EXPECT_TRUE(answer->refusal_url.starts_with("https://help.example/limits/machine-limit?ref=rf"))
      << answer->refusal_url;
  EXPECT_EQ(serve.Terminate(), 0);

  std::ofstream(Path("bad.json")) << R"({"max_machine": 2})";
  ServeProcess bad(
      {"serve", "--home", home(), "--listen", "127.0.0.1:0", "--policy", Path("bad.json")},
      Path("bad.err"));
  EXPECT_EQ(bad.Wait(), ExitCodeFor(Code::kInvalidArgument));
  EXPECT_NE(bad.Stderr().find("max_machine"), std::string::npos) << bad.Stderr();
}

// Adversary A3 (a stranger's issuer): a service whose policy lists no
// issuers restores nothing, says so when it starts, and refuses each license
// as untrusted_issuer with nothing recorded; a bad list does not start.
TEST_F(LmsCliTest, AServiceRestoresOnlyTheIssuersItsPolicyLists) {
  ServeProcess serve({"serve", "--home", home(), "--listen", "127.0.0.1:0"}, Path("serve.err"));
  const std::string url = serve.WaitReady();
  ASSERT_FALSE(url.empty()) << serve.Stderr();
  auto target = lms_.NewTarget("target");
  auto refused = Restore(*Client(url), *target);
  EXPECT_EQ(refused.status().code(), Code::kUntrustedIssuer) << refused.status().ToString();
  EXPECT_NE(refused.status().message().find(
                "was issued by " + lms_.IssuerKey().ToString() +
                ", an issuer this License Management Service does not serve; nothing was "
                "granted or used up"),
            std::string::npos)
      << refused.status().message();
  EXPECT_EQ(serve.Terminate(), 0);
  EXPECT_NE(serve.Stderr().find("relic-lms: the policy lists no issuers, so every restore is "
                                "refused (untrusted_issuer): name the issuers whose licenses "
                                "this service restores in the policy's \"issuers\" (docs/lms.md)"),
            std::string::npos)
      << serve.Stderr();
  EXPECT_EQ(Lms({"ledger", "--home", home()}).out.find(target->machine_id()), std::string::npos);

  std::ofstream(Path("bad-issuers.json")) << R"({"issuers": ["rm1.not-an-issuer"]})";
  ServeProcess bad(
      {"serve", "--home", home(), "--listen", "127.0.0.1:0", "--policy", Path("bad-issuers.json")},
      Path("bad.err"));
  EXPECT_EQ(bad.Wait(), ExitCodeFor(Code::kInvalidArgument));
  EXPECT_NE(bad.Stderr().find("\"issuers\" must be a list of issuer public keys"),
            std::string::npos)
      << bad.Stderr();
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
