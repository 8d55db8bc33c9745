// SPDX-License-Identifier: Apache-2.0
// A tiny HTTP server on loopback that answers every connection with a
// canned response and counts connections, for testing the client's
// retries and its handling of answers the real service never gives.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace relic::testing {

class FakeHttpServer {
 public:
  // Connection i gets responses[i] (the last one repeats). An empty
  // response closes the connection as soon as the request has arrived.
  explicit FakeHttpServer(std::vector<std::string> responses);
  ~FakeHttpServer();
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  int port() const { return port_; }
  int connections() const { return connections_.load(); }
  // The request target of each request, in order.
  std::vector<std::string> targets() const;

 private:
  void Run();

  std::vector<std::string> responses_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mu_;
  std::vector<std::string> targets_;
  std::thread thread_;
};

// "HTTP/1.1 <status> X" with the body and its length.
std::string CannedResponse(int status, const std::string& body,
                           const std::string& content_type = "application/json");

// A port on 127.0.0.1 where nothing listens (bound, then closed).
int UnusedPort();

}  // namespace relic::testing
