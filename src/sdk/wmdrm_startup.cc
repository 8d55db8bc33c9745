// WMDRMStartup, WMDRMShutdown and WMDRMCreateProvider. relic needs no
// process-wide DRM state; the count keeps Windows' pairing rule observable.
#include <atomic>

#include "sdk/license_management.h"

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
