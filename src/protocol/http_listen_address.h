// SPDX-License-Identifier: Apache-2.0
// Where the LMS's HTTP service listens: "HOST:PORT" as given on the command
// line, and whether a host is loopback (plain HTTP is served only there).
#pragma once

#include <string>
#include <string_view>

#include "relic/status.h"

namespace relic::lms {

struct ListenAddress {
  std::string host;  // an IPv4 or IPv6 literal (without brackets) or a host name
  int port = 0;      // 0: any free port
};

// "127.0.0.1:8470", "[::1]:8470", "localhost:0". kInvalidArgument, naming
// the text, for anything else.
Result<ListenAddress> ParseListenAddress(std::string_view text);

// 127.0.0.0/8, ::1, ::ffff:127.0.0.0/104 and the name "localhost". Other
// names are not resolved: a name could later resolve elsewhere.
bool IsLoopbackHost(std::string_view host);

// "http://127.0.0.1:8470", "https://[::1]:8470".
std::string ServiceUrl(bool tls, const std::string& host, int port);

}  // namespace relic::lms
