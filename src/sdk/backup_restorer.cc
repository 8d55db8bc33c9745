// SPDX-License-Identifier: Apache-2.0
#include "sdk/backup_restorer.h"

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "relic/backup.h"
#include "relic/restore.h"
#include "sdk/allocation.h"
#include "sdk/com_object.h"
#include "sdk/engine_request.h"
#include "sdk/hresult.h"
#include "sdk/wide_string.h"

namespace relic::sdk {
namespace {

// The property names: the SDK's two, and relic's extensions (docs/sdk.md).
enum class Prop { kBackupPath, kRestorePath, kHome, kPassphrase };

std::optional<Prop> PropFromName(const WCHAR* name) {
  static const std::pair<std::u16string_view, Prop> kNames[] = {
      {u"BackupPath", Prop::kBackupPath},
      {u"RestorePath", Prop::kRestorePath},
      {u"RelicHome", Prop::kHome},
      {u"RelicPassphrase", Prop::kPassphrase},
  };
  std::u16string_view given(name, WideLength(name));
  for (const auto& [known, prop] : kNames) {
    if (known.size() != given.size()) continue;
    bool same = true;
    // Case-insensitive in ASCII, as Windows treats property names.
    for (size_t i = 0; i < known.size() && same; ++i) {
      char16_t a = known[i], b = given[i];
      if (b >= u'A' && b <= u'Z') b = static_cast<char16_t>(b - u'A' + u'a');
      if (a >= u'A' && a <= u'Z') a = static_cast<char16_t>(a - u'A' + u'a');
      same = a == b;
    }
    if (same) return prop;
  }
  return std::nullopt;
}

// What one operation needs until its END: the callback and the object, both
// held (AddRef'd) from the call that started it until END has been delivered.
class Delivery {
 public:
  Delivery(IWMStatusCallback* callback, IUnknown* owner) : callback_(callback), owner_(owner) {
    callback_->AddRef();
    owner_->AddRef();
  }

  void Send(WMT_STATUS status, HRESULT hr, DWORD value = 0) {
    callback_->OnStatus(status, hr, WMT_TYPE_DWORD, reinterpret_cast<BYTE*>(&value), nullptr);
  }
  void SendString(WMT_STATUS status, HRESULT hr, const std::string& text) {
    std::u16string wide = Utf16FromUtf8(text);  // NUL-terminated by c_str()
    callback_->OnStatus(status, hr, WMT_TYPE_STRING,
                        reinterpret_cast<BYTE*>(const_cast<char16_t*>(wide.c_str())), nullptr);
  }
  // END, then both references go. `finished` runs first, so that the
  // callback may start the next operation from inside END.
  template <typename Finished>
  void End(HRESULT hr, DWORD count, Finished finished) {
    finished();
    Send(WMT_BACKUPRESTORE_END, hr, count);
    Drop();
  }
  // The operation never started: no events, just the references.
  void Drop() {
    callback_->Release();
    owner_->Release();  // may destroy the object (never inside a lock of its own)
  }

 private:
  IWMStatusCallback* callback_;
  IUnknown* owner_;
};

// What the IWMStatusCallback hears for each of a backup's events.
template <typename Finished>
void Deliver(Delivery& delivery, const BackupEvent& e, const Finished& finished) {
  switch (e.type) {
    case BackupEventType::kBegin:
      delivery.Send(WMT_BACKUPRESTORE_BEGIN, S_OK);
      break;
    case BackupEventType::kRestrictedLicense:
    case BackupEventType::kExpiredLicense:
      delivery.SendString(WMT_RESTRICTED_LICENSE, S_OK, e.kid.ToString());
      break;
    case BackupEventType::kProgress:
      break;
    case BackupEventType::kEnd:
      delivery.End(HResultFromStatus(e.status), static_cast<DWORD>(e.backed_up), finished);
      break;
  }
}

// What the IWMStatusCallback hears for each of a restore's events.
template <typename Finished>
void Deliver(Delivery& delivery, const RestoreEvent& e, const Finished& finished) {
  switch (e.type) {
    case RestoreEventType::kConnecting:
      delivery.Send(WMT_BACKUPRESTORE_CONNECTING, S_OK);
      break;
    case RestoreEventType::kDisconnecting:
      delivery.Send(WMT_BACKUPRESTORE_DISCONNECTING, S_OK);
      break;
    case RestoreEventType::kBegin:
      delivery.Send(WMT_BACKUPRESTORE_BEGIN, S_OK);
      break;
    case RestoreEventType::kErrorWithUrl:
      delivery.SendString(WMT_ERROR_WITHURL, NS_E_DRM_RESTORE_FRAUD, e.url);
      break;
    case RestoreEventType::kRefused:         // reported once, by kErrorWithUrl
    case RestoreEventType::kExpiredLicense:  // no WMT_STATUS for it (docs/sdk.md)
    case RestoreEventType::kProgress:
      break;
    case RestoreEventType::kEnd:
      delivery.End(HResultFromStatus(e.status), static_cast<DWORD>(e.restored), finished);
      break;
  }
}

class BackupRestorer final
    : public ComObject<BackupRestorer, IWMLicenseBackup, IWMLicenseRestore, IWMBackupRestoreProps> {
 public:
  explicit BackupRestorer(const HomeOptions& options) : options_(options) {}

  IUnknown* Identity() { return static_cast<IWMLicenseBackup*>(this); }

  // IUnknown (one identity: the IWMLicenseBackup pointer).
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** object) override {
    return QueryInterfaceIn(
        {{IID_IUnknown, Identity()},
         {IID_IWMLicenseBackup, Identity()},
         {IID_IWMLicenseRestore, static_cast<IWMLicenseRestore*>(this)},
         {IID_IWMBackupRestoreProps, static_cast<IWMBackupRestoreProps*>(this)}},
        riid, object);
  }

