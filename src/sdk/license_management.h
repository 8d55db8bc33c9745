// SPDX-License-Identifier: Apache-2.0
// IWMDRMLicenseManagement as relic implements it: BackupLicenses and
// RestoreLicenses over relic's engines, reporting through the object's
// IWMDRMEventGenerator queue (docs/sdk.md). The other methods are out of
// scope and return E_NOTIMPL.
#pragma once

#include <optional>
#include <string>

#include "relic/home.h"
#include "wmdrmsdk.h"

namespace relic::sdk {

// The home: `home` if given, else the CLI's rule (ResolveHome).
HRESULT CreateLicenseManagement(const std::optional<std::string>& home, const HomeOptions& options,
                                IWMDRMLicenseManagement** object);

}  // namespace relic::sdk
