// SPDX-License-Identifier: Apache-2.0
// Raw HTTP over loopback sockets, for tests that must send what no real
// client sends: partial requests, floods of headers, garbage, slow bytes.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace relic::testing {

struct RawResponse {
  int status = 0;
  std::string head;  // status line and headers
  std::string body;
};

class RawConnection {
 public:
  // Connects to 127.0.0.1:port; check ok().
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(RawConnection&& other) noexcept;
  RawConnection& operator=(RawConnection&&) = delete;
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool ok() const { return fd_ >= 0; }
  // Sends everything; false if the peer closed or reset the connection.
  bool Send(const std::string& data);
  // Reads one response (headers, then Content-Length bytes of body).
  // nullopt if the connection closes or the time runs out first.
  std::optional<RawResponse> ReadResponse(std::chrono::milliseconds timeout);
  // Whether the peer closes (EOF or reset) within the timeout; reads and
  // discards whatever arrives meanwhile.
  bool WaitClosed(std::chrono::milliseconds timeout);
  void Close();

 private:
  int fd_ = -1;
  std::string pending_;  // bytes read past the last response
};

// "METHOD PATH HTTP/1.1" with Host, the headers and, if given, the body
// with its Content-Length.
std::string HttpRequest(const std::string& method, const std::string& path,
                        const std::vector<std::pair<std::string, std::string>>& headers = {},
                        const std::string& body = "");

// One request on a fresh connection; nullopt if no response came.
std::optional<RawResponse> RoundTrip(
    int port, const std::string& request,
    std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

}  // namespace relic::testing
