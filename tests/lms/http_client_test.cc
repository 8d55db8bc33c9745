// SPDX-License-Identifier: Apache-2.0
// The restore engine's HTTP client (NewHttpLmsClient): against the real
// service, and against small fake servers for retries, refusals and answers
// the real service never gives.
#include <chrono>

#include "fake_http_server.h"
#include "restore/lms_client.h"
#include "service_fixture.h"

namespace relic::testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

std::unique_ptr<LmsClient> Client(const std::string& url, int attempts = 3) {
  HttpClientOptions options;
  options.attempts = attempts;
  options.connect_timeout = milliseconds(1000);
  options.request_timeout = milliseconds(3000);
  auto client = NewHttpLmsClient(url, options);
  EXPECT_TRUE(client.ok()) << client.status().ToString();
  return client.ok() ? std::move(client).value() : nullptr;
}

std::string Url(int port, const std::string& path = "") {
  return "http://127.0.0.1:" + std::to_string(port) + path;
}

class HttpClientTest : public ServiceFixture {};

TEST_F(HttpClientTest, RestoresThroughTheRealService) {
  auto client = Client(service_->url());
  ASSERT_TRUE(client);
  auto target = lms_.NewTarget("target");
  auto challenge = client->Challenge();
  ASSERT_TRUE(challenge.ok()) << challenge.status().ToString();
  lms::Signed request = lms_.BuildRequest(*target, *challenge);
  auto answer = client->Restore(request);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_TRUE(lms_.AnswerIsValidFor(*answer, *target, lms_.license_count()));
}

TEST_F(HttpClientTest, TheServicesRefusalsComeBackAsTheirCodes) {
  auto client = Client(service_->url());
  ASSERT_TRUE(client);
  auto target = lms_.NewTarget("target");
  auto other = lms_.NewTarget("other");

  lms::Signed request = lms_.BuildRequest(*target, *client->Challenge());
  ASSERT_TRUE(client->Restore(request).ok());
  auto replay = client->Restore(request);
  EXPECT_EQ(replay.status().code(), Code::kStaleChallenge);
  EXPECT_NE(replay.status().message().find("get a fresh challenge"), std::string::npos);

  auto forged = client->Restore(
      lms_.BuildRequest(*target, *client->Challenge(), Tamper::kSignedByOther, other.get()));
  EXPECT_EQ(forged.status().code(), Code::kBadSignature);

  auto corrupt =
      client->Restore(lms_.BuildRequest(*target, *client->Challenge(), Tamper::kIndexChunk));
  EXPECT_EQ(corrupt.status().code(), Code::kBackupCorrupt);
  EXPECT_NE(corrupt.status().message().find("nothing was granted"), std::string::npos);
}

TEST(HttpClientRetryTest, NothingListeningIsServiceUnavailableAfterEveryAttempt) {
  const int port = UnusedPort();
  const auto start = Clock::now();
  auto challenge = Client(Url(port), 3)->Challenge();
  const auto elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  ASSERT_FALSE(challenge.ok());
  EXPECT_EQ(challenge.status().code(), Code::kServiceUnavailable);
  const std::string& message = challenge.status().message();
  EXPECT_NE(message.find(Url(port)), std::string::npos) << message;
  EXPECT_NE(message.find("running and reachable"), std::string::npos) << message;
  EXPECT_NE(message.find("3 attempts"), std::string::npos) << message;
  // Two backoffs (200 ms, 600 ms) between three refused connections.
  EXPECT_GE(elapsed.count(), 800);
  EXPECT_LT(elapsed.count(), 3000);
}

TEST(HttpClientRetryTest, TriesExactlyAttemptsTimes) {
  for (int attempts : {1, 3, 4}) {
    FakeHttpServer server({""});  // closes every connection unanswered
    auto result = Client(Url(server.port()), attempts)->Challenge();
    EXPECT_EQ(result.status().code(), Code::kServiceUnavailable);
    EXPECT_EQ(server.connections(), attempts);
  }
}

TEST(HttpClientRetryTest, ServerErrorsAreRetriedUntilAnAnswer) {
  const std::string challenge = R"({"challenge":")" + Base64Encode(RandomContent(32)) + R"("})";
  FakeHttpServer server({CannedResponse(503, R"({"error":"busy","message":"x"})"),
                         CannedResponse(500, "<html>oops</html>", "text/html"),
                         CannedResponse(200, challenge)});
  auto result = Client(Url(server.port()), 3)->Challenge();
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(server.connections(), 3);

  FakeHttpServer always_busy({CannedResponse(429, "{}"), CannedResponse(502, "bad gateway")});
  auto busy = Client(Url(always_busy.port()), 2)->Challenge();
  EXPECT_EQ(busy.status().code(), Code::kServiceUnavailable);
  EXPECT_NE(busy.status().message().find("HTTP 502"), std::string::npos);
  EXPECT_EQ(always_busy.connections(), 2);
}

