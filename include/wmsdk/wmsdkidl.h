// SPDX-License-Identifier: Apache-2.0
/* wmsdkidl.h: the Windows Media Format SDK declarations of the license
 * backup restorer (WMCreateBackupRestorer, IWMLicenseBackup,
 * IWMLicenseRestore, IWMBackupRestoreProps, IWMStatusCallback), with the
 * IIDs, vtable orders and enum values of Microsoft's wmsdkidl.h. Part of
 * relic; declarations written for relic (docs/sdk.md), values as on Windows.
 * Include <wmsdk.h>, or this header directly. */
#ifndef RELIC_WMSDK_WMSDKIDL_H
#define RELIC_WMSDK_WMSDKIDL_H

#include "relic_com.h"

typedef struct IWMStatusCallback IWMStatusCallback;
typedef struct IWMLicenseBackup IWMLicenseBackup;
typedef struct IWMLicenseRestore IWMLicenseRestore;
typedef struct IWMBackupRestoreProps IWMBackupRestoreProps;

/* Status values delivered to IWMStatusCallback::OnStatus (complete). */
typedef enum WMT_STATUS {
  WMT_ERROR = 0,
  WMT_OPENED = 1,
  WMT_BUFFERING_START = 2,
  WMT_BUFFERING_STOP = 3,
  WMT_EOF = 4,
  WMT_END_OF_FILE = 4,
  WMT_END_OF_SEGMENT = 5,
  WMT_END_OF_STREAMING = 6,
  WMT_LOCATING = 7,
  WMT_CONNECTING = 8,
  WMT_NO_RIGHTS = 9,
  WMT_MISSING_CODEC = 10,
  WMT_STARTED = 11,
  WMT_STOPPED = 12,
  WMT_CLOSED = 13,
  WMT_STRIDING = 14,
  WMT_TIMER = 15,
  WMT_INDEX_PROGRESS = 16,
  WMT_SAVEAS_START = 17,
  WMT_SAVEAS_STOP = 18,
  WMT_NEW_SOURCEFLAGS = 19,
  WMT_NEW_METADATA = 20,
  WMT_BACKUPRESTORE_BEGIN = 21,
  WMT_SOURCE_SWITCH = 22,
  WMT_ACQUIRE_LICENSE = 23,
  WMT_INDIVIDUALIZE = 24,
  WMT_NEEDS_INDIVIDUALIZATION = 25,
  WMT_NO_RIGHTS_EX = 26,
  WMT_BACKUPRESTORE_END = 27,
  WMT_BACKUPRESTORE_CONNECTING = 28,
  WMT_BACKUPRESTORE_DISCONNECTING = 29,
  WMT_ERROR_WITHURL = 30,
  WMT_RESTRICTED_LICENSE = 31,
  WMT_CLIENT_CONNECT = 32,
  WMT_CLIENT_DISCONNECT = 33,
  WMT_NATIVE_OUTPUT_PROPS_CHANGED = 34,
  WMT_RECONNECT_START = 35,
  WMT_RECONNECT_END = 36,
  WMT_CLIENT_CONNECT_EX = 37,
  WMT_CLIENT_DISCONNECT_EX = 38,
  WMT_SET_FEC_SPAN = 39,
  WMT_PREROLL_READY = 40,
  WMT_PREROLL_COMPLETE = 41,
  WMT_CLIENT_PROPERTIES = 42,
  WMT_LICENSEURL_SIGNATURE_STATE = 43,
  WMT_INIT_PLAYLIST_BURN = 44,
  WMT_TRANSCRYPTOR_INIT = 45,
  WMT_TRANSCRYPTOR_SEEKED = 46,
  WMT_TRANSCRYPTOR_READ = 47,
  WMT_TRANSCRYPTOR_CLOSED = 48,
  WMT_PROXIMITY_RESULT = 49,
  WMT_PROXIMITY_COMPLETED = 50,
  WMT_CONTENT_ENABLER = 51
} WMT_STATUS;

/* The type of an OnStatus value or a property. */
typedef enum WMT_ATTR_DATATYPE {
  WMT_TYPE_DWORD = 0,
  WMT_TYPE_STRING = 1,
  WMT_TYPE_BINARY = 2,
  WMT_TYPE_BOOL = 3,
  WMT_TYPE_QWORD = 4,
  WMT_TYPE_WORD = 5,
  WMT_TYPE_GUID = 6
} WMT_ATTR_DATATYPE;

/* IWMLicenseBackup::BackupLicenses and IWMLicenseRestore::RestoreLicenses
   flags. */
#define WM_BACKUP_OVERWRITE RELIC_COM_CAST(DWORD, 0x00000001)
#define WM_RESTORE_INDIVIDUALIZE RELIC_COM_CAST(DWORD, 0x00000002)

