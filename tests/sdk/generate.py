#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Regenerates tests/sdk/vtable_c.c, vtable_c.h, vtable_test.cc and
relic_values.inc. The interface table below is the vtable order of
../shared/reference/wm-backup-api.md (beside the repository) (sections 3 and 6; the Media
Foundation bases from MinGW-w64's mfobjects.h): keep it in step with
include/wmsdk/ when an interface is added. Run: python3 tests/sdk/generate.py
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# (name, base, iid (Data1..), methods [(ret, name, [(type, pname)])])
IUNK = [("HRESULT","QueryInterface",[("REFIID","riid"),("void **","ppvObject")]),("ULONG","AddRef",[]),("ULONG","Release",[])]
G = "REFGUID"
MF_ATTR = [
 ("HRESULT","GetItem",[(G,"guidKey"),("PROPVARIANT *","pValue")]),
 ("HRESULT","GetItemType",[(G,"guidKey"),("MF_ATTRIBUTE_TYPE *","pType")]),
 ("HRESULT","CompareItem",[(G,"guidKey"),("REFPROPVARIANT","Value"),("BOOL *","pbResult")]),
 ("HRESULT","Compare",[("IMFAttributes *","pTheirs"),("MF_ATTRIBUTES_MATCH_TYPE","MatchType"),("BOOL *","pbResult")]),
 ("HRESULT","GetUINT32",[(G,"guidKey"),("UINT32 *","punValue")]),
 ("HRESULT","GetUINT64",[(G,"guidKey"),("UINT64 *","punValue")]),
 ("HRESULT","GetDouble",[(G,"guidKey"),("double *","pfValue")]),
 ("HRESULT","GetGUID",[(G,"guidKey"),("GUID *","pguidValue")]),
 ("HRESULT","GetStringLength",[(G,"guidKey"),("UINT32 *","pcchLength")]),
 ("HRESULT","GetString",[(G,"guidKey"),("LPWSTR","pwszValue"),("UINT32","cchBufSize"),("UINT32 *","pcchLength")]),
 ("HRESULT","GetAllocatedString",[(G,"guidKey"),("LPWSTR *","ppwszValue"),("UINT32 *","pcchLength")]),
 ("HRESULT","GetBlobSize",[(G,"guidKey"),("UINT32 *","pcbBlobSize")]),
 ("HRESULT","GetBlob",[(G,"guidKey"),("UINT8 *","pBuf"),("UINT32","cbBufSize"),("UINT32 *","pcbBlobSize")]),
 ("HRESULT","GetAllocatedBlob",[(G,"guidKey"),("UINT8 **","ppBuf"),("UINT32 *","pcbSize")]),
 ("HRESULT","GetUnknown",[(G,"guidKey"),("REFIID","riid"),("LPVOID *","ppv")]),
 ("HRESULT","SetItem",[(G,"guidKey"),("REFPROPVARIANT","Value")]),
 ("HRESULT","DeleteItem",[(G,"guidKey")]),
 ("HRESULT","DeleteAllItems",[]),
 ("HRESULT","SetUINT32",[(G,"guidKey"),("UINT32","unValue")]),
 ("HRESULT","SetUINT64",[(G,"guidKey"),("UINT64","unValue")]),
 ("HRESULT","SetDouble",[(G,"guidKey"),("double","fValue")]),
 ("HRESULT","SetGUID",[(G,"guidKey"),(G,"guidValue")]),
 ("HRESULT","SetString",[(G,"guidKey"),("LPCWSTR","wszValue")]),
 ("HRESULT","SetBlob",[(G,"guidKey"),("const UINT8 *","pBuf"),("UINT32","cbBufSize")]),
 ("HRESULT","SetUnknown",[(G,"guidKey"),("IUnknown *","pUnknown")]),
 ("HRESULT","LockStore",[]),
 ("HRESULT","UnlockStore",[]),
 ("HRESULT","GetCount",[("UINT32 *","pcItems")]),
 ("HRESULT","GetItemByIndex",[("UINT32","unIndex"),("GUID *","pguidKey"),("PROPVARIANT *","pValue")]),
 ("HRESULT","CopyAllItems",[("IMFAttributes *","pDest")]),
]
MF_EVENT = [
 ("HRESULT","GetType",[("MediaEventType *","pmet")]),
 ("HRESULT","GetExtendedType",[("GUID *","pguidExtendedType")]),
 ("HRESULT","GetStatus",[("HRESULT *","phrStatus")]),
 ("HRESULT","GetValue",[("PROPVARIANT *","pvValue")]),
]
MF_GEN = [
 ("HRESULT","GetEvent",[("DWORD","dwFlags"),("IMFMediaEvent **","ppEvent")]),
 ("HRESULT","BeginGetEvent",[("IMFAsyncCallback *","pCallback"),("IUnknown *","punkState")]),
 ("HRESULT","EndGetEvent",[("IMFAsyncResult *","pResult"),("IMFMediaEvent **","ppEvent")]),
 ("HRESULT","QueueEvent",[("MediaEventType","met"),(G,"guidExtendedType"),("HRESULT","hrStatus"),("const PROPVARIANT *","pvValue")]),
]
MF = [
 ("IMFAttributes","IUnknown",(0x2cd2d921,0xc447,0x44a7,[0xa1,0x3c,0x4a,0xda,0xbf,0xc2,0x47,0xe3]), MF_ATTR),
 ("IMFMediaEvent","IMFAttributes",(0xdf598932,0xf10c,0x4e39,[0xbb,0xa2,0xc3,0x08,0xf1,0x01,0xda,0xa3]), MF_EVENT),
 ("IMFAsyncResult","IUnknown",(0xac6b7889,0x0740,0x4d51,[0x86,0x19,0x90,0x59,0x94,0xa5,0x5c,0xc6]), [
   ("HRESULT","GetState",[("IUnknown **","ppunkState")]),
   ("HRESULT","GetStatus",[]),
   ("HRESULT","SetStatus",[("HRESULT","hrStatus")]),
   ("HRESULT","GetObject",[("IUnknown **","ppObject")]),
   ("IUnknown *","GetStateNoAddRef",[]),
 ]),
 ("IMFAsyncCallback","IUnknown",(0xa27003cf,0x2354,0x4f2a,[0x8d,0x6a,0xab,0x7c,0xff,0x15,0x43,0x7e]), [
   ("HRESULT","GetParameters",[("DWORD *","pdwFlags"),("DWORD *","pdwQueue")]),
   ("HRESULT","Invoke",[("IMFAsyncResult *","pAsyncResult")]),
 ]),
 ("IMFMediaEventGenerator","IUnknown",(0x2cd0bd52,0xbcd5,0x4b89,[0xb6,0x2c,0xea,0xdc,0x0c,0x03,0x1e,0x7d]), MF_GEN),
]
WMSDK = [
 ("IWMStatusCallback","IUnknown",(0x6d7cdc70,0x9888,0x11d3,[0x8e,0xdc,0x00,0xc0,0x4f,0x61,0x09,0xcf]), [
   ("HRESULT","OnStatus",[("WMT_STATUS","Status"),("HRESULT","hr"),("WMT_ATTR_DATATYPE","dwType"),("BYTE *","pValue"),("void *","pvContext")]),
 ]),
 ("IWMLicenseBackup","IUnknown",(0x05E5AC9F,0x3FB6,0x4508,[0xBB,0x43,0xA4,0x06,0x7B,0xA1,0xEB,0xE8]), [
   ("HRESULT","BackupLicenses",[("DWORD","dwFlags"),("IWMStatusCallback *","pCallback")]),
   ("HRESULT","CancelLicenseBackup",[]),
 ]),
 ("IWMLicenseRestore","IUnknown",(0xC70B6334,0xa22e,0x4efb,[0xA2,0x45,0x15,0xE6,0x5A,0x00,0x4A,0x13]), [
   ("HRESULT","RestoreLicenses",[("DWORD","dwFlags"),("IWMStatusCallback *","pCallback")]),
   ("HRESULT","CancelLicenseRestore",[]),
 ]),
 ("IWMBackupRestoreProps","IUnknown",(0x3C8E0DA6,0x996F,0x4ff3,[0xA1,0xAF,0x48,0x38,0xF9,0x37,0x7e,0x2e]), [
   ("HRESULT","GetPropCount",[("WORD *","pcProps")]),
   ("HRESULT","GetPropByIndex",[("WORD","wIndex"),("WCHAR *","pwszName"),("WORD *","pcchNameLen"),("WMT_ATTR_DATATYPE *","pType"),("BYTE *","pValue"),("WORD *","pcbLength")]),
   ("HRESULT","GetPropByName",[("LPCWSTR","pszName"),("WMT_ATTR_DATATYPE *","pType"),("BYTE *","pValue"),("WORD *","pcbLength")]),
   ("HRESULT","SetProp",[("LPCWSTR","pszName"),("WMT_ATTR_DATATYPE","Type"),("const BYTE *","pValue"),("WORD","cbLength")]),
   ("HRESULT","RemoveProp",[("LPCWSTR","pcwszName")]),
   ("HRESULT","RemoveAllProps",[]),
 ]),
]
WMDRM = [
 ("IWMDRMProvider","IUnknown",(0x98DC8917,0x8640,0x4b1d,[0x9F,0x1E,0xA5,0x90,0xD4,0x03,0x57,0xEE]), [
   ("HRESULT","CreateObject",[("REFIID","riid"),("void **","ppvObject")]),
 ]),
 ("IWMDRMEventGenerator","IMFMediaEventGenerator",(0xCE11CC91,0xE615,0x4E0B,[0xBE,0x1F,0x09,0xB5,0xAE,0xC0,0x33,0xF2]), [
   ("HRESULT","CancelAsyncOperation",[("IUnknown *","punkCancelationCookie")]),
   ("HRESULT","Shutdown",[]),
 ]),
 ("IWMDRMLicenseManagement","IWMDRMEventGenerator",(0xF4828DC7,0x8945,0x4D05,[0xAB,0x05,0x66,0x7A,0xB9,0x9D,0x29,0xEE]), [
   ("HRESULT","CreateLicenseEnumeration",[("WMDRM_LICENSE_FILTER *","pLicenseFilter"),("IWMDRMLicense **","pEnumerator")]),
   ("HRESULT","DeleteLicense",[("BSTR","bstrKID"),("DWORD","dwFlags")]),
   ("HRESULT","CleanLicenseStore",[("DWORD","dwFlags"),("IUnknown **","ppunkCancelationCookie")]),
   ("HRESULT","StoreLicense",[("BSTR","bstrLicenseResponse")]),
   ("HRESULT","AcquireLicense",[("BSTR","bstrURL"),("BSTR","bstrHeaderData"),("BSTR","bstrActions"),("DWORD","dwFlags"),("IUnknown **","ppunkCancelationCookie")]),
   ("HRESULT","MonitorLicenseAcquisition",[("BSTR","bstrKID"),("BSTR","bstrHeader"),("BSTR","bstrActions"),("IUnknown **","ppunkCancelationCookie")]),
   ("HRESULT","BackupLicenses",[("BSTR","bstrBackupDirectory"),("DWORD","dwFlags"),("IUnknown **","ppunkCancelationCookie")]),
   ("HRESULT","RestoreLicenses",[("BSTR","bstrBackupDirectory"),("DWORD","dwFlags"),("IUnknown **","ppunkCancelationCookie")]),
   ("HRESULT","CreateLicenseRevocationChallenge",[("BYTE *","pbMachineID"),("DWORD","cbMachineID"),("BYTE *","pbChallenge"),("DWORD","cbChallenge"),("BYTE **","ppbChallengeOutput"),("DWORD *","pcbChallengeOutput")]),
   ("HRESULT","ProcessLicenseRevocationResponse",[("BYTE *","pbSignedLRB"),("DWORD","cbSignedLRB"),("BYTE **","ppbSignedACK"),("DWORD *","pcbSignedACK")]),
   ("HRESULT","ProcessLicenseDeletionMessage",[("BSTR","bstrDeletionMessage")]),
 ]),
 ("IWMDRMLicenseBackupRestoreStatus","IUnknown",(0xF653C5A2,0x0EB3,0x4503,[0x9D,0x88,0xC2,0x00,0x55,0x2D,0x0D,0x55]), [
   ("HRESULT","GetStatus",[("WM_BACKUP_RESTORE_STATUS *","pStatus")]),
 ]),
]
ALL = MF + WMSDK + WMDRM
BYNAME = {i[0]: i for i in ALL}
BYNAME["IUnknown"] = ("IUnknown", None, None, IUNK)
def full(name):
    i = BYNAME[name]
    return (full(i[1]) if i[1] else []) + i[3]


def decl(t, n):
    return t + n if t.endswith('*') else t + ' ' + n

NAMES = ["IUnknown"] + [i[0] for i in ALL]

def carg(t):
    if t in ("REFIID", "REFGUID"): return "&g_guid"
    if t == "REFPROPVARIANT": return "&g_pv"
    if '*' in t or t in ("LPWSTR", "LPCWSTR", "BSTR"): return "NULL"
    if t == "double": return "0.0"
    return "0"

def ret0(r):
    return "NULL" if r.endswith('*') else "0"

c = ["""/* Generated by tests/sdk/generate.py from the vtable orders of
 * ../shared/reference/wm-backup-api.md (beside the repository)
 * (sections 3 and 6) and MinGW-w64's mfobjects.h (Media Foundation bases).
 * Compiled as C11 with -pedantic: the C view (lpVtbl) of every interface.
 *
 * 1. For each interface a fake object whose vtable is filled *by slot
 *    number* with functions that record their slot; calling each method by
 *    name through obj->lpVtbl must land in the slot the reference gives it.
 * 2. relic_sdk_c_call_<I>() calls every method, by name, on an object made by
 *    C++ (an implementation of the abstract class): the C and C++ layouts of
 *    the same interface must agree. */
#define COBJMACROS
#include <wmdrmsdk.h>
#include <wmsdk.h>

#include <stdio.h>
#include <string.h>

#include "sdk/vtable_c.h"

int relic_sdk_last_slot = -1;
static const GUID g_guid = {0, 0, 0, {0, 0, 0, 0, 0, 0, 0, 0}};
static PROPVARIANT g_pv;

#define EXPECT_SLOT(iface, method, slot)                                                   \\
  do {                                                                                   \\
    if (relic_sdk_last_slot != (slot)) {                                                 \\
      fails++;                                                                           \\
      offset += snprintf(buf + offset, offset < n ? n - offset : 0,                      \\
                         "%s::%s: slot %d, expected %d\\n", iface, method,                  \\
                         relic_sdk_last_slot, slot);                                     \\
      if (offset > n) offset = n;                                                        \\
    }                                                                                    \\
  } while (0)
"""]
h = ["""/* Generated alongside vtable_c.c; see there. */
#ifndef RELIC_TESTS_SDK_VTABLE_C_H
#define RELIC_TESTS_SDK_VTABLE_C_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif
/* The slot the last called fake method recorded. */
extern int relic_sdk_last_slot;
/* Test 1: the number of failures, described in buf. */
int relic_sdk_c_vtable_failures(char *buf, size_t n);
"""]
body = []
for name in NAMES:
    ms = full(name)
    N = len(ms)
    for k, (r, m, ps) in enumerate(ms):
        params = ", ".join(["%s *This" % name] + [decl(t, "a%d" % j) for j, (t, _) in enumerate(ps)])
        voids = " ".join("(void)a%d;" % j for j in range(len(ps)))
        c.append("static %s%s_slot%d(%s) { (void)This; %s relic_sdk_last_slot = %d; return %s; }" % (
            r + ('' if r.endswith('*') else ' '), name, k, params, voids, k, ret0(r)))
    c.append("""typedef union {
  %sVtbl v;
  void (*raw[%d])(void);
} %s_table;
typedef char %s_vtbl_size_check[sizeof(%sVtbl) == %d * sizeof(void (*)(void)) ? 1 : -1];
""" % (name, N, name, name, name, N))
    body.append("  {\n    static %s_table table;\n    %s obj;" % (name, name))
    for k in range(N):
        body.append("    table.raw[%d] = (void (*)(void))%s_slot%d;" % (k, name, k))
    body.append("    obj.lpVtbl = &table.v;")
    for k, (r, m, ps) in enumerate(ms):
        args = ", ".join(["&obj"] + [carg(t) for t, _ in ps])
        body.append("    relic_sdk_last_slot = -1;\n    (void)%s_%s(%s);\n    EXPECT_SLOT(\"%s\", \"%s\", %d);" % (name, m, args, name, m, k))
    body.append("  }")
    h.append("/* Test 2: calls every method of the %s at obj through its C view and\n   stores the slot each call reached; returns the number of methods (%d). */\nint relic_sdk_c_call_%s(void *obj, int *slots);" % (name, N, name))
c.append("int relic_sdk_c_vtable_failures(char *buf, size_t n) {\n  int fails = 0;\n  size_t offset = 0;\n  if (n > 0) buf[0] = 0;\n  PropVariantInit(&g_pv);")
c.extend(body)
c.append("  return fails;\n}\n")
for name in NAMES:
    ms = full(name)
    c.append("int relic_sdk_c_call_%s(void *obj, int *slots) {\n  %s *p = (%s *)obj;" % (name, name, name))
    for k, (r, m, ps) in enumerate(ms):
        args = ", ".join(["p"] + [carg(t) for t, _ in ps])
        c.append("  relic_sdk_last_slot = -1;\n  (void)p->lpVtbl->%s(%s);\n  slots[%d] = relic_sdk_last_slot;" % (m, args, k))
    c.append("  return %d;\n}\n" % len(ms))
h.append("#ifdef __cplusplus\n}\n#endif\n#endif\n")
open(HERE + '/vtable_c.c', 'w').write("\n".join(c))
open(HERE + '/vtable_c.h', 'w').write("\n".join(h))

# C++ side
cc = ["""// Generated by tests/sdk/generate.py with vtable_c.c: the C++ view of every interface. Each abstract
// class is implemented here with methods that record their slot; vtable_c.c
// calls the methods by name through the C view (lpVtbl) of the same object,
// so each must land in the slot the reference gives it, and in C through the
// fake objects of vtable_c.c.
#include <gtest/gtest.h>
#include <wmdrmsdk.h>
#include <wmsdk.h>

#include <string>

#include "sdk/vtable_c.h"

namespace {

TEST(SdkVtable, CViewSlotsMatchTheReference) {
  char buf[8192];
  EXPECT_EQ(relic_sdk_c_vtable_failures(buf, sizeof buf), 0) << buf;
}
"""]
for name in NAMES:
    ms = full(name)
    cc.append("class %sImpl final : public %s {\n public:" % (name, name))
    for k, (r, m, ps) in enumerate(ms):
        params = ", ".join(t for t, _ in ps)
        rr = r + ('' if r.endswith('*') else ' ')
        cc.append("  %sSTDMETHODCALLTYPE %s(%s) override {\n    relic_sdk_last_slot = %d;\n    return %s;\n  }" % (
            rr, m, params, k, "nullptr" if r.endswith('*') else "0"))
    cc.append("};\n")
    cc.append("""TEST(SdkVtable, %s_CAndCxxLayoutsAgree) {
  %sImpl impl;
  %s *iface = &impl;
  static_assert(sizeof(%s) == sizeof(void *), "an interface is one vtable pointer");
  int slots[%d];
  ASSERT_EQ(relic_sdk_c_call_%s(iface, slots), %d);
  for (int k = 0; k < %d; ++k) EXPECT_EQ(slots[k], k) << "method " << k << " of %s";
}
""" % (name, name, name, name, len(ms), name, len(ms), len(ms), name))
cc.append("}  // namespace\n")
open(HERE + '/vtable_test.cc', 'w').write("\n".join(cc))

# relic_values.inc: every number and IID include/wmsdk/ declares.
import re
defines, enums, iids = [], [], []
for hdr in ['relic_com.h', 'nserror.h', 'wmsdkidl.h', 'wmdrmsdk.h']:
    s = open(ROOT + '/include/wmsdk/' + hdr).read()
    for m in re.finditer(r'^#define ([A-Z][A-Z0-9_]+) (RELIC_COM_CAST\(\w+, )?(0x[0-9A-Fa-f]+|-?\d+)L?\)?$', s, re.M):
        defines.append(m.group(1))
    for m in re.finditer(r'^  ([A-Za-z][A-Za-z0-9_]+) = [^\n]*?,?$', s, re.M):
        enums.append(m.group(1))
    for m in re.finditer(r'^EXTERN_C const IID (IID_\w+);', s, re.M):
        iids.append(m.group(1))
rows = ['    {"%s", static_cast<std::uint64_t>(%s), sizeof(%s)},' % (n, n, n) for n in defines + enums]
irows = ['    {"%s", &%s},' % (n, n) for n in iids]
open(HERE + '/relic_values.inc', 'w').write("""// Generated by tests/sdk/generate.py from include/wmsdk/*.h: every #define with a number, every enum
// member and every IID the SDK headers declare. layout_test.cc re-reads the
// headers at test time and fails if one is missing here.
const NumberEntry kRelicNumbers[] = {
%s
};
const IidEntry kRelicIids[] = {
%s
};
""" % ("\n".join(rows), "\n".join(irows)))
