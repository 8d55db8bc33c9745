// SPDX-License-Identifier: Apache-2.0
#include "lms/http_service.h"

#include <fmt/format.h>
#include <httplib.h>

#include <atomic>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "base/text_codec.h"
#include "lms/http_metrics.h"
#include "lms/http_server.h"
#include "lms/request_log.h"
#include "protocol/http_listen_address.h"
#include "relic/rights.h"

namespace relic::lms {
namespace {

using httplib::Request;
using httplib::Response;
using HandlerResponse = httplib::Server::HandlerResponse;

constexpr std::string_view kChallengePath = "/v1/challenge";
constexpr std::string_view kRestorePath = "/v1/restore";

struct Route {
  std::string_view path;
  std::string_view method;
};
constexpr Route kRoutes[] = {{kChallengePath, "GET"},
                             {kRestorePath, "POST"},
                             {"/healthz", "GET"},
                             {"/readyz", "GET"},
                             {"/metrics", "GET"}};

const Route* FindRoute(std::string_view path) {
  for (const auto& route : kRoutes) {
    if (route.path == path) return &route;
  }
  return nullptr;
}

// Request text for logs and messages: control and non-ASCII bytes (and
// spaces, which separate a log line's fields, unless allowed) become '?',
// so a request cannot forge log lines or break the JSON.
std::string Printable(std::string_view text, size_t max, bool spaces = false) {
  if (text.empty()) return "-";
  std::string out;
  for (char c : text.substr(0, max)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u > 0x7e || (u == 0x20 && !spaces)) ? '?' : c;
  }
  if (text.size() > max) out += "...";
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// "application/json", in any case, with or without parameters.
bool IsJsonContentType(std::string_view value) {
  std::string_view type = value.substr(0, value.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  return EqualsIgnoreCase(type, "application/json");
}

int HttpStatusFor(Code code) {
  switch (code) {
    case Code::kMalformed:
    case Code::kInvalidArgument:
    case Code::kUnsupportedVersion:
      return 400;
    case Code::kBadSignature:
    case Code::kWrongMachine:
    case Code::kUntrustedIssuer:
      return 403;
    case Code::kStaleChallenge:
      return 409;
    case Code::kBackupCorrupt:
      return 422;
    case Code::kBusy:
    case Code::kServiceUnavailable:
      return 503;
    default:
      return 500;
  }
}

// What the log line of the request on this thread will say, set by the
// handlers and taken by the logger; both run on the connection's thread.
struct CurrentRequest {
  SteadyTime start{};  // which request this is about
  std::string id;      // made when first needed
  std::string error;
  std::string detail;
  std::optional<Decision> decision;
};
thread_local CurrentRequest t_current;

// The state of the request being served on this thread. A request that
// ended without reaching the logger (a 100-continue refusal, a write that
// failed) leaves nothing behind for the next one: a new request start
// begins afresh, so no two requests share an ID.
CurrentRequest& Current() {
  const SteadyTime start = BoundedHttpServer::CurrentRequestStart();
  if (t_current.start != start) t_current = CurrentRequest{start, {}, {}, {}, {}};
  return t_current;
}

const std::string& CurrentRequestId() {
  CurrentRequest& current = Current();
  if (current.id.empty()) current.id = NewRequestId();
  return current.id;
}

// `detail` goes to the log only.
void NoteError(Code code, std::string detail = {}) {
  Current().error = std::string(CodeName(code));
  Current().detail = std::move(detail);
}

void SetError(Response& res, int status, Code code, const std::string& message) {
  if (Current().error.empty()) NoteError(code);
  nlohmann::ordered_json body;
  body["error"] = std::string(CodeName(code));
  body["message"] = message;
  // Quoted to the operator, it finds the request's log line.
  body["request_id"] = CurrentRequestId();
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json");
}

std::string Seconds(std::chrono::milliseconds ms) {
  return ms.count() % 1000 == 0 ? std::to_string(ms.count() / 1000) + " s"
                                : std::to_string(ms.count()) + " ms";
}

}  // namespace

struct HttpService::Impl {
  Authority* authority = nullptr;
  HttpServiceOptions options;
  std::function<void(const std::string&)> log;
  std::unique_ptr<BoundedHttpServer> server;
  HttpMetrics metrics;
  std::thread accept_thread;
  std::atomic<bool> accept_loop_done{false};
  std::atomic<bool> stopped{false};
  std::once_flag stop_once;
  int port = 0;
  std::string url;

