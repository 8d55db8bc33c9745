// SPDX-License-Identifier: Apache-2.0
// What an operator sees of each request: its ID (in a header, in error
// bodies, in the client's error), one JSON log line with the outcome, and
// the metrics after known traffic, histogram buckets included.
#include <regex>
#include <set>

#include "restore/lms_client.h"
#include "service_fixture.h"

namespace relic::testing {
namespace {

class JsonLogServiceTest : public ServiceFixture {
 protected:
  lms::HttpServiceOptions Options() override {
    lms::HttpServiceOptions options = ServiceFixture::Options();
    options.log_format = lms::LogFormat::kJson;
    return options;
  }

  // The header's value, or "".
  static std::string Header(const RawResponse& r, const std::string& name) {
    std::smatch m;
    if (!std::regex_search(r.head, m, std::regex("\r\n" + name + ": ([^\r]*)\r\n"))) return "";
    return m[1];
  }

  // The JSON log line of the request with this ID (null if none).
  nlohmann::json LogOf(const std::string& request_id) {
    for (const std::string& line : Log()) {
      nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      EXPECT_TRUE(j.is_object()) << "not a JSON object: " << line;
      if (j.is_object() && j.value("request_id", "") == request_id) return j;
    }
    return nullptr;
  }
};

TEST_F(JsonLogServiceTest, GrantRefusalAndMalformedRequestAreTellApartInTheLog) {
  lms::Policy policy = lms_.ServedPolicy();
  policy.max_machines = 2;  // the source and one more
  authority_->SetPolicy(policy);

  auto first = lms_.NewTarget("first");
  RawResponse grant = PostRestore(lms_.BuildRequest(*first, Challenge()));
  ASSERT_EQ(grant.status, 200) << grant.body;
  auto second = lms_.NewTarget("second");
  RawResponse refusal = PostRestore(lms_.BuildRequest(*second, Challenge()));
  ASSERT_EQ(refusal.status, 200) << refusal.body;  // an answer that refuses every license
  RawResponse malformed = Post("{\"request\": 1}");
  ASSERT_EQ(malformed.status, 400);

  const std::regex id_shape("[0-9a-f]{16}");
  const std::string grant_id = Header(grant, "X-Request-Id");
  const std::string refusal_id = Header(refusal, "X-Request-Id");
  const std::string malformed_id = Header(malformed, "X-Request-Id");
  for (const std::string& id : {grant_id, refusal_id, malformed_id}) {
    EXPECT_TRUE(std::regex_match(id, id_shape)) << "'" << id << "'";
  }
  EXPECT_NE(grant_id, refusal_id);
  // An error body names its request too.
  EXPECT_EQ(nlohmann::json::parse(malformed.body).at("request_id"), malformed_id);

  const size_t n = lms_.license_count();
  nlohmann::json g = LogOf(grant_id);
  ASSERT_TRUE(g.is_object()) << grant_id;
  EXPECT_EQ(g["method"], "POST");
  EXPECT_EQ(g["path"], "/v1/restore");
  EXPECT_EQ(g["status"], 200);
  EXPECT_EQ(g["outcome"], "granted");
  EXPECT_EQ(g["batch"], n);
  EXPECT_EQ(g["granted"], n);
  EXPECT_EQ(g["refused"], 0);
  EXPECT_FALSE(g.contains("reason"));
  EXPECT_EQ(g["machine_id"], first->machine_id());
  EXPECT_TRUE(g["time"].get<std::string>().ends_with("Z"));
  EXPECT_TRUE(g["duration_ms"].is_number_integer());

  nlohmann::json r = LogOf(refusal_id);
  ASSERT_TRUE(r.is_object()) << refusal_id;
  EXPECT_EQ(r["status"], 200);
  EXPECT_EQ(r["outcome"], "refused");
  EXPECT_EQ(r["batch"], n);
  EXPECT_EQ(r["granted"], 0);
  EXPECT_EQ(r["refused"], n);
  EXPECT_EQ(r["reason"], "machine-limit");
  EXPECT_EQ(r["machine_id"], second->machine_id());

  nlohmann::json m = LogOf(malformed_id);
  ASSERT_TRUE(m.is_object()) << malformed_id;
  EXPECT_EQ(m["status"], 400);
  EXPECT_EQ(m["outcome"], "rejected");
  EXPECT_EQ(m["error"], "malformed");
  EXPECT_FALSE(m.contains("granted"));
}

TEST_F(JsonLogServiceTest, TheClientsErrorNamesTheRequestIdOfTheLogLine) {
  auto client = NewHttpLmsClient("http://127.0.0.1:" + std::to_string(port()));
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  auto target = lms_.NewTarget("target");
  // A challenge nobody handed out: the service refuses with 409.
  auto answer = (*client)->Restore(lms_.BuildRequest(*target, std::array<uint8_t, 32>{7}));
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.status().code(), Code::kStaleChallenge);
  std::smatch id;
  const std::string message = answer.status().message();
  ASSERT_TRUE(std::regex_search(message, id, std::regex(R"(\(request ID ([0-9a-f]{16})\)$)")))
      << message;
  nlohmann::json line = LogOf(id[1]);
  ASSERT_TRUE(line.is_object()) << "no log line with request ID " << id[1];
  EXPECT_EQ(line["status"], 409);
  EXPECT_EQ(line["outcome"], "rejected");
  EXPECT_EQ(line["error"], "stale_challenge");
  EXPECT_EQ(line["machine_id"], target->machine_id());
}

TEST_F(JsonLogServiceTest, EveryAnswerHasItsOwnRequestId) {
  std::set<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    auto r = RoundTrip(port(), HttpRequest("GET", i % 2 ? "/healthz" : "/nowhere"));
    ASSERT_TRUE(r.has_value());
    ids.insert(Header(*r, "X-Request-Id"));
  }
  EXPECT_EQ(ids.size(), 20u);
  EXPECT_EQ(Log().size(), 20u);
}

