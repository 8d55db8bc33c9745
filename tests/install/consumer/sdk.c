// SPDX-License-Identifier: Apache-2.0
/* Compiled with gcc alone (no C++ driver) against an installed relic: the
   SDK-compatible headers must be found as <wmsdk.h>/<wmdrmsdk.h> through
   pkg-config's flags, and their C functions must link from librelic.so. */
#include <wmdrmsdk.h>
#include <wmsdk.h>

#include <stdio.h>

int main(void) {
  static const WCHAR path[] = {'B', 'a', 'c', 'k', 'u', 'p', 'P', 'a', 't', 'h', 0};
  static const IID backup = {
      0x05E5AC9F, 0x3FB6, 0x4508, {0xBB, 0x43, 0xA4, 0x06, 0x7B, 0xA1, 0xEB, 0xE8}};
  BSTR s = SysAllocString(path);
  if (s == NULL) return 1;
  printf("%u %d %d\n", SysStringLen(s), IsEqualGUID(&IID_IWMLicenseBackup, &backup) ? 1 : 0,
         IsEqualGUID(&IID_IWMLicenseRestore, &backup) ? 1 : 0);
  SysFreeString(s);
  return 0;
}
