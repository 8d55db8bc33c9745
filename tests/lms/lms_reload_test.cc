// SPDX-License-Identifier: Apache-2.0
// SIGHUP on a running `relic-lms serve`: a renewed certificate is served
// from then on while restores keep running, none of them failing; a broken
// certificate or policy keeps the old one and the log says why.
#include <signal.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "lms_world.h"
#include "restore/lms_client.h"
#include "serve_process.h"
#include "support/cli_runner.h"

namespace relic::testing {
namespace {

class LmsReloadTest : public ::testing::Test {
 protected:
  std::string Path(const std::string& name) { return lms_.world().Path(name); }

  // A self-signed certificate for localhost and its key, in NAME.pem and
  // NAME.key.
  void MakeCertificate(const std::string& name) {
    ProcessResult made =
        RunProcess({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj",
                    "/CN=localhost", "-keyout", Path(name + ".key"), "-out", Path(name + ".pem")},
                   RunOptions{});
    ASSERT_EQ(made.exit_code, 0) << made.Describe();
  }

  void Install(const std::string& name) {
    std::filesystem::copy_file(Path(name + ".pem"), Path("cert.pem"),
                               std::filesystem::copy_options::overwrite_existing);
    std::filesystem::copy_file(Path(name + ".key"), Path("key.pem"),
                               std::filesystem::copy_options::overwrite_existing);
  }

  // A client that trusts only `ca` and does not retry, so every failure
  // shows.
  static std::unique_ptr<LmsClient> Client(const std::string& url, const std::string& ca) {
    HttpClientOptions options;
    options.attempts = 1;
    options.ca_file = ca;
    auto client = NewHttpLmsClient(url, options);
    EXPECT_TRUE(client.ok()) << client.status().ToString();
    return client.ok() ? std::move(client).value() : nullptr;
  }

  Result<lms::Signed> Restore(LmsClient& client, Machine& target) {
    RELIC_ASSIGN_OR_RETURN(auto challenge, client.Challenge());
    return client.Restore(lms_.BuildRequest(target, challenge));
  }

  LmsWorld lms_;
};

TEST_F(LmsReloadTest, SighupServesTheNewCertificateWithoutFailingARequest) {
  ASSERT_TRUE(std::filesystem::exists("/usr/bin/openssl")) << "the test needs openssl";
  MakeCertificate("old");
  MakeCertificate("new");
  {
    std::ofstream both(Path("both.pem"));
    both << std::ifstream(Path("old.pem")).rdbuf() << std::ifstream(Path("new.pem")).rdbuf();
  }
  Install("old");
  std::ofstream(Path("policy.json"))
      << R"({"max_machines": 4, "issuers": [")" << lms_.IssuerKey().ToString() << R"("]})";
  ServeProcess serve(
      {"serve", "--home", lms_.lms_home(), "--listen", "127.0.0.1:0", "--tls-cert",
       Path("cert.pem"), "--tls-key", Path("key.pem"), "--policy", Path("policy.json")},
      Path("serve.err"));
  const std::string url = serve.WaitReady();
  ASSERT_TRUE(url.starts_with("https://127.0.0.1:")) << serve.Stderr();
  const std::string named = "https://localhost:" + url.substr(url.rfind(':') + 1);
  ASSERT_TRUE(Client(named, Path("old.pem"))->Challenge().ok());
  EXPECT_FALSE(Client(named, Path("new.pem"))->Challenge().ok());

  // A bounded loop of restores (re-restoring onto one machine is always
  // granted) that trusts both certificates, while the certificate changes
  // under it.
  auto target = lms_.NewTarget("target");
  constexpr int kRestores = 60;
  std::atomic<int> done{0};
  std::vector<std::string> failures;
  std::thread loop([&] {
    auto client = Client(named, Path("both.pem"));
    for (int i = 0; i < kRestores; ++i, ++done) {
      auto answer = Restore(*client, *target);
      if (!answer.ok()) failures.push_back(answer.status().ToString());
    }
  });
  while (done < kRestores / 3) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  Install("new");
  ASSERT_TRUE(serve.Signal(SIGHUP));
  EXPECT_TRUE(
      serve.WaitForStderr("relic-lms: SIGHUP: reloaded the certificate " + Path("cert.pem")))
      << serve.Stderr();
  EXPECT_TRUE(serve.WaitForStderr("relic-lms: SIGHUP: reloaded the policy")) << serve.Stderr();
  loop.join();
  EXPECT_EQ(done, kRestores);
  EXPECT_TRUE(failures.empty()) << failures.size() << " failed, the first: " << failures.front();

  // New connections get the new certificate.
  EXPECT_TRUE(Client(named, Path("new.pem"))->Challenge().ok());
  auto old_only = Client(named, Path("old.pem"))->Challenge();
  EXPECT_NE(old_only.status().message().find("does not verify"), std::string::npos)
      << old_only.status().ToString();

  // A broken certificate and a broken policy: the old ones stay, the log
  // says why, and the service keeps answering.
  std::ofstream(Path("cert.pem")) << "not a certificate\n";
  std::ofstream(Path("policy.json")) << R"({"max_machine": 4})";
  ASSERT_TRUE(serve.Signal(SIGHUP));
  EXPECT_TRUE(serve.WaitForStderr("relic-lms: SIGHUP: kept the old certificate: "))
      << serve.Stderr();
  EXPECT_TRUE(serve.WaitForStderr("relic-lms: SIGHUP: kept the old policy: ")) << serve.Stderr();
  const std::string err = serve.Stderr();
  const std::string kept = err.substr(err.find("kept the old certificate"));
  EXPECT_NE(kept.substr(0, kept.find('\n')).find(Path("cert.pem")), std::string::npos) << kept;
  EXPECT_NE(err.find("max_machine"), std::string::npos) << err;
  EXPECT_TRUE(Restore(*Client(named, Path("new.pem")), *target).ok());

  EXPECT_EQ(serve.Terminate(), 0) << serve.Stderr();
}

}  // namespace
}  // namespace relic::testing
