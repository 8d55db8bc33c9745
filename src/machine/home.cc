// SPDX-License-Identifier: Apache-2.0
#include "relic/home.h"

#include <cstdlib>

namespace relic {

Result<std::string> ResolveHome(const std::optional<std::string>& explicit_home) {
  auto nonempty = [](const char* v) { return v != nullptr && *v != '\0'; };
  if (explicit_home) {
    if (explicit_home->empty()) {
      return Status(Code::kInvalidArgument, "the relic home given is empty; name a directory");
    }
    return *explicit_home;
  }
  if (const char* v = std::getenv("RELIC_HOME"); nonempty(v)) return std::string(v);
  if (const char* v = std::getenv("XDG_DATA_HOME"); nonempty(v)) {
    return std::string(v) + "/relic";
  }
  if (const char* v = std::getenv("HOME"); nonempty(v)) {
    return std::string(v) + "/.local/share/relic";
  }
  return Status(Code::kInvalidArgument,
                "cannot find the relic home: none of --home, $RELIC_HOME, $XDG_DATA_HOME or "
                "$HOME is set; pass --home DIR");
}

}  // namespace relic
