// SPDX-License-Identifier: Apache-2.0
#include "lms/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "lms/http_task_queue.h"
#include "relic/rights.h"

namespace relic::lms {
namespace {

using std::chrono::steady_clock;

// The connection a worker thread is serving, for the handlers that
// cpp-httplib calls on that thread.
struct ConnectionContext {
  RequestStream* stream = nullptr;
  SteadyTime request_start{};
  bool close_after_response = false;
};
thread_local ConnectionContext* t_connection = nullptr;

// Set while the accept thread runs a task the queue had no room for.
thread_local bool t_turn_away = false;

template <typename F>
class ScopeExit {
 public:
  explicit ScopeExit(F f) : f_(std::move(f)) {}
  ~ScopeExit() { f_(); }
  ScopeExit(const ScopeExit&) = delete;
  ScopeExit& operator=(const ScopeExit&) = delete;

 private:
  F f_;
};

Endpoint EndpointOf(const sockaddr_storage& addr) {
  Endpoint out;
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&addr);
    inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
    out.port = ntohs(v4->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
    out.port = ntohs(v6->sin6_port);
  }
  out.ip = text;
  return out;
}

Endpoint PeerOf(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return {};
  return EndpointOf(addr);
}

Endpoint LocalOf(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return {};
  return EndpointOf(addr);
}

std::string PeerText(const Endpoint& peer) {
  const bool v6 = peer.ip.find(':') != std::string::npos;
  return (v6 ? "[" + peer.ip + "]" : peer.ip) + ":" + std::to_string(peer.port);
}

// The answer to a request cut before cpp-httplib could parse its request
// line (it then just closes): a bare status with a JSON reason.
std::string CutResponse(RequestCut cut) {
  std::string status;
  std::string body;
  switch (cut) {
    case RequestCut::kShed:
      status = "503 Service Unavailable\r\nRetry-After: 1";
      body = R"({"error":"service_unavailable","message":"the service is busy and the request )"
             R"(came too slowly; try again"})";
      break;
    case RequestCut::kHeadersTooLarge:
      status = "431 Request Header Fields Too Large";
      body = R"({"error":"invalid_argument","message":"the request line is too long"})";
      break;
    default:
      status = "408 Request Timeout";
      body = R"({"error":"invalid_argument","message":"the request did not arrive in time"})";
      break;
  }
  return "HTTP/1.1 " + status +
         "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

const std::string& BusyResponse() {
  static const std::string response = [] {
    const std::string body =
        R"({"error":"service_unavailable","message":"the License Management Service is busy )"
        R"((too many connections); try again in a moment"})";
    return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
           "Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
  }();
  return response;
}

}  // namespace

BoundedHttpServer::BoundedHttpServer(const ConnectionLimits& limits, SslContextPtr tls,
                                     std::function<void(const std::string&)> log)
    : limits_(limits), tls_enabled_(tls != nullptr), tls_(std::move(tls)), log_(std::move(log)) {
  new_task_queue = [this] {
    auto* queue = new BoundedTaskQueue(limits_.workers, limits_.max_waiting,
                                       [](const std::function<void()>& task) {
                                         t_turn_away = true;
                                         task();
                                         t_turn_away = false;
                                       });
    queue_ = queue;
    return queue;
  };
  // cpp-httplib's default socket options set SO_REUSEPORT, which would let
  // a second service bind the same port and silently take half of its
  // connections. SO_REUSEADDR alone still allows a quick restart.
  set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  set_payload_max_length(limits_.request.max_body_bytes);
  set_keep_alive_max_count(limits_.keep_alive_max_requests);
  int fds[2];
  if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
    wake_read_ = fds[0];
    wake_write_ = fds[1];
  }
}

BoundedHttpServer::~BoundedHttpServer() {
  if (wake_read_ >= 0) ::close(wake_read_);
  if (wake_write_ >= 0) ::close(wake_write_);
}

Result<int> BoundedHttpServer::Bind(const std::string& host, int port) {
  if (wake_read_ < 0) {
    return Status(Code::kIoError,
                  "cannot create the service's wake-up pipe; the system is out "
                  "of file descriptors");
  }
  errno = 0;
  int bound = port == 0 ? bind_to_any_port(host) : (bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    const int err = errno;
    const std::string what = "cannot listen on " + host + ":" + std::to_string(port);
    if (err == EADDRINUSE) {
      return Status(Code::kIoError,
                    what + ": the port is in use (is another service running there?)");
    }
    if (err == EADDRNOTAVAIL || err == 0) {
      return Status(Code::kInvalidArgument,
                    what + ": the address is not one of this machine's, or cannot be resolved");
    }
    if (err == EACCES) {
      return Status(Code::kPermissionDenied,
                    what + ": permission denied (ports below 1024 need privileges)");
    }
    return Status(Code::kIoError, what + ": " + std::strerror(err));
  }
  const int listener = svr_sock_.load();
  fcntl(listener, F_SETFD, FD_CLOEXEC);
  // cpp-httplib listens with a backlog of 5; a burst of connections beyond
  // it would wait for SYN retransmits (a second or more) before the accept
  // loop even sees them. Listening again only changes the backlog.
  ::listen(listener, 256);
  return bound;
}

