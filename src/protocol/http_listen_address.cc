// SPDX-License-Identifier: Apache-2.0
#include "protocol/http_listen_address.h"

#include <arpa/inet.h>

#include <cstring>

namespace relic::lms {
namespace {

Status BadAddress(std::string_view text) {
  return Status(Code::kInvalidArgument,
                "cannot listen on \"" + std::string(text) +
                    "\": give HOST:PORT, such as 127.0.0.1:8470 or [::1]:8470 (port 0 picks a "
                    "free port)");
}

}  // namespace

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  ListenAddress out;
  std::string_view port_text;
  if (text.starts_with("[")) {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return BadAddress(text);
    }
    out.host = std::string(text.substr(1, close - 1));
    in6_addr v6{};
    if (inet_pton(AF_INET6, out.host.c_str(), &v6) != 1) return BadAddress(text);
    port_text = text.substr(close + 2);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return BadAddress(text);
    out.host = std::string(text.substr(0, colon));
    // An IPv6 literal needs brackets, or its last group would read as the port.
    if (out.host.find(':') != std::string::npos) return BadAddress(text);
    port_text = text.substr(colon + 1);
  }
  if (port_text.empty() || port_text.size() > 5) return BadAddress(text);
  int port = 0;
  for (char c : port_text) {
    if (c < '0' || c > '9') return BadAddress(text);
    port = port * 10 + (c - '0');
  }
  if (port > 65535) return BadAddress(text);
  for (char c : out.host) {
    // Host names: letters, digits, '-' and '.'; IPv6 literals add ':' and hex.
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.' || c == ':' || c == '%';
    if (!ok) return BadAddress(text);
  }
  if (out.host.empty()) return BadAddress(text);
  out.port = port;
  return out;
}

bool IsLoopbackHost(std::string_view host) {
  if (host == "localhost") return true;
  const std::string text(host);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    // An IPv4-mapped loopback address (::ffff:127.x.y.z).
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
  }
  return false;
}

std::string ServiceUrl(bool tls, const std::string& host, int port) {
  const bool v6 = host.find(':') != std::string::npos;
  return std::string(tls ? "https://" : "http://") + (v6 ? "[" + host + "]" : host) + ":" +
         std::to_string(port);
}

}  // namespace relic::lms