  // A relic failure as an HTTP answer. Internal failures keep their details
  // in the log: they may name files on the server.
  void SetStatus(Response& res, const Status& status) {
    const int http = HttpStatusFor(status.code());
    NoteError(status.code());
    if (http >= 500) {
      NoteError(status.code(), status.message());
      SetError(res, http, status.code(),
               "the License Management Service could not handle the request (" +
                   std::string(CodeName(status.code())) +
                   "); try again later, and if it persists tell the service's operator");
      return;
    }
    SetError(res, http, status.code(), status.message());
  }

  HandlerResponse PreRoute(const Request& req, Response& res) {
    const Route* route = FindRoute(req.path);
    // A rejected request's body stays unread, so the connection cannot
    // carry another request after it.
    const bool has_body =
        req.has_header("Transfer-Encoding") || req.get_header_value<uint64_t>("Content-Length") > 0;
    auto reject = [&](int status, const std::string& message) {
      if (has_body) {
        BoundedHttpServer::CloseAfterResponse();
        res.set_header("Connection", "close");
      }
      SetError(res, status, status == 404 ? Code::kNotFound : Code::kInvalidArgument, message);
      return HandlerResponse::Handled;
    };
    if (route == nullptr) {
      return reject(404, "there is no endpoint " + Printable(req.path, 200) +
                             "; the service answers GET /v1/challenge and POST /v1/restore "
                             "(docs/lms.md)");
    }
    if (req.method != route->method) {
      res.set_header("Allow", std::string(route->method));
      return reject(405, Printable(req.method, 32) + " is not allowed on " +
                             std::string(route->path) + "; use " + std::string(route->method));
    }
    if (route->path == kRestorePath) {
      if (!IsJsonContentType(req.get_header_value("Content-Type"))) {
        return reject(415, "POST /v1/restore takes a JSON body (Content-Type: application/json)");
      }
      // A compressed body could inflate far beyond the size limit, which
      // only sees the compressed bytes.
      const std::string encoding = req.get_header_value("Content-Encoding");
      if (!encoding.empty() && !EqualsIgnoreCase(encoding, "identity")) {
        return reject(415,
                      "POST /v1/restore takes an uncompressed body; this one has "
                      "Content-Encoding: " +
                          Printable(encoding, 32));
      }
      if (req.get_header_value<uint64_t>("Content-Length") > options.max_body_bytes) {
        return reject(413, "the request body is larger than " +
                               std::to_string(options.max_body_bytes) +
                               " bytes, more than any restore request needs");
      }
    }
    return HandlerResponse::Unhandled;
  }

  // Fills in the answers cpp-httplib makes itself (a request it cannot
  // parse, one cut by a limit) so every error is JSON.
  HandlerResponse OnError(const Request& req, Response& res) {
    // A cut request leaves the connection unusable.
    if (BoundedHttpServer::CurrentCut() != RequestCut::kNone) res.set_header("Connection", "close");
    switch (BoundedHttpServer::CurrentCut()) {
      case RequestCut::kDeadline:
        NoteError(Code::kInvalidArgument, "cut: deadline");
        SetError(res, 408, Code::kInvalidArgument,
                 "the request did not arrive within " + Seconds(options.request_timeout));
        return HandlerResponse::Handled;
      case RequestCut::kShed:
        NoteError(Code::kServiceUnavailable, "cut: too slow while busy");
        res.set_header("Retry-After", "1");
        SetError(res, 503, Code::kServiceUnavailable,
                 "the License Management Service is busy and the request came too slowly; try "
                 "again");
        return HandlerResponse::Handled;
      case RequestCut::kHeadersTooLarge:
        NoteError(Code::kInvalidArgument, "cut: headers too large");
        SetError(res, 431, Code::kInvalidArgument,
                 "the request line and headers are larger than " +
                     std::to_string(options.max_header_bytes) + " bytes");
        return HandlerResponse::Handled;
      case RequestCut::kBodyTooLarge:
        NoteError(Code::kInvalidArgument, "cut: body too large");
        SetError(res, 413, Code::kInvalidArgument,
                 "the request body is larger than " + std::to_string(options.max_body_bytes) +
                     " bytes, more than any restore request needs");
        return HandlerResponse::Handled;
      case RequestCut::kNone:
        break;
    }
    if (!res.body.empty()) return HandlerResponse::Handled;
    switch (res.status) {
      case 413:
        SetError(res, 413, Code::kInvalidArgument,
                 "the request body is larger than " + std::to_string(options.max_body_bytes) +
                     " bytes, more than any restore request needs");
        break;
      case 414:
        SetError(res, 414, Code::kInvalidArgument, "the request's URI is too long");
        break;
      case 404:
        SetError(res, 404, Code::kNotFound,
                 "there is no endpoint " + Printable(req.path, 200) + " (docs/lms.md)");
        break;
      default:
        if (res.status >= 500) {
          SetError(res, res.status, Code::kInternal,
                   "the License Management Service failed on this request; try again later");
        } else {
          SetError(res, res.status, Code::kMalformed, "the HTTP request is malformed");
        }
        break;
    }
    return HandlerResponse::Handled;
  }

