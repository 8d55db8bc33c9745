// SPDX-License-Identifier: Apache-2.0
// The operator console's HTTP side, in-process over a real Authority and
// ledger: sign-in, sessions, CSRF, headers, the admin API and its bad
// input. The browser drives the pages in tests/lms/browser/.
//
// Adversaries: A6 (docs/threat-model.md), someone who reaches the console
// without being an operator: a visitor on its port without a token or with
// a guessed one, and a hostile page in an operator's browser that makes
// cross-site requests with the operator's cookie but cannot read the
// session's CSRF token. A3 writes markup into what operators see.
#include <gtest/gtest.h>

#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "lms/admin_service.h"
#include "lms/admin_tokens.h"
#include "lms_world.h"
#include "raw_http.h"

namespace relic::testing {
namespace {

using Json = nlohmann::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

std::string Header(const RawResponse& r, const std::string& name) {
  std::string head = r.head;
  std::string lower_head = head, lower_name = name + ":";
  for (auto& c : lower_head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto& c : lower_name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const size_t at = lower_head.find("\r\n" + lower_name);
  if (at == std::string::npos) return "";
  const size_t start = at + 2 + lower_name.size();
  std::string value = head.substr(start, head.find("\r\n", start) - start);
  while (!value.empty() && value.front() == ' ') value.erase(0, 1);
  return value;
}

class AdminServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    authority_ = lms_.NewAuthority();
    ASSERT_TRUE(authority_);
    token_ = lms::NewAdminToken();
    tokens_file_ = lms_.world().Path("admin-tokens");
    std::ofstream(tokens_file_) << "# operators\n"
                                << lms::AdminTokenLine("bob", lms::NewAdminToken()) << "\n"
                                << lms::AdminTokenLine("alice", token_) << "\n";
    lms::AdminServiceOptions options;
    options.port = 0;
    options.tokens_file = tokens_file_;
    options.session_lifetime = std::chrono::seconds(3600);
    options.log = [this](const std::string& line) {
      std::lock_guard<std::mutex> lock(log_mu_);
      log_.push_back(line);
    };
    auto admin = lms::AdminService::Start(authority_.get(), nullptr, lms_.world().env(),
                                          &lms_.world().clock(), options);
    ASSERT_TRUE(admin.ok()) << admin.status().ToString();
    admin_ = std::move(admin).value();
    FillUpALicense();
  }

  // The source and three restores use up max_machines (4); a fifth
  // machine is refused.
  void FillUpALicense() {
    for (int i = 0; i < 4; ++i) {
      targets_.push_back(lms_.NewTarget("target" + std::to_string(i)));
      auto challenge = authority_->NewChallenge();
      ASSERT_TRUE(challenge.ok());
      auto answer = authority_->Authorize(lms_.BuildRequest(*targets_.back(), *challenge));
      ASSERT_TRUE(answer.ok()) << answer.status().ToString();
    }
    lms::LedgerQuery q;
    auto page = authority_->ledger()->FindPlacements(q);
    ASSERT_TRUE(page.ok());
    license_ = page->rows.front().license_id.ToString();
  }

  RawResponse Send(const std::string& method, const std::string& path, const Headers& headers = {},
                   const std::string& body = "") {
    auto r = RoundTrip(admin_->port(), HttpRequest(method, path, headers, body));
    EXPECT_TRUE(r.has_value()) << method << " " << path;
    return r ? *r : RawResponse{};
  }

