// SPDX-License-Identifier: Apache-2.0
#include "lms/http_request_stream.h"

#include <poll.h>

#include <algorithm>
#include <cstring>

namespace relic::lms {

namespace {
// Chunked bodies carry chunk-size lines and trailers on top of the payload.
constexpr size_t kChunkingSlack = size_t{64} * 1024;
}  // namespace

RequestStream::RequestStream(Transport& transport, const RequestLimits& limits,
                             std::function<bool()> busy, Endpoint remote, Endpoint local)
    : transport_(transport),
      limits_(limits),
      busy_(std::move(busy)),
      remote_(std::move(remote)),
      local_(std::move(local)) {}

void RequestStream::BeginRequest(SteadyTime now) {
  start_ = now;
  deadline_ = now + limits_.request_timeout;
  writing_ = false;
  cut_ = RequestCut::kNone;
  headers_done_ = false;
  first_line_ = true;
  line_length_ = 0;
  previous_ = 0;
  header_bytes_ = 0;
  body_bytes_ = 0;
}

bool RequestStream::Account(const char* data, size_t size) {
  size_t i = 0;
  for (; i < size && !headers_done_; ++i) {
    ++header_bytes_;
    ++line_length_;
    const char c = data[i];
    if (c == '\n') {
      if (!first_line_ && line_length_ == 2 && previous_ == '\r') headers_done_ = true;
      first_line_ = false;
      line_length_ = 0;
    }
    previous_ = c;
  }
  if (header_bytes_ > limits_.max_header_bytes) {
    cut_ = RequestCut::kHeadersTooLarge;
    return false;
  }
  body_bytes_ += size - i;
  if (body_bytes_ > limits_.max_body_bytes + kChunkingSlack) {
    cut_ = RequestCut::kBodyTooLarge;
    return false;
  }
  return true;
}

bool RequestStream::is_readable() const {
  return HasBufferedInput() || WaitFor(transport_.fd(), POLLIN, deadline_) == WaitResult::kReady;
}

bool RequestStream::is_writable() const {
  const SteadyTime deadline =
      writing_ ? write_deadline_ : std::chrono::steady_clock::now() + limits_.write_timeout;
  return WaitFor(transport_.fd(), POLLOUT, deadline) == WaitResult::kReady;
}

ssize_t RequestStream::read(char* ptr, size_t size) {
  if (cut_ != RequestCut::kNone) return -1;
  writing_ = false;
  while (pos_ == end_) {
    // Wait in short slices, so that a head still arriving when the server
    // becomes busy is cut at busy_head_timeout, not at its full deadline.
    SteadyTime limit = deadline_;
    RequestCut cut_at_limit = RequestCut::kDeadline;
    if (!headers_done_ && busy_ && busy_() && start_ + limits_.busy_head_timeout < limit) {
      limit = start_ + limits_.busy_head_timeout;
      cut_at_limit = RequestCut::kShed;
    }
    const SteadyTime now = std::chrono::steady_clock::now();
    if (now >= limit) {
      cut_ = cut_at_limit;
      return -1;
    }
    const ssize_t n =
        transport_.Read(buffer_.data(), buffer_.size(), std::min(limit, now + kBusyCheckInterval));
    if (n == kReadTimedOut) continue;
    if (n <= 0) return n < 0 ? -1 : 0;
    pos_ = 0;
    end_ = static_cast<size_t>(n);
  }
  const size_t n = std::min(size, end_ - pos_);
  if (!Account(buffer_.data() + pos_, n)) return -1;
  std::memcpy(ptr, buffer_.data() + pos_, n);
  pos_ += n;
  return static_cast<ssize_t>(n);
}

ssize_t RequestStream::write(const char* ptr, size_t size) {
  // The response gets its own deadline: a slow request must not leave no
  // time to answer it.
  if (!writing_) {
    writing_ = true;
    write_deadline_ = std::chrono::steady_clock::now() + limits_.write_timeout;
  }
  return transport_.WriteAll(ptr, size, write_deadline_) ? static_cast<ssize_t>(size) : -1;
}

void RequestStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = remote_.ip;
  port = remote_.port;
}

void RequestStream::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = local_.ip;
  port = local_.port;
}

socket_t RequestStream::socket() const { return transport_.fd(); }

}  // namespace relic::lms