  void OnException(Response& res, const std::exception_ptr& error) {
    std::string what = "unknown exception";
    try {
      if (error) std::rethrow_exception(error);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    NoteError(Code::kInternal, what);
    SetError(res, 500, Code::kInternal,
             "the License Management Service failed on this request; try again later");
  }

  void LogRequest(const Request& req, Response& res) {
    const auto elapsed =
        std::chrono::steady_clock::now() - BoundedHttpServer::CurrentRequestStart();
    metrics.CountResponse(req.path, res.status);
    metrics.ObserveLatency(req.path, elapsed);
    CurrentRequest& current = Current();
    if (req.path == kRestorePath && res.status >= 400) metrics.CountRejection(current.error);
    RequestLogEntry entry;
    entry.time = std::time(nullptr);
    entry.request_id = CurrentRequestId();
    entry.peer = BoundedHttpServer::CurrentPeer();
    entry.method = Printable(req.method, 16);
    entry.path = Printable(req.path, 200);
    entry.status = res.status;
    entry.body_bytes = res.body.size();
    entry.milliseconds = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
    entry.error = current.error;
    if (!current.detail.empty()) entry.detail = Printable(current.detail, 300, /*spaces=*/true);
    entry.decision = std::move(current.decision);
    res.set_header("X-Request-Id", entry.request_id);
    current = CurrentRequest{current.start, {}, {}, {}, {}};
    if (log) log(FormatRequestLine(entry, options.log_format));
  }

  void HandleChallenge(Response& res) {
    auto challenge = authority->NewChallenge();
    if (!challenge.ok()) return SetStatus(res, challenge.status());
    nlohmann::json body{{"challenge", Base64Encode(*challenge)}};
    res.set_content(body.dump(), "application/json");
  }

  void HandleRestore(const Request& req, Response& res) {
    auto request = UnwrapSigned("request", req.body, kMaxRequestSize);
    if (!request.ok()) {
      metrics.CountUnreadableRestore();
      return SetStatus(res, request.status());
    }
    Decision& decision = Current().decision.emplace();
    auto answer = authority->Authorize(*request, &decision, CurrentRequestId());
    if (!answer.ok()) return SetStatus(res, answer.status());
    res.set_content(WrapSigned("answer", answer->message, answer->signature), "application/json");
  }

  void Install() {
    BoundedHttpServer& s = *server;
    s.set_pre_routing_handler(
        [this](const Request& req, Response& res) { return PreRoute(req, res); });
    // A client that asks before sending its body (Expect: 100-continue, as
    // curl does for large ones) hears a refusal before it sends the body.
    s.set_expect_100_continue_handler([this](const Request& req, Response& res) {
      return PreRoute(req, res) == HandlerResponse::Handled ? res.status : 100;
    });
    s.Get(std::string(kChallengePath),
          [this](const Request&, Response& res) { HandleChallenge(res); });
    s.Post(std::string(kRestorePath),
           [this](const Request& req, Response& res) { HandleRestore(req, res); });
    s.Get("/healthz", [](const Request&, Response& res) { res.set_content("ok\n", "text/plain"); });
    // Whether this node can reach its ledger now: a load balancer stops
    // sending it restores while it cannot.
    s.Get("/readyz", [this](const Request&, Response& res) {
      Status ready = authority->LedgerReady();
      if (ready.ok()) return res.set_content("ready\n", "text/plain");
      NoteError(Code::kServiceUnavailable, "not ready: " + ready.message());
      res.status = 503;
      res.set_content("not ready: the ledger cannot be reached\n", "text/plain");
    });
    s.Get("/metrics", [this](const Request&, Response& res) {
      res.set_content(metrics.Render(authority->counters(), server->counters()),
                      "text/plain; version=0.0.4");
    });
    s.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const Request& req, Response& res) { return OnError(req, res); }));
    s.set_exception_handler([this](const Request&, Response& res, const std::exception_ptr& error) {
      OnException(res, error);
    });
    // Counted and logged just before the response is written, so a client
    // that has its answer also finds it in the metrics.
    s.set_post_routing_handler([this](const Request& req, Response& res) { LogRequest(req, res); });
    // The service's other lines (turned-away bursts, TLS failures) in the
    // same format.
  }
};

