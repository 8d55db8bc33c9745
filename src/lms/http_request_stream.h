// SPDX-License-Identifier: Apache-2.0
// What cpp-httplib reads requests from and writes responses to on the
// service's connections: a buffered Stream over a Transport that enforces,
// per request, one deadline for the whole request (line, headers and body),
// a limit on the bytes before the body (request line and headers), and a
// limit on the body's bytes. cpp-httplib reads a header line whole before
// checking its length and accepts any number of headers, so these limits
// have to sit below it.
#pragma once

#include <httplib.h>

#include <array>
#include <chrono>
#include <functional>
#include <string>

#include "protocol/http_transport.h"

namespace relic::lms {

// Why the reading of a request stopped early.
enum class RequestCut {
  kNone,
  kDeadline,  // the request did not arrive within request_timeout
  kShed,      // its head was too slow while other connections waited
  kHeadersTooLarge,
  kBodyTooLarge,
};

struct RequestLimits {
  std::chrono::milliseconds request_timeout{10'000};
  // While connections wait for a worker, a request's line and headers get
  // only this long: a slow client then yields its worker early.
  std::chrono::milliseconds busy_head_timeout{1'000};
  std::chrono::milliseconds write_timeout{10'000};
  size_t max_header_bytes = size_t{16} * 1024;
  size_t max_body_bytes = 0;
};

// How often a waiting read looks whether the server has become busy.
constexpr std::chrono::milliseconds kBusyCheckInterval{100};

struct Endpoint {
  std::string ip;
  int port = 0;
};

class RequestStream final : public httplib::Stream {
 public:
  // `busy`: whether connections are waiting for a worker.
  RequestStream(Transport& transport, const RequestLimits& limits, std::function<bool()> busy,
                Endpoint remote, Endpoint local);

  // Starts the next request on the connection: its deadline runs from now.
  void BeginRequest(SteadyTime now);
  RequestCut cut() const { return cut_; }
  bool HasBufferedInput() const { return pos_ < end_ || transport_.HasBuffered(); }
  const Endpoint& remote() const { return remote_; }

  // httplib::Stream
  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override;

 private:
  // Counts delivered bytes against the limits; false (and cut_ set) when
  // one is exceeded.
  bool Account(const char* data, size_t size);

  Transport& transport_;
  const RequestLimits limits_;
  const std::function<bool()> busy_;
  const Endpoint remote_;
  const Endpoint local_;
  std::array<char, size_t{16} * 1024> buffer_{};
  size_t pos_ = 0;
  size_t end_ = 0;
  SteadyTime start_{};
  SteadyTime deadline_{};
  bool writing_ = false;
  SteadyTime write_deadline_{};
  RequestCut cut_ = RequestCut::kNone;
  // Header scanning, mirroring cpp-httplib: the head ends with the first
  // line after the request line that is exactly CRLF.
  bool headers_done_ = false;
  bool first_line_ = true;
  size_t line_length_ = 0;
  char previous_ = 0;
  size_t header_bytes_ = 0;
  size_t body_bytes_ = 0;
};

}  // namespace relic::lms
