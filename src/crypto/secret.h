// SPDX-License-Identifier: Apache-2.0
// Fixed-size secret key material, wiped when it goes out of scope.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace relic {
namespace crypto {

// Overwrites `n` bytes at `p` with zeros in a way the compiler may not
// remove as a dead store (libsodium's sodium_memzero).
void Wipe(void* p, size_t n);

// Wipes all of a contiguous buffer's storage (a Bytes, a std::string),
// not just its current size: a passphrase that lost its line end, or a
// file read that was cut, leaves bytes past the size. Leaves it empty.
template <typename Buffer>
void WipeBuffer(Buffer& buffer) {
  buffer.resize(buffer.capacity());  // within the capacity: no reallocation
  Wipe(buffer.data(), buffer.size() * sizeof(*buffer.data()));
  buffer.clear();
}

// An optional buffer (a request's passphrase) is wiped if it holds one.
template <typename Buffer>
void WipeBuffer(std::optional<Buffer>& buffer) {
  if (buffer) WipeBuffer(*buffer);
}

// Wipes a buffer that briefly holds secret bytes when the scope ends, on
// every path out of it (an early error return included).
template <typename Buffer>
class WipeOnExit {
 public:
  explicit WipeOnExit(Buffer& buffer) : buffer_(buffer) {}
  ~WipeOnExit() { WipeBuffer(buffer_); }
  WipeOnExit(const WipeOnExit&) = delete;
  WipeOnExit& operator=(const WipeOnExit&) = delete;

 private:
  Buffer& buffer_;
};

}  // namespace crypto

template <size_t N>
class Secret {
 public:
  Secret() { data_.fill(0); }
  ~Secret() { crypto::Wipe(data_.data(), N); }
  Secret(const Secret& other) : data_(other.data_) {}
  Secret& operator=(const Secret& other) {
    data_ = other.data_;
    return *this;
  }
  uint8_t* data() { return data_.data(); }
  const uint8_t* data() const { return data_.data(); }
  static constexpr size_t size() { return N; }

 private:
  std::array<uint8_t, N> data_;
};

}  // namespace relic
