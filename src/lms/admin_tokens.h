// SPDX-License-Identifier: Apache-2.0
// The operator console's sign-in: a tokens file with one line per operator,
// "NAME sha256:HEX", HEX being the SHA-256 of the operator's token. The file
// holds no token, so reading it (a backup, a leaked copy) signs nobody in;
// tokens are 256 random bits, so an unsalted hash is as strong as a slow
// one. Lines starting with '#' and blank lines are ignored.
#pragma once

#include <string>

#include "relic/env.h"
#include "relic/status.h"

namespace relic::lms {

// A new random token: "rlat_" and 43 characters of base64url.
std::string NewAdminToken();
// The tokens file line for `name` and `token`.
std::string AdminTokenLine(const std::string& name, const std::string& token);

// Checks the tokens file's syntax (at startup, so a typo shows at once).
Status CheckAdminTokensFile(Env* env, const std::string& path);

// The operator whose token this is. Every line's hash is compared in
// constant time, and all of them are, so the time taken says nothing about
// which line (or how much of one) matched. kPermissionDenied for a token
// the file does not list. The file is read each time, so adding or
// removing a line takes effect at the next sign-in.
Result<std::string> AuthenticateAdminToken(Env* env, const std::string& path,
                                           const std::string& token);

}  // namespace relic::lms
