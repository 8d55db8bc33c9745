// SPDX-License-Identifier: Apache-2.0
// The service under hostile and broken clients: batches of malformed
// requests, slow connections held open, header floods, more connections
// than workers. After each, a good restore must still succeed within its
// deadline. All on loopback, with short deadlines so each test ends by
// itself in seconds.
#include <atomic>
#include <thread>

#include "service_fixture.h"

namespace relic::testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// A thread that is told to stop and joined however the test ends (a
// failed ASSERT must not leave a joinable thread behind).
class StoppableThread {
 public:
  template <typename F>
  explicit StoppableThread(F body) : thread_([this, body] { body(stop_); }) {}
  ~StoppableThread() { Stop(); }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

long long MsSince(Clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start).count();
}

constexpr auto kRequestTimeout = milliseconds(2000);

class RobustnessTest : public ServiceFixture {
 protected:
  lms::HttpServiceOptions Options() override {
    lms::HttpServiceOptions options = ServiceFixture::Options();
    options.request_timeout = kRequestTimeout;
    return options;
  }

  // A good restore, timed: it must finish well within a request's deadline.
  void ExpectGoodRestoreWithinDeadline(const std::string& target) {
    const auto start = Clock::now();
    EXPECT_TRUE(RestoreSucceeds(target));
    EXPECT_LT(MsSince(start), kRequestTimeout.count()) << "a good restore waited";
  }
};

TEST_F(RobustnessTest, BatchOfBadRequestsThenAGoodOne) {
  const std::string oversized(lms::kMaxRestoreBodySize + 100, 'A');
  std::vector<std::string> requests;
  for (const std::string& body :
       {std::string("{"), std::string("}"), std::string("[[[[[[[["), std::string("\"x\""),
        std::string(R"({"request":null,"signature":null})"),
        std::string("{\"request\":\"\xff\xfe\"}"), std::string(200000, '{'),
        std::string(R"({"request":"AAAA","signature":"AAAA"})")}) {
    requests.push_back(
        HttpRequest("POST", "/v1/restore", {{"Content-Type", "application/json"}}, body));
  }
  requests.push_back(
      HttpRequest("POST", "/v1/restore", {{"Content-Type", "application/json"}}, oversized));
  requests.push_back(
      "POST /v1/restore HTTP/1.1\r\nContent-Type: application/json\r\n"
      "Content-Length: 99999999999999999999\r\n\r\n");
  requests.push_back(
      "POST /v1/restore HTTP/1.1\r\nContent-Type: application/json\r\n"
      "Content-Length: -5\r\n\r\n{}");
  for (const char* method : {"GET", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW"}) {
    requests.push_back(HttpRequest(method, "/v1/restore", {}, "{}"));
  }
  for (const char* type : {"text/plain", "", "application/xml", "application/json-seq"}) {
    requests.push_back(HttpRequest("POST", "/v1/restore", {{"Content-Type", type}}, "{}"));
  }
  // Not HTTP at all.
  requests.push_back(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11));
  requests.push_back("GARBAGE\r\n\r\n");
  requests.push_back("GET /v1/challenge HTTP/9.9\r\n\r\n");
  requests.push_back("GET /v1/challenge\r\n\r\n");
  {
    Bytes noise = RandomContent(4096);
    requests.push_back(std::string(noise.begin(), noise.end()));
  }

  // Four clients at once, each through the whole batch.
  std::atomic<int> answered{0};
  std::atomic<int> server_errors{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&] {
      for (const auto& request : requests) {
        RawConnection connection(port());
        if (!connection.ok() || !connection.Send(request)) continue;
        auto r = connection.ReadResponse(milliseconds(5000));
        if (!r) continue;  // closed without an answer: fine for garbage
        ++answered;
        if (r->status >= 500) ++server_errors;
        EXPECT_GE(r->status, 400) << request.substr(0, 60);
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(server_errors.load(), 0);
  EXPECT_GT(answered.load(), static_cast<int>(requests.size()));
  EXPECT_TRUE(service_->running());
  ExpectGoodRestoreWithinDeadline("after-batch");
}

TEST_F(RobustnessTest, SlowConnectionsHeldOpenDoNotStarveAGoodRequest) {
  constexpr int kTricklers = 12;  // send a header byte every 100 ms
  constexpr int kIdlers = 12;     // connect and say nothing
  std::vector<RawConnection> tricklers;
  std::vector<RawConnection> idlers;
  const auto opened = Clock::now();
  for (int i = 0; i < kTricklers; ++i) {
    tricklers.emplace_back(port());
    ASSERT_TRUE(tricklers.back().ok());
    ASSERT_TRUE(tricklers.back().Send("POST /v1/restore HTTP/1.1\r\nHost: x\r\n"));
  }
  for (int i = 0; i < kIdlers; ++i) {
    idlers.emplace_back(port());
    ASSERT_TRUE(idlers.back().ok());
  }
  StoppableThread trickle([&](const std::atomic<bool>& stop) {
    const std::string header = "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    for (size_t i = 0; !stop && i < 100; ++i) {
      for (auto& c : tricklers) c.Send(std::string(1, header[i % header.size()]));
      std::this_thread::sleep_for(milliseconds(100));
    }
  });
  // All of them are held at once (the accept loop may take a moment to take
  // them all on a loaded machine: wait for it, within the slow connections'
  // own deadline)...
  const auto held_by = Clock::now() + kRequestTimeout / 2;
  while (MetricValue("relic_lms_http_connections_active") < kTricklers + kIdlers &&
         Clock::now() < held_by) {
    std::this_thread::sleep_for(milliseconds(50));
  }
  // The requirement is to survive at least 16 slow connections at once; on a
  // loaded machine the service may already have cut a few of the 24 (it
  // sheds slow heads while others wait), which is behaviour, not failure.
  EXPECT_GE(MetricValue("relic_lms_http_connections_active"), 16);
  // ... and a good restore goes through meanwhile.
  ExpectGoodRestoreWithinDeadline("while-slow");

  // Each slow connection is cut at its deadline: the tricklers get a 408,
  // the idlers are just closed.
  long long slowest = 0;
  for (auto& c : tricklers) {
    auto r = c.ReadResponse(kRequestTimeout + milliseconds(2000));
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 408);
    EXPECT_TRUE(c.WaitClosed(milliseconds(2000)));
    slowest = std::max(slowest, MsSince(opened));
  }
  for (auto& c : idlers) {
    EXPECT_TRUE(c.WaitClosed(kRequestTimeout + milliseconds(2000)));
    slowest = std::max(slowest, MsSince(opened));
  }
  trickle.Stop();
  EXPECT_LT(slowest, kRequestTimeout.count() + 1500);
  RecordProperty("slow_connections_held", kTricklers + kIdlers);
  RecordProperty("slowest_cut_ms", static_cast<int>(slowest));
  EXPECT_GE(MetricValue("relic_lms_http_connections_active"), 1);
  ExpectGoodRestoreWithinDeadline("after-slow");
}

