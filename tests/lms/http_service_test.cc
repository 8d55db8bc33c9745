// SPDX-License-Identifier: Apache-2.0
// The service's HTTP API, in-process on a loopback port: every endpoint,
// every status code a client can provoke, JSON errors, metrics and logs.
#include <regex>

#include "protocol/http_listen_address.h"
#include "service_fixture.h"

namespace relic::testing {
namespace {

constexpr std::pair<const char*, const char*> kJson{"Content-Type", "application/json"};

class HttpServiceTest : public ServiceFixture {};

TEST_F(HttpServiceTest, ChallengesAreFreshBase64Of32Bytes) {
  auto r = RoundTrip(port(), HttpRequest("GET", "/v1/challenge"));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->head.find("Content-Type: application/json"), std::string::npos);
  EXPECT_NE(Challenge(), Challenge());
}

TEST_F(HttpServiceTest, GoodRequestGetsAnAnswerSignedForTheTarget) {
  EXPECT_TRUE(RestoreSucceeds("target"));
}

TEST_F(HttpServiceTest, ReplayedRequestIsAStaleChallenge) {
  auto target = lms_.NewTarget("target");
  lms::Signed request = lms_.BuildRequest(*target, Challenge());
  ASSERT_EQ(PostRestore(request).status, 200);
  RawResponse replay = PostRestore(request);
  EXPECT_EQ(replay.status, 409);
  EXPECT_EQ(ErrorOf(replay), "stale_challenge");
  // A challenge nobody handed out is stale too.
  RawResponse invented = PostRestore(lms_.BuildRequest(*target, std::array<uint8_t, 32>{7}));
  EXPECT_EQ(invented.status, 409);
}

TEST_F(HttpServiceTest, RequestSignedByAnotherMachineIsForbidden) {
  auto target = lms_.NewTarget("target");
  auto other = lms_.NewTarget("other");
  RawResponse r =
      PostRestore(lms_.BuildRequest(*target, Challenge(), Tamper::kSignedByOther, other.get()));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(ErrorOf(r), "bad_signature");
}

TEST_F(HttpServiceTest, TamperedIndexChunkIsUnprocessable) {
  auto target = lms_.NewTarget("target");
  RawResponse r = PostRestore(lms_.BuildRequest(*target, Challenge(), Tamper::kIndexChunk));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorOf(r), "backup_corrupt");
}

TEST_F(HttpServiceTest, OnlyUncompressedJsonBodiesAreAccepted) {
  for (const std::string& type : std::vector<std::string>{"text/plain", "application/jsonx",
                                                          "application/x-www-form-urlencoded",
                                                          "multipart/form-data; boundary=x"}) {
    RawResponse r = Post("{}", type);
    EXPECT_EQ(r.status, 415) << type;
    EXPECT_EQ(ErrorOf(r), "invalid_argument") << type;
  }
  auto missing = RoundTrip(port(), HttpRequest("POST", "/v1/restore", {}, "{}"));
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(missing->status, 415);
  auto gzip = RoundTrip(
      port(), HttpRequest("POST", "/v1/restore", {kJson, {"Content-Encoding", "gzip"}}, "{}"));
  ASSERT_TRUE(gzip.has_value());
  EXPECT_EQ(gzip->status, 415);
  // Parameters and case do not matter: this one reaches the decoder.
  EXPECT_EQ(Post("{}", "Application/JSON; charset=utf-8").status, 400);
}

TEST_F(HttpServiceTest, WrongMethodOnAKnownPathIsNotAllowed) {
  struct Case {
    const char* method;
    const char* path;
    const char* allow;
  };
  for (const Case& c : {Case{"GET", "/v1/restore", "POST"}, Case{"POST", "/v1/challenge", "GET"},
                        Case{"PUT", "/v1/restore", "POST"}, Case{"DELETE", "/healthz", "GET"},
                        Case{"OPTIONS", "/metrics", "GET"}}) {
    auto r = RoundTrip(port(), HttpRequest(c.method, c.path, {kJson}, "{}"));
    ASSERT_TRUE(r.has_value()) << c.method << " " << c.path;
    EXPECT_EQ(r->status, 405) << c.method << " " << c.path;
    EXPECT_NE(r->head.find(std::string("Allow: ") + c.allow), std::string::npos) << r->head;
  }
}

