// SPDX-License-Identifier: Apache-2.0
#include "lms/http_tls.h"

#include <openssl/err.h>

namespace relic::lms {
namespace {

// OpenSSL's reason for the last failure, and an empty error queue after.
std::string OpenSslReason() {
  unsigned long code = ERR_peek_last_error();
  std::string reason = "unknown error";
  if (code != 0) {
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    reason = text;
  }
  ERR_clear_error();
  return reason;
}

}  // namespace

Result<SslContextPtr> NewServerTlsContext(const std::string& cert_file,
                                          const std::string& key_file) {
  ERR_clear_error();
  SslContextPtr context(SSL_CTX_new(TLS_server_method()));
  if (!context) {
    return Status(Code::kInternal, "cannot set up TLS: " + OpenSslReason());
  }
  SSL_CTX_set_min_proto_version(context.get(), TLS1_2_VERSION);
  // Renegotiation lets a client make the server repeat expensive handshakes
  // on one connection; compression leaks plaintext lengths (CRIME).
  SSL_CTX_set_options(context.get(), SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION |
                                         SSL_OP_CIPHER_SERVER_PREFERENCE);
  if (SSL_CTX_use_certificate_chain_file(context.get(), cert_file.c_str()) != 1) {
    return Status(Code::kInvalidArgument, "cannot use the TLS certificate " + cert_file + ": " +
                                              OpenSslReason() +
                                              "; give a PEM certificate (chain) with --tls-cert");
  }
  if (SSL_CTX_use_PrivateKey_file(context.get(), key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    return Status(Code::kInvalidArgument, "cannot use the TLS private key " + key_file + ": " +
                                              OpenSslReason() +
                                              "; give an unencrypted PEM key with --tls-key");
  }
  if (SSL_CTX_check_private_key(context.get()) != 1) {
    return Status(Code::kInvalidArgument, "the TLS private key " + key_file +
                                              " does not belong to the certificate " + cert_file +
                                              ": " + OpenSslReason());
  }
  return context;
}

}  // namespace relic::lms
