// SPDX-License-Identifier: Apache-2.0
// The Windows Media DRM Client Extended API as relic implements it:
// WMDRMStartup/WMDRMCreateProvider, IWMDRMLicenseManagement's backup and
// restore with their Media Foundation events, and the IWMDRMEventGenerator
// queue (docs/sdk.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "nserror.h"
#include "sdk/allocation.h"
#include "sdk_fixture.h"

namespace relic::testing {
namespace {

constexpr GUID kNoGuid = {0, 0, 0, {0, 0, 0, 0, 0, 0, 0, 0}};

// What one event said: its type, status, and for progress events the
// MSDRM_STATUS and text of its IWMDRMLicenseBackupRestoreStatus.
struct DrmEvent {
  MediaEventType type;
  HRESULT hr;
  int status = -1;  // MSDRM_STATUS, or -1 for a Completed event (VT_EMPTY)
  std::string text;
  bool operator==(const DrmEvent&) const = default;
};

std::ostream& operator<<(std::ostream& out, const DrmEvent& e) {
  return out << "{" << e.type << ", 0x" << std::hex << static_cast<uint32_t>(e.hr) << std::dec
             << ", " << e.status << ", '" << e.text << "'}";
}

DrmEvent Decode(IMFMediaEvent* event) {
  DrmEvent out{0, E_FAIL};
  EXPECT_EQ(event->GetType(&out.type), S_OK);
  EXPECT_EQ(event->GetStatus(&out.hr), S_OK);
  GUID extended;
  EXPECT_EQ(event->GetExtendedType(&extended), S_OK);
  EXPECT_EQ(extended, kNoGuid);
  PROPVARIANT pv;
  PropVariantInit(&pv);
  EXPECT_EQ(event->GetValue(&pv), S_OK);
  if (pv.vt == VT_UNKNOWN) {
    IWMDRMLicenseBackupRestoreStatus* status = nullptr;
    EXPECT_EQ(pv.punkVal->QueryInterface(IID_IWMDRMLicenseBackupRestoreStatus,
                                         reinterpret_cast<void**>(&status)),
              S_OK);
    WM_BACKUP_RESTORE_STATUS s;
    EXPECT_EQ(status->GetStatus(&s), S_OK);
    out.status = s.eStatus;
    if (s.bstrError != nullptr) {
      out.text = sdk::Utf8FromUtf16(std::u16string_view(s.bstrError, SysStringLen(s.bstrError)))
                     .value_or("?");
      SysFreeString(s.bstrError);
    }
    status->Release();
  } else {
    EXPECT_EQ(pv.vt, VT_EMPTY);
  }
  EXPECT_EQ(PropVariantClear(&pv), S_OK);
  return out;
}

DrmEvent Progress(MediaEventType type, MSDRM_STATUS status, HRESULT hr = S_OK,
                  const std::string& text = {}) {
  return DrmEvent{type, hr, status, text};
}
DrmEvent Completed(MediaEventType type, HRESULT hr) { return DrmEvent{type, hr, -1, {}}; }

// Microsoft's example loop: poll with MF_EVENT_FLAG_NO_WAIT, sleep when
// nothing is there, until the Completed event.
std::vector<DrmEvent> PollUntil(IWMDRMLicenseManagement* manager, MediaEventType completed) {
  std::vector<DrmEvent> events;
  for (int i = 0; i < 60000; ++i) {
    IMFMediaEvent* event = nullptr;
    HRESULT hr = manager->GetEvent(MF_EVENT_FLAG_NO_WAIT, &event);
    if (FAILED(hr)) {
      EXPECT_EQ(hr, MF_E_NO_EVENTS_AVAILABLE);
      EXPECT_EQ(event, nullptr);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    events.push_back(Decode(event));
    event->Release();
    if (events.back().type == completed) break;
  }
  // Exactly one Completed event: nothing follows it.
  IMFMediaEvent* extra = nullptr;
  EXPECT_EQ(manager->GetEvent(MF_EVENT_FLAG_NO_WAIT, &extra), MF_E_NO_EVENTS_AVAILABLE);
  return events;
}

BSTR Bstr(const std::string& text) {
  std::u16string wide = Wide(text);
  return SysAllocStringLen(wide.c_str(), static_cast<UINT>(wide.size()));
}

class LicenseManagementTest : public SdkFixture {
 protected:
  IWMDRMLicenseManagement* Manager(const std::string& name) {
    IWMDRMProvider* provider = nullptr;
    EXPECT_EQ(sdk::CreateDrmProvider(world_.Home(name), OptionsFor(name), &provider), S_OK);
    IWMDRMLicenseManagement* manager = nullptr;
    EXPECT_EQ(
        provider->CreateObject(IID_IWMDRMLicenseManagement, reinterpret_cast<void**>(&manager)),
        S_OK);
    provider->Release();
    return manager;
  }

  std::vector<DrmEvent> BackUp() {
    IWMDRMLicenseManagement* manager = Manager("a");
    BSTR folder = Bstr(Folder());
    IUnknown* cookie = nullptr;
    EXPECT_EQ(manager->BackupLicenses(folder, WMDRM_BACKUP_OVERWRITE, &cookie), S_OK);
    std::vector<DrmEvent> events = PollUntil(manager, MEWMDRMLicenseBackupCompleted);
    SysFreeString(folder);
    if (cookie != nullptr) cookie->Release();
    EXPECT_EQ(manager->Shutdown(), S_OK);
    EXPECT_EQ(manager->Release(), 0u);
    return events;
  }

  std::vector<DrmEvent> Restore(const std::string& name) {
    IWMDRMLicenseManagement* manager = Manager(name);
    BSTR folder = Bstr(Folder());
    IUnknown* cookie = nullptr;
    EXPECT_EQ(manager->RestoreLicenses(folder, WMDRM_RESTORE_INDIVIDUALIZE, &cookie), S_OK);
    std::vector<DrmEvent> events = PollUntil(manager, MEWMDRMLicenseRestoreCompleted);
    SysFreeString(folder);
    if (cookie != nullptr) cookie->Release();
    EXPECT_EQ(manager->Release(), 0u);
    return events;
  }
};

TEST(WmdrmStartup, CreateProviderNeedsStartupAndShutdownsPairUp) {
  IWMDRMProvider* provider = reinterpret_cast<IWMDRMProvider*>(1);
  EXPECT_EQ(WMDRMCreateProvider(&provider), E_UNEXPECTED);
  EXPECT_EQ(provider, nullptr);
  EXPECT_EQ(WMDRMShutdown(), E_UNEXPECTED);
  ASSERT_EQ(WMDRMStartup(), S_OK);
  ASSERT_EQ(WMDRMStartup(), S_OK);
  EXPECT_EQ(WMDRMCreateProvider(nullptr), E_POINTER);
  ASSERT_EQ(WMDRMCreateProvider(&provider), S_OK);
  EXPECT_EQ(WMDRMShutdown(), S_OK);
  EXPECT_EQ(WMDRMShutdown(), S_OK);
  EXPECT_EQ(WMDRMShutdown(), E_UNEXPECTED);

  // The provider made before the last shutdown still works.
  IWMDRMLicenseManagement* manager = nullptr;
  ASSERT_EQ(provider->CreateObject(IID_IWMDRMLicenseManagement, reinterpret_cast<void**>(&manager)),
            S_OK);
  void* other = reinterpret_cast<void*>(1);
  EXPECT_EQ(provider->CreateObject(IID_IWMDRMEventGenerator, &other), E_NOINTERFACE);
  EXPECT_EQ(other, nullptr);
  EXPECT_EQ(provider->CreateObject(IID_IWMDRMLicenseManagement, nullptr), E_POINTER);
  IMFMediaEventGenerator* generator = nullptr;
  IWMDRMEventGenerator* drm_generator = nullptr;
  IUnknown* identity = nullptr;
  ASSERT_EQ(
      manager->QueryInterface(IID_IMFMediaEventGenerator, reinterpret_cast<void**>(&generator)),
      S_OK);
  ASSERT_EQ(
      manager->QueryInterface(IID_IWMDRMEventGenerator, reinterpret_cast<void**>(&drm_generator)),
      S_OK);
  ASSERT_EQ(manager->QueryInterface(IID_IUnknown, reinterpret_cast<void**>(&identity)), S_OK);
  EXPECT_EQ(static_cast<IUnknown*>(generator), identity);
  EXPECT_EQ(static_cast<IUnknown*>(drm_generator), identity);
  EXPECT_EQ(manager->QueryInterface(IID_IWMLicenseBackup, &other), E_NOINTERFACE);
  identity->Release();
  drm_generator->Release();
  generator->Release();
  EXPECT_EQ(manager->Release(), 0u);
  EXPECT_EQ(provider->Release(), 0u);

  sdk::FailAllocationsForTesting(1);
  ASSERT_EQ(WMDRMStartup(), S_OK);
  EXPECT_EQ(WMDRMCreateProvider(&provider), E_OUTOFMEMORY);
  EXPECT_EQ(provider, nullptr);
  ASSERT_EQ(WMDRMCreateProvider(&provider), S_OK);
  sdk::FailAllocationsForTesting(1);
  manager = reinterpret_cast<IWMDRMLicenseManagement*>(1);
  EXPECT_EQ(provider->CreateObject(IID_IWMDRMLicenseManagement, reinterpret_cast<void**>(&manager)),
            E_OUTOFMEMORY);
  EXPECT_EQ(manager, nullptr);
  ASSERT_EQ(provider->CreateObject(IID_IWMDRMLicenseManagement, reinterpret_cast<void**>(&manager)),
            S_OK);
  // An event that cannot be made is not queued.
  sdk::FailAllocationsForTesting(1);
  EXPECT_EQ(manager->QueueEvent(MEWMDRMLicenseStoreCleaned, IID_IUnknown, S_OK, nullptr),
            E_OUTOFMEMORY);
  IMFMediaEvent* event = nullptr;
  EXPECT_EQ(manager->GetEvent(MF_EVENT_FLAG_NO_WAIT, &event), MF_E_NO_EVENTS_AVAILABLE);
  EXPECT_EQ(manager->Release(), 0u);
  EXPECT_EQ(provider->Release(), 0u);
  EXPECT_EQ(WMDRMShutdown(), S_OK);
}

TEST_F(LicenseManagementTest, TheOtherMethodsAreNotImplemented) {
  IWMDRMLicenseManagement* manager = Manager("a");
  IWMDRMLicense* enumerator = reinterpret_cast<IWMDRMLicense*>(1);
  IUnknown* cookie = reinterpret_cast<IUnknown*>(1);
  WMDRM_LICENSE_FILTER filter{};
  EXPECT_EQ(manager->CreateLicenseEnumeration(&filter, &enumerator), E_NOTIMPL);
  EXPECT_EQ(enumerator, nullptr);
  EXPECT_EQ(manager->DeleteLicense(nullptr, WMDRM_DELETE_LICENSE_IMMEDIATELY), E_NOTIMPL);
  EXPECT_EQ(manager->CleanLicenseStore(WMDRM_CLEAN_LICENSE_STORE_SYNC, &cookie), E_NOTIMPL);
  EXPECT_EQ(cookie, nullptr);
  EXPECT_EQ(manager->StoreLicense(nullptr), E_NOTIMPL);
  cookie = reinterpret_cast<IUnknown*>(1);
  EXPECT_EQ(
      manager->AcquireLicense(nullptr, nullptr, nullptr, WMDRM_ACQUIRE_LICENSE_SILENT, &cookie),
      E_NOTIMPL);
  EXPECT_EQ(cookie, nullptr);
  cookie = reinterpret_cast<IUnknown*>(1);
  EXPECT_EQ(manager->MonitorLicenseAcquisition(nullptr, nullptr, nullptr, &cookie), E_NOTIMPL);
  EXPECT_EQ(cookie, nullptr);
  BYTE* out = reinterpret_cast<BYTE*>(1);
  DWORD size = 9;
  EXPECT_EQ(manager->CreateLicenseRevocationChallenge(nullptr, 0, nullptr, 0, &out, &size),
            E_NOTIMPL);
  EXPECT_EQ(out, nullptr);
  EXPECT_EQ(size, 0u);
  EXPECT_EQ(manager->ProcessLicenseRevocationResponse(nullptr, 0, &out, &size), E_NOTIMPL);
  EXPECT_EQ(manager->ProcessLicenseDeletionMessage(nullptr), E_NOTIMPL);
  manager->Release();
}

TEST_F(LicenseManagementTest, BackupGivesProgressEventsThenOneCompleted) {
  std::vector<DrmEvent> events = BackUp();
  std::vector<DrmEvent> expected = {
      Progress(MEWMDRMLicenseBackupProgress, DRM_BACKUPRESTORE_BEGIN),
      Progress(MEWMDRMLicenseBackupProgress, DRM_RESTRICTED_LICENSE, S_OK, Kid()),
      Progress(MEWMDRMLicenseBackupProgress, DRM_BACKUPRESTORE_END),
      Completed(MEWMDRMLicenseBackupCompleted, S_OK)};
  EXPECT_EQ(events, expected);
  auto info = VerifyBackupSet(Folder());
  RELIC_ASSERT_OK(info);
  EXPECT_EQ(info->license_count, 2u);
}

TEST_F(LicenseManagementTest, RestoreGivesProgressEventsThenOneCompleted) {
  BackUp();
  std::vector<DrmEvent> events = Restore("b");
  std::vector<DrmEvent> expected = {
      Progress(MEWMDRMLicenseRestoreProgress, DRM_BACKUPRESTORE_CONNECTING),
      Progress(MEWMDRMLicenseRestoreProgress, DRM_BACKUPRESTORE_DISCONNECTING),
      Progress(MEWMDRMLicenseRestoreProgress, DRM_BACKUPRESTORE_BEGIN),
      Progress(MEWMDRMLicenseRestoreProgress, DRM_BACKUPRESTORE_END),
      Completed(MEWMDRMLicenseRestoreCompleted, S_OK)};
  EXPECT_EQ(events, expected);
  auto b = Open("b");
  ASSERT_TRUE(b);
  size_t n = 0;
  RELIC_ASSERT_OK(b->store().ListLicenses([&](const LicenseInfo&) { return ++n, true; }));
  EXPECT_EQ(n, 2u);
}

TEST_F(LicenseManagementTest, ARefusalGivesTheUrlAndFraud) {
  BackUp();
  for (const char* name : {"b", "c", "d"}) {
    ASSERT_EQ(Restore(name).back(), Completed(MEWMDRMLicenseRestoreCompleted, S_OK)) << name;
  }
  std::vector<DrmEvent> expected = {
      Progress(MEWMDRMLicenseRestoreProgress, DRM_BACKUPRESTORE_CONNECTING),
      Progress(MEWMDRMLicenseRestoreProgress, DRM_ERROR_WITHURL, NS_E_DRM_RESTORE_FRAUD,
               "https://lms.example.test/limits/machine-limit?ref=REF"),
      Progress(MEWMDRMLicenseRestoreProgress, DRM_BACKUPRESTORE_DISCONNECTING),
      Progress(MEWMDRMLicenseRestoreProgress, DRM_BACKUPRESTORE_BEGIN),
      Progress(MEWMDRMLicenseRestoreProgress, DRM_BACKUPRESTORE_END, NS_E_DRM_RESTORE_FRAUD),
      Completed(MEWMDRMLicenseRestoreCompleted, NS_E_DRM_RESTORE_FRAUD)};
  std::vector<DrmEvent> events = Restore("e");
  for (auto& e : events) e.text = WithRefusalReferenceMasked(e.text);
  EXPECT_EQ(events, expected);
}

TEST_F(LicenseManagementTest, CancelAsyncOperationTakesTheCookie) {
  BackUp();
  // The service answers only once the test has canceled: the cancel lands
  // before the commit point, deterministically.
  Gate canceled;
  SetLmsClientFactoryForTesting([&](const std::string&) -> Result<std::unique_ptr<LmsClient>> {
    canceled.Wait();
    return NewLocalLmsClient(authority_.get());
  });
  IWMDRMLicenseManagement* manager = Manager("b");
  BSTR folder = Bstr(Folder());
  IUnknown* cookie = nullptr;
  ASSERT_EQ(manager->RestoreLicenses(folder, WMDRM_RESTORE_INDIVIDUALIZE, &cookie), S_OK);
  ASSERT_NE(cookie, nullptr);
  EXPECT_EQ(manager->CancelAsyncOperation(nullptr), E_INVALIDARG);
  IUnknown* stranger = nullptr;
  IMFMediaEvent* event = nullptr;
  ASSERT_EQ(manager->QueueEvent(MEWMDRMLicenseStoreCleaned, kNoGuid, S_OK, nullptr), S_OK);
  ASSERT_EQ(manager->GetEvent(0, &event), S_OK);  // CONNECTING or the queued one
  ASSERT_EQ(event->QueryInterface(IID_IUnknown, reinterpret_cast<void**>(&stranger)), S_OK);
  EXPECT_EQ(manager->CancelAsyncOperation(stranger), E_INVALIDARG);
  stranger->Release();
  event->Release();
  EXPECT_EQ(manager->CancelAsyncOperation(cookie), S_OK);
  canceled.Open();
  std::vector<DrmEvent> events = PollUntil(manager, MEWMDRMLicenseRestoreCompleted);
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events.back(), Completed(MEWMDRMLicenseRestoreCompleted, NS_E_DRM_OPERATION_CANCELED));
  EXPECT_EQ(
      events[events.size() - 2],
      Progress(MEWMDRMLicenseRestoreProgress, DRM_BACKUPRESTORE_END, NS_E_DRM_OPERATION_CANCELED));
  EXPECT_TRUE(LedgerMachines().empty());
  // Canceled before the service recorded anything: the identity the
  // restore made is gone again, with nothing stored.
  EXPECT_FALSE(std::filesystem::exists(world_.Home("b")));
  // After the operation: the cookie of a finished operation is still known
  // until the next operation starts.
  EXPECT_EQ(manager->CancelAsyncOperation(cookie), S_OK);
  SysFreeString(folder);
  cookie->Release();
  manager->Release();
}

TEST_F(LicenseManagementTest, BadArgumentsAndFailuresFromTheCall) {
  IWMDRMLicenseManagement* manager = Manager("a");
  IUnknown* cookie = reinterpret_cast<IUnknown*>(1);
  EXPECT_EQ(manager->BackupLicenses(nullptr, 0, &cookie), E_INVALIDARG);
  EXPECT_EQ(cookie, nullptr);
  BSTR empty = SysAllocStringLen(u"", 0);
  EXPECT_EQ(manager->BackupLicenses(empty, 0, &cookie), E_INVALIDARG);
  SysFreeString(empty);
  BSTR folder = Bstr(Folder());
  EXPECT_EQ(manager->BackupLicenses(folder, 0x2, &cookie), E_INVALIDARG);
  EXPECT_EQ(manager->RestoreLicenses(folder, 0x1, &cookie), E_INVALIDARG);
  // No set yet: restore's "no set in the folder".
  EXPECT_EQ(manager->RestoreLicenses(folder, WMDRM_RESTORE_INDIVIDUALIZE, &cookie), E_INVALIDARG);
  ASSERT_EQ(manager->BackupLicenses(folder, 0, nullptr), S_OK);  // the cookie is optional
  PollUntil(manager, MEWMDRMLicenseBackupCompleted);
  EXPECT_EQ(manager->BackupLicenses(folder, 0, &cookie), NS_E_DRM_BACKUP_EXISTS);
  IMFMediaEvent* none = nullptr;
  EXPECT_EQ(manager->GetEvent(MF_EVENT_FLAG_NO_WAIT, &none), MF_E_NO_EVENTS_AVAILABLE);

  IWMDRMLicenseManagement* fresh = Manager("nobody");
  EXPECT_EQ(fresh->RestoreLicenses(folder, 0, &cookie), NS_E_DRM_NEEDS_INDIVIDUALIZATION);
  fresh->Release();

  EXPECT_EQ(manager->Shutdown(), S_OK);
  EXPECT_EQ(manager->Shutdown(), MF_E_SHUTDOWN);
  EXPECT_EQ(manager->BackupLicenses(folder, WMDRM_BACKUP_OVERWRITE, &cookie), MF_E_SHUTDOWN);
  EXPECT_EQ(manager->CancelAsyncOperation(manager), MF_E_SHUTDOWN);
  SysFreeString(folder);
  manager->Release();
}

TEST_F(LicenseManagementTest, ReleasingWhileAnOperationRunsCancelsItSafely) {
  BackUp();
  Gate reached, go;
  SetLmsClientFactoryForTesting([&](const std::string&) -> Result<std::unique_ptr<LmsClient>> {
    reached.Reached();
    go.Wait();
    return NewLocalLmsClient(authority_.get());
  });
  IWMDRMLicenseManagement* manager = Manager("b");
  BSTR folder = Bstr(Folder());
  ASSERT_EQ(manager->RestoreLicenses(folder, WMDRM_RESTORE_INDIVIDUALIZE, nullptr), S_OK);
  reached.WaitReached();
  std::thread opener([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    go.Open();
  });
  EXPECT_EQ(manager->Release(), 0u);  // cancels, waits for the worker
  opener.join();
  SysFreeString(folder);
  EXPECT_TRUE(LedgerMachines().empty());
}

// ---- The IMFMediaEventGenerator queue ----

class CountingCallback final : public IMFAsyncCallback {
 public:
  explicit CountingCallback(IMFMediaEventGenerator* generator) : generator_(generator) {}
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** object) override {
    if (riid == IID_IUnknown || riid == IID_IMFAsyncCallback) {
      *object = static_cast<IMFAsyncCallback*>(this);
      AddRef();
      return S_OK;
    }
    *object = nullptr;
    return E_NOINTERFACE;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return ++refs_; }
  ULONG STDMETHODCALLTYPE Release() override { return --refs_; }
  HRESULT STDMETHODCALLTYPE GetParameters(DWORD*, DWORD*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE Invoke(IMFAsyncResult* result) override {
    IUnknown* state = nullptr;
    HRESULT state_hr = result->GetState(&state);
    IMFMediaEvent* event = nullptr;
    HRESULT hr = generator_->EndGetEvent(result, &event);
    IMFMediaEvent* again = nullptr;
    HRESULT twice = generator_->EndGetEvent(result, &again);
    std::lock_guard<std::mutex> lock(mu_);
    end_hr_ = hr;
    twice_hr_ = twice;
    state_ok_ = state_hr == S_OK && state == expected_state_;
    if (state != nullptr) state->Release();
    if (event != nullptr) {
      event->GetType(&type_);
      event->Release();
    }
    invoked_ = true;
    on_thread_ = std::this_thread::get_id();
    cv_.notify_all();
    return S_OK;
  }
  bool Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(30), [this] { return invoked_; });
  }
  // The queue lets go of the callback (and state) after Invoke returns.
  bool WaitReleased() {
    for (int i = 0; i < 3000 && refs_.load() != 1; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return refs_.load() == 1;
  }

  IUnknown* expected_state_ = nullptr;
  HRESULT end_hr_ = E_FAIL;
  HRESULT twice_hr_ = E_FAIL;
  bool state_ok_ = false;
  MediaEventType type_ = 0;
  std::thread::id on_thread_;
  std::atomic<ULONG> refs_{1};

 private:
  IMFMediaEventGenerator* generator_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool invoked_ = false;
};

TEST_F(LicenseManagementTest, GetEventWaitsOrFailsAtOnceWithNoWait) {
  IWMDRMLicenseManagement* manager = Manager("a");
  IMFMediaEvent* event = reinterpret_cast<IMFMediaEvent*>(1);
  EXPECT_EQ(manager->GetEvent(MF_EVENT_FLAG_NO_WAIT, &event), MF_E_NO_EVENTS_AVAILABLE);
  EXPECT_EQ(event, nullptr);
  EXPECT_EQ(manager->GetEvent(0, nullptr), E_INVALIDARG);

  PROPVARIANT value;
  PropVariantInit(&value);
  value.vt = VT_UI4;
  value.ulVal = 42;
  ASSERT_EQ(manager->QueueEvent(MEWMDRMLicenseStoreCleaned, IID_IWMDRMProvider, E_ABORT, &value),
            S_OK);
  ASSERT_EQ(manager->GetEvent(MF_EVENT_FLAG_NO_WAIT, &event), S_OK);
  MediaEventType type = 0;
  HRESULT status = S_OK;
  GUID extended;
  PROPVARIANT got;
  PropVariantInit(&got);
  EXPECT_EQ(event->GetType(&type), S_OK);
  EXPECT_EQ(type, static_cast<MediaEventType>(MEWMDRMLicenseStoreCleaned));
  EXPECT_EQ(event->GetStatus(&status), S_OK);
  EXPECT_EQ(status, E_ABORT);
  EXPECT_EQ(event->GetExtendedType(&extended), S_OK);
  EXPECT_EQ(extended, IID_IWMDRMProvider);
  EXPECT_EQ(event->GetValue(&got), S_OK);
  EXPECT_EQ(got.vt, VT_UI4);
  EXPECT_EQ(got.ulVal, 42u);
  event->Release();

  // A blocked GetEvent gets the event another thread queues.
  std::thread producer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(manager->QueueEvent(MEWMDRMLicenseBackupCompleted, kNoGuid, S_OK, nullptr), S_OK);
  });
  ASSERT_EQ(manager->GetEvent(0, &event), S_OK);
  EXPECT_EQ(event->GetType(&type), S_OK);
  EXPECT_EQ(type, static_cast<MediaEventType>(MEWMDRMLicenseBackupCompleted));
  event->Release();
  producer.join();

  // While a GetEvent waits, a second subscriber is refused.
  std::thread waiter([&] {
    IMFMediaEvent* got_event = nullptr;
    EXPECT_EQ(manager->GetEvent(0, &got_event), S_OK);
    if (got_event != nullptr) got_event->Release();
  });
  HRESULT probe = MF_E_NO_EVENTS_AVAILABLE;
  for (int i = 0; i < 30000 && probe == MF_E_NO_EVENTS_AVAILABLE; ++i) {
    probe = manager->GetEvent(MF_EVENT_FLAG_NO_WAIT, &event);
    if (probe == MF_E_NO_EVENTS_AVAILABLE)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(probe, MF_E_MULTIPLE_SUBSCRIBERS);
  CountingCallback subscriber(manager);
  EXPECT_EQ(manager->BeginGetEvent(&subscriber, nullptr), MF_E_MULTIPLE_SUBSCRIBERS);
  ASSERT_EQ(manager->QueueEvent(MEWMDRMLicenseBackupCompleted, kNoGuid, S_OK, nullptr), S_OK);
  waiter.join();

  // ...and Shutdown wakes it with MF_E_SHUTDOWN; everything after fails so.
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(manager->Shutdown(), S_OK);
  });
  EXPECT_EQ(manager->GetEvent(0, &event), MF_E_SHUTDOWN);
  stopper.join();
  EXPECT_EQ(manager->GetEvent(MF_EVENT_FLAG_NO_WAIT, &event), MF_E_SHUTDOWN);
  EXPECT_EQ(manager->QueueEvent(MEWMDRMLicenseStoreCleaned, kNoGuid, S_OK, nullptr), MF_E_SHUTDOWN);
  CountingCallback callback(manager);
  EXPECT_EQ(manager->BeginGetEvent(&callback, nullptr), MF_E_SHUTDOWN);
  manager->Release();
}