/* IWMStatusCallback : IUnknown {6D7CDC70-9888-11D3-8EDC-00C04F6109CF} */
EXTERN_C RELIC_EXPORT const IID IID_IWMStatusCallback;
#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWMStatusCallback : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE OnStatus(WMT_STATUS Status, HRESULT hr, WMT_ATTR_DATATYPE dwType, BYTE *pValue, void *pvContext) = 0;

 protected:
  ~IWMStatusCallback() = default;
};
#else
typedef struct IWMStatusCallbackVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IWMStatusCallback *This, REFIID riid, void **ppvObject); /* 0 */
  ULONG(STDMETHODCALLTYPE *AddRef)(IWMStatusCallback *This); /* 1 */
  ULONG(STDMETHODCALLTYPE *Release)(IWMStatusCallback *This); /* 2 */
  HRESULT(STDMETHODCALLTYPE *OnStatus)(IWMStatusCallback *This, WMT_STATUS Status, HRESULT hr, WMT_ATTR_DATATYPE dwType, BYTE *pValue, void *pvContext); /* 3 */
} IWMStatusCallbackVtbl;
struct IWMStatusCallback {
  const IWMStatusCallbackVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWMStatusCallback_QueryInterface(This, riid, ppvObject) (This)->lpVtbl->QueryInterface(This, riid, ppvObject)
#define IWMStatusCallback_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IWMStatusCallback_Release(This) (This)->lpVtbl->Release(This)
#define IWMStatusCallback_OnStatus(This, Status, hr, dwType, pValue, pvContext) (This)->lpVtbl->OnStatus(This, Status, hr, dwType, pValue, pvContext)
#endif
#endif

/* IWMLicenseBackup : IUnknown {05E5AC9F-3FB6-4508-BB43-A4067BA1EBE8} */
EXTERN_C RELIC_EXPORT const IID IID_IWMLicenseBackup;
#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWMLicenseBackup : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE BackupLicenses(DWORD dwFlags, IWMStatusCallback *pCallback) = 0;
  virtual HRESULT STDMETHODCALLTYPE CancelLicenseBackup(void) = 0;

 protected:
  ~IWMLicenseBackup() = default;
};
#else
typedef struct IWMLicenseBackupVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IWMLicenseBackup *This, REFIID riid, void **ppvObject); /* 0 */
  ULONG(STDMETHODCALLTYPE *AddRef)(IWMLicenseBackup *This); /* 1 */
  ULONG(STDMETHODCALLTYPE *Release)(IWMLicenseBackup *This); /* 2 */
  HRESULT(STDMETHODCALLTYPE *BackupLicenses)(IWMLicenseBackup *This, DWORD dwFlags, IWMStatusCallback *pCallback); /* 3 */
  HRESULT(STDMETHODCALLTYPE *CancelLicenseBackup)(IWMLicenseBackup *This); /* 4 */
} IWMLicenseBackupVtbl;
struct IWMLicenseBackup {
  const IWMLicenseBackupVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWMLicenseBackup_QueryInterface(This, riid, ppvObject) (This)->lpVtbl->QueryInterface(This, riid, ppvObject)
#define IWMLicenseBackup_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IWMLicenseBackup_Release(This) (This)->lpVtbl->Release(This)
#define IWMLicenseBackup_BackupLicenses(This, dwFlags, pCallback) (This)->lpVtbl->BackupLicenses(This, dwFlags, pCallback)
#define IWMLicenseBackup_CancelLicenseBackup(This) (This)->lpVtbl->CancelLicenseBackup(This)
#endif
#endif

/* IWMLicenseRestore : IUnknown {C70B6334-A22E-4EFB-A245-15E65A004A13} */
EXTERN_C RELIC_EXPORT const IID IID_IWMLicenseRestore;
#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWMLicenseRestore : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE RestoreLicenses(DWORD dwFlags, IWMStatusCallback *pCallback) = 0;
  virtual HRESULT STDMETHODCALLTYPE CancelLicenseRestore(void) = 0;

