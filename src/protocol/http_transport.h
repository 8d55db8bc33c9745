// SPDX-License-Identifier: Apache-2.0
// The bytes of one service connection, plain TCP or TLS, over a
// non-blocking socket. Every wait is a poll() bounded by a deadline, so a
// peer that sends or reads slowly cannot hold a worker past it (blocking
// sockets with SO_RCVTIMEO only bound each read, and a byte every few
// seconds would keep a request alive for ever).
#pragma once

#include <openssl/ssl.h>
#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>

namespace relic::lms {

using SteadyTime = std::chrono::steady_clock::time_point;

enum class WaitResult { kReady, kTimeout, kInterrupted, kError };

// Waits until `fd` has `events` (POLLIN / POLLOUT), the deadline passes, or
// `interrupt_fd` (if >= 0) becomes readable.
WaitResult WaitFor(int fd, short events, SteadyTime deadline, int interrupt_fd = -1);

// Read's results besides a byte count (> 0) and the peer's close (0).
constexpr ssize_t kReadFailed = -1;
constexpr ssize_t kReadTimedOut = -2;  // nothing yet; a later Read may go on

class Transport {
 public:
  virtual ~Transport() = default;
  // > 0: bytes read; 0: the peer closed the connection; kReadFailed or
  // kReadTimedOut (nothing arrived before the deadline).
  virtual ssize_t Read(char* buffer, size_t size, SteadyTime deadline) = 0;
  // Writes all of `data` before the deadline, or fails.
  virtual bool WriteAll(const char* data, size_t size, SteadyTime deadline) = 0;
  // Bytes already received and decrypted, readable without waiting.
  virtual bool HasBuffered() const = 0;
  // Runs (or goes on with) the TLS handshake until done, failed, or the
  // deadline; a plain transport is done at once. On failure `error` says
  // why (empty if the peer just went away).
  enum class Handshake { kDone, kTimedOut, kFailed };
  virtual Handshake Shake(SteadyTime deadline, std::string& error) = 0;
  // Ends the connection; with a linger deadline, first says it is done
  // sending and reads (discarding) what the peer still sends until it
  // closes or the deadline passes, so that a response sent before the
  // request was fully read is not destroyed by a reset. Closes the socket.
  virtual void Close(SteadyTime linger_until) = 0;
  virtual int fd() const = 0;
  // After a failed client handshake: why the service's certificate did not
  // verify, or "" if that was not the reason.
  virtual std::string CertificateError() const { return ""; }
};

// Takes ownership of `fd` (made non-blocking).
std::unique_ptr<Transport> NewPlainTransport(int fd);

// Takes ownership of `fd` (made non-blocking); Shake() runs the server
// side of the handshake. Null (and `fd` closed) if OpenSSL cannot set up
// the connection.
std::unique_ptr<Transport> NewTlsTransport(SSL_CTX* context, int fd);

// The client side: Shake() runs the client's handshake, and the peer's
// certificate must chain to `context`'s trust store and name `host`.
std::unique_ptr<Transport> NewTlsClientTransport(SSL_CTX* context, int fd, const std::string& host);

}  // namespace relic::lms
