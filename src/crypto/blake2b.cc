// SPDX-License-Identifier: Apache-2.0
#include "crypto/blake2b.h"

#include <sodium.h>

#include <cstring>

#include "crypto/crypto.h"

namespace relic::crypto {
namespace {

static_assert(sizeof(crypto_generichash_state) <= 384);
static_assert(alignof(crypto_generichash_state) <= 64);

crypto_generichash_state* State(unsigned char* storage) {
  return reinterpret_cast<crypto_generichash_state*>(storage);
}

}  // namespace

Blake2b::Blake2b(size_t out_len, ByteView key) : out_len_(out_len) {
  EnsureInitialized();
  crypto_generichash_init(State(state_), key.empty() ? nullptr : key.data(), key.size(), out_len);
}

Blake2b::~Blake2b() { Wipe(state_, sizeof state_); }

Blake2b::Blake2b(const Blake2b& other) : out_len_(other.out_len_) {
  std::memcpy(state_, other.state_, sizeof state_);
}

Blake2b& Blake2b::operator=(const Blake2b& other) {
  if (this == &other) return *this;  // memcpy of a buffer onto itself is undefined
  std::memcpy(state_, other.state_, sizeof state_);
  out_len_ = other.out_len_;
  return *this;
}

void Blake2b::Update(const uint8_t* data, size_t n) {
  crypto_generichash_update(State(state_), data, n);
}

void Blake2b::Update(ByteView data) { Update(data.data(), data.size()); }

void Blake2b::Update(std::string_view text) {
  Update(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

void Blake2b::Final(uint8_t* out) { crypto_generichash_final(State(state_), out, out_len_); }

std::array<uint8_t, 32> Blake2b::Final256() {
  std::array<uint8_t, 32> out{};
  Final(out.data());
  return out;
}

}  // namespace relic::crypto
