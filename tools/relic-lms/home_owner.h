// SPDX-License-Identifier: Apache-2.0
// Root running an operator command on the service's home would leave files
// (the ledger's journal, a new ledger) that the service's own user cannot
// open, and the service would fail on its next restore. So the commands
// that write to a home refuse when root runs them on a home another user
// owns, and say how to run them instead.
#pragma once

#include <string>

#include "relic/status.h"

namespace relic::lms_cli {

// kPermissionDenied if this process runs as root and `home` belongs to
// another user; OK otherwise (a missing home is for the command to report).
Status RefuseRootOnForeignHome(const std::string& home, const std::string& command);

}  // namespace relic::lms_cli
