// SPDX-License-Identifier: Apache-2.0
#include "crypto/secret_stream.h"

#include <sodium.h>

namespace relic::crypto {
namespace {

using State = crypto_secretstream_xchacha20poly1305_state;
static_assert(sizeof(State) <= 64 && alignof(State) <= 16);
static_assert(kStreamHeaderSize == crypto_secretstream_xchacha20poly1305_HEADERBYTES);
static_assert(kStreamChunkOverhead == crypto_secretstream_xchacha20poly1305_ABYTES);

State* AsState(unsigned char* storage) { return reinterpret_cast<State*>(storage); }

}  // namespace

SecretStreamWriter::SecretStreamWriter(const SymmetricKey& key, StreamHeader& header) {
  EnsureInitialized();
  crypto_secretstream_xchacha20poly1305_init_push(AsState(state_), header.data(), key.data());
}

SecretStreamWriter::~SecretStreamWriter() { Wipe(state_, sizeof state_); }

size_t SecretStreamWriter::Push(ByteView plain, ByteView associated_data, bool final,
                                uint8_t* out) {
  unsigned long long written = 0;
  crypto_secretstream_xchacha20poly1305_push(
      AsState(state_), out, &written, plain.data(), plain.size(), associated_data.data(),
      associated_data.size(), final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
  return static_cast<size_t>(written);
}

SecretStreamReader::SecretStreamReader(const SymmetricKey& key, const StreamHeader& header) {
  EnsureInitialized();
  // Cannot fail: any 24 bytes are a header; a wrong one fails the first Pull.
  crypto_secretstream_xchacha20poly1305_init_pull(AsState(state_), header.data(), key.data());
}

SecretStreamReader::~SecretStreamReader() { Wipe(state_, sizeof state_); }

std::optional<SecretStreamReader::Chunk> SecretStreamReader::Pull(ByteView cipher,
                                                                  ByteView associated_data,
                                                                  uint8_t* out) {
  unsigned long long plain_len = 0;
  unsigned char tag = 0;
  if (crypto_secretstream_xchacha20poly1305_pull(
          AsState(state_), out, &plain_len, &tag, cipher.data(), cipher.size(),
          associated_data.data(), associated_data.size()) != 0) {
    return std::nullopt;
  }
  return Chunk{static_cast<size_t>(plain_len),
               tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL};
}

}  // namespace relic::crypto
