// SPDX-License-Identifier: Apache-2.0
#include "sdk/license_management.h"

#include <atomic>
#include <list>
#include <memory>

#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "nserror.h"
#include "relic/backup.h"
#include "relic/restore.h"
#include "sdk/allocation.h"
#include "sdk/com_object.h"
#include "sdk/engine_request.h"
#include "sdk/event_queue.h"
#include "sdk/hresult.h"
#include "sdk/media_event.h"
#include "sdk/wide_string.h"

namespace relic::sdk {
namespace {

constexpr GUID kNoExtendedType = {0, 0, 0, {0, 0, 0, 0, 0, 0, 0, 0}};

// The value of a progress event: the step's MSDRM_STATUS and, where there is
// one, the KID or URL.
class BackupRestoreStatus final
    : public ComObject<BackupRestoreStatus, IWMDRMLicenseBackupRestoreStatus> {
 public:
  BackupRestoreStatus(MSDRM_STATUS status, std::u16string text)
      : status_(status), text_(std::move(text)) {}

  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** object) override {
    return QueryInterfaceIn({{IID_IUnknown, this}, {IID_IWMDRMLicenseBackupRestoreStatus, this}},
                            riid, object);
  }
  // bstrError is the caller's to free with SysFreeString (NULL when the
  // step has no text).
  HRESULT STDMETHODCALLTYPE GetStatus(WM_BACKUP_RESTORE_STATUS* status) override {
    if (status == nullptr) return E_POINTER;
    status->eStatus = status_;
    status->bstrError = nullptr;
    if (!text_.empty()) {
      status->bstrError = SysAllocStringLen(text_.c_str(), static_cast<UINT>(text_.size()));
      if (status->bstrError == nullptr) return E_OUTOFMEMORY;
    }
    return S_OK;
  }

 private:
  friend ComObject;
  ~BackupRestoreStatus() = default;
  const MSDRM_STATUS status_;
  const std::u16string text_;
};

// The cancellation cookie: an identity, nothing more.
class Cookie final : public ComObject<Cookie, IUnknown> {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** object) override {
    return QueryInterfaceIn({{IID_IUnknown, this}}, riid, object);
  }

 private:
  friend ComObject;
  ~Cookie() = default;
};

// Posts one operation's events to the queue, and marks the operation ended
// once its completion is posted.
class Poster {
 public:
  Poster(std::shared_ptr<EventQueue> queue, MediaEventType progress, MediaEventType completed,
         std::shared_ptr<std::atomic<bool>> ended)
      : queue_(std::move(queue)),
        progress_(progress),
        completed_(completed),
        ended_(std::move(ended)) {}

  void Progress(MSDRM_STATUS status, HRESULT hr, const std::string& text = {}) {
    auto* value = NewObject<BackupRestoreStatus>(status, Utf16FromUtf8(text));
    if (value == nullptr) return;  // out of memory: the step goes unreported
    PROPVARIANT pv;
    PropVariantInit(&pv);
    pv.vt = VT_UNKNOWN;
    pv.punkVal = value;
    queue_->QueueEvent(progress_, kNoExtendedType, hr, &pv);  // after Shutdown: dropped
    value->Release();
  }
  void Completed(HRESULT hr) {
    Progress(DRM_BACKUPRESTORE_END, hr);
    queue_->QueueEvent(completed_, kNoExtendedType, hr, nullptr);
    ended_->store(true);
  }

 private:
  std::shared_ptr<EventQueue> queue_;
  const MediaEventType progress_;
  const MediaEventType completed_;
  const std::shared_ptr<std::atomic<bool>> ended_;
};

// What the WMDRM API reports for each of a backup's events.
void Post(Poster& poster, const BackupEvent& e) {
  switch (e.type) {
    case BackupEventType::kBegin:
      poster.Progress(DRM_BACKUPRESTORE_BEGIN, S_OK);
      break;
    case BackupEventType::kRestrictedLicense:
    case BackupEventType::kExpiredLicense:
      poster.Progress(DRM_RESTRICTED_LICENSE, S_OK, e.kid.ToString());
      break;
    case BackupEventType::kProgress:
      break;
    case BackupEventType::kEnd:
      poster.Completed(HResultFromStatus(e.status));
      break;
  }
}

// What the WMDRM API reports for each of a restore's events.
void Post(Poster& poster, const RestoreEvent& e) {
  switch (e.type) {
    case RestoreEventType::kConnecting:
      poster.Progress(DRM_BACKUPRESTORE_CONNECTING, S_OK);
      break;
    case RestoreEventType::kDisconnecting:
      poster.Progress(DRM_BACKUPRESTORE_DISCONNECTING, S_OK);
      break;
    case RestoreEventType::kBegin:
      poster.Progress(DRM_BACKUPRESTORE_BEGIN, S_OK);
      break;
    case RestoreEventType::kErrorWithUrl:
      poster.Progress(DRM_ERROR_WITHURL, NS_E_DRM_RESTORE_FRAUD, e.url);
      break;
    case RestoreEventType::kRefused:
    case RestoreEventType::kExpiredLicense:
    case RestoreEventType::kProgress:
      break;
    case RestoreEventType::kEnd:
      poster.Completed(HResultFromStatus(e.status));
      break;
  }
}

