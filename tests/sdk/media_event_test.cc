// SPDX-License-Identifier: Apache-2.0
// IMFMediaEvent's IMFAttributes store, with Media Foundation's documented
// results: every attribute method works on the event's own attributes.
#include <gtest/gtest.h>
#include <wmdrmsdk.h>

#include <cstring>
#include <thread>

#include "sdk/media_event.h"

namespace {

constexpr GUID kKeyA = {0x11111111, 0x2222, 0x3333, {1, 2, 3, 4, 5, 6, 7, 8}};
constexpr GUID kKeyB = {0x11111111, 0x2222, 0x3333, {1, 2, 3, 4, 5, 6, 7, 9}};
constexpr GUID kKeyC = {0x11111111, 0x2222, 0x3333, {1, 2, 3, 4, 5, 6, 7, 10}};
constexpr GUID kNoGuid = {0, 0, 0, {0, 0, 0, 0, 0, 0, 0, 0}};
constexpr HRESULT kInsufficientBuffer = static_cast<HRESULT>(0x8007007A);

class MediaEventTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(
        relic::sdk::NewMediaEvent(MEWMDRMLicenseBackupProgress, kNoGuid, S_OK, nullptr, &event_),
        S_OK);
    ASSERT_EQ(
        relic::sdk::NewMediaEvent(MEWMDRMLicenseBackupProgress, kNoGuid, S_OK, nullptr, &other_),
        S_OK);
  }
  void TearDown() override {
    EXPECT_EQ(event_->Release(), 0u);
    EXPECT_EQ(other_->Release(), 0u);
  }
  IMFMediaEvent* event_ = nullptr;
  IMFMediaEvent* other_ = nullptr;
};

class Unknown final : public IUnknown {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** object) override {
    if (riid == IID_IUnknown) {
      *object = this;
      AddRef();
      return S_OK;
    }
    *object = nullptr;
    return E_NOINTERFACE;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return ++refs; }
  ULONG STDMETHODCALLTYPE Release() override { return --refs; }
  std::atomic<ULONG> refs{1};
};

