// SPDX-License-Identifier: Apache-2.0
#include "sdk/media_event.h"

#include <atomic>
#include <cstring>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "sdk/allocation.h"
#include "sdk/com_object.h"
#include "sdk/prop_variant.h"

namespace relic::sdk {
namespace {

// HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER), what Media Foundation
// returns when a caller's buffer is too small.
constexpr HRESULT kInsufficientBuffer = static_cast<HRESULT>(0x8007007A);

bool IsAttributeType(VARTYPE vt) {
  return vt == VT_UI4 || vt == VT_UI8 || vt == VT_R8 || vt == VT_CLSID || vt == VT_LPWSTR ||
         vt == kVtBlobVector || vt == VT_UNKNOWN;
}

class MediaEvent final : public ComObject<MediaEvent, IMFMediaEvent> {
 public:
  MediaEvent(MediaEventType type, const GUID& extended_type, HRESULT status)
      : type_(type), extended_type_(extended_type), status_(status) {
    PropVariantInit(&value_);
  }

  HRESULT InitValue(const PROPVARIANT* value) {
    if (value == nullptr) return S_OK;
    return CopyPropVariant(&value_, *value);
  }

  // IUnknown
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** object) override {
    return QueryInterfaceIn(
        {{IID_IUnknown, this}, {IID_IMFAttributes, this}, {IID_IMFMediaEvent, this}}, riid, object);
  }

