// SPDX-License-Identifier: Apache-2.0
// The same backup and restore through the Windows Media DRM Client Extended
// API, polling GetEvent as Microsoft's example does (GetEvent with
// MF_EVENT_FLAG_NO_WAIT, sleep and retry, GetValue -> VT_UNKNOWN ->
// IWMDRMLicenseBackupRestoreStatus, until the Completed event). The home is
// $RELIC_HOME.
//
//   wmdrm_poll backup|restore FOLDER
#include <unistd.h>
#include <wmdrmsdk.h>
#include <wmsdk.h>

#include <cstdio>
#include <cstring>
#include <string>

namespace {

void Sleep(unsigned ms) { usleep(ms * 1000); }

std::string Narrow(BSTR s) {
  std::string out;
  for (UINT i = 0; s != nullptr && i < SysStringLen(s); ++i) {
    out += s[i] < 128 ? static_cast<char>(s[i]) : '?';
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 || (std::strcmp(argv[1], "backup") != 0 && std::strcmp(argv[1], "restore") != 0)) {
    std::fprintf(stderr, "usage: %s backup|restore FOLDER\n", argv[0]);
    return 2;
  }
  const bool backup = std::strcmp(argv[1], "backup") == 0;
  HRESULT hr = WMDRMStartup();
  if (FAILED(hr)) return 1;
  IWMDRMProvider* provider = nullptr;
  IWMDRMLicenseManagement* manager = nullptr;
  hr = WMDRMCreateProvider(&provider);
  if (SUCCEEDED(hr)) {
    hr = provider->CreateObject(IID_IWMDRMLicenseManagement, reinterpret_cast<void**>(&manager));
  }
  if (FAILED(hr)) {
    std::fprintf(stderr, "creating the license manager failed: 0x%08X\n",
                 static_cast<unsigned>(hr));
    return 1;
  }

  std::u16string folder(argv[2], argv[2] + std::strlen(argv[2]));
  BSTR directory = SysAllocString(folder.c_str());
  IUnknown* cookie = nullptr;
  hr = backup ? manager->BackupLicenses(directory, WMDRM_BACKUP_OVERWRITE, &cookie)
              : manager->RestoreLicenses(directory, WMDRM_RESTORE_INDIVIDUALIZE, &cookie);
  SysFreeString(directory);
  if (FAILED(hr)) {
    std::fprintf(stderr, "starting failed: 0x%08X\n", static_cast<unsigned>(hr));
    return 1;
  }

  const MediaEventType completed =
      backup ? MEWMDRMLicenseBackupCompleted : MEWMDRMLicenseRestoreCompleted;
  HRESULT result = E_FAIL;
  for (bool done = false; !done;) {
    IMFMediaEvent* event = nullptr;
    hr = manager->GetEvent(MF_EVENT_FLAG_NO_WAIT, &event);
    if (FAILED(hr)) {
      Sleep(50);
      continue;
    }
    MediaEventType type = 0;
    HRESULT status = E_FAIL;
    event->GetType(&type);
    event->GetStatus(&status);
    if (type == completed) {
      result = status;
      done = true;
      std::printf("%u 0x%08X\n", static_cast<unsigned>(type), static_cast<unsigned>(status));
    } else {
      PROPVARIANT value;
      PropVariantInit(&value);
      if (SUCCEEDED(event->GetValue(&value)) && value.vt == VT_UNKNOWN) {
        IWMDRMLicenseBackupRestoreStatus* progress = nullptr;
        if (SUCCEEDED(value.punkVal->QueryInterface(IID_IWMDRMLicenseBackupRestoreStatus,
                                                    reinterpret_cast<void**>(&progress)))) {
          WM_BACKUP_RESTORE_STATUS s;
          if (SUCCEEDED(progress->GetStatus(&s))) {
            std::string text = Narrow(s.bstrError);
            std::printf("%u 0x%08X %d%s%s\n", static_cast<unsigned>(type),
                        static_cast<unsigned>(status), static_cast<int>(s.eStatus),
                        text.empty() ? "" : " ", text.c_str());
            SysFreeString(s.bstrError);
          }
          progress->Release();
        }
      }
      PropVariantClear(&value);
    }
    std::fflush(stdout);
    event->Release();
  }
  if (cookie != nullptr) cookie->Release();
  manager->Shutdown();
  manager->Release();
  provider->Release();
  WMDRMShutdown();
  return result == S_OK ? 0 : 1;
}
