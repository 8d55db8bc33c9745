// SPDX-License-Identifier: Apache-2.0
#include "machine/installation.h"

#include <algorithm>
#include <cstdlib>

#include "base/text_codec.h"
#include "crypto/crypto.h"

namespace relic {

std::string InstallationIdPath(const HomeOptions& options) {
  if (options.installation_id_file) return *options.installation_id_file;
  const char* from_env = std::getenv("RELIC_MACHINE_ID_FILE");
  if (from_env && *from_env) return from_env;
  return "/etc/machine-id";
}

Result<std::array<uint8_t, 32>> InstallationBinding(Env* env, const std::string& path) {
  const std::string advice =
      "; relic binds each machine identity to the OS installation. Create one with "
      "`systemd-machine-id-setup` (or `dbus-uuidgen --ensure=/etc/machine-id`), or in a "
      "container point $RELIC_MACHINE_ID_FILE at a file on persistent storage holding 32 hex "
      "digits";
  auto content = ReadWholeFile(env, path, 4096);
  if (!content.ok()) {
    if (content.status().code() == Code::kNotFound) {
      return Status(Code::kNoInstallationId,
                    "the installation ID file " + path + " does not exist" + advice);
    }
    return Status(Code::kNoInstallationId, "cannot read the installation ID file " + path + " (" +
                                               content.status().message() + ")" + advice);
  }
  std::string text(content->begin(), content->end());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  auto id = HexDecode(text);
  // "uninitialized" is what systemd writes before first boot completes; a
  // zero ID is what a careless image build leaves. Neither names one system.
  bool all_zero = id && std::all_of(id->begin(), id->end(), [](uint8_t b) { return b == 0; });
  if (!id || id->size() != 16 || all_zero) {
    return Status(Code::kNoInstallationId,
                  "the installation ID file " + path +
                      " does not hold a valid machine ID (32 lower-case hex digits)" + advice);
  }
  // systemd's sd_id128_get_machine_app_specific: HMAC keyed by the
  // machine ID over an application ID.
  static constexpr std::string_view kAppId = "relic installation binding v1";
  return crypto::HmacSha256(*id, crypto::AsBytes(kAppId));
}

}  // namespace relic
