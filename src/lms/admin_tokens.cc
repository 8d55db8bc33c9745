// SPDX-License-Identifier: Apache-2.0
#include "lms/admin_tokens.h"

#include <array>
#include <optional>
#include <vector>

#include "base/text_codec.h"
#include "crypto/crypto.h"
#include "lms/operator_text.h"

namespace relic::lms {
namespace {

constexpr std::string_view kHashPrefix = "sha256:";

struct TokenLine {
  std::string name;
  std::array<uint8_t, 32> hash{};
};

std::optional<std::array<uint8_t, 32>> ParseHexHash(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  std::array<uint8_t, 32> out{};
  for (size_t i = 0; i < 32; ++i) {
    auto nibble = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    const int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return out;
}

Result<std::vector<TokenLine>> ReadTokens(Env* env, const std::string& path) {
  RELIC_ASSIGN_OR_RETURN(Bytes bytes, ReadWholeFile(env, path, 1 << 20));
  std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  std::vector<TokenLine> lines;
  size_t number = 0;
  while (!text.empty()) {
    ++number;
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const size_t space = line.find(' ');
    auto bad = [&](const std::string& why) {
      return Status(Code::kInvalidArgument,
                    "admin tokens file " + path + ", line " + std::to_string(number) + ": " + why +
                        "; each line is \"NAME sha256:HEX\", as `relic-lms admin-token` prints");
    };
    if (space == std::string_view::npos) return bad("no space between name and hash");
    const std::string_view name = line.substr(0, space);
    std::string_view hash = line.substr(space + 1);
    if (!CheckOperatorName(name).ok()) return bad("the name is not a valid operator name");
    if (!hash.starts_with(kHashPrefix)) return bad("the hash does not start with sha256:");
    hash.remove_prefix(kHashPrefix.size());
    auto parsed = ParseHexHash(hash);
    if (!parsed) return bad("the hash is not 64 lower-case hex digits");
    lines.push_back({std::string(name), *parsed});
  }
  return lines;
}

}  // namespace

std::string NewAdminToken() {
  std::array<uint8_t, 32> bytes{};
  crypto::RandomFill(bytes);
  return "rlat_" + Base64UrlEncode(bytes);
}

std::string AdminTokenLine(const std::string& name, const std::string& token) {
  const auto hash =
      crypto::Hash256(ByteView(reinterpret_cast<const uint8_t*>(token.data()), token.size()));
  return name + " " + std::string(kHashPrefix) + HexEncode(hash);
}

Status CheckAdminTokensFile(Env* env, const std::string& path) {
  return ReadTokens(env, path).status();
}

Result<std::string> AuthenticateAdminToken(Env* env, const std::string& path,
                                           const std::string& token) {
  RELIC_ASSIGN_OR_RETURN(auto lines, ReadTokens(env, path));
  const auto presented =
      crypto::Hash256(ByteView(reinterpret_cast<const uint8_t*>(token.data()), token.size()));
  const TokenLine* match = nullptr;
  for (const auto& line : lines) {
    // No early exit: every line is compared whatever matched before.
    if (crypto::ConstantTimeEqual(presented, line.hash) && match == nullptr) match = &line;
  }
  if (match == nullptr || token.empty()) {
    return Status(Code::kPermissionDenied,
                  "this token is not in the console's tokens file; ask for a token, or create "
                  "one with `relic-lms admin-token`");
  }
  return match->name;
}

}  // namespace relic::lms
