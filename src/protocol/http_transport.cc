// SPDX-License-Identifier: Apache-2.0
#include "protocol/http_transport.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <climits>

namespace relic::lms {
namespace {

using std::chrono::steady_clock;

void SetNonBlocking(int fd) {
  int flags = fcntl(fd, F_GETFL, 0);
  if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

// Reads and discards until EOF, an error or the deadline.
void Drain(int fd, SteadyTime until) {
  char sink[size_t{16} * 1024];
  for (;;) {
    ssize_t n = ::recv(fd, sink, sizeof sink, 0);
    if (n > 0) continue;
    if (n == 0) return;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return;
    if (WaitFor(fd, POLLIN, until) != WaitResult::kReady) return;
  }
}

class PlainTransport final : public Transport {
 public:
  explicit PlainTransport(int fd) : fd_(fd) { SetNonBlocking(fd_); }
  ~PlainTransport() override { Close(SteadyTime{}); }

  ssize_t Read(char* buffer, size_t size, SteadyTime deadline) override {
    for (;;) {
      ssize_t n = ::recv(fd_, buffer, size, 0);
      if (n >= 0) return n;
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return kReadFailed;
      const WaitResult waited = WaitFor(fd_, POLLIN, deadline);
      if (waited == WaitResult::kTimeout) return kReadTimedOut;
      if (waited != WaitResult::kReady) return kReadFailed;
    }
  }

  bool WriteAll(const char* data, size_t size, SteadyTime deadline) override {
    while (size > 0) {
      // MSG_NOSIGNAL: a peer that went away is an error here, not a SIGPIPE.
      ssize_t n = ::send(fd_, data, size, MSG_NOSIGNAL);
      if (n > 0) {
        data += n;
        size -= static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (WaitFor(fd_, POLLOUT, deadline) != WaitResult::kReady) return false;
        continue;
      }
      return false;
    }
    return true;
  }

  bool HasBuffered() const override { return false; }

  Handshake Shake(SteadyTime, std::string&) override { return Handshake::kDone; }

  void Close(SteadyTime linger_until) override {
    if (fd_ < 0) return;
    if (linger_until > steady_clock::now()) {
      ::shutdown(fd_, SHUT_WR);
      Drain(fd_, linger_until);
    }
    ::close(fd_);
    fd_ = -1;
  }

  int fd() const override { return fd_; }

 private:
  int fd_;
};

class TlsTransport final : public Transport {
 public:
  // Run's error when the deadline passed (not an OpenSSL code).
  static constexpr int kTimedOutError = -1000;

  TlsTransport(SSL* ssl, int fd) : ssl_(ssl), fd_(fd) {}
  ~TlsTransport() override { Close(SteadyTime{}); }

  ssize_t Read(char* buffer, size_t size, SteadyTime deadline) override {
    const int want = size > INT_MAX ? INT_MAX : static_cast<int>(size);
    int err = 0;
    int n = Run([&] { return SSL_read(ssl_, buffer, want); }, deadline, &err);
    if (n > 0) return n;
    ERR_clear_error();
    if (err == SSL_ERROR_ZERO_RETURN) return 0;
    return err == kTimedOutError ? kReadTimedOut : kReadFailed;
  }

  bool WriteAll(const char* data, size_t size, SteadyTime deadline) override {
    while (size > 0) {
      const int chunk = size > INT_MAX ? INT_MAX : static_cast<int>(size);
      int err = 0;
      // Without SSL_MODE_ENABLE_PARTIAL_WRITE a successful SSL_write wrote
      // all of `chunk`; a retry after WANT_* repeats the same arguments.
      int n = Run([&] { return SSL_write(ssl_, data, chunk); }, deadline, &err);
      if (n <= 0) {
        ERR_clear_error();
        return false;
      }
      data += n;
      size -= static_cast<size_t>(n);
    }
    return true;
  }

  bool HasBuffered() const override { return SSL_pending(ssl_) > 0; }

  Handshake Shake(SteadyTime deadline, std::string& error) override {
    error.clear();
    int err = 0;
    // The connection's side (accept or connect) was set when it was made.
    if (Run([&] { return SSL_do_handshake(ssl_); }, deadline, &err) > 0) return Handshake::kDone;
    if (err == kTimedOutError) return Handshake::kTimedOut;
    const long verify = SSL_get_verify_result(ssl_);
    unsigned long reason = ERR_peek_error();
    if (verify != X509_V_OK) {
      verify_error_ = X509_verify_cert_error_string(verify);
      error = "the certificate does not verify (" + verify_error_ + ")";
    } else if (reason != 0) {
      char text[256];
      ERR_error_string_n(reason, text, sizeof text);
      error = std::string("TLS handshake failed: ") + text;
    }
    ERR_clear_error();
    return Handshake::kFailed;
  }

  void Close(SteadyTime linger_until) override {
    if (fd_ < 0) return;
    // One close_notify, without waiting for the peer's: the connection is
    // over either way, and waiting would let a peer hold the worker.
    ERR_clear_error();
    if (!fatal_ && SSL_is_init_finished(ssl_)) SSL_shutdown(ssl_);
    ERR_clear_error();
    SSL_free(ssl_);
    ssl_ = nullptr;
    if (linger_until > steady_clock::now()) {
      ::shutdown(fd_, SHUT_WR);
      Drain(fd_, linger_until);
    }
    ::close(fd_);
    fd_ = -1;
  }

  int fd() const override { return fd_; }
  std::string CertificateError() const override { return verify_error_; }

 private:
  // Runs SSL_accept / SSL_read / SSL_write until it succeeds, waiting for
  // the socket as OpenSSL asks. Returns the call's result (<= 0: failed).
  template <typename Op>
  int Run(Op op, SteadyTime deadline, int* ssl_error) {
    for (;;) {
      ERR_clear_error();
      int rc = op();
      if (rc > 0) return rc;
      int err = SSL_get_error(ssl_, rc);
      short events = 0;
      if (err == SSL_ERROR_WANT_READ) {
        events = POLLIN;
      } else if (err == SSL_ERROR_WANT_WRITE) {
        events = POLLOUT;
      } else if (err == SSL_ERROR_SYSCALL && errno == EINTR) {
        continue;
      } else {
        // After these OpenSSL forbids SSL_shutdown on the connection.
        if (err == SSL_ERROR_SYSCALL || err == SSL_ERROR_SSL) fatal_ = true;
        *ssl_error = err;
        return rc;
      }
      const WaitResult waited = WaitFor(fd_, events, deadline);
      if (waited != WaitResult::kReady) {
        // Not fatal: the operation can be called again later.
        *ssl_error = waited == WaitResult::kTimeout ? kTimedOutError : SSL_ERROR_SYSCALL;
        return -1;
      }
    }
  }

  SSL* ssl_;
  int fd_;
  bool fatal_ = false;
  std::string verify_error_;
};

}  // namespace

WaitResult WaitFor(int fd, short events, SteadyTime deadline, int interrupt_fd) {
  for (;;) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - steady_clock::now());
    if (left.count() <= 0) return WaitResult::kTimeout;
    pollfd fds[2] = {{fd, events, 0}, {interrupt_fd, POLLIN, 0}};
    const nfds_t count = interrupt_fd >= 0 ? 2 : 1;
    const int timeout = left.count() > INT_MAX ? INT_MAX : static_cast<int>(left.count());
    int rc = ::poll(fds, count, timeout);
    if (rc < 0) {
      if (errno == EINTR) continue;
      return WaitResult::kError;
    }
    if (count == 2 && fds[1].revents != 0) return WaitResult::kInterrupted;
    // Errors and hang-ups count as ready: the next read or write reports them.
    if (fds[0].revents != 0) return WaitResult::kReady;
  }
}