  // IWMLicenseBackup
  HRESULT STDMETHODCALLTYPE BackupLicenses(DWORD flags, IWMStatusCallback* callback) override {
    return Start(Kind::kBackup, flags, callback);
  }
  HRESULT STDMETHODCALLTYPE CancelLicenseBackup() override { return Cancel(Kind::kBackup); }

  // IWMLicenseRestore
  HRESULT STDMETHODCALLTYPE RestoreLicenses(DWORD flags, IWMStatusCallback* callback) override {
    return Start(Kind::kRestore, flags, callback);
  }
  HRESULT STDMETHODCALLTYPE CancelLicenseRestore() override { return Cancel(Kind::kRestore); }

  // IWMBackupRestoreProps: the SDK documents the three getters as not
  // implemented.
  HRESULT STDMETHODCALLTYPE GetPropCount(WORD*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetPropByIndex(WORD, WCHAR*, WORD*, WMT_ATTR_DATATYPE*, BYTE*,
                                           WORD*) override {
    return E_NOTIMPL;
  }
  HRESULT STDMETHODCALLTYPE GetPropByName(LPCWSTR, WMT_ATTR_DATATYPE*, BYTE*, WORD*) override {
    return E_NOTIMPL;
  }
  HRESULT STDMETHODCALLTYPE SetProp(LPCWSTR name, WMT_ATTR_DATATYPE type, const BYTE* value,
                                    WORD length) override;
  HRESULT STDMETHODCALLTYPE RemoveProp(LPCWSTR name) override {
    if (name == nullptr) return E_INVALIDARG;
    std::optional<Prop> prop = PropFromName(name);
    if (!prop) return E_INVALIDARG;
    MutexLock lock(mu_);
    props_.erase(*prop);
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE RemoveAllProps() override {
    MutexLock lock(mu_);
    props_.clear();
    return S_OK;
  }

 private:
  enum class Kind { kBackup, kRestore };

  // Only Release deletes, and the running operation holds a reference, so
  // an operation never outlives the object. Destroying `op_` waits for a
  // finished worker's last steps (or, on that worker, detaches it).
  friend ComObject;
  ~BackupRestorer() = default;

  HRESULT Start(Kind kind, DWORD flags, IWMStatusCallback* callback) EXCLUDES(mu_);
  HRESULT StartLocked(Kind kind, DWORD flags, std::shared_ptr<Delivery> delivery,
                      std::unique_ptr<Operation>* started) REQUIRES(mu_);
  HRESULT Cancel(Kind kind) EXCLUDES(mu_) {
    MutexLock lock(mu_);
    if (running_ && running_kind_ == kind && op_) op_->Cancel();
    return S_OK;
  }
  void Finished() EXCLUDES(mu_) {
    MutexLock lock(mu_);
    running_ = false;
  }
  std::optional<std::string> Get(Prop prop) const REQUIRES(mu_) {
    auto it = props_.find(prop);
    if (it == props_.end()) return std::nullopt;
    return it->second;
  }

  const HomeOptions options_;
  mutable Mutex mu_;
  std::map<Prop, std::string> props_ GUARDED_BY(mu_);  // values in UTF-8
  bool running_ GUARDED_BY(mu_) = false;
  Kind running_kind_ GUARDED_BY(mu_) = Kind::kBackup;
  std::unique_ptr<Operation> op_ GUARDED_BY(mu_);  // the running or the last operation
};

HRESULT BackupRestorer::SetProp(LPCWSTR name, WMT_ATTR_DATATYPE type, const BYTE* value,
                                WORD length) {
  if (name == nullptr || value == nullptr) return E_INVALIDARG;
  if (type != WMT_TYPE_STRING) return E_INVALIDARG;
  std::optional<Prop> prop = PropFromName(name);
  if (!prop) return E_INVALIDARG;
  // A NUL-terminated UTF-16 string, `length` bytes including the NUL; the
  // buffer may be unaligned, so it is copied unit by unit.
  if (length < 2 * sizeof(WCHAR) || length % sizeof(WCHAR) != 0) return E_INVALIDARG;
  std::u16string text(length / sizeof(WCHAR), u'\0');
  for (size_t i = 0; i < text.size(); ++i) {
    text[i] = static_cast<char16_t>(value[2 * i] | (value[2 * i + 1] << 8));
  }
  size_t end = text.find(u'\0');
  if (end == std::u16string::npos || end == 0) return E_INVALIDARG;
  std::optional<std::string> utf8 = Utf8FromUtf16(std::u16string_view(text).substr(0, end));
  if (!utf8) return E_INVALIDARG;
  MutexLock lock(mu_);
  props_[*prop] = std::move(*utf8);
  return S_OK;
}

HRESULT BackupRestorer::Start(Kind kind, DWORD flags, IWMStatusCallback* callback) {
  if (callback == nullptr) return E_INVALIDARG;
  DWORD known = kind == Kind::kBackup ? WM_BACKUP_OVERWRITE : WM_RESTORE_INDIVIDUALIZE;
  if ((flags & ~known) != 0) return E_INVALIDARG;
  std::shared_ptr<Delivery> delivery;
  try {
    delivery = std::make_shared<Delivery>(callback, Identity());
  } catch (const std::bad_alloc&) {
    return E_OUTOFMEMORY;
  }
  std::unique_ptr<Operation> previous;
  HRESULT hr;
  {
    MutexLock lock(mu_);
    if (running_) {
      hr = NS_E_DRM_BACKUPRESTORE_BUSY;
    } else {
      previous = std::move(op_);
      try {
        hr = StartLocked(kind, flags, delivery, &op_);
      } catch (const std::bad_alloc&) {
        hr = E_OUTOFMEMORY;
      }
      if (SUCCEEDED(hr)) {
        running_ = true;
        running_kind_ = kind;
      }
    }
  }
  // The last operation's worker is past its END; wait for it outside the
  // lock, since its callback may still be calling into this object.
  previous.reset();
  if (FAILED(hr)) delivery->Drop();
  return hr;
}

// Holds mu_. Events may arrive on the worker before this returns; END's
// handler takes mu_, so it waits until running_ is set.
HRESULT BackupRestorer::StartLocked(Kind kind, DWORD flags, std::shared_ptr<Delivery> delivery,
                                    std::unique_ptr<Operation>* started) {
  Prop path_prop = kind == Kind::kBackup ? Prop::kBackupPath : Prop::kRestorePath;
  std::optional<std::string> folder = Get(path_prop);
  if (!folder) return NS_E_DRM_INVALID_PROPERTY;
  auto home = ResolveHome(Get(Prop::kHome));
  if (!home.ok()) return HResultFromStatus(home.status());
  // Read here, under mu_: the lambda below is not analysed as holding it.
  std::optional<std::string> passphrase = Get(Prop::kPassphrase);
  auto finished = [this] { Finished(); };

  Result<std::unique_ptr<Operation>> op = [&] {
    if (kind == Kind::kBackup) {
      auto request = NewRequest<BackupRequest>(*home, options_, *folder);
      request.overwrite = (flags & WM_BACKUP_OVERWRITE) != 0;
      request.passphrase = std::move(passphrase);
      return StartBackup(
          request, [delivery, finished](const BackupEvent& e) { Deliver(*delivery, e, finished); });
    }
    auto request = NewRequest<RestoreRequest>(*home, options_, *folder);
    request.individualize = (flags & WM_RESTORE_INDIVIDUALIZE) != 0;
    request.passphrase = std::move(passphrase);
    return StartRestore(
        request, [delivery, finished](const RestoreEvent& e) { Deliver(*delivery, e, finished); });
  }();
  if (!op.ok()) return HResultFromStatus(op.status());
  *started = std::move(op).value();
  return S_OK;
}

}  // namespace

HRESULT CreateBackupRestorer(IUnknown* /*callback*/, const HomeOptions& options,
                             IWMLicenseBackup** backup) {
  if (backup == nullptr) return E_POINTER;
  *backup = nullptr;
  BackupRestorer* object = NewObject<BackupRestorer>(options);
  if (object == nullptr) return E_OUTOFMEMORY;
  *backup = object;
  return S_OK;
}

}  // namespace relic::sdk

// The creation callback is not used: events go to the callback each
// operation is given (docs/sdk.md, "Decisions").
extern "C" HRESULT STDMETHODCALLTYPE WMCreateBackupRestorer(IUnknown* pCallback,
                                                            IWMLicenseBackup** ppBackup) {
  return relic::sdk::CreateBackupRestorer(pCallback, relic::HomeOptions{}, ppBackup);
}