class LicenseManagement final : public ComObject<LicenseManagement, IWMDRMLicenseManagement> {
 public:
  LicenseManagement(std::optional<std::string> home, const HomeOptions& options)
      : home_(std::move(home)), options_(options), queue_(EventQueue::Create()) {}

  // IUnknown
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** object) override {
    return QueryInterfaceIn({{IID_IUnknown, this},
                             {IID_IMFMediaEventGenerator, this},
                             {IID_IWMDRMEventGenerator, this},
                             {IID_IWMDRMLicenseManagement, this}},
                            riid, object);
  }

  // IMFMediaEventGenerator
  HRESULT STDMETHODCALLTYPE GetEvent(DWORD flags, IMFMediaEvent** event) override {
    return queue_->GetEvent(flags, event);
  }
  HRESULT STDMETHODCALLTYPE BeginGetEvent(IMFAsyncCallback* callback, IUnknown* state) override {
    return queue_->BeginGetEvent(callback, state, static_cast<IWMDRMLicenseManagement*>(this));
  }
  HRESULT STDMETHODCALLTYPE EndGetEvent(IMFAsyncResult* result, IMFMediaEvent** event) override {
    return queue_->EndGetEvent(result, event);
  }
  HRESULT STDMETHODCALLTYPE QueueEvent(MediaEventType type, REFGUID extended_type, HRESULT status,
                                       const PROPVARIANT* value) override {
    return queue_->QueueEvent(type, extended_type, status, value);
  }

  // IWMDRMEventGenerator
  HRESULT STDMETHODCALLTYPE CancelAsyncOperation(IUnknown* cookie) override;
  HRESULT STDMETHODCALLTYPE Shutdown() override {
    HRESULT hr = queue_->Shutdown();
    CancelAll();
    return hr;
  }

  // IWMDRMLicenseManagement: the methods relic does not offer (docs/sdk.md).
  HRESULT STDMETHODCALLTYPE CreateLicenseEnumeration(WMDRM_LICENSE_FILTER*,
                                                     IWMDRMLicense** enumerator) override {
    if (enumerator != nullptr) *enumerator = nullptr;
    return E_NOTIMPL;
  }
  HRESULT STDMETHODCALLTYPE DeleteLicense(BSTR, DWORD) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE CleanLicenseStore(DWORD, IUnknown** cookie) override {
    if (cookie != nullptr) *cookie = nullptr;
    return E_NOTIMPL;
  }
  HRESULT STDMETHODCALLTYPE StoreLicense(BSTR) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE AcquireLicense(BSTR, BSTR, BSTR, DWORD, IUnknown** cookie) override {
    if (cookie != nullptr) *cookie = nullptr;
    return E_NOTIMPL;
  }
  HRESULT STDMETHODCALLTYPE MonitorLicenseAcquisition(BSTR, BSTR, BSTR,
                                                      IUnknown** cookie) override {
    if (cookie != nullptr) *cookie = nullptr;
    return E_NOTIMPL;
  }
  HRESULT STDMETHODCALLTYPE BackupLicenses(BSTR directory, DWORD flags,
                                           IUnknown** cookie) override {
    return Start(true, directory, flags, cookie);
  }
  HRESULT STDMETHODCALLTYPE RestoreLicenses(BSTR directory, DWORD flags,
                                            IUnknown** cookie) override {
    return Start(false, directory, flags, cookie);
  }
  HRESULT STDMETHODCALLTYPE CreateLicenseRevocationChallenge(BYTE*, DWORD, BYTE*, DWORD,
                                                             BYTE** output,
                                                             DWORD* output_size) override {
    if (output != nullptr) *output = nullptr;
    if (output_size != nullptr) *output_size = 0;
    return E_NOTIMPL;
  }
  HRESULT STDMETHODCALLTYPE ProcessLicenseRevocationResponse(BYTE*, DWORD, BYTE** ack,
                                                             DWORD* ack_size) override {
    if (ack != nullptr) *ack = nullptr;
    if (ack_size != nullptr) *ack_size = 0;
    return E_NOTIMPL;
  }
  HRESULT STDMETHODCALLTYPE ProcessLicenseDeletionMessage(BSTR) override { return E_NOTIMPL; }

 private:
  struct Running {
    Cookie* cookie = nullptr;  // one reference, the list's
    std::unique_ptr<Operation> op;
    std::shared_ptr<std::atomic<bool>> ended = std::make_shared<std::atomic<bool>>(false);
  };

  friend ComObject;
  // Nobody can read the events any more: running operations are canceled,
  // and destroying them waits for their workers.
  ~LicenseManagement() {
    queue_->Shutdown();
    CancelAll();
    std::list<Running> ops;
    {
      MutexLock lock(mu_);
      ops.swap(ops_);
    }
    for (Running& r : ops) {
      r.op.reset();
      if (r.cookie != nullptr) r.cookie->Release();
    }
  }

  void CancelAll() EXCLUDES(mu_) {
    MutexLock lock(mu_);
    for (Running& r : ops_) r.op->Cancel();
  }

  HRESULT Start(bool backup, BSTR directory, DWORD flags, IUnknown** cookie);

  const std::optional<std::string> home_;
  const HomeOptions options_;
  std::shared_ptr<EventQueue> queue_;
  Mutex mu_;
  std::list<Running> ops_ GUARDED_BY(mu_);  // every operation started, until the object goes
};