// The value of the sample `series` (name and labels, exactly) in `text`.
long long Sample(const std::string& text, const std::string& series) {
  const size_t at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stoll(text.substr(at + series.size() + 2));
}

using HttpServiceMetricsTest = ServiceFixture;

TEST_F(HttpServiceMetricsTest, CountsAndHistogramsAfterKnownTraffic) {
  lms::Policy policy = lms_.ServedPolicy();
  policy.max_machines = 2;
  authority_->SetPolicy(policy);
  auto first = lms_.NewTarget("first");
  ASSERT_EQ(PostRestore(lms_.BuildRequest(*first, Challenge())).status, 200);  // grants
  auto second = lms_.NewTarget("second");
  ASSERT_EQ(PostRestore(lms_.BuildRequest(*second, Challenge())).status, 200);  // refuses
  ASSERT_EQ(PostRestore(lms_.BuildRequest(*second, std::array<uint8_t, 32>{9})).status, 409);
  ASSERT_EQ(Post("{").status, 400);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(RoundTrip(port(), HttpRequest("GET", "/healthz"))->status, 200);
  }
  ASSERT_EQ(RoundTrip(port(), HttpRequest("GET", "/nowhere"))->status, 404);

  const std::string m = Metrics();
  const auto n = static_cast<long long>(lms_.license_count());
  // Refusals by reason, rejections by code.
  EXPECT_EQ(Sample(m, R"(relic_lms_licenses_refused_by_reason_total{reason="machine-limit"})"), n)
      << m;
  EXPECT_EQ(Sample(m, R"(relic_lms_licenses_refused_by_reason_total{reason="daily-limit"})"), 0);
  EXPECT_EQ(Sample(m, R"(relic_lms_requests_rejected_by_reason_total{reason="stale_challenge"})"),
            1);
  EXPECT_EQ(Sample(m, R"(relic_lms_requests_rejected_by_reason_total{reason="malformed"})"), 1);
  EXPECT_EQ(Sample(m, "relic_lms_licenses_refused_total"), n);

  // Per endpoint: every request lands in exactly one bucket, buckets are
  // cumulative, +Inf equals the count. Loopback requests take well under
  // 10 s, so the last finite bucket holds them all.
  const std::string h = "relic_lms_http_request_duration_seconds";
  EXPECT_NE(m.find("# TYPE " + h + " histogram"), std::string::npos);
  for (const auto& [path, count] : std::vector<std::pair<std::string, long long>>{
           {"/v1/restore", 4}, {"/v1/challenge", 2}, {"/healthz", 3}, {"other", 1}}) {
    const std::string labels = "path=\"" + path + "\"";
    EXPECT_EQ(Sample(m, h + "_count{" + labels + "}"), count) << path;
    EXPECT_EQ(Sample(m, h + "_bucket{" + labels + ",le=\"+Inf\"}"), count) << path;
    EXPECT_EQ(Sample(m, h + "_bucket{" + labels + ",le=\"10\"}"), count) << path;
    long long previous = 0;
    for (const char* le : {"0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25",
                           "0.5", "1", "2.5", "10"}) {
      const long long bucket = Sample(m, h + "_bucket{" + labels + ",le=\"" + le + "\"}");
      ASSERT_GE(bucket, previous) << path << " le=" << le;
      previous = bucket;
    }
    EXPECT_NE(m.find(h + "_sum{" + labels + "} "), std::string::npos) << path;
  }
  // The metrics request being answered is not counted yet.
  EXPECT_EQ(Sample(m, h + "_count{path=\"/metrics\"}"), 0);

  // Two decisions reached the ledger (the grant and the refusal); SQLite in
  // one process never retries.
  const std::string l = "relic_lms_ledger_transaction_duration_seconds";
  EXPECT_EQ(Sample(m, l + "_count"), 2) << m;
  EXPECT_EQ(Sample(m, l + "_bucket{le=\"+Inf\"}"), 2);
  EXPECT_EQ(Sample(m, "relic_lms_ledger_transaction_retries_total"), 0);
  EXPECT_EQ(Sample(m, "relic_lms_build_info{version=\"" RELIC_VERSION_STRING "\"}"), 1);
}

TEST(DurationHistogramTest, BucketsAreCumulativeAndInclusiveOfTheirBound) {
  lms::DurationHistogram histogram;
  histogram.Observe(std::chrono::microseconds(500));  // 0.0005 s
  histogram.Observe(std::chrono::milliseconds(1));    // exactly 0.001: le="0.001"
  histogram.Observe(std::chrono::milliseconds(30));
  histogram.Observe(std::chrono::seconds(11));  // past every bound
  const std::string text = "\n" + histogram.Render("x", "");
  EXPECT_EQ(Sample(text, R"(x_bucket{le="0.001"})"), 2) << text;
  EXPECT_EQ(Sample(text, R"(x_bucket{le="0.025"})"), 2);
  EXPECT_EQ(Sample(text, R"(x_bucket{le="0.05"})"), 3);
  EXPECT_EQ(Sample(text, R"(x_bucket{le="10"})"), 3);
  EXPECT_EQ(Sample(text, R"(x_bucket{le="+Inf"})"), 4);
  EXPECT_EQ(Sample(text, "x_count"), 4);
  EXPECT_NE(text.find("\nx_sum 11.0315\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace relic::testing