  struct Session {
    std::string cookie;
    std::string csrf;
  };
  Session SignIn(const std::string& token) {
    auto r = Send("POST", "/admin/v1/login", {{"Content-Type", "application/json"}},
                  Json{{"token", token}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    const std::string set_cookie = Header(r, "Set-Cookie");
    Session s;
    s.cookie = set_cookie.substr(0, set_cookie.find(';'));
    if (r.status == 200) s.csrf = Json::parse(r.body).at("csrf_token").get<std::string>();
    return s;
  }

  Headers Auth(const Session& s, bool csrf = true) {
    Headers h{{"Cookie", s.cookie}, {"Content-Type", "application/json"}};
    if (csrf) h.emplace_back("X-CSRF-Token", s.csrf);
    return h;
  }

  std::string ReleaseBody(size_t machine, const std::string& reason = "ticket 1") {
    return Json{{"machine_id", targets_[machine]->machine_id()}, {"reason", reason}}.dump();
  }

  // What must not change when a request is refused.
  std::string LedgerState() {
    lms::LedgerQuery q;
    q.limit = 1000;
    std::string out;
    auto placements = authority_->ledger()->FindPlacements(q);
    auto audit = authority_->ledger()->FindAudit(q);
    EXPECT_TRUE(placements.ok() && audit.ok());
    if (!placements.ok() || !audit.ok()) return "";
    for (const auto& p : placements->rows) out += p.license_id.ToString() + p.machine_id + ",";
    out += "|" + std::to_string(audit->rows.size());
    return out;
  }

  static ::testing::AssertionResult RefusedWith(const RawResponse& r, int status,
                                                const std::string& needle) {
    const Json body = Json::parse(r.body, nullptr, false);
    if (r.status != status || !body.is_object() || !body.contains("message") ||
        body["message"].get<std::string>().find(needle) == std::string::npos) {
      return ::testing::AssertionFailure() << "expected " << status << " with \"" << needle
                                           << "\", got " << r.status << " " << r.body;
    }
    return ::testing::AssertionSuccess();
  }

  LmsWorld lms_{1};
  // Declared before the service, so they outlive the threads that log.
  std::mutex log_mu_;
  std::vector<std::string> log_;
  std::unique_ptr<lms::Authority> authority_;
  std::unique_ptr<lms::AdminService> admin_;
  std::vector<std::unique_ptr<Machine>> targets_;
  std::string token_;
  std::string tokens_file_;
  std::string license_;
};

TEST_F(AdminServiceTest, SignsInWithATokenAndShowsALicenseAtItsLimit) {
  auto r = Send("POST", "/admin/v1/login", {{"Content-Type", "application/json"}},
                Json{{"token", token_}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string cookie = Header(r, "Set-Cookie");
  EXPECT_TRUE(cookie.starts_with("relic_admin=")) << cookie;
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Max-Age=3600"), std::string::npos) << cookie;
  EXPECT_EQ(Json::parse(r.body).at("operator"), "alice");
  Session s{cookie.substr(0, cookie.find(';')), Json::parse(r.body).at("csrf_token")};

  auto license = Send("GET", "/admin/v1/licenses/" + license_, Auth(s, false));
  ASSERT_EQ(license.status, 200) << license.body;
  EXPECT_EQ(Header(license, "Cache-Control"), "no-store");
  EXPECT_TRUE(Header(license, "Content-Security-Policy").starts_with("default-src 'none'"));
  EXPECT_EQ(Header(license, "X-Content-Type-Options"), "nosniff");
  Json j = Json::parse(license.body);
  ASSERT_EQ(j.at("placements").size(), 4u);
  int sources = 0;
  for (const auto& p : j["placements"]) sources += p.at("source").get<bool>() ? 1 : 0;
  EXPECT_EQ(sources, 1);
  EXPECT_EQ(j.at("policy").at("max_machines"), 4);
  ASSERT_EQ(j.at("refusals").size(), 1u);
  EXPECT_EQ(j["refusals"][0]["machine_id"], targets_[3]->machine_id());
  EXPECT_EQ(j["refusals"][0]["reason"], "machine-limit");
  EXPECT_EQ(j["refusals"][0]["reference"].get<std::string>().size(), 18u);

  // The refusal reference finds the license.
  auto found = Send("GET", "/admin/v1/search?q=" + j["refusals"][0]["reference"].get<std::string>(),
                    Auth(s, false));
  ASSERT_EQ(found.status, 200) << found.body;
  EXPECT_EQ(Json::parse(found.body).at("licenses"), Json::array({license_}));
}

TEST_F(AdminServiceTest, ReleaseIsAuditedUnderTheOperatorsName) {
  Session s = SignIn(token_);
  auto r = Send("POST", "/admin/v1/licenses/" + license_ + "/release", Auth(s), ReleaseBody(1));
  ASSERT_EQ(r.status, 200) << r.body;
  Json audit = Json::parse(r.body).at("audit");
  EXPECT_EQ(audit.at("operator"), "alice");
  EXPECT_EQ(audit.at("machine_id"), targets_[1]->machine_id());
  EXPECT_EQ(audit.at("reason"), "ticket 1");
  EXPECT_EQ(audit.at("request_id").get<std::string>(), Header(r, "X-Request-Id"));
  // Twice: nothing to release, nothing recorded.
  auto again = Send("POST", "/admin/v1/licenses/" + license_ + "/release", Auth(s), ReleaseBody(1));
  EXPECT_TRUE(RefusedWith(again, 404, "nothing was released or recorded"));
  auto records = Send("GET", "/admin/v1/audit?license=" + license_, Auth(s, false));
  ASSERT_EQ(records.status, 200);
  EXPECT_EQ(Json::parse(records.body).at("rows").size(), 1u);
  std::lock_guard<std::mutex> lock(log_mu_);
  bool logged = false;
  for (const auto& line : log_) {
    logged =
        logged || (line.find("operator=alice released license " + license_) != std::string::npos);
  }
  EXPECT_TRUE(logged);
}

// A6: without a session every endpoint refuses, and nothing changes.
TEST_F(AdminServiceTest, EveryEndpointRefusesWithoutAValidSession) {
  const std::string before = LedgerState();
  Session forged{"relic_admin=" + std::string(43, 'A'), std::string(43, 'B')};
  Session wrong_token_session;  // whatever a wrong token's answer carries
  auto wrong = Send("POST", "/admin/v1/login", {{"Content-Type", "application/json"}},
                    Json{{"token", lms::NewAdminToken()}}.dump());
  EXPECT_TRUE(RefusedWith(wrong, 401, "not in the console's tokens file"));
  EXPECT_EQ(Header(wrong, "Set-Cookie"), "");
  auto empty = Send("POST", "/admin/v1/login", {{"Content-Type", "application/json"}},
                    Json{{"token", ""}}.dump());
  EXPECT_EQ(empty.status, 401);
  const std::vector<std::pair<std::string, std::string>> endpoints = {
      {"GET", "/admin/v1/session"},
      {"GET", "/admin/v1/search?q=" + license_},
      {"GET", "/admin/v1/licenses/" + license_},
      {"GET", "/admin/v1/placements"},
      {"GET", "/admin/v1/refusals"},
      {"GET", "/admin/v1/audit"},
      {"GET", "/admin/v1/dashboard"},
      {"POST", "/admin/v1/licenses/" + license_ + "/release"},
      {"POST", "/admin/v1/logout"}};
  for (const Session& s : {Session{}, forged, wrong_token_session}) {
    for (const auto& [method, path] : endpoints) {
      auto r = Send(method, path, Auth(s), method == "POST" ? ReleaseBody(1) : "");
      EXPECT_TRUE(RefusedWith(r, 401, "sign in to the console first")) << method << " " << path;
      EXPECT_EQ(r.body.find(targets_[0]->machine_id()), std::string::npos);
    }
  }
  EXPECT_EQ(LedgerState(), before);
}

// A6: a hostile page rides on the operator's cookie but has no CSRF token.
TEST_F(AdminServiceTest, ActionsWithoutTheSessionsCsrfTokenAreRefused) {
  Session s = SignIn(token_);
  const std::string before = LedgerState();
  const std::string release = "/admin/v1/licenses/" + license_ + "/release";
  for (const std::string& path : {release, std::string("/admin/v1/logout")}) {
    auto missing = Send("POST", path, Auth(s, /*csrf=*/false), ReleaseBody(1));
    EXPECT_TRUE(RefusedWith(missing, 403, "CSRF token")) << path;
    Headers forged = Auth(s, false);
    forged.emplace_back("X-CSRF-Token", std::string(s.csrf.size(), 'x'));
    EXPECT_TRUE(RefusedWith(Send("POST", path, forged, ReleaseBody(1)), 403, "CSRF token"));
    // Another operator's session's token does not fit this session.
    Headers other = Auth(s, false);
    other.emplace_back("X-CSRF-Token", SignIn(token_).csrf);
    EXPECT_TRUE(RefusedWith(Send("POST", path, other, ReleaseBody(1)), 403, "CSRF token"));
    // A cross-site form post: not JSON, or marked cross-site, or another origin.
    Headers form = Auth(s);
    form[1].second = "application/x-www-form-urlencoded";
    EXPECT_TRUE(RefusedWith(Send("POST", path, form, "machine_id=x"), 415, "JSON body"));
    Headers cross = Auth(s);
    cross.emplace_back("Sec-Fetch-Site", "cross-site");
    EXPECT_TRUE(RefusedWith(Send("POST", path, cross, ReleaseBody(1)), 403, "own pages"));
    Headers origin = Auth(s);
    origin.emplace_back("Origin", "https://evil.example");
    EXPECT_TRUE(RefusedWith(Send("POST", path, origin, ReleaseBody(1)), 403, "own pages"));
  }
  EXPECT_EQ(LedgerState(), before);
  // The session still works: nothing above signed it out.
  EXPECT_EQ(Send("GET", "/admin/v1/session", Auth(s, false)).status, 200);
}

TEST_F(AdminServiceTest, SessionsExpireAndLogoutEndsThem) {
  Session s = SignIn(token_);
  auto out = Send("POST", "/admin/v1/logout", Auth(s), "{}");
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_NE(Header(out, "Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(Send("GET", "/admin/v1/session", Auth(s, false)).status, 401);

  Session t = SignIn(token_);
  EXPECT_EQ(Send("GET", "/admin/v1/session", Auth(t, false)).status, 200);
  lms_.world().clock().Advance(3600);
  EXPECT_TRUE(RefusedWith(Send("GET", "/admin/v1/dashboard", Auth(t, false)), 401, "expired"));
  // Removing the operator's line locks the token out at the next sign-in.
  std::ofstream(tokens_file_) << "# nobody\n";
  auto r = Send("POST", "/admin/v1/login", {{"Content-Type", "application/json"}},
                Json{{"token", token_}}.dump());
  EXPECT_EQ(r.status, 401);
}

// A3: markup in a reason is stored and answered as data, never as markup
// (the browser test checks the page shows it as text).
TEST_F(AdminServiceTest, MarkupInAReasonIsKeptAsText) {
  Session s = SignIn(token_);
  const std::string reason = "<img src=x onerror=alert(1)><script>alert(2)</script>";
  auto r =
      Send("POST", "/admin/v1/licenses/" + license_ + "/release", Auth(s), ReleaseBody(2, reason));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Header(r, "Content-Type").starts_with("application/json"));
  auto records = Send("GET", "/admin/v1/licenses/" + license_, Auth(s, false));
  EXPECT_EQ(Json::parse(records.body).at("audit").at(0).at("reason"), reason);
  // A license "ID" with markup is refused, and the answer is JSON.
  auto bad = Send("GET", "/admin/v1/licenses/%3Cscript%3E", Auth(s, false));
  EXPECT_TRUE(RefusedWith(bad, 400, "license"));
  EXPECT_TRUE(Header(bad, "Content-Type").starts_with("application/json"));
}

TEST_F(AdminServiceTest, BadInputGetsAClearErrorEach) {
  Session s = SignIn(token_);
  const std::string before = LedgerState();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/admin/v1/placements?license=xyz", "parameter \"license\""},
      {"/admin/v1/placements?kid=notakid", "parameter \"kid\""},
      {"/admin/v1/placements?machine=ZZ", "parameter \"machine\""},
      {"/admin/v1/placements?since=yesterday", "parameter \"since\""},
      {"/admin/v1/placements?since=2027-13-40T00:00:00Z", "parameter \"since\""},
      {"/admin/v1/placements?limit=0", "parameter \"limit\""},
      {"/admin/v1/placements?limit=ten", "parameter \"limit\""},
      {"/admin/v1/placements?after=bogus", "paging cursor"},
      {"/admin/v1/refusals?after=" + lms::EncodeCursor(1, "x"), "another kind of list"},
      {"/admin/v1/audit?colour=red", "unknown parameter \"colour\""},
      {"/admin/v1/placements?reference=rfAAAAAAAAAAAAAAAA", "unknown parameter"},
      {"/admin/v1/search?q=", "give something to search for"},
      {"/admin/v1/search?q=hello", "not a license ID"},
      {"/admin/v1/licenses/ABC", "parameter \"license\""}};
  for (const auto& [path, needle] : cases) {
    EXPECT_TRUE(RefusedWith(Send("GET", path, Auth(s, false)), 400, needle)) << path;
  }
  const std::string release = "/admin/v1/licenses/" + license_ + "/release";
  EXPECT_TRUE(RefusedWith(Send("POST", release, Auth(s), "not json"), 400, "JSON object"));
  EXPECT_TRUE(RefusedWith(Send("POST", release, Auth(s), R"({"machine_id":"x","reason":"r"})"), 400,
                          "parameter \"machine_id\""));
  EXPECT_TRUE(
      RefusedWith(Send("POST", release, Auth(s), ReleaseBody(1, "")), 400, "parameter \"reason\""));
  EXPECT_TRUE(RefusedWith(Send("POST", release, Auth(s), ReleaseBody(1, "a\nforged log line")), 400,
                          "without control characters"));
  EXPECT_TRUE(RefusedWith(Send("POST", release, Auth(s), ReleaseBody(1, std::string(501, 'r'))),
                          400, "1 to 500 bytes"));
  EXPECT_TRUE(RefusedWith(Send("GET", "/admin/v1/nothing", Auth(s, false)), 404, "no GET"));
  EXPECT_EQ(LedgerState(), before);
}

TEST_F(AdminServiceTest, ServesItsPagesWithAStrictPolicy) {
  auto page = Send("GET", "/admin/");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Header(page, "Content-Type").starts_with("text/html"));
  EXPECT_NE(page.body.find("<script src=\"/admin/admin.js\" defer>"), std::string::npos);
  EXPECT_EQ(page.body.find("http://"), std::string::npos);  // nothing from elsewhere
  EXPECT_EQ(page.body.find("https://"), std::string::npos);
  EXPECT_EQ(Header(page, "Content-Security-Policy"),
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  EXPECT_EQ(Header(page, "X-Frame-Options"), "DENY");
  auto js = Send("GET", "/admin/admin.js");
  ASSERT_EQ(js.status, 200);
  EXPECT_TRUE(Header(js, "Content-Type").starts_with("text/javascript"));
  EXPECT_EQ(js.body.find("innerHTML"), std::string::npos);
  EXPECT_EQ(Send("GET", "/admin/admin.css").status, 200);
  EXPECT_EQ(Send("GET", "/admin/other.js").status, 404);
  EXPECT_EQ(Send("GET", "/").status, 303);
}

// A6 on the network: the console is never plain HTTP off loopback.
TEST_F(AdminServiceTest, RefusesPlainHttpOffLoopback) {
  lms::AdminServiceOptions options;
  options.host = "0.0.0.0";
  options.port = 0;
  options.tokens_file = tokens_file_;
  auto admin = lms::AdminService::Start(authority_.get(), nullptr, lms_.world().env(),
                                        &lms_.world().clock(), options);
  ASSERT_FALSE(admin.ok());
  EXPECT_EQ(admin.status().code(), Code::kInvalidArgument);
  EXPECT_NE(admin.status().message().find("refusing to serve the operator console over plain HTTP"),
            std::string::npos);
  options.host = "127.0.0.1";
  options.tokens_file = lms_.world().Path("no-such-file");
  EXPECT_EQ(lms::AdminService::Start(authority_.get(), nullptr, lms_.world().env(),
                                     &lms_.world().clock(), options)
                .status()
                .code(),
            Code::kNotFound);
}

}  // namespace
}  // namespace relic::testing
