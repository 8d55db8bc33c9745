// SPDX-License-Identifier: Apache-2.0
#include "lms/admin_service.h"

#include <fmt/format.h>
#include <httplib.h>

#include <atomic>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <thread>

#include "base/text_codec.h"
#include "crypto/crypto.h"
#include "lms/admin_api.h"
#include "lms/admin_assets.h"
#include "lms/admin_sessions.h"
#include "lms/admin_tokens.h"
#include "lms/http_server.h"
#include "lms/request_log.h"
#include "protocol/http_listen_address.h"
#include "relic/rights.h"

namespace relic::lms {
namespace {

using httplib::Request;
using httplib::Response;

constexpr size_t kMaxAdminBody = size_t{64} * 1024;
constexpr const char* kCsrfHeader = "X-CSRF-Token";

// The page loads only what relic-lms serves, runs no inline script or
// style, and cannot be framed: injected markup could neither run nor load.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src "
    "'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

// Control and non-ASCII bytes (and spaces) become '?' in log lines.
std::string Printable(std::string_view text, size_t max) {
  if (text.empty()) return "-";
  std::string out;
  for (char c : text.substr(0, max)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u <= 0x20 || u > 0x7e) ? '?' : c;
  }
  if (text.size() > max) out += "...";
  return out;
}

int HttpStatusFor(Code code) {
  switch (code) {
    case Code::kInvalidArgument:
    case Code::kMalformed:
      return 400;
    case Code::kPermissionDenied:
      return 403;
    case Code::kNotFound:
      return 404;
    case Code::kBusy:
      return 503;
    default:
      return 500;
  }
}

void SetJson(Response& res, int status, const AdminJson& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json");
}

// What the log line of the request on this thread will say (request_log.h),
// filled in by the handlers; both run on the connection's thread.
thread_local RequestLogEntry t_log;

// `detail` goes to the log only.
void NoteRefusal(Code code, std::string detail) {
  t_log.error = std::string(CodeName(code));
  t_log.detail = std::move(detail);
}

void SetError(Response& res, int status, Code code, const std::string& message) {
  if (t_log.error.empty()) t_log.error = std::string(CodeName(code));
  SetJson(res, status, AdminJson{{"error", std::string(CodeName(code))}, {"message", message}});
}

bool IsJson(const Request& req) {
  std::string type = req.get_header_value("Content-Type");
  type = type.substr(0, type.find(';'));
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type == "application/json";
}

std::string CookieValue(const Request& req, const std::string& name) {
  const std::string header = req.get_header_value("Cookie");
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string_view part(header.data() + pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.starts_with(name) && part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
    pos = end + 1;
  }
  return "";
}

}  // namespace

struct AdminService::Impl {
  Authority* authority = nullptr;
  Env* env = nullptr;
  AdminServiceOptions options;
  std::unique_ptr<AdminApi> api;
  std::unique_ptr<AdminSessions> sessions;
  std::function<void(const std::string&)> log;
  std::unique_ptr<BoundedHttpServer> server;
  std::thread accept_thread;
  std::atomic<bool> accept_loop_done{false};
  std::atomic<bool> stopped{false};
  std::once_flag stop_once;
  bool tls = false;
  int port = 0;
  std::string url;
  std::string cookie_name;

  void SetStatus(Response& res, const Status& status) {
    const int http = HttpStatusFor(status.code());
    t_log.error = std::string(CodeName(status.code()));
    if (http >= 500) {
      t_log.detail = status.message();
      SetError(res, http, status.code(),
               "the console could not read or change the ledger (" +
                   std::string(CodeName(status.code())) +
                   "); try again, and if it persists look at the service's log");
      return;
    }
    SetError(res, http, status.code(), status.message());
  }

  void Answer(Response& res, const Result<AdminJson>& result) {
    if (!result.ok()) return SetStatus(res, result.status());
    SetJson(res, 200, *result);
  }

  // A state-changing request must come from the console's own pages: JSON
  // (a cross-site form cannot send it without a CORS preflight, which this
  // service never grants), not marked cross-site by the browser, and with
  // an Origin, if any, that is this console.
  bool SameOriginPost(const Request& req, Response& res) {
    if (!IsJson(req)) {
      SetError(res, 415, Code::kInvalidArgument,
               "admin actions take a JSON body (Content-Type: application/json)");
      return false;
    }
    const std::string site = req.get_header_value("Sec-Fetch-Site");
    const std::string origin = req.get_header_value("Origin");
    const std::string own = (tls ? "https://" : "http://") + req.get_header_value("Host");
    if ((!site.empty() && site != "same-origin") || (!origin.empty() && origin != own)) {
      NoteRefusal(Code::kPermissionDenied, "cross-origin");
      SetError(res, 403, Code::kPermissionDenied,
               "admin actions are accepted only from the console's own pages");
      return false;
    }
    return true;
  }