TEST_F(LicenseManagementTest, BeginGetEventInvokesTheCallbackOnAnotherThread) {
  IWMDRMLicenseManagement* manager = Manager("a");
  CountingCallback callback(manager), other(manager);
  CountingCallback state(manager);  // any IUnknown serves as the state
  callback.expected_state_ = &state;
  EXPECT_EQ(manager->BeginGetEvent(nullptr, nullptr), E_INVALIDARG);
  ASSERT_EQ(manager->BeginGetEvent(&callback, &state), S_OK);
  EXPECT_EQ(manager->BeginGetEvent(&other, nullptr), MF_E_MULTIPLE_SUBSCRIBERS);
  EXPECT_EQ(manager->BeginGetEvent(&callback, nullptr), MF_E_MULTIPLE_BEGIN);
  IMFMediaEvent* event = nullptr;
  EXPECT_EQ(manager->GetEvent(MF_EVENT_FLAG_NO_WAIT, &event), MF_E_MULTIPLE_SUBSCRIBERS);
  ASSERT_EQ(manager->QueueEvent(MEWMDRMLicenseBackupProgress, kNoGuid, S_OK, nullptr), S_OK);
  ASSERT_TRUE(callback.Wait());
  EXPECT_EQ(callback.end_hr_, S_OK);
  EXPECT_EQ(callback.twice_hr_, E_INVALIDARG);
  EXPECT_TRUE(callback.state_ok_);
  EXPECT_EQ(callback.type_, static_cast<MediaEventType>(MEWMDRMLicenseBackupProgress));
  EXPECT_NE(callback.on_thread_, std::this_thread::get_id());

  // A pending request at Shutdown completes with MF_E_SHUTDOWN.
  ASSERT_EQ(manager->BeginGetEvent(&other, nullptr), S_OK);
  EXPECT_EQ(manager->Shutdown(), S_OK);
  ASSERT_TRUE(other.Wait());
  EXPECT_EQ(other.end_hr_, MF_E_SHUTDOWN);
  // The pending request held the generator until its callback returned; the
  // last reference may go on the queue's thread.
  manager->Release();
  EXPECT_TRUE(other.WaitReleased());
  EXPECT_TRUE(callback.WaitReleased());
  EXPECT_TRUE(state.WaitReleased());
}

TEST_F(LicenseManagementTest, EndGetEventRefusesAResultItDidNotIssue) {
  IWMDRMLicenseManagement* manager = Manager("a");
  IWMDRMLicenseManagement* other = Manager("a");
  CountingCallback callback(other);  // ends on the wrong generator
  ASSERT_EQ(manager->BeginGetEvent(&callback, nullptr), S_OK);
  ASSERT_EQ(manager->QueueEvent(MEWMDRMLicenseBackupProgress, kNoGuid, S_OK, nullptr), S_OK);
  ASSERT_TRUE(callback.Wait());
  EXPECT_EQ(callback.end_hr_, E_INVALIDARG);
  IMFMediaEvent* event = nullptr;
  EXPECT_EQ(manager->EndGetEvent(nullptr, &event), E_INVALIDARG);
  EXPECT_EQ(manager->Shutdown(), S_OK);
  manager->Release();
  EXPECT_TRUE(callback.WaitReleased());
  other->Release();
}

}  // namespace
}  // namespace relic::testing
