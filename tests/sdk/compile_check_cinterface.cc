// SPDX-License-Identifier: Apache-2.0
// Compiled, not run: the C view of the interfaces from C++ (CINTERFACE and
// COBJMACROS, as MIDL headers allow). nserror.h comes first to show it is
// self-contained.
#define CINTERFACE
#define COBJMACROS
#include <nserror.h>
#include <wmdrmsdk.h>
#include <wmsdk.h>

HRESULT relic_sdk_compile_check_cinterface(IWMDRMLicenseManagement* manager, BSTR dir);
HRESULT relic_sdk_compile_check_cinterface(IWMDRMLicenseManagement* manager, BSTR dir) {
  IUnknown* cookie = nullptr;
  const HRESULT hr =
      IWMDRMLicenseManagement_BackupLicenses(manager, dir, WMDRM_BACKUP_OVERWRITE, &cookie);
  if (SUCCEEDED(hr)) IWMDRMLicenseManagement_CancelAsyncOperation(manager, cookie);
  return IsEqualGUID(IID_IWMDRMLicenseManagement, IID_IUnknown) ? E_UNEXPECTED : hr;
}
