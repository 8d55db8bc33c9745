// SPDX-License-Identifier: Apache-2.0
// The service's TLS configuration: a certificate chain and its private key
// from PEM files, TLS 1.2 or later.
#pragma once

#include <openssl/ssl.h>

#include <memory>
#include <string>

#include "relic/status.h"

namespace relic::lms {

struct SslContextDeleter {
  void operator()(SSL_CTX* context) const { SSL_CTX_free(context); }
};
using SslContextPtr = std::unique_ptr<SSL_CTX, SslContextDeleter>;

// kInvalidArgument naming the file and OpenSSL's reason when a file cannot
// be read or the key does not belong to the certificate.
Result<SslContextPtr> NewServerTlsContext(const std::string& cert_file,
                                          const std::string& key_file);

}  // namespace relic::lms
