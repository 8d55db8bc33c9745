// SPDX-License-Identifier: Apache-2.0
// XChaCha20-Poly1305 secret streams (libsodium's crypto_secretstream): a
// sequence of chunks under one key, each authenticated with its place in the
// sequence and the last one marked final, so that dropping, reordering or
// truncating chunks fails. The package format encrypts content with it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "crypto/crypto.h"
#include "relic/env.h"

namespace relic::crypto {

constexpr size_t kStreamHeaderSize = 24;
constexpr size_t kStreamChunkOverhead = 17;  // crypto_secretstream_xchacha20poly1305_ABYTES
using StreamHeader = std::array<uint8_t, kStreamHeaderSize>;

class SecretStreamWriter {
 public:
  // Starts a stream under `key`; `header` (random) must precede its chunks.
  SecretStreamWriter(const SymmetricKey& key, StreamHeader& header);
  ~SecretStreamWriter();  // wipes the state
  SecretStreamWriter(const SecretStreamWriter&) = delete;
  SecretStreamWriter& operator=(const SecretStreamWriter&) = delete;

  // Encrypts one chunk into `out`, which has room for plain.size() +
  // kStreamChunkOverhead bytes; returns the bytes written.
  size_t Push(ByteView plain, ByteView associated_data, bool final, uint8_t* out);

 private:
  alignas(16) unsigned char state_[64];
};

class SecretStreamReader {
 public:
  SecretStreamReader(const SymmetricKey& key, const StreamHeader& header);
  ~SecretStreamReader();  // wipes the state
  SecretStreamReader(const SecretStreamReader&) = delete;
  SecretStreamReader& operator=(const SecretStreamReader&) = delete;

  struct Chunk {
    size_t size = 0;     // plaintext bytes written to `out`
    bool final = false;  // the writer marked it the last
  };
  // Decrypts the next chunk into `out` (room for cipher.size() -
  // kStreamChunkOverhead bytes); nullopt if it fails authentication.
  std::optional<Chunk> Pull(ByteView cipher, ByteView associated_data, uint8_t* out);

 private:
  alignas(16) unsigned char state_[64];
};

}  // namespace relic::crypto
