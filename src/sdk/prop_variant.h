// SPDX-License-Identifier: Apache-2.0
// Deep copies and comparisons of PROPVARIANTs, for the attribute store of
// IMFMediaEvent and for event values.
#pragma once

#include "relic_com.h"

namespace relic::sdk {

// The MF attribute blob type (MF_ATTRIBUTE_BLOB); its value uses the BLOB
// member, which has the layout of Windows' CAUB.
constexpr VARTYPE kVtBlobVector = VT_VECTOR | VT_UI1;

// Whether a PROPVARIANT of type `vt` holds its whole value in itself: it is
// copied by assignment and owns no memory to free. PropVariantClear and
// CopyPropVariant must agree on this list, hence one place for it.
bool IsScalarVarType(VARTYPE vt);

// *to = a copy of `from` that owns its own data. `to` is overwritten
// without being cleared. DISP_E_BADVARTYPE for a type it cannot copy,
// E_OUTOFMEMORY.
HRESULT CopyPropVariant(PROPVARIANT* to, const PROPVARIANT& from);

// Same type and same value (strings and blobs by content, IUnknown by
// pointer).
bool PropVariantEqual(const PROPVARIANT& a, const PROPVARIANT& b);

}  // namespace relic::sdk
