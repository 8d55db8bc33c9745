// SPDX-License-Identifier: Apache-2.0
#include "sdk/prop_variant.h"

#include <cstring>

namespace relic::sdk {
namespace {

size_t WideBytes(const WCHAR* text) {
  size_t n = 0;
  while (text[n] != 0) ++n;
  return (n + 1) * sizeof(WCHAR);
}

}  // namespace

bool IsScalarVarType(VARTYPE vt) {
  switch (vt) {
    case VT_EMPTY:
    case VT_NULL:
    case VT_I1:
    case VT_UI1:
    case VT_I2:
    case VT_UI2:
    case VT_I4:
    case VT_UI4:
    case VT_I8:
    case VT_UI8:
    case VT_INT:
    case VT_UINT:
    case VT_R4:
    case VT_R8:
    case VT_BOOL:
    case VT_ERROR:
      return true;
    default:
      return false;
  }
}

HRESULT CopyPropVariant(PROPVARIANT* to, const PROPVARIANT& from) {
  PROPVARIANT out = from;  // the scalar types are complete with this
  switch (from.vt) {
    case VT_LPWSTR:
      if (from.pwszVal != nullptr) {
        size_t bytes = WideBytes(from.pwszVal);
        out.pwszVal = static_cast<LPWSTR>(CoTaskMemAlloc(bytes));
        if (out.pwszVal == nullptr) return E_OUTOFMEMORY;
        std::memcpy(out.pwszVal, from.pwszVal, bytes);
      }
      break;
    case VT_LPSTR:
      if (from.pszVal != nullptr) {
        size_t bytes = std::strlen(from.pszVal) + 1;
        out.pszVal = static_cast<LPSTR>(CoTaskMemAlloc(bytes));
        if (out.pszVal == nullptr) return E_OUTOFMEMORY;
        std::memcpy(out.pszVal, from.pszVal, bytes);
      }
      break;
    case VT_CLSID:
      if (from.puuid != nullptr) {
        out.puuid = static_cast<CLSID*>(CoTaskMemAlloc(sizeof(CLSID)));
        if (out.puuid == nullptr) return E_OUTOFMEMORY;
        *out.puuid = *from.puuid;
      }
      break;
    case VT_BLOB:
    case kVtBlobVector:
      if (from.blob.cbSize > 0) {
        if (from.blob.pBlobData == nullptr) return E_INVALIDARG;
        out.blob.pBlobData = static_cast<BYTE*>(CoTaskMemAlloc(from.blob.cbSize));
        if (out.blob.pBlobData == nullptr) return E_OUTOFMEMORY;
        std::memcpy(out.blob.pBlobData, from.blob.pBlobData, from.blob.cbSize);
      } else {
        out.blob.pBlobData = nullptr;
      }
      break;
    case VT_BSTR:
      if (from.bstrVal != nullptr) {
        out.bstrVal = SysAllocStringLen(from.bstrVal, SysStringLen(from.bstrVal));
        if (out.bstrVal == nullptr) return E_OUTOFMEMORY;
      }
      break;
    case VT_UNKNOWN:
      if (from.punkVal != nullptr) from.punkVal->AddRef();
      break;
    default:
      if (!IsScalarVarType(from.vt)) return DISP_E_BADVARTYPE;
      break;
  }
  *to = out;
  return S_OK;
}

bool PropVariantEqual(const PROPVARIANT& a, const PROPVARIANT& b) {
  if (a.vt != b.vt) return false;
  switch (a.vt) {
    case VT_EMPTY:
    case VT_NULL:
      return true;
    case VT_I1:
    case VT_UI1:
      return a.bVal == b.bVal;
    case VT_I2:
    case VT_UI2:
    case VT_BOOL:
      return a.uiVal == b.uiVal;
    case VT_I4:
    case VT_UI4:
    case VT_INT:
    case VT_UINT:
    case VT_ERROR:
      return a.ulVal == b.ulVal;
    case VT_I8:
    case VT_UI8:
      return a.uhVal == b.uhVal;
    case VT_R4:
      return a.fltVal == b.fltVal;
    case VT_R8:
      return a.dblVal == b.dblVal;
    case VT_LPWSTR: {
      if (a.pwszVal == nullptr || b.pwszVal == nullptr) return a.pwszVal == b.pwszVal;
      size_t n = WideBytes(a.pwszVal);
      return n == WideBytes(b.pwszVal) && std::memcmp(a.pwszVal, b.pwszVal, n) == 0;
    }
    case VT_LPSTR:
      if (a.pszVal == nullptr || b.pszVal == nullptr) return a.pszVal == b.pszVal;
      return std::strcmp(a.pszVal, b.pszVal) == 0;
    case VT_CLSID:
      if (a.puuid == nullptr || b.puuid == nullptr) return a.puuid == b.puuid;
      return *a.puuid == *b.puuid;
    case VT_BLOB:
    case kVtBlobVector:
      return a.blob.cbSize == b.blob.cbSize &&
             (a.blob.cbSize == 0 ||
              std::memcmp(a.blob.pBlobData, b.blob.pBlobData, a.blob.cbSize) == 0);
    case VT_BSTR:
      if (a.bstrVal == nullptr || b.bstrVal == nullptr) return a.bstrVal == b.bstrVal;
      return SysStringByteLen(a.bstrVal) == SysStringByteLen(b.bstrVal) &&
             std::memcmp(a.bstrVal, b.bstrVal, SysStringByteLen(a.bstrVal)) == 0;
    case VT_UNKNOWN:
      return a.punkVal == b.punkVal;
    default:
      return false;
  }
}

}  // namespace relic::sdk
