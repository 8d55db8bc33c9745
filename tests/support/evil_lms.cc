// SPDX-License-Identifier: Apache-2.0
#include "support/evil_lms.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "base/text_codec.h"

namespace relic::testing {
namespace {

using std::chrono::milliseconds;

// Reads one request (head and Content-Length body), giving up after 2 s;
// the request target, or "" if none arrived.
std::string ReadRequest(int fd, const std::atomic<bool>& stop) {
  std::string data;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  size_t need = std::string::npos;
  while (!stop && std::chrono::steady_clock::now() < deadline) {
    const size_t head = data.find("\r\n\r\n");
    if (head != std::string::npos && need == std::string::npos) {
      size_t length = 0;
      const size_t at = data.find("Content-Length: ");
      if (at != std::string::npos && at < head) {
        length = std::strtoul(data.c_str() + at + 16, nullptr, 10);
      }
      need = head + 4 + length;
    }
    if (need != std::string::npos && data.size() >= need) break;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    char buffer[65536];
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    data.append(buffer, static_cast<size_t>(n));
  }
  const size_t sp1 = data.find(' ');
  const size_t sp2 = sp1 == std::string::npos ? sp1 : data.find(' ', sp1 + 1);
  return sp2 == std::string::npos ? "" : data.substr(sp1 + 1, sp2 - sp1 - 1);
}

std::string Response(const std::string& body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

std::string ChallengeBody() { return "{\"challenge\":\"" + Base64Encode(Bytes(32, 7)) + "\"}"; }

}  // namespace

const char* EvilBehaviourName(EvilBehaviour behaviour) {
  switch (behaviour) {
    case EvilBehaviour::kHeaderFlood:
      return "HeaderFlood";
    case EvilBehaviour::kDrip:
      return "Drip";
    case EvilBehaviour::kNeverAnswers:
      return "NeverAnswers";
    case EvilBehaviour::kHugeBody:
      return "HugeBody";
    case EvilBehaviour::kEndlessBody:
      return "EndlessBody";
    case EvilBehaviour::kNestedBody:
      return "NestedBody";
    case EvilBehaviour::kWrongSignature:
      return "WrongSignature";
  }
  return "?";
}

EvilLms::EvilLms(EvilBehaviour behaviour, milliseconds pace) : behaviour_(behaviour), pace_(pace) {
  listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (listener_ < 0 || bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(listener_, 64) != 0) {
    std::abort();  // a test cannot go on without its server
  }
  socklen_t len = sizeof addr;
  getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { Accept(); });
}

EvilLms::~EvilLms() {
  stop_ = true;
  acceptor_.join();
  std::lock_guard lock(mu_);
  for (std::thread& t : served_) t.join();
  close(listener_);
}

void EvilLms::Accept() {
  while (!stop_) {
    pollfd p{listener_, POLLIN, 0};
    if (poll(&p, 1, 20) <= 0) continue;
    const int fd = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    ++connections_;
    std::lock_guard lock(mu_);
    served_.emplace_back([this, fd] {
      Serve(fd);
      close(fd);
    });
  }
}

void EvilLms::Pause() const {
  auto left = pace_;
  while (left.count() > 0 && !stop_) {
    const auto step = std::min(left, milliseconds(20));
    std::this_thread::sleep_for(step);
    left -= step;
  }
}

bool EvilLms::Send(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size() && !stop_) {
    pollfd p{fd, POLLOUT, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    const ssize_t n = send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
    bytes_sent_ += static_cast<uint64_t>(n);
  }
  return !stop_;
}

void EvilLms::Serve(int fd) {
  const std::string target = ReadRequest(fd, stop_);
  const std::string chunk(64 * 1024, 'A');
  switch (behaviour_) {
    case EvilBehaviour::kHeaderFlood: {
      if (!Send(fd, "HTTP/1.1 200 OK\r\n")) return;
      for (uint64_t i = 0;; ++i) {
        if (!Send(fd, "X-Flood-" + std::to_string(i) + ": " + std::string(100, 'f') + "\r\n")) {
          return;
        }
        Pause();
      }
    }
    case EvilBehaviour::kDrip: {
      const std::string answer = Response(ChallengeBody());
      for (char c : answer) {
        if (!Send(fd, std::string(1, c))) return;
        // Never faster than a byte in 200 ms: a drip, whatever the pace.
        std::this_thread::sleep_for(std::max(pace_, milliseconds(200)));
      }
      return;
    }
    case EvilBehaviour::kNeverAnswers:
      while (!stop_) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 50) > 0) {
          char sink[4096];
          if (recv(fd, sink, sizeof sink, 0) <= 0) return;  // the client gave up
        }
      }
      return;
    case EvilBehaviour::kHugeBody:
    case EvilBehaviour::kEndlessBody: {
      if (!Send(fd, "HTTP/1.1 200 OK\r\n")) return;
      // Paced, the announcement itself takes a while (30 paces), so that
      // a client can be interrupted before it sees the length.
      for (int i = 0; i < 30 && pace_.count() > 0 && behaviour_ == EvilBehaviour::kHugeBody; ++i) {
        Pause();
      }
      const std::string head = behaviour_ == EvilBehaviour::kHugeBody
                                   ? "Content-Length: 10000000000\r\n\r\n"
                                   : "Connection: close\r\n\r\n";
      if (!Send(fd, head)) return;
      for (;;) {
        if (!Send(fd, chunk)) return;
        Pause();
      }
    }
    case EvilBehaviour::kNestedBody: {
      const size_t size = 5'500'000;
      if (!Send(fd, "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(size) + "\r\n\r\n")) {
        return;
      }
      const std::string brackets(64 * 1024, '[');
      for (size_t sent = 0; sent < size; sent += brackets.size()) {
        if (!Send(fd, brackets.substr(0, std::min(brackets.size(), size - sent)))) return;
        Pause();
      }
      return;
    }
    case EvilBehaviour::kWrongSignature:
      if (target.ends_with("/v1/challenge")) {
        Send(fd, Response(ChallengeBody()));
      } else {
        Pause();
        Send(fd, Response("{\"answer\":\"" + Base64Encode(Bytes(200, 1)) + "\",\"signature\":\"" +
                          Base64Encode(Bytes(64, 2)) + "\"}"));
      }
      return;
  }
}

}  // namespace relic::testing
