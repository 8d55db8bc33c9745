// SPDX-License-Identifier: Apache-2.0
// The restore engine's client for a License Management Service over HTTP or
// HTTPS (docs/lms.md has the API). It speaks HTTP/1.1 itself over the
// service's own non-blocking transports: every wait is bounded by the
// exchange's deadline and the caller's, and looks for a stop a few times a
// second, and the answer is read through HttpResponseParser's limits, so
// whatever answers at the address cannot hold the client or fill its memory
// (a general HTTP library reads headers without a count limit and waits per
// read, not per exchange). Transient failures (no connection, a
// timeout, a 5xx, 408 or 429) are retried with a short backoff; an answer
// the service gives on purpose (any other 4xx) comes back as the relic code
// it names.
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <thread>

#include "base/cond_var.h"
#include "base/mutex.h"
#include "protocol/http_listen_address.h"
#include "protocol/http_transport.h"
#include "restore/http_response_parser.h"
#include "restore/lms_client.h"
#include "restore/lms_response_body.h"

namespace relic {
namespace {

// Answers are smaller than requests (a grant per license instead of an
// index entry), so the request bound in base64 is ample.
constexpr size_t kMaxResponseBytes = lms::kMaxRequestSize * 4 / 3 + size_t{64} * 1024;

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

// OpenSSL writes to its sockets without MSG_NOSIGNAL, and a service that
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
std::string RequestIdSuffix(const HttpResponse& response) {
  const std::string& id = response.request_id;
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

// The service's TLS trust: the system's store, or the CA file given.
struct SslContextFree {
  void operator()(SSL_CTX* context) const { SSL_CTX_free(context); }
};
using ClientContext = std::unique_ptr<SSL_CTX, SslContextFree>;

Result<ClientContext> NewClientContext(const std::string& ca_file, const std::string& url) {
  ClientContext context(SSL_CTX_new(TLS_client_method()));
  if (!context) return Status(Code::kInternal, "OpenSSL cannot make a TLS client context");
  SSL_CTX_set_min_proto_version(context.get(), TLS1_2_VERSION);
  const bool loaded =
      ca_file.empty() ? SSL_CTX_set_default_verify_paths(context.get()) == 1
                      : SSL_CTX_load_verify_locations(context.get(), ca_file.c_str(), nullptr) == 1;
  ERR_clear_error();
  if (!loaded) {
    return Status(Code::kInvalidArgument,
                  ca_file.empty() ? "cannot load the system's trusted certificates for " + url
                                  : "cannot load the CA certificates in " + ca_file);
  }
  return context;
}

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
        RELIC_RETURN_IF_ERROR(Sleep(backoff));
        backoff = std::min(backoff * 3, std::chrono::milliseconds(5000));
      }
      RELIC_RETURN_IF_ERROR(Bounds());
      Attempt outcome = Once(method, path, body);
      if (outcome.final) {
        // The service may have used the request's challenge before it
        // failed (a ledger connection not free in time, the database lost
        // mid-decision), so a retry's stale_challenge is the failed
        // attempt's doing, not a replay: what the user needs is the failure,
        // and that running the restore again is safe.
        if (attempt > 1 && !outcome.final->ok() &&
            outcome.final->status().code() == Code::kStaleChallenge) {
          return Status(Code::kServiceUnavailable,
                        "the License Management Service at " + url_.text + " failed (" + problem +
                            ") and had used the request's challenge, so its retry was refused; "
                            "nothing was restored by it: run the restore again later");
        }
        return std::move(*outcome.final);
      }
      problem = outcome.problem;
    }
    return Status(Code::kServiceUnavailable,
                  "cannot reach the License Management Service at " + url_.text + " (" + problem +
                      ", " + std::to_string(attempts) + " attempt" + (attempts == 1 ? "" : "s") +
                      "); check that the License Management Service at " + url_.text +
                      " is running and reachable, then try again");
  }

  // Why the caller's bounds end the call now; OK to go on.
  Status Bounds() const {
    const LmsCallBounds& b = options_.bounds;
    if (b.stop && b.stop()) {
      return Status(Code::kCanceled, "the exchange with the License Management Service at " +
                                         url_.text + " was canceled");
    }
    if (std::chrono::steady_clock::now() >= b.deadline) {
      return Status(Code::kServiceUnavailable,
                    "the License Management Service at " + url_.text +
                        " did not answer within the restore's deadline; try again later");
    }
    return Status::Ok();
  }
  Status Sleep(std::chrono::milliseconds total) const {
    const auto until = std::chrono::steady_clock::now() + total;
    while (std::chrono::steady_clock::now() < until) {
      RELIC_RETURN_IF_ERROR(Bounds());
      std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
          kStopCheckInterval, until - std::chrono::steady_clock::now()));
    }
    return Status::Ok();
  }

  Attempt Once(const std::string& method, const std::string& path, const std::string& body) {
    try {
      ScopedSigpipeBlock no_sigpipe;  // OpenSSL writes without MSG_NOSIGNAL
      return Exchange(method, path, body);
    } catch (const std::bad_alloc&) {
      return Final(Status(Code::kInternal,
                          "not enough memory to talk to the License Management "
                          "Service at " +
                              url_.text));
    }
  }

  // Waits on the transport in short slices so that a stop is seen quickly;
  // `until` is the exchange's deadline. Returns the bounds' status when they
  // end the exchange.
  template <typename Step>
  Result<bool> Sliced(lms::SteadyTime until, Step step) const {
    for (;;) {
      RELIC_RETURN_IF_ERROR(Bounds());
      const auto now = std::chrono::steady_clock::now();
      if (now >= until) return false;
      if (step(std::min(until, now + kStopCheckInterval))) return true;
    }
  }

  // One exchange: connect, send, read the whole answer, close.
  Attempt Exchange(const std::string& method, const std::string& path, const std::string& body) {
    const auto start = std::chrono::steady_clock::now();
    const auto until = std::min(start + options_.request_timeout, options_.bounds.deadline);
    auto connected = Connect(std::min(until, start + options_.connect_timeout));
    if (!connected.ok()) return Final(connected.status());
    if (!*connected) return Transient(connect_problem_);
    std::unique_ptr<lms::Transport> transport = std::move(*connected);
    auto closer = [&] { transport->Close(lms::SteadyTime{}); };
    struct Closer {
      decltype(closer)& close;
      ~Closer() { close(); }
    } close_at_end{closer};

    if (url_.tls) {
      std::string error;
      bool failed = false;
      auto shaken = Sliced(until, [&](lms::SteadyTime slice) {
        switch (transport->Shake(slice, error)) {
          case lms::Transport::Handshake::kDone:
            return true;
          case lms::Transport::Handshake::kTimedOut:
            return false;
          case lms::Transport::Handshake::kFailed:
            failed = true;
            return true;
        }
        return true;
      });
      if (!shaken.ok()) return Final(shaken.status());
      if (!*shaken) return Transient("the TLS handshake timed out");
      if (failed) {
        if (std::string why = transport->CertificateError(); !why.empty()) {
          return Final(Status(Code::kServiceUnavailable,
                              "the certificate of the License Management Service at " + url_.text +
                                  " does not verify (" + why +
                                  "); check the URL, or the CA file given for it"));
        }
        return Transient(error.empty() ? "the TLS connection failed" : error);
      }
    }

    std::string head = method + " " + url_.path + path + " HTTP/1.1\r\nHost: " + HostHeader() +
                       "\r\nAccept: application/json\r\nAccept-Encoding: identity\r\n"
                       "Connection: close\r\nUser-Agent: relic\r\n";
    if (!body.empty() || method == "POST") {
      head += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
              "\r\n";
    }
    head += "\r\n";
    for (const std::string* part : std::array<const std::string*, 2>{&head, &body}) {
      size_t sent = 0;
      // WriteAll cannot be resumed, so each slice writes at most a chunk.
      while (sent < part->size()) {
        const size_t chunk = std::min<size_t>(part->size() - sent, size_t{64} * 1024);
        auto wrote = Sliced(until, [&](lms::SteadyTime slice) {
          return transport->WriteAll(part->data() + sent, chunk, slice);
        });
        if (!wrote.ok()) return Final(wrote.status());
        if (!*wrote) return Transient("the connection closed or timed out while sending");
        sent += chunk;
      }
    }

    HttpResponseParser parser(HttpResponseLimits{.max_body_bytes = kMaxResponseBytes});
    std::array<char, size_t{16} * 1024> buffer{};
    Status parsed = Status::Ok();
    bool closed = false;
    auto received = Sliced(until, [&](lms::SteadyTime slice) {
      const ssize_t n = transport->Read(buffer.data(), buffer.size(), slice);
      if (n == lms::kReadTimedOut) return false;
      if (n <= 0) {
        // A close is the end of a body without a length; anywhere else the
        // answer was cut short, which is worth another try.
        closed = n == 0;
        if (closed) parser.Finish().IgnoreError();
        return true;
      }
      parsed = parser.Feed(std::string_view(buffer.data(), static_cast<size_t>(n)));
      return !parsed.ok() || parser.complete();
    });
    if (!received.ok()) return Final(received.status());
    if (!*received) {
      return Transient("no whole answer within " +
                       std::to_string(options_.request_timeout.count() / 1000) + " s");
    }
    if (!parsed.ok()) {
      return Final(Status(Code::kMalformed, "the License Management Service at " + url_.text +
                                                " sent an answer that " + parsed.message()));
    }
    if (!parser.complete()) {
      return Transient(closed ? "the connection closed before the whole answer arrived"
                              : "the connection failed before the whole answer arrived");
    }
    return Judge(parser.response());
  }

  // What an answer's status means.
  Attempt Judge(HttpResponse& response) const {
    const int status = response.status;
    std::string& received = response.body;
    if (status == 200) return Final(std::move(received));
    if (status == 408 || status == 429 || status >= 500) {
      return Transient("it answered HTTP " + std::to_string(status) +
                       ServiceMessageSuffix(received) + RequestIdSuffix(response));
    }
    if (status >= 400) {
      Status refusal = RefusalFromBody(status, received, url_.text);
      return Final(Status(refusal.code(), refusal.message() + RequestIdSuffix(response)));
    }
    if (status >= 300 && status < 400) {
      const std::string location = SanitizeServiceText(response.location);
      return Final(Status(Code::kMalformed, "the License Management Service URL " + url_.text +
                                                " redirects (HTTP " + std::to_string(status) +
                                                ") to " + location + "; use the URL it names"));
    }
    return Final(Status(Code::kMalformed, "the License Management Service at " + url_.text +
                                              " answered with an unexpected HTTP status " +
                                              std::to_string(status)));
  }

  std::string HostHeader() const {
    const bool v6 = url_.host.find(':') != std::string::npos;
    std::string host = v6 ? "[" + url_.host + "]" : url_.host;
    if (url_.port != (url_.tls ? 443 : 80)) host += ":" + std::to_string(url_.port);
    return host;
  }

  // A connected transport; null with connect_problem_ set for a transient
  // failure; an error when the bounds end the call.
  Result<std::unique_ptr<lms::Transport>> Connect(lms::SteadyTime until) {
    // The trust store is loaded with the first call, which reports a CA
    // file that cannot be used.
    if (url_.tls && !tls_) {
      RELIC_ASSIGN_OR_RETURN(tls_, NewClientContext(options_.ca_file, url_.text));
    }
    auto addresses = Resolve(until);
    if (!addresses.ok()) return addresses.status();
    if (addresses->empty()) return std::unique_ptr<lms::Transport>();
    for (const sockaddr_storage& address : *addresses) {
      const int fd = ::socket(address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (fd < 0) {
        connect_problem_ = "cannot make a socket";
        continue;
      }
      const socklen_t length =
          address.ss_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
      if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), length) != 0 &&
          errno != EINPROGRESS) {
        ::close(fd);
        connect_problem_ = "cannot connect";
        continue;
      }
      auto ready = Sliced(until, [&](lms::SteadyTime slice) {
        return lms::WaitFor(fd, POLLOUT, slice) != lms::WaitResult::kTimeout;
      });
      if (!ready.ok()) {
        ::close(fd);
        return ready.status();
      }
      int error = 0;
      socklen_t error_size = sizeof error;
      if (!*ready || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &error_size) != 0 ||
          error != 0) {
        ::close(fd);
        connect_problem_ = *ready ? "cannot connect" : "connecting timed out";
        continue;
      }
      const int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      auto transport = url_.tls ? lms::NewTlsClientTransport(tls_.get(), fd, url_.host)
                                : lms::NewPlainTransport(fd);
      if (!transport) {
        connect_problem_ = "cannot set up TLS";
        continue;
      }
      return transport;
    }
    return std::unique_ptr<lms::Transport>();
  }

  // The host's addresses. A name lookup runs on a thread of its own, so
  // that neither a stop nor the deadline waits for a slow resolver.
  Result<std::vector<sockaddr_storage>> Resolve(lms::SteadyTime until) {
    struct Lookup {
      Mutex mu;
      CondVar cv;
      bool done GUARDED_BY(mu) = false;
      int rc GUARDED_BY(mu) = 0;
      std::vector<sockaddr_storage> addresses GUARDED_BY(mu);
    };
    auto lookup = std::make_shared<Lookup>();
    std::thread([lookup, host = url_.host, port = std::to_string(url_.port)] {
      addrinfo hints{};
      hints.ai_family = AF_UNSPEC;
      hints.ai_socktype = SOCK_STREAM;
      addrinfo* list = nullptr;
      const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &list);
      std::vector<sockaddr_storage> found;
      for (addrinfo* a = list; rc == 0 && a != nullptr; a = a->ai_next) {
        if (a->ai_addrlen > sizeof(sockaddr_storage)) continue;
        sockaddr_storage s{};
        std::memcpy(&s, a->ai_addr, a->ai_addrlen);
        found.push_back(s);
      }
      if (list != nullptr) ::freeaddrinfo(list);
      MutexLock lock(lookup->mu);
      lookup->rc = rc;
      lookup->addresses = std::move(found);
      lookup->done = true;
      lookup->cv.NotifyAll();
    }).detach();
    MutexLock lock(lookup->mu);
    while (!lookup->done) {
      RELIC_RETURN_IF_ERROR(Bounds());
      const auto now = std::chrono::steady_clock::now();
      if (now >= until) {
        connect_problem_ = "looking up " + url_.host + " timed out";
        return std::vector<sockaddr_storage>();
      }
      lookup->cv.WaitFor(lookup->mu, std::min<std::chrono::steady_clock::duration>(
                                         until - now, kStopCheckInterval));
    }
    if (lookup->rc != 0 || lookup->addresses.empty()) {
      connect_problem_ = "cannot look up " + url_.host;
      return std::vector<sockaddr_storage>();
    }
    return std::move(lookup->addresses);
  }

  static Attempt Final(Result<std::string> result) { return Attempt{std::move(result), {}}; }
  static Attempt Transient(std::string problem) {
    return Attempt{std::nullopt, std::move(problem)};
  }

  const ServiceUrl url_;
  const HttpClientOptions options_;
  ClientContext tls_;  // null for plain HTTP, and until the first call
  std::string connect_problem_;
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
