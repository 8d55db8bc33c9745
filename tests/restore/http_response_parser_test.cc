// SPDX-License-Identifier: Apache-2.0
// The restore client's HTTP response reader and the flat JSON reader both
// sides use, against whatever answers at a service's address (adversary A4,
// or A2 on the path, docs/threat-model.md): every limit and every form the
// service never sends is the specific kMalformed, found as soon as the bytes
// show it, with no more held than the limits allow.
#include "restore/http_response_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocol/flat_json.h"

namespace relic {
namespace {

const HttpResponseLimits kLimits{.max_head_bytes = 1024, .max_headers = 8, .max_body_bytes = 100};

// Feeds `bytes` one at a time, as a slow network would, then ends them.
Result<HttpResponse> ReadBytewise(const std::string& bytes, bool close = true) {
  HttpResponseParser parser(kLimits);
  for (char c : bytes) {
    RELIC_RETURN_IF_ERROR(parser.Feed(std::string_view(&c, 1)));
    if (parser.complete()) return parser.response();
  }
  if (close) RELIC_RETURN_IF_ERROR(parser.Finish());
  if (!parser.complete()) return Status(Code::kInternal, "incomplete");
  return parser.response();
}

void ExpectMalformed(const std::string& bytes, const std::string& needle) {
  auto r = ReadBytewise(bytes);
  ASSERT_FALSE(r.ok()) << bytes;
  EXPECT_EQ(r.status().code(), Code::kMalformed) << bytes;
  EXPECT_NE(r.status().message().find(needle), std::string::npos) << r.status().message();
}

TEST(HttpResponseParserTest, ReadsTheAnswersTheServiceSends) {
  auto r = ReadBytewise(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\ncontent-length: 5\r\n\r\nhello",
      /*close=*/false);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "hello");
  auto until_close = ReadBytewise("HTTP/1.0 503 Busy\r\n\r\n{\"message\":\"x\"}");
  ASSERT_TRUE(until_close.ok());
  EXPECT_EQ(until_close->status, 503);
  EXPECT_EQ(until_close->body, "{\"message\":\"x\"}");
  auto redirect = ReadBytewise("HTTP/1.1 302 Found\r\nLocation:  https://x/ \r\n\r\n");
  ASSERT_TRUE(redirect.ok());
  EXPECT_EQ(redirect->location, "https://x/");
}

// Adversary A4: a header flood ends at the count or byte limit, not in
// memory.
TEST(HttpResponseParserTest, AHeaderFloodStopsAtTheLimits) {
  std::string many = "HTTP/1.1 200 OK\r\n";
  for (int i = 0; i < 9; ++i) many += "X-" + std::to_string(i) + ": y\r\n";
  ExpectMalformed(many, "more than 8 headers");
  ExpectMalformed("HTTP/1.1 200 OK\r\nX: " + std::string(2000, 'a'), "longer than 1024 bytes");
  ExpectMalformed(std::string(2000, 'H'), "longer than 1024 bytes");
}

// Adversary A4: bodies past the bound, by their length or by their bytes.
TEST(HttpResponseParserTest, BodiesPastTheBoundAreRefused) {
  ExpectMalformed("HTTP/1.1 200 OK\r\nContent-Length: 10000000000\r\n\r\n",
                  "larger than any valid one");
  ExpectMalformed("HTTP/1.1 200 OK\r\n\r\n" + std::string(101, 'a'), "larger than any valid one");
}

// Adversary A4: everything but the plain form is refused.
TEST(HttpResponseParserTest, OnlyThePlainFormIsAccepted) {
  ExpectMalformed("HTTP/1.1 200 OK\nContent-Length: 0\n\n", "CRLF");
  ExpectMalformed("HTTP/2 200\r\n\r\n", "status line");
  ExpectMalformed("HTTP/1.1 2x0 OK\r\n\r\n", "status code");
  ExpectMalformed("HTTP/1.1 100 Continue\r\n\r\n", "unexpected status 100");
  ExpectMalformed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                  "transfer coding");
  ExpectMalformed("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n", "compressed");
  ExpectMalformed("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
                  "two different Content-Length");
  ExpectMalformed("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "malformed Content-Length");
  ExpectMalformed("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", "malformed header");
  ExpectMalformed("HTTP/1.1 200 OK\r\nX: a\x1b[2Jb\r\n\r\n", "control characters");
  ExpectMalformed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel", "before the length");
  ExpectMalformed("HTTP/1.1 200 OK\r\n", "before its headers");
}

// Adversary A3/A4: the flat JSON reader refuses nesting at once, whatever
// its depth, and every other form that is not one object of strings.
TEST(FlatJsonTest, NestingAndOtherFormsAreRefused) {
  auto ok = lms::ParseFlatJsonObject(R"( {"a" : "b", "n": 1, "t": true, "z": null} )");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->size(), 1u);
  EXPECT_EQ(ok->at("a"), "b");
  const std::vector<std::string> bad = {std::string(5'500'000, '['),
                                        "{\"a\":" + std::string(1000, '['),
                                        "[]",
                                        "\"s\"",
                                        "{\"a\":\"b\",\"a\":\"c\"}",
                                        "{\"a\":{}}",
                                        "{\"a\":\"b\"} x",
                                        "{",
                                        ""};
  for (const std::string& text : bad) {
    auto r = lms::ParseFlatJsonObject(text);
    ASSERT_FALSE(r.ok()) << text.substr(0, 40);
    EXPECT_EQ(r.status().code(), Code::kMalformed);
  }
}

}  // namespace
}  // namespace relic
