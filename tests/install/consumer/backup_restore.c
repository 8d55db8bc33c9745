// SPDX-License-Identifier: Apache-2.0
/* An application written as the Windows Media Format SDK documentation
   describes, in C, built with gcc and `pkg-config --cflags --libs relic`
   alone: it backs up the licenses of the relic home found as the CLI finds
   it ($RELIC_HOME), then restores them onto a second home, named with
   relic's RelicHome property.

     backup_restore_c FOLDER SECOND_HOME

   Prints each OnStatus as "<status> 0x<hr> [text]"; exits 0 when both ENDs
   report S_OK. */
#define COBJMACROS
#include <wmsdk.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Callback {
  IWMStatusCallback iface; /* first: the interface pointer is the object */
  pthread_mutex_t mu;
  pthread_cond_t cv;
  ULONG refs;
  int ended;
  HRESULT end_hr;
} Callback;

static HRESULT STDMETHODCALLTYPE QueryInterface(IWMStatusCallback* This, REFIID riid, void** ppv) {
  if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IWMStatusCallback)) {
    *ppv = This;
    IWMStatusCallback_AddRef(This);
    return S_OK;
  }
  *ppv = NULL;
  return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE AddRef(IWMStatusCallback* This) {
  Callback* cb = (Callback*)This;
  ULONG refs;
  pthread_mutex_lock(&cb->mu);
  refs = ++cb->refs;
  pthread_mutex_unlock(&cb->mu);
  return refs;
}

static ULONG STDMETHODCALLTYPE Release(IWMStatusCallback* This) {
  Callback* cb = (Callback*)This;
  ULONG refs;
  pthread_mutex_lock(&cb->mu);
  refs = --cb->refs;
  pthread_cond_broadcast(&cb->cv);
  pthread_mutex_unlock(&cb->mu);
  return refs;
}

/* Runs on relic's worker thread. */
static HRESULT STDMETHODCALLTYPE OnStatus(IWMStatusCallback* This, WMT_STATUS Status, HRESULT hr,
                                          WMT_ATTR_DATATYPE dwType, BYTE* pValue, void* pvContext) {
  Callback* cb = (Callback*)This;
  char text[512] = "";
  (void)pvContext;
  if (dwType == WMT_TYPE_STRING && pValue != NULL) {
    const WCHAR* w = (const WCHAR*)pValue;
    size_t i;
    for (i = 0; w[i] != 0 && i + 1 < sizeof text; ++i) text[i] = w[i] < 128 ? (char)w[i] : '?';
    text[i] = 0;
  }
  printf("%d 0x%08X%s%s\n", (int)Status, (unsigned)hr, text[0] ? " " : "", text);
  fflush(stdout);
  if (Status == WMT_BACKUPRESTORE_END) {
    pthread_mutex_lock(&cb->mu);
    cb->ended = 1;
    cb->end_hr = hr;
    pthread_cond_broadcast(&cb->cv);
    pthread_mutex_unlock(&cb->mu);
  }
  return S_OK;
}

static const IWMStatusCallbackVtbl kCallbackVtbl = {QueryInterface, AddRef, Release, OnStatus};

/* Waits for END and for the object to give back its reference. */
static HRESULT WaitForEnd(Callback* cb) {
  HRESULT hr;
  pthread_mutex_lock(&cb->mu);
  while (!cb->ended || cb->refs != 1) pthread_cond_wait(&cb->cv, &cb->mu);
  hr = cb->end_hr;
  cb->ended = 0;
  pthread_mutex_unlock(&cb->mu);
  return hr;
}

/* ASCII to a NUL-terminated UTF-16 buffer (the paths of this test). */
static WCHAR* Widen(const char* s, WORD* bytes) {
  size_t n = strlen(s), i;
  WCHAR* w = (WCHAR*)malloc((n + 1) * sizeof(WCHAR));
  if (w == NULL) exit(3);
  for (i = 0; i <= n; ++i) w[i] = (WCHAR)(unsigned char)s[i];
  *bytes = (WORD)((n + 1) * sizeof(WCHAR));
  return w;
}

