// SPDX-License-Identifier: Apache-2.0
// The License Management Service's keys, kept in its home: an X25519 pair
// (backup masters are sealed to it) and an Ed25519 pair (it signs grants).
#pragma once

#include <memory>
#include <string>

#include "crypto/crypto.h"
#include "relic/env.h"
#include "relic/ids.h"

namespace relic::lms {

struct LmsIdentity {
  crypto::BoxKeyPair encryption;
  crypto::SigningKeyPair signing;
  LmsPublicKey public_key() const;
};

// Creates the keys in `home` (created 0700 if missing); kAlreadyExists if
// the home has them.
Result<LmsIdentity> CreateLmsIdentity(Env* env, const std::string& home);
// kNotInitialized if the home has no keys.
Result<LmsIdentity> OpenLmsIdentity(Env* env, const std::string& home);

}  // namespace relic::lms
