// SPDX-License-Identifier: Apache-2.0
#include "restore/http_response_parser.h"

#include <algorithm>
#include <cctype>

namespace relic {
namespace {

// The client names the service: "... sent an answer that <why>".
Status Bad(const std::string& why) { return Status(Code::kMalformed, why); }

bool IsTokenChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (std::isalnum(u)) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view TrimSpaces(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

}  // namespace

Status HttpResponseParser::Feed(std::string_view data) {
  while (!data.empty()) {
    switch (state_) {
      case State::kDone:
        return Status::Ok();
      case State::kBody: {
        size_t want = data.size();
        if (content_length_) want = std::min(want, *content_length_ - response_.body.size());
        if (response_.body.size() + want > limits_.max_body_bytes) {
          return Bad("is larger than any valid one");
        }
        response_.body.append(data.substr(0, want));
        data.remove_prefix(want);
        if (content_length_ && response_.body.size() == *content_length_) state_ = State::kDone;
        break;
      }
      case State::kHead: {
        const size_t lf = data.find('\n');
        const size_t take = lf == std::string_view::npos ? data.size() : lf + 1;
        head_bytes_ += take;
        if (head_bytes_ > limits_.max_head_bytes) {
          return Bad("has a status line and headers longer than " +
                     std::to_string(limits_.max_head_bytes) + " bytes");
        }
        line_.append(data.substr(0, take));
        data.remove_prefix(take);
        if (lf == std::string_view::npos) break;
        if (line_.size() < 2 || line_[line_.size() - 2] != '\r') {
          return Bad("has a line that does not end with CRLF");
        }
        std::string line = std::move(line_);
        line_.clear();
        line.resize(line.size() - 2);
        RELIC_RETURN_IF_ERROR(TakeLine(line));
        break;
      }
    }
  }
  return Status::Ok();
}

Status HttpResponseParser::Finish() {
  if (state_ == State::kDone) return Status::Ok();
  if (state_ == State::kBody && !content_length_) {
    state_ = State::kDone;
    return Status::Ok();
  }
  return Bad(state_ == State::kHead ? "ended before its headers did"
                                    : "ended before the length its header gave");
}

Status HttpResponseParser::TakeLine(std::string_view line) {
  if (!status_seen_) return TakeStatusLine(line);
  if (line.empty()) return EndOfHead();
  return TakeHeader(line);
}

Status HttpResponseParser::TakeStatusLine(std::string_view line) {
  // "HTTP/1.1 200 OK"; the reason phrase may be empty or missing.
  if (!(line.starts_with("HTTP/1.1 ") || line.starts_with("HTTP/1.0 ")) || line.size() < 12) {
    return Bad("does not start with an HTTP/1.x status line");
  }
  std::string_view code = line.substr(9, 3);
  if (!std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      (line.size() > 12 && line[12] != ' ')) {
    return Bad("has a malformed status code");
  }
  response_.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
  // An interim 1xx answer is never due: the client sends no Expect.
  if (response_.status < 200 || response_.status > 599) {
    return Bad("has the unexpected status " + std::string(code));
  }
  for (char c : line.substr(std::min<size_t>(line.size(), 13))) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) return Bad("has control characters in its status");
  }
  status_seen_ = true;
  return Status::Ok();
}

Status HttpResponseParser::TakeHeader(std::string_view line) {
  if (++headers_ > limits_.max_headers) {
    return Bad("has more than " + std::to_string(limits_.max_headers) + " headers");
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return Bad("has a malformed header");
  std::string_view name = line.substr(0, colon);
  if (!std::all_of(name.begin(), name.end(), IsTokenChar)) return Bad("has a malformed header");
  std::string_view value = TrimSpaces(line.substr(colon + 1));
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) return Bad("has control characters in a header");
  }
  if (EqualsIgnoreCase(name, "Content-Length")) {
    if (value.empty() || value.size() > 12 ||
        !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return Bad("has a malformed Content-Length");
    }
    size_t length = 0;
    for (char c : value) length = length * 10 + static_cast<size_t>(c - '0');
    if (content_length_ && *content_length_ != length) {
      return Bad("has two different Content-Length headers");
    }
    if (length > limits_.max_body_bytes) return Bad("is larger than any valid one");
    content_length_ = length;
  } else if (EqualsIgnoreCase(name, "Transfer-Encoding")) {
    return Bad("uses a transfer coding (" + std::string(value.substr(0, 32)) +
               "); the service sends plain bodies");
  } else if (EqualsIgnoreCase(name, "Content-Encoding")) {
    // A compressed body could inflate past any bound.
    if (!EqualsIgnoreCase(value, "identity")) return Bad("is compressed, which relic refuses");
  } else if (EqualsIgnoreCase(name, "Location")) {
    response_.location = std::string(value);
  } else if (EqualsIgnoreCase(name, "X-Request-Id")) {
    response_.request_id = std::string(value);
  }
  return Status::Ok();
}

Status HttpResponseParser::EndOfHead() {
  state_ = State::kBody;
  // No body can follow these, whatever the headers say.
  if (response_.status == 204 || response_.status == 304 ||
      (content_length_ && *content_length_ == 0)) {
    state_ = State::kDone;
  }
  return Status::Ok();
}

}  // namespace relic
