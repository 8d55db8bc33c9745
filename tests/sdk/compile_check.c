// SPDX-License-Identifier: Apache-2.0
/* Compiled, not run: the SDK headers as C99 and C11 with -pedantic -Wall
   -Wextra -Werror (tests/sdk/CMakeLists.txt). wmdrmsdk.h comes first to
   show it is self-contained. */
#define COBJMACROS
#include <nserror.h>
#include <relic_com.h>
#include <wmdrmsdk.h>
#include <wmsdk.h>
#include <wmsdkidl.h>

int relic_sdk_compile_check_c(IWMLicenseBackup* backup, IWMStatusCallback* callback);

int relic_sdk_compile_check_c(IWMLicenseBackup* backup, IWMStatusCallback* callback) {
  PROPVARIANT pv;
  HRESULT hr;
  PropVariantInit(&pv);
  if (!IsEqualGUID(&IID_IWMLicenseBackup, &IID_IWMLicenseBackup)) return 1;
  hr = IWMLicenseBackup_BackupLicenses(backup, WM_BACKUP_OVERWRITE, callback);
  if (hr == NS_E_DRM_BACKUP_EXISTS || hr == MF_E_SHUTDOWN) return 2;
  return pv.vt == VT_EMPTY && SUCCEEDED(hr) ? 0 : 3;
}
