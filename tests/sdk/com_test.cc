// SPDX-License-Identifier: Apache-2.0
// BSTR, PROPVARIANT, CoTaskMem and CoInitializeEx behaviour of the SDK
// helpers (src/sdk/com.cc), as Windows documents it.
#include <gtest/gtest.h>
#include <wmsdk.h>

#include <cstdint>
#include <cstring>
#include <thread>

namespace {

std::uint32_t Prefix(BSTR s) {
  std::uint32_t bytes;
  std::memcpy(&bytes, reinterpret_cast<const unsigned char*>(s) - sizeof bytes, sizeof bytes);
  return bytes;
}

TEST(SdkBstr, CarriesItsByteLengthBeforeTheCharacters) {
  BSTR s = SysAllocString(u"BackupPath");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(Prefix(s), 20u);
  EXPECT_EQ(SysStringLen(s), 10u);
  EXPECT_EQ(SysStringByteLen(s), 20u);
  EXPECT_EQ(s[10], 0);
  EXPECT_EQ(std::memcmp(s, u"BackupPath", 22), 0);
  SysFreeString(s);
}

TEST(SdkBstr, AllocStringLenKeepsEmbeddedNulsAndTerminates) {
  const WCHAR text[] = {u'a', 0, u'b', u'c'};
  BSTR s = SysAllocStringLen(text, 3);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(SysStringLen(s), 3u);
  EXPECT_EQ(Prefix(s), 6u);
  EXPECT_EQ(s[0], u'a');
  EXPECT_EQ(s[1], 0);
  EXPECT_EQ(s[2], u'b');
  EXPECT_EQ(s[3], 0);
  SysFreeString(s);

  BSTR blank = SysAllocStringLen(nullptr, 4);
  ASSERT_NE(blank, nullptr);
  EXPECT_EQ(SysStringLen(blank), 4u);
  EXPECT_EQ(blank[4], 0);
  SysFreeString(blank);
}

TEST(SdkBstr, NullAndEmpty) {
  EXPECT_EQ(SysAllocString(nullptr), nullptr);
  EXPECT_EQ(SysStringLen(nullptr), 0u);
  EXPECT_EQ(SysStringByteLen(nullptr), 0u);
  SysFreeString(nullptr);
  BSTR empty = SysAllocString(u"");
  ASSERT_NE(empty, nullptr);
  EXPECT_EQ(SysStringLen(empty), 0u);
  EXPECT_EQ(empty[0], 0);
  SysFreeString(empty);
}

TEST(SdkCoTaskMem, AllocatesAndFrees) {
  auto* p = static_cast<unsigned char*>(CoTaskMemAlloc(64));
  ASSERT_NE(p, nullptr);
  std::memset(p, 0xAB, 64);
  CoTaskMemFree(p);
  CoTaskMemFree(nullptr);
}

class CountingUnknown final : public IUnknown {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** out) override {
    if (out == nullptr) return E_POINTER;
    if (IsEqualGUID(riid, IID_IUnknown)) {
      *out = this;
      AddRef();
      return S_OK;
    }
    *out = nullptr;
    return E_NOINTERFACE;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return ++refs; }
  ULONG STDMETHODCALLTYPE Release() override { return --refs; }
  ULONG refs = 1;
};

TEST(SdkPropVariant, LayoutIsWindows64) {
  EXPECT_EQ(sizeof(PROPVARIANT), 24u);
  EXPECT_EQ(offsetof(PROPVARIANT, vt), 0u);
  EXPECT_EQ(offsetof(PROPVARIANT, wReserved1), 2u);
  EXPECT_EQ(offsetof(PROPVARIANT, wReserved2), 4u);
  EXPECT_EQ(offsetof(PROPVARIANT, wReserved3), 6u);
  EXPECT_EQ(offsetof(PROPVARIANT, punkVal), 8u);
  EXPECT_EQ(offsetof(PROPVARIANT, pwszVal), 8u);
  EXPECT_EQ(offsetof(PROPVARIANT, ulVal), 8u);
}

TEST(SdkPropVariant, ClearReleasesUnknown) {
  CountingUnknown unk;
  unk.AddRef();  // the reference the PROPVARIANT owns
  PROPVARIANT pv;
  PropVariantInit(&pv);
  EXPECT_EQ(pv.vt, VT_EMPTY);
  pv.vt = VT_UNKNOWN;
  pv.punkVal = &unk;
  EXPECT_EQ(PropVariantClear(&pv), S_OK);
  EXPECT_EQ(unk.refs, 1u);
  EXPECT_EQ(pv.vt, VT_EMPTY);
  EXPECT_EQ(pv.punkVal, nullptr);
}

TEST(SdkPropVariant, ClearFreesStrings) {
  // Leaks here would show under ASan (the sdk tests run in the sanitizer builds).
  PROPVARIANT pv;
  PropVariantInit(&pv);
  pv.vt = VT_LPWSTR;
  pv.pwszVal = static_cast<LPWSTR>(CoTaskMemAlloc(4 * sizeof(WCHAR)));
  std::memcpy(pv.pwszVal, u"abc", 4 * sizeof(WCHAR));
  EXPECT_EQ(PropVariantClear(&pv), S_OK);
  EXPECT_EQ(pv.vt, VT_EMPTY);
  EXPECT_EQ(pv.pwszVal, nullptr);

  pv.vt = VT_BSTR;
  pv.bstrVal = SysAllocString(u"xyz");
  EXPECT_EQ(PropVariantClear(&pv), S_OK);
  EXPECT_EQ(pv.vt, VT_EMPTY);

  pv.vt = VT_UI4;
  pv.ulVal = 7;
  EXPECT_EQ(PropVariantClear(&pv), S_OK);
  EXPECT_EQ(pv.vt, VT_EMPTY);
  EXPECT_EQ(pv.ulVal, 0u);

  pv.vt = VT_UNKNOWN;
  pv.punkVal = nullptr;
  EXPECT_EQ(PropVariantClear(&pv), S_OK);
  EXPECT_EQ(PropVariantClear(nullptr), S_OK);
}

TEST(SdkPropVariant, UnknownTypeIsRefused) {
  PROPVARIANT pv;
  PropVariantInit(&pv);
  pv.vt = 0x7FF;
  EXPECT_EQ(PropVariantClear(&pv), DISP_E_BADVARTYPE);
}

TEST(SdkCoInitialize, CountsPerThreadAndChecksTheModel) {
  std::thread([] {
    EXPECT_EQ(CoInitializeEx(nullptr, COINIT_MULTITHREADED), S_OK);
    EXPECT_EQ(CoInitializeEx(nullptr, COINIT_MULTITHREADED), S_FALSE);
    EXPECT_EQ(CoInitialize(nullptr), RPC_E_CHANGED_MODE);
    CoUninitialize();
    CoUninitialize();
    EXPECT_EQ(CoInitialize(nullptr), S_OK);
    CoUninitialize();
  }).join();
}

TEST(SdkHresult, Macros) {
  EXPECT_TRUE(SUCCEEDED(S_OK));
  EXPECT_TRUE(SUCCEEDED(S_FALSE));
  EXPECT_TRUE(FAILED(E_FAIL));
  EXPECT_TRUE(FAILED(NS_E_DRM_BACKUP_EXISTS));
  EXPECT_FALSE(FAILED(NS_S_DRM_INDIVIDUALIZED));
}

}  // namespace
