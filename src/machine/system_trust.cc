// SPDX-License-Identifier: Apache-2.0
#include "machine/system_trust.h"

#include <algorithm>
#include <cstdlib>

namespace relic {

std::string SystemTrustDir(const HomeOptions& options) {
  if (options.system_trust_dir) return *options.system_trust_dir;
  const char* from_env = std::getenv("RELIC_TRUST_DIR");
  if (from_env && *from_env) return from_env;
  return "/etc/relic/trusted-issuers.d";
}

Result<std::vector<IssuerPublicKey>> ReadSystemTrust(Env* env, const std::string& dir) {
  std::vector<IssuerPublicKey> out;
  auto names = env->ListDir(dir);
  if (!names.ok()) {
    if (names.status().code() == Code::kNotFound) return out;
    return names.status().WithContext("reading the trusted-issuer directory " + dir);
  }
  std::sort(names->begin(), names->end());
  for (const auto& name : *names) {
    if (name.size() < 5 || !name.ends_with(".key")) continue;
    const std::string path = dir + "/" + name;
    auto content = ReadWholeFile(env, path, 1024);
    if (!content.ok()) return content.status().WithContext("reading trusted issuer " + path);
    std::string text(content->begin(), content->end());
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r')) {
      text.pop_back();
    }
    auto key = IssuerPublicKey::Parse(text);
    if (!key.ok()) {
      return Status(Code::kInvalidArgument, "trusted issuer file " + path +
                                                " does not hold an issuer key (" +
                                                key.status().message() + "); fix or remove it");
    }
    out.push_back(*key);
  }
  return out;
}

}  // namespace relic