TEST(HttpClientRetryTest, ClientErrorsMapToTheNamedCodeWithoutRetrying) {
  struct Case {
    std::string response;
    Code code;
  };
  const std::vector<Case> cases = {
      {CannedResponse(409, R"({"error":"stale_challenge","message":"get a fresh one"})"),
       Code::kStaleChallenge},
      {CannedResponse(403, R"({"error":"bad_signature","message":"not yours"})"),
       Code::kBadSignature},
      {CannedResponse(422, R"({"error":"backup_corrupt","message":"damaged"})"),
       Code::kBackupCorrupt},
      {CannedResponse(400, R"({"error":"unsupported_version","message":"too new"})"),
       Code::kUnsupportedVersion},
      // Not a relic error: kMalformed.
      {CannedResponse(400, R"({"error":"no_such_code","message":"?"})"), Code::kMalformed},
      {CannedResponse(404, "<html>Not Found</html>", "text/html"), Code::kMalformed},
      {CannedResponse(401, R"({"error":"ok","message":"fine"})"), Code::kMalformed},
  };
  for (const auto& c : cases) {
    FakeHttpServer server({c.response});
    auto result = Client(Url(server.port()))->Challenge();
    EXPECT_EQ(result.status().code(), c.code) << c.response;
    EXPECT_EQ(server.connections(), 1) << c.response;
  }
  FakeHttpServer refusing({CannedResponse(409, R"({"error":"stale_challenge","message":"late"})")});
  auto restore = Client(Url(refusing.port()))->Restore(lms::Signed{Bytes{1, 2, 3}, {}});
  EXPECT_EQ(restore.status().code(), Code::kStaleChallenge);
  EXPECT_EQ(restore.status().message(), "late");
}

// A node answers 503 after it used the request's challenge (its ledger
// connection did not come in time): the retry of the same request is
// refused as stale, which the user must read as the service's failure,
// service_unavailable, not as a replay.
TEST(HttpClientRetryTest, AStaleChallengeOnARetryIsTheFailureBeforeIt) {
  FakeHttpServer server(
      {CannedResponse(503, R"({"error":"busy","message":"x"})"),
       CannedResponse(409, R"({"error":"stale_challenge","message":"already used"})")});
  auto restore = Client(Url(server.port()), 3)->Restore(lms::Signed{Bytes{1, 2, 3}, {}});
  EXPECT_EQ(restore.status().code(), Code::kServiceUnavailable);
  EXPECT_EQ(restore.status().message(),
            "the License Management Service at " + Url(server.port()) +
                " failed (it answered HTTP 503: x) and had used the request's challenge, so its "
                "retry was refused; nothing was restored by it: run the restore again later");
  EXPECT_EQ(server.connections(), 2);
}

TEST(HttpClientRetryTest, MalformedAnswersAreMalformed) {
  for (const std::string& body :
       {std::string("not json"), std::string("{}"), std::string(R"({"challenge":"AAAA"})"),
        std::string(R"({"challenge":5})")}) {
    FakeHttpServer server({CannedResponse(200, body)});
    EXPECT_EQ(Client(Url(server.port()))->Challenge().status().code(), Code::kMalformed) << body;
  }
  for (const std::string& body : {std::string("[]"), std::string(R"({"answer":"AAAA"})"),
                                  std::string(R"({"answer":"AAAA","signature":"AAAA"})")}) {
    FakeHttpServer server({CannedResponse(200, body)});
    EXPECT_EQ(Client(Url(server.port()))->Restore(lms::Signed{}).status().code(), Code::kMalformed)
        << body;
  }
  // Larger than any answer: not read to the end.
  FakeHttpServer huge({CannedResponse(200, std::string(8 << 20, 'a'))});
  EXPECT_EQ(Client(Url(huge.port()))->Restore(lms::Signed{}).status().code(), Code::kMalformed);
  // A redirect is not followed: the URL is wrong.
  FakeHttpServer moved(
      {"HTTP/1.1 301 Moved\r\nLocation: https://elsewhere/\r\nContent-Length: "
       "0\r\n\r\n"});
  auto redirected = Client(Url(moved.port()))->Challenge();
  EXPECT_EQ(redirected.status().code(), Code::kMalformed);
  EXPECT_NE(redirected.status().message().find("https://elsewhere/"), std::string::npos);
}

TEST(HttpClientRetryTest, KeepsThePathOfTheUrl) {
  const std::string challenge = R"({"challenge":")" + Base64Encode(RandomContent(32)) + R"("})";
  FakeHttpServer server({CannedResponse(200, challenge)});
  ASSERT_TRUE(Client(Url(server.port(), "/lms/restore/"))->Challenge().ok());
  ASSERT_TRUE(Client(Url(server.port(), "/lms"))->Challenge().ok());
  ASSERT_TRUE(Client(Url(server.port()))->Challenge().ok());
  EXPECT_EQ(server.targets(), (std::vector<std::string>{"/lms/restore/v1/challenge",
                                                        "/lms/v1/challenge", "/v1/challenge"}));
}

TEST(HttpClientRetryTest, RejectsUrlsItCannotUse) {
  for (const char* url :
       {"", "lms.example.com", "ftp://lms.example.com", "http://", "https://:443", "http://host:0",
        "http://host:99999", "http://host:8x", "http://host:", "http://h/p?q=1", "http://h/#frag",
        "http://user@h/", "http://h o/", "http://[::1/", "http://[zz]:1/",
        // Adversary A2: plain HTTP off this machine would carry requests
        // in the clear.
        "http://lms.example.com", "http://192.0.2.1:8470/"}) {
    auto client = NewHttpLmsClient(url);
    ASSERT_FALSE(client.ok()) << url;
    EXPECT_EQ(client.status().code(), Code::kInvalidArgument) << url;
  }
  for (const char* url : {"http://127.0.0.1:8470", "https://lms.example.com",
                          "https://lms.example.com:8443/restore", "http://[::1]:8470/"}) {
    EXPECT_TRUE(NewHttpLmsClient(url).ok()) << url;
  }
}

}  // namespace
}  // namespace relic::testing
