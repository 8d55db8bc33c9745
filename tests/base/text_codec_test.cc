// SPDX-License-Identifier: Apache-2.0
// The strict hex and base64 codecs: every value has exactly one text, so
// that IDs, keys and protocol fields compare as text.
#include "base/text_codec.h"

#include <gtest/gtest.h>

#include <string>

namespace relic {
namespace {

Bytes B(std::string_view s) { return Bytes(s.begin(), s.end()); }

TEST(HexTest, EncodesLowerCase) {
  EXPECT_EQ(HexEncode(Bytes{}), "");
  EXPECT_EQ(HexEncode(Bytes{0x00, 0x01, 0x7f, 0x80, 0xab, 0xff}), "00017f80abff");
}

TEST(HexTest, DecodesWhatItEncodes) {
  Bytes all(256);
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<uint8_t>(i);
  auto decoded = HexDecode(HexEncode(all));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, all);
  EXPECT_EQ(HexDecode(""), Bytes{});
}

TEST(HexTest, RefusesEveryOtherText) {
  EXPECT_FALSE(HexDecode("abc").has_value());   // odd length
  EXPECT_FALSE(HexDecode("AB").has_value());    // upper case is not canonical
  EXPECT_FALSE(HexDecode("0g").has_value());    // not a digit
  EXPECT_FALSE(HexDecode(" 0a").has_value());   // whitespace
  EXPECT_FALSE(HexDecode("0a\n").has_value());  // trailing newline
  EXPECT_FALSE(HexDecode(std::string("0\0", 2)).has_value());
}

// RFC 4648 "The Base16, Base32, and Base64 Data Encodings", section 10
// (Test Vectors).
TEST(Base64Test, Rfc4648TestVectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, text] : vectors) {
    EXPECT_EQ(Base64Encode(B(plain)), text) << plain;
    auto decoded = Base64Decode(text);
    ASSERT_TRUE(decoded.has_value()) << text;
    EXPECT_EQ(*decoded, B(plain)) << text;
  }
}

// The URL-safe alphabet (RFC 4648 section 5) without padding: the same
// vectors with the padding dropped, and '-' and '_' for '+' and '/'.
TEST(Base64Test, UrlSafeUnpadded) {
  EXPECT_EQ(Base64UrlEncode(B("f")), "Zg");
  EXPECT_EQ(Base64UrlEncode(B("fo")), "Zm8");
  EXPECT_EQ(Base64UrlEncode(B("foobar")), "Zm9vYmFy");
  const Bytes high{0xfb, 0xff, 0xbf};
  EXPECT_EQ(Base64Encode(high), "+/+/");
  EXPECT_EQ(Base64UrlEncode(high), "-_-_");
  EXPECT_EQ(Base64UrlDecode("-_-_"), high);
  EXPECT_EQ(Base64Decode("+/+/"), high);
}

TEST(Base64Test, RoundTripsEveryLength) {
  Bytes data;
  for (size_t n = 0; n < 70; ++n) {
    EXPECT_EQ(Base64Decode(Base64Encode(data)), data) << n;
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(data)), data) << n;
    data.push_back(static_cast<uint8_t>(n * 37 + 11));
  }
}

// Only the encoder's own output decodes: no second text for a value.
TEST(Base64Test, RefusesNonCanonicalText) {
  EXPECT_FALSE(Base64Decode("Zh==").has_value());     // non-zero padding bits ("f" is Zg==)
  EXPECT_FALSE(Base64Decode("Zm9=").has_value());     // non-zero padding bits ("fo" is Zm8=)
  EXPECT_FALSE(Base64Decode("Zg").has_value());       // padding missing
  EXPECT_FALSE(Base64Decode("Zg=").has_value());      // padding short
  EXPECT_FALSE(Base64Decode("Zg===").has_value());    // padding long
  EXPECT_FALSE(Base64Decode("Zm9v\n").has_value());   // trailing newline
  EXPECT_FALSE(Base64Decode(" Zm9v").has_value());    // leading space
  EXPECT_FALSE(Base64Decode("Zm-v").has_value());     // URL-safe letter in standard text
  EXPECT_FALSE(Base64UrlDecode("Zg==").has_value());  // padding in unpadded text
  EXPECT_FALSE(Base64UrlDecode("Zh").has_value());    // non-zero padding bits
  EXPECT_FALSE(Base64UrlDecode("Zm+v").has_value());  // standard letter in URL-safe text
  EXPECT_FALSE(Base64UrlDecode("Z").has_value());     // impossible length
}

}  // namespace
}  // namespace relic