void BoundedHttpServer::BeginStop() {
  stopping_ = true;
  if (wake_write_ >= 0) {
    const char byte = 1;
    ssize_t ignored = ::write(wake_write_, &byte, 1);
    (void)ignored;
  }
  stop();
}

bool BoundedHttpServer::Handshake(Transport& transport, const Endpoint& remote, SteadyTime deadline,
                                  SteadyTime busy_deadline) {
  for (;;) {
    const SteadyTime now = steady_clock::now();
    if (stopping_.load()) return false;
    if (now >= deadline || (Busy() && now >= busy_deadline)) {
      ++(now >= deadline ? counters_.cut_deadline : counters_.shed);
      ++counters_.tls_failures;
      return false;
    }
    std::string error;
    // Short slices, as for a request's head: the server may become busy.
    switch (transport.Shake(std::min(deadline, now + kBusyCheckInterval), error)) {
      case Transport::Handshake::kDone:
        return true;
      case Transport::Handshake::kTimedOut:
        break;
      case Transport::Handshake::kFailed:
        ++counters_.tls_failures;
        if (!error.empty() && log_) {
          log_(FormatRfc3339(static_cast<int64_t>(time(nullptr))) + " " + PeerText(remote) +
               " - - - " + error);
        }
        return false;
    }
  }
}

void BoundedHttpServer::AnswerUnparsedCut(RequestStream& stream, SteadyTime request_start) {
  // A cut body already has its 413 (cpp-httplib parsed the head), and a
  // request without a cut was not answered because the peer went away.
  const RequestCut cut = stream.cut();
  if (cut == RequestCut::kNone || cut == RequestCut::kBodyTooLarge) return;
  const std::string response = CutResponse(cut);
  stream.write(response.data(), response.size());
  if (log_) {
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now() - request_start);
    log_(FormatRfc3339(static_cast<int64_t>(time(nullptr))) + " " + PeerText(stream.remote()) +
         " - - " + response.substr(9, 3) + " 0 " + std::to_string(elapsed.count()) +
         "ms cut before the request line ended");
  }
}

bool BoundedHttpServer::Busy() const { return queue_ != nullptr && queue_->waiting() > 0; }

BoundedHttpServer::Wait BoundedHttpServer::WaitForRequest(int fd, SteadyTime until,
                                                          SteadyTime busy_until) const {
  for (;;) {
    const SteadyTime now = steady_clock::now();
    if (now >= busy_until && Busy()) return Wait::kShed;
    if (now >= until) return Wait::kTimedOut;
    // Short slices: the server may become busy while this connection idles.
    switch (WaitFor(fd, POLLIN, std::min(until, now + kBusyCheckInterval), wake_read_)) {
      case WaitResult::kReady:
        return Wait::kArrived;
      case WaitResult::kTimeout:
        break;
      case WaitResult::kInterrupted:
      case WaitResult::kError:
        return Wait::kStopped;
    }
  }
}

RequestCut BoundedHttpServer::CurrentCut() {
  return t_connection && t_connection->stream ? t_connection->stream->cut() : RequestCut::kNone;
}

void BoundedHttpServer::CloseAfterResponse() {
  if (t_connection) t_connection->close_after_response = true;
}

std::string BoundedHttpServer::CurrentPeer() {
  return t_connection && t_connection->stream ? PeerText(t_connection->stream->remote()) : "-";
}

SteadyTime BoundedHttpServer::CurrentRequestStart() {
  return t_connection ? t_connection->request_start : steady_clock::now();
}

bool BoundedHttpServer::process_and_close_socket(socket_t sock) {
  // Children started by the process (tests start some) must not inherit
  // connections: they would keep them open after the service closes them.
  fcntl(sock, F_SETFD, FD_CLOEXEC);
  if (t_turn_away) {
    TurnAway(sock);
    return false;
  }
  try {
    Serve(sock);
  } catch (...) {
    // Serve owns the socket through its transport, which closed it while
    // unwinding; an exception must not end the worker thread (and with it
    // the process).
  }
  return true;
}

Status BoundedHttpServer::ReplaceTlsContext(SslContextPtr tls) {
  if (!tls_enabled_ || !tls) {
    return Status(Code::kInvalidArgument,
                  "the service speaks plain HTTP; start it with --tls-cert and --tls-key to "
                  "serve HTTPS");
  }
  MutexLock lock(tls_mu_);
  tls_.swap(tls);
  return Status::Ok();  // the old context goes once its last connection does
}