HRESULT LicenseManagement::CancelAsyncOperation(IUnknown* cookie) {
  if (cookie == nullptr) return E_INVALIDARG;
  if (queue_->IsShutdown()) return MF_E_SHUTDOWN;
  // The cookie's identity, as COM compares objects.
  IUnknown* identity = nullptr;
  if (FAILED(cookie->QueryInterface(IID_IUnknown, reinterpret_cast<void**>(&identity)))) {
    return E_INVALIDARG;
  }
  identity->Release();
  MutexLock lock(mu_);
  for (Running& r : ops_) {
    if (static_cast<IUnknown*>(r.cookie) == identity) {
      r.op->Cancel();  // a finished operation ignores it
      return S_OK;
    }
  }
  return E_INVALIDARG;
}

HRESULT LicenseManagement::Start(bool backup, BSTR directory, DWORD flags, IUnknown** cookie) {
  if (cookie != nullptr) *cookie = nullptr;
  if (queue_->IsShutdown()) return MF_E_SHUTDOWN;
  if (directory == nullptr || SysStringLen(directory) == 0) return E_INVALIDARG;
  DWORD known = backup ? WMDRM_BACKUP_OVERWRITE : WMDRM_RESTORE_INDIVIDUALIZE;
  if ((flags & ~known) != 0) return E_INVALIDARG;
  std::optional<std::string> folder =
      Utf8FromUtf16(std::u16string_view(directory, SysStringLen(directory)));
  if (!folder) return E_INVALIDARG;
  auto home = ResolveHome(home_);
  if (!home.ok()) return HResultFromStatus(home.status());

  try {
    Running running;
    auto poster = std::make_shared<Poster>(
        queue_, backup ? MEWMDRMLicenseBackupProgress : MEWMDRMLicenseRestoreProgress,
        backup ? MEWMDRMLicenseBackupCompleted : MEWMDRMLicenseRestoreCompleted, running.ended);
    Result<std::unique_ptr<Operation>> op = [&] {
      if (backup) {
        auto request = NewRequest<BackupRequest>(*home, options_, *folder);
        request.overwrite = (flags & WMDRM_BACKUP_OVERWRITE) != 0;
        return StartBackup(request, [poster](const BackupEvent& e) { Post(*poster, e); });
      }
      auto request = NewRequest<RestoreRequest>(*home, options_, *folder);
      request.individualize = (flags & WMDRM_RESTORE_INDIVIDUALIZE) != 0;
      return StartRestore(request, [poster](const RestoreEvent& e) { Post(*poster, e); });
    }();
    if (!op.ok()) return HResultFromStatus(op.status());
    running.op = std::move(op).value();
    running.cookie = NewObject<Cookie>();
    if (running.cookie == nullptr) {
      // Started but nobody could cancel it: stop it, it reports as canceled.
      running.op->Cancel();
    }
    std::list<Running> finished;
    HRESULT hr = S_OK;
    {
      MutexLock lock(mu_);
      // Operations past their END are forgotten (their cookies then cancel
      // nothing: E_INVALIDARG).
      for (auto it = ops_.begin(); it != ops_.end();) {
        auto next = std::next(it);
        if (it->ended->load()) finished.splice(finished.end(), ops_, it);
        it = next;
      }
      if (running.cookie == nullptr) {
        hr = E_OUTOFMEMORY;
      } else if (cookie != nullptr) {
        running.cookie->AddRef();
        *cookie = running.cookie;
      }
      ops_.push_back(std::move(running));
    }
    for (Running& r : finished) {
      r.op.reset();  // the worker is past END: this waits for its last steps
      if (r.cookie != nullptr) r.cookie->Release();
    }
    return hr;
  } catch (const std::bad_alloc&) {
    return E_OUTOFMEMORY;
  }
}

}  // namespace

HRESULT CreateLicenseManagement(const std::optional<std::string>& home, const HomeOptions& options,
                                IWMDRMLicenseManagement** object) {
  if (object == nullptr) return E_POINTER;
  *object = nullptr;
  LicenseManagement* created = nullptr;
  try {
    created = NewObject<LicenseManagement>(home, options);
  } catch (const std::bad_alloc&) {  // the queue inside
    return E_OUTOFMEMORY;
  }
  if (created == nullptr) return E_OUTOFMEMORY;
  *object = created;
  return S_OK;
}

}  // namespace relic::sdk
