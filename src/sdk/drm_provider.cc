// SPDX-License-Identifier: Apache-2.0
// The extended API's entry points and its provider: WMDRMStartup,
// WMDRMShutdown, WMDRMCreateProvider and IWMDRMProvider. relic needs no
// process-wide DRM state; the count keeps Windows' pairing rule observable.
#include "sdk/drm_provider.h"

#include <atomic>

#include "sdk/allocation.h"
#include "sdk/com_object.h"
#include "sdk/license_management.h"

namespace relic::sdk {
namespace {

class DrmProvider final : public ComObject<DrmProvider, IWMDRMProvider> {
 public:
  DrmProvider(std::optional<std::string> home, const HomeOptions& options)
      : home_(std::move(home)), options_(options) {}

  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** object) override {
    return QueryInterfaceIn({{IID_IUnknown, this}, {IID_IWMDRMProvider, this}}, riid, object);
  }
  // Only license management; IWMDRMLicenseQuery, IWMDRMSecurity and the
  // network interfaces are not part of relic (E_NOINTERFACE).
  HRESULT STDMETHODCALLTYPE CreateObject(REFIID riid, void** object) override {
    if (object == nullptr) return E_POINTER;
    *object = nullptr;
    if (riid != IID_IWMDRMLicenseManagement) return E_NOINTERFACE;
    IWMDRMLicenseManagement* created = nullptr;
    HRESULT hr = CreateLicenseManagement(home_, options_, &created);
    if (SUCCEEDED(hr)) *object = created;
    return hr;
  }

 private:
  friend ComObject;
  ~DrmProvider() = default;
  const std::optional<std::string> home_;
  const HomeOptions options_;
};

}  // namespace

HRESULT CreateDrmProvider(const std::optional<std::string>& home, const HomeOptions& options,
                          IWMDRMProvider** provider) {
  if (provider == nullptr) return E_POINTER;
  *provider = nullptr;
  DrmProvider* created = nullptr;
  try {
    created = NewObject<DrmProvider>(home, options);
  } catch (const std::bad_alloc&) {
    return E_OUTOFMEMORY;
  }
  if (created == nullptr) return E_OUTOFMEMORY;
  *provider = created;
  return S_OK;
}

}  // namespace relic::sdk

namespace {
std::atomic<int> startups{0};
}  // namespace

extern "C" HRESULT STDMETHODCALLTYPE WMDRMStartup(void) {
  ++startups;
  return S_OK;
}

// Each WMDRMStartup is paired with one WMDRMShutdown; an unpaired one is
// E_UNEXPECTED. Objects already created keep working.
extern "C" HRESULT STDMETHODCALLTYPE WMDRMShutdown(void) {
  int count = startups.load();
  while (count > 0) {
    if (startups.compare_exchange_weak(count, count - 1)) return S_OK;
  }
  return E_UNEXPECTED;
}

// Before WMDRMStartup (or after the last WMDRMShutdown): E_UNEXPECTED.
extern "C" HRESULT STDMETHODCALLTYPE WMDRMCreateProvider(IWMDRMProvider** ppDRMProvider) {
  if (ppDRMProvider == nullptr) return E_POINTER;
  *ppDRMProvider = nullptr;
  if (startups.load() <= 0) return E_UNEXPECTED;
  return relic::sdk::CreateDrmProvider(std::nullopt, relic::HomeOptions{}, ppDRMProvider);
}