static HRESULT SetString(IWMBackupRestoreProps* props, const char* name, const char* value) {
  WORD name_bytes, value_bytes;
  WCHAR* wname = Widen(name, &name_bytes);
  WCHAR* wvalue = Widen(value, &value_bytes);
  HRESULT hr = IWMBackupRestoreProps_SetProp(props, wname, WMT_TYPE_STRING, (const BYTE*)wvalue,
                                             value_bytes);
  free(wname);
  free(wvalue);
  return hr;
}

#define CHECK(what, expr)                                                \
  do {                                                                   \
    HRESULT check_hr_ = (expr);                                          \
    if (FAILED(check_hr_)) {                                             \
      fprintf(stderr, "%s failed: 0x%08X\n", what, (unsigned)check_hr_); \
      return 1;                                                          \
    }                                                                    \
  } while (0)

int main(int argc, char** argv) {
  Callback cb;
  IWMLicenseBackup* backup = NULL;
  IWMLicenseRestore* restore = NULL;
  IWMBackupRestoreProps* props = NULL;
  HRESULT end;
  if (argc != 3) {
    fprintf(stderr, "usage: %s FOLDER SECOND_HOME\n", argv[0]);
    return 2;
  }
  memset(&cb, 0, sizeof cb);
  cb.iface.lpVtbl = &kCallbackVtbl;
  cb.refs = 1;
  pthread_mutex_init(&cb.mu, NULL);
  pthread_cond_init(&cb.cv, NULL);

  /* Back up this machine's licenses. */
  CHECK("WMCreateBackupRestorer", WMCreateBackupRestorer((IUnknown*)&cb.iface, &backup));
  CHECK("QueryInterface(IWMBackupRestoreProps)",
        IWMLicenseBackup_QueryInterface(backup, &IID_IWMBackupRestoreProps, (void**)&props));
  CHECK("SetProp(BackupPath)", SetString(props, "BackupPath", argv[1]));
  CHECK("BackupLicenses", IWMLicenseBackup_BackupLicenses(backup, WM_BACKUP_OVERWRITE, &cb.iface));
  end = WaitForEnd(&cb);
  IWMBackupRestoreProps_Release(props);
  IWMLicenseBackup_Release(backup);
  if (end != S_OK) {
    fprintf(stderr, "backup ended with 0x%08X\n", (unsigned)end);
    return 1;
  }

  /* Restore them onto the second home, individualizing it. */
  CHECK("WMCreateBackupRestorer", WMCreateBackupRestorer((IUnknown*)&cb.iface, &backup));
  CHECK("QueryInterface(IWMBackupRestoreProps)",
        IWMLicenseBackup_QueryInterface(backup, &IID_IWMBackupRestoreProps, (void**)&props));
  CHECK("QueryInterface(IWMLicenseRestore)",
        IWMBackupRestoreProps_QueryInterface(props, &IID_IWMLicenseRestore, (void**)&restore));
  CHECK("SetProp(RelicHome)", SetString(props, "RelicHome", argv[2]));
  CHECK("SetProp(RestorePath)", SetString(props, "RestorePath", argv[1]));
  CHECK("RestoreLicenses",
        IWMLicenseRestore_RestoreLicenses(restore, WM_RESTORE_INDIVIDUALIZE, &cb.iface));
  end = WaitForEnd(&cb);
  IWMLicenseRestore_Release(restore);
  IWMBackupRestoreProps_Release(props);
  IWMLicenseBackup_Release(backup);
  pthread_cond_destroy(&cb.cv);
  pthread_mutex_destroy(&cb.mu);
  if (end != S_OK) {
    fprintf(stderr, "restore ended with 0x%08X\n", (unsigned)end);
    return 1;
  }
  return 0;
}
