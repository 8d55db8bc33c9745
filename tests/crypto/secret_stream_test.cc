// SPDX-License-Identifier: Apache-2.0
// XChaCha20-Poly1305 secret streams (the package format's content
// encryption): chunks come back only in order, complete, under the key and
// associated data they were written with. libsodium's secretstream has no
// published vector; its properties are what relic relies on.
#include "crypto/secret_stream.h"

#include <gtest/gtest.h>

#include <vector>

namespace relic::crypto {
namespace {

Bytes Text(std::string_view s) { return Bytes(s.begin(), s.end()); }

struct Stream {
  StreamHeader header{};
  std::vector<Bytes> chunks;
};

Stream Write(const SymmetricKey& key, const std::vector<std::string>& plain, ByteView ad) {
  Stream s;
  SecretStreamWriter writer(key, s.header);
  for (size_t i = 0; i < plain.size(); ++i) {
    Bytes out(plain[i].size() + kStreamChunkOverhead);
    const size_t n = writer.Push(Text(plain[i]), ad, i + 1 == plain.size(), out.data());
    EXPECT_EQ(n, out.size());
    s.chunks.push_back(out);
  }
  return s;
}

SymmetricKey NewKey() {
  SymmetricKey key;
  RandomBytes(key.data(), key.size());
  return key;
}

TEST(SecretStreamTest, ReadsBackInOrderWithTheFinalMark) {
  const SymmetricKey key = NewKey();
  const Bytes ad = Text("package header");
  const std::vector<std::string> plain = {"first chunk", "", "third"};
  Stream s = Write(key, plain, ad);
  SecretStreamReader reader(key, s.header);
  for (size_t i = 0; i < plain.size(); ++i) {
    Bytes out(s.chunks[i].size() - kStreamChunkOverhead);
    auto chunk = reader.Pull(s.chunks[i], ad, out.data());
    ASSERT_TRUE(chunk.has_value()) << i;
    EXPECT_EQ(std::string(out.begin(), out.begin() + static_cast<long>(chunk->size)), plain[i]);
    EXPECT_EQ(chunk->final, i + 1 == plain.size());
  }
}

TEST(SecretStreamTest, TwoStreamsUnderOneKeyDiffer) {
  const SymmetricKey key = NewKey();
  Stream a = Write(key, {"same"}, {}), b = Write(key, {"same"}, {});
  EXPECT_NE(a.header, b.header);
  EXPECT_NE(a.chunks[0], b.chunks[0]);
}

// Adversary A1 (docs/threat-model.md) edits a package: each change fails.
TEST(SecretStreamTest, RefusesReorderedAlteredForeignAndMisboundChunks) {
  const SymmetricKey key = NewKey();
  const Bytes ad = Text("header");
  Stream s = Write(key, {"one", "two", "three"}, ad);
  Bytes out(64);
  {
    SecretStreamReader reader(key, s.header);
    EXPECT_FALSE(reader.Pull(s.chunks[1], ad, out.data()).has_value());  // skipped a chunk
  }
  {
    SecretStreamReader reader(NewKey(), s.header);
    EXPECT_FALSE(reader.Pull(s.chunks[0], ad, out.data()).has_value());  // another key
  }
  {
    SecretStreamReader reader(key, s.header);
    EXPECT_FALSE(reader.Pull(s.chunks[0], Text("other"), out.data()).has_value());  // other AD
  }
  for (size_t i = 0; i < s.chunks[0].size(); ++i) {
    Bytes bad = s.chunks[0];
    bad[i] ^= 0x01;
    SecretStreamReader reader(key, s.header);
    EXPECT_FALSE(reader.Pull(bad, ad, out.data()).has_value()) << i;
  }
  {
    StreamHeader other = s.header;
    other[0] ^= 1;
    SecretStreamReader reader(key, other);
    EXPECT_FALSE(reader.Pull(s.chunks[0], ad, out.data()).has_value());  // other header
  }
  {
    SecretStreamReader reader(key, s.header);
    EXPECT_FALSE(reader.Pull(ByteView(s.chunks[0]).first(kStreamChunkOverhead - 1), ad,
                             out.data())
                     .has_value());  // shorter than a tag
  }
}

}  // namespace
}  // namespace relic::crypto
