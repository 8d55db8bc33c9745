// SPDX-License-Identifier: Apache-2.0
// The restore engine's client for a License Management Service over HTTP or
// HTTPS (docs/lms.md has the API). Transient failures (no connection, a
// timeout, a 5xx, 408 or 429) are retried with a short backoff; an answer
// the service gives on purpose (any other 4xx) comes back as the relic code
// it names.
#include <httplib.h>
#include <openssl/x509.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <thread>

#include "protocol/http_listen_address.h"
#include "restore/lms_client.h"
#include "restore/lms_response_body.h"

namespace relic {
namespace {

// Answers are smaller than requests (a grant per license instead of an
// index entry), so the request bound in base64 is ample.
constexpr size_t kMaxResponseBytes = lms::kMaxRequestSize * 4 / 3 + 64 * 1024;

struct ServiceUrl {
  bool tls = false;
  std::string host;  // without brackets
  int port = 0;
  std::string path;  // "" or "/prefix", without a trailing '/'
  std::string text;  // as given, for messages
};

Status BadUrl(const std::string& url, const std::string& why) {
  return Status(Code::kInvalidArgument,
                "cannot use \"" + url + "\" as a License Management Service URL: " + why);
}

Result<ServiceUrl> ParseServiceUrl(const std::string& url) {
  ServiceUrl out;
  out.text = url;
  std::string_view rest(url);
  if (rest.starts_with("https://")) {
    out.tls = true;
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else {
    return BadUrl(url, "it must start with http:// or https://");
  }
  for (char c : rest) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return BadUrl(url, "it contains spaces or control characters");
  }
  if (rest.find_first_of("?#@") != std::string_view::npos) {
    return BadUrl(url, "it must not have a query, a fragment or a user name");
  }
  const size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  while (path.ends_with("/")) path.remove_suffix(1);
  out.path = std::string(path);

  std::string_view port_text;
  if (authority.starts_with("[")) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return BadUrl(url, "an IPv6 address lacks its ']'");
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return BadUrl(url, "unexpected text after the IPv6 address");
      port_text = after.substr(1);
      if (port_text.empty()) return BadUrl(url, "the port is empty");
    }
    for (char c : out.host) {
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') {
        return BadUrl(url, "the IPv6 address is malformed");
      }
    }
  } else {
    const size_t colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return BadUrl(url, "the port is empty");
    }
    for (char c : out.host) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') {
        return BadUrl(url, "the host name is malformed");
      }
    }
  }
  if (out.host.empty()) return BadUrl(url, "it has no host");
  // As the service itself: plain HTTP only to this machine. (Everything that
  // matters is signed or sealed anyway; TLS keeps which licenses a machine
  // restores private.)
  if (!out.tls && !lms::IsLoopbackHost(out.host)) {
    return BadUrl(url, "plain http is allowed only to a service on this machine; use https");
  }
  out.port = out.tls ? 443 : 80;
  if (!port_text.empty()) {
    if (port_text.size() > 5) return BadUrl(url, "the port is not a number from 1 to 65535");
    int port = 0;
    for (char c : port_text) {
      if (c < '0' || c > '9') return BadUrl(url, "the port is not a number from 1 to 65535");
      port = port * 10 + (c - '0');
    }
    if (port < 1 || port > 65535) return BadUrl(url, "the port is not a number from 1 to 65535");
    out.port = port;
  }
  return out;
}

