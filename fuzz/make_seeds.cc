// SPDX-License-Identifier: Apache-2.0
// Writes the fuzz seed corpora with the real library: licenses issued by a
// real issuer, packages made by the real packager, backup sets written by a
// real backup, the restore request and answer exchanged by a real restore
// with the real Authority (through a client that records them), and the
// challenge and refusals the real HTTP service sends.
// Run by scripts/fuzz-seeds, which puts them under fuzz/<target>/corpus.
// Output directory: $RELIC_FUZZ_SEEDS_DIR (one subdirectory per target).
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "../tests/lms/lms_world.h"
#include "../tests/lms/raw_http.h"
#include "../tests/restore/restore_fixture.h"
#include "base/text_codec.h"
#include "format/grant.h"
#include "format/package_format.h"
#include "fuzz_keys.h"
#include "lms/http_service.h"
#include "protocol/protocol.h"

namespace relic::testing {
namespace {

// Records what crosses the wire, in both of the forms the fuzzers take:
// the JSON body and the bare signed message.
class RecordingClient final : public LmsClient {
 public:
  RecordingClient(std::unique_ptr<LmsClient> inner, std::vector<lms::Signed>* requests,
                  std::vector<lms::Signed>* answers)
      : inner_(std::move(inner)), requests_(requests), answers_(answers) {}
  Result<std::array<uint8_t, lms::kChallengeSize>> Challenge() override {
    return inner_->Challenge();
  }
  Result<lms::Signed> Restore(const lms::Signed& request) override {
    requests_->push_back(request);
    auto answer = inner_->Restore(request);
    if (answer.ok()) answers_->push_back(*answer);
    return answer;
  }

