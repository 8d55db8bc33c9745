// SPDX-License-Identifier: Apache-2.0
#include "crypto/crypto.h"

#include <sodium.h>

#include <cstdlib>
#include <mutex>

namespace relic::crypto {

void EnsureInitialized() {
  static std::once_flag once;
  std::call_once(once, [] {
    // sodium_init fails only when the system has no entropy source; nothing
    // in relic is safe without one.
    if (sodium_init() < 0) std::abort();
  });
}

Status Initialize() {
  if (sodium_init() < 0) {
    return Status(Code::kInternal,
                  "cannot initialise libsodium; check that the system has a working random "
                  "device");
  }
  return Status::Ok();
}

void Wipe(void* p, size_t n) { sodium_memzero(p, n); }

void RandomBytes(uint8_t* out, size_t n) {
  if (n == 0) return;  // libsodium requires a non-null buffer
  EnsureInitialized();
  randombytes_buf(out, n);
}

SigningKeyPair GenerateSigningKeyPair() {
  EnsureInitialized();
  SigningKeyPair pair;
  crypto_sign_keypair(pair.public_key.data(), pair.secret_key.data());
  return pair;
}

Signature Sign(const Secret<64>& secret_key, ByteView message) {
  EnsureInitialized();
  Signature sig{};
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), secret_key.data());
  return sig;
}

bool Verify(const std::array<uint8_t, 32>& public_key, ByteView message, ByteView signature) {
  EnsureInitialized();
  if (signature.size() != kSignatureSize) return false;
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                     public_key.data()) == 0;
}

BoxKeyPair GenerateBoxKeyPair() {
  EnsureInitialized();
  BoxKeyPair pair;
  crypto_box_keypair(pair.public_key.data(), pair.secret_key.data());
  return pair;
}

Bytes Seal(const std::array<uint8_t, 32>& public_key, ByteView plaintext) {
  EnsureInitialized();
  Bytes out(plaintext.size() + crypto_box_SEALBYTES);
  crypto_box_seal(out.data(), plaintext.data(), plaintext.size(), public_key.data());
  return out;
}

Result<Bytes> Unseal(const BoxKeyPair& keys, ByteView sealed) {
  EnsureInitialized();
  if (sealed.size() < crypto_box_SEALBYTES) {
    return Status(Code::kBadSignature, "sealed data is too short to have been sealed");
  }
  Bytes out(sealed.size() - crypto_box_SEALBYTES);
  if (crypto_box_seal_open(out.data(), sealed.data(), sealed.size(), keys.public_key.data(),
                           keys.secret_key.data()) != 0) {
    sodium_memzero(out.data(), out.size());
    return Status(Code::kBadSignature,
                  "sealed data does not open with this key: it was sealed for another key or "
                  "altered");
  }
  return out;
}

Bytes AeadEncrypt(const SymmetricKey& key, ByteView plaintext, ByteView associated_data) {
  EnsureInitialized();
  Bytes out(kAeadNonceSize + plaintext.size() + kAeadTagSize);
  randombytes_buf(out.data(), kAeadNonceSize);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out.data() + kAeadNonceSize, &written, plaintext.data(), plaintext.size(),
      associated_data.data(), associated_data.size(), nullptr, out.data(), key.data());
  return out;
}

Result<Bytes> AeadDecrypt(const SymmetricKey& key, ByteView sealed, ByteView associated_data) {
  EnsureInitialized();
  if (sealed.size() < kAeadNonceSize + kAeadTagSize) {
    return Status(Code::kBadSignature, "encrypted data is too short");
  }
  Bytes out(sealed.size() - kAeadNonceSize - kAeadTagSize);
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          out.data(), &written, nullptr, sealed.data() + kAeadNonceSize,
          sealed.size() - kAeadNonceSize, associated_data.data(), associated_data.size(),
          sealed.data(), key.data()) != 0) {
    sodium_memzero(out.data(), out.size());
    return Status(Code::kBadSignature,
                  "encrypted data fails authentication: it was altered or "
                  "belongs to another record");
  }
  return out;
}

namespace {
// A single-use key never meets a second message, so one fixed nonce is safe.
constexpr uint8_t kSingleUseNonce[crypto_aead_chacha20poly1305_IETF_NPUBBYTES] = {};
static_assert(kSingleUseAeadTagSize == crypto_aead_chacha20poly1305_IETF_ABYTES);
}  // namespace

void SingleUseAeadEncryptTo(const SymmetricKey& key, ByteView plaintext, ByteView associated_data,
                            Bytes& out) {
  EnsureInitialized();
  const size_t at = out.size();
  out.resize(at + plaintext.size() + kSingleUseAeadTagSize);
  unsigned long long written = 0;
  crypto_aead_chacha20poly1305_ietf_encrypt(
      out.data() + at, &written, plaintext.data(), plaintext.size(), associated_data.data(),
      associated_data.size(), nullptr, kSingleUseNonce, key.data());
}

Result<Bytes> SingleUseAeadDecrypt(const SymmetricKey& key, ByteView sealed,
                                   ByteView associated_data) {
  EnsureInitialized();
  if (sealed.size() < kSingleUseAeadTagSize) {
    return Status(Code::kBadSignature, "encrypted data is too short");
  }
  Bytes out(sealed.size() - kSingleUseAeadTagSize);
  unsigned long long written = 0;
  if (crypto_aead_chacha20poly1305_ietf_decrypt(
          out.data(), &written, nullptr, sealed.data(), sealed.size(), associated_data.data(),
          associated_data.size(), kSingleUseNonce, key.data()) != 0) {
    return Status(Code::kBadSignature,
                  "encrypted data fails authentication: it was altered or belongs to another "
                  "record");
  }
  return out;
}

Bytes Hash(ByteView message, size_t out_len, ByteView key) {
  EnsureInitialized();
  Bytes out(out_len);
  crypto_generichash(out.data(), out.size(), message.data(), message.size(),
                     key.empty() ? nullptr : key.data(), key.size());
  return out;
}

std::array<uint8_t, 32> Hash256(ByteView message) {
  std::array<uint8_t, 32> out{};
  EnsureInitialized();
  crypto_generichash(out.data(), out.size(), message.data(), message.size(), nullptr, 0);
  return out;
}

std::array<uint8_t, 32> HmacSha256(ByteView key, ByteView message) {
  EnsureInitialized();
  std::array<uint8_t, 32> out{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key.data(), key.size());
  crypto_auth_hmacsha256_update(&state, message.data(), message.size());
  crypto_auth_hmacsha256_final(&state, out.data());
  sodium_memzero(&state, sizeof state);
  return out;
}

bool ConstantTimeEqual(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

namespace {
int SodiumVariant(Base64Variant variant) {
  return variant == Base64Variant::kStandardPadded ? sodium_base64_VARIANT_ORIGINAL
                                                   : sodium_base64_VARIANT_URLSAFE_NO_PADDING;
}
}  // namespace

std::string Base64Encode(ByteView data, Base64Variant variant) {
  const int v = SodiumVariant(variant);
  std::string out(sodium_base64_encoded_len(data.size(), v), '\0');
  sodium_bin2base64(out.data(), out.size(), data.data(), data.size(), v);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::optional<Bytes> Base64Decode(std::string_view text, Base64Variant variant) {
  Bytes out(text.size() / 4 * 3 + 3);
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end,
                        SodiumVariant(variant)) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

}  // namespace relic::crypto
