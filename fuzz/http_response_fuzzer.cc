// SPDX-License-Identifier: Apache-2.0
// The restore client's reader of HTTP responses (restore/http_response_parser.h)
// on whatever answers at a service's address (adversary A4, or A2 on the
// path): status lines, header floods, lengths, codings, truncation. The
// first input byte splits the rest into pieces of (byte % 7) + 1 bytes, as
// a network delivers them; the other bytes are the response. Besides not
// crashing, the reader must keep what the client relies on: it never holds
// more than its limits, the result does not depend on how the bytes were
// split, and a complete answer has a final status and a body within the
// announced length.
#include <string>
#include <string_view>

#include "fuzz_target.h"
#include "restore/http_response_parser.h"

namespace {

constexpr relic::HttpResponseLimits kLimits{
    .max_head_bytes = 1024, .max_headers = 8, .max_body_bytes = 4096};

struct Outcome {
  bool failed = false;
  std::string message;
  bool complete = false;
  int status = 0;
  std::string body;
  std::string location;
};

Outcome Run(std::string_view bytes, size_t piece) {
  relic::HttpResponseParser parser(kLimits);
  Outcome out;
  relic::Status status = relic::Status::Ok();
  while (!bytes.empty() && status.ok() && !parser.complete()) {
    const size_t n = std::min(piece, bytes.size());
    status = parser.Feed(bytes.substr(0, n));
    bytes.remove_prefix(n);
  }
  if (status.ok() && !parser.complete()) status = parser.Finish();
  out.failed = !status.ok();
  out.message = status.message();
  out.complete = parser.complete();
  if (out.failed) {
    if (status.code() != relic::Code::kMalformed || out.message.empty()) __builtin_trap();
    return out;
  }
  if (!out.complete) __builtin_trap();  // Finish either completes or fails
  out.status = parser.response().status;
  out.body = parser.response().body;
  out.location = parser.response().location;
  if (out.status < 200 || out.status > 599) __builtin_trap();
  if (out.body.size() > kLimits.max_body_bytes) __builtin_trap();
  if (out.location.size() > kLimits.max_head_bytes) __builtin_trap();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t piece = data[0] % 7 + 1;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const Outcome split = Run(bytes, piece);
  const Outcome whole = Run(bytes, bytes.size() + 1);
  if (split.failed != whole.failed || split.message != whole.message ||
      split.status != whole.status || split.body != whole.body ||
      split.location != whole.location) {
    __builtin_trap();
  }
  return 0;
}