  // The session of the request, or an answer refusing it. `csrf`: the
  // request changes something, so it must also carry the session's token.
  std::optional<AdminSession> Authenticate(const Request& req, Response& res, bool csrf) {
    const std::string cookie = CookieValue(req, cookie_name);
    auto session = sessions->Find(cookie);
    if (!session) {
      NoteRefusal(Code::kPermissionDenied,
                  cookie.empty() ? "no session" : "unknown or expired session");
      SetError(res, 401, Code::kPermissionDenied,
               "sign in to the console first (your session is missing or has expired)");
      return std::nullopt;
    }
    t_log.operator_name = session->operator_name;
    if (csrf) {
      if (!SameOriginPost(req, res)) return std::nullopt;
      const std::string token = req.get_header_value(kCsrfHeader);
      if (token.empty() ||
          !crypto::ConstantTimeEqual(
              ByteView(reinterpret_cast<const uint8_t*>(token.data()), token.size()),
              ByteView(reinterpret_cast<const uint8_t*>(session->csrf_token.data()),
                       session->csrf_token.size()))) {
        NoteRefusal(Code::kPermissionDenied, token.empty() ? "no CSRF token" : "wrong CSRF token");
        SetError(res, 403, Code::kPermissionDenied,
                 "this action needs the session's CSRF token (X-CSRF-Token); reload the console "
                 "and try again");
        return std::nullopt;
      }
    }
    return session;
  }

  AdminJson SessionJson(const AdminSession& s) {
    return AdminJson{{"operator", s.operator_name},
                     {"csrf_token", s.csrf_token},
                     {"expires_at", FormatRfc3339(s.expires_at)}};
  }