HttpService::HttpService(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpService::~HttpService() { Stop(); }

int HttpService::port() const { return impl_->port; }

const DurationHistogram& HttpService::restore_latency() const {
  return impl_->metrics.Latency(kRestorePath);
}

const std::string& HttpService::url() const { return impl_->url; }

bool HttpService::running() const {
  return !impl_->stopped.load() && !impl_->accept_loop_done.load();
}

Status HttpService::ReloadTls(const std::string& cert_file, const std::string& key_file) {
  try {
    RELIC_ASSIGN_OR_RETURN(SslContextPtr context, NewServerTlsContext(cert_file, key_file));
    return impl_->server->ReplaceTlsContext(std::move(context));
  } catch (const std::exception& e) {
    return Status(Code::kInternal, std::string("cannot reload the certificate: ") + e.what());
  }
}

void HttpService::Stop() {
  std::call_once(impl_->stop_once, [this] {
    impl_->stopped = true;
    impl_->server->BeginStop();
    if (impl_->accept_thread.joinable()) impl_->accept_thread.join();
  });
}

Result<std::unique_ptr<HttpService>> HttpService::Start(Authority* authority,
                                                        const HttpServiceOptions& options) {
  const bool tls = !options.tls_cert_file.empty() || !options.tls_key_file.empty();
  if (tls && (options.tls_cert_file.empty() || options.tls_key_file.empty())) {
    return Status(Code::kInvalidArgument,
                  "TLS needs both a certificate (--tls-cert) and its private key (--tls-key)");
  }
  if (!tls && !IsLoopbackHost(options.host)) {
    return Status(Code::kInvalidArgument,
                  "refusing to serve plain HTTP on " + options.host +
                      ", which is not a loopback address: give a certificate and key "
                      "(--tls-cert, --tls-key) to serve HTTPS, or listen on 127.0.0.1 and put "
                      "the service behind a reverse proxy that terminates TLS (docs/lms.md)");
  }
  if (options.port < 0 || options.port > 65535) {
    return Status(Code::kInvalidArgument, "the port must be between 0 and 65535");
  }
  if (options.max_connections < 1 || options.keep_alive_max_requests < 1 ||
      options.request_timeout.count() <= 0 || options.busy_head_timeout.count() <= 0 ||
      options.write_timeout.count() <= 0 || options.keep_alive_timeout.count() <= 0 ||
      options.max_header_bytes < 256) {
    return Status(Code::kInvalidArgument,
                  "the service's limits must allow at least one connection, one request per "
                  "connection, positive timeouts and 256 header bytes");
  }
  try {
    SslContextPtr context;
    if (tls) {
      RELIC_ASSIGN_OR_RETURN(context,
                             NewServerTlsContext(options.tls_cert_file, options.tls_key_file));
    }
    auto impl = std::make_unique<Impl>();
    impl->authority = authority;
    impl->options = options;
    impl->log = options.log ? options.log : [](const std::string& line) {
      const std::string out = line + "\n";
      std::fwrite(out.data(), 1, out.size(), stderr);
    };
    const LogFormat format = options.log_format;
    auto server_log = [sink = impl->log, format](const std::string& line) {
      sink(FormatServiceLine(std::time(nullptr), line, format));
    };
    ConnectionLimits limits;
    limits.request.request_timeout = options.request_timeout;
    limits.request.busy_head_timeout = options.busy_head_timeout;
    limits.request.write_timeout = options.write_timeout;
    limits.request.max_header_bytes = options.max_header_bytes;
    limits.request.max_body_bytes = options.max_body_bytes;
    limits.workers = options.max_connections;
    limits.max_waiting = options.max_waiting_connections;
    limits.keep_alive_timeout = options.keep_alive_timeout;
    limits.keep_alive_max_requests = options.keep_alive_max_requests;
    impl->server = std::make_unique<BoundedHttpServer>(limits, std::move(context), server_log);
    impl->Install();
    RELIC_ASSIGN_OR_RETURN(impl->port, impl->server->Bind(options.host, options.port));
    impl->url = ServiceUrl(tls, options.host, impl->port);
    Impl* raw = impl.get();
    impl->accept_thread = std::thread([raw] {
      raw->server->listen_after_bind();
      raw->accept_loop_done = true;
    });
    // Stop() can only end an accept loop that has started.
    while (!raw->server->is_running() && !raw->accept_loop_done.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (raw->accept_loop_done.load()) {
      raw->accept_thread.join();
      return Status(Code::kIoError, "the service stopped listening on " + raw->url + " at once");
    }
    return std::unique_ptr<HttpService>(new HttpService(std::move(impl)));
  } catch (const std::exception& e) {
    return Status(Code::kInternal, std::string("cannot start the service: ") + e.what());
  }
}

}  // namespace relic::lms
