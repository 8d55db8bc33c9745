// SPDX-License-Identifier: Apache-2.0
// relic's libsodium wrappers (src/crypto/crypto.h) against published
// known-answer vectors where the construction has them, and their failure
// paths: each wrong key, altered byte or short input is refused.
#include "crypto/crypto.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "base/text_codec.h"

namespace relic::crypto {
namespace {

Bytes Hex(std::string_view hex) {
  auto b = HexDecode(hex);
  EXPECT_TRUE(b.has_value()) << hex;
  return b.value_or(Bytes{});
}
template <size_t N>
std::array<uint8_t, N> HexArray(std::string_view hex) {
  std::array<uint8_t, N> out{};
  Bytes b = Hex(hex);
  EXPECT_EQ(b.size(), N) << hex;
  std::memcpy(out.data(), b.data(), std::min(N, b.size()));
  return out;
}
Bytes Text(std::string_view s) { return Bytes(s.begin(), s.end()); }

// RFC 8032 "Edwards-Curve Digital Signature Algorithm (EdDSA)", section
// 7.1 (Test Vectors for Ed25519), TEST 1, 2 and 3. libsodium's secret key is
// the RFC's 32-byte secret key followed by the public key.
struct Ed25519Vector {
  const char* secret;
  const char* public_key;
  const char* message;
  const char* signature;
};
constexpr Ed25519Vector kRfc8032[] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf"
     "9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f"
     "11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984"
     "dc6594a7c15e9716ed28dc027beceea1ec40a"},
};

TEST(Ed25519Test, Rfc8032Vectors) {
  for (const Ed25519Vector& v : kRfc8032) {
    Secret<64> secret;
    const Bytes seed = Hex(v.secret), pub = Hex(v.public_key);
    std::memcpy(secret.data(), seed.data(), 32);
    std::memcpy(secret.data() + 32, pub.data(), 32);
    const Bytes message = Hex(v.message);
    const Signature sig = Sign(secret, message);
    EXPECT_EQ(HexEncode(sig), v.signature);
    const auto public_key = HexArray<32>(v.public_key);
    EXPECT_TRUE(Verify(public_key, message, sig));
  }
}

TEST(Ed25519Test, RefusesAlteredMessagesSignaturesAndOtherKeys) {
  const SigningKeyPair keys = GenerateSigningKeyPair();
  const SigningKeyPair other = GenerateSigningKeyPair();
  const Bytes message = Text("license body");
  const Signature sig = Sign(keys.secret_key, message);
  EXPECT_TRUE(Verify(keys.public_key, message, sig));
  EXPECT_FALSE(Verify(other.public_key, message, sig));
  Bytes altered = message;
  altered[0] ^= 1;
  EXPECT_FALSE(Verify(keys.public_key, altered, sig));
  for (size_t i = 0; i < sig.size(); i += 7) {
    Signature bad = sig;
    bad[i] ^= 0x40;
    EXPECT_FALSE(Verify(keys.public_key, message, bad)) << i;
  }
  EXPECT_FALSE(Verify(keys.public_key, message, ByteView(sig.data(), sig.size() - 1)));
  EXPECT_FALSE(Verify(keys.public_key, message, ByteView()));
}

