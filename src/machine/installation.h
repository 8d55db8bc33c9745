// SPDX-License-Identifier: Apache-2.0
// Binds a machine identity to one operating-system installation, as Windows
// Media DRM did (a reinstalled OS is a new computer). The binding is an
// application-specific HMAC of /etc/machine-id, as systemd recommends: the
// raw machine-id never leaves the system or lands in relic's files.
#pragma once

#include <array>
#include <optional>
#include <string>

#include "relic/env.h"
#include "relic/home.h"

namespace relic {

// The path of the file naming this installation, after HomeOptions and
// $RELIC_MACHINE_ID_FILE.
std::string InstallationIdPath(const HomeOptions& options);

// kNoInstallationId when the file is missing, empty, "uninitialized" or not
// a 128-bit hex ID.
Result<std::array<uint8_t, 32>> InstallationBinding(Env* env, const std::string& path);

}  // namespace relic