TEST_F(RobustnessTest, HeaderFloodsAreCut) {
  std::string many = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 5000; ++i) many += "X-Flood-" + std::to_string(i) + ": v\r\n";
  many += "\r\n";
  const std::string huge_header =
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(1 << 20, 'a') + "\r\n\r\n";
  const std::string huge_line = "GET /" + std::string(100000, 'a') + " HTTP/1.1\r\n\r\n";
  const std::string no_end = "GET /healthz HTTP/1.1\r\n" + std::string(1 << 20, 'b');
  for (const std::string* flood :
       std::vector<const std::string*>{&many, &huge_header, &huge_line, &no_end}) {
    const auto start = Clock::now();
    RawConnection c(port());
    ASSERT_TRUE(c.ok());
    c.Send(*flood);  // the service may stop reading and close early
    auto r = c.ReadResponse(milliseconds(3000));
    // Either the 431 arrives, or the reset of the unread flood overtakes it.
    if (r) {
      EXPECT_EQ(r->status, 431) << flood->substr(0, 40);
    }
    EXPECT_TRUE(c.WaitClosed(milliseconds(3000)));
    EXPECT_LT(MsSince(start), 2000) << flood->substr(0, 40);
  }
  EXPECT_NE(Metrics().find(R"(relic_lms_http_requests_cut_total{reason="headers_too_large"} 4)"),
            std::string::npos);
  ExpectGoodRestoreWithinDeadline("after-flood");
}

class SmallPoolTest : public RobustnessTest {
 protected:
  static constexpr int kWorkers = 4;
  static constexpr int kWaiting = 2;
  lms::HttpServiceOptions Options() override {
    lms::HttpServiceOptions options = RobustnessTest::Options();
    options.max_connections = kWorkers;
    options.max_waiting_connections = kWaiting;
    options.request_timeout = milliseconds(2000);
    return options;
  }
};