TEST_F(MediaEventTest, EachTypedSetterAndGetterRoundTrips) {
  ASSERT_EQ(event_->SetUINT32(kKeyA, 7), S_OK);
  UINT32 u32 = 0;
  EXPECT_EQ(event_->GetUINT32(kKeyA, &u32), S_OK);
  EXPECT_EQ(u32, 7u);
  UINT64 u64 = 0;
  EXPECT_EQ(event_->GetUINT64(kKeyA, &u64), MF_E_INVALIDTYPE);
  EXPECT_EQ(event_->GetUINT32(kKeyB, &u32), MF_E_ATTRIBUTENOTFOUND);
  ASSERT_EQ(event_->SetUINT64(kKeyA, 1ull << 40), S_OK);  // replaces
  EXPECT_EQ(event_->GetUINT64(kKeyA, &u64), S_OK);
  EXPECT_EQ(u64, 1ull << 40);
  ASSERT_EQ(event_->SetDouble(kKeyA, 2.5), S_OK);
  double d = 0;
  EXPECT_EQ(event_->GetDouble(kKeyA, &d), S_OK);
  EXPECT_EQ(d, 2.5);
  ASSERT_EQ(event_->SetGUID(kKeyA, kKeyC), S_OK);
  GUID g;
  EXPECT_EQ(event_->GetGUID(kKeyA, &g), S_OK);
  EXPECT_EQ(g, kKeyC);
  MF_ATTRIBUTE_TYPE type;
  EXPECT_EQ(event_->GetItemType(kKeyA, &type), S_OK);
  EXPECT_EQ(type, MF_ATTRIBUTE_GUID);

  ASSERT_EQ(event_->SetString(kKeyB, u"relic"), S_OK);
  UINT32 length = 0;
  EXPECT_EQ(event_->GetStringLength(kKeyB, &length), S_OK);
  EXPECT_EQ(length, 5u);
  WCHAR small[5];
  EXPECT_EQ(event_->GetString(kKeyB, small, 5, &length), kInsufficientBuffer);
  WCHAR big[6];
  EXPECT_EQ(event_->GetString(kKeyB, big, 6, &length), S_OK);
  EXPECT_EQ(std::u16string(big), u"relic");
  LPWSTR allocated = nullptr;
  EXPECT_EQ(event_->GetAllocatedString(kKeyB, &allocated, &length), S_OK);
  EXPECT_EQ(std::u16string(allocated), u"relic");
  CoTaskMemFree(allocated);

  const UINT8 blob[] = {9, 8, 7};
  ASSERT_EQ(event_->SetBlob(kKeyC, blob, 3), S_OK);
  UINT32 size = 0;
  EXPECT_EQ(event_->GetBlobSize(kKeyC, &size), S_OK);
  EXPECT_EQ(size, 3u);
  UINT8 two[2];
  EXPECT_EQ(event_->GetBlob(kKeyC, two, 2, &size), kInsufficientBuffer);
  UINT8 three[3];
  EXPECT_EQ(event_->GetBlob(kKeyC, three, 3, &size), S_OK);
  EXPECT_EQ(std::memcmp(three, blob, 3), 0);
  UINT8* copy = nullptr;
  EXPECT_EQ(event_->GetAllocatedBlob(kKeyC, &copy, &size), S_OK);
  EXPECT_EQ(std::memcmp(copy, blob, 3), 0);
  CoTaskMemFree(copy);
  PROPVARIANT item;
  PropVariantInit(&item);
  EXPECT_EQ(event_->GetItem(kKeyC, &item), S_OK);
  EXPECT_EQ(item.vt, VT_VECTOR | VT_UI1);
  EXPECT_EQ(PropVariantClear(&item), S_OK);

  UINT32 count = 0;
  EXPECT_EQ(event_->GetCount(&count), S_OK);
  EXPECT_EQ(count, 3u);
  GUID key;
  EXPECT_EQ(event_->GetItemByIndex(1, &key, nullptr), S_OK);
  EXPECT_EQ(key, kKeyB);
  EXPECT_EQ(event_->GetItemByIndex(3, &key, nullptr), E_INVALIDARG);
  EXPECT_EQ(event_->DeleteItem(kKeyB), S_OK);
  EXPECT_EQ(event_->GetItem(kKeyB, nullptr), MF_E_ATTRIBUTENOTFOUND);
  EXPECT_EQ(event_->DeleteAllItems(), S_OK);
  EXPECT_EQ(event_->GetCount(&count), S_OK);
  EXPECT_EQ(count, 0u);
}

TEST_F(MediaEventTest, UnknownsAreHeldAndQueried) {
  Unknown unknown;
  ASSERT_EQ(event_->SetUnknown(kKeyA, &unknown), S_OK);
  EXPECT_EQ(unknown.refs.load(), 2u);
  IUnknown* got = nullptr;
  EXPECT_EQ(event_->GetUnknown(kKeyA, IID_IUnknown, reinterpret_cast<void**>(&got)), S_OK);
  EXPECT_EQ(got, &unknown);
  got->Release();
  void* none = nullptr;
  EXPECT_EQ(event_->GetUnknown(kKeyA, IID_IMFAttributes, &none), E_NOINTERFACE);
  EXPECT_EQ(event_->DeleteItem(kKeyA), S_OK);
  EXPECT_EQ(unknown.refs.load(), 1u);
}

TEST_F(MediaEventTest, SetItemTakesOnlyAttributeTypes) {
  PROPVARIANT v;
  PropVariantInit(&v);
  v.vt = VT_I4;
  v.lVal = -1;
  EXPECT_EQ(event_->SetItem(kKeyA, v), MF_E_INVALIDTYPE);
  v.vt = VT_LPWSTR;
  v.pwszVal = nullptr;
  EXPECT_EQ(event_->SetItem(kKeyA, v), E_INVALIDARG);
  v.vt = VT_UI4;
  v.ulVal = 3;
  EXPECT_EQ(event_->SetItem(kKeyA, v), S_OK);
  BOOL equal = FALSE;
  EXPECT_EQ(event_->CompareItem(kKeyA, v, &equal), S_OK);
  EXPECT_TRUE(equal);
  v.ulVal = 4;
  EXPECT_EQ(event_->CompareItem(kKeyA, v, &equal), S_OK);
  EXPECT_FALSE(equal);
  EXPECT_EQ(event_->CompareItem(kKeyB, v, &equal), S_OK);
  EXPECT_FALSE(equal);
}