  // IMFMediaEvent
  HRESULT STDMETHODCALLTYPE GetType(MediaEventType* type) override {
    if (type == nullptr) return E_POINTER;
    *type = type_;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE GetExtendedType(GUID* extended_type) override {
    if (extended_type == nullptr) return E_POINTER;
    *extended_type = extended_type_;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE GetStatus(HRESULT* status) override {
    if (status == nullptr) return E_POINTER;
    *status = status_;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE GetValue(PROPVARIANT* value) override {
    if (value == nullptr) return E_POINTER;
    return CopyPropVariant(value, value_);
  }

  // IMFAttributes
  HRESULT STDMETHODCALLTYPE GetItem(REFGUID key, PROPVARIANT* value) override {
    Lock lock(this);
    const PROPVARIANT* item = Find(key);
    if (item == nullptr) return MF_E_ATTRIBUTENOTFOUND;
    return value == nullptr ? S_OK : CopyPropVariant(value, *item);
  }
  HRESULT STDMETHODCALLTYPE GetItemType(REFGUID key, MF_ATTRIBUTE_TYPE* type) override {
    if (type == nullptr) return E_POINTER;
    Lock lock(this);
    const PROPVARIANT* item = Find(key);
    if (item == nullptr) return MF_E_ATTRIBUTENOTFOUND;
    *type = static_cast<MF_ATTRIBUTE_TYPE>(item->vt);
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE CompareItem(REFGUID key, REFPROPVARIANT value, BOOL* result) override {
    if (result == nullptr) return E_POINTER;
    Lock lock(this);
    const PROPVARIANT* item = Find(key);
    *result = item != nullptr && PropVariantEqual(*item, value);
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE Compare(IMFAttributes* theirs, MF_ATTRIBUTES_MATCH_TYPE type,
                                    BOOL* result) override;
  HRESULT STDMETHODCALLTYPE GetUINT32(REFGUID key, UINT32* value) override {
    return GetScalar(key, VT_UI4, value, [](const PROPVARIANT& p) { return p.ulVal; });
  }
  HRESULT STDMETHODCALLTYPE GetUINT64(REFGUID key, UINT64* value) override {
    return GetScalar(key, VT_UI8, value, [](const PROPVARIANT& p) { return p.uhVal; });
  }
  HRESULT STDMETHODCALLTYPE GetDouble(REFGUID key, double* value) override {
    return GetScalar(key, VT_R8, value, [](const PROPVARIANT& p) { return p.dblVal; });
  }
  HRESULT STDMETHODCALLTYPE GetGUID(REFGUID key, GUID* value) override {
    return GetScalar(key, VT_CLSID, value, [](const PROPVARIANT& p) { return *p.puuid; });
  }
  HRESULT STDMETHODCALLTYPE GetStringLength(REFGUID key, UINT32* length) override {
    if (length == nullptr) return E_POINTER;
    Lock lock(this);
    const PROPVARIANT* item = nullptr;
    if (HRESULT hr = Typed(key, VT_LPWSTR, &item); FAILED(hr)) return hr;
    *length = Chars(item->pwszVal);
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE GetString(REFGUID key, LPWSTR buffer, UINT32 size,
                                      UINT32* length) override {
    if (buffer == nullptr) return E_POINTER;
    Lock lock(this);
    const PROPVARIANT* item = nullptr;
    if (HRESULT hr = Typed(key, VT_LPWSTR, &item); FAILED(hr)) return hr;
    UINT32 n = Chars(item->pwszVal);
    if (length != nullptr) *length = n;
    if (size < n + 1) return kInsufficientBuffer;
    std::memcpy(buffer, item->pwszVal, (n + 1) * sizeof(WCHAR));
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE GetAllocatedString(REFGUID key, LPWSTR* value,
                                               UINT32* length) override {
    if (value == nullptr || length == nullptr) return E_POINTER;
    *value = nullptr;
    Lock lock(this);
    const PROPVARIANT* item = nullptr;
    if (HRESULT hr = Typed(key, VT_LPWSTR, &item); FAILED(hr)) return hr;
    UINT32 n = Chars(item->pwszVal);
    auto* copy = static_cast<LPWSTR>(CoTaskMemAlloc((n + 1) * sizeof(WCHAR)));
    if (copy == nullptr) return E_OUTOFMEMORY;
    std::memcpy(copy, item->pwszVal, (n + 1) * sizeof(WCHAR));
    *value = copy;
    *length = n;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE GetBlobSize(REFGUID key, UINT32* size) override {
    if (size == nullptr) return E_POINTER;
    Lock lock(this);
    const PROPVARIANT* item = nullptr;
    if (HRESULT hr = Typed(key, kVtBlobVector, &item); FAILED(hr)) return hr;
    *size = item->blob.cbSize;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE GetBlob(REFGUID key, UINT8* buffer, UINT32 size,
                                    UINT32* blob_size) override {
    if (buffer == nullptr) return E_POINTER;
    Lock lock(this);
    const PROPVARIANT* item = nullptr;
    if (HRESULT hr = Typed(key, kVtBlobVector, &item); FAILED(hr)) return hr;
    if (blob_size != nullptr) *blob_size = item->blob.cbSize;
    if (size < item->blob.cbSize) return kInsufficientBuffer;
    if (item->blob.cbSize > 0) std::memcpy(buffer, item->blob.pBlobData, item->blob.cbSize);
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE GetAllocatedBlob(REFGUID key, UINT8** buffer, UINT32* size) override {
    if (buffer == nullptr || size == nullptr) return E_POINTER;
    *buffer = nullptr;
    Lock lock(this);
    const PROPVARIANT* item = nullptr;
    if (HRESULT hr = Typed(key, kVtBlobVector, &item); FAILED(hr)) return hr;
    // CoTaskMemAlloc(0) may give NULL; one byte keeps "success" non-NULL.
    auto* copy = static_cast<UINT8*>(CoTaskMemAlloc(item->blob.cbSize + 1));
    if (copy == nullptr) return E_OUTOFMEMORY;
    if (item->blob.cbSize > 0) std::memcpy(copy, item->blob.pBlobData, item->blob.cbSize);
    *buffer = copy;
    *size = item->blob.cbSize;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE GetUnknown(REFGUID key, REFIID riid, LPVOID* object) override {
    if (object == nullptr) return E_POINTER;
    *object = nullptr;
    Lock lock(this);
    const PROPVARIANT* item = nullptr;
    if (HRESULT hr = Typed(key, VT_UNKNOWN, &item); FAILED(hr)) return hr;
    if (item->punkVal == nullptr) return E_NOINTERFACE;
    return item->punkVal->QueryInterface(riid, object);
  }
  HRESULT STDMETHODCALLTYPE SetItem(REFGUID key, REFPROPVARIANT value) override {
    if (!IsAttributeType(value.vt)) return MF_E_INVALIDTYPE;
    if ((value.vt == VT_CLSID && value.puuid == nullptr) ||
        (value.vt == VT_LPWSTR && value.pwszVal == nullptr)) {
      return E_INVALIDARG;
    }
    PROPVARIANT copy;
    if (HRESULT hr = CopyPropVariant(&copy, value); FAILED(hr)) return hr;
    Lock lock(this);
    return Put(key, copy);
  }
  HRESULT STDMETHODCALLTYPE DeleteItem(REFGUID key) override {
    Lock lock(this);
    for (auto it = items_.begin(); it != items_.end(); ++it) {
      if (it->first == key) {
        PropVariantClear(&it->second);
        items_.erase(it);
        break;
      }
    }
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE DeleteAllItems() override {
    Lock lock(this);
    for (auto& item : items_) PropVariantClear(&item.second);
    items_.clear();
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE SetUINT32(REFGUID key, UINT32 value) override {
    PROPVARIANT p;
    PropVariantInit(&p);
    p.vt = VT_UI4;
    p.ulVal = value;
    return SetItem(key, p);
  }
  HRESULT STDMETHODCALLTYPE SetUINT64(REFGUID key, UINT64 value) override {
    PROPVARIANT p;
    PropVariantInit(&p);
    p.vt = VT_UI8;
    p.uhVal = value;
    return SetItem(key, p);
  }
  HRESULT STDMETHODCALLTYPE SetDouble(REFGUID key, double value) override {
    PROPVARIANT p;
    PropVariantInit(&p);
    p.vt = VT_R8;
    p.dblVal = value;
    return SetItem(key, p);
  }
  HRESULT STDMETHODCALLTYPE SetGUID(REFGUID key, REFGUID value) override {
    GUID copy = value;
    PROPVARIANT p;
    PropVariantInit(&p);
    p.vt = VT_CLSID;
    p.puuid = &copy;
    return SetItem(key, p);
  }
  HRESULT STDMETHODCALLTYPE SetString(REFGUID key, LPCWSTR value) override {
    if (value == nullptr) return E_POINTER;
    PROPVARIANT p;
    PropVariantInit(&p);
    p.vt = VT_LPWSTR;
    p.pwszVal = const_cast<LPWSTR>(value);
    return SetItem(key, p);
  }
  HRESULT STDMETHODCALLTYPE SetBlob(REFGUID key, const UINT8* buffer, UINT32 size) override {
    if (buffer == nullptr && size > 0) return E_POINTER;
    PROPVARIANT p;
    PropVariantInit(&p);
    p.vt = kVtBlobVector;
    p.blob.cbSize = size;
    p.blob.pBlobData = const_cast<UINT8*>(buffer);
    return SetItem(key, p);
  }
  HRESULT STDMETHODCALLTYPE SetUnknown(REFGUID key, IUnknown* value) override {
    PROPVARIANT p;
    PropVariantInit(&p);
    p.vt = VT_UNKNOWN;
    p.punkVal = value;
    return SetItem(key, p);
  }
  // Other threads wait while one thread holds the store (recursively).
  HRESULT STDMETHODCALLTYPE LockStore() override {
    mu_.lock();
    owner_.store(std::this_thread::get_id());
    ++depth_;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE UnlockStore() override {
    if (owner_.load() != std::this_thread::get_id()) return E_UNEXPECTED;
    if (--depth_ == 0) owner_.store(std::thread::id());
    mu_.unlock();
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE GetCount(UINT32* count) override {
    if (count == nullptr) return E_POINTER;
    Lock lock(this);
    *count = static_cast<UINT32>(items_.size());
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE GetItemByIndex(UINT32 index, GUID* key, PROPVARIANT* value) override {
    if (key == nullptr) return E_POINTER;
    Lock lock(this);
    if (index >= items_.size()) return E_INVALIDARG;
    if (value != nullptr) {
      if (HRESULT hr = CopyPropVariant(value, items_[index].second); FAILED(hr)) return hr;
    }
    *key = items_[index].first;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE CopyAllItems(IMFAttributes* destination) override {
    if (destination == nullptr) return E_POINTER;
    Lock lock(this);
    if (HRESULT hr = destination->DeleteAllItems(); FAILED(hr)) return hr;
    for (const auto& [key, value] : items_) {
      if (HRESULT hr = destination->SetItem(key, value); FAILED(hr)) return hr;
    }
    return S_OK;
  }

 private:
  struct Lock {
    explicit Lock(MediaEvent* event) : mu(event->mu_) { mu.lock(); }
    ~Lock() { mu.unlock(); }
    std::recursive_mutex& mu;
  };

  friend ComObject;
  ~MediaEvent() {
    for (auto& item : items_) PropVariantClear(&item.second);
    PropVariantClear(&value_);
  }

  static UINT32 Chars(const WCHAR* text) {
    UINT32 n = 0;
    while (text[n] != 0) ++n;
    return n;
  }

  const PROPVARIANT* Find(REFGUID key) const {
    for (const auto& item : items_) {
      if (item.first == key) return &item.second;
    }
    return nullptr;
  }
  HRESULT Typed(REFGUID key, VARTYPE vt, const PROPVARIANT** item) const {
    *item = Find(key);
    if (*item == nullptr) return MF_E_ATTRIBUTENOTFOUND;
    if ((*item)->vt != vt) return MF_E_INVALIDTYPE;
    return S_OK;
  }
  template <typename T, typename Read>
  HRESULT GetScalar(REFGUID key, VARTYPE vt, T* value, Read read) {
    if (value == nullptr) return E_POINTER;
    Lock lock(this);
    const PROPVARIANT* item = nullptr;
    if (HRESULT hr = Typed(key, vt, &item); FAILED(hr)) return hr;
    *value = read(*item);
    return S_OK;
  }
  // Takes ownership of `value`.
  HRESULT Put(REFGUID key, PROPVARIANT value) {
    for (auto& item : items_) {
      if (item.first == key) {
        PropVariantClear(&item.second);
        item.second = value;
        return S_OK;
      }
    }
    try {
      items_.emplace_back(key, value);
    } catch (const std::bad_alloc&) {
      PropVariantClear(&value);
      return E_OUTOFMEMORY;
    }
    return S_OK;
  }
  // Whether every item of `from` is in `in` with an equal value.
  static HRESULT Contains(IMFAttributes* in, IMFAttributes* from, BOOL* result);

  const MediaEventType type_;
  const GUID extended_type_;
  const HRESULT status_;
  PROPVARIANT value_;
  std::recursive_mutex mu_;
  std::atomic<std::thread::id> owner_{};
  int depth_ = 0;  // only touched by the thread holding mu_ through LockStore
  std::vector<std::pair<GUID, PROPVARIANT>> items_;
};

HRESULT MediaEvent::Contains(IMFAttributes* in, IMFAttributes* from, BOOL* result) {
  UINT32 count = 0;
  if (HRESULT hr = from->GetCount(&count); FAILED(hr)) return hr;
  *result = TRUE;
  for (UINT32 i = 0; i < count && *result; ++i) {
    GUID key;
    PROPVARIANT value;
    PropVariantInit(&value);
    if (HRESULT hr = from->GetItemByIndex(i, &key, &value); FAILED(hr)) return hr;
    HRESULT hr = in->CompareItem(key, value, result);
    PropVariantClear(&value);
    if (FAILED(hr)) return hr;
  }
  return S_OK;
}

HRESULT MediaEvent::Compare(IMFAttributes* theirs, MF_ATTRIBUTES_MATCH_TYPE type, BOOL* result) {
  if (theirs == nullptr || result == nullptr) return E_POINTER;
  *result = FALSE;
  // Both stores stay as they are for the whole comparison.
  Lock lock(this);
  IMFAttributes* ours = this;
  UINT32 our_count = static_cast<UINT32>(items_.size()), their_count = 0;
  if (HRESULT hr = theirs->GetCount(&their_count); FAILED(hr)) return hr;
  BOOL a = FALSE, b = FALSE;
  switch (type) {
    case MF_ATTRIBUTES_MATCH_OUR_ITEMS:
      return Contains(theirs, ours, result);
    case MF_ATTRIBUTES_MATCH_THEIR_ITEMS:
      return Contains(ours, theirs, result);
    case MF_ATTRIBUTES_MATCH_ALL_ITEMS:
      if (our_count != their_count) return S_OK;
      return Contains(theirs, ours, result);
    case MF_ATTRIBUTES_MATCH_INTERSECTION:
      // Keys in both have equal values.
      for (const auto& [key, value] : items_) {
        PROPVARIANT other;
        PropVariantInit(&other);
        HRESULT hr = theirs->GetItem(key, &other);
        if (hr == MF_E_ATTRIBUTENOTFOUND) continue;
        if (FAILED(hr)) return hr;
        bool equal = PropVariantEqual(value, other);
        PropVariantClear(&other);
        if (!equal) return S_OK;
      }
      *result = TRUE;
      return S_OK;
    case MF_ATTRIBUTES_MATCH_SMALLER:
      if (our_count <= their_count) {
        if (HRESULT hr = Contains(theirs, ours, &a); FAILED(hr)) return hr;
        *result = a;
      } else {
        if (HRESULT hr = Contains(ours, theirs, &b); FAILED(hr)) return hr;
        *result = b;
      }
      return S_OK;
  }
  return E_INVALIDARG;
}

}  // namespace

HRESULT NewMediaEvent(MediaEventType type, REFGUID extended_type, HRESULT status,
                      const PROPVARIANT* value, IMFMediaEvent** event) {
  if (event == nullptr) return E_POINTER;
  *event = nullptr;
  MediaEvent* created = NewObject<MediaEvent>(type, extended_type, status);
  if (created == nullptr) return E_OUTOFMEMORY;
  if (HRESULT hr = created->InitValue(value); FAILED(hr)) {
    created->Release();
    return hr;
  }
  *event = created;
  return S_OK;
}

}  // namespace relic::sdk
