// SPDX-License-Identifier: Apache-2.0
// The package format (docs/formats/package.md): content encrypted under a
// content key with libsodium's secretstream (XChaCha20-Poly1305), in chunks,
// so that any size streams in bounded memory and truncation, reordering and
// bit flips are detected. The header is authenticated with every chunk.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "crypto/crypto.h"
#include "relic/ids.h"

namespace relic {

constexpr uint16_t kPackageVersion = 1;
constexpr uint32_t kMinChunkSize = 1;
constexpr uint32_t kMaxChunkSize = 1024 * 1024;

struct PackageHeader {
  Kid kid;
  uint32_t chunk_size = 0;
  std::array<uint8_t, 24> stream_header{};
  Bytes raw;  // the header's exact bytes, the associated data of every chunk
};

Status EncryptPackage(Env* env, const std::string& input_path, const std::string& output_path,
                      const crypto::SymmetricKey& content_key, const Kid& kid, uint32_t chunk_size);

Result<PackageHeader> ReadPackageHeader(Env* env, const std::string& package_path);

// Decrypts the package into `out`, which must be empty, and verifies every
// chunk and the final marker. On failure `out` holds garbage: callers write
// to a temporary file and discard it. With `out` null it only verifies, so
// that a caller can refuse a damaged package before any plaintext exists.
class AtomicOutput;
Status DecryptPackage(Env* env, const std::string& package_path, const PackageHeader& header,
                      const crypto::SymmetricKey& content_key, AtomicOutput* out);

}  // namespace relic