 private:
  std::unique_ptr<LmsClient> inner_;
  std::vector<lms::Signed>* requests_;
  std::vector<lms::Signed>* answers_;
};

void Write(const std::string& target, const std::string& name, ByteView data) {
  const char* dir = std::getenv("RELIC_FUZZ_SEEDS_DIR");
  ASSERT_NE(dir, nullptr) << "set RELIC_FUZZ_SEEDS_DIR to the output directory";
  std::filesystem::create_directories(std::string(dir) + "/" + target);
  WriteFileBytes(std::string(dir) + "/" + target + "/seed-" + name, data);
}
void WriteText(const std::string& target, const std::string& name, const std::string& text) {
  Write(target, name, ByteView(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

class SeedWriter : public RestoreFixture {
 protected:
  std::vector<lms::Signed> requests_, answers_;
};

TEST_F(SeedWriter, WritesEverySeed) {
  // License files: the shapes of rights a real issuer writes.
  Write("license_file", "unlimited", world_.IssueTo(*issuer_, kid_, *machine_, Rights{}));
  Write("license_file", "backup-lms",
        world_.IssueTo(*issuer_, kid_, *machine_, Rights{.allow_backup = true}, lms_.info));
  Write("license_file", "plays-window",
        world_.IssueTo(*issuer_, kid_, *machine_,
                       Rights{.allow_backup = false,
                              .play_count = 3,
                              .begins = kStartTime,
                              .expires = kStartTime + 86400}));

  // Packages under the fuzzers' key: empty, one chunk, several chunks.
  {
    crypto::SymmetricKey key;
    std::memcpy(key.data(), fuzz::kFuzzContentKey, key.size());
    Kid kid;
    kid.bytes.fill(0x4b);
    for (auto [name, size, chunk] : {std::tuple{"empty", 0, 16}, std::tuple{"one-chunk", 40, 64},
                                     std::tuple{"three-chunks", 100, 40}}) {
      WriteFileBytes(world_.Path("plain"), RandomContent(static_cast<size_t>(size)));
      RELIC_ASSERT_OK(EncryptPackage(world_.env(), world_.Path("plain"), world_.Path("seed.pkg"),
                                     key, kid, static_cast<uint32_t>(chunk)));
      Write("package", name, ReadFileBytes(world_.Path("seed.pkg")));
    }
  }

  // Backup sets: a small plain one and a passphrase-protected one.
  AddLicenses(3, Rights{.allow_backup = true});
  AddLicenses(1, Rights{.allow_backup = true, .play_count = 5});
  BackupRequest backup = Request();
  backup.chunk_size = 1024;
  BackupRun plain_run = RunBackup(backup);
  RELIC_ASSERT_OK(plain_run.start);
  RELIC_ASSERT_OK(plain_run.end);
  Write("backup_set", "plain", ReadFileBytes(BackupSetPath(Folder())));
  {
    std::filesystem::create_directories(world_.Path("protected"));
    BackupRequest with_passphrase = backup;
    with_passphrase.folder = world_.Path("protected");
    with_passphrase.passphrase = "correct horse battery staple";
    BackupRun protected_run = RunBackup(with_passphrase);
    RELIC_ASSERT_OK(protected_run.start);
    RELIC_ASSERT_OK(protected_run.end);
    Write("backup_set", "passphrase", ReadFileBytes(BackupSetPath(world_.Path("protected"))));
  }

  // A real restore (a dry run, then the real one) through a recording client.
  SetLmsClientFactoryForTesting([this](const std::string&) -> Result<std::unique_ptr<LmsClient>> {
    return std::unique_ptr<LmsClient>(std::make_unique<RecordingClient>(
        NewLocalLmsClient(authority_.get()), &requests_, &answers_));
  });
  RestoreRequest dry = RestoreOnto("b");
  dry.dry_run = true;
  for (const RestoreRequest& request : {dry, RestoreOnto("b")}) {
    RestoreRun run = RunRestore(request);
    RELIC_ASSERT_OK(run.start);
    RELIC_ASSERT_OK(run.end);
  }
  ASSERT_GE(requests_.size(), 2u);
  ASSERT_GE(answers_.size(), 2u);
  for (size_t i = 0; i < requests_.size(); ++i) {
    const auto& r = requests_[i];
    WriteText("lms_request", "json-" + std::to_string(i),
              lms::WrapSigned("request", r.message, r.signature));
    Write("lms_request", "binary-" + std::to_string(i), r.message);
  }
  for (size_t i = 0; i < answers_.size(); ++i) {
    const auto& a = answers_[i];
    WriteText("lms_answer", "json-" + std::to_string(i),
              lms::WrapSigned("answer", a.message, a.signature));
    Write("lms_answer", "binary-" + std::to_string(i), a.message);
    // The license grants the store keeps, built from the answer as the
    // restore engine builds them.
    auto decoded = lms::DecodeRestoreAnswer(a.message);
    RELIC_ASSERT_OK(decoded);
    std::vector<lms::Hash> leaves;
    for (const auto& leaf : decoded->granted) leaves.push_back(lms::LeafHash(leaf));
    if (leaves.empty()) continue;
    lms::MerkleTree tree(leaves);
    lms::LicenseGrant grant;
    grant.root_bytes = decoded->root_bytes;
    grant.signature = decoded->root_signature;
    grant.leaf = decoded->granted[0];
    grant.proof = tree.Proof(0);
    grant.root = decoded->root;
    Write("license_file", "grant-" + std::to_string(i), lms::EncodeLicenseGrant(grant));
  }
}

// lms_response: the input's first byte picks the parser ('0' challenge,
// '1' refusal, '2' a retried failure's message), the rest is the body
// (fuzz/lms_response_fuzzer.cc).
void WriteResponse(char parser, const std::string& name, const std::string& body) {
  WriteText("lms_response", name, std::string(1, parser) + body);
}

// An error body the way the service writes one (SetError in
// src/lms/http_service.cc: "error" first, invalid UTF-8 replaced).
std::string ErrorBody(const std::string& name, const std::string& message) {
  nlohmann::ordered_json body;
  body["error"] = name;
  body["message"] = message;
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The real service's challenge and each refusal it sends, provoked the way
// tests/lms/http_service_test.cc provokes them, then hostile variations of
// them: what a rogue service (A4) could send instead.
TEST(ResponseSeedWriter, WritesTheServicesBodies) {
  LmsWorld lms;
  auto authority = lms.NewAuthority();
  ASSERT_TRUE(authority);
  lms::HttpServiceOptions options;
  options.port = 0;
  options.log = [](const std::string&) {};
  auto started = lms::HttpService::Start(authority.get(), options);
  RELIC_ASSERT_OK(started);
  std::unique_ptr<lms::HttpService> service = std::move(started).value();
  const int port = service->port();

  auto get = [&](const std::string& path) {
    auto r = RoundTrip(port, HttpRequest("GET", path));
    EXPECT_TRUE(r.has_value()) << path;
    return r ? *r : RawResponse{};
  };
  auto post = [&](const std::string& body, const std::string& type = "application/json") {
    auto r = RoundTrip(port, HttpRequest("POST", "/v1/restore", {{"Content-Type", type}}, body));
    EXPECT_TRUE(r.has_value());
    return r ? *r : RawResponse{};
  };
  auto post_request = [&](const lms::Signed& request) {
    return post(lms::WrapSigned("request", request.message, request.signature));
  };
  std::string challenge_body;
  auto challenge = [&] {
    RawResponse r = get("/v1/challenge");
    EXPECT_EQ(r.status, 200) << r.body;
    challenge_body = r.body;
    auto bytes = Base64Decode(
        nlohmann::json::parse(r.body, nullptr, false).value("challenge", std::string()));
    std::array<uint8_t, lms::kChallengeSize> out{};
    EXPECT_TRUE(bytes && bytes->size() == out.size()) << r.body;
    if (bytes && bytes->size() == out.size()) std::copy(bytes->begin(), bytes->end(), out.begin());
    return out;
  };

  auto target = lms.NewTarget("target");
  auto other = lms.NewTarget("other");
  ASSERT_TRUE(target && other);
  const lms::Signed request = lms.BuildRequest(*target, challenge());
  WriteResponse('0', "challenge", challenge_body);
  ASSERT_EQ(post_request(request).status, 200);
  lms::Signed future = lms.BuildRequest(*target, challenge());
  future.message[4] = 0xff;  // the version, after the 4-byte marker
  future.message[5] = 0xff;
  const std::vector<std::pair<std::string, RawResponse>> refusals = {
      {"stale_challenge", post_request(request)},
      {"bad_signature",
       post_request(lms.BuildRequest(*target, challenge(), Tamper::kSignedByOther, other.get()))},
      {"backup_corrupt", post_request(lms.BuildRequest(*target, challenge(), Tamper::kIndexChunk))},
      {"unsupported_version", post_request(future)},
      {"malformed", post("not json")},
      {"invalid_argument", post("{}", "text/plain")},
      {"not_found", get("/v1/nothing")},
  };
  for (const auto& [name, response] : refusals) {
    ASSERT_GE(response.status, 400) << name;
    ASSERT_LT(response.status, 500) << name;
    ASSERT_EQ(nlohmann::json::parse(response.body, nullptr, false).value("error", std::string()),
              name)
        << response.body;
    WriteResponse('1', "refusal-" + name, response.body);
    WriteResponse('2', "message-" + name, response.body);
  }
  // What the service sends with a 5xx (SetStatus), which takes a failing
  // ledger or an overloaded service to provoke.
  for (const std::string name : {"busy", "service_unavailable", "internal"}) {
    const std::string body =
        ErrorBody(name, "the License Management Service could not handle the request (" + name +
                            "); try again later, and if it persists tell the service's operator");
    WriteResponse('2', "message-" + name, body);
    WriteResponse('1', "refusal-" + name, body);
  }

  // Hostile variations.
  for (size_t size : {lms::kChallengeSize - 1, lms::kChallengeSize + 1}) {
    WriteResponse('0', "challenge-" + std::to_string(size) + "-bytes",
                  nlohmann::json{{"challenge", Base64Encode(Bytes(size, 0xfb))}}.dump());
  }
  WriteResponse('0', "challenge-not-base64",
                R"({"challenge":"*-_.)" + std::string(40, 'A') + R"("})");
  WriteResponse('0', "challenge-long-integer", R"({"challenge":123456789012345678901234567890})");
  WriteResponse('0', "challenge-huge-number", R"({"challenge":1e999999})");
  WriteResponse('0', "challenge-in-array", "[" + challenge_body + "]");
  WriteResponse('0', "deep-nesting", std::string(200, '[') + std::string(200, ']'));
  constexpr char kControls[] = "not \x1b[2J yours\r\nERROR forged\0\t\x7f \"quoted\" \\ ";
  const std::string controls(kControls, sizeof kControls - 1);  // with the NUL inside
  WriteResponse('1', "refusal-controls-and-escapes",
                ErrorBody("bad_signature", controls + "caf\u00e9 \u2713"));
  WriteResponse(
      '1', "refusal-escaped-text",
      R"({"error":"stale_challenge","message":"\u001b]0;t\u0007 \ud83d\ude00 \/ \"x\""})");
  WriteResponse('1', "refusal-unknown-code", ErrorBody("no_such_code", "?"));
  WriteResponse('1', "refusal-ok", ErrorBody("ok", "fine"));
  WriteResponse('1', "refusal-empty-message", ErrorBody("bad_signature", ""));
  WriteResponse('1', "refusal-huge-numbers", R"({"error":1e999999,"message":-1e400})");
  WriteResponse('1', "refusal-long-message", ErrorBody("malformed", std::string(1500, 'x')));
  WriteResponse('1', "refusal-html", "<html><body>Forbidden</body></html>");
  WriteResponse('2', "message-long-integer", R"({"message":123456789012345678901234567890})");
  WriteResponse('2', "message-html", "<html><body>502 Bad Gateway</body></html>");
  for (char parser : {'0', '1', '2'}) {
    WriteResponse(parser, std::string("empty-") + parser, "");
    WriteResponse(parser, std::string("array-") + parser, "[]");
    WriteResponse(parser, std::string("string-") + parser, R"("message")");
    WriteResponse(parser, std::string("object-") + parser, "{}");
  }
}

}  // namespace
}  // namespace relic::testing
