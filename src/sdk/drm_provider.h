// SPDX-License-Identifier: Apache-2.0
// The IWMDRMProvider behind WMDRMCreateProvider (docs/sdk.md).
#pragma once

#include <optional>
#include <string>

#include "relic/home.h"
#include "wmdrmsdk.h"

namespace relic::sdk {

// A provider whose CreateObject makes license managers on `home` (nullopt:
// the CLI's rule) with `options`.
HRESULT CreateDrmProvider(const std::optional<std::string>& home, const HomeOptions& options,
                          IWMDRMProvider** provider);

}  // namespace relic::sdk
