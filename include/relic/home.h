// SPDX-License-Identifier: Apache-2.0
// Where a machine's relic state lives, and how every front end finds it.
#pragma once

#include <optional>
#include <string>

#include "relic/env.h"
#include "relic/export.h"
#include "relic/status.h"

namespace relic {

// The one resolution rule shared by the CLI, the C++ API and the SDK layer:
// an explicit directory, else $RELIC_HOME, else $XDG_DATA_HOME/relic, else
// $HOME/.local/share/relic.
RELIC_EXPORT Result<std::string> ResolveHome(const std::optional<std::string>& explicit_home);

struct HomeOptions {
  Env* env = nullptr;  // nullptr: Env::Default()
  // The file naming this operating-system installation. nullopt:
  // $RELIC_MACHINE_ID_FILE if set (containers, tests), else /etc/machine-id.
  std::optional<std::string> installation_id_file;
  // Directory of issuer public keys that a new machine trusts from the start
  // (one "ri1." key per *.key file). nullopt: $RELIC_TRUST_DIR if set, else
  // /etc/relic/trusted-issuers.d.
  std::optional<std::string> system_trust_dir;
};

}  // namespace relic
