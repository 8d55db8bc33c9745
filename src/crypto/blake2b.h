// SPDX-License-Identifier: Apache-2.0
// Incremental BLAKE2b (libsodium's crypto_generichash), for hashes over
// input that arrives in pieces: the backup set's commitments and the key
// derivations of backup_keys.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "relic/env.h"

namespace relic::crypto {

class Blake2b {
 public:
  // `out_len` is 16..64 bytes; `key` is empty or 16..64 bytes.
  explicit Blake2b(size_t out_len = 32, ByteView key = {});
  // A keyed state holds its key: wiped.
  ~Blake2b();
  // Copies hash the same prefix: one can be finished while the other goes on.
  Blake2b(const Blake2b& other);
  Blake2b& operator=(const Blake2b& other);

  void Update(ByteView data);
  void Update(std::string_view text);
  void Update(const uint8_t* data, size_t n);
  // Writes out_len bytes. The state is finished: make no further calls.
  void Final(uint8_t* out);
  // For out_len == 32.
  std::array<uint8_t, 32> Final256();

 private:
  // libsodium's crypto_generichash_state, which needs 384 bytes aligned to
  // 64 (checked where it is used), held here so that no header outside
  // src/crypto needs <sodium.h>.
  alignas(64) unsigned char state_[384];
  size_t out_len_;
};

}  // namespace relic::crypto
