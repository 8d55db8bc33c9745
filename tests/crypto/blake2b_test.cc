// SPDX-License-Identifier: Apache-2.0
// Incremental BLAKE2b: the same hash as the one-shot Hash, whatever the
// pieces, and copies that go on independently.
#include "crypto/blake2b.h"

#include <gtest/gtest.h>

#include "base/text_codec.h"
#include "crypto/crypto.h"

namespace relic::crypto {
namespace {

Bytes Text(std::string_view s) { return Bytes(s.begin(), s.end()); }

// RFC 7693 "The BLAKE2 Cryptographic Hash and Message Authentication Code
// (MAC)", Appendix A: BLAKE2b-512("abc"), fed one byte at a time.
TEST(Blake2bStateTest, Rfc7693VectorInPieces) {
  Blake2b h(64);
  h.Update(std::string_view("a"));
  h.Update(Text("b"));
  const uint8_t c = 'c';
  h.Update(&c, 1);
  Bytes out(64);
  h.Final(out.data());
  EXPECT_EQ(HexEncode(out),
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5"
            "de4533cc9518d38aa8dbf1925ab92386edd4009923");
}

TEST(Blake2bStateTest, MatchesOneShotHashKeyedAndUnkeyed) {
  Bytes message;
  for (int i = 0; i < 1000; ++i) message.push_back(static_cast<uint8_t>(i * 31));
  const Bytes key(32, 0x5a);
  for (size_t split : {0u, 1u, 127u, 128u, 129u, 999u, 1000u}) {
    Blake2b unkeyed(32), keyed(32, key);
    unkeyed.Update(ByteView(message).first(split));
    unkeyed.Update(ByteView(message).subspan(split));
    keyed.Update(ByteView(message).first(split));
    keyed.Update(ByteView(message).subspan(split));
    const auto u = unkeyed.Final256(), k = keyed.Final256();
    EXPECT_EQ(Bytes(u.begin(), u.end()), Hash(message, 32)) << split;
    EXPECT_EQ(Bytes(k.begin(), k.end()), Hash(message, 32, key)) << split;
  }
}

// The backup set's writer finishes a copy for the header's commitment while
// the original goes on hashing.
TEST(Blake2bStateTest, CopiesContinueIndependently) {
  Blake2b h(32);
  h.Update(std::string_view("prefix"));
  Blake2b copy = h;
  h.Update(std::string_view("-more"));
  EXPECT_EQ(copy.Final256(), Hash256(Text("prefix")));
  EXPECT_EQ(h.Final256(), Hash256(Text("prefix-more")));
  Blake2b assigned(64);
  assigned = copy;  // takes the output length too
  Blake2b fresh(32);
  fresh.Update(std::string_view("x"));
  assigned = fresh;
  EXPECT_EQ(assigned.Final256(), Hash256(Text("x")));
}

}  // namespace
}  // namespace relic::crypto
