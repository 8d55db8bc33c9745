// SPDX-License-Identifier: Apache-2.0
// How the restore engine talks to a License Management Service. The HTTP
// client is the real one; the in-process one (lms/local_lms_client.h) calls
// the server's Authority and lives with the server, so that this client
// library does not carry it.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "protocol/protocol.h"

namespace relic {

class LmsClient {
 public:
  virtual ~LmsClient() = default;
  // Errors: kServiceUnavailable when the service cannot be reached (after
  // the client's own retries); otherwise the code the service reported.
  virtual Result<std::array<uint8_t, lms::kChallengeSize>> Challenge() = 0;
  virtual Result<lms::Signed> Restore(const lms::Signed& request) = 0;
};

// What bounds every call of a client besides its own limits: the caller's
// deadline (a restore's), and a way to ask it to stop (a cancel), which it
// honours within kStopCheckInterval at any point of a call.
struct LmsCallBounds {
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  std::function<bool()> stop;  // may be empty
};
inline constexpr std::chrono::milliseconds kStopCheckInterval{100};

struct HttpClientOptions {
  std::chrono::milliseconds connect_timeout{3000};
  // One exchange, whole: connecting, sending, and the answer's status line,
  // headers and body (not each read: a server that drips a byte at a time
  // is cut here too).
  std::chrono::milliseconds request_timeout{30000};
  int attempts = 3;     // per call, with a short backoff between them
  std::string ca_file;  // for https; empty: the system's trust store
  LmsCallBounds bounds;
};

// base_url: "http://127.0.0.1:8470" or "https://lms.example.com[:port]".
// kInvalidArgument for a URL it cannot use.
Result<std::unique_ptr<LmsClient>> NewHttpLmsClient(const std::string& base_url,
                                                    const HttpClientOptions& options = {});

// How the restore engine connects to the service at a URL: the HTTP client,
// unless a test installed another factory (in-process services, fakes that
// tamper with answers). Not thread-safe: set it before starting restores.
// A test's factory gets the URL only; the bounds are the real client's.
using LmsClientFactory = std::function<Result<std::unique_ptr<LmsClient>>(const std::string& url)>;
void SetLmsClientFactoryForTesting(LmsClientFactory factory);
Result<std::unique_ptr<LmsClient>> ConnectLms(const std::string& url,
                                              const LmsCallBounds& bounds = {});

}  // namespace relic