// RFC 4231 "Identifiers and Test Vectors for HMAC-SHA-224, HMAC-SHA-256,
// HMAC-SHA-384, and HMAC-SHA-512", section 4, test cases 1, 2, 3, 4, 6
// and 7 (case 5 truncates the output, which relic never does).
TEST(HmacSha256Test, Rfc4231Vectors) {
  const std::string long_key(131, '\xaa');
  struct Case {
    Bytes key;
    Bytes data;
    const char* mac;
  };
  const Case cases[] = {
      {Bytes(20, 0x0b), Text("Hi There"),
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {Text("Jefe"), Text("what do ya want for nothing?"),
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {Bytes(20, 0xaa), Bytes(50, 0xdd),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {Hex("0102030405060708090a0b0c0d0e0f10111213141516171819"), Bytes(50, 0xcd),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      {Text(long_key), Text("Test Using Larger Than Block-Size Key - Hash Key First"),
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {Text(long_key),
       Text("This is a test using a larger than block-size key and a larger than block-size "
            "data. The key needs to be hashed before being used by the HMAC algorithm."),
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
  for (const Case& c : cases) EXPECT_EQ(HexEncode(HmacSha256(c.key, c.data)), c.mac);
}

// RFC 7693 "The BLAKE2 Cryptographic Hash and Message Authentication Code
// (MAC)", Appendix A: BLAKE2b-512("abc").
TEST(Blake2bTest, Rfc7693Vector) {
  EXPECT_EQ(HexEncode(Hash(Text("abc"), 64)),
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5"
            "de4533cc9518d38aa8dbf1925ab92386edd4009923");
}

TEST(Blake2bTest, Hash256IsTheUnkeyed32ByteHash) {
  const Bytes m = Text("relic");
  const Bytes h = Hash(m, 32);
  const auto h256 = Hash256(m);
  EXPECT_EQ(Bytes(h256.begin(), h256.end()), h);
  EXPECT_NE(Hash(m, 32, Bytes(32, 1)), h);  // keyed differs
  EXPECT_NE(Hash(m, 32, Bytes(32, 1)), Hash(m, 32, Bytes(32, 2)));
}

// draft-irtf-cfrg-xchacha-03 "XChaCha: eXtended-nonce ChaCha and
// AEAD_XChaCha20_Poly1305", Appendix A.3.1 (AEAD_XChaCha20_Poly1305 test
// vector). AeadDecrypt reads the nonce in front of the ciphertext.
TEST(AeadTest, XChaCha20Poly1305DraftVector) {
  SymmetricKey key;
  const Bytes k = Hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
  std::memcpy(key.data(), k.data(), k.size());
  const Bytes ad = Hex("50515253c0c1c2c3c4c5c6c7");
  Bytes sealed = Hex("404142434445464748494a4b4c4d4e4f5051525354555657");
  const Bytes cipher = Hex(
      "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4e"
      "da7e39ae64c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2"
      "383565d3fff921f9664c97637da9768812f615c68b13b52e");
  const Bytes tag = Hex("c0875924c1c7987947deafd8780acf49");
  sealed.insert(sealed.end(), cipher.begin(), cipher.end());
  sealed.insert(sealed.end(), tag.begin(), tag.end());
  auto plain = AeadDecrypt(key, sealed, ad);
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(std::string(plain->begin(), plain->end()),
            "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the "
            "future, sunscreen would be it.");
}

TEST(AeadTest, RoundTripsWithAFreshNonceAndRefusesAnyChange) {
  SymmetricKey key, other;
  RandomBytes(key.data(), key.size());
  RandomBytes(other.data(), other.size());
  const Bytes plain = Text("an index chunk"), ad = Text("relic backup index v1");
  const Bytes a = AeadEncrypt(key, plain, ad), b = AeadEncrypt(key, plain, ad);
  EXPECT_EQ(a.size(), kAeadNonceSize + plain.size() + kAeadTagSize);
  EXPECT_NE(a, b);  // a random nonce each time
  EXPECT_EQ(*AeadDecrypt(key, a, ad), plain);
  EXPECT_EQ(AeadDecrypt(other, a, ad).status().code(), Code::kBadSignature);
  EXPECT_EQ(AeadDecrypt(key, a, Text("other")).status().code(), Code::kBadSignature);
  for (size_t i = 0; i < a.size(); ++i) {
    Bytes bad = a;
    bad[i] ^= 0x01;
    EXPECT_EQ(AeadDecrypt(key, bad, ad).status().code(), Code::kBadSignature) << i;
  }
  auto short_input = AeadDecrypt(key, ByteView(a.data(), kAeadNonceSize + kAeadTagSize - 1), ad);
  EXPECT_EQ(short_input.status().code(), Code::kBadSignature);
  EXPECT_EQ(short_input.status().message(), "encrypted data is too short");
}

// No published vector uses the zero nonce of the single-use construction;
// RFC 8439's AEAD vector pins ChaCha20-Poly1305 itself, which libsodium's
// own tests cover. Here: its properties.
TEST(SingleUseAeadTest, IsDeterministicAppendsAndRefusesAnyChange) {
  SymmetricKey key, other;
  RandomBytes(key.data(), key.size());
  RandomBytes(other.data(), other.size());
  const Bytes plain = Text("a backup record"), ad = Text("relic backup record v1");
  Bytes out = Text("xy");
  SingleUseAeadEncryptTo(key, plain, ad, out);
  ASSERT_EQ(out.size(), 2 + plain.size() + kSingleUseAeadTagSize);
  EXPECT_EQ(out[0], 'x');
  const Bytes sealed(out.begin() + 2, out.end());
  Bytes again;
  SingleUseAeadEncryptTo(key, plain, ad, again);
  EXPECT_EQ(again, sealed);  // no nonce, no randomness
  EXPECT_EQ(*SingleUseAeadDecrypt(key, sealed, ad), plain);
  EXPECT_EQ(SingleUseAeadDecrypt(other, sealed, ad).status().code(), Code::kBadSignature);
  EXPECT_EQ(SingleUseAeadDecrypt(key, sealed, Text("x")).status().code(), Code::kBadSignature);
  for (size_t i = 0; i < sealed.size(); ++i) {
    Bytes bad = sealed;
    bad[i] ^= 0x80;
    EXPECT_FALSE(SingleUseAeadDecrypt(key, bad, ad).ok()) << i;
  }
  EXPECT_EQ(SingleUseAeadDecrypt(key, ByteView(sealed.data(), kSingleUseAeadTagSize - 1), ad)
                .status()
                .message(),
            "encrypted data is too short");
}

TEST(SealTest, OnlyTheRecipientOpens) {
  const BoxKeyPair recipient = GenerateBoxKeyPair();
  const BoxKeyPair other = GenerateBoxKeyPair();
  const Bytes plain = Text("a group's master");
  const Bytes sealed = Seal(recipient.public_key, plain);
  EXPECT_EQ(sealed.size(), plain.size() + kSealOverhead);
  EXPECT_EQ(*Unseal(recipient, sealed), plain);
  EXPECT_EQ(Unseal(other, sealed).status().code(), Code::kBadSignature);
  Bytes bad = sealed;
  bad.back() ^= 1;
  EXPECT_EQ(Unseal(recipient, bad).status().code(), Code::kBadSignature);
  EXPECT_EQ(Unseal(recipient, ByteView(sealed.data(), kSealOverhead - 1)).status().message(),
            "sealed data is too short to have been sealed");
}

TEST(CryptoTest, ConstantTimeEqualComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEqual(Text("abc"), Text("abc")));
  EXPECT_FALSE(ConstantTimeEqual(Text("abc"), Text("abd")));
  EXPECT_FALSE(ConstantTimeEqual(Text("abc"), Text("ab")));
  EXPECT_TRUE(ConstantTimeEqual(Bytes{}, Bytes{}));
}

TEST(CryptoTest, WipeZeroesAndSecretsStartZeroed) {
  Bytes b = Text("secret");
  Wipe(b.data(), b.size());
  EXPECT_EQ(b, Bytes(6, 0));
  Secret<32> s;
  EXPECT_EQ(Bytes(s.data(), s.data() + s.size()), Bytes(32, 0));
}

TEST(CryptoTest, RandomBytesFillAndDiffer) {
  std::array<uint8_t, 32> a{}, b{};
  RandomFill(a);
  RandomFill(b);
  EXPECT_NE(a, b);          // 2^-256
  RandomBytes(nullptr, 0);  // allowed: nothing to fill
}

// RFC 4648 "The Base16, Base32, and Base64 Data Encodings", section 10,
// through libsodium's constant-time codec, which refuses non-zero padding
// bits and anything after the text itself.
TEST(Base64CodecTest, Rfc4648VectorsAndStrictness) {
  EXPECT_EQ(Base64Encode(Text("foob"), Base64Variant::kStandardPadded), "Zm9vYg==");
  EXPECT_EQ(Base64Encode(Text("foob"), Base64Variant::kUrlSafeUnpadded), "Zm9vYg");
  EXPECT_EQ(Base64Decode("Zm9vYmE=", Base64Variant::kStandardPadded), Text("fooba"));
  EXPECT_EQ(Base64Decode("Zm9vYmE", Base64Variant::kUrlSafeUnpadded), Text("fooba"));
  EXPECT_FALSE(Base64Decode("Zh==", Base64Variant::kStandardPadded).has_value());
  EXPECT_FALSE(Base64Decode("Zg===", Base64Variant::kStandardPadded).has_value());
  EXPECT_FALSE(Base64Decode("Zg=", Base64Variant::kUrlSafeUnpadded).has_value());
  EXPECT_FALSE(Base64Decode("Zm9v!", Base64Variant::kStandardPadded).has_value());
  EXPECT_FALSE(Base64Decode("Zm9vYg", Base64Variant::kStandardPadded).has_value());
}

TEST(CryptoTest, LabeledConcatenatesLabelAndFields) {
  EXPECT_EQ(Labeled("ab", {Text("c"), Bytes{}, Text("de")}), Text("abcde"));
  EXPECT_TRUE(Initialize().ok());
}

}  // namespace
}  // namespace relic::crypto
