// SPDX-License-Identifier: Apache-2.0
// The restore client's reader of one HTTP/1.1 response from whatever answers
// at a License Management Service's address (adversary A4 in
// docs/threat-model.md, or anyone on the path: A2). It takes the bytes as
// they arrive and holds at most its limits' worth of them: a status line and
// headers within a byte and a count limit, a body within a byte limit. Only
// the plain forms the service sends are accepted (CRLF line ends, a
// Content-Length or a body that ends with the connection, no transfer or
// content coding); everything else is kMalformed at once. Kept apart from
// the sockets so that fuzz/http_response_fuzzer.cc reaches it directly.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "relic/status.h"

namespace relic {

struct HttpResponseLimits {
  size_t max_head_bytes = size_t{16} * 1024;  // status line and headers, line ends included
  size_t max_headers = 64;
  size_t max_body_bytes = 0;
};

struct HttpResponse {
  int status = 0;
  std::string location;    // as sent, for a redirect's message (sanitize before showing)
  std::string request_id;  // X-Request-Id as sent (check before showing)
  std::string body;
};

class HttpResponseParser {
 public:
  explicit HttpResponseParser(const HttpResponseLimits& limits) : limits_(limits) {}

  // Takes the next bytes received. kMalformed when the response breaks a
  // rule or a limit, with a message that completes "an answer that …" (the
  // caller names the service); bytes after a complete response are ignored.
  Status Feed(std::string_view data);
  // The peer closed the connection: ends a body that runs until the close;
  // kMalformed if the response is incomplete.
  Status Finish();
  bool complete() const { return state_ == State::kDone; }
  // Valid once complete().
  HttpResponse& response() { return response_; }

 private:
  enum class State { kHead, kBody, kDone };
  Status TakeLine(std::string_view line);
  Status TakeStatusLine(std::string_view line);
  Status TakeHeader(std::string_view line);
  Status EndOfHead();

  const HttpResponseLimits limits_;
  State state_ = State::kHead;
  std::string line_;  // the head line being received
  size_t head_bytes_ = 0;
  size_t headers_ = 0;
  bool status_seen_ = false;
  std::optional<size_t> content_length_;
  HttpResponse response_;
};

}  // namespace relic