 protected:
  ~IWMLicenseRestore() = default;
};
#else
typedef struct IWMLicenseRestoreVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IWMLicenseRestore *This, REFIID riid, void **ppvObject); /* 0 */
  ULONG(STDMETHODCALLTYPE *AddRef)(IWMLicenseRestore *This); /* 1 */
  ULONG(STDMETHODCALLTYPE *Release)(IWMLicenseRestore *This); /* 2 */
  HRESULT(STDMETHODCALLTYPE *RestoreLicenses)(IWMLicenseRestore *This, DWORD dwFlags, IWMStatusCallback *pCallback); /* 3 */
  HRESULT(STDMETHODCALLTYPE *CancelLicenseRestore)(IWMLicenseRestore *This); /* 4 */
} IWMLicenseRestoreVtbl;
struct IWMLicenseRestore {
  const IWMLicenseRestoreVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWMLicenseRestore_QueryInterface(This, riid, ppvObject) (This)->lpVtbl->QueryInterface(This, riid, ppvObject)
#define IWMLicenseRestore_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IWMLicenseRestore_Release(This) (This)->lpVtbl->Release(This)
#define IWMLicenseRestore_RestoreLicenses(This, dwFlags, pCallback) (This)->lpVtbl->RestoreLicenses(This, dwFlags, pCallback)
#define IWMLicenseRestore_CancelLicenseRestore(This) (This)->lpVtbl->CancelLicenseRestore(This)
#endif
#endif

/* IWMBackupRestoreProps : IUnknown {3C8E0DA6-996F-4FF3-A1AF-4838F9377E2E} */
EXTERN_C RELIC_EXPORT const IID IID_IWMBackupRestoreProps;
#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWMBackupRestoreProps : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE GetPropCount(WORD *pcProps) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetPropByIndex(WORD wIndex, WCHAR *pwszName, WORD *pcchNameLen, WMT_ATTR_DATATYPE *pType, BYTE *pValue, WORD *pcbLength) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetPropByName(LPCWSTR pszName, WMT_ATTR_DATATYPE *pType, BYTE *pValue, WORD *pcbLength) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetProp(LPCWSTR pszName, WMT_ATTR_DATATYPE Type, const BYTE *pValue, WORD cbLength) = 0;
  virtual HRESULT STDMETHODCALLTYPE RemoveProp(LPCWSTR pcwszName) = 0;
  virtual HRESULT STDMETHODCALLTYPE RemoveAllProps(void) = 0;

 protected:
  ~IWMBackupRestoreProps() = default;
};
#else
typedef struct IWMBackupRestorePropsVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IWMBackupRestoreProps *This, REFIID riid, void **ppvObject); /* 0 */
  ULONG(STDMETHODCALLTYPE *AddRef)(IWMBackupRestoreProps *This); /* 1 */
  ULONG(STDMETHODCALLTYPE *Release)(IWMBackupRestoreProps *This); /* 2 */
  HRESULT(STDMETHODCALLTYPE *GetPropCount)(IWMBackupRestoreProps *This, WORD *pcProps); /* 3 */
  HRESULT(STDMETHODCALLTYPE *GetPropByIndex)(IWMBackupRestoreProps *This, WORD wIndex, WCHAR *pwszName, WORD *pcchNameLen, WMT_ATTR_DATATYPE *pType, BYTE *pValue, WORD *pcbLength); /* 4 */
  HRESULT(STDMETHODCALLTYPE *GetPropByName)(IWMBackupRestoreProps *This, LPCWSTR pszName, WMT_ATTR_DATATYPE *pType, BYTE *pValue, WORD *pcbLength); /* 5 */
  HRESULT(STDMETHODCALLTYPE *SetProp)(IWMBackupRestoreProps *This, LPCWSTR pszName, WMT_ATTR_DATATYPE Type, const BYTE *pValue, WORD cbLength); /* 6 */
  HRESULT(STDMETHODCALLTYPE *RemoveProp)(IWMBackupRestoreProps *This, LPCWSTR pcwszName); /* 7 */
  HRESULT(STDMETHODCALLTYPE *RemoveAllProps)(IWMBackupRestoreProps *This); /* 8 */
} IWMBackupRestorePropsVtbl;
struct IWMBackupRestoreProps {
  const IWMBackupRestorePropsVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWMBackupRestoreProps_QueryInterface(This, riid, ppvObject) (This)->lpVtbl->QueryInterface(This, riid, ppvObject)
#define IWMBackupRestoreProps_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IWMBackupRestoreProps_Release(This) (This)->lpVtbl->Release(This)
#define IWMBackupRestoreProps_GetPropCount(This, pcProps) (This)->lpVtbl->GetPropCount(This, pcProps)
#define IWMBackupRestoreProps_GetPropByIndex(This, wIndex, pwszName, pcchNameLen, pType, pValue, pcbLength) (This)->lpVtbl->GetPropByIndex(This, wIndex, pwszName, pcchNameLen, pType, pValue, pcbLength)
#define IWMBackupRestoreProps_GetPropByName(This, pszName, pType, pValue, pcbLength) (This)->lpVtbl->GetPropByName(This, pszName, pType, pValue, pcbLength)
#define IWMBackupRestoreProps_SetProp(This, pszName, Type, pValue, cbLength) (This)->lpVtbl->SetProp(This, pszName, Type, pValue, cbLength)
#define IWMBackupRestoreProps_RemoveProp(This, pcwszName) (This)->lpVtbl->RemoveProp(This, pcwszName)
#define IWMBackupRestoreProps_RemoveAllProps(This) (This)->lpVtbl->RemoveAllProps(This)
#endif
#endif

RELIC_COM_BEGIN_C

/* Creates the backup restorer object on the relic home found as the CLI
   finds it (docs/sdk.md). pCallback is not used (events go to the callback
   each operation is given) and may be NULL. */
RELIC_EXPORT HRESULT STDMETHODCALLTYPE WMCreateBackupRestorer(IUnknown *pCallback, IWMLicenseBackup **ppBackup);

RELIC_COM_END_C

#endif /* RELIC_WMSDK_WMSDKIDL_H */
