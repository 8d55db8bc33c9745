// SPDX-License-Identifier: Apache-2.0
// The JSON bodies the restore client reads from a License Management
// Service besides its signed answer: the challenge, a 4xx refusal and a
// retried failure's message. Whatever answers at the URL plays adversary A4
// (a rogue or impersonated service, docs/threat-model.md) and sends any
// bytes: each must come back as the specific error the user sees, with no
// text of the service's but its sanitized message.
#include "restore/lms_response_body.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <numeric>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "base/text_codec.h"
#include "support/test_support.h"

namespace relic {
namespace {

const std::string kUrl = "https://lms.example.com:8471/lms";
const std::string kMalformedChallenge =
    "the License Management Service at https://lms.example.com:8471/lms sent a malformed "
    "challenge";

std::string NotUnderstood(int http_status) {
  return "the License Management Service at https://lms.example.com:8471/lms answered HTTP " +
         std::to_string(http_status) +
         " without an error relic understands; check that the URL names a License Management "
         "Service";
}

Bytes SomeChallenge(size_t size = lms::kChallengeSize) {
  Bytes bytes(size);
  // From 0xf0, wrapping to 0x00: its base64 has both '+' and '/'.
  std::iota(bytes.begin(), bytes.end(), uint8_t{0xf0});
  return bytes;
}

// What the service's HandleChallenge writes.
std::string ChallengeBody(ByteView bytes) {
  return nlohmann::json{{"challenge", Base64Encode(bytes)}}.dump();
}

// What the service's SetError writes.
std::string ErrorBody(std::string_view name, std::string_view message) {
  nlohmann::ordered_json body;
  body["error"] = std::string(name);
  body["message"] = std::string(message);
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(ChallengeBodyTest, ReadsTheChallengeTheServiceSends) {
  const Bytes bytes = SomeChallenge();
  auto challenge = ParseChallengeBody(ChallengeBody(bytes), kUrl);
  RELIC_ASSERT_OK(challenge);
  EXPECT_EQ(Bytes(challenge->begin(), challenge->end()), bytes);
}

TEST(ChallengeBodyTest, ReadsAnyEquivalentJson) {
  const Bytes bytes = SomeChallenge();
  std::string escaped = Base64Encode(bytes);
  ASSERT_NE(escaped.find('/'), std::string::npos);
  for (size_t at = escaped.find('/'); at != std::string::npos; at = escaped.find('/', at + 2)) {
    escaped.replace(at, 1, "\\/");
  }
  for (const std::string& body : {
           " \n{ \"challenge\" :\t\"" + Base64Encode(bytes) + "\" }\n",
           R"({"version":2,"challenge":")" + Base64Encode(bytes) + R"(","note":null})",
           R"({"challenge":")" + escaped + R"("})",
       }) {
    auto challenge = ParseChallengeBody(body, kUrl);
    ASSERT_TRUE(challenge.ok()) << body << ": " << challenge.status().ToString();
    EXPECT_EQ(Bytes(challenge->begin(), challenge->end()), bytes) << body;
  }
}

TEST(ChallengeBodyTest, EveryOtherBodyIsMalformedAndNamesTheService) {
  const std::string good = Base64Encode(SomeChallenge());
  // Canonical base64 of 32 bytes ends in one '=' after a character whose
  // two low bits are zero; set one of them.
  std::string loose_padding = good;
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  char& last = loose_padding[loose_padding.size() - 2];
  last = alphabet[alphabet.find(last) | 1];
  std::string url_safe = good;
  for (char& c : url_safe) c = c == '/' ? '_' : c == '+' ? '-' : c;
  ASSERT_NE(url_safe, good);
  std::string unpadded = good;
  unpadded.pop_back();
  std::string broken_line = good;
  broken_line.insert(20, "\\n");

  const std::vector<std::pair<std::string, std::string>> cases = {
      {"empty", ""},
      {"blank", " \r\n"},
      {"not JSON", "challenge=" + good},
      {"HTML", "<html><body>It works!</body></html>"},
      {"cut short", R"({"challenge":")" + good},
      {"trailing text", R"({"challenge":")" + good + R"("} x)"},
      {"two documents", R"({"challenge":")" + good + R"("}{})"},
      {"a JSON array", R"([")" + good + R"("])"},
      {"a JSON string", "\"" + good + "\""},
      {"a JSON number", "42"},
      {"null", "null"},
      {"an empty object", "{}"},
      {"another key", R"({"Challenge":")" + good + R"("})"},
      {"nested", R"({"data":{"challenge":")" + good + R"("}})"},
      {"a number", R"({"challenge":5})"},
      {"a huge number", R"({"challenge":1e999999})"},
      {"a long integer", R"({"challenge":123456789012345678901234567890123456789})"},
      {"null challenge", R"({"challenge":null})"},
      {"true", R"({"challenge":true})"},
      {"an array", R"({"challenge":[")" + good + R"("]})"},
      {"an object", R"({"challenge":{"value":")" + good + R"("}})"},
      // Only flat objects are read, so nesting anywhere costs no memory.
      {"a nested member beside it", R"({"challenge":")" + good + R"(","note":[1,{}]})"},
      {"no bytes", R"({"challenge":""})"},
      {"31 bytes", ChallengeBody(SomeChallenge(31))},
      {"33 bytes", ChallengeBody(SomeChallenge(33))},
      {"64 bytes", ChallengeBody(SomeChallenge(64))},
      {"not base64", R"({"challenge":"!!!!)" + good.substr(4) + R"("})"},
      {"URL-safe alphabet", R"({"challenge":")" + url_safe + R"("})"},
      {"unpadded", R"({"challenge":")" + unpadded + R"("})"},
      {"non-zero padding bits", R"({"challenge":")" + loose_padding + R"("})"},
      {"a line break inside", R"({"challenge":")" + broken_line + R"("})"},
      {"hex", R"({"challenge":")" + HexEncode(SomeChallenge()) + R"("})"},
  };
  for (const auto& [what, body] : cases) {
    auto challenge = ParseChallengeBody(body, kUrl);
    ASSERT_FALSE(challenge.ok()) << what;
    EXPECT_EQ(challenge.status().code(), Code::kMalformed) << what;
    EXPECT_EQ(challenge.status().message(), kMalformedChallenge) << what;
  }
}

TEST(RefusalBodyTest, EachRefusalTheServiceSendsComesBackAsItsCodeAndMessage) {
  // The names src/lms/http_service.cc sends with a 4xx.
  const std::vector<std::tuple<int, std::string, Code>> refusals = {
      {400, "malformed", Code::kMalformed},
      {400, "invalid_argument", Code::kInvalidArgument},
      {400, "unsupported_version", Code::kUnsupportedVersion},
      {403, "bad_signature", Code::kBadSignature},
      {404, "not_found", Code::kNotFound},
      {409, "stale_challenge", Code::kStaleChallenge},
      {422, "backup_corrupt", Code::kBackupCorrupt},
  };
  const std::string message = "the request's challenge was already used; get a fresh challenge";
  for (const auto& [http, name, code] : refusals) {
    Status refusal = RefusalFromBody(http, ErrorBody(name, message), kUrl);
    EXPECT_EQ(refusal.code(), code) << name;
    EXPECT_EQ(refusal.message(), message) << name;
  }
}

TEST(RefusalBodyTest, EveryCodeNameMapsBackToItsCode) {
  for (int i = 1; i <= static_cast<int>(Code::kStaleChallenge); ++i) {
    const auto code = static_cast<Code>(i);
    Status refusal = RefusalFromBody(400, ErrorBody(CodeName(code), "why"), kUrl);
    EXPECT_EQ(refusal.code(), code) << CodeName(code);
    EXPECT_EQ(refusal.message(), "why") << CodeName(code);
  }
}

TEST(RefusalBodyTest, ControlCharactersInTheMessageBecomeSpaces) {
  // A terminal escape, line breaks that would forge log lines, a NUL, DEL.
  const std::string body =
      R"({"error":"bad_signature","message":"not\u001b[2J yours\r\nERROR forged\u0000\t\u007f!"})";
  Status refusal = RefusalFromBody(403, body, kUrl);
  EXPECT_EQ(refusal.code(), Code::kBadSignature);
  EXPECT_EQ(refusal.message(), "not [2J yours  ERROR forged   !");
}

TEST(RefusalBodyTest, TheMessageIsCutToItsFirst1000Bytes) {
  Status refusal = RefusalFromBody(400, ErrorBody("malformed", std::string(5000, 'x')), kUrl);
  EXPECT_EQ(refusal.code(), Code::kMalformed);
  EXPECT_EQ(refusal.message(), std::string(1000, 'x'));
}

TEST(RefusalBodyTest, NonAsciiTextPassesUnchanged) {
  Status refusal =
      RefusalFromBody(409, ErrorBody("stale_challenge", "trop tard \u00e9 \u2713"), kUrl);
  EXPECT_EQ(refusal.code(), Code::kStaleChallenge);
  EXPECT_EQ(refusal.message(), "trop tard \u00e9 \u2713");
}

TEST(RefusalBodyTest, AnythingElseIsMalformedAndNamesTheServiceAndStatus) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"empty", ""},
      {"not JSON", "Forbidden"},
      {"HTML", "<html><body>Not Found</body></html>"},
      {"cut short", R"({"error":"bad_signature","message":"no)"},
      {"trailing text", ErrorBody("bad_signature", "no") + "x"},
      {"a JSON array", R"(["bad_signature","no"])"},
      {"a JSON string", R"("bad_signature")"},
      {"null", "null"},
      {"an empty object", "{}"},
      {"no message", R"({"error":"bad_signature"})"},
      {"no error", R"({"message":"no"})"},
      {"a numeric error", R"({"error":24,"message":"no"})"},
      {"a huge numeric error", R"({"error":1e999999,"message":"no"})"},
      {"a numeric message", R"({"error":"bad_signature","message":1e999999})"},
      {"a null message", R"({"error":"bad_signature","message":null})"},
      {"an object message", R"({"error":"bad_signature","message":{"text":"no"}})"},
      {"an empty message", ErrorBody("bad_signature", "")},
      {"an unknown name", ErrorBody("no_such_code", "no")},
      {"an empty name", ErrorBody("", "no")},
      {"\"ok\"", ErrorBody("ok", "fine")},
      {"upper case", ErrorBody("BAD_SIGNATURE", "no")},
      {"a padded name", ErrorBody(" bad_signature", "no")},
      {"a name with a NUL after it", R"({"error":"bad_signature\u0000","message":"no"})"},
      {"nested", R"({"detail":{"error":"bad_signature","message":"no"}})"},
  };
  for (int http : {400, 401, 404, 451}) {
    for (const auto& [what, body] : cases) {
      Status refusal = RefusalFromBody(http, body, kUrl);
      EXPECT_EQ(refusal.code(), Code::kMalformed) << what;
      EXPECT_EQ(refusal.message(), NotUnderstood(http)) << what;
    }
  }
}

TEST(ServiceMessageSuffixTest, GivesTheServicesMessageOfARetriedFailure) {
  EXPECT_EQ(ServiceMessageSuffix(ErrorBody("busy", "try again later")), ": try again later");
  EXPECT_EQ(ServiceMessageSuffix(R"({"message":"down for maintenance"})"),
            ": down for maintenance");
  EXPECT_EQ(ServiceMessageSuffix(R"({"message":""})"), ": ");
}

TEST(ServiceMessageSuffixTest, SanitizesAndCutsTheMessage) {
  EXPECT_EQ(ServiceMessageSuffix(R"({"message":"a\u001b]0;title\u0007\nb"})"), ": a ]0;title  b");
  EXPECT_EQ(ServiceMessageSuffix(ErrorBody("internal", std::string(4000, 'y'))),
            ": " + std::string(1000, 'y'));
}

