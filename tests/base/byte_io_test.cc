// SPDX-License-Identifier: Apache-2.0
// ByteWriter and ByteReader: the little-endian fields of relic's binary
// formats, and a reader that never reads past its input.
#include "base/byte_io.h"

#include <gtest/gtest.h>

#include <array>

namespace relic {
namespace {

TEST(ByteWriterTest, WritesLittleEndianFields) {
  ByteWriter w;
  w.U8(0x01);
  w.U16(0x0302);
  w.U32(0x07060504);
  w.U64(0x0f0e0d0c0b0a0908);
  w.I64(-2);
  EXPECT_EQ(w.bytes(),
            (Bytes{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c,
                   0x0d, 0x0e, 0x0f, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}));
}

TEST(ByteWriterTest, WritesLengthPrefixedStringsAndBlobs) {
  ByteWriter w;
  w.Str16("ab");
  w.Blob16(Bytes{0xaa});
  w.Blob32(Bytes{0xbb, 0xcc});
  w.Raw(Bytes{});
  w.Raw(std::string_view("z"));
  EXPECT_EQ(w.Take(), (Bytes{0x02, 0x00, 'a', 'b', 0x01, 0x00, 0xaa, 0x02, 0x00, 0x00, 0x00, 0xbb,
                             0xcc, 'z'}));
}

TEST(ByteReaderTest, ReadsWhatTheWriterWrote) {
  ByteWriter w;
  w.U8(200);
  w.U16(65535);
  w.U32(4000000000u);
  w.U64(1ull << 63);
  w.I64(-1234567890123);
  w.Str16("license");
  w.Blob16(Bytes{1, 2});
  w.Blob32(Bytes{3});
  w.Raw(Bytes{9, 8, 7, 6});
  const Bytes bytes = w.Take();
  ByteReader r(bytes, "test record");
  EXPECT_EQ(*r.U8(), 200);
  EXPECT_EQ(*r.U16(), 65535);
  EXPECT_EQ(*r.U32(), 4000000000u);
  EXPECT_EQ(*r.U64(), 1ull << 63);
  EXPECT_EQ(*r.I64(), -1234567890123);
  EXPECT_EQ(*r.Str16(), "license");
  const ByteView blob16 = *r.Blob16();
  EXPECT_EQ(Bytes(blob16.begin(), blob16.end()), (Bytes{1, 2}));
  const ByteView blob32 = *r.Blob32();
  EXPECT_EQ(Bytes(blob32.begin(), blob32.end()), Bytes{3});
  std::array<uint8_t, 4> fixed{};
  ASSERT_TRUE(r.Into(fixed).ok());
  EXPECT_EQ(fixed, (std::array<uint8_t, 4>{9, 8, 7, 6}));
  EXPECT_EQ(r.remaining(), 0u);
  EXPECT_EQ(r.position(), bytes.size());
  EXPECT_TRUE(r.ExpectEnd().ok());
}

// Each field type, one byte short: kMalformed naming the input and where,
// and nothing consumed.
TEST(ByteReaderTest, TruncationIsMalformedAndNamesTheInputAndPosition) {
  const Bytes three{1, 2, 3};
  {
    ByteReader r(three, "license file");
    Result<uint32_t> v = r.U32();
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.status().code(), Code::kMalformed);
    EXPECT_EQ(v.status().message(),
              "license file is truncated at byte 0; the file is incomplete, obtain a fresh copy");
    EXPECT_EQ(r.position(), 0u);
  }
  {
    ByteReader r(three, "package header");
    ASSERT_TRUE(r.U16().ok());
    EXPECT_EQ(r.U16().status().message(),
              "package header is truncated at byte 2; the file is incomplete, obtain a fresh copy");
    EXPECT_FALSE(r.U64().ok());
    EXPECT_FALSE(r.I64().ok());
    EXPECT_FALSE(r.Raw(2).ok());
    EXPECT_EQ(*r.U8(), 3);
    EXPECT_FALSE(r.U8().ok());
  }
  {
    // A length prefix that promises more than there is.
    const Bytes promise{5, 0, 'a', 'b'};
    ByteReader r(promise, "name");
    EXPECT_EQ(r.Str16().status().code(), Code::kMalformed);
    ByteReader r2(promise, "blob");
    EXPECT_EQ(r2.Blob16().status().code(), Code::kMalformed);
    const Bytes promise32{0xff, 0xff, 0xff, 0xff, 1};
    ByteReader r3(promise32, "blob");
    EXPECT_EQ(r3.Blob32().status().code(), Code::kMalformed);
  }
  {
    std::array<uint8_t, 4> out{};
    ByteReader r(three, "key");
    EXPECT_EQ(r.Into(out).code(), Code::kMalformed);
    EXPECT_EQ(out, (std::array<uint8_t, 4>{}));
  }
}

TEST(ByteReaderTest, TrailingBytesAreMalformed) {
  const Bytes bytes{1, 2, 3};
  ByteReader r(bytes, "grant");
  ASSERT_TRUE(r.U8().ok());
  Status end = r.ExpectEnd();
  EXPECT_EQ(end.code(), Code::kMalformed);
  EXPECT_EQ(end.message(),
            "grant has 2 unexpected trailing bytes; the file is damaged or not a relic file, "
            "obtain a fresh copy");
}

}  // namespace
}  // namespace relic
