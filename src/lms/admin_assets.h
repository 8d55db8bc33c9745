// SPDX-License-Identifier: Apache-2.0
// The operator console's static files (src/lms/admin/), compiled into the
// binary at build time by src/lms/admin/embed.cmake: relic-lms serves them
// itself, so the console needs no installed files, no build step of its
// own and nothing from the internet.
#pragma once

#include <string_view>

namespace relic::lms {

struct AdminAsset {
  std::string_view name;  // "index.html", "admin.js", "admin.css"
  std::string_view content_type;
  std::string_view body;
};

// Null for a name the console does not have.
const AdminAsset* FindAdminAsset(std::string_view name);

}  // namespace relic::lms