  void HandleLogin(const Request& req, Response& res) {
    if (!SameOriginPost(req, res)) return;
    const auto body = AdminJson::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("token") ||
        !body["token"].is_string() || body.size() != 1) {
      SetError(res, 400, Code::kInvalidArgument, "the body must be {\"token\": TOKEN}");
      return;
    }
    auto name = AuthenticateAdminToken(env, options.tokens_file, body["token"].get<std::string>());
    if (!name.ok()) {
      if (name.status().code() != Code::kPermissionDenied) return SetStatus(res, name.status());
      NoteRefusal(Code::kPermissionDenied, "unknown token");
      SetError(res, 401, Code::kPermissionDenied, name.status().message());
      return;
    }
    auto created = sessions->Create(*name);
    t_log.operator_name = *name;
    t_log.action = "signed in";
    std::string cookie = cookie_name + "=" + created.cookie_value +
                         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                         std::to_string(sessions->lifetime_seconds());
    if (tls) cookie += "; Secure";
    res.set_header("Set-Cookie", cookie);
    SetJson(res, 200, SessionJson(created.session));
  }

  void HandleLogout(const Request& req, Response& res) {
    if (!Authenticate(req, res, /*csrf=*/true)) return;
    sessions->End(CookieValue(req, cookie_name));
    t_log.action = "signed out";
    res.set_header("Set-Cookie", cookie_name + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" +
                                     std::string(tls ? "; Secure" : ""));
    SetJson(res, 200, AdminJson{{"signed_out", true}});
  }

  void HandleRelease(const Request& req, Response& res) {
    auto session = Authenticate(req, res, /*csrf=*/true);
    if (!session) return;
    const std::string license = req.matches[1];
    auto result = api->Release(license, req.body, session->operator_name, t_log.request_id);
    if (result.ok()) {
      const AdminJson& audit = (*result)["audit"];
      t_log.action =
          fmt::format("released license {} from machine {} (audit record {})",
                      audit["license_id"].get<std::string>(),
                      audit["machine_id"].get<std::string>(), audit["id"].get<int64_t>());
    }
    Answer(res, result);
  }

  // A GET of the API: a session, no CSRF token (it changes nothing).
  template <typename F>
  void Read(const Request& req, Response& res, F&& read) {
    if (!Authenticate(req, res, /*csrf=*/false)) return;
    Answer(res, read());
  }

  void ServeAsset(const std::string& path, Response& res) {
    const AdminAsset* asset = FindAdminAsset(path);
    if (asset == nullptr) {
      SetError(res, 404, Code::kNotFound, "the console has no page " + Printable(path, 100));
      return;
    }
    res.set_content(std::string(asset->body), std::string(asset->content_type));
  }

  void Install() {
    BoundedHttpServer& s = *server;
    s.set_pre_routing_handler([](const Request& req, Response& res) {
      t_log = RequestLogEntry{};
      t_log.request_id = NewRequestId();
      if (req.get_header_value<uint64_t>("Content-Length") > kMaxAdminBody) {
        BoundedHttpServer::CloseAfterResponse();
        res.set_header("Connection", "close");
        SetError(res, 413, Code::kInvalidArgument, "an admin request body is at most 64 KiB");
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    auto redirect = [](const Request&, Response& res) { res.set_redirect("/admin/", 303); };
    s.Get("/", redirect);
    // Browsers ask for it; the console has none, and says so without a 404.
    s.Get("/favicon.ico", [](const Request&, Response& res) { res.status = 204; });
    s.Get("/admin", redirect);
    s.Get("/admin/", [this](const Request&, Response& res) { ServeAsset("index.html", res); });
    s.Get(R"(/admin/(admin\.js|admin\.css))",
          [this](const Request& req, Response& res) { ServeAsset(req.matches[1], res); });
    s.Post("/admin/v1/login", [this](const Request& req, Response& res) { HandleLogin(req, res); });
    s.Post("/admin/v1/logout",
           [this](const Request& req, Response& res) { HandleLogout(req, res); });
    s.Get("/admin/v1/session", [this](const Request& req, Response& res) {
      if (auto session = Authenticate(req, res, false)) SetJson(res, 200, SessionJson(*session));
    });
    s.Get("/admin/v1/search", [this](const Request& req, Response& res) {
      Read(req, res, [&] { return api->Search(req.params); });
    });
    s.Get("/admin/v1/placements", [this](const Request& req, Response& res) {
      Read(req, res, [&] { return api->Placements(req.params); });
    });
    s.Get("/admin/v1/refusals", [this](const Request& req, Response& res) {
      Read(req, res, [&] { return api->Refusals(req.params); });
    });
    s.Get("/admin/v1/audit", [this](const Request& req, Response& res) {
      Read(req, res, [&] { return api->Audit(req.params); });
    });
    s.Get("/admin/v1/dashboard", [this](const Request& req, Response& res) {
      Read(req, res, [&] { return api->Dashboard(); });
    });
    s.Get(R"(/admin/v1/licenses/([^/]+))", [this](const Request& req, Response& res) {
      Read(req, res, [&] { return api->License(req.matches[1]); });
    });
    s.Post(R"(/admin/v1/licenses/([^/]+)/release)",
           [this](const Request& req, Response& res) { HandleRelease(req, res); });
    s.set_error_handler(httplib::Server::HandlerWithResponse([](const Request& req, Response& res) {
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Handled;
      if (res.status == 404) {
        SetError(res, 404, Code::kNotFound,
                 "the console has no " + Printable(req.method, 8) + " " + Printable(req.path, 200) +
                     " (docs/lms.md lists the admin API)");
      } else if (res.status >= 500) {
        SetError(res, res.status, Code::kInternal, "the console failed on this request");
      } else {
        SetError(res, res.status, Code::kMalformed, "the HTTP request is malformed");
      }
      return httplib::Server::HandlerResponse::Handled;
    }));
    s.set_exception_handler([](const Request&, Response& res, const std::exception_ptr&) {
      NoteRefusal(Code::kInternal, "exception");
      SetError(res, 500, Code::kInternal, "the console failed on this request");
    });
    s.set_post_routing_handler([this](const Request& req, Response& res) {
      res.set_header("Content-Security-Policy", kContentSecurityPolicy);
      res.set_header("X-Content-Type-Options", "nosniff");
      res.set_header("X-Frame-Options", "DENY");
      res.set_header("Referrer-Policy", "no-referrer");
      res.set_header("Cross-Origin-Opener-Policy", "same-origin");
      res.set_header("Cross-Origin-Resource-Policy", "same-origin");
      // Pages and answers show license and machine IDs: kept in no cache.
      res.set_header("Cache-Control", "no-store");
      res.set_header("X-Request-Id", t_log.request_id);
      LogRequest(req, res);
    });
  }

  // In the service's log format, like the restore service's lines; the
  // admin paths and the operator field tell them apart.
  void LogRequest(const Request& req, const Response& res) {
    RequestLogEntry entry = std::move(t_log);
    t_log = RequestLogEntry{};
    entry.time = std::time(nullptr);
    entry.peer = BoundedHttpServer::CurrentPeer();
    entry.method = Printable(req.method, 16);
    entry.path = Printable(req.path, 200);
    entry.status = res.status;
    entry.body_bytes = res.body.size();
    entry.milliseconds =
        std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - BoundedHttpServer::CurrentRequestStart())
            .count();
    // Messages may quote what the client sent: one printable line.
    for (std::string* text : {&entry.detail, &entry.action}) {
      for (auto& c : *text) {
        if (static_cast<unsigned char>(c) < 0x20) c = '?';
      }
    }
    if (log) log(FormatRequestLine(entry, options.log_format));
  }
};

AdminService::AdminService(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AdminService::~AdminService() { Stop(); }
int AdminService::port() const { return impl_->port; }
const std::string& AdminService::url() const { return impl_->url; }
bool AdminService::running() const {
  return !impl_->stopped.load() && !impl_->accept_loop_done.load();
}

void AdminService::Stop() {
  std::call_once(impl_->stop_once, [this] {
    impl_->stopped = true;
    impl_->server->BeginStop();
    if (impl_->accept_thread.joinable()) impl_->accept_thread.join();
  });
}

Status AdminService::ReloadTls(const std::string& cert_file, const std::string& key_file) {
  if (!impl_->tls) {
    return Status(Code::kInvalidArgument, "the operator console was started without TLS");
  }
  try {
    RELIC_ASSIGN_OR_RETURN(SslContextPtr context, NewServerTlsContext(cert_file, key_file));
    return impl_->server->ReplaceTlsContext(std::move(context));
  } catch (const std::exception& e) {
    return Status(Code::kInternal, std::string("cannot reload the certificate: ") + e.what());
  }
}

Result<std::unique_ptr<AdminService>> AdminService::Start(Authority* authority,
                                                          const DurationHistogram* latency,
                                                          Env* env, Clock* clock,
                                                          const AdminServiceOptions& options) {
  const bool tls = !options.tls_cert_file.empty() || !options.tls_key_file.empty();
  if (tls && (options.tls_cert_file.empty() || options.tls_key_file.empty())) {
    return Status(Code::kInvalidArgument,
                  "TLS needs both a certificate (--tls-cert) and its private key (--tls-key)");
  }
  if (!tls && !IsLoopbackHost(options.host)) {
    return Status(Code::kInvalidArgument,
                  "refusing to serve the operator console over plain HTTP on " + options.host +
                      ", which is not a loopback address: give a certificate and key "
                      "(--tls-cert, --tls-key) to serve it over HTTPS, or keep --admin-listen on "
                      "127.0.0.1 (docs/lms.md)");
  }
  if (options.tokens_file.empty()) {
    return Status(Code::kInvalidArgument,
                  "the operator console needs a tokens file (--admin-tokens); create lines for "
                  "it with `relic-lms admin-token`");
  }
  RELIC_RETURN_IF_ERROR(CheckAdminTokensFile(env, options.tokens_file));
  if (options.port < 0 || options.port > 65535) {
    return Status(Code::kInvalidArgument, "the console's port must be between 0 and 65535");
  }
  try {
    SslContextPtr context;
    if (tls) {
      RELIC_ASSIGN_OR_RETURN(context,
                             NewServerTlsContext(options.tls_cert_file, options.tls_key_file));
    }
    auto impl = std::make_unique<Impl>();
    impl->authority = authority;
    impl->env = env;
    impl->options = options;
    impl->tls = tls;
    // The __Host- prefix makes browsers refuse the cookie unless it is
    // Secure, host-only and for the whole site: no subdomain can plant one.
    impl->cookie_name = tls ? "__Host-relic_admin" : "relic_admin";
    impl->api = std::make_unique<AdminApi>(authority, latency, clock);
    impl->sessions = std::make_unique<AdminSessions>(
        clock, static_cast<int64_t>(options.session_lifetime.count()));
    impl->log = options.log ? options.log : [](const std::string& line) {
      const std::string out = line + "\n";
      std::fwrite(out.data(), 1, out.size(), stderr);
    };
    ConnectionLimits limits;
    limits.request.max_body_bytes = kMaxAdminBody;
    limits.workers = options.max_connections;
    limits.max_waiting = 8;
    impl->server = std::make_unique<BoundedHttpServer>(limits, std::move(context), impl->log);
    impl->Install();
    RELIC_ASSIGN_OR_RETURN(impl->port, impl->server->Bind(options.host, options.port));
    impl->url = ServiceUrl(tls, options.host, impl->port);
    Impl* raw = impl.get();
    impl->accept_thread = std::thread([raw] {
      raw->server->listen_after_bind();
      raw->accept_loop_done = true;
    });
    while (!raw->server->is_running() && !raw->accept_loop_done.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (raw->accept_loop_done.load()) {
      raw->accept_thread.join();
      return Status(Code::kIoError, "the console stopped listening on " + raw->url + " at once");
    }
    return std::unique_ptr<AdminService>(new AdminService(std::move(impl)));
  } catch (const std::exception& e) {
    return Status(Code::kInternal, std::string("cannot start the console: ") + e.what());
  }
}

}  // namespace relic::lms