TEST_F(HttpServiceTest, UnknownPathIsNotFound) {
  for (const char* path : {"/", "/v1", "/v2/restore", "/v1/restore/", "/v1/challenge?x=1/.."}) {
    auto r = RoundTrip(port(), HttpRequest("GET", path));
    ASSERT_TRUE(r.has_value()) << path;
    // A query string is not part of the path: /v1/challenge?x=... is served.
    if (std::string(path).starts_with("/v1/challenge")) {
      EXPECT_EQ(r->status, 200) << path;
      continue;
    }
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_EQ(ErrorOf(*r), "not_found") << path;
  }
}

TEST_F(HttpServiceTest, MalformedBodiesAreBadRequests) {
  const std::string random_message = Base64Encode(RandomContent(300));
  const std::string signature = Base64Encode(RandomContent(64));
  for (const std::string& body :
       {std::string(""), std::string("{"), std::string("[]"), std::string("null"),
        std::string(R"({"request": 5, "signature": "AA=="})"),
        std::string(R"({"request": "not base64!", "signature": "AA=="})"),
        R"({"request": ")" + random_message + R"(", "signature": "AA=="})",
        // Well-formed JSON and base64, but not a restore request.
        R"({"request": ")" + random_message + R"(", "signature": ")" + signature + R"("})",
        std::string(100000, '[')}) {
    RawResponse r = Post(body);
    EXPECT_EQ(r.status, 400) << body.substr(0, 80);
    EXPECT_EQ(ErrorOf(r), "malformed") << body.substr(0, 80);
  }
}

