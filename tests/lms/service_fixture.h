// SPDX-License-Identifier: Apache-2.0
// A fixture with the service running in-process on a loopback port over a
// real Authority and ledger, and helpers that speak raw HTTP to it.
#pragma once

#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "base/text_codec.h"
#include "lms/http_service.h"
#include "lms_world.h"
#include "raw_http.h"

namespace relic::testing {

class ServiceFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    authority_ = lms_.NewAuthority();
    ASSERT_TRUE(authority_);
    auto service = lms::HttpService::Start(authority_.get(), Options());
    ASSERT_TRUE(service.ok()) << service.status().ToString();
    service_ = std::move(service).value();
  }

  // Port 0 and a log kept in memory; fixtures adjust the limits.
  virtual lms::HttpServiceOptions Options() {
    lms::HttpServiceOptions options;
    options.port = 0;
    options.log = [this](const std::string& line) {
      std::lock_guard<std::mutex> lock(log_mu_);
      log_.push_back(line);
    };
    return options;
  }

  int port() const { return service_->port(); }

  std::array<uint8_t, 32> Challenge() {
    std::array<uint8_t, 32> out{};
    auto r = RoundTrip(port(), HttpRequest("GET", "/v1/challenge"));
    EXPECT_TRUE(r && r->status == 200);
    if (!r || r->status != 200) return out;
    auto bytes = Base64Decode(nlohmann::json::parse(r->body).at("challenge").get<std::string>());
    EXPECT_TRUE(bytes && bytes->size() == 32);
    if (bytes && bytes->size() == 32) std::copy(bytes->begin(), bytes->end(), out.begin());
    return out;
  }

  RawResponse Post(const std::string& body, const std::string& type = "application/json") {
    auto r = RoundTrip(port(), HttpRequest("POST", "/v1/restore", {{"Content-Type", type}}, body));
    EXPECT_TRUE(r.has_value());
    return r ? *r : RawResponse{};
  }

  RawResponse PostRestore(const lms::Signed& request) {
    return Post(lms::WrapSigned("request", request.message, request.signature));
  }

  // A whole restore (challenge, request, answer) for a new target machine;
  // true if the answer is valid.
  ::testing::AssertionResult RestoreSucceeds(const std::string& target_name) {
    auto target = lms_.NewTarget(target_name);
    if (!target) return ::testing::AssertionFailure() << "no target machine";
    RawResponse r = PostRestore(lms_.BuildRequest(*target, Challenge()));
    if (r.status != 200) return ::testing::AssertionFailure() << r.status << " " << r.body;
    auto answer = lms::UnwrapSigned("answer", r.body, lms::kMaxRequestSize);
    if (!answer.ok()) return ::testing::AssertionFailure() << answer.status().ToString();
    return lms_.AnswerIsValidFor(*answer, *target, lms_.license_count());
  }

  // The "error" field of a JSON error body.
  static std::string ErrorOf(const RawResponse& r) {
    nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
    if (!j.is_object() || !j.contains("error") || !j.contains("message")) return "<not JSON>";
    return j["error"].get<std::string>();
  }

  std::string Metrics() {
    auto r = RoundTrip(port(), HttpRequest("GET", "/metrics"));
    return r && r->status == 200 ? r->body : "";
  }

  // The value of an unlabelled metric, or -1.
  long long MetricValue(const std::string& name) {
    const std::string m = Metrics();
    size_t at = m.find("\n" + name + " ");
    return at == std::string::npos ? -1 : std::stoll(m.substr(at + name.size() + 2));
  }

  std::vector<std::string> Log() {
    std::lock_guard<std::mutex> lock(log_mu_);
    return log_;
  }

  LmsWorld lms_;
  std::unique_ptr<lms::Authority> authority_;
  std::mutex log_mu_;
  std::vector<std::string> log_;
  std::unique_ptr<lms::HttpService> service_;  // stops before what it uses goes
};

}  // namespace relic::testing