TEST_F(MediaEventTest, CompareAndCopyAllItems) {
  ASSERT_EQ(event_->SetUINT32(kKeyA, 1), S_OK);
  ASSERT_EQ(event_->SetString(kKeyB, u"x"), S_OK);
  ASSERT_EQ(other_->SetUINT32(kKeyA, 1), S_OK);
  BOOL result = TRUE;
  EXPECT_EQ(event_->Compare(other_, MF_ATTRIBUTES_MATCH_OUR_ITEMS, &result), S_OK);
  EXPECT_FALSE(result);
  EXPECT_EQ(event_->Compare(other_, MF_ATTRIBUTES_MATCH_THEIR_ITEMS, &result), S_OK);
  EXPECT_TRUE(result);
  EXPECT_EQ(event_->Compare(other_, MF_ATTRIBUTES_MATCH_ALL_ITEMS, &result), S_OK);
  EXPECT_FALSE(result);
  EXPECT_EQ(event_->Compare(other_, MF_ATTRIBUTES_MATCH_INTERSECTION, &result), S_OK);
  EXPECT_TRUE(result);
  EXPECT_EQ(event_->Compare(other_, MF_ATTRIBUTES_MATCH_SMALLER, &result), S_OK);
  EXPECT_TRUE(result);
  ASSERT_EQ(other_->SetUINT32(kKeyA, 2), S_OK);
  EXPECT_EQ(event_->Compare(other_, MF_ATTRIBUTES_MATCH_INTERSECTION, &result), S_OK);
  EXPECT_FALSE(result);
  ASSERT_EQ(event_->CopyAllItems(other_), S_OK);
  EXPECT_EQ(event_->Compare(other_, MF_ATTRIBUTES_MATCH_ALL_ITEMS, &result), S_OK);
  EXPECT_TRUE(result);
  EXPECT_EQ(event_->Compare(nullptr, MF_ATTRIBUTES_MATCH_ALL_ITEMS, &result), E_POINTER);
}

TEST_F(MediaEventTest, LockStoreHoldsOtherThreadsOff) {
  EXPECT_EQ(event_->UnlockStore(), E_UNEXPECTED);
  ASSERT_EQ(event_->LockStore(), S_OK);
  ASSERT_EQ(event_->LockStore(), S_OK);  // recursive
  std::atomic<bool> set{false};
  std::thread writer([&] {
    EXPECT_EQ(event_->SetUINT32(kKeyA, 5), S_OK);
    set = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(set.load());
  EXPECT_EQ(event_->GetItem(kKeyA, nullptr), MF_E_ATTRIBUTENOTFOUND);
  EXPECT_EQ(event_->UnlockStore(), S_OK);
  EXPECT_EQ(event_->UnlockStore(), S_OK);
  writer.join();
  EXPECT_TRUE(set.load());
}

TEST_F(MediaEventTest, TheEventsOwnFieldsAndQueryInterface) {
  IMFMediaEvent* event = nullptr;
  PROPVARIANT value;
  PropVariantInit(&value);
  value.vt = VT_LPWSTR;
  value.pwszVal = const_cast<LPWSTR>(u"url");
  ASSERT_EQ(
      relic::sdk::NewMediaEvent(MEWMDRMLicenseRestoreCompleted, kKeyA, E_ABORT, &value, &event),
      S_OK);
  PROPVARIANT got;
  PropVariantInit(&got);
  ASSERT_EQ(event->GetValue(&got), S_OK);
  EXPECT_EQ(got.vt, VT_LPWSTR);
  EXPECT_NE(got.pwszVal, value.pwszVal);  // a copy the caller frees
  EXPECT_EQ(std::u16string(got.pwszVal), u"url");
  EXPECT_EQ(PropVariantClear(&got), S_OK);
  IMFAttributes* attributes = nullptr;
  ASSERT_EQ(event->QueryInterface(IID_IMFAttributes, reinterpret_cast<void**>(&attributes)), S_OK);
  EXPECT_EQ(static_cast<void*>(attributes), static_cast<void*>(event));
  attributes->Release();
  void* none = nullptr;
  EXPECT_EQ(event->QueryInterface(IID_IMFMediaEventGenerator, &none), E_NOINTERFACE);
  EXPECT_EQ(event->Release(), 0u);
}

}  // namespace