// cpp-httplib writes to sockets without MSG_NOSIGNAL, and a service that
// closes early would then kill the process with SIGPIPE. Blocking the
// signal in this thread turns it into an EPIPE; a SIGPIPE raised meanwhile
// is taken off the thread before the mask is restored. Process-wide
// SIG_IGN would change the application's behaviour for other sockets.
class ScopedSigpipeBlock {
 public:
  ScopedSigpipeBlock() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~ScopedSigpipeBlock() {
    if (!was_pending_) {
      sigset_t pending;
      sigpending(&pending);
      if (sigismember(&pending, SIGPIPE) == 1) {
        const timespec zero{};
        sigtimedwait(&pipe_, nullptr, &zero);
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  ScopedSigpipeBlock(const ScopedSigpipeBlock&) = delete;
  ScopedSigpipeBlock& operator=(const ScopedSigpipeBlock&) = delete;

 private:
  sigset_t pipe_{};
  sigset_t old_{};
  bool was_pending_ = false;
};

// " (request ID X)" from the service's X-Request-Id header, which the
// service's log line carries too, so a user's error message leads its
// operator to the request. Empty for a missing or implausible ID.
std::string RequestIdSuffix(const httplib::Response& response) {
  const std::string id = response.get_header_value("X-Request-Id");
  if (id.empty() || id.size() > 64) return "";
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return "";
  }
  return " (request ID " + id + ")";
}

// One attempt's outcome: an answer to return (success or the service's
// deliberate refusal), or a transient failure worth another try.
struct Attempt {
  std::optional<Result<std::string>> final;
  std::string problem;  // for a transient failure
};

class HttpLmsClient final : public LmsClient {
 public:
  HttpLmsClient(ServiceUrl url, HttpClientOptions options)
      : url_(std::move(url)), options_(std::move(options)) {}

  Result<std::array<uint8_t, lms::kChallengeSize>> Challenge() override {
    RELIC_ASSIGN_OR_RETURN(std::string body, Call("GET", "/v1/challenge", ""));
    return ParseChallengeBody(body, url_.text);
  }

  Result<lms::Signed> Restore(const lms::Signed& request) override {
    const std::string body = lms::WrapSigned("request", request.message, request.signature);
    RELIC_ASSIGN_OR_RETURN(std::string answer, Call("POST", "/v1/restore", body));
    auto signed_answer = lms::UnwrapSigned("answer", answer, lms::kMaxRequestSize);
    if (!signed_answer.ok()) {
      return Status(Code::kMalformed,
                    "the License Management Service at " + url_.text +
                        " sent a malformed answer: " + signed_answer.status().message());
    }
    return std::move(signed_answer).value();
  }

 private:
  Result<std::string> Call(const std::string& method, const std::string& path,
                           const std::string& body) {
    const int attempts = std::max(1, options_.attempts);
    std::string problem;
    auto backoff = std::chrono::milliseconds(200);
    for (int attempt = 1; attempt <= attempts; ++attempt) {
      if (attempt > 1) {
        std::this_thread::sleep_for(backoff);
        backoff = std::min(backoff * 3, std::chrono::milliseconds(5000));
      }
      Attempt outcome = Once(method, path, body);
      if (outcome.final) return std::move(*outcome.final);
      problem = outcome.problem;
    }
    return Status(Code::kServiceUnavailable,
                  "cannot reach the License Management Service at " + url_.text + " (" + problem +
                      ", " + std::to_string(attempts) + " attempt" + (attempts == 1 ? "" : "s") +
                      "); check that the License Management Service at " + url_.text +
                      " is running and reachable, then try again");
  }

  Attempt Once(const std::string& method, const std::string& path, const std::string& body) {
    try {
      return OnceOrThrow(method, path, body);
    } catch (const std::exception& e) {
      // cpp-httplib may throw (std::regex, allocation); nothing crosses the API.
      return Attempt{Result<std::string>(
                         Status(Code::kInternal, std::string("HTTP client failure: ") + e.what())),
                     {}};
    }
  }

  Attempt OnceOrThrow(const std::string& method, const std::string& path, const std::string& body) {
    std::unique_ptr<httplib::ClientImpl> client;
    if (url_.tls) {
      auto tls = std::make_unique<httplib::SSLClient>(url_.host, url_.port);
      tls->enable_server_certificate_verification(true);
      if (!options_.ca_file.empty()) tls->set_ca_cert_path(options_.ca_file);
      client = std::move(tls);
    } else {
      client = std::make_unique<httplib::ClientImpl>(url_.host, url_.port);
    }
    client->set_connection_timeout(options_.connect_timeout);
    client->set_read_timeout(options_.request_timeout);
    client->set_write_timeout(options_.request_timeout);
    client->set_keep_alive(false);
    client->set_follow_location(false);
    // Plain bytes only: a compressed answer could inflate past any bound
    // before the size check sees it.
    client->set_decompress(false);

    httplib::Request request;
    request.method = method;
    request.path = url_.path + path;
    request.headers = {{"Accept", "application/json"}, {"Accept-Encoding", "identity"}};
    if (!body.empty()) {
      request.headers.emplace("Content-Type", "application/json");
      request.body = body;
    }
    std::string received;
    bool too_large = false;
    request.content_receiver = [&](const char* data, size_t size, uint64_t, uint64_t) {
      if (received.size() + size > kMaxResponseBytes) {
        too_large = true;
        return false;
      }
      received.append(data, size);
      return true;
    };

    httplib::Result result = [&] {
      ScopedSigpipeBlock no_sigpipe;
      return client->send(request);
    }();
    if (!result) {
      if (too_large) {
        return Final(Status(Code::kMalformed, "the License Management Service at " + url_.text +
                                                  " sent an answer larger than any valid one"));
      }
      switch (result.error()) {
        case httplib::Error::SSLServerVerification: {
          long verify = static_cast<httplib::SSLClient*>(client.get())->get_openssl_verify_result();
          const std::string reason = verify != X509_V_OK ? X509_verify_cert_error_string(verify)
                                                         : "the certificate does not name the host";
          return Final(Status(Code::kServiceUnavailable,
                              "the certificate of the License Management Service at " + url_.text +
                                  " does not verify (" + reason +
                                  "); check the URL, or the CA file given for it"));
        }
        case httplib::Error::SSLLoadingCerts:
          return Final(Status(Code::kInvalidArgument,
                              options_.ca_file.empty()
                                  ? "cannot load the system's trusted certificates for " + url_.text
                                  : "cannot load the CA certificates in " + options_.ca_file));
        case httplib::Error::Connection:
          return Transient("cannot connect");
        case httplib::Error::ConnectionTimeout:
          return Transient("connecting timed out");
        case httplib::Error::Read:
          return Transient("the connection closed or timed out before an answer arrived");
        case httplib::Error::Write:
          return Transient("the connection closed or timed out while sending");
        case httplib::Error::SSLConnection:
          return Transient("the TLS connection failed");
        default:
          return Transient("HTTP error: " + httplib::to_string(result.error()));
      }
    }

    const int status = result->status;
    if (status == 200) return Final(std::move(received));
    if (status == 408 || status == 429 || status >= 500) {
      return Transient("it answered HTTP " + std::to_string(status) +
                       ServiceMessageSuffix(received) + RequestIdSuffix(*result));
    }
    if (status >= 400) {
      Status refusal = RefusalFromBody(status, received, url_.text);
      return Final(Status(refusal.code(), refusal.message() + RequestIdSuffix(*result)));
    }
    if (status >= 300 && status < 400) {
      const std::string location = SanitizeServiceText(result->get_header_value("Location"));
      return Final(Status(Code::kMalformed, "the License Management Service URL " + url_.text +
                                                " redirects (HTTP " + std::to_string(status) +
                                                ") to " + location + "; use the URL it names"));
    }
    return Final(Status(Code::kMalformed, "the License Management Service at " + url_.text +
                                              " answered with an unexpected HTTP status " +
                                              std::to_string(status)));
  }

  static Attempt Final(Result<std::string> result) { return Attempt{std::move(result), {}}; }
  static Attempt Transient(std::string problem) {
    return Attempt{std::nullopt, std::move(problem)};
  }

  const ServiceUrl url_;
  const HttpClientOptions options_;
};

}  // namespace

Result<std::unique_ptr<LmsClient>> NewHttpLmsClient(const std::string& base_url,
                                                    const HttpClientOptions& options) {
  RELIC_ASSIGN_OR_RETURN(ServiceUrl url, ParseServiceUrl(base_url));
  if (options.connect_timeout.count() <= 0 || options.request_timeout.count() <= 0) {
    return Status(Code::kInvalidArgument, "the LMS client's timeouts must be positive");
  }
  return std::unique_ptr<LmsClient>(new HttpLmsClient(std::move(url), options));
}

}  // namespace relic
