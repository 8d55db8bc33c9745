// SPDX-License-Identifier: Apache-2.0
// Issuers a new machine trusts from the start: a deployment drops their
// public keys into a system directory, and individualization picks them up,
// so a brand-new machine can receive its licenses without hand set-up. A
// backup set never adds to this list.
#pragma once

#include <string>
#include <vector>

#include "relic/home.h"
#include "relic/ids.h"

namespace relic {

// The directory after HomeOptions and $RELIC_TRUST_DIR.
std::string SystemTrustDir(const HomeOptions& options);

// Every "*.key" file in the directory holds one issuer key in text form. A
// missing directory trusts nobody; a bad key file is an error naming it.
Result<std::vector<IssuerPublicKey>> ReadSystemTrust(Env* env, const std::string& dir);

}  // namespace relic
