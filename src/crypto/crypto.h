// SPDX-License-Identifier: Apache-2.0
// relic's cryptographic primitives, all from libsodium:
//   signatures       Ed25519
//   sealing to a key X25519 sealed boxes (crypto_box_seal)
//   symmetric AEAD   XChaCha20-Poly1305 (IETF)
//   hashing and MAC  BLAKE2b, HMAC-SHA-256
// docs/key-hierarchy.md says which key protects what.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "crypto/secret.h"
#include "relic/env.h"
#include "relic/status.h"

namespace relic::crypto {

constexpr size_t kSignatureSize = 64;
constexpr size_t kSealOverhead = 48;  // crypto_box_SEALBYTES
constexpr size_t kAeadKeySize = 32;
constexpr size_t kAeadNonceSize = 24;
constexpr size_t kAeadTagSize = 16;

using Signature = std::array<uint8_t, kSignatureSize>;
using SymmetricKey = Secret<kAeadKeySize>;

// Initialises libsodium once per process; every entry point below calls it.
void EnsureInitialized();

void RandomBytes(uint8_t* out, size_t n);
template <typename Array>
void RandomFill(Array& a) {
  RandomBytes(a.data(), a.size());
}

struct SigningKeyPair {
  std::array<uint8_t, 32> public_key{};
  Secret<64> secret_key;
};
SigningKeyPair GenerateSigningKeyPair();
Signature Sign(const Secret<64>& secret_key, ByteView message);
bool Verify(const std::array<uint8_t, 32>& public_key, ByteView message, ByteView signature);

struct BoxKeyPair {
  std::array<uint8_t, 32> public_key{};
  Secret<32> secret_key;
};
BoxKeyPair GenerateBoxKeyPair();
// Anonymous encryption to a public key; only its secret key opens it.
Bytes Seal(const std::array<uint8_t, 32>& public_key, ByteView plaintext);
// nullopt-like failure as kBadSignature: the box was not made for this key
// or was altered.
Result<Bytes> Unseal(const BoxKeyPair& keys, ByteView sealed);

// AEAD with a random nonce stored in front of the ciphertext.
Bytes AeadEncrypt(const SymmetricKey& key, ByteView plaintext, ByteView associated_data);
Result<Bytes> AeadDecrypt(const SymmetricKey& key, ByteView sealed, ByteView associated_data);

// BLAKE2b of `out_len` bytes (16..64), optionally keyed (key of 16..64 bytes).
Bytes Hash(ByteView message, size_t out_len, ByteView key = {});
std::array<uint8_t, 32> Hash256(ByteView message);
std::array<uint8_t, 32> HmacSha256(ByteView key, ByteView message);

// Constant-time comparison of equal-length byte strings.
bool ConstantTimeEqual(ByteView a, ByteView b);

// Views of text as bytes, for domain-separation labels.
inline ByteView AsBytes(std::string_view s) {
  return ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

// A domain-separation label followed by fields, as one byte string.
inline Bytes Labeled(std::string_view label, std::initializer_list<ByteView> fields) {
  size_t size = label.size();
  for (ByteView f : fields) size += f.size();
  Bytes out;
  out.reserve(size);
  out.insert(out.end(), label.begin(), label.end());
  for (ByteView f : fields) out.insert(out.end(), f.begin(), f.end());
  return out;
}

}  // namespace relic::crypto
