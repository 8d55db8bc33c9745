// SPDX-License-Identifier: Apache-2.0
// What the SDK conformance tests share: an IWMStatusCallback that records
// what the backup restorer reports, UTF-16 helpers, and a fixture with a
// machine to back up, an in-process License Management Service and new
// machines to restore onto (tests/restore/restore_fixture.h).
#pragma once

#include <filesystem>

#include <wmdrmsdk.h>
#include <wmsdk.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <regex>
#include <string>
#include <vector>

#include "restore/restore_fixture.h"
#include "sdk/backup_restorer.h"
#include "sdk/drm_provider.h"
#include "sdk/license_management.h"
#include "sdk/wide_string.h"

namespace relic::testing {

inline std::u16string Wide(const std::string& text) { return sdk::Utf16FromUtf8(text); }

// The service appends the refused batch's opaque reference to its refusal
// URL ("<url>?ref=rf" and 16 base64url characters) for the support desk
// (docs/lms.md). Returns `url` with that reference replaced by "REF", so a
// test can compare the URL whole; a URL without a well-formed reference is
// returned as it is, and the comparison fails.
inline std::string WithRefusalReferenceMasked(const std::string& url) {
  static const std::regex kReference("\\?ref=rf[A-Za-z0-9_-]{16}$");
  return std::regex_replace(url, kReference, "?ref=REF");
}

// SetProp with a string, `cbLength` counting the NUL, as the SDK documents.
inline HRESULT SetStringProp(IWMBackupRestoreProps* props, const char16_t* name,
                             const std::string& value) {
  std::u16string wide = Wide(value);
  return props->SetProp(name, WMT_TYPE_STRING, reinterpret_cast<const BYTE*>(wide.c_str()),
                        static_cast<WORD>((wide.size() + 1) * sizeof(WCHAR)));
}

// One OnStatus call as the application saw it.
struct StatusEvent {
  WMT_STATUS status;
  HRESULT hr;
  WMT_ATTR_DATATYPE type;
  std::string text;  // WMT_TYPE_STRING, decoded
  DWORD value = 0;   // WMT_TYPE_DWORD
  bool operator==(const StatusEvent&) const = default;
};

inline std::ostream& operator<<(std::ostream& out, const StatusEvent& e) {
  return out << "{" << e.status << ", 0x" << std::hex << static_cast<uint32_t>(e.hr) << std::dec
             << ", type " << e.type << ", '" << e.text << "', " << e.value << "}";
}

// The application's callback. Not deleted by Release: the test owns it and
// checks that every reference the object took has been given back.
class RecordingCallback final : public IWMStatusCallback {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** object) override {
    if (riid == IID_IUnknown || riid == IID_IWMStatusCallback) {
      *object = static_cast<IWMStatusCallback*>(this);
      AddRef();
      return S_OK;
    }
    *object = nullptr;
    return E_NOINTERFACE;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return ++refs_; }
  ULONG STDMETHODCALLTYPE Release() override { return --refs_; }

  HRESULT STDMETHODCALLTYPE OnStatus(WMT_STATUS status, HRESULT hr, WMT_ATTR_DATATYPE type,
                                     BYTE* value, void* context) override {
    StatusEvent e{status, hr, type, {}, 0};
    if (type == WMT_TYPE_STRING && value != nullptr) {
      auto* text = reinterpret_cast<const WCHAR*>(value);
      e.text = sdk::Utf8FromUtf16(std::u16string_view(text, sdk::WideLength(text))).value_or("?");
    } else if (type == WMT_TYPE_DWORD && value != nullptr) {
      std::memcpy(&e.value, value, sizeof e.value);
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (ended_) ++after_end_;
      if (context != nullptr) ++with_context_;
      events_.push_back(e);
      // The object holds the callback while it reports.
      if (refs_.load() < 2) ++unheld_;
    }
    if (on_status) on_status(e);
    if (status == WMT_BACKUPRESTORE_END) {
      std::lock_guard<std::mutex> lock(mu_);
      ended_ = true;
      cv_.notify_all();
    }
    return S_OK;
  }

