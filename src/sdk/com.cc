// SPDX-License-Identifier: Apache-2.0
// BSTR, PROPVARIANT and Co* helpers of the SDK-compatible API
// (include/wmsdk/relic_com.h), with Windows' observable behaviour: a BSTR is
// a 32-bit byte length followed by the characters and a NUL; the task
// allocator is malloc/free; CoInitializeEx counts per thread.
#include <relic_com.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "sdk/prop_variant.h"

namespace {

constexpr std::size_t kPrefix = sizeof(std::uint32_t);

// The length prefix sits just before the first character.
std::uint32_t ByteLength(const OLECHAR* bstr) {
  std::uint32_t bytes;
  std::memcpy(&bytes, reinterpret_cast<const unsigned char*>(bstr) - kPrefix, sizeof bytes);
  return bytes;
}

std::size_t Length16(const OLECHAR* s) {
  std::size_t n = 0;
  while (s[n] != 0) ++n;
  return n;
}

struct ComState {
  unsigned count = 0;
  DWORD model = 0;
};
thread_local ComState com_state;

constexpr DWORD kModelMask = COINIT_APARTMENTTHREADED;

}  // namespace

extern "C" {

BSTR SysAllocStringLen(const OLECHAR* str, UINT len) {
  // The byte length must fit the 32-bit prefix.
  if (len >
      (std::numeric_limits<std::uint32_t>::max() - kPrefix - sizeof(OLECHAR)) / sizeof(OLECHAR)) {
    return nullptr;
  }
  const std::uint32_t bytes = len * static_cast<std::uint32_t>(sizeof(OLECHAR));
  auto* block = static_cast<unsigned char*>(std::malloc(kPrefix + bytes + sizeof(OLECHAR)));
  if (block == nullptr) return nullptr;
  std::memcpy(block, &bytes, sizeof bytes);
  auto* chars = reinterpret_cast<OLECHAR*>(block + kPrefix);
  if (str != nullptr && len > 0) std::memcpy(chars, str, bytes);
  chars[len] = 0;
  return chars;
}

BSTR SysAllocString(const OLECHAR* str) {
  if (str == nullptr) return nullptr;
  const std::size_t len = Length16(str);
  if (len > std::numeric_limits<UINT>::max()) return nullptr;
  return SysAllocStringLen(str, static_cast<UINT>(len));
}

void SysFreeString(BSTR bstr) {
  if (bstr == nullptr) return;
  std::free(reinterpret_cast<unsigned char*>(bstr) - kPrefix);
}

UINT SysStringByteLen(BSTR bstr) { return bstr == nullptr ? 0 : ByteLength(bstr); }

UINT SysStringLen(BSTR bstr) {
  return bstr == nullptr ? 0 : ByteLength(bstr) / static_cast<UINT>(sizeof(OLECHAR));
}

LPVOID CoTaskMemAlloc(SIZE_T cb) { return std::malloc(cb); }

void CoTaskMemFree(LPVOID pv) { std::free(pv); }

HRESULT CoInitializeEx(LPVOID /*reserved*/, DWORD co_init) {
  ComState& state = com_state;
  const DWORD model = co_init & kModelMask;
  if (state.count > 0) {
    if (state.model != model) return RPC_E_CHANGED_MODE;
    ++state.count;
    return S_FALSE;
  }
  state.count = 1;
  state.model = model;
  return S_OK;
}

HRESULT CoInitialize(LPVOID reserved) { return CoInitializeEx(reserved, COINIT_APARTMENTTHREADED); }

void CoUninitialize(void) {
  ComState& state = com_state;
  if (state.count > 0) --state.count;
}

HRESULT PropVariantClear(PROPVARIANT* pvar) {
  if (pvar == nullptr) return S_OK;
  switch (pvar->vt) {
    case VT_LPSTR:
      CoTaskMemFree(pvar->pszVal);
      break;
    case VT_LPWSTR:
      CoTaskMemFree(pvar->pwszVal);
      break;
    case VT_CLSID:
      CoTaskMemFree(pvar->puuid);
      break;
    case VT_BLOB:
    case VT_VECTOR | VT_UI1:  // MF_ATTRIBUTE_BLOB: Windows' CAUB, the BLOB layout
      CoTaskMemFree(pvar->blob.pBlobData);
      break;
    case VT_BSTR:
      SysFreeString(pvar->bstrVal);
      break;
    case VT_UNKNOWN:
      if (pvar->punkVal != nullptr) pvar->punkVal->Release();
      break;
    default:
      if (!relic::sdk::IsScalarVarType(pvar->vt)) return DISP_E_BADVARTYPE;
      break;
  }
  PropVariantInit(pvar);
  return S_OK;
}

}  // extern "C"
