// SPDX-License-Identifier: Apache-2.0
#include "raw_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <utility>

namespace relic::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Reads what is available before `deadline` into `out`; false on EOF,
// error or timeout with nothing read.
bool ReadSome(int fd, std::string& out, Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return false;
  pollfd p{fd, POLLIN, 0};
  int rc = poll(&p, 1, static_cast<int>(left.count()));
  if (rc <= 0) return false;
  char buffer[16384];
  ssize_t n = recv(fd, buffer, sizeof buffer, 0);
  if (n <= 0) return false;
  out.append(buffer, static_cast<size_t>(n));
  return true;
}

}  // namespace

RawConnection::RawConnection(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return;
  }
  fd_ = fd;
}

RawConnection::~RawConnection() { Close(); }

RawConnection::RawConnection(RawConnection&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), pending_(std::move(other.pending_)) {}

void RawConnection::Close() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

bool RawConnection::Send(const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

std::optional<RawResponse> RawConnection::ReadResponse(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  std::string& data = pending_;
  size_t head_end;
  while ((head_end = data.find("\r\n\r\n")) == std::string::npos) {
    if (!ReadSome(fd_, data, deadline)) return std::nullopt;
  }
  RawResponse response;
  response.head = data.substr(0, head_end + 2);
  if (response.head.size() < 12 || response.head.compare(0, 5, "HTTP/") != 0) {
    return std::nullopt;
  }
  response.status = std::atoi(response.head.c_str() + 9);
  size_t length = 0;
  // Header names are case-insensitive; the service writes "Content-Length".
  size_t at = response.head.find("Content-Length: ");
  if (at != std::string::npos) length = std::strtoul(response.head.c_str() + at + 16, nullptr, 10);
  const size_t body_start = head_end + 4;
  while (data.size() < body_start + length) {
    if (!ReadSome(fd_, data, deadline)) return std::nullopt;
  }
  response.body = data.substr(body_start, length);
  data.erase(0, body_start + length);
  return response;
}

bool RawConnection::WaitClosed(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  char buffer[16384];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    int rc = poll(&p, 1, static_cast<int>(left.count()));
    if (rc < 0 && errno == EINTR) continue;
    if (rc <= 0) return false;
    ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) return true;
  }
}

std::string HttpRequest(const std::string& method, const std::string& path,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        const std::string& body) {
  std::string out = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
  if (!body.empty() || method == "POST") {
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  out += "\r\n" + body;
  return out;
}

std::optional<RawResponse> RoundTrip(int port, const std::string& request,
                                     std::chrono::milliseconds timeout) {
  RawConnection connection(port);
  if (!connection.ok() || !connection.Send(request)) return std::nullopt;
  return connection.ReadResponse(timeout);
}

}  // namespace relic::testing