TEST_F(HttpServiceTest, OversizedBodyIsTooLarge) {
  // Announced too large: refused before a byte of the body is read.
  RawConnection announced(port());
  ASSERT_TRUE(
      announced.Send("POST /v1/restore HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     "application/json\r\nContent-Length: 10000000000\r\n\r\n"));
  auto r = announced.ReadResponse(std::chrono::seconds(2));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 413);
  EXPECT_TRUE(announced.WaitClosed(std::chrono::seconds(3)));

  // Sent in full, one byte over the limit.
  std::string body(lms::kMaxRestoreBodySize + 1, 'x');
  RawResponse sent = Post(body);
  EXPECT_EQ(sent.status, 413);

  // Chunked, without a length: cut once past the limit.
  RawConnection chunked(port());
  ASSERT_TRUE(
      chunked.Send("POST /v1/restore HTTP/1.1\r\nHost: x\r\nContent-Type: "
                   "application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
  const std::string chunk = "100000\r\n" + std::string(0x100000, 'x') + "\r\n";
  for (int i = 0; i < 8; ++i) {
    if (!chunked.Send(chunk)) break;  // the service may close before all is sent
  }
  auto cut = chunked.ReadResponse(std::chrono::seconds(3));
  if (cut) {
    EXPECT_EQ(cut->status, 413);
  }
  EXPECT_TRUE(chunked.WaitClosed(std::chrono::seconds(3)));
}

TEST_F(HttpServiceTest, HealthAndMetrics) {
  auto health = RoundTrip(port(), HttpRequest("GET", "/healthz"));
  ASSERT_TRUE(health.has_value());
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok\n");

  auto target = lms_.NewTarget("target");
  ASSERT_EQ(PostRestore(lms_.BuildRequest(*target, Challenge())).status, 200);
  EXPECT_EQ(Post("{").status, 400);
  auto metrics = RoundTrip(port(), HttpRequest("GET", "/metrics"));
  ASSERT_TRUE(metrics.has_value());
  EXPECT_EQ(metrics->status, 200);
  const std::string& m = metrics->body;
  EXPECT_NE(m.find("relic_lms_licenses_granted_total " + std::to_string(lms_.license_count())),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("relic_lms_licenses_refused_total 0"), std::string::npos);
  EXPECT_NE(m.find("relic_lms_requests_rejected_total 1"), std::string::npos) << m;
  EXPECT_NE(m.find(R"(relic_lms_http_requests_total{path="/v1/restore",status="200"} 1)"),
            std::string::npos);
  EXPECT_NE(m.find(R"(relic_lms_http_requests_total{path="/v1/restore",status="400"} 1)"),
            std::string::npos);
  EXPECT_NE(m.find(R"(relic_lms_http_requests_total{path="/v1/challenge",status="200"} 1)"),
            std::string::npos);
  EXPECT_GE(MetricValue("relic_lms_http_requests_in_flight"), 1);  // this one at least
  EXPECT_NE(m.find("# TYPE relic_lms_uptime_seconds gauge"), std::string::npos);
}

TEST_F(HttpServiceTest, LogsOneLinePerRequest) {
  ASSERT_EQ(RoundTrip(port(), HttpRequest("GET", "/healthz"))->status, 200);
  ASSERT_EQ(RoundTrip(port(), HttpRequest("GET", "/nowhere\x01"))->status, 404);
  ASSERT_EQ(Post("{").status, 400);
  std::vector<std::string> log = Log();
  ASSERT_EQ(log.size(), 3u);
  // time, peer, method, path, status, bytes, duration, request ID, outcome
  EXPECT_TRUE(log[0].starts_with("20")) << log[0];
  EXPECT_NE(log[0].find(" 127.0.0.1:"), std::string::npos) << log[0];
  EXPECT_NE(log[0].find(" GET /healthz 200 3 "), std::string::npos) << log[0];
  EXPECT_TRUE(std::regex_search(log[0], std::regex(" [0-9]+ms id=[0-9a-f]{16} outcome=ok$")))
      << log[0];
  // Control characters cannot reach the log.
  EXPECT_NE(log[1].find(" GET /nowhere? 404 "), std::string::npos) << log[1];
  EXPECT_NE(log[2].find(" POST /v1/restore 400 "), std::string::npos) << log[2];
  EXPECT_TRUE(log[2].ends_with(" outcome=rejected malformed")) << log[2];
}

TEST_F(HttpServiceTest, KeepAliveCarriesSeveralRequests) {
  RawConnection connection(port());
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(connection.Send(HttpRequest("GET", "/healthz")));
    auto r = connection.ReadResponse(std::chrono::seconds(2));
    ASSERT_TRUE(r.has_value()) << i;
    EXPECT_EQ(r->status, 200);
  }
}

TEST(HttpServiceStartTest, PlainHttpOffLoopbackIsRefused) {
  LmsWorld lms(1);
  auto authority = lms.NewAuthority();
  for (const char* host : {"0.0.0.0", "::", "192.0.2.1", "lms.example.com"}) {
    lms::HttpServiceOptions options;
    options.host = host;
    options.port = 0;
    auto service = lms::HttpService::Start(authority.get(), options);
    ASSERT_FALSE(service.ok()) << host;
    EXPECT_EQ(service.status().code(), Code::kInvalidArgument);
    EXPECT_NE(service.status().message().find("--tls-cert"), std::string::npos);
    EXPECT_NE(service.status().message().find("reverse proxy"), std::string::npos);
  }
}

TEST(HttpServiceStartTest, APortInUseIsAnError) {
  LmsWorld lms(1);
  auto authority = lms.NewAuthority();
  lms::HttpServiceOptions options;
  options.port = 0;
  options.log = [](const std::string&) {};
  auto first = lms::HttpService::Start(authority.get(), options);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  options.port = (*first)->port();
  auto second = lms::HttpService::Start(authority.get(), options);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Code::kIoError);
  EXPECT_NE(second.status().message().find("in use"), std::string::npos)
      << second.status().message();
}

TEST(ListenAddressTest, ParsesHostAndPort) {
  auto v4 = lms::ParseListenAddress("127.0.0.1:8470");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, 8470);
  auto v6 = lms::ParseListenAddress("[::1]:0");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 0);
  for (const char* bad : {"", "8470", "127.0.0.1", "127.0.0.1:", ":8470", "::1:8470", "[::1]8470",
                          "host:65536", "host:12ab", "a b:1", "[zz]:1"}) {
    EXPECT_FALSE(lms::ParseListenAddress(bad).ok()) << bad;
  }
  for (const char* loopback : {"127.0.0.1", "127.1.2.3", "::1", "localhost", "::ffff:127.0.0.1"}) {
    EXPECT_TRUE(lms::IsLoopbackHost(loopback)) << loopback;
  }
  for (const char* other : {"0.0.0.0", "::", "10.0.0.1", "128.0.0.1", "example.com", ""}) {
    EXPECT_FALSE(lms::IsLoopbackHost(other)) << other;
  }
  EXPECT_EQ(lms::ServiceUrl(false, "::1", 80), "http://[::1]:80");
}

}  // namespace
}  // namespace relic::testing