TEST_F(SmallPoolTest, ConnectionsBeyondWorkersAndQueueAreClosedAtOnce) {
  // Fill the workers and the queue with connections that say nothing.
  std::vector<RawConnection> held;
  for (int i = 0; i < kWorkers + kWaiting; ++i) {
    held.emplace_back(port());
    ASSERT_TRUE(held.back().ok());
    std::this_thread::sleep_for(milliseconds(20));
  }
  std::this_thread::sleep_for(milliseconds(100));
  // The rest are turned away at once, with a 503 when it arrives first.
  long long slowest = 0;
  int busy_answers = 0;
  for (int i = 0; i < 10; ++i) {
    const auto start = Clock::now();
    RawConnection extra(port());
    ASSERT_TRUE(extra.ok());
    auto r = extra.ReadResponse(milliseconds(500));
    if (r) {
      EXPECT_EQ(r->status, 503);
      ++busy_answers;
    }
    EXPECT_TRUE(extra.WaitClosed(milliseconds(500)));
    slowest = std::max(slowest, MsSince(start));
  }
  EXPECT_LT(slowest, 500);
  EXPECT_GT(busy_answers, 0);
  RecordProperty("turned_away_slowest_ms", static_cast<int>(slowest));

  // The held connections are cut at their deadlines (the queued ones once
  // a worker took them), and then the service answers again.
  for (auto& c : held) EXPECT_TRUE(c.WaitClosed(milliseconds(6000)));
  ExpectGoodRestoreWithinDeadline("after-pool");
  EXPECT_GE(MetricValue("relic_lms_http_connections_turned_away_total"), 10);
}

class BusyPoolTest : public RobustnessTest {
 protected:
  static constexpr int kWorkers = 4;
  lms::HttpServiceOptions Options() override {
    lms::HttpServiceOptions options = RobustnessTest::Options();
    options.max_connections = kWorkers;
    options.max_waiting_connections = 8;
    options.request_timeout = milliseconds(10000);
    options.busy_head_timeout = milliseconds(500);
    return options;
  }
};

TEST_F(BusyPoolTest, SlowClientsYieldTheirWorkersWhenOthersWait) {
  // Every worker holds a client that sends its headers a byte at a time.
  std::vector<RawConnection> slow;
  for (int i = 0; i < kWorkers; ++i) {
    slow.emplace_back(port());
    ASSERT_TRUE(slow.back().Send("POST /v1/restore HTTP/1.1\r\nHost: x\r\n"));
  }
  StoppableThread trickle([&](const std::atomic<bool>& stop) {
    for (int i = 0; !stop && i < 200; ++i) {
      for (auto& c : slow) c.Send("a");
      std::this_thread::sleep_for(milliseconds(50));
    }
  });
  std::this_thread::sleep_for(milliseconds(200));
  // A good restore needs a worker: the slow heads are cut at
  // busy_head_timeout, long before their 10 s deadline.
  const auto start = Clock::now();
  EXPECT_TRUE(RestoreSucceeds("while-busy"));
  const long long took = MsSince(start);
  EXPECT_LT(took, 3000);
  RecordProperty("restore_while_busy_ms", static_cast<int>(took));
  // Only as many are shed as others need: once nobody waits, the rest
  // keep their workers (until their own deadline).
  int shed = 0;
  for (auto& c : slow) {
    auto r = c.ReadResponse(milliseconds(200));
    if (!r) continue;
    ++shed;
    EXPECT_EQ(r->status, 503);
    EXPECT_NE(r->head.find("Retry-After: 1"), std::string::npos);
    EXPECT_NE(r->head.find("Connection: close"), std::string::npos);
  }
  EXPECT_GE(shed, 1);
  trickle.Stop();
  EXPECT_EQ(Metrics().find(R"(relic_lms_http_requests_cut_total{reason="shed"} 0)"),
            std::string::npos);
}

TEST_F(RobustnessTest, StopClosesIdleConnectionsPromptly) {
  std::vector<RawConnection> idle;
  for (int i = 0; i < 8; ++i) {
    idle.emplace_back(port());  // never sends
  }
  for (int i = 0; i < 8; ++i) {
    idle.emplace_back(port());  // keep-alive, between requests
    ASSERT_TRUE(idle.back().Send(HttpRequest("GET", "/healthz")));
    ASSERT_TRUE(idle.back().ReadResponse(milliseconds(2000)).has_value());
  }
  std::this_thread::sleep_for(milliseconds(100));
  const auto start = Clock::now();
  service_->Stop();
  EXPECT_LT(MsSince(start), 1000);
  EXPECT_FALSE(service_->running());
  for (auto& c : idle) EXPECT_TRUE(c.WaitClosed(milliseconds(500)));
}

}  // namespace
}  // namespace relic::testing