  // Waits for END and for the object to give back its reference.
  bool WaitForEnd() {
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_for(lock, std::chrono::seconds(60), [this] { return ended_; })) return false;
    lock.unlock();
    for (int i = 0; i < 6000 && refs_.load() != 1; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return refs_.load() == 1;
  }
  std::vector<StatusEvent> Events() {
    std::lock_guard<std::mutex> lock(mu_);
    return events_;
  }
  std::vector<WMT_STATUS> Statuses() {
    std::vector<WMT_STATUS> out;
    for (const auto& e : Events()) out.push_back(e.status);
    return out;
  }
  void Reset() {
    std::lock_guard<std::mutex> lock(mu_);
    events_.clear();
    ended_ = false;
  }
  int after_end() {
    std::lock_guard<std::mutex> lock(mu_);
    return after_end_;
  }
  int unheld() {
    std::lock_guard<std::mutex> lock(mu_);
    return unheld_;
  }
  int with_context() {
    std::lock_guard<std::mutex> lock(mu_);
    return with_context_;
  }
  ULONG refs() const { return refs_.load(); }

  std::function<void(const StatusEvent&)> on_status;

 private:
  std::atomic<ULONG> refs_{1};
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<StatusEvent> events_;
  bool ended_ = false;
  int after_end_ = 0;
  int unheld_ = 0;
  int with_context_ = 0;
};

// A one-shot gate: the worker waits in a callback until the test opens it.
class Gate {
 public:
  void Open() {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return open_; });
  }
  void Reached() {
    std::lock_guard<std::mutex> lock(mu_);
    reached_ = true;
    cv_.notify_all();
  }
  // On the worker: tell the test it got here, and stay until it opens.
  void Hold() {
    Reached();
    Wait();
  }
  void WaitReached() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return reached_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
  bool reached_ = false;
};

class SdkFixture : public RestoreFixture {
 protected:
  void SetUp() override {
    RestoreFixture::SetUp();
    if (HasFatalFailure()) return;
    allowed_ = AddLicenses(2, Rights{.allow_backup = true});
    restricted_ = AddLicenses(1, Rights{});
  }

  HomeOptions OptionsFor(const std::string& name) {
    HomeOptions options = world_.Options(name);
    options.system_trust_dir = world_.Path("system-trust");
    return options;
  }

  // A backup restorer on machine `name`'s home, named with the RelicHome
  // extension; the properties interface in *props when asked for.
  IWMLicenseBackup* NewRestorer(const std::string& name, IWMBackupRestoreProps** props = nullptr) {
    IWMLicenseBackup* backup = nullptr;
    EXPECT_EQ(sdk::CreateBackupRestorer(nullptr, OptionsFor(name), &backup), S_OK);
    if (backup == nullptr) return nullptr;
    IWMBackupRestoreProps* p = nullptr;
    EXPECT_EQ(backup->QueryInterface(IID_IWMBackupRestoreProps, reinterpret_cast<void**>(&p)),
              S_OK);
    EXPECT_EQ(SetStringProp(p, u"RelicHome", world_.Home(name)), S_OK);
    if (props != nullptr) {
      *props = p;
    } else {
      p->Release();
    }
    return backup;
  }

  std::string Kid() const { return kid_.ToString(); }

  // How many licenses machine `name`'s store holds.
  size_t StoredCount(const std::string& name) {
    // A restore that made the identity and failed before the service could
    // record anything takes it away again: no home, no license.
    if (!std::filesystem::exists(world_.Home(name))) return 0;
    auto m = Open(name);
    size_t n = 0;
    if (!m) return 0;
    EXPECT_TRUE(m->store()
                    .ListLicenses([&](const LicenseInfo&) {
                      ++n;
                      return true;
                    })
                    .ok());
    return n;
  }

  std::vector<LicenseId> allowed_, restricted_;
};

}  // namespace relic::testing
