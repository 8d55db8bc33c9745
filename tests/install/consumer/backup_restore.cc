// SPDX-License-Identifier: Apache-2.0
// The same application as backup_restore.c, in C++: the SDK's interfaces as
// abstract classes, u"" literals for the SDK's L"" ones. Built with g++ and
// `pkg-config --cflags --libs relic` alone.
//
//   backup_restore_cxx FOLDER SECOND_HOME
#include <wmsdk.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>

namespace {

class Callback final : public IWMStatusCallback {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppv) override {
    if (riid == IID_IUnknown || riid == IID_IWMStatusCallback) {
      *ppv = static_cast<IWMStatusCallback*>(this);
      AddRef();
      return S_OK;
    }
    *ppv = nullptr;
    return E_NOINTERFACE;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return ++refs_; }
  ULONG STDMETHODCALLTYPE Release() override {
    ULONG left = --refs_;
    std::lock_guard<std::mutex> lock(mu_);
    cv_.notify_all();
    return left;
  }
  HRESULT STDMETHODCALLTYPE OnStatus(WMT_STATUS status, HRESULT hr, WMT_ATTR_DATATYPE type,
                                     BYTE* value, void*) override {
    std::string text;
    if (type == WMT_TYPE_STRING && value != nullptr) {
      for (auto* w = reinterpret_cast<const WCHAR*>(value); *w != 0; ++w) {
        text += *w < 128 ? static_cast<char>(*w) : '?';
      }
    }
    std::printf("%d 0x%08X%s%s\n", static_cast<int>(status), static_cast<unsigned>(hr),
                text.empty() ? "" : " ", text.c_str());
    std::fflush(stdout);
    if (status == WMT_BACKUPRESTORE_END) {
      std::lock_guard<std::mutex> lock(mu_);
      ended_ = true;
      end_hr_ = hr;
      cv_.notify_all();
    }
    return S_OK;
  }
  HRESULT WaitForEnd() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return ended_ && refs_.load() == 1; });
    ended_ = false;
    return end_hr_;
  }

 private:
  std::atomic<ULONG> refs_{1};
  std::mutex mu_;
  std::condition_variable cv_;
  bool ended_ = false;
  HRESULT end_hr_ = E_FAIL;
};

HRESULT SetString(IWMBackupRestoreProps* props, const WCHAR* name, const char* value) {
  std::u16string wide(value, value + std::char_traits<char>::length(value));  // ASCII paths
  return props->SetProp(name, WMT_TYPE_STRING, reinterpret_cast<const BYTE*>(wide.c_str()),
                        static_cast<WORD>((wide.size() + 1) * sizeof(WCHAR)));
}

bool Check(const char* what, HRESULT hr) {
  if (FAILED(hr)) std::fprintf(stderr, "%s failed: 0x%08X\n", what, static_cast<unsigned>(hr));
  return SUCCEEDED(hr);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s FOLDER SECOND_HOME\n", argv[0]);
    return 2;
  }
  Callback callback;

  IWMLicenseBackup* backup = nullptr;
  IWMBackupRestoreProps* props = nullptr;
  if (!Check("WMCreateBackupRestorer", WMCreateBackupRestorer(&callback, &backup))) return 1;
  if (!Check("QueryInterface",
             backup->QueryInterface(IID_IWMBackupRestoreProps, reinterpret_cast<void**>(&props)))) {
    return 1;
  }
  if (!Check("SetProp(BackupPath)", SetString(props, u"BackupPath", argv[1]))) return 1;
  if (!Check("BackupLicenses", backup->BackupLicenses(WM_BACKUP_OVERWRITE, &callback))) return 1;
  HRESULT end = callback.WaitForEnd();
  props->Release();
  backup->Release();
  if (end != S_OK) return 1;

  IWMLicenseRestore* restore = nullptr;
  if (!Check("WMCreateBackupRestorer", WMCreateBackupRestorer(&callback, &backup))) return 1;
  if (!Check("QueryInterface",
             backup->QueryInterface(IID_IWMBackupRestoreProps, reinterpret_cast<void**>(&props))) ||
      !Check("QueryInterface",
             props->QueryInterface(IID_IWMLicenseRestore, reinterpret_cast<void**>(&restore)))) {
    return 1;
  }
  if (!Check("SetProp(RelicHome)", SetString(props, u"RelicHome", argv[2])) ||
      !Check("SetProp(RestorePath)", SetString(props, u"RestorePath", argv[1])) ||
      !Check("RestoreLicenses", restore->RestoreLicenses(WM_RESTORE_INDIVIDUALIZE, &callback))) {
    return 1;
  }
  end = callback.WaitForEnd();
  restore->Release();
  props->Release();
  backup->Release();
  return end == S_OK ? 0 : 1;
}
