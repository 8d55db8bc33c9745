// SPDX-License-Identifier: Apache-2.0
#include "fake_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

namespace relic::testing {
namespace {

int ListenOnLoopback(int* port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(fd, 64) != 0) {
    if (fd >= 0) close(fd);
    return -1;
  }
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  *port = ntohs(addr.sin_port);
  return fd;
}

// Reads a request's head and its Content-Length body (bounded by 2 s).
std::string ReadRequest(int fd) {
  std::string data;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  size_t need = std::string::npos;
  while (std::chrono::steady_clock::now() < deadline) {
    size_t head = data.find("\r\n\r\n");
    if (head != std::string::npos && need == std::string::npos) {
      size_t length = 0;
      size_t at = data.find("Content-Length: ");
      if (at != std::string::npos && at < head) {
        length = std::strtoul(data.c_str() + at + 16, nullptr, 10);
      }
      need = head + 4 + length;
    }
    if (need != std::string::npos && data.size() >= need) break;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buffer[65536];
    ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    data.append(buffer, static_cast<size_t>(n));
  }
  return data;
}

}  // namespace

FakeHttpServer::FakeHttpServer(std::vector<std::string> responses)
    : responses_(std::move(responses)) {
  listener_ = ListenOnLoopback(&port_);
  thread_ = std::thread([this] { Run(); });
}

FakeHttpServer::~FakeHttpServer() {
  stop_ = true;
  thread_.join();
  if (listener_ >= 0) close(listener_);
}

std::vector<std::string> FakeHttpServer::targets() const {
  std::lock_guard<std::mutex> lock(mu_);
  return targets_;
}

void FakeHttpServer::Run() {
  while (!stop_ && listener_ >= 0) {
    pollfd p{listener_, POLLIN, 0};
    if (poll(&p, 1, 20) <= 0) continue;
    int fd = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    const int index = connections_++;
    const std::string request = ReadRequest(fd);
    {
      std::lock_guard<std::mutex> lock(mu_);
      size_t sp1 = request.find(' ');
      size_t sp2 = sp1 == std::string::npos ? sp1 : request.find(' ', sp1 + 1);
      targets_.push_back(sp2 == std::string::npos ? "" : request.substr(sp1 + 1, sp2 - sp1 - 1));
    }
    const std::string& response = responses_.empty()
                                      ? std::string()
                                      : responses_[std::min<size_t>(index, responses_.size() - 1)];
    size_t done = 0;
    while (done < response.size()) {
      ssize_t n = send(fd, response.data() + done, response.size() - done, MSG_NOSIGNAL);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    close(fd);
  }
}

std::string CannedResponse(int status, const std::string& body, const std::string& content_type) {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + content_type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
         body;
}

int UnusedPort() {
  int port = 0;
  int fd = ListenOnLoopback(&port);
  if (fd >= 0) close(fd);
  return port;
}

}  // namespace relic::testing
