// SPDX-License-Identifier: Apache-2.0
#include "relic/version.h"

namespace relic {

std::string_view VersionString() noexcept { return RELIC_VERSION_STRING; }

}  // namespace relic
