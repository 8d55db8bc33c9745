// SPDX-License-Identifier: Apache-2.0
// IMFMediaEvent as relic's event generators hand it out: type, extended
// type, status, value, and a full IMFAttributes store of its own.
#pragma once

#include "wmdrmsdk.h"

namespace relic::sdk {

// *event gets a new event (one reference) holding a copy of `value` (NULL:
// VT_EMPTY). E_OUTOFMEMORY, or DISP_E_BADVARTYPE for a value it cannot copy.
HRESULT NewMediaEvent(MediaEventType type, REFGUID extended_type, HRESULT status,
                      const PROPVARIANT* value, IMFMediaEvent** event);

}  // namespace relic::sdk