void BoundedHttpServer::TurnAway(int fd) {
  const uint64_t count = ++counters_.turned_away;
  const Endpoint peer = PeerOf(fd);
  if (!tls_enabled_) {
    // One non-blocking send into an empty socket buffer: it cannot stall
    // the accept thread. A TLS peer would not understand it, so it just
    // sees the connection close.
    const std::string& busy = BusyResponse();
    ssize_t ignored = ::send(fd, busy.data(), busy.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    (void)ignored;
  }
  ::close(fd);
  // At most one line a second: a flood must not become a flood of logs.
  const int64_t now = static_cast<int64_t>(time(nullptr));
  int64_t last = last_turn_away_log_.load();
  if (now != last && last_turn_away_log_.compare_exchange_strong(last, now) && log_) {
    log_(FormatRfc3339(now) + " " + PeerText(peer) + " - - 503 turned away: all " +
         std::to_string(limits_.workers) + " workers busy and " +
         std::to_string(limits_.max_waiting) + " connections waiting (" + std::to_string(count) +
         " turned away so far)");
  }
}

// One connection from accept to close: its transport (TLS or not), then up
// to keep_alive_max_requests requests on it, each under the deadlines that
// start at accept. Kept whole because the connection's deadlines, stream
// and keep-alive state are shared by every step; split, each part would
// take all of them as parameters.
void BoundedHttpServer::Serve(int fd) {
  ++counters_.active;
  ScopeExit active([&] { --counters_.active; });
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  const Endpoint remote = PeerOf(fd);
  const Endpoint local = LocalOf(fd);
  // A connection that never finishes its first request is cut like a slow
  // request: the clock starts at accept, not at its first byte.
  const SteadyTime first_deadline = steady_clock::now() + limits_.request.request_timeout;

  const SteadyTime busy_deadline = steady_clock::now() + limits_.request.busy_head_timeout;
  std::unique_ptr<Transport> transport;
  if (tls_enabled_) {
    MutexLock lock(tls_mu_);
    transport = NewTlsTransport(tls_.get(), fd);
  } else {
    transport = NewPlainTransport(fd);
  }
  if (!transport) return;
  if (tls_enabled_ && !Handshake(*transport, remote, first_deadline, busy_deadline)) return;

  RequestStream stream(
      *transport, limits_.request, [this] { return Busy(); }, remote, local);
  ConnectionContext context;
  context.stream = &stream;
  t_connection = &context;
  ScopeExit detach([] { t_connection = nullptr; });

  // Whether to read on after the last answer: the client may still be
  // sending the part of a request the service did not read.
  bool linger = false;
  for (size_t served = 0; served < limits_.keep_alive_max_requests; ++served) {
    if (!stream.HasBufferedInput()) {
      // An idle keep-alive connection yields its worker at once when others
      // wait; a new one gets busy_head_timeout to start its request.
      const SteadyTime now = steady_clock::now();
      const Wait waited = served == 0 ? WaitForRequest(fd, first_deadline, busy_deadline)
                                      : WaitForRequest(fd, now + limits_.keep_alive_timeout, now);
      if (waited != Wait::kArrived) {
        if (waited == Wait::kShed) ++counters_.shed;
        if (served == 0 && waited == Wait::kTimedOut) ++counters_.cut_deadline;
        break;
      }
    }
    context.request_start = steady_clock::now();
    context.close_after_response = false;
    stream.BeginRequest(context.request_start);
    // Keep the connection only while nobody waits for a worker.
    const bool last = served + 1 == limits_.keep_alive_max_requests || stopping_.load() || Busy();
    bool client_closes = false;
    bool answered = false;
    {
      ++counters_.in_flight;
      ScopeExit done([&] { --counters_.in_flight; });
      answered = process_request(stream, last, client_closes, nullptr);
    }
    if (!answered) AnswerUnparsedCut(stream, context.request_start);
    switch (stream.cut()) {
      case RequestCut::kNone:
        break;
      case RequestCut::kDeadline:
        ++counters_.cut_deadline;
        break;
      case RequestCut::kShed:
        ++counters_.shed;
        break;
      case RequestCut::kHeadersTooLarge:
        ++counters_.cut_headers;
        linger = true;
        break;
      case RequestCut::kBodyTooLarge:
        ++counters_.cut_body;
        linger = true;
        break;
    }
    if (stream.cut() != RequestCut::kNone || context.close_after_response) {
      linger = linger || context.close_after_response;
      break;
    }
    if (!answered || client_closes || last) break;
  }
  transport->Close(linger ? steady_clock::now() + limits_.linger : SteadyTime{});
}

}  // namespace relic::lms
