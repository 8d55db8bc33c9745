/* Generated from the vtable orders of /work/shared/reference/wm-backup-api.md
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

#define EXPECT_SLOT(iface, method, slot)                                                   \
  do {                                                                                   \
    if (relic_sdk_last_slot != (slot)) {                                                 \
      fails++;                                                                           \
      offset += snprintf(buf + offset, offset < n ? n - offset : 0,                      \
                         "%s::%s: slot %d, expected %d\n", iface, method,                  \
                         relic_sdk_last_slot, slot);                                     \
      if (offset > n) offset = n;                                                        \
    }                                                                                    \
  } while (0)

static HRESULT IUnknown_slot0(IUnknown *This, REFIID a0, void **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 0; return 0; }
static ULONG IUnknown_slot1(IUnknown *This) { (void)This;  relic_sdk_last_slot = 1; return 0; }
static ULONG IUnknown_slot2(IUnknown *This) { (void)This;  relic_sdk_last_slot = 2; return 0; }
typedef union {
  IUnknownVtbl v;
  void (*raw[3])(void);
} IUnknown_table;
typedef char IUnknown_vtbl_size_check[sizeof(IUnknownVtbl) == 3 * sizeof(void (*)(void)) ? 1 : -1];

static HRESULT IMFAttributes_slot0(IMFAttributes *This, REFIID a0, void **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 0; return 0; }
static ULONG IMFAttributes_slot1(IMFAttributes *This) { (void)This;  relic_sdk_last_slot = 1; return 0; }
static ULONG IMFAttributes_slot2(IMFAttributes *This) { (void)This;  relic_sdk_last_slot = 2; return 0; }
static HRESULT IMFAttributes_slot3(IMFAttributes *This, REFGUID a0, PROPVARIANT *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 3; return 0; }
static HRESULT IMFAttributes_slot4(IMFAttributes *This, REFGUID a0, MF_ATTRIBUTE_TYPE *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 4; return 0; }
static HRESULT IMFAttributes_slot5(IMFAttributes *This, REFGUID a0, REFPROPVARIANT a1, BOOL *a2) { (void)This; (void)a0; (void)a1; (void)a2; relic_sdk_last_slot = 5; return 0; }
static HRESULT IMFAttributes_slot6(IMFAttributes *This, IMFAttributes *a0, MF_ATTRIBUTES_MATCH_TYPE a1, BOOL *a2) { (void)This; (void)a0; (void)a1; (void)a2; relic_sdk_last_slot = 6; return 0; }
static HRESULT IMFAttributes_slot7(IMFAttributes *This, REFGUID a0, UINT32 *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 7; return 0; }
static HRESULT IMFAttributes_slot8(IMFAttributes *This, REFGUID a0, UINT64 *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 8; return 0; }
static HRESULT IMFAttributes_slot9(IMFAttributes *This, REFGUID a0, double *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 9; return 0; }
static HRESULT IMFAttributes_slot10(IMFAttributes *This, REFGUID a0, GUID *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 10; return 0; }
static HRESULT IMFAttributes_slot11(IMFAttributes *This, REFGUID a0, UINT32 *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 11; return 0; }
static HRESULT IMFAttributes_slot12(IMFAttributes *This, REFGUID a0, LPWSTR a1, UINT32 a2, UINT32 *a3) { (void)This; (void)a0; (void)a1; (void)a2; (void)a3; relic_sdk_last_slot = 12; return 0; }
static HRESULT IMFAttributes_slot13(IMFAttributes *This, REFGUID a0, LPWSTR *a1, UINT32 *a2) { (void)This; (void)a0; (void)a1; (void)a2; relic_sdk_last_slot = 13; return 0; }
static HRESULT IMFAttributes_slot14(IMFAttributes *This, REFGUID a0, UINT32 *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 14; return 0; }
static HRESULT IMFAttributes_slot15(IMFAttributes *This, REFGUID a0, UINT8 *a1, UINT32 a2, UINT32 *a3) { (void)This; (void)a0; (void)a1; (void)a2; (void)a3; relic_sdk_last_slot = 15; return 0; }
static HRESULT IMFAttributes_slot16(IMFAttributes *This, REFGUID a0, UINT8 **a1, UINT32 *a2) { (void)This; (void)a0; (void)a1; (void)a2; relic_sdk_last_slot = 16; return 0; }
static HRESULT IMFAttributes_slot17(IMFAttributes *This, REFGUID a0, REFIID a1, LPVOID *a2) { (void)This; (void)a0; (void)a1; (void)a2; relic_sdk_last_slot = 17; return 0; }
static HRESULT IMFAttributes_slot18(IMFAttributes *This, REFGUID a0, REFPROPVARIANT a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 18; return 0; }
static HRESULT IMFAttributes_slot19(IMFAttributes *This, REFGUID a0) { (void)This; (void)a0; relic_sdk_last_slot = 19; return 0; }
static HRESULT IMFAttributes_slot20(IMFAttributes *This) { (void)This;  relic_sdk_last_slot = 20; return 0; }
static HRESULT IMFAttributes_slot21(IMFAttributes *This, REFGUID a0, UINT32 a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 21; return 0; }
static HRESULT IMFAttributes_slot22(IMFAttributes *This, REFGUID a0, UINT64 a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 22; return 0; }
static HRESULT IMFAttributes_slot23(IMFAttributes *This, REFGUID a0, double a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 23; return 0; }
static HRESULT IMFAttributes_slot24(IMFAttributes *This, REFGUID a0, REFGUID a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 24; return 0; }
static HRESULT IMFAttributes_slot25(IMFAttributes *This, REFGUID a0, LPCWSTR a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 25; return 0; }
static HRESULT IMFAttributes_slot26(IMFAttributes *This, REFGUID a0, const UINT8 *a1, UINT32 a2) { (void)This; (void)a0; (void)a1; (void)a2; relic_sdk_last_slot = 26; return 0; }
static HRESULT IMFAttributes_slot27(IMFAttributes *This, REFGUID a0, IUnknown *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 27; return 0; }
static HRESULT IMFAttributes_slot28(IMFAttributes *This) { (void)This;  relic_sdk_last_slot = 28; return 0; }
static HRESULT IMFAttributes_slot29(IMFAttributes *This) { (void)This;  relic_sdk_last_slot = 29; return 0; }
static HRESULT IMFAttributes_slot30(IMFAttributes *This, UINT32 *a0) { (void)This; (void)a0; relic_sdk_last_slot = 30; return 0; }
static HRESULT IMFAttributes_slot31(IMFAttributes *This, UINT32 a0, GUID *a1, PROPVARIANT *a2) { (void)This; (void)a0; (void)a1; (void)a2; relic_sdk_last_slot = 31; return 0; }
static HRESULT IMFAttributes_slot32(IMFAttributes *This, IMFAttributes *a0) { (void)This; (void)a0; relic_sdk_last_slot = 32; return 0; }
typedef union {
  IMFAttributesVtbl v;
  void (*raw[33])(void);
} IMFAttributes_table;
typedef char IMFAttributes_vtbl_size_check[sizeof(IMFAttributesVtbl) == 33 * sizeof(void (*)(void)) ? 1 : -1];

static HRESULT IMFMediaEvent_slot0(IMFMediaEvent *This, REFIID a0, void **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 0; return 0; }
static ULONG IMFMediaEvent_slot1(IMFMediaEvent *This) { (void)This;  relic_sdk_last_slot = 1; return 0; }
static ULONG IMFMediaEvent_slot2(IMFMediaEvent *This) { (void)This;  relic_sdk_last_slot = 2; return 0; }
static HRESULT IMFMediaEvent_slot3(IMFMediaEvent *This, REFGUID a0, PROPVARIANT *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 3; return 0; }
static HRESULT IMFMediaEvent_slot4(IMFMediaEvent *This, REFGUID a0, MF_ATTRIBUTE_TYPE *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 4; return 0; }
static HRESULT IMFMediaEvent_slot5(IMFMediaEvent *This, REFGUID a0, REFPROPVARIANT a1, BOOL *a2) { (void)This; (void)a0; (void)a1; (void)a2; relic_sdk_last_slot = 5; return 0; }
static HRESULT IMFMediaEvent_slot6(IMFMediaEvent *This, IMFAttributes *a0, MF_ATTRIBUTES_MATCH_TYPE a1, BOOL *a2) { (void)This; (void)a0; (void)a1; (void)a2; relic_sdk_last_slot = 6; return 0; }
static HRESULT IMFMediaEvent_slot7(IMFMediaEvent *This, REFGUID a0, UINT32 *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 7; return 0; }
static HRESULT IMFMediaEvent_slot8(IMFMediaEvent *This, REFGUID a0, UINT64 *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 8; return 0; }
static HRESULT IMFMediaEvent_slot9(IMFMediaEvent *This, REFGUID a0, double *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 9; return 0; }
static HRESULT IMFMediaEvent_slot10(IMFMediaEvent *This, REFGUID a0, GUID *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 10; return 0; }
static HRESULT IMFMediaEvent_slot11(IMFMediaEvent *This, REFGUID a0, UINT32 *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 11; return 0; }
static HRESULT IMFMediaEvent_slot12(IMFMediaEvent *This, REFGUID a0, LPWSTR a1, UINT32 a2, UINT32 *a3) { (void)This; (void)a0; (void)a1; (void)a2; (void)a3; relic_sdk_last_slot = 12; return 0; }
static HRESULT IMFMediaEvent_slot13(IMFMediaEvent *This, REFGUID a0, LPWSTR *a1, UINT32 *a2) { (void)This; (void)a0; (void)a1; (void)a2; relic_sdk_last_slot = 13; return 0; }
static HRESULT IMFMediaEvent_slot14(IMFMediaEvent *This, REFGUID a0, UINT32 *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 14; return 0; }
static HRESULT IMFMediaEvent_slot15(IMFMediaEvent *This, REFGUID a0, UINT8 *a1, UINT32 a2, UINT32 *a3) { (void)This; (void)a0; (void)a1; (void)a2; (void)a3; relic_sdk_last_slot = 15; return 0; }
static HRESULT IMFMediaEvent_slot16(IMFMediaEvent *This, REFGUID a0, UINT8 **a1, UINT32 *a2) { (void)This; (void)a0; (void)a1; (void)a2; relic_sdk_last_slot = 16; return 0; }
static HRESULT IMFMediaEvent_slot17(IMFMediaEvent *This, REFGUID a0, REFIID a1, LPVOID *a2) { (void)This; (void)a0; (void)a1; (void)a2; relic_sdk_last_slot = 17; return 0; }
static HRESULT IMFMediaEvent_slot18(IMFMediaEvent *This, REFGUID a0, REFPROPVARIANT a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 18; return 0; }
static HRESULT IMFMediaEvent_slot19(IMFMediaEvent *This, REFGUID a0) { (void)This; (void)a0; relic_sdk_last_slot = 19; return 0; }
static HRESULT IMFMediaEvent_slot20(IMFMediaEvent *This) { (void)This;  relic_sdk_last_slot = 20; return 0; }
static HRESULT IMFMediaEvent_slot21(IMFMediaEvent *This, REFGUID a0, UINT32 a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 21; return 0; }
static HRESULT IMFMediaEvent_slot22(IMFMediaEvent *This, REFGUID a0, UINT64 a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 22; return 0; }
static HRESULT IMFMediaEvent_slot23(IMFMediaEvent *This, REFGUID a0, double a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 23; return 0; }
static HRESULT IMFMediaEvent_slot24(IMFMediaEvent *This, REFGUID a0, REFGUID a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 24; return 0; }
static HRESULT IMFMediaEvent_slot25(IMFMediaEvent *This, REFGUID a0, LPCWSTR a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 25; return 0; }
static HRESULT IMFMediaEvent_slot26(IMFMediaEvent *This, REFGUID a0, const UINT8 *a1, UINT32 a2) { (void)This; (void)a0; (void)a1; (void)a2; relic_sdk_last_slot = 26; return 0; }
static HRESULT IMFMediaEvent_slot27(IMFMediaEvent *This, REFGUID a0, IUnknown *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 27; return 0; }
static HRESULT IMFMediaEvent_slot28(IMFMediaEvent *This) { (void)This;  relic_sdk_last_slot = 28; return 0; }
static HRESULT IMFMediaEvent_slot29(IMFMediaEvent *This) { (void)This;  relic_sdk_last_slot = 29; return 0; }
static HRESULT IMFMediaEvent_slot30(IMFMediaEvent *This, UINT32 *a0) { (void)This; (void)a0; relic_sdk_last_slot = 30; return 0; }
static HRESULT IMFMediaEvent_slot31(IMFMediaEvent *This, UINT32 a0, GUID *a1, PROPVARIANT *a2) { (void)This; (void)a0; (void)a1; (void)a2; relic_sdk_last_slot = 31; return 0; }
static HRESULT IMFMediaEvent_slot32(IMFMediaEvent *This, IMFAttributes *a0) { (void)This; (void)a0; relic_sdk_last_slot = 32; return 0; }
static HRESULT IMFMediaEvent_slot33(IMFMediaEvent *This, MediaEventType *a0) { (void)This; (void)a0; relic_sdk_last_slot = 33; return 0; }
static HRESULT IMFMediaEvent_slot34(IMFMediaEvent *This, GUID *a0) { (void)This; (void)a0; relic_sdk_last_slot = 34; return 0; }
static HRESULT IMFMediaEvent_slot35(IMFMediaEvent *This, HRESULT *a0) { (void)This; (void)a0; relic_sdk_last_slot = 35; return 0; }
static HRESULT IMFMediaEvent_slot36(IMFMediaEvent *This, PROPVARIANT *a0) { (void)This; (void)a0; relic_sdk_last_slot = 36; return 0; }
typedef union {
  IMFMediaEventVtbl v;
  void (*raw[37])(void);
} IMFMediaEvent_table;
typedef char IMFMediaEvent_vtbl_size_check[sizeof(IMFMediaEventVtbl) == 37 * sizeof(void (*)(void)) ? 1 : -1];

static HRESULT IMFAsyncResult_slot0(IMFAsyncResult *This, REFIID a0, void **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 0; return 0; }
static ULONG IMFAsyncResult_slot1(IMFAsyncResult *This) { (void)This;  relic_sdk_last_slot = 1; return 0; }
static ULONG IMFAsyncResult_slot2(IMFAsyncResult *This) { (void)This;  relic_sdk_last_slot = 2; return 0; }
static HRESULT IMFAsyncResult_slot3(IMFAsyncResult *This, IUnknown **a0) { (void)This; (void)a0; relic_sdk_last_slot = 3; return 0; }
static HRESULT IMFAsyncResult_slot4(IMFAsyncResult *This) { (void)This;  relic_sdk_last_slot = 4; return 0; }
static HRESULT IMFAsyncResult_slot5(IMFAsyncResult *This, HRESULT a0) { (void)This; (void)a0; relic_sdk_last_slot = 5; return 0; }
static HRESULT IMFAsyncResult_slot6(IMFAsyncResult *This, IUnknown **a0) { (void)This; (void)a0; relic_sdk_last_slot = 6; return 0; }
static IUnknown *IMFAsyncResult_slot7(IMFAsyncResult *This) { (void)This;  relic_sdk_last_slot = 7; return NULL; }
typedef union {
  IMFAsyncResultVtbl v;
  void (*raw[8])(void);
} IMFAsyncResult_table;
typedef char IMFAsyncResult_vtbl_size_check[sizeof(IMFAsyncResultVtbl) == 8 * sizeof(void (*)(void)) ? 1 : -1];

static HRESULT IMFAsyncCallback_slot0(IMFAsyncCallback *This, REFIID a0, void **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 0; return 0; }
static ULONG IMFAsyncCallback_slot1(IMFAsyncCallback *This) { (void)This;  relic_sdk_last_slot = 1; return 0; }
static ULONG IMFAsyncCallback_slot2(IMFAsyncCallback *This) { (void)This;  relic_sdk_last_slot = 2; return 0; }
static HRESULT IMFAsyncCallback_slot3(IMFAsyncCallback *This, DWORD *a0, DWORD *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 3; return 0; }
static HRESULT IMFAsyncCallback_slot4(IMFAsyncCallback *This, IMFAsyncResult *a0) { (void)This; (void)a0; relic_sdk_last_slot = 4; return 0; }
typedef union {
  IMFAsyncCallbackVtbl v;
  void (*raw[5])(void);
} IMFAsyncCallback_table;
typedef char IMFAsyncCallback_vtbl_size_check[sizeof(IMFAsyncCallbackVtbl) == 5 * sizeof(void (*)(void)) ? 1 : -1];

static HRESULT IMFMediaEventGenerator_slot0(IMFMediaEventGenerator *This, REFIID a0, void **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 0; return 0; }
static ULONG IMFMediaEventGenerator_slot1(IMFMediaEventGenerator *This) { (void)This;  relic_sdk_last_slot = 1; return 0; }
static ULONG IMFMediaEventGenerator_slot2(IMFMediaEventGenerator *This) { (void)This;  relic_sdk_last_slot = 2; return 0; }
static HRESULT IMFMediaEventGenerator_slot3(IMFMediaEventGenerator *This, DWORD a0, IMFMediaEvent **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 3; return 0; }
static HRESULT IMFMediaEventGenerator_slot4(IMFMediaEventGenerator *This, IMFAsyncCallback *a0, IUnknown *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 4; return 0; }
static HRESULT IMFMediaEventGenerator_slot5(IMFMediaEventGenerator *This, IMFAsyncResult *a0, IMFMediaEvent **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 5; return 0; }
static HRESULT IMFMediaEventGenerator_slot6(IMFMediaEventGenerator *This, MediaEventType a0, REFGUID a1, HRESULT a2, const PROPVARIANT *a3) { (void)This; (void)a0; (void)a1; (void)a2; (void)a3; relic_sdk_last_slot = 6; return 0; }
typedef union {
  IMFMediaEventGeneratorVtbl v;
  void (*raw[7])(void);
} IMFMediaEventGenerator_table;
typedef char IMFMediaEventGenerator_vtbl_size_check[sizeof(IMFMediaEventGeneratorVtbl) == 7 * sizeof(void (*)(void)) ? 1 : -1];

static HRESULT IWMStatusCallback_slot0(IWMStatusCallback *This, REFIID a0, void **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 0; return 0; }
static ULONG IWMStatusCallback_slot1(IWMStatusCallback *This) { (void)This;  relic_sdk_last_slot = 1; return 0; }
static ULONG IWMStatusCallback_slot2(IWMStatusCallback *This) { (void)This;  relic_sdk_last_slot = 2; return 0; }
static HRESULT IWMStatusCallback_slot3(IWMStatusCallback *This, WMT_STATUS a0, HRESULT a1, WMT_ATTR_DATATYPE a2, BYTE *a3, void *a4) { (void)This; (void)a0; (void)a1; (void)a2; (void)a3; (void)a4; relic_sdk_last_slot = 3; return 0; }
typedef union {
  IWMStatusCallbackVtbl v;
  void (*raw[4])(void);
} IWMStatusCallback_table;
typedef char IWMStatusCallback_vtbl_size_check[sizeof(IWMStatusCallbackVtbl) == 4 * sizeof(void (*)(void)) ? 1 : -1];

static HRESULT IWMLicenseBackup_slot0(IWMLicenseBackup *This, REFIID a0, void **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 0; return 0; }
static ULONG IWMLicenseBackup_slot1(IWMLicenseBackup *This) { (void)This;  relic_sdk_last_slot = 1; return 0; }
static ULONG IWMLicenseBackup_slot2(IWMLicenseBackup *This) { (void)This;  relic_sdk_last_slot = 2; return 0; }
static HRESULT IWMLicenseBackup_slot3(IWMLicenseBackup *This, DWORD a0, IWMStatusCallback *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 3; return 0; }
static HRESULT IWMLicenseBackup_slot4(IWMLicenseBackup *This) { (void)This;  relic_sdk_last_slot = 4; return 0; }
typedef union {
  IWMLicenseBackupVtbl v;
  void (*raw[5])(void);
} IWMLicenseBackup_table;
typedef char IWMLicenseBackup_vtbl_size_check[sizeof(IWMLicenseBackupVtbl) == 5 * sizeof(void (*)(void)) ? 1 : -1];

static HRESULT IWMLicenseRestore_slot0(IWMLicenseRestore *This, REFIID a0, void **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 0; return 0; }
static ULONG IWMLicenseRestore_slot1(IWMLicenseRestore *This) { (void)This;  relic_sdk_last_slot = 1; return 0; }
static ULONG IWMLicenseRestore_slot2(IWMLicenseRestore *This) { (void)This;  relic_sdk_last_slot = 2; return 0; }
static HRESULT IWMLicenseRestore_slot3(IWMLicenseRestore *This, DWORD a0, IWMStatusCallback *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 3; return 0; }
static HRESULT IWMLicenseRestore_slot4(IWMLicenseRestore *This) { (void)This;  relic_sdk_last_slot = 4; return 0; }
typedef union {
  IWMLicenseRestoreVtbl v;
  void (*raw[5])(void);
} IWMLicenseRestore_table;
typedef char IWMLicenseRestore_vtbl_size_check[sizeof(IWMLicenseRestoreVtbl) == 5 * sizeof(void (*)(void)) ? 1 : -1];

static HRESULT IWMBackupRestoreProps_slot0(IWMBackupRestoreProps *This, REFIID a0, void **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 0; return 0; }
static ULONG IWMBackupRestoreProps_slot1(IWMBackupRestoreProps *This) { (void)This;  relic_sdk_last_slot = 1; return 0; }
static ULONG IWMBackupRestoreProps_slot2(IWMBackupRestoreProps *This) { (void)This;  relic_sdk_last_slot = 2; return 0; }
static HRESULT IWMBackupRestoreProps_slot3(IWMBackupRestoreProps *This, WORD *a0) { (void)This; (void)a0; relic_sdk_last_slot = 3; return 0; }
static HRESULT IWMBackupRestoreProps_slot4(IWMBackupRestoreProps *This, WORD a0, WCHAR *a1, WORD *a2, WMT_ATTR_DATATYPE *a3, BYTE *a4, WORD *a5) { (void)This; (void)a0; (void)a1; (void)a2; (void)a3; (void)a4; (void)a5; relic_sdk_last_slot = 4; return 0; }
static HRESULT IWMBackupRestoreProps_slot5(IWMBackupRestoreProps *This, LPCWSTR a0, WMT_ATTR_DATATYPE *a1, BYTE *a2, WORD *a3) { (void)This; (void)a0; (void)a1; (void)a2; (void)a3; relic_sdk_last_slot = 5; return 0; }
static HRESULT IWMBackupRestoreProps_slot6(IWMBackupRestoreProps *This, LPCWSTR a0, WMT_ATTR_DATATYPE a1, const BYTE *a2, WORD a3) { (void)This; (void)a0; (void)a1; (void)a2; (void)a3; relic_sdk_last_slot = 6; return 0; }
static HRESULT IWMBackupRestoreProps_slot7(IWMBackupRestoreProps *This, LPCWSTR a0) { (void)This; (void)a0; relic_sdk_last_slot = 7; return 0; }
static HRESULT IWMBackupRestoreProps_slot8(IWMBackupRestoreProps *This) { (void)This;  relic_sdk_last_slot = 8; return 0; }
typedef union {
  IWMBackupRestorePropsVtbl v;
  void (*raw[9])(void);
} IWMBackupRestoreProps_table;
typedef char IWMBackupRestoreProps_vtbl_size_check[sizeof(IWMBackupRestorePropsVtbl) == 9 * sizeof(void (*)(void)) ? 1 : -1];

static HRESULT IWMDRMProvider_slot0(IWMDRMProvider *This, REFIID a0, void **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 0; return 0; }
static ULONG IWMDRMProvider_slot1(IWMDRMProvider *This) { (void)This;  relic_sdk_last_slot = 1; return 0; }
static ULONG IWMDRMProvider_slot2(IWMDRMProvider *This) { (void)This;  relic_sdk_last_slot = 2; return 0; }
static HRESULT IWMDRMProvider_slot3(IWMDRMProvider *This, REFIID a0, void **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 3; return 0; }
typedef union {
  IWMDRMProviderVtbl v;
  void (*raw[4])(void);
} IWMDRMProvider_table;
typedef char IWMDRMProvider_vtbl_size_check[sizeof(IWMDRMProviderVtbl) == 4 * sizeof(void (*)(void)) ? 1 : -1];

static HRESULT IWMDRMEventGenerator_slot0(IWMDRMEventGenerator *This, REFIID a0, void **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 0; return 0; }
static ULONG IWMDRMEventGenerator_slot1(IWMDRMEventGenerator *This) { (void)This;  relic_sdk_last_slot = 1; return 0; }
static ULONG IWMDRMEventGenerator_slot2(IWMDRMEventGenerator *This) { (void)This;  relic_sdk_last_slot = 2; return 0; }
static HRESULT IWMDRMEventGenerator_slot3(IWMDRMEventGenerator *This, DWORD a0, IMFMediaEvent **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 3; return 0; }
static HRESULT IWMDRMEventGenerator_slot4(IWMDRMEventGenerator *This, IMFAsyncCallback *a0, IUnknown *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 4; return 0; }
static HRESULT IWMDRMEventGenerator_slot5(IWMDRMEventGenerator *This, IMFAsyncResult *a0, IMFMediaEvent **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 5; return 0; }
static HRESULT IWMDRMEventGenerator_slot6(IWMDRMEventGenerator *This, MediaEventType a0, REFGUID a1, HRESULT a2, const PROPVARIANT *a3) { (void)This; (void)a0; (void)a1; (void)a2; (void)a3; relic_sdk_last_slot = 6; return 0; }
static HRESULT IWMDRMEventGenerator_slot7(IWMDRMEventGenerator *This, IUnknown *a0) { (void)This; (void)a0; relic_sdk_last_slot = 7; return 0; }
static HRESULT IWMDRMEventGenerator_slot8(IWMDRMEventGenerator *This) { (void)This;  relic_sdk_last_slot = 8; return 0; }
typedef union {
  IWMDRMEventGeneratorVtbl v;
  void (*raw[9])(void);
} IWMDRMEventGenerator_table;
typedef char IWMDRMEventGenerator_vtbl_size_check[sizeof(IWMDRMEventGeneratorVtbl) == 9 * sizeof(void (*)(void)) ? 1 : -1];

static HRESULT IWMDRMLicenseManagement_slot0(IWMDRMLicenseManagement *This, REFIID a0, void **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 0; return 0; }
static ULONG IWMDRMLicenseManagement_slot1(IWMDRMLicenseManagement *This) { (void)This;  relic_sdk_last_slot = 1; return 0; }
static ULONG IWMDRMLicenseManagement_slot2(IWMDRMLicenseManagement *This) { (void)This;  relic_sdk_last_slot = 2; return 0; }
static HRESULT IWMDRMLicenseManagement_slot3(IWMDRMLicenseManagement *This, DWORD a0, IMFMediaEvent **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 3; return 0; }
static HRESULT IWMDRMLicenseManagement_slot4(IWMDRMLicenseManagement *This, IMFAsyncCallback *a0, IUnknown *a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 4; return 0; }
static HRESULT IWMDRMLicenseManagement_slot5(IWMDRMLicenseManagement *This, IMFAsyncResult *a0, IMFMediaEvent **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 5; return 0; }
static HRESULT IWMDRMLicenseManagement_slot6(IWMDRMLicenseManagement *This, MediaEventType a0, REFGUID a1, HRESULT a2, const PROPVARIANT *a3) { (void)This; (void)a0; (void)a1; (void)a2; (void)a3; relic_sdk_last_slot = 6; return 0; }
static HRESULT IWMDRMLicenseManagement_slot7(IWMDRMLicenseManagement *This, IUnknown *a0) { (void)This; (void)a0; relic_sdk_last_slot = 7; return 0; }
static HRESULT IWMDRMLicenseManagement_slot8(IWMDRMLicenseManagement *This) { (void)This;  relic_sdk_last_slot = 8; return 0; }
static HRESULT IWMDRMLicenseManagement_slot9(IWMDRMLicenseManagement *This, WMDRM_LICENSE_FILTER *a0, IWMDRMLicense **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 9; return 0; }
static HRESULT IWMDRMLicenseManagement_slot10(IWMDRMLicenseManagement *This, BSTR a0, DWORD a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 10; return 0; }
static HRESULT IWMDRMLicenseManagement_slot11(IWMDRMLicenseManagement *This, DWORD a0, IUnknown **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 11; return 0; }
static HRESULT IWMDRMLicenseManagement_slot12(IWMDRMLicenseManagement *This, BSTR a0) { (void)This; (void)a0; relic_sdk_last_slot = 12; return 0; }
static HRESULT IWMDRMLicenseManagement_slot13(IWMDRMLicenseManagement *This, BSTR a0, BSTR a1, BSTR a2, DWORD a3, IUnknown **a4) { (void)This; (void)a0; (void)a1; (void)a2; (void)a3; (void)a4; relic_sdk_last_slot = 13; return 0; }
static HRESULT IWMDRMLicenseManagement_slot14(IWMDRMLicenseManagement *This, BSTR a0, BSTR a1, BSTR a2, IUnknown **a3) { (void)This; (void)a0; (void)a1; (void)a2; (void)a3; relic_sdk_last_slot = 14; return 0; }
static HRESULT IWMDRMLicenseManagement_slot15(IWMDRMLicenseManagement *This, BSTR a0, DWORD a1, IUnknown **a2) { (void)This; (void)a0; (void)a1; (void)a2; relic_sdk_last_slot = 15; return 0; }
static HRESULT IWMDRMLicenseManagement_slot16(IWMDRMLicenseManagement *This, BSTR a0, DWORD a1, IUnknown **a2) { (void)This; (void)a0; (void)a1; (void)a2; relic_sdk_last_slot = 16; return 0; }
static HRESULT IWMDRMLicenseManagement_slot17(IWMDRMLicenseManagement *This, BYTE *a0, DWORD a1, BYTE *a2, DWORD a3, BYTE **a4, DWORD *a5) { (void)This; (void)a0; (void)a1; (void)a2; (void)a3; (void)a4; (void)a5; relic_sdk_last_slot = 17; return 0; }
static HRESULT IWMDRMLicenseManagement_slot18(IWMDRMLicenseManagement *This, BYTE *a0, DWORD a1, BYTE **a2, DWORD *a3) { (void)This; (void)a0; (void)a1; (void)a2; (void)a3; relic_sdk_last_slot = 18; return 0; }
static HRESULT IWMDRMLicenseManagement_slot19(IWMDRMLicenseManagement *This, BSTR a0) { (void)This; (void)a0; relic_sdk_last_slot = 19; return 0; }
typedef union {
  IWMDRMLicenseManagementVtbl v;
  void (*raw[20])(void);
} IWMDRMLicenseManagement_table;
typedef char IWMDRMLicenseManagement_vtbl_size_check[sizeof(IWMDRMLicenseManagementVtbl) == 20 * sizeof(void (*)(void)) ? 1 : -1];

static HRESULT IWMDRMLicenseBackupRestoreStatus_slot0(IWMDRMLicenseBackupRestoreStatus *This, REFIID a0, void **a1) { (void)This; (void)a0; (void)a1; relic_sdk_last_slot = 0; return 0; }
static ULONG IWMDRMLicenseBackupRestoreStatus_slot1(IWMDRMLicenseBackupRestoreStatus *This) { (void)This;  relic_sdk_last_slot = 1; return 0; }
static ULONG IWMDRMLicenseBackupRestoreStatus_slot2(IWMDRMLicenseBackupRestoreStatus *This) { (void)This;  relic_sdk_last_slot = 2; return 0; }
static HRESULT IWMDRMLicenseBackupRestoreStatus_slot3(IWMDRMLicenseBackupRestoreStatus *This, WM_BACKUP_RESTORE_STATUS *a0) { (void)This; (void)a0; relic_sdk_last_slot = 3; return 0; }
typedef union {
  IWMDRMLicenseBackupRestoreStatusVtbl v;
  void (*raw[4])(void);
} IWMDRMLicenseBackupRestoreStatus_table;
typedef char IWMDRMLicenseBackupRestoreStatus_vtbl_size_check[sizeof(IWMDRMLicenseBackupRestoreStatusVtbl) == 4 * sizeof(void (*)(void)) ? 1 : -1];

int relic_sdk_c_vtable_failures(char *buf, size_t n) {
  int fails = 0;
  size_t offset = 0;
  if (n > 0) buf[0] = 0;
  PropVariantInit(&g_pv);
  {
    static IUnknown_table table;
    IUnknown obj;
    table.raw[0] = (void (*)(void))IUnknown_slot0;
    table.raw[1] = (void (*)(void))IUnknown_slot1;
    table.raw[2] = (void (*)(void))IUnknown_slot2;
    obj.lpVtbl = &table.v;
    relic_sdk_last_slot = -1;
    (void)IUnknown_QueryInterface(&obj, &g_guid, NULL);
    EXPECT_SLOT("IUnknown", "QueryInterface", 0);
    relic_sdk_last_slot = -1;
    (void)IUnknown_AddRef(&obj);
    EXPECT_SLOT("IUnknown", "AddRef", 1);
    relic_sdk_last_slot = -1;
    (void)IUnknown_Release(&obj);
    EXPECT_SLOT("IUnknown", "Release", 2);
  }
  {
    static IMFAttributes_table table;
    IMFAttributes obj;
    table.raw[0] = (void (*)(void))IMFAttributes_slot0;
    table.raw[1] = (void (*)(void))IMFAttributes_slot1;
    table.raw[2] = (void (*)(void))IMFAttributes_slot2;
    table.raw[3] = (void (*)(void))IMFAttributes_slot3;
    table.raw[4] = (void (*)(void))IMFAttributes_slot4;
    table.raw[5] = (void (*)(void))IMFAttributes_slot5;
    table.raw[6] = (void (*)(void))IMFAttributes_slot6;
    table.raw[7] = (void (*)(void))IMFAttributes_slot7;
    table.raw[8] = (void (*)(void))IMFAttributes_slot8;
    table.raw[9] = (void (*)(void))IMFAttributes_slot9;
    table.raw[10] = (void (*)(void))IMFAttributes_slot10;
    table.raw[11] = (void (*)(void))IMFAttributes_slot11;
    table.raw[12] = (void (*)(void))IMFAttributes_slot12;
    table.raw[13] = (void (*)(void))IMFAttributes_slot13;
    table.raw[14] = (void (*)(void))IMFAttributes_slot14;
    table.raw[15] = (void (*)(void))IMFAttributes_slot15;
    table.raw[16] = (void (*)(void))IMFAttributes_slot16;
    table.raw[17] = (void (*)(void))IMFAttributes_slot17;
    table.raw[18] = (void (*)(void))IMFAttributes_slot18;
    table.raw[19] = (void (*)(void))IMFAttributes_slot19;
    table.raw[20] = (void (*)(void))IMFAttributes_slot20;
    table.raw[21] = (void (*)(void))IMFAttributes_slot21;
    table.raw[22] = (void (*)(void))IMFAttributes_slot22;
    table.raw[23] = (void (*)(void))IMFAttributes_slot23;
    table.raw[24] = (void (*)(void))IMFAttributes_slot24;
    table.raw[25] = (void (*)(void))IMFAttributes_slot25;
    table.raw[26] = (void (*)(void))IMFAttributes_slot26;
    table.raw[27] = (void (*)(void))IMFAttributes_slot27;
    table.raw[28] = (void (*)(void))IMFAttributes_slot28;
    table.raw[29] = (void (*)(void))IMFAttributes_slot29;
    table.raw[30] = (void (*)(void))IMFAttributes_slot30;
    table.raw[31] = (void (*)(void))IMFAttributes_slot31;
    table.raw[32] = (void (*)(void))IMFAttributes_slot32;
    obj.lpVtbl = &table.v;
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_QueryInterface(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFAttributes", "QueryInterface", 0);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_AddRef(&obj);
    EXPECT_SLOT("IMFAttributes", "AddRef", 1);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_Release(&obj);
    EXPECT_SLOT("IMFAttributes", "Release", 2);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_GetItem(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFAttributes", "GetItem", 3);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_GetItemType(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFAttributes", "GetItemType", 4);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_CompareItem(&obj, &g_guid, &g_pv, NULL);
    EXPECT_SLOT("IMFAttributes", "CompareItem", 5);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_Compare(&obj, NULL, 0, NULL);
    EXPECT_SLOT("IMFAttributes", "Compare", 6);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_GetUINT32(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFAttributes", "GetUINT32", 7);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_GetUINT64(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFAttributes", "GetUINT64", 8);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_GetDouble(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFAttributes", "GetDouble", 9);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_GetGUID(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFAttributes", "GetGUID", 10);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_GetStringLength(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFAttributes", "GetStringLength", 11);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_GetString(&obj, &g_guid, NULL, 0, NULL);
    EXPECT_SLOT("IMFAttributes", "GetString", 12);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_GetAllocatedString(&obj, &g_guid, NULL, NULL);
    EXPECT_SLOT("IMFAttributes", "GetAllocatedString", 13);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_GetBlobSize(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFAttributes", "GetBlobSize", 14);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_GetBlob(&obj, &g_guid, NULL, 0, NULL);
    EXPECT_SLOT("IMFAttributes", "GetBlob", 15);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_GetAllocatedBlob(&obj, &g_guid, NULL, NULL);
    EXPECT_SLOT("IMFAttributes", "GetAllocatedBlob", 16);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_GetUnknown(&obj, &g_guid, &g_guid, NULL);
    EXPECT_SLOT("IMFAttributes", "GetUnknown", 17);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_SetItem(&obj, &g_guid, &g_pv);
    EXPECT_SLOT("IMFAttributes", "SetItem", 18);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_DeleteItem(&obj, &g_guid);
    EXPECT_SLOT("IMFAttributes", "DeleteItem", 19);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_DeleteAllItems(&obj);
    EXPECT_SLOT("IMFAttributes", "DeleteAllItems", 20);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_SetUINT32(&obj, &g_guid, 0);
    EXPECT_SLOT("IMFAttributes", "SetUINT32", 21);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_SetUINT64(&obj, &g_guid, 0);
    EXPECT_SLOT("IMFAttributes", "SetUINT64", 22);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_SetDouble(&obj, &g_guid, 0.0);
    EXPECT_SLOT("IMFAttributes", "SetDouble", 23);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_SetGUID(&obj, &g_guid, &g_guid);
    EXPECT_SLOT("IMFAttributes", "SetGUID", 24);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_SetString(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFAttributes", "SetString", 25);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_SetBlob(&obj, &g_guid, NULL, 0);
    EXPECT_SLOT("IMFAttributes", "SetBlob", 26);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_SetUnknown(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFAttributes", "SetUnknown", 27);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_LockStore(&obj);
    EXPECT_SLOT("IMFAttributes", "LockStore", 28);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_UnlockStore(&obj);
    EXPECT_SLOT("IMFAttributes", "UnlockStore", 29);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_GetCount(&obj, NULL);
    EXPECT_SLOT("IMFAttributes", "GetCount", 30);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_GetItemByIndex(&obj, 0, NULL, NULL);
    EXPECT_SLOT("IMFAttributes", "GetItemByIndex", 31);
    relic_sdk_last_slot = -1;
    (void)IMFAttributes_CopyAllItems(&obj, NULL);
    EXPECT_SLOT("IMFAttributes", "CopyAllItems", 32);
  }
  {
    static IMFMediaEvent_table table;
    IMFMediaEvent obj;
    table.raw[0] = (void (*)(void))IMFMediaEvent_slot0;
    table.raw[1] = (void (*)(void))IMFMediaEvent_slot1;
    table.raw[2] = (void (*)(void))IMFMediaEvent_slot2;
    table.raw[3] = (void (*)(void))IMFMediaEvent_slot3;
    table.raw[4] = (void (*)(void))IMFMediaEvent_slot4;
    table.raw[5] = (void (*)(void))IMFMediaEvent_slot5;
    table.raw[6] = (void (*)(void))IMFMediaEvent_slot6;
    table.raw[7] = (void (*)(void))IMFMediaEvent_slot7;
    table.raw[8] = (void (*)(void))IMFMediaEvent_slot8;
    table.raw[9] = (void (*)(void))IMFMediaEvent_slot9;
    table.raw[10] = (void (*)(void))IMFMediaEvent_slot10;
    table.raw[11] = (void (*)(void))IMFMediaEvent_slot11;
    table.raw[12] = (void (*)(void))IMFMediaEvent_slot12;
    table.raw[13] = (void (*)(void))IMFMediaEvent_slot13;
    table.raw[14] = (void (*)(void))IMFMediaEvent_slot14;
    table.raw[15] = (void (*)(void))IMFMediaEvent_slot15;
    table.raw[16] = (void (*)(void))IMFMediaEvent_slot16;
    table.raw[17] = (void (*)(void))IMFMediaEvent_slot17;
    table.raw[18] = (void (*)(void))IMFMediaEvent_slot18;
    table.raw[19] = (void (*)(void))IMFMediaEvent_slot19;
    table.raw[20] = (void (*)(void))IMFMediaEvent_slot20;
    table.raw[21] = (void (*)(void))IMFMediaEvent_slot21;
    table.raw[22] = (void (*)(void))IMFMediaEvent_slot22;
    table.raw[23] = (void (*)(void))IMFMediaEvent_slot23;
    table.raw[24] = (void (*)(void))IMFMediaEvent_slot24;
    table.raw[25] = (void (*)(void))IMFMediaEvent_slot25;
    table.raw[26] = (void (*)(void))IMFMediaEvent_slot26;
    table.raw[27] = (void (*)(void))IMFMediaEvent_slot27;
    table.raw[28] = (void (*)(void))IMFMediaEvent_slot28;
    table.raw[29] = (void (*)(void))IMFMediaEvent_slot29;
    table.raw[30] = (void (*)(void))IMFMediaEvent_slot30;
    table.raw[31] = (void (*)(void))IMFMediaEvent_slot31;
    table.raw[32] = (void (*)(void))IMFMediaEvent_slot32;
    table.raw[33] = (void (*)(void))IMFMediaEvent_slot33;
    table.raw[34] = (void (*)(void))IMFMediaEvent_slot34;
    table.raw[35] = (void (*)(void))IMFMediaEvent_slot35;
    table.raw[36] = (void (*)(void))IMFMediaEvent_slot36;
    obj.lpVtbl = &table.v;
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_QueryInterface(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFMediaEvent", "QueryInterface", 0);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_AddRef(&obj);
    EXPECT_SLOT("IMFMediaEvent", "AddRef", 1);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_Release(&obj);
    EXPECT_SLOT("IMFMediaEvent", "Release", 2);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_GetItem(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFMediaEvent", "GetItem", 3);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_GetItemType(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFMediaEvent", "GetItemType", 4);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_CompareItem(&obj, &g_guid, &g_pv, NULL);
    EXPECT_SLOT("IMFMediaEvent", "CompareItem", 5);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_Compare(&obj, NULL, 0, NULL);
    EXPECT_SLOT("IMFMediaEvent", "Compare", 6);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_GetUINT32(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFMediaEvent", "GetUINT32", 7);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_GetUINT64(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFMediaEvent", "GetUINT64", 8);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_GetDouble(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFMediaEvent", "GetDouble", 9);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_GetGUID(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFMediaEvent", "GetGUID", 10);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_GetStringLength(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFMediaEvent", "GetStringLength", 11);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_GetString(&obj, &g_guid, NULL, 0, NULL);
    EXPECT_SLOT("IMFMediaEvent", "GetString", 12);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_GetAllocatedString(&obj, &g_guid, NULL, NULL);
    EXPECT_SLOT("IMFMediaEvent", "GetAllocatedString", 13);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_GetBlobSize(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFMediaEvent", "GetBlobSize", 14);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_GetBlob(&obj, &g_guid, NULL, 0, NULL);
    EXPECT_SLOT("IMFMediaEvent", "GetBlob", 15);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_GetAllocatedBlob(&obj, &g_guid, NULL, NULL);
    EXPECT_SLOT("IMFMediaEvent", "GetAllocatedBlob", 16);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_GetUnknown(&obj, &g_guid, &g_guid, NULL);
    EXPECT_SLOT("IMFMediaEvent", "GetUnknown", 17);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_SetItem(&obj, &g_guid, &g_pv);
    EXPECT_SLOT("IMFMediaEvent", "SetItem", 18);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_DeleteItem(&obj, &g_guid);
    EXPECT_SLOT("IMFMediaEvent", "DeleteItem", 19);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_DeleteAllItems(&obj);
    EXPECT_SLOT("IMFMediaEvent", "DeleteAllItems", 20);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_SetUINT32(&obj, &g_guid, 0);
    EXPECT_SLOT("IMFMediaEvent", "SetUINT32", 21);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_SetUINT64(&obj, &g_guid, 0);
    EXPECT_SLOT("IMFMediaEvent", "SetUINT64", 22);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_SetDouble(&obj, &g_guid, 0.0);
    EXPECT_SLOT("IMFMediaEvent", "SetDouble", 23);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_SetGUID(&obj, &g_guid, &g_guid);
    EXPECT_SLOT("IMFMediaEvent", "SetGUID", 24);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_SetString(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFMediaEvent", "SetString", 25);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_SetBlob(&obj, &g_guid, NULL, 0);
    EXPECT_SLOT("IMFMediaEvent", "SetBlob", 26);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_SetUnknown(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFMediaEvent", "SetUnknown", 27);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_LockStore(&obj);
    EXPECT_SLOT("IMFMediaEvent", "LockStore", 28);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_UnlockStore(&obj);
    EXPECT_SLOT("IMFMediaEvent", "UnlockStore", 29);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_GetCount(&obj, NULL);
    EXPECT_SLOT("IMFMediaEvent", "GetCount", 30);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_GetItemByIndex(&obj, 0, NULL, NULL);
    EXPECT_SLOT("IMFMediaEvent", "GetItemByIndex", 31);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_CopyAllItems(&obj, NULL);
    EXPECT_SLOT("IMFMediaEvent", "CopyAllItems", 32);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_GetType(&obj, NULL);
    EXPECT_SLOT("IMFMediaEvent", "GetType", 33);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_GetExtendedType(&obj, NULL);
    EXPECT_SLOT("IMFMediaEvent", "GetExtendedType", 34);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_GetStatus(&obj, NULL);
    EXPECT_SLOT("IMFMediaEvent", "GetStatus", 35);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEvent_GetValue(&obj, NULL);
    EXPECT_SLOT("IMFMediaEvent", "GetValue", 36);
  }
  {
    static IMFAsyncResult_table table;
    IMFAsyncResult obj;
    table.raw[0] = (void (*)(void))IMFAsyncResult_slot0;
    table.raw[1] = (void (*)(void))IMFAsyncResult_slot1;
    table.raw[2] = (void (*)(void))IMFAsyncResult_slot2;
    table.raw[3] = (void (*)(void))IMFAsyncResult_slot3;
    table.raw[4] = (void (*)(void))IMFAsyncResult_slot4;
    table.raw[5] = (void (*)(void))IMFAsyncResult_slot5;
    table.raw[6] = (void (*)(void))IMFAsyncResult_slot6;
    table.raw[7] = (void (*)(void))IMFAsyncResult_slot7;
    obj.lpVtbl = &table.v;
    relic_sdk_last_slot = -1;
    (void)IMFAsyncResult_QueryInterface(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFAsyncResult", "QueryInterface", 0);
    relic_sdk_last_slot = -1;
    (void)IMFAsyncResult_AddRef(&obj);
    EXPECT_SLOT("IMFAsyncResult", "AddRef", 1);
    relic_sdk_last_slot = -1;
    (void)IMFAsyncResult_Release(&obj);
    EXPECT_SLOT("IMFAsyncResult", "Release", 2);
    relic_sdk_last_slot = -1;
    (void)IMFAsyncResult_GetState(&obj, NULL);
    EXPECT_SLOT("IMFAsyncResult", "GetState", 3);
    relic_sdk_last_slot = -1;
    (void)IMFAsyncResult_GetStatus(&obj);
    EXPECT_SLOT("IMFAsyncResult", "GetStatus", 4);
    relic_sdk_last_slot = -1;
    (void)IMFAsyncResult_SetStatus(&obj, 0);
    EXPECT_SLOT("IMFAsyncResult", "SetStatus", 5);
    relic_sdk_last_slot = -1;
    (void)IMFAsyncResult_GetObject(&obj, NULL);
    EXPECT_SLOT("IMFAsyncResult", "GetObject", 6);
    relic_sdk_last_slot = -1;
    (void)IMFAsyncResult_GetStateNoAddRef(&obj);
    EXPECT_SLOT("IMFAsyncResult", "GetStateNoAddRef", 7);
  }
  {
    static IMFAsyncCallback_table table;
    IMFAsyncCallback obj;
    table.raw[0] = (void (*)(void))IMFAsyncCallback_slot0;
    table.raw[1] = (void (*)(void))IMFAsyncCallback_slot1;
    table.raw[2] = (void (*)(void))IMFAsyncCallback_slot2;
    table.raw[3] = (void (*)(void))IMFAsyncCallback_slot3;
    table.raw[4] = (void (*)(void))IMFAsyncCallback_slot4;
    obj.lpVtbl = &table.v;
    relic_sdk_last_slot = -1;
    (void)IMFAsyncCallback_QueryInterface(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFAsyncCallback", "QueryInterface", 0);
    relic_sdk_last_slot = -1;
    (void)IMFAsyncCallback_AddRef(&obj);
    EXPECT_SLOT("IMFAsyncCallback", "AddRef", 1);
    relic_sdk_last_slot = -1;
    (void)IMFAsyncCallback_Release(&obj);
    EXPECT_SLOT("IMFAsyncCallback", "Release", 2);
    relic_sdk_last_slot = -1;
    (void)IMFAsyncCallback_GetParameters(&obj, NULL, NULL);
    EXPECT_SLOT("IMFAsyncCallback", "GetParameters", 3);
    relic_sdk_last_slot = -1;
    (void)IMFAsyncCallback_Invoke(&obj, NULL);
    EXPECT_SLOT("IMFAsyncCallback", "Invoke", 4);
  }
  {
    static IMFMediaEventGenerator_table table;
    IMFMediaEventGenerator obj;
    table.raw[0] = (void (*)(void))IMFMediaEventGenerator_slot0;
    table.raw[1] = (void (*)(void))IMFMediaEventGenerator_slot1;
    table.raw[2] = (void (*)(void))IMFMediaEventGenerator_slot2;
    table.raw[3] = (void (*)(void))IMFMediaEventGenerator_slot3;
    table.raw[4] = (void (*)(void))IMFMediaEventGenerator_slot4;
    table.raw[5] = (void (*)(void))IMFMediaEventGenerator_slot5;
    table.raw[6] = (void (*)(void))IMFMediaEventGenerator_slot6;
    obj.lpVtbl = &table.v;
    relic_sdk_last_slot = -1;
    (void)IMFMediaEventGenerator_QueryInterface(&obj, &g_guid, NULL);
    EXPECT_SLOT("IMFMediaEventGenerator", "QueryInterface", 0);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEventGenerator_AddRef(&obj);
    EXPECT_SLOT("IMFMediaEventGenerator", "AddRef", 1);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEventGenerator_Release(&obj);
    EXPECT_SLOT("IMFMediaEventGenerator", "Release", 2);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEventGenerator_GetEvent(&obj, 0, NULL);
    EXPECT_SLOT("IMFMediaEventGenerator", "GetEvent", 3);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEventGenerator_BeginGetEvent(&obj, NULL, NULL);
    EXPECT_SLOT("IMFMediaEventGenerator", "BeginGetEvent", 4);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEventGenerator_EndGetEvent(&obj, NULL, NULL);
    EXPECT_SLOT("IMFMediaEventGenerator", "EndGetEvent", 5);
    relic_sdk_last_slot = -1;
    (void)IMFMediaEventGenerator_QueueEvent(&obj, 0, &g_guid, 0, NULL);
    EXPECT_SLOT("IMFMediaEventGenerator", "QueueEvent", 6);
  }
  {
    static IWMStatusCallback_table table;
    IWMStatusCallback obj;
    table.raw[0] = (void (*)(void))IWMStatusCallback_slot0;
    table.raw[1] = (void (*)(void))IWMStatusCallback_slot1;
    table.raw[2] = (void (*)(void))IWMStatusCallback_slot2;
    table.raw[3] = (void (*)(void))IWMStatusCallback_slot3;
    obj.lpVtbl = &table.v;
    relic_sdk_last_slot = -1;
    (void)IWMStatusCallback_QueryInterface(&obj, &g_guid, NULL);
    EXPECT_SLOT("IWMStatusCallback", "QueryInterface", 0);
    relic_sdk_last_slot = -1;
    (void)IWMStatusCallback_AddRef(&obj);
    EXPECT_SLOT("IWMStatusCallback", "AddRef", 1);
    relic_sdk_last_slot = -1;
    (void)IWMStatusCallback_Release(&obj);
    EXPECT_SLOT("IWMStatusCallback", "Release", 2);
    relic_sdk_last_slot = -1;
    (void)IWMStatusCallback_OnStatus(&obj, 0, 0, 0, NULL, NULL);
    EXPECT_SLOT("IWMStatusCallback", "OnStatus", 3);
  }
  {
    static IWMLicenseBackup_table table;
    IWMLicenseBackup obj;
    table.raw[0] = (void (*)(void))IWMLicenseBackup_slot0;
    table.raw[1] = (void (*)(void))IWMLicenseBackup_slot1;
    table.raw[2] = (void (*)(void))IWMLicenseBackup_slot2;
    table.raw[3] = (void (*)(void))IWMLicenseBackup_slot3;
    table.raw[4] = (void (*)(void))IWMLicenseBackup_slot4;
    obj.lpVtbl = &table.v;
    relic_sdk_last_slot = -1;
    (void)IWMLicenseBackup_QueryInterface(&obj, &g_guid, NULL);
    EXPECT_SLOT("IWMLicenseBackup", "QueryInterface", 0);
    relic_sdk_last_slot = -1;
    (void)IWMLicenseBackup_AddRef(&obj);
    EXPECT_SLOT("IWMLicenseBackup", "AddRef", 1);
    relic_sdk_last_slot = -1;
    (void)IWMLicenseBackup_Release(&obj);
    EXPECT_SLOT("IWMLicenseBackup", "Release", 2);
    relic_sdk_last_slot = -1;
    (void)IWMLicenseBackup_BackupLicenses(&obj, 0, NULL);
    EXPECT_SLOT("IWMLicenseBackup", "BackupLicenses", 3);
    relic_sdk_last_slot = -1;
    (void)IWMLicenseBackup_CancelLicenseBackup(&obj);
    EXPECT_SLOT("IWMLicenseBackup", "CancelLicenseBackup", 4);
  }
  {
    static IWMLicenseRestore_table table;
    IWMLicenseRestore obj;
    table.raw[0] = (void (*)(void))IWMLicenseRestore_slot0;
    table.raw[1] = (void (*)(void))IWMLicenseRestore_slot1;
    table.raw[2] = (void (*)(void))IWMLicenseRestore_slot2;
    table.raw[3] = (void (*)(void))IWMLicenseRestore_slot3;
    table.raw[4] = (void (*)(void))IWMLicenseRestore_slot4;
    obj.lpVtbl = &table.v;
    relic_sdk_last_slot = -1;
    (void)IWMLicenseRestore_QueryInterface(&obj, &g_guid, NULL);
    EXPECT_SLOT("IWMLicenseRestore", "QueryInterface", 0);
    relic_sdk_last_slot = -1;
    (void)IWMLicenseRestore_AddRef(&obj);
    EXPECT_SLOT("IWMLicenseRestore", "AddRef", 1);
    relic_sdk_last_slot = -1;
    (void)IWMLicenseRestore_Release(&obj);
    EXPECT_SLOT("IWMLicenseRestore", "Release", 2);
    relic_sdk_last_slot = -1;
    (void)IWMLicenseRestore_RestoreLicenses(&obj, 0, NULL);
    EXPECT_SLOT("IWMLicenseRestore", "RestoreLicenses", 3);
    relic_sdk_last_slot = -1;
    (void)IWMLicenseRestore_CancelLicenseRestore(&obj);
    EXPECT_SLOT("IWMLicenseRestore", "CancelLicenseRestore", 4);
  }
  {
    static IWMBackupRestoreProps_table table;
    IWMBackupRestoreProps obj;
    table.raw[0] = (void (*)(void))IWMBackupRestoreProps_slot0;
    table.raw[1] = (void (*)(void))IWMBackupRestoreProps_slot1;
    table.raw[2] = (void (*)(void))IWMBackupRestoreProps_slot2;
    table.raw[3] = (void (*)(void))IWMBackupRestoreProps_slot3;
    table.raw[4] = (void (*)(void))IWMBackupRestoreProps_slot4;
    table.raw[5] = (void (*)(void))IWMBackupRestoreProps_slot5;
    table.raw[6] = (void (*)(void))IWMBackupRestoreProps_slot6;
    table.raw[7] = (void (*)(void))IWMBackupRestoreProps_slot7;
    table.raw[8] = (void (*)(void))IWMBackupRestoreProps_slot8;
    obj.lpVtbl = &table.v;
    relic_sdk_last_slot = -1;
    (void)IWMBackupRestoreProps_QueryInterface(&obj, &g_guid, NULL);
    EXPECT_SLOT("IWMBackupRestoreProps", "QueryInterface", 0);
    relic_sdk_last_slot = -1;
    (void)IWMBackupRestoreProps_AddRef(&obj);
    EXPECT_SLOT("IWMBackupRestoreProps", "AddRef", 1);
    relic_sdk_last_slot = -1;
    (void)IWMBackupRestoreProps_Release(&obj);
    EXPECT_SLOT("IWMBackupRestoreProps", "Release", 2);
    relic_sdk_last_slot = -1;
    (void)IWMBackupRestoreProps_GetPropCount(&obj, NULL);
    EXPECT_SLOT("IWMBackupRestoreProps", "GetPropCount", 3);
    relic_sdk_last_slot = -1;
    (void)IWMBackupRestoreProps_GetPropByIndex(&obj, 0, NULL, NULL, NULL, NULL, NULL);
    EXPECT_SLOT("IWMBackupRestoreProps", "GetPropByIndex", 4);
    relic_sdk_last_slot = -1;
    (void)IWMBackupRestoreProps_GetPropByName(&obj, NULL, NULL, NULL, NULL);
    EXPECT_SLOT("IWMBackupRestoreProps", "GetPropByName", 5);
    relic_sdk_last_slot = -1;
    (void)IWMBackupRestoreProps_SetProp(&obj, NULL, 0, NULL, 0);
    EXPECT_SLOT("IWMBackupRestoreProps", "SetProp", 6);
    relic_sdk_last_slot = -1;
    (void)IWMBackupRestoreProps_RemoveProp(&obj, NULL);
    EXPECT_SLOT("IWMBackupRestoreProps", "RemoveProp", 7);
    relic_sdk_last_slot = -1;
    (void)IWMBackupRestoreProps_RemoveAllProps(&obj);
    EXPECT_SLOT("IWMBackupRestoreProps", "RemoveAllProps", 8);
  }
  {
    static IWMDRMProvider_table table;
    IWMDRMProvider obj;
    table.raw[0] = (void (*)(void))IWMDRMProvider_slot0;
    table.raw[1] = (void (*)(void))IWMDRMProvider_slot1;
    table.raw[2] = (void (*)(void))IWMDRMProvider_slot2;
    table.raw[3] = (void (*)(void))IWMDRMProvider_slot3;
    obj.lpVtbl = &table.v;
    relic_sdk_last_slot = -1;
    (void)IWMDRMProvider_QueryInterface(&obj, &g_guid, NULL);
    EXPECT_SLOT("IWMDRMProvider", "QueryInterface", 0);
    relic_sdk_last_slot = -1;
    (void)IWMDRMProvider_AddRef(&obj);
    EXPECT_SLOT("IWMDRMProvider", "AddRef", 1);
    relic_sdk_last_slot = -1;
    (void)IWMDRMProvider_Release(&obj);
    EXPECT_SLOT("IWMDRMProvider", "Release", 2);
    relic_sdk_last_slot = -1;
    (void)IWMDRMProvider_CreateObject(&obj, &g_guid, NULL);
    EXPECT_SLOT("IWMDRMProvider", "CreateObject", 3);
  }
  {
    static IWMDRMEventGenerator_table table;
    IWMDRMEventGenerator obj;
    table.raw[0] = (void (*)(void))IWMDRMEventGenerator_slot0;
    table.raw[1] = (void (*)(void))IWMDRMEventGenerator_slot1;
    table.raw[2] = (void (*)(void))IWMDRMEventGenerator_slot2;
    table.raw[3] = (void (*)(void))IWMDRMEventGenerator_slot3;
    table.raw[4] = (void (*)(void))IWMDRMEventGenerator_slot4;
    table.raw[5] = (void (*)(void))IWMDRMEventGenerator_slot5;
    table.raw[6] = (void (*)(void))IWMDRMEventGenerator_slot6;
    table.raw[7] = (void (*)(void))IWMDRMEventGenerator_slot7;
    table.raw[8] = (void (*)(void))IWMDRMEventGenerator_slot8;
    obj.lpVtbl = &table.v;
    relic_sdk_last_slot = -1;
    (void)IWMDRMEventGenerator_QueryInterface(&obj, &g_guid, NULL);
    EXPECT_SLOT("IWMDRMEventGenerator", "QueryInterface", 0);
    relic_sdk_last_slot = -1;
    (void)IWMDRMEventGenerator_AddRef(&obj);
    EXPECT_SLOT("IWMDRMEventGenerator", "AddRef", 1);
    relic_sdk_last_slot = -1;
    (void)IWMDRMEventGenerator_Release(&obj);
    EXPECT_SLOT("IWMDRMEventGenerator", "Release", 2);
    relic_sdk_last_slot = -1;
    (void)IWMDRMEventGenerator_GetEvent(&obj, 0, NULL);
    EXPECT_SLOT("IWMDRMEventGenerator", "GetEvent", 3);
    relic_sdk_last_slot = -1;
    (void)IWMDRMEventGenerator_BeginGetEvent(&obj, NULL, NULL);
    EXPECT_SLOT("IWMDRMEventGenerator", "BeginGetEvent", 4);
    relic_sdk_last_slot = -1;
    (void)IWMDRMEventGenerator_EndGetEvent(&obj, NULL, NULL);
    EXPECT_SLOT("IWMDRMEventGenerator", "EndGetEvent", 5);
    relic_sdk_last_slot = -1;
    (void)IWMDRMEventGenerator_QueueEvent(&obj, 0, &g_guid, 0, NULL);
    EXPECT_SLOT("IWMDRMEventGenerator", "QueueEvent", 6);
    relic_sdk_last_slot = -1;
    (void)IWMDRMEventGenerator_CancelAsyncOperation(&obj, NULL);
    EXPECT_SLOT("IWMDRMEventGenerator", "CancelAsyncOperation", 7);
    relic_sdk_last_slot = -1;
    (void)IWMDRMEventGenerator_Shutdown(&obj);
    EXPECT_SLOT("IWMDRMEventGenerator", "Shutdown", 8);
  }
  {
    static IWMDRMLicenseManagement_table table;
    IWMDRMLicenseManagement obj;
    table.raw[0] = (void (*)(void))IWMDRMLicenseManagement_slot0;
    table.raw[1] = (void (*)(void))IWMDRMLicenseManagement_slot1;
    table.raw[2] = (void (*)(void))IWMDRMLicenseManagement_slot2;
    table.raw[3] = (void (*)(void))IWMDRMLicenseManagement_slot3;
    table.raw[4] = (void (*)(void))IWMDRMLicenseManagement_slot4;
    table.raw[5] = (void (*)(void))IWMDRMLicenseManagement_slot5;
    table.raw[6] = (void (*)(void))IWMDRMLicenseManagement_slot6;
    table.raw[7] = (void (*)(void))IWMDRMLicenseManagement_slot7;
    table.raw[8] = (void (*)(void))IWMDRMLicenseManagement_slot8;
    table.raw[9] = (void (*)(void))IWMDRMLicenseManagement_slot9;
    table.raw[10] = (void (*)(void))IWMDRMLicenseManagement_slot10;
    table.raw[11] = (void (*)(void))IWMDRMLicenseManagement_slot11;
    table.raw[12] = (void (*)(void))IWMDRMLicenseManagement_slot12;
    table.raw[13] = (void (*)(void))IWMDRMLicenseManagement_slot13;
    table.raw[14] = (void (*)(void))IWMDRMLicenseManagement_slot14;
    table.raw[15] = (void (*)(void))IWMDRMLicenseManagement_slot15;
    table.raw[16] = (void (*)(void))IWMDRMLicenseManagement_slot16;
    table.raw[17] = (void (*)(void))IWMDRMLicenseManagement_slot17;
    table.raw[18] = (void (*)(void))IWMDRMLicenseManagement_slot18;
    table.raw[19] = (void (*)(void))IWMDRMLicenseManagement_slot19;
    obj.lpVtbl = &table.v;
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseManagement_QueryInterface(&obj, &g_guid, NULL);
    EXPECT_SLOT("IWMDRMLicenseManagement", "QueryInterface", 0);
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseManagement_AddRef(&obj);
    EXPECT_SLOT("IWMDRMLicenseManagement", "AddRef", 1);
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseManagement_Release(&obj);
    EXPECT_SLOT("IWMDRMLicenseManagement", "Release", 2);
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseManagement_GetEvent(&obj, 0, NULL);
    EXPECT_SLOT("IWMDRMLicenseManagement", "GetEvent", 3);
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseManagement_BeginGetEvent(&obj, NULL, NULL);
    EXPECT_SLOT("IWMDRMLicenseManagement", "BeginGetEvent", 4);
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseManagement_EndGetEvent(&obj, NULL, NULL);
    EXPECT_SLOT("IWMDRMLicenseManagement", "EndGetEvent", 5);
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseManagement_QueueEvent(&obj, 0, &g_guid, 0, NULL);
    EXPECT_SLOT("IWMDRMLicenseManagement", "QueueEvent", 6);
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseManagement_CancelAsyncOperation(&obj, NULL);
    EXPECT_SLOT("IWMDRMLicenseManagement", "CancelAsyncOperation", 7);
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseManagement_Shutdown(&obj);
    EXPECT_SLOT("IWMDRMLicenseManagement", "Shutdown", 8);
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseManagement_CreateLicenseEnumeration(&obj, NULL, NULL);
    EXPECT_SLOT("IWMDRMLicenseManagement", "CreateLicenseEnumeration", 9);
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseManagement_DeleteLicense(&obj, NULL, 0);
    EXPECT_SLOT("IWMDRMLicenseManagement", "DeleteLicense", 10);
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseManagement_CleanLicenseStore(&obj, 0, NULL);
    EXPECT_SLOT("IWMDRMLicenseManagement", "CleanLicenseStore", 11);
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseManagement_StoreLicense(&obj, NULL);
    EXPECT_SLOT("IWMDRMLicenseManagement", "StoreLicense", 12);
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseManagement_AcquireLicense(&obj, NULL, NULL, NULL, 0, NULL);
    EXPECT_SLOT("IWMDRMLicenseManagement", "AcquireLicense", 13);
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseManagement_MonitorLicenseAcquisition(&obj, NULL, NULL, NULL, NULL);
    EXPECT_SLOT("IWMDRMLicenseManagement", "MonitorLicenseAcquisition", 14);
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseManagement_BackupLicenses(&obj, NULL, 0, NULL);
    EXPECT_SLOT("IWMDRMLicenseManagement", "BackupLicenses", 15);
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseManagement_RestoreLicenses(&obj, NULL, 0, NULL);
    EXPECT_SLOT("IWMDRMLicenseManagement", "RestoreLicenses", 16);
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseManagement_CreateLicenseRevocationChallenge(&obj, NULL, 0, NULL, 0, NULL, NULL);
    EXPECT_SLOT("IWMDRMLicenseManagement", "CreateLicenseRevocationChallenge", 17);
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseManagement_ProcessLicenseRevocationResponse(&obj, NULL, 0, NULL, NULL);
    EXPECT_SLOT("IWMDRMLicenseManagement", "ProcessLicenseRevocationResponse", 18);
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseManagement_ProcessLicenseDeletionMessage(&obj, NULL);
    EXPECT_SLOT("IWMDRMLicenseManagement", "ProcessLicenseDeletionMessage", 19);
  }
  {
    static IWMDRMLicenseBackupRestoreStatus_table table;
    IWMDRMLicenseBackupRestoreStatus obj;
    table.raw[0] = (void (*)(void))IWMDRMLicenseBackupRestoreStatus_slot0;
    table.raw[1] = (void (*)(void))IWMDRMLicenseBackupRestoreStatus_slot1;
    table.raw[2] = (void (*)(void))IWMDRMLicenseBackupRestoreStatus_slot2;
    table.raw[3] = (void (*)(void))IWMDRMLicenseBackupRestoreStatus_slot3;
    obj.lpVtbl = &table.v;
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseBackupRestoreStatus_QueryInterface(&obj, &g_guid, NULL);
    EXPECT_SLOT("IWMDRMLicenseBackupRestoreStatus", "QueryInterface", 0);
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseBackupRestoreStatus_AddRef(&obj);
    EXPECT_SLOT("IWMDRMLicenseBackupRestoreStatus", "AddRef", 1);
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseBackupRestoreStatus_Release(&obj);
    EXPECT_SLOT("IWMDRMLicenseBackupRestoreStatus", "Release", 2);
    relic_sdk_last_slot = -1;
    (void)IWMDRMLicenseBackupRestoreStatus_GetStatus(&obj, NULL);
    EXPECT_SLOT("IWMDRMLicenseBackupRestoreStatus", "GetStatus", 3);
  }
  return fails;
}

int relic_sdk_c_call_IUnknown(void *obj, int *slots) {
  IUnknown *p = (IUnknown *)obj;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->QueryInterface(p, &g_guid, NULL);
  slots[0] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->AddRef(p);
  slots[1] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->Release(p);
  slots[2] = relic_sdk_last_slot;
  return 3;
}

int relic_sdk_c_call_IMFAttributes(void *obj, int *slots) {
  IMFAttributes *p = (IMFAttributes *)obj;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->QueryInterface(p, &g_guid, NULL);
  slots[0] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->AddRef(p);
  slots[1] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->Release(p);
  slots[2] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetItem(p, &g_guid, NULL);
  slots[3] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetItemType(p, &g_guid, NULL);
  slots[4] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->CompareItem(p, &g_guid, &g_pv, NULL);
  slots[5] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->Compare(p, NULL, 0, NULL);
  slots[6] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetUINT32(p, &g_guid, NULL);
  slots[7] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetUINT64(p, &g_guid, NULL);
  slots[8] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetDouble(p, &g_guid, NULL);
  slots[9] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetGUID(p, &g_guid, NULL);
  slots[10] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetStringLength(p, &g_guid, NULL);
  slots[11] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetString(p, &g_guid, NULL, 0, NULL);
  slots[12] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetAllocatedString(p, &g_guid, NULL, NULL);
  slots[13] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetBlobSize(p, &g_guid, NULL);
  slots[14] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetBlob(p, &g_guid, NULL, 0, NULL);
  slots[15] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetAllocatedBlob(p, &g_guid, NULL, NULL);
  slots[16] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetUnknown(p, &g_guid, &g_guid, NULL);
  slots[17] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->SetItem(p, &g_guid, &g_pv);
  slots[18] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->DeleteItem(p, &g_guid);
  slots[19] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->DeleteAllItems(p);
  slots[20] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->SetUINT32(p, &g_guid, 0);
  slots[21] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->SetUINT64(p, &g_guid, 0);
  slots[22] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->SetDouble(p, &g_guid, 0.0);
  slots[23] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->SetGUID(p, &g_guid, &g_guid);
  slots[24] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->SetString(p, &g_guid, NULL);
  slots[25] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->SetBlob(p, &g_guid, NULL, 0);
  slots[26] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->SetUnknown(p, &g_guid, NULL);
  slots[27] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->LockStore(p);
  slots[28] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->UnlockStore(p);
  slots[29] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetCount(p, NULL);
  slots[30] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetItemByIndex(p, 0, NULL, NULL);
  slots[31] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->CopyAllItems(p, NULL);
  slots[32] = relic_sdk_last_slot;
  return 33;
}

int relic_sdk_c_call_IMFMediaEvent(void *obj, int *slots) {
  IMFMediaEvent *p = (IMFMediaEvent *)obj;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->QueryInterface(p, &g_guid, NULL);
  slots[0] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->AddRef(p);
  slots[1] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->Release(p);
  slots[2] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetItem(p, &g_guid, NULL);
  slots[3] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetItemType(p, &g_guid, NULL);
  slots[4] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->CompareItem(p, &g_guid, &g_pv, NULL);
  slots[5] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->Compare(p, NULL, 0, NULL);
  slots[6] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetUINT32(p, &g_guid, NULL);
  slots[7] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetUINT64(p, &g_guid, NULL);
  slots[8] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetDouble(p, &g_guid, NULL);
  slots[9] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetGUID(p, &g_guid, NULL);
  slots[10] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetStringLength(p, &g_guid, NULL);
  slots[11] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetString(p, &g_guid, NULL, 0, NULL);
  slots[12] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetAllocatedString(p, &g_guid, NULL, NULL);
  slots[13] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetBlobSize(p, &g_guid, NULL);
  slots[14] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetBlob(p, &g_guid, NULL, 0, NULL);
  slots[15] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetAllocatedBlob(p, &g_guid, NULL, NULL);
  slots[16] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetUnknown(p, &g_guid, &g_guid, NULL);
  slots[17] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->SetItem(p, &g_guid, &g_pv);
  slots[18] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->DeleteItem(p, &g_guid);
  slots[19] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->DeleteAllItems(p);
  slots[20] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->SetUINT32(p, &g_guid, 0);
  slots[21] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->SetUINT64(p, &g_guid, 0);
  slots[22] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->SetDouble(p, &g_guid, 0.0);
  slots[23] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->SetGUID(p, &g_guid, &g_guid);
  slots[24] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->SetString(p, &g_guid, NULL);
  slots[25] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->SetBlob(p, &g_guid, NULL, 0);
  slots[26] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->SetUnknown(p, &g_guid, NULL);
  slots[27] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->LockStore(p);
  slots[28] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->UnlockStore(p);
  slots[29] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetCount(p, NULL);
  slots[30] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetItemByIndex(p, 0, NULL, NULL);
  slots[31] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->CopyAllItems(p, NULL);
  slots[32] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetType(p, NULL);
  slots[33] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetExtendedType(p, NULL);
  slots[34] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetStatus(p, NULL);
  slots[35] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetValue(p, NULL);
  slots[36] = relic_sdk_last_slot;
  return 37;
}

int relic_sdk_c_call_IMFAsyncResult(void *obj, int *slots) {
  IMFAsyncResult *p = (IMFAsyncResult *)obj;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->QueryInterface(p, &g_guid, NULL);
  slots[0] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->AddRef(p);
  slots[1] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->Release(p);
  slots[2] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetState(p, NULL);
  slots[3] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetStatus(p);
  slots[4] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->SetStatus(p, 0);
  slots[5] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetObject(p, NULL);
  slots[6] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetStateNoAddRef(p);
  slots[7] = relic_sdk_last_slot;
  return 8;
}

int relic_sdk_c_call_IMFAsyncCallback(void *obj, int *slots) {
  IMFAsyncCallback *p = (IMFAsyncCallback *)obj;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->QueryInterface(p, &g_guid, NULL);
  slots[0] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->AddRef(p);
  slots[1] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->Release(p);
  slots[2] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetParameters(p, NULL, NULL);
  slots[3] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->Invoke(p, NULL);
  slots[4] = relic_sdk_last_slot;
  return 5;
}

int relic_sdk_c_call_IMFMediaEventGenerator(void *obj, int *slots) {
  IMFMediaEventGenerator *p = (IMFMediaEventGenerator *)obj;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->QueryInterface(p, &g_guid, NULL);
  slots[0] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->AddRef(p);
  slots[1] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->Release(p);
  slots[2] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetEvent(p, 0, NULL);
  slots[3] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->BeginGetEvent(p, NULL, NULL);
  slots[4] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->EndGetEvent(p, NULL, NULL);
  slots[5] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->QueueEvent(p, 0, &g_guid, 0, NULL);
  slots[6] = relic_sdk_last_slot;
  return 7;
}

int relic_sdk_c_call_IWMStatusCallback(void *obj, int *slots) {
  IWMStatusCallback *p = (IWMStatusCallback *)obj;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->QueryInterface(p, &g_guid, NULL);
  slots[0] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->AddRef(p);
  slots[1] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->Release(p);
  slots[2] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->OnStatus(p, 0, 0, 0, NULL, NULL);
  slots[3] = relic_sdk_last_slot;
  return 4;
}

int relic_sdk_c_call_IWMLicenseBackup(void *obj, int *slots) {
  IWMLicenseBackup *p = (IWMLicenseBackup *)obj;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->QueryInterface(p, &g_guid, NULL);
  slots[0] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->AddRef(p);
  slots[1] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->Release(p);
  slots[2] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->BackupLicenses(p, 0, NULL);
  slots[3] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->CancelLicenseBackup(p);
  slots[4] = relic_sdk_last_slot;
  return 5;
}

int relic_sdk_c_call_IWMLicenseRestore(void *obj, int *slots) {
  IWMLicenseRestore *p = (IWMLicenseRestore *)obj;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->QueryInterface(p, &g_guid, NULL);
  slots[0] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->AddRef(p);
  slots[1] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->Release(p);
  slots[2] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->RestoreLicenses(p, 0, NULL);
  slots[3] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->CancelLicenseRestore(p);
  slots[4] = relic_sdk_last_slot;
  return 5;
}

int relic_sdk_c_call_IWMBackupRestoreProps(void *obj, int *slots) {
  IWMBackupRestoreProps *p = (IWMBackupRestoreProps *)obj;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->QueryInterface(p, &g_guid, NULL);
  slots[0] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->AddRef(p);
  slots[1] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->Release(p);
  slots[2] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetPropCount(p, NULL);
  slots[3] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetPropByIndex(p, 0, NULL, NULL, NULL, NULL, NULL);
  slots[4] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetPropByName(p, NULL, NULL, NULL, NULL);
  slots[5] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->SetProp(p, NULL, 0, NULL, 0);
  slots[6] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->RemoveProp(p, NULL);
  slots[7] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->RemoveAllProps(p);
  slots[8] = relic_sdk_last_slot;
  return 9;
}

int relic_sdk_c_call_IWMDRMProvider(void *obj, int *slots) {
  IWMDRMProvider *p = (IWMDRMProvider *)obj;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->QueryInterface(p, &g_guid, NULL);
  slots[0] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->AddRef(p);
  slots[1] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->Release(p);
  slots[2] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->CreateObject(p, &g_guid, NULL);
  slots[3] = relic_sdk_last_slot;
  return 4;
}

int relic_sdk_c_call_IWMDRMEventGenerator(void *obj, int *slots) {
  IWMDRMEventGenerator *p = (IWMDRMEventGenerator *)obj;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->QueryInterface(p, &g_guid, NULL);
  slots[0] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->AddRef(p);
  slots[1] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->Release(p);
  slots[2] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetEvent(p, 0, NULL);
  slots[3] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->BeginGetEvent(p, NULL, NULL);
  slots[4] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->EndGetEvent(p, NULL, NULL);
  slots[5] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->QueueEvent(p, 0, &g_guid, 0, NULL);
  slots[6] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->CancelAsyncOperation(p, NULL);
  slots[7] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->Shutdown(p);
  slots[8] = relic_sdk_last_slot;
  return 9;
}

int relic_sdk_c_call_IWMDRMLicenseManagement(void *obj, int *slots) {
  IWMDRMLicenseManagement *p = (IWMDRMLicenseManagement *)obj;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->QueryInterface(p, &g_guid, NULL);
  slots[0] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->AddRef(p);
  slots[1] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->Release(p);
  slots[2] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetEvent(p, 0, NULL);
  slots[3] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->BeginGetEvent(p, NULL, NULL);
  slots[4] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->EndGetEvent(p, NULL, NULL);
  slots[5] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->QueueEvent(p, 0, &g_guid, 0, NULL);
  slots[6] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->CancelAsyncOperation(p, NULL);
  slots[7] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->Shutdown(p);
  slots[8] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->CreateLicenseEnumeration(p, NULL, NULL);
  slots[9] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->DeleteLicense(p, NULL, 0);
  slots[10] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->CleanLicenseStore(p, 0, NULL);
  slots[11] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->StoreLicense(p, NULL);
  slots[12] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->AcquireLicense(p, NULL, NULL, NULL, 0, NULL);
  slots[13] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->MonitorLicenseAcquisition(p, NULL, NULL, NULL, NULL);
  slots[14] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->BackupLicenses(p, NULL, 0, NULL);
  slots[15] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->RestoreLicenses(p, NULL, 0, NULL);
  slots[16] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->CreateLicenseRevocationChallenge(p, NULL, 0, NULL, 0, NULL, NULL);
  slots[17] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->ProcessLicenseRevocationResponse(p, NULL, 0, NULL, NULL);
  slots[18] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->ProcessLicenseDeletionMessage(p, NULL);
  slots[19] = relic_sdk_last_slot;
  return 20;
}

int relic_sdk_c_call_IWMDRMLicenseBackupRestoreStatus(void *obj, int *slots) {
  IWMDRMLicenseBackupRestoreStatus *p = (IWMDRMLicenseBackupRestoreStatus *)obj;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->QueryInterface(p, &g_guid, NULL);
  slots[0] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->AddRef(p);
  slots[1] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->Release(p);
  slots[2] = relic_sdk_last_slot;
  relic_sdk_last_slot = -1;
  (void)p->lpVtbl->GetStatus(p, NULL);
  slots[3] = relic_sdk_last_slot;
  return 4;
}
