// SPDX-License-Identifier: Apache-2.0
// The JSON wrapper of signed protocol messages: what the service and the
// restore client write, and everything a third-party client may send.
#include "protocol/protocol.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "base/text_codec.h"
#include "crypto/crypto.h"

namespace relic::lms {
namespace {

Signed Sample(size_t size) {
  Signed s;
  s.message.resize(size);
  crypto::RandomFill(s.message);
  crypto::RandomFill(s.signature);
  return s;
}

void ExpectSame(const Signed& a, const Signed& b) {
  EXPECT_EQ(a.message, b.message);
  EXPECT_EQ(a.signature, b.signature);
}

// The written document is exactly what a JSON library writes for the same
// fields, so nothing depends on which of the two produced it.
TEST(SignedJsonTest, WritesWhatAJsonLibraryWrites) {
  for (std::string_view name : {"request", "answer", "zeta"}) {
    Signed s = Sample(1000);
    nlohmann::json j;
    j[std::string(name)] = Base64Encode(s.message);
    j["signature"] = Base64Encode(s.signature);
    EXPECT_EQ(WrapSigned(name, s.message, s.signature), j.dump()) << name;
  }
}

TEST(SignedJsonTest, ReadsBackWhatItWrites) {
  for (size_t size : {0u, 1u, 2u, 3u, 1000u, 1u << 20}) {
    Signed s = Sample(size);
    auto back = UnwrapSigned("answer", WrapSigned("answer", s.message, s.signature), 2u << 20);
    ASSERT_TRUE(back.ok()) << back.status().message();
    ExpectSame(*back, s);
  }
}

// A client written against the protocol document may format its JSON any
// way it likes.
TEST(SignedJsonTest, ReadsAnyEquivalentJson) {
  Signed s = Sample(300);
  const std::string m = Base64Encode(s.message);
  const std::string sig = Base64Encode(s.signature);
  for (const std::string& doc : {
           "{ \"request\": \"" + m + "\", \"signature\": \"" + sig + "\" }",
           "{\"signature\":\"" + sig + "\",\"request\":\"" + m + "\"}",
           "{\"request\":\"" + m + "\",\"signature\":\"" + sig + "\",\"note\":1}",
           "\n{\"request\":\"" + m + "\",\"signature\":\"" + sig + "\"}\n",
       }) {
    auto back = UnwrapSigned("request", doc, 1 << 20);
    ASSERT_TRUE(back.ok()) << doc << ": " << back.status().message();
    ExpectSame(*back, s);
  }
  // An escaped solidus is the same string.
  std::string escaped = m;
  size_t slash = escaped.find('/');
  if (slash != std::string::npos) {
    escaped.replace(slash, 1, "\\/");
    auto back = UnwrapSigned(
        "request", "{\"request\":\"" + escaped + "\",\"signature\":\"" + sig + "\"}", 1 << 20);
    ASSERT_TRUE(back.ok()) << back.status().message();
    ExpectSame(*back, s);
  }
}

TEST(SignedJsonTest, RefusesMalformedDocumentsWithTheReason) {
  Signed s = Sample(100);
  const std::string m = Base64Encode(s.message);
  const std::string sig = Base64Encode(s.signature);
  struct Case {
    std::string doc;
    std::string why;
  };
  for (const Case& c : std::vector<Case>{
           {"", "the body is not JSON"},
           {"[\"" + m + "\"]", "the body holds an array (only strings are expected)"},
           {"{\"request\":\"" + m + "\",\"signature\":\"" + sig + "\"", "the body is not JSON"},
           {"{\"signature\":\"" + sig + "\"}", "the field \"request\" is missing"},
           {"{\"request\":\"" + m + "\"}", "the field \"signature\" is missing"},
           {"{\"request\":7,\"signature\":\"" + sig + "\"}", "the field \"request\" is missing"},
           {"{\"request\":\"" + m + "!\",\"signature\":\"" + sig + "\"}",
            "the field \"request\" is not base64"},
           {"{\"request\":\"" + m + "\",\"signature\":\"" + m + "\"}",
            "the signature has a wrong size"},
       }) {
    auto back = UnwrapSigned("request", c.doc, 1 << 20);
    ASSERT_FALSE(back.ok()) << c.doc;
    EXPECT_EQ(back.status().code(), Code::kMalformed);
    EXPECT_EQ(back.status().message(), "the request message is malformed: " + c.why);
  }
}

TEST(SignedJsonTest, RefusesAnOversizedDocumentBeforeParsingIt) {
  Signed s = Sample(4096);
  auto back = UnwrapSigned("request", WrapSigned("request", s.message, s.signature), 1024);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().message(), "the request message is malformed: it is too large");
}

}  // namespace
}  // namespace relic::lms
