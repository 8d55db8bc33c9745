// SPDX-License-Identifier: Apache-2.0
// How relic's Status codes become the HRESULTs of the SDK-compatible API
// (the table is in docs/sdk.md).
#pragma once

#include "relic/status.h"
#include "relic_com.h"

namespace relic::sdk {

HRESULT HResultFromStatus(const Status& status);

}  // namespace relic::sdk
