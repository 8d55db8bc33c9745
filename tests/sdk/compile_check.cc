// SPDX-License-Identifier: Apache-2.0
// Compiled, not run: the SDK headers as C++11 to C++20 with relic's warning
// set and -pedantic (tests/sdk/CMakeLists.txt). wmsdkidl.h comes first to
// show it is self-contained.
#include <wmdrmsdk.h>
#include <wmsdk.h>
#include <wmsdkidl.h>

namespace {

// An implementation of an interface compiles warning-free
// (-Wnon-virtual-dtor included).
class Callback final : public IWMStatusCallback {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** out) override {
    if (riid == IID_IUnknown || IsEqualIID(riid, IID_IWMStatusCallback)) {
      *out = this;
      return S_OK;
    }
    *out = nullptr;
    return E_NOINTERFACE;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return 1; }
  ULONG STDMETHODCALLTYPE Release() override { return 1; }
  HRESULT STDMETHODCALLTYPE OnStatus(WMT_STATUS, HRESULT, WMT_ATTR_DATATYPE, BYTE*,
                                     void*) override {
    return S_OK;
  }
};

}  // namespace

HRESULT relic_sdk_compile_check_cxx(IWMLicenseBackup* backup);
HRESULT relic_sdk_compile_check_cxx(IWMLicenseBackup* backup) {
  static Callback callback;
  PROPVARIANT pv;
  PropVariantInit(&pv);
  LPCWSTR name = TEXT16("BackupPath");
  (void)name;
  const HRESULT hr = backup->BackupLicenses(WM_BACKUP_OVERWRITE, &callback);
  switch (hr) {
    case NS_E_DRM_BACKUP_EXISTS:
    case MF_E_NO_EVENTS_AVAILABLE:
      return E_FAIL;
    default:
      return FAILED(hr) ? hr : S_OK;
  }
}