std::unique_ptr<Transport> NewPlainTransport(int fd) {
  return std::make_unique<PlainTransport>(fd);
}

std::unique_ptr<Transport> NewTlsTransport(SSL_CTX* context, int fd) {
  SetNonBlocking(fd);
  SSL* ssl = SSL_new(context);
  if (ssl == nullptr || SSL_set_fd(ssl, fd) != 1) {
    if (ssl != nullptr) SSL_free(ssl);
    ERR_clear_error();
    ::close(fd);
    return nullptr;
  }
  SSL_set_accept_state(ssl);
  return std::make_unique<TlsTransport>(ssl, fd);
}

std::unique_ptr<Transport> NewTlsClientTransport(SSL_CTX* context, int fd,
                                                 const std::string& host) {
  SetNonBlocking(fd);
  SSL* ssl = SSL_new(context);
  bool ok = ssl != nullptr && SSL_set_fd(ssl, fd) == 1;
  if (ok) {
    // The certificate must name the host: an IP address as such, a name
    // also as the server name the service picks its certificate by.
    in6_addr any{};
    const bool is_ip =
        inet_pton(AF_INET, host.c_str(), &any) == 1 || inet_pton(AF_INET6, host.c_str(), &any) == 1;
    if (is_ip) {
      ok = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str()) == 1;
    } else {
      // SSL_set_tlsext_host_name, without its macro's C cast.
      ok = SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                    const_cast<char*>(host.c_str())) == 1 &&
           SSL_set1_host(ssl, host.c_str()) == 1;
    }
  }
  if (!ok) {
    if (ssl != nullptr) SSL_free(ssl);
    ERR_clear_error();
    ::close(fd);
    return nullptr;
  }
  SSL_set_verify(ssl, SSL_VERIFY_PEER, nullptr);
  SSL_set_connect_state(ssl);
  return std::make_unique<TlsTransport>(ssl, fd);
}

}  // namespace relic::lms
