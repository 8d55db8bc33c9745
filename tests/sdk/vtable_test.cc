// Generated with vtable_c.c: the C++ view of every interface. Each abstract
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

class IUnknownImpl final : public IUnknown {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID, void **) override {
    relic_sdk_last_slot = 0;
    return 0;
  }
  ULONG STDMETHODCALLTYPE AddRef() override {
    relic_sdk_last_slot = 1;
    return 0;
  }
  ULONG STDMETHODCALLTYPE Release() override {
    relic_sdk_last_slot = 2;
    return 0;
  }
};

TEST(SdkVtable, IUnknown_CAndCxxLayoutsAgree) {
  IUnknownImpl impl;
  IUnknown *iface = &impl;
  static_assert(sizeof(IUnknown) == sizeof(void *), "an interface is one vtable pointer");
  int slots[3];
  ASSERT_EQ(relic_sdk_c_call_IUnknown(iface, slots), 3);
  for (int k = 0; k < 3; ++k) EXPECT_EQ(slots[k], k) << "method " << k << " of IUnknown";
}

class IMFAttributesImpl final : public IMFAttributes {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID, void **) override {
    relic_sdk_last_slot = 0;
    return 0;
  }
  ULONG STDMETHODCALLTYPE AddRef() override {
    relic_sdk_last_slot = 1;
    return 0;
  }
  ULONG STDMETHODCALLTYPE Release() override {
    relic_sdk_last_slot = 2;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetItem(REFGUID, PROPVARIANT *) override {
    relic_sdk_last_slot = 3;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetItemType(REFGUID, MF_ATTRIBUTE_TYPE *) override {
    relic_sdk_last_slot = 4;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE CompareItem(REFGUID, REFPROPVARIANT, BOOL *) override {
    relic_sdk_last_slot = 5;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE Compare(IMFAttributes *, MF_ATTRIBUTES_MATCH_TYPE, BOOL *) override {
    relic_sdk_last_slot = 6;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetUINT32(REFGUID, UINT32 *) override {
    relic_sdk_last_slot = 7;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetUINT64(REFGUID, UINT64 *) override {
    relic_sdk_last_slot = 8;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetDouble(REFGUID, double *) override {
    relic_sdk_last_slot = 9;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetGUID(REFGUID, GUID *) override {
    relic_sdk_last_slot = 10;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetStringLength(REFGUID, UINT32 *) override {
    relic_sdk_last_slot = 11;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetString(REFGUID, LPWSTR, UINT32, UINT32 *) override {
    relic_sdk_last_slot = 12;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetAllocatedString(REFGUID, LPWSTR *, UINT32 *) override {
    relic_sdk_last_slot = 13;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetBlobSize(REFGUID, UINT32 *) override {
    relic_sdk_last_slot = 14;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetBlob(REFGUID, UINT8 *, UINT32, UINT32 *) override {
    relic_sdk_last_slot = 15;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetAllocatedBlob(REFGUID, UINT8 **, UINT32 *) override {
    relic_sdk_last_slot = 16;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetUnknown(REFGUID, REFIID, LPVOID *) override {
    relic_sdk_last_slot = 17;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE SetItem(REFGUID, REFPROPVARIANT) override {
    relic_sdk_last_slot = 18;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE DeleteItem(REFGUID) override {
    relic_sdk_last_slot = 19;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE DeleteAllItems() override {
    relic_sdk_last_slot = 20;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE SetUINT32(REFGUID, UINT32) override {
    relic_sdk_last_slot = 21;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE SetUINT64(REFGUID, UINT64) override {
    relic_sdk_last_slot = 22;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE SetDouble(REFGUID, double) override {
    relic_sdk_last_slot = 23;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE SetGUID(REFGUID, REFGUID) override {
    relic_sdk_last_slot = 24;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE SetString(REFGUID, LPCWSTR) override {
    relic_sdk_last_slot = 25;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE SetBlob(REFGUID, const UINT8 *, UINT32) override {
    relic_sdk_last_slot = 26;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE SetUnknown(REFGUID, IUnknown *) override {
    relic_sdk_last_slot = 27;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE LockStore() override {
    relic_sdk_last_slot = 28;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE UnlockStore() override {
    relic_sdk_last_slot = 29;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetCount(UINT32 *) override {
    relic_sdk_last_slot = 30;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetItemByIndex(UINT32, GUID *, PROPVARIANT *) override {
    relic_sdk_last_slot = 31;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE CopyAllItems(IMFAttributes *) override {
    relic_sdk_last_slot = 32;
    return 0;
  }
};

TEST(SdkVtable, IMFAttributes_CAndCxxLayoutsAgree) {
  IMFAttributesImpl impl;
  IMFAttributes *iface = &impl;
  static_assert(sizeof(IMFAttributes) == sizeof(void *), "an interface is one vtable pointer");
  int slots[33];
  ASSERT_EQ(relic_sdk_c_call_IMFAttributes(iface, slots), 33);
  for (int k = 0; k < 33; ++k) EXPECT_EQ(slots[k], k) << "method " << k << " of IMFAttributes";
}

class IMFMediaEventImpl final : public IMFMediaEvent {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID, void **) override {
    relic_sdk_last_slot = 0;
    return 0;
  }
  ULONG STDMETHODCALLTYPE AddRef() override {
    relic_sdk_last_slot = 1;
    return 0;
  }
  ULONG STDMETHODCALLTYPE Release() override {
    relic_sdk_last_slot = 2;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetItem(REFGUID, PROPVARIANT *) override {
    relic_sdk_last_slot = 3;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetItemType(REFGUID, MF_ATTRIBUTE_TYPE *) override {
    relic_sdk_last_slot = 4;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE CompareItem(REFGUID, REFPROPVARIANT, BOOL *) override {
    relic_sdk_last_slot = 5;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE Compare(IMFAttributes *, MF_ATTRIBUTES_MATCH_TYPE, BOOL *) override {
    relic_sdk_last_slot = 6;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetUINT32(REFGUID, UINT32 *) override {
    relic_sdk_last_slot = 7;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetUINT64(REFGUID, UINT64 *) override {
    relic_sdk_last_slot = 8;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetDouble(REFGUID, double *) override {
    relic_sdk_last_slot = 9;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetGUID(REFGUID, GUID *) override {
    relic_sdk_last_slot = 10;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetStringLength(REFGUID, UINT32 *) override {
    relic_sdk_last_slot = 11;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetString(REFGUID, LPWSTR, UINT32, UINT32 *) override {
    relic_sdk_last_slot = 12;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetAllocatedString(REFGUID, LPWSTR *, UINT32 *) override {
    relic_sdk_last_slot = 13;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetBlobSize(REFGUID, UINT32 *) override {
    relic_sdk_last_slot = 14;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetBlob(REFGUID, UINT8 *, UINT32, UINT32 *) override {
    relic_sdk_last_slot = 15;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetAllocatedBlob(REFGUID, UINT8 **, UINT32 *) override {
    relic_sdk_last_slot = 16;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetUnknown(REFGUID, REFIID, LPVOID *) override {
    relic_sdk_last_slot = 17;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE SetItem(REFGUID, REFPROPVARIANT) override {
    relic_sdk_last_slot = 18;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE DeleteItem(REFGUID) override {
    relic_sdk_last_slot = 19;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE DeleteAllItems() override {
    relic_sdk_last_slot = 20;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE SetUINT32(REFGUID, UINT32) override {
    relic_sdk_last_slot = 21;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE SetUINT64(REFGUID, UINT64) override {
    relic_sdk_last_slot = 22;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE SetDouble(REFGUID, double) override {
    relic_sdk_last_slot = 23;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE SetGUID(REFGUID, REFGUID) override {
    relic_sdk_last_slot = 24;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE SetString(REFGUID, LPCWSTR) override {
    relic_sdk_last_slot = 25;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE SetBlob(REFGUID, const UINT8 *, UINT32) override {
    relic_sdk_last_slot = 26;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE SetUnknown(REFGUID, IUnknown *) override {
    relic_sdk_last_slot = 27;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE LockStore() override {
    relic_sdk_last_slot = 28;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE UnlockStore() override {
    relic_sdk_last_slot = 29;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetCount(UINT32 *) override {
    relic_sdk_last_slot = 30;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetItemByIndex(UINT32, GUID *, PROPVARIANT *) override {
    relic_sdk_last_slot = 31;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE CopyAllItems(IMFAttributes *) override {
    relic_sdk_last_slot = 32;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetType(MediaEventType *) override {
    relic_sdk_last_slot = 33;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetExtendedType(GUID *) override {
    relic_sdk_last_slot = 34;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetStatus(HRESULT *) override {
    relic_sdk_last_slot = 35;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetValue(PROPVARIANT *) override {
    relic_sdk_last_slot = 36;
    return 0;
  }
};

TEST(SdkVtable, IMFMediaEvent_CAndCxxLayoutsAgree) {
  IMFMediaEventImpl impl;
  IMFMediaEvent *iface = &impl;
  static_assert(sizeof(IMFMediaEvent) == sizeof(void *), "an interface is one vtable pointer");
  int slots[37];
  ASSERT_EQ(relic_sdk_c_call_IMFMediaEvent(iface, slots), 37);
  for (int k = 0; k < 37; ++k) EXPECT_EQ(slots[k], k) << "method " << k << " of IMFMediaEvent";
}

class IMFAsyncResultImpl final : public IMFAsyncResult {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID, void **) override {
    relic_sdk_last_slot = 0;
    return 0;
  }
  ULONG STDMETHODCALLTYPE AddRef() override {
    relic_sdk_last_slot = 1;
    return 0;
  }
  ULONG STDMETHODCALLTYPE Release() override {
    relic_sdk_last_slot = 2;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetState(IUnknown **) override {
    relic_sdk_last_slot = 3;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetStatus() override {
    relic_sdk_last_slot = 4;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE SetStatus(HRESULT) override {
    relic_sdk_last_slot = 5;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetObject(IUnknown **) override {
    relic_sdk_last_slot = 6;
    return 0;
  }
  IUnknown *STDMETHODCALLTYPE GetStateNoAddRef() override {
    relic_sdk_last_slot = 7;
    return nullptr;
  }
};

TEST(SdkVtable, IMFAsyncResult_CAndCxxLayoutsAgree) {
  IMFAsyncResultImpl impl;
  IMFAsyncResult *iface = &impl;
  static_assert(sizeof(IMFAsyncResult) == sizeof(void *), "an interface is one vtable pointer");
  int slots[8];
  ASSERT_EQ(relic_sdk_c_call_IMFAsyncResult(iface, slots), 8);
  for (int k = 0; k < 8; ++k) EXPECT_EQ(slots[k], k) << "method " << k << " of IMFAsyncResult";
}

class IMFAsyncCallbackImpl final : public IMFAsyncCallback {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID, void **) override {
    relic_sdk_last_slot = 0;
    return 0;
  }
  ULONG STDMETHODCALLTYPE AddRef() override {
    relic_sdk_last_slot = 1;
    return 0;
  }
  ULONG STDMETHODCALLTYPE Release() override {
    relic_sdk_last_slot = 2;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetParameters(DWORD *, DWORD *) override {
    relic_sdk_last_slot = 3;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE Invoke(IMFAsyncResult *) override {
    relic_sdk_last_slot = 4;
    return 0;
  }
};

TEST(SdkVtable, IMFAsyncCallback_CAndCxxLayoutsAgree) {
  IMFAsyncCallbackImpl impl;
  IMFAsyncCallback *iface = &impl;
  static_assert(sizeof(IMFAsyncCallback) == sizeof(void *), "an interface is one vtable pointer");
  int slots[5];
  ASSERT_EQ(relic_sdk_c_call_IMFAsyncCallback(iface, slots), 5);
  for (int k = 0; k < 5; ++k) EXPECT_EQ(slots[k], k) << "method " << k << " of IMFAsyncCallback";
}

class IMFMediaEventGeneratorImpl final : public IMFMediaEventGenerator {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID, void **) override {
    relic_sdk_last_slot = 0;
    return 0;
  }
  ULONG STDMETHODCALLTYPE AddRef() override {
    relic_sdk_last_slot = 1;
    return 0;
  }
  ULONG STDMETHODCALLTYPE Release() override {
    relic_sdk_last_slot = 2;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetEvent(DWORD, IMFMediaEvent **) override {
    relic_sdk_last_slot = 3;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE BeginGetEvent(IMFAsyncCallback *, IUnknown *) override {
    relic_sdk_last_slot = 4;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE EndGetEvent(IMFAsyncResult *, IMFMediaEvent **) override {
    relic_sdk_last_slot = 5;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE QueueEvent(MediaEventType, REFGUID, HRESULT, const PROPVARIANT *) override {
    relic_sdk_last_slot = 6;
    return 0;
  }
};

TEST(SdkVtable, IMFMediaEventGenerator_CAndCxxLayoutsAgree) {
  IMFMediaEventGeneratorImpl impl;
  IMFMediaEventGenerator *iface = &impl;
  static_assert(sizeof(IMFMediaEventGenerator) == sizeof(void *), "an interface is one vtable pointer");
  int slots[7];
  ASSERT_EQ(relic_sdk_c_call_IMFMediaEventGenerator(iface, slots), 7);
  for (int k = 0; k < 7; ++k) EXPECT_EQ(slots[k], k) << "method " << k << " of IMFMediaEventGenerator";
}

class IWMStatusCallbackImpl final : public IWMStatusCallback {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID, void **) override {
    relic_sdk_last_slot = 0;
    return 0;
  }
  ULONG STDMETHODCALLTYPE AddRef() override {
    relic_sdk_last_slot = 1;
    return 0;
  }
  ULONG STDMETHODCALLTYPE Release() override {
    relic_sdk_last_slot = 2;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE OnStatus(WMT_STATUS, HRESULT, WMT_ATTR_DATATYPE, BYTE *, void *) override {
    relic_sdk_last_slot = 3;
    return 0;
  }
};

TEST(SdkVtable, IWMStatusCallback_CAndCxxLayoutsAgree) {
  IWMStatusCallbackImpl impl;
  IWMStatusCallback *iface = &impl;
  static_assert(sizeof(IWMStatusCallback) == sizeof(void *), "an interface is one vtable pointer");
  int slots[4];
  ASSERT_EQ(relic_sdk_c_call_IWMStatusCallback(iface, slots), 4);
  for (int k = 0; k < 4; ++k) EXPECT_EQ(slots[k], k) << "method " << k << " of IWMStatusCallback";
}

class IWMLicenseBackupImpl final : public IWMLicenseBackup {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID, void **) override {
    relic_sdk_last_slot = 0;
    return 0;
  }
  ULONG STDMETHODCALLTYPE AddRef() override {
    relic_sdk_last_slot = 1;
    return 0;
  }
  ULONG STDMETHODCALLTYPE Release() override {
    relic_sdk_last_slot = 2;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE BackupLicenses(DWORD, IWMStatusCallback *) override {
    relic_sdk_last_slot = 3;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE CancelLicenseBackup() override {
    relic_sdk_last_slot = 4;
    return 0;
  }
};

TEST(SdkVtable, IWMLicenseBackup_CAndCxxLayoutsAgree) {
  IWMLicenseBackupImpl impl;
  IWMLicenseBackup *iface = &impl;
  static_assert(sizeof(IWMLicenseBackup) == sizeof(void *), "an interface is one vtable pointer");
  int slots[5];
  ASSERT_EQ(relic_sdk_c_call_IWMLicenseBackup(iface, slots), 5);
  for (int k = 0; k < 5; ++k) EXPECT_EQ(slots[k], k) << "method " << k << " of IWMLicenseBackup";
}

class IWMLicenseRestoreImpl final : public IWMLicenseRestore {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID, void **) override {
    relic_sdk_last_slot = 0;
    return 0;
  }
  ULONG STDMETHODCALLTYPE AddRef() override {
    relic_sdk_last_slot = 1;
    return 0;
  }
  ULONG STDMETHODCALLTYPE Release() override {
    relic_sdk_last_slot = 2;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE RestoreLicenses(DWORD, IWMStatusCallback *) override {
    relic_sdk_last_slot = 3;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE CancelLicenseRestore() override {
    relic_sdk_last_slot = 4;
    return 0;
  }
};

TEST(SdkVtable, IWMLicenseRestore_CAndCxxLayoutsAgree) {
  IWMLicenseRestoreImpl impl;
  IWMLicenseRestore *iface = &impl;
  static_assert(sizeof(IWMLicenseRestore) == sizeof(void *), "an interface is one vtable pointer");
  int slots[5];
  ASSERT_EQ(relic_sdk_c_call_IWMLicenseRestore(iface, slots), 5);
  for (int k = 0; k < 5; ++k) EXPECT_EQ(slots[k], k) << "method " << k << " of IWMLicenseRestore";
}

class IWMBackupRestorePropsImpl final : public IWMBackupRestoreProps {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID, void **) override {
    relic_sdk_last_slot = 0;
    return 0;
  }
  ULONG STDMETHODCALLTYPE AddRef() override {
    relic_sdk_last_slot = 1;
    return 0;
  }
  ULONG STDMETHODCALLTYPE Release() override {
    relic_sdk_last_slot = 2;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetPropCount(WORD *) override {
    relic_sdk_last_slot = 3;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetPropByIndex(WORD, WCHAR *, WORD *, WMT_ATTR_DATATYPE *, BYTE *, WORD *) override {
    relic_sdk_last_slot = 4;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetPropByName(LPCWSTR, WMT_ATTR_DATATYPE *, BYTE *, WORD *) override {
    relic_sdk_last_slot = 5;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE SetProp(LPCWSTR, WMT_ATTR_DATATYPE, const BYTE *, WORD) override {
    relic_sdk_last_slot = 6;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE RemoveProp(LPCWSTR) override {
    relic_sdk_last_slot = 7;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE RemoveAllProps() override {
    relic_sdk_last_slot = 8;
    return 0;
  }
};

TEST(SdkVtable, IWMBackupRestoreProps_CAndCxxLayoutsAgree) {
  IWMBackupRestorePropsImpl impl;
  IWMBackupRestoreProps *iface = &impl;
  static_assert(sizeof(IWMBackupRestoreProps) == sizeof(void *), "an interface is one vtable pointer");
  int slots[9];
  ASSERT_EQ(relic_sdk_c_call_IWMBackupRestoreProps(iface, slots), 9);
  for (int k = 0; k < 9; ++k) EXPECT_EQ(slots[k], k) << "method " << k << " of IWMBackupRestoreProps";
}

class IWMDRMProviderImpl final : public IWMDRMProvider {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID, void **) override {
    relic_sdk_last_slot = 0;
    return 0;
  }
  ULONG STDMETHODCALLTYPE AddRef() override {
    relic_sdk_last_slot = 1;
    return 0;
  }
  ULONG STDMETHODCALLTYPE Release() override {
    relic_sdk_last_slot = 2;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE CreateObject(REFIID, void **) override {
    relic_sdk_last_slot = 3;
    return 0;
  }
};

TEST(SdkVtable, IWMDRMProvider_CAndCxxLayoutsAgree) {
  IWMDRMProviderImpl impl;
  IWMDRMProvider *iface = &impl;
  static_assert(sizeof(IWMDRMProvider) == sizeof(void *), "an interface is one vtable pointer");
  int slots[4];
  ASSERT_EQ(relic_sdk_c_call_IWMDRMProvider(iface, slots), 4);
  for (int k = 0; k < 4; ++k) EXPECT_EQ(slots[k], k) << "method " << k << " of IWMDRMProvider";
}

class IWMDRMEventGeneratorImpl final : public IWMDRMEventGenerator {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID, void **) override {
    relic_sdk_last_slot = 0;
    return 0;
  }
  ULONG STDMETHODCALLTYPE AddRef() override {
    relic_sdk_last_slot = 1;
    return 0;
  }
  ULONG STDMETHODCALLTYPE Release() override {
    relic_sdk_last_slot = 2;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetEvent(DWORD, IMFMediaEvent **) override {
    relic_sdk_last_slot = 3;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE BeginGetEvent(IMFAsyncCallback *, IUnknown *) override {
    relic_sdk_last_slot = 4;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE EndGetEvent(IMFAsyncResult *, IMFMediaEvent **) override {
    relic_sdk_last_slot = 5;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE QueueEvent(MediaEventType, REFGUID, HRESULT, const PROPVARIANT *) override {
    relic_sdk_last_slot = 6;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE CancelAsyncOperation(IUnknown *) override {
    relic_sdk_last_slot = 7;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE Shutdown() override {
    relic_sdk_last_slot = 8;
    return 0;
  }
};

TEST(SdkVtable, IWMDRMEventGenerator_CAndCxxLayoutsAgree) {
  IWMDRMEventGeneratorImpl impl;
  IWMDRMEventGenerator *iface = &impl;
  static_assert(sizeof(IWMDRMEventGenerator) == sizeof(void *), "an interface is one vtable pointer");
  int slots[9];
  ASSERT_EQ(relic_sdk_c_call_IWMDRMEventGenerator(iface, slots), 9);
  for (int k = 0; k < 9; ++k) EXPECT_EQ(slots[k], k) << "method " << k << " of IWMDRMEventGenerator";
}

class IWMDRMLicenseManagementImpl final : public IWMDRMLicenseManagement {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID, void **) override {
    relic_sdk_last_slot = 0;
    return 0;
  }
  ULONG STDMETHODCALLTYPE AddRef() override {
    relic_sdk_last_slot = 1;
    return 0;
  }
  ULONG STDMETHODCALLTYPE Release() override {
    relic_sdk_last_slot = 2;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetEvent(DWORD, IMFMediaEvent **) override {
    relic_sdk_last_slot = 3;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE BeginGetEvent(IMFAsyncCallback *, IUnknown *) override {
    relic_sdk_last_slot = 4;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE EndGetEvent(IMFAsyncResult *, IMFMediaEvent **) override {
    relic_sdk_last_slot = 5;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE QueueEvent(MediaEventType, REFGUID, HRESULT, const PROPVARIANT *) override {
    relic_sdk_last_slot = 6;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE CancelAsyncOperation(IUnknown *) override {
    relic_sdk_last_slot = 7;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE Shutdown() override {
    relic_sdk_last_slot = 8;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE CreateLicenseEnumeration(WMDRM_LICENSE_FILTER *, IWMDRMLicense **) override {
    relic_sdk_last_slot = 9;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE DeleteLicense(BSTR, DWORD) override {
    relic_sdk_last_slot = 10;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE CleanLicenseStore(DWORD, IUnknown **) override {
    relic_sdk_last_slot = 11;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE StoreLicense(BSTR) override {
    relic_sdk_last_slot = 12;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE AcquireLicense(BSTR, BSTR, BSTR, DWORD, IUnknown **) override {
    relic_sdk_last_slot = 13;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE MonitorLicenseAcquisition(BSTR, BSTR, BSTR, IUnknown **) override {
    relic_sdk_last_slot = 14;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE BackupLicenses(BSTR, DWORD, IUnknown **) override {
    relic_sdk_last_slot = 15;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE RestoreLicenses(BSTR, DWORD, IUnknown **) override {
    relic_sdk_last_slot = 16;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE CreateLicenseRevocationChallenge(BYTE *, DWORD, BYTE *, DWORD, BYTE **, DWORD *) override {
    relic_sdk_last_slot = 17;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE ProcessLicenseRevocationResponse(BYTE *, DWORD, BYTE **, DWORD *) override {
    relic_sdk_last_slot = 18;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE ProcessLicenseDeletionMessage(BSTR) override {
    relic_sdk_last_slot = 19;
    return 0;
  }
};

TEST(SdkVtable, IWMDRMLicenseManagement_CAndCxxLayoutsAgree) {
  IWMDRMLicenseManagementImpl impl;
  IWMDRMLicenseManagement *iface = &impl;
  static_assert(sizeof(IWMDRMLicenseManagement) == sizeof(void *), "an interface is one vtable pointer");
  int slots[20];
  ASSERT_EQ(relic_sdk_c_call_IWMDRMLicenseManagement(iface, slots), 20);
  for (int k = 0; k < 20; ++k) EXPECT_EQ(slots[k], k) << "method " << k << " of IWMDRMLicenseManagement";
}

class IWMDRMLicenseBackupRestoreStatusImpl final : public IWMDRMLicenseBackupRestoreStatus {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID, void **) override {
    relic_sdk_last_slot = 0;
    return 0;
  }
  ULONG STDMETHODCALLTYPE AddRef() override {
    relic_sdk_last_slot = 1;
    return 0;
  }
  ULONG STDMETHODCALLTYPE Release() override {
    relic_sdk_last_slot = 2;
    return 0;
  }
  HRESULT STDMETHODCALLTYPE GetStatus(WM_BACKUP_RESTORE_STATUS *) override {
    relic_sdk_last_slot = 3;
    return 0;
  }
};

TEST(SdkVtable, IWMDRMLicenseBackupRestoreStatus_CAndCxxLayoutsAgree) {
  IWMDRMLicenseBackupRestoreStatusImpl impl;
  IWMDRMLicenseBackupRestoreStatus *iface = &impl;
  static_assert(sizeof(IWMDRMLicenseBackupRestoreStatus) == sizeof(void *), "an interface is one vtable pointer");
  int slots[4];
  ASSERT_EQ(relic_sdk_c_call_IWMDRMLicenseBackupRestoreStatus(iface, slots), 4);
  for (int k = 0; k < 4; ++k) EXPECT_EQ(slots[k], k) << "method " << k << " of IWMDRMLicenseBackupRestoreStatus";
}

}  // namespace
