// SPDX-License-Identifier: Apache-2.0
// The part of a backup or restore request that both SDK APIs
// (IWMLicenseBackup/IWMLicenseRestore and IWMDRMLicenseManagement) fill the
// same way; each then sets its own flags.
#pragma once

#include <string>

#include "relic/home.h"

namespace relic::sdk {

// `Request` is BackupRequest or RestoreRequest.
template <typename Request>
Request NewRequest(const std::string& home, const HomeOptions& options, const std::string& folder) {
  Request request;
  request.home = home;
  request.home_options = options;
  request.folder = folder;
  return request;
}

}  // namespace relic::sdk
