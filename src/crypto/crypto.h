// SPDX-License-Identifier: Apache-2.0
// relic's cryptographic primitives, all from libsodium:
//   signatures       Ed25519
//   sealing to a key X25519 sealed boxes (crypto_box_seal)
//   symmetric AEAD   XChaCha20-Poly1305 (IETF)
//   single-use AEAD  ChaCha20-Poly1305 (IETF), zero nonce, for keys that
//                    encrypt one message
//   hashing and MAC  BLAKE2b (incremental: blake2b.h), HMAC-SHA-256
//   passphrases      Argon2id (passphrase_key.h)
//   streams          XChaCha20-Poly1305 secretstream (secret_stream.h)
//   text             base64 (constant-time), random bytes, wiping
// docs/key-hierarchy.md says which key protects what. Nothing outside
// src/crypto includes <sodium.h>.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
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
constexpr size_t kSingleUseAeadTagSize = 16;

using Signature = std::array<uint8_t, kSignatureSize>;
using SymmetricKey = Secret<kAeadKeySize>;

// Initialises libsodium once per process; every entry point below calls it,
// and aborts if it cannot (the system has no entropy source: nothing in
// relic is safe without one).
void EnsureInitialized();
// The same for a caller that reports the failure instead (kInternal).
Status Initialize();

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

// AEAD for a key that encrypts exactly one message (a backup record's key,
// derived for one set and one license): no nonce is stored and no
// randomness spent. Appends the ciphertext and tag to `out`.
void SingleUseAeadEncryptTo(const SymmetricKey& key, ByteView plaintext, ByteView associated_data,
                            Bytes& out);
// kBadSignature if `sealed` is shorter than a tag or fails authentication.
Result<Bytes> SingleUseAeadDecrypt(const SymmetricKey& key, ByteView sealed,
                                   ByteView associated_data);

// BLAKE2b of `out_len` bytes (16..64), optionally keyed (key of 16..64 bytes).
Bytes Hash(ByteView message, size_t out_len, ByteView key = {});
std::array<uint8_t, 32> Hash256(ByteView message);
std::array<uint8_t, 32> HmacSha256(ByteView key, ByteView message);

// Constant-time comparison of equal-length byte strings.
bool ConstantTimeEqual(ByteView a, ByteView b);

// RFC 4648 base64, in constant time with respect to the data (libsodium's
// sodium_bin2base64). Decoding fails unless all of `text` is one encoding
// (no whitespace, nothing after it).
enum class Base64Variant { kStandardPadded, kUrlSafeUnpadded };
std::string Base64Encode(ByteView data, Base64Variant variant);
std::optional<Bytes> Base64Decode(std::string_view text, Base64Variant variant);

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