TEST(ServiceMessageSuffixTest, AnyOtherBodyAddsNothing) {
  for (const std::string& body :
       {std::string(""), std::string("<html>502 Bad Gateway</html>"), std::string("{}"),
        std::string("[]"), std::string("null"), std::string(R"("message")"),
        std::string(R"({"error":"busy"})"), std::string(R"({"message":5})"),
        std::string(R"({"message":1e999999})"), std::string(R"({"message":null})"),
        std::string(R"({"message":["x"]})"), std::string(R"({"message":"x"} trailing)"),
        std::string(R"({"message":"cut)")}) {
    EXPECT_EQ(ServiceMessageSuffix(body), "") << body;
  }
}

TEST(SanitizeServiceTextTest, ReplacesEachControlCharacterWithOneSpace) {
  // A redirect's Location header, which the client quotes.
  EXPECT_EQ(SanitizeServiceText("https://elsewhere/\r\nSet-Cookie: x"),
            "https://elsewhere/  Set-Cookie: x");
  std::string every_control;
  for (int c = 0; c < 0x20; ++c) every_control += static_cast<char>(c);
  every_control += '\x7f';
  EXPECT_EQ(SanitizeServiceText(every_control), std::string(0x21, ' '));
  EXPECT_EQ(SanitizeServiceText(""), "");
}

// A rogue service's message is shown on the user's terminal: the C1 control
// CSI (U+009B) starts an escape sequence there as ESC [ does.
TEST(SanitizeServiceTextTest, ReplacesC1ControlsAndBidiOverridesWithOneSpace) {
  EXPECT_EQ(SanitizeServiceText("a\u0080b\u009b2Jc\u009fd"), "a b 2Jc d");
  EXPECT_EQ(SanitizeServiceText("ok\u202etxt.exe\u202c \u2066x\u2069"), "ok txt.exe   x ");
}

TEST(SanitizeServiceTextTest, KeepsWellFormedUtf8) {
  const std::string text = "Limite atteinte : réessayez demain — 制限 \U0001F512";
  EXPECT_EQ(SanitizeServiceText(text), text);
  EXPECT_EQ(SanitizeServiceText(" ~"), " ~");
}

TEST(SanitizeServiceTextTest, ReplacesEachByteThatIsNotWellFormedUtf8) {
  EXPECT_EQ(SanitizeServiceText("\x80\xff"), "??");            // stray continuation, never a lead
  EXPECT_EQ(SanitizeServiceText("\xc0\xaf"), "??");            // overlong '/'
  EXPECT_EQ(SanitizeServiceText("\xed\xa0\x80"), "???");       // a surrogate
  EXPECT_EQ(SanitizeServiceText("\xf4\x90\x80\x80"), "????");  // above U+10FFFF
  EXPECT_EQ(SanitizeServiceText("x\xe2\x82"), "x??");          // cut short
  EXPECT_EQ(SanitizeServiceText("\xe2\x82\xac"), "\xe2\x82\xac");  // the euro sign
}

TEST(SanitizeServiceTextTest, CutsAtTheLimitBetweenCharacters) {
  // 999 bytes of ASCII, then a three-byte character that would end at 1002.
  const std::string text = std::string(999, 'a') + "\xe2\x82\xac" + "tail";
  EXPECT_EQ(SanitizeServiceText(text), std::string(999, 'a'));
  const std::string exact = std::string(997, 'a') + "\xe2\x82\xac" + "tail";
  EXPECT_EQ(SanitizeServiceText(exact), exact.substr(0, 1000));
}

}  // namespace
}  // namespace relic
