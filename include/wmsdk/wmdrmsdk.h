// SPDX-License-Identifier: Apache-2.0
/* wmdrmsdk.h: the Windows Media DRM Client Extended API pieces relic
 * provides: WMDRMStartup/WMDRMShutdown/WMDRMCreateProvider, IWMDRMProvider,
 * IWMDRMEventGenerator (with the Shutdown method Microsoft's header has and
 * the documentation omits), IWMDRMLicenseManagement and
 * IWMDRMLicenseBackupRestoreStatus, and the Media Foundation pieces they need
 * (IMFAttributes, IMFMediaEvent, IMFAsyncResult, IMFAsyncCallback,
 * IMFMediaEventGenerator, MediaEventType values, MF_E_* codes). Part of
 * relic; declarations written for relic (docs/sdk.md), IIDs, vtable orders
 * and values as on Windows. */
#ifndef RELIC_WMSDK_WMDRMSDK_H
#define RELIC_WMSDK_WMDRMSDK_H

#include "relic_com.h"

typedef struct IMFAttributes IMFAttributes;
typedef struct IMFMediaEvent IMFMediaEvent;
typedef struct IMFAsyncResult IMFAsyncResult;
typedef struct IMFAsyncCallback IMFAsyncCallback;
typedef struct IMFMediaEventGenerator IMFMediaEventGenerator;
typedef struct IWMDRMProvider IWMDRMProvider;
typedef struct IWMDRMEventGenerator IWMDRMEventGenerator;
typedef struct IWMDRMLicenseManagement IWMDRMLicenseManagement;
typedef struct IWMDRMLicenseBackupRestoreStatus IWMDRMLicenseBackupRestoreStatus;
typedef struct IWMDRMLicense IWMDRMLicense;

/* ---- Media Foundation (mfobjects.h, mferror.h) ---- */

typedef DWORD MediaEventType;
/* The MediaEventType values of the WMDRM operations. */
enum {
  MEWMDRMLicenseBackupCompleted = 500,
  MEWMDRMLicenseBackupProgress = 501,
  MEWMDRMLicenseRestoreCompleted = 502,
  MEWMDRMLicenseRestoreProgress = 503,
  MEWMDRMLicenseAcquisitionCompleted = 506,
  MEWMDRMIndividualizationCompleted = 508,
  MEWMDRMIndividualizationProgress = 513,
  MEWMDRMProximityCompleted = 514,
  MEWMDRMLicenseStoreCleaned = 515,
  MEWMDRMRevocationDownloadCompleted = 516,
  MEWMDRMV1Anchor = MEWMDRMRevocationDownloadCompleted
};

/* IMFMediaEventGenerator::GetEvent flag: fail with MF_E_NO_EVENTS_AVAILABLE
   rather than wait. */
#define MF_EVENT_FLAG_NO_WAIT 0x00000001

typedef enum _MF_ATTRIBUTE_TYPE {
  MF_ATTRIBUTE_UINT32 = VT_UI4,
  MF_ATTRIBUTE_UINT64 = VT_UI8,
  MF_ATTRIBUTE_DOUBLE = VT_R8,
  MF_ATTRIBUTE_GUID = VT_CLSID,
  MF_ATTRIBUTE_STRING = VT_LPWSTR,
  MF_ATTRIBUTE_BLOB = VT_VECTOR | VT_UI1,
  MF_ATTRIBUTE_IUNKNOWN = VT_UNKNOWN
} MF_ATTRIBUTE_TYPE;

typedef enum _MF_ATTRIBUTES_MATCH_TYPE {
  MF_ATTRIBUTES_MATCH_OUR_ITEMS = 0,
  MF_ATTRIBUTES_MATCH_THEIR_ITEMS = 1,
  MF_ATTRIBUTES_MATCH_ALL_ITEMS = 2,
  MF_ATTRIBUTES_MATCH_INTERSECTION = 3,
  MF_ATTRIBUTES_MATCH_SMALLER = 4
} MF_ATTRIBUTES_MATCH_TYPE;

#define MF_E_INVALIDTYPE RELIC_COM_CAST(HRESULT, 0xC00D36BD)
#define MF_E_MULTIPLE_BEGIN RELIC_COM_CAST(HRESULT, 0xC00D36D9)
#define MF_E_MULTIPLE_SUBSCRIBERS RELIC_COM_CAST(HRESULT, 0xC00D36DA)
#define MF_E_ATTRIBUTENOTFOUND RELIC_COM_CAST(HRESULT, 0xC00D36E6)
#define MF_E_OPERATION_CANCELLED RELIC_COM_CAST(HRESULT, 0xC00D36ED)
#define MF_E_NO_EVENTS_AVAILABLE RELIC_COM_CAST(HRESULT, 0xC00D3E80)
#define MF_E_SHUTDOWN RELIC_COM_CAST(HRESULT, 0xC00D3E85)

/* IMFAttributes : IUnknown {2CD2D921-C447-44A7-A13C-4ADABFC247E3} */
EXTERN_C RELIC_EXPORT const IID IID_IMFAttributes;
#if defined(__cplusplus) && !defined(CINTERFACE)
struct IMFAttributes : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE GetItem(REFGUID guidKey, PROPVARIANT *pValue) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetItemType(REFGUID guidKey, MF_ATTRIBUTE_TYPE *pType) = 0;
  virtual HRESULT STDMETHODCALLTYPE CompareItem(REFGUID guidKey, REFPROPVARIANT Value, BOOL *pbResult) = 0;
  virtual HRESULT STDMETHODCALLTYPE Compare(IMFAttributes *pTheirs, MF_ATTRIBUTES_MATCH_TYPE MatchType, BOOL *pbResult) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetUINT32(REFGUID guidKey, UINT32 *punValue) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetUINT64(REFGUID guidKey, UINT64 *punValue) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetDouble(REFGUID guidKey, double *pfValue) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetGUID(REFGUID guidKey, GUID *pguidValue) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetStringLength(REFGUID guidKey, UINT32 *pcchLength) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetString(REFGUID guidKey, LPWSTR pwszValue, UINT32 cchBufSize, UINT32 *pcchLength) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetAllocatedString(REFGUID guidKey, LPWSTR *ppwszValue, UINT32 *pcchLength) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetBlobSize(REFGUID guidKey, UINT32 *pcbBlobSize) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetBlob(REFGUID guidKey, UINT8 *pBuf, UINT32 cbBufSize, UINT32 *pcbBlobSize) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetAllocatedBlob(REFGUID guidKey, UINT8 **ppBuf, UINT32 *pcbSize) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetUnknown(REFGUID guidKey, REFIID riid, LPVOID *ppv) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetItem(REFGUID guidKey, REFPROPVARIANT Value) = 0;
  virtual HRESULT STDMETHODCALLTYPE DeleteItem(REFGUID guidKey) = 0;
  virtual HRESULT STDMETHODCALLTYPE DeleteAllItems(void) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetUINT32(REFGUID guidKey, UINT32 unValue) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetUINT64(REFGUID guidKey, UINT64 unValue) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetDouble(REFGUID guidKey, double fValue) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetGUID(REFGUID guidKey, REFGUID guidValue) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetString(REFGUID guidKey, LPCWSTR wszValue) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetBlob(REFGUID guidKey, const UINT8 *pBuf, UINT32 cbBufSize) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetUnknown(REFGUID guidKey, IUnknown *pUnknown) = 0;
  virtual HRESULT STDMETHODCALLTYPE LockStore(void) = 0;
  virtual HRESULT STDMETHODCALLTYPE UnlockStore(void) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetCount(UINT32 *pcItems) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetItemByIndex(UINT32 unIndex, GUID *pguidKey, PROPVARIANT *pValue) = 0;
  virtual HRESULT STDMETHODCALLTYPE CopyAllItems(IMFAttributes *pDest) = 0;

 protected:
  ~IMFAttributes() = default;
};
#else
typedef struct IMFAttributesVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IMFAttributes *This, REFIID riid, void **ppvObject); /* 0 */
  ULONG(STDMETHODCALLTYPE *AddRef)(IMFAttributes *This); /* 1 */
  ULONG(STDMETHODCALLTYPE *Release)(IMFAttributes *This); /* 2 */
  HRESULT(STDMETHODCALLTYPE *GetItem)(IMFAttributes *This, REFGUID guidKey, PROPVARIANT *pValue); /* 3 */
  HRESULT(STDMETHODCALLTYPE *GetItemType)(IMFAttributes *This, REFGUID guidKey, MF_ATTRIBUTE_TYPE *pType); /* 4 */
  HRESULT(STDMETHODCALLTYPE *CompareItem)(IMFAttributes *This, REFGUID guidKey, REFPROPVARIANT Value, BOOL *pbResult); /* 5 */
  HRESULT(STDMETHODCALLTYPE *Compare)(IMFAttributes *This, IMFAttributes *pTheirs, MF_ATTRIBUTES_MATCH_TYPE MatchType, BOOL *pbResult); /* 6 */
  HRESULT(STDMETHODCALLTYPE *GetUINT32)(IMFAttributes *This, REFGUID guidKey, UINT32 *punValue); /* 7 */
  HRESULT(STDMETHODCALLTYPE *GetUINT64)(IMFAttributes *This, REFGUID guidKey, UINT64 *punValue); /* 8 */
  HRESULT(STDMETHODCALLTYPE *GetDouble)(IMFAttributes *This, REFGUID guidKey, double *pfValue); /* 9 */
  HRESULT(STDMETHODCALLTYPE *GetGUID)(IMFAttributes *This, REFGUID guidKey, GUID *pguidValue); /* 10 */
  HRESULT(STDMETHODCALLTYPE *GetStringLength)(IMFAttributes *This, REFGUID guidKey, UINT32 *pcchLength); /* 11 */
  HRESULT(STDMETHODCALLTYPE *GetString)(IMFAttributes *This, REFGUID guidKey, LPWSTR pwszValue, UINT32 cchBufSize, UINT32 *pcchLength); /* 12 */
  HRESULT(STDMETHODCALLTYPE *GetAllocatedString)(IMFAttributes *This, REFGUID guidKey, LPWSTR *ppwszValue, UINT32 *pcchLength); /* 13 */
  HRESULT(STDMETHODCALLTYPE *GetBlobSize)(IMFAttributes *This, REFGUID guidKey, UINT32 *pcbBlobSize); /* 14 */
  HRESULT(STDMETHODCALLTYPE *GetBlob)(IMFAttributes *This, REFGUID guidKey, UINT8 *pBuf, UINT32 cbBufSize, UINT32 *pcbBlobSize); /* 15 */
  HRESULT(STDMETHODCALLTYPE *GetAllocatedBlob)(IMFAttributes *This, REFGUID guidKey, UINT8 **ppBuf, UINT32 *pcbSize); /* 16 */
  HRESULT(STDMETHODCALLTYPE *GetUnknown)(IMFAttributes *This, REFGUID guidKey, REFIID riid, LPVOID *ppv); /* 17 */
  HRESULT(STDMETHODCALLTYPE *SetItem)(IMFAttributes *This, REFGUID guidKey, REFPROPVARIANT Value); /* 18 */
  HRESULT(STDMETHODCALLTYPE *DeleteItem)(IMFAttributes *This, REFGUID guidKey); /* 19 */
  HRESULT(STDMETHODCALLTYPE *DeleteAllItems)(IMFAttributes *This); /* 20 */
  HRESULT(STDMETHODCALLTYPE *SetUINT32)(IMFAttributes *This, REFGUID guidKey, UINT32 unValue); /* 21 */
  HRESULT(STDMETHODCALLTYPE *SetUINT64)(IMFAttributes *This, REFGUID guidKey, UINT64 unValue); /* 22 */
  HRESULT(STDMETHODCALLTYPE *SetDouble)(IMFAttributes *This, REFGUID guidKey, double fValue); /* 23 */
  HRESULT(STDMETHODCALLTYPE *SetGUID)(IMFAttributes *This, REFGUID guidKey, REFGUID guidValue); /* 24 */
  HRESULT(STDMETHODCALLTYPE *SetString)(IMFAttributes *This, REFGUID guidKey, LPCWSTR wszValue); /* 25 */
  HRESULT(STDMETHODCALLTYPE *SetBlob)(IMFAttributes *This, REFGUID guidKey, const UINT8 *pBuf, UINT32 cbBufSize); /* 26 */
  HRESULT(STDMETHODCALLTYPE *SetUnknown)(IMFAttributes *This, REFGUID guidKey, IUnknown *pUnknown); /* 27 */
  HRESULT(STDMETHODCALLTYPE *LockStore)(IMFAttributes *This); /* 28 */
  HRESULT(STDMETHODCALLTYPE *UnlockStore)(IMFAttributes *This); /* 29 */
  HRESULT(STDMETHODCALLTYPE *GetCount)(IMFAttributes *This, UINT32 *pcItems); /* 30 */
  HRESULT(STDMETHODCALLTYPE *GetItemByIndex)(IMFAttributes *This, UINT32 unIndex, GUID *pguidKey, PROPVARIANT *pValue); /* 31 */
  HRESULT(STDMETHODCALLTYPE *CopyAllItems)(IMFAttributes *This, IMFAttributes *pDest); /* 32 */
} IMFAttributesVtbl;
struct IMFAttributes {
  const IMFAttributesVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IMFAttributes_QueryInterface(This, riid, ppvObject) (This)->lpVtbl->QueryInterface(This, riid, ppvObject)
#define IMFAttributes_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IMFAttributes_Release(This) (This)->lpVtbl->Release(This)
#define IMFAttributes_GetItem(This, guidKey, pValue) (This)->lpVtbl->GetItem(This, guidKey, pValue)
#define IMFAttributes_GetItemType(This, guidKey, pType) (This)->lpVtbl->GetItemType(This, guidKey, pType)
#define IMFAttributes_CompareItem(This, guidKey, Value, pbResult) (This)->lpVtbl->CompareItem(This, guidKey, Value, pbResult)
#define IMFAttributes_Compare(This, pTheirs, MatchType, pbResult) (This)->lpVtbl->Compare(This, pTheirs, MatchType, pbResult)
#define IMFAttributes_GetUINT32(This, guidKey, punValue) (This)->lpVtbl->GetUINT32(This, guidKey, punValue)
#define IMFAttributes_GetUINT64(This, guidKey, punValue) (This)->lpVtbl->GetUINT64(This, guidKey, punValue)
#define IMFAttributes_GetDouble(This, guidKey, pfValue) (This)->lpVtbl->GetDouble(This, guidKey, pfValue)
#define IMFAttributes_GetGUID(This, guidKey, pguidValue) (This)->lpVtbl->GetGUID(This, guidKey, pguidValue)
#define IMFAttributes_GetStringLength(This, guidKey, pcchLength) (This)->lpVtbl->GetStringLength(This, guidKey, pcchLength)
#define IMFAttributes_GetString(This, guidKey, pwszValue, cchBufSize, pcchLength) (This)->lpVtbl->GetString(This, guidKey, pwszValue, cchBufSize, pcchLength)
#define IMFAttributes_GetAllocatedString(This, guidKey, ppwszValue, pcchLength) (This)->lpVtbl->GetAllocatedString(This, guidKey, ppwszValue, pcchLength)
#define IMFAttributes_GetBlobSize(This, guidKey, pcbBlobSize) (This)->lpVtbl->GetBlobSize(This, guidKey, pcbBlobSize)
#define IMFAttributes_GetBlob(This, guidKey, pBuf, cbBufSize, pcbBlobSize) (This)->lpVtbl->GetBlob(This, guidKey, pBuf, cbBufSize, pcbBlobSize)
#define IMFAttributes_GetAllocatedBlob(This, guidKey, ppBuf, pcbSize) (This)->lpVtbl->GetAllocatedBlob(This, guidKey, ppBuf, pcbSize)
#define IMFAttributes_GetUnknown(This, guidKey, riid, ppv) (This)->lpVtbl->GetUnknown(This, guidKey, riid, ppv)
#define IMFAttributes_SetItem(This, guidKey, Value) (This)->lpVtbl->SetItem(This, guidKey, Value)
#define IMFAttributes_DeleteItem(This, guidKey) (This)->lpVtbl->DeleteItem(This, guidKey)
#define IMFAttributes_DeleteAllItems(This) (This)->lpVtbl->DeleteAllItems(This)
#define IMFAttributes_SetUINT32(This, guidKey, unValue) (This)->lpVtbl->SetUINT32(This, guidKey, unValue)
#define IMFAttributes_SetUINT64(This, guidKey, unValue) (This)->lpVtbl->SetUINT64(This, guidKey, unValue)
#define IMFAttributes_SetDouble(This, guidKey, fValue) (This)->lpVtbl->SetDouble(This, guidKey, fValue)
#define IMFAttributes_SetGUID(This, guidKey, guidValue) (This)->lpVtbl->SetGUID(This, guidKey, guidValue)
#define IMFAttributes_SetString(This, guidKey, wszValue) (This)->lpVtbl->SetString(This, guidKey, wszValue)
#define IMFAttributes_SetBlob(This, guidKey, pBuf, cbBufSize) (This)->lpVtbl->SetBlob(This, guidKey, pBuf, cbBufSize)
#define IMFAttributes_SetUnknown(This, guidKey, pUnknown) (This)->lpVtbl->SetUnknown(This, guidKey, pUnknown)
#define IMFAttributes_LockStore(This) (This)->lpVtbl->LockStore(This)
#define IMFAttributes_UnlockStore(This) (This)->lpVtbl->UnlockStore(This)
#define IMFAttributes_GetCount(This, pcItems) (This)->lpVtbl->GetCount(This, pcItems)
#define IMFAttributes_GetItemByIndex(This, unIndex, pguidKey, pValue) (This)->lpVtbl->GetItemByIndex(This, unIndex, pguidKey, pValue)
#define IMFAttributes_CopyAllItems(This, pDest) (This)->lpVtbl->CopyAllItems(This, pDest)
#endif
#endif

/* IMFMediaEvent : IMFAttributes {DF598932-F10C-4E39-BBA2-C308F101DAA3} */
EXTERN_C RELIC_EXPORT const IID IID_IMFMediaEvent;
#if defined(__cplusplus) && !defined(CINTERFACE)
struct IMFMediaEvent : public IMFAttributes {
  virtual HRESULT STDMETHODCALLTYPE GetType(MediaEventType *pmet) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetExtendedType(GUID *pguidExtendedType) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetStatus(HRESULT *phrStatus) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetValue(PROPVARIANT *pvValue) = 0;

 protected:
  ~IMFMediaEvent() = default;
};
#else
typedef struct IMFMediaEventVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IMFMediaEvent *This, REFIID riid, void **ppvObject); /* 0 */
  ULONG(STDMETHODCALLTYPE *AddRef)(IMFMediaEvent *This); /* 1 */
  ULONG(STDMETHODCALLTYPE *Release)(IMFMediaEvent *This); /* 2 */
  HRESULT(STDMETHODCALLTYPE *GetItem)(IMFMediaEvent *This, REFGUID guidKey, PROPVARIANT *pValue); /* 3 */
  HRESULT(STDMETHODCALLTYPE *GetItemType)(IMFMediaEvent *This, REFGUID guidKey, MF_ATTRIBUTE_TYPE *pType); /* 4 */
  HRESULT(STDMETHODCALLTYPE *CompareItem)(IMFMediaEvent *This, REFGUID guidKey, REFPROPVARIANT Value, BOOL *pbResult); /* 5 */
  HRESULT(STDMETHODCALLTYPE *Compare)(IMFMediaEvent *This, IMFAttributes *pTheirs, MF_ATTRIBUTES_MATCH_TYPE MatchType, BOOL *pbResult); /* 6 */
  HRESULT(STDMETHODCALLTYPE *GetUINT32)(IMFMediaEvent *This, REFGUID guidKey, UINT32 *punValue); /* 7 */
  HRESULT(STDMETHODCALLTYPE *GetUINT64)(IMFMediaEvent *This, REFGUID guidKey, UINT64 *punValue); /* 8 */
  HRESULT(STDMETHODCALLTYPE *GetDouble)(IMFMediaEvent *This, REFGUID guidKey, double *pfValue); /* 9 */
  HRESULT(STDMETHODCALLTYPE *GetGUID)(IMFMediaEvent *This, REFGUID guidKey, GUID *pguidValue); /* 10 */
  HRESULT(STDMETHODCALLTYPE *GetStringLength)(IMFMediaEvent *This, REFGUID guidKey, UINT32 *pcchLength); /* 11 */
  HRESULT(STDMETHODCALLTYPE *GetString)(IMFMediaEvent *This, REFGUID guidKey, LPWSTR pwszValue, UINT32 cchBufSize, UINT32 *pcchLength); /* 12 */
  HRESULT(STDMETHODCALLTYPE *GetAllocatedString)(IMFMediaEvent *This, REFGUID guidKey, LPWSTR *ppwszValue, UINT32 *pcchLength); /* 13 */
  HRESULT(STDMETHODCALLTYPE *GetBlobSize)(IMFMediaEvent *This, REFGUID guidKey, UINT32 *pcbBlobSize); /* 14 */
  HRESULT(STDMETHODCALLTYPE *GetBlob)(IMFMediaEvent *This, REFGUID guidKey, UINT8 *pBuf, UINT32 cbBufSize, UINT32 *pcbBlobSize); /* 15 */
  HRESULT(STDMETHODCALLTYPE *GetAllocatedBlob)(IMFMediaEvent *This, REFGUID guidKey, UINT8 **ppBuf, UINT32 *pcbSize); /* 16 */
  HRESULT(STDMETHODCALLTYPE *GetUnknown)(IMFMediaEvent *This, REFGUID guidKey, REFIID riid, LPVOID *ppv); /* 17 */
  HRESULT(STDMETHODCALLTYPE *SetItem)(IMFMediaEvent *This, REFGUID guidKey, REFPROPVARIANT Value); /* 18 */
  HRESULT(STDMETHODCALLTYPE *DeleteItem)(IMFMediaEvent *This, REFGUID guidKey); /* 19 */
  HRESULT(STDMETHODCALLTYPE *DeleteAllItems)(IMFMediaEvent *This); /* 20 */
  HRESULT(STDMETHODCALLTYPE *SetUINT32)(IMFMediaEvent *This, REFGUID guidKey, UINT32 unValue); /* 21 */
  HRESULT(STDMETHODCALLTYPE *SetUINT64)(IMFMediaEvent *This, REFGUID guidKey, UINT64 unValue); /* 22 */
  HRESULT(STDMETHODCALLTYPE *SetDouble)(IMFMediaEvent *This, REFGUID guidKey, double fValue); /* 23 */
  HRESULT(STDMETHODCALLTYPE *SetGUID)(IMFMediaEvent *This, REFGUID guidKey, REFGUID guidValue); /* 24 */
  HRESULT(STDMETHODCALLTYPE *SetString)(IMFMediaEvent *This, REFGUID guidKey, LPCWSTR wszValue); /* 25 */
  HRESULT(STDMETHODCALLTYPE *SetBlob)(IMFMediaEvent *This, REFGUID guidKey, const UINT8 *pBuf, UINT32 cbBufSize); /* 26 */
  HRESULT(STDMETHODCALLTYPE *SetUnknown)(IMFMediaEvent *This, REFGUID guidKey, IUnknown *pUnknown); /* 27 */
  HRESULT(STDMETHODCALLTYPE *LockStore)(IMFMediaEvent *This); /* 28 */
  HRESULT(STDMETHODCALLTYPE *UnlockStore)(IMFMediaEvent *This); /* 29 */
  HRESULT(STDMETHODCALLTYPE *GetCount)(IMFMediaEvent *This, UINT32 *pcItems); /* 30 */
  HRESULT(STDMETHODCALLTYPE *GetItemByIndex)(IMFMediaEvent *This, UINT32 unIndex, GUID *pguidKey, PROPVARIANT *pValue); /* 31 */
  HRESULT(STDMETHODCALLTYPE *CopyAllItems)(IMFMediaEvent *This, IMFAttributes *pDest); /* 32 */
  HRESULT(STDMETHODCALLTYPE *GetType)(IMFMediaEvent *This, MediaEventType *pmet); /* 33 */
  HRESULT(STDMETHODCALLTYPE *GetExtendedType)(IMFMediaEvent *This, GUID *pguidExtendedType); /* 34 */
  HRESULT(STDMETHODCALLTYPE *GetStatus)(IMFMediaEvent *This, HRESULT *phrStatus); /* 35 */
  HRESULT(STDMETHODCALLTYPE *GetValue)(IMFMediaEvent *This, PROPVARIANT *pvValue); /* 36 */
} IMFMediaEventVtbl;
struct IMFMediaEvent {
  const IMFMediaEventVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IMFMediaEvent_QueryInterface(This, riid, ppvObject) (This)->lpVtbl->QueryInterface(This, riid, ppvObject)
#define IMFMediaEvent_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IMFMediaEvent_Release(This) (This)->lpVtbl->Release(This)
#define IMFMediaEvent_GetItem(This, guidKey, pValue) (This)->lpVtbl->GetItem(This, guidKey, pValue)
#define IMFMediaEvent_GetItemType(This, guidKey, pType) (This)->lpVtbl->GetItemType(This, guidKey, pType)
#define IMFMediaEvent_CompareItem(This, guidKey, Value, pbResult) (This)->lpVtbl->CompareItem(This, guidKey, Value, pbResult)
#define IMFMediaEvent_Compare(This, pTheirs, MatchType, pbResult) (This)->lpVtbl->Compare(This, pTheirs, MatchType, pbResult)
#define IMFMediaEvent_GetUINT32(This, guidKey, punValue) (This)->lpVtbl->GetUINT32(This, guidKey, punValue)
#define IMFMediaEvent_GetUINT64(This, guidKey, punValue) (This)->lpVtbl->GetUINT64(This, guidKey, punValue)
#define IMFMediaEvent_GetDouble(This, guidKey, pfValue) (This)->lpVtbl->GetDouble(This, guidKey, pfValue)
#define IMFMediaEvent_GetGUID(This, guidKey, pguidValue) (This)->lpVtbl->GetGUID(This, guidKey, pguidValue)
#define IMFMediaEvent_GetStringLength(This, guidKey, pcchLength) (This)->lpVtbl->GetStringLength(This, guidKey, pcchLength)
#define IMFMediaEvent_GetString(This, guidKey, pwszValue, cchBufSize, pcchLength) (This)->lpVtbl->GetString(This, guidKey, pwszValue, cchBufSize, pcchLength)
#define IMFMediaEvent_GetAllocatedString(This, guidKey, ppwszValue, pcchLength) (This)->lpVtbl->GetAllocatedString(This, guidKey, ppwszValue, pcchLength)
#define IMFMediaEvent_GetBlobSize(This, guidKey, pcbBlobSize) (This)->lpVtbl->GetBlobSize(This, guidKey, pcbBlobSize)
#define IMFMediaEvent_GetBlob(This, guidKey, pBuf, cbBufSize, pcbBlobSize) (This)->lpVtbl->GetBlob(This, guidKey, pBuf, cbBufSize, pcbBlobSize)
#define IMFMediaEvent_GetAllocatedBlob(This, guidKey, ppBuf, pcbSize) (This)->lpVtbl->GetAllocatedBlob(This, guidKey, ppBuf, pcbSize)
#define IMFMediaEvent_GetUnknown(This, guidKey, riid, ppv) (This)->lpVtbl->GetUnknown(This, guidKey, riid, ppv)
#define IMFMediaEvent_SetItem(This, guidKey, Value) (This)->lpVtbl->SetItem(This, guidKey, Value)
#define IMFMediaEvent_DeleteItem(This, guidKey) (This)->lpVtbl->DeleteItem(This, guidKey)
#define IMFMediaEvent_DeleteAllItems(This) (This)->lpVtbl->DeleteAllItems(This)
#define IMFMediaEvent_SetUINT32(This, guidKey, unValue) (This)->lpVtbl->SetUINT32(This, guidKey, unValue)
#define IMFMediaEvent_SetUINT64(This, guidKey, unValue) (This)->lpVtbl->SetUINT64(This, guidKey, unValue)
#define IMFMediaEvent_SetDouble(This, guidKey, fValue) (This)->lpVtbl->SetDouble(This, guidKey, fValue)
#define IMFMediaEvent_SetGUID(This, guidKey, guidValue) (This)->lpVtbl->SetGUID(This, guidKey, guidValue)
#define IMFMediaEvent_SetString(This, guidKey, wszValue) (This)->lpVtbl->SetString(This, guidKey, wszValue)
#define IMFMediaEvent_SetBlob(This, guidKey, pBuf, cbBufSize) (This)->lpVtbl->SetBlob(This, guidKey, pBuf, cbBufSize)
#define IMFMediaEvent_SetUnknown(This, guidKey, pUnknown) (This)->lpVtbl->SetUnknown(This, guidKey, pUnknown)
#define IMFMediaEvent_LockStore(This) (This)->lpVtbl->LockStore(This)
#define IMFMediaEvent_UnlockStore(This) (This)->lpVtbl->UnlockStore(This)
#define IMFMediaEvent_GetCount(This, pcItems) (This)->lpVtbl->GetCount(This, pcItems)
#define IMFMediaEvent_GetItemByIndex(This, unIndex, pguidKey, pValue) (This)->lpVtbl->GetItemByIndex(This, unIndex, pguidKey, pValue)
#define IMFMediaEvent_CopyAllItems(This, pDest) (This)->lpVtbl->CopyAllItems(This, pDest)
#define IMFMediaEvent_GetType(This, pmet) (This)->lpVtbl->GetType(This, pmet)
#define IMFMediaEvent_GetExtendedType(This, pguidExtendedType) (This)->lpVtbl->GetExtendedType(This, pguidExtendedType)
#define IMFMediaEvent_GetStatus(This, phrStatus) (This)->lpVtbl->GetStatus(This, phrStatus)
#define IMFMediaEvent_GetValue(This, pvValue) (This)->lpVtbl->GetValue(This, pvValue)
#endif
#endif

/* IMFAsyncResult : IUnknown {AC6B7889-0740-4D51-8619-905994A55CC6} */
EXTERN_C RELIC_EXPORT const IID IID_IMFAsyncResult;
#if defined(__cplusplus) && !defined(CINTERFACE)
struct IMFAsyncResult : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE GetState(IUnknown **ppunkState) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetStatus(void) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetStatus(HRESULT hrStatus) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetObject(IUnknown **ppObject) = 0;
  virtual IUnknown *STDMETHODCALLTYPE GetStateNoAddRef(void) = 0;

 protected:
  ~IMFAsyncResult() = default;
};
#else
typedef struct IMFAsyncResultVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IMFAsyncResult *This, REFIID riid, void **ppvObject); /* 0 */
  ULONG(STDMETHODCALLTYPE *AddRef)(IMFAsyncResult *This); /* 1 */
  ULONG(STDMETHODCALLTYPE *Release)(IMFAsyncResult *This); /* 2 */
  HRESULT(STDMETHODCALLTYPE *GetState)(IMFAsyncResult *This, IUnknown **ppunkState); /* 3 */
  HRESULT(STDMETHODCALLTYPE *GetStatus)(IMFAsyncResult *This); /* 4 */
  HRESULT(STDMETHODCALLTYPE *SetStatus)(IMFAsyncResult *This, HRESULT hrStatus); /* 5 */
  HRESULT(STDMETHODCALLTYPE *GetObject)(IMFAsyncResult *This, IUnknown **ppObject); /* 6 */
  IUnknown *(STDMETHODCALLTYPE *GetStateNoAddRef)(IMFAsyncResult *This); /* 7 */
} IMFAsyncResultVtbl;
struct IMFAsyncResult {
  const IMFAsyncResultVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IMFAsyncResult_QueryInterface(This, riid, ppvObject) (This)->lpVtbl->QueryInterface(This, riid, ppvObject)
#define IMFAsyncResult_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IMFAsyncResult_Release(This) (This)->lpVtbl->Release(This)
#define IMFAsyncResult_GetState(This, ppunkState) (This)->lpVtbl->GetState(This, ppunkState)
#define IMFAsyncResult_GetStatus(This) (This)->lpVtbl->GetStatus(This)
#define IMFAsyncResult_SetStatus(This, hrStatus) (This)->lpVtbl->SetStatus(This, hrStatus)
#define IMFAsyncResult_GetObject(This, ppObject) (This)->lpVtbl->GetObject(This, ppObject)
#define IMFAsyncResult_GetStateNoAddRef(This) (This)->lpVtbl->GetStateNoAddRef(This)
#endif
#endif

/* IMFAsyncCallback : IUnknown {A27003CF-2354-4F2A-8D6A-AB7CFF15437E} */
EXTERN_C RELIC_EXPORT const IID IID_IMFAsyncCallback;
#if defined(__cplusplus) && !defined(CINTERFACE)
struct IMFAsyncCallback : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE GetParameters(DWORD *pdwFlags, DWORD *pdwQueue) = 0;
  virtual HRESULT STDMETHODCALLTYPE Invoke(IMFAsyncResult *pAsyncResult) = 0;

 protected:
  ~IMFAsyncCallback() = default;
};
#else
typedef struct IMFAsyncCallbackVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IMFAsyncCallback *This, REFIID riid, void **ppvObject); /* 0 */
  ULONG(STDMETHODCALLTYPE *AddRef)(IMFAsyncCallback *This); /* 1 */
  ULONG(STDMETHODCALLTYPE *Release)(IMFAsyncCallback *This); /* 2 */
  HRESULT(STDMETHODCALLTYPE *GetParameters)(IMFAsyncCallback *This, DWORD *pdwFlags, DWORD *pdwQueue); /* 3 */
  HRESULT(STDMETHODCALLTYPE *Invoke)(IMFAsyncCallback *This, IMFAsyncResult *pAsyncResult); /* 4 */
} IMFAsyncCallbackVtbl;
struct IMFAsyncCallback {
  const IMFAsyncCallbackVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IMFAsyncCallback_QueryInterface(This, riid, ppvObject) (This)->lpVtbl->QueryInterface(This, riid, ppvObject)
#define IMFAsyncCallback_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IMFAsyncCallback_Release(This) (This)->lpVtbl->Release(This)
#define IMFAsyncCallback_GetParameters(This, pdwFlags, pdwQueue) (This)->lpVtbl->GetParameters(This, pdwFlags, pdwQueue)
#define IMFAsyncCallback_Invoke(This, pAsyncResult) (This)->lpVtbl->Invoke(This, pAsyncResult)
#endif
#endif

/* IMFMediaEventGenerator : IUnknown {2CD0BD52-BCD5-4B89-B62C-EADC0C031E7D} */
EXTERN_C RELIC_EXPORT const IID IID_IMFMediaEventGenerator;
#if defined(__cplusplus) && !defined(CINTERFACE)
struct IMFMediaEventGenerator : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE GetEvent(DWORD dwFlags, IMFMediaEvent **ppEvent) = 0;
  virtual HRESULT STDMETHODCALLTYPE BeginGetEvent(IMFAsyncCallback *pCallback, IUnknown *punkState) = 0;
  virtual HRESULT STDMETHODCALLTYPE EndGetEvent(IMFAsyncResult *pResult, IMFMediaEvent **ppEvent) = 0;
  virtual HRESULT STDMETHODCALLTYPE QueueEvent(MediaEventType met, REFGUID guidExtendedType, HRESULT hrStatus, const PROPVARIANT *pvValue) = 0;

 protected:
  ~IMFMediaEventGenerator() = default;
};
#else
typedef struct IMFMediaEventGeneratorVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IMFMediaEventGenerator *This, REFIID riid, void **ppvObject); /* 0 */
  ULONG(STDMETHODCALLTYPE *AddRef)(IMFMediaEventGenerator *This); /* 1 */
  ULONG(STDMETHODCALLTYPE *Release)(IMFMediaEventGenerator *This); /* 2 */
  HRESULT(STDMETHODCALLTYPE *GetEvent)(IMFMediaEventGenerator *This, DWORD dwFlags, IMFMediaEvent **ppEvent); /* 3 */
  HRESULT(STDMETHODCALLTYPE *BeginGetEvent)(IMFMediaEventGenerator *This, IMFAsyncCallback *pCallback, IUnknown *punkState); /* 4 */
  HRESULT(STDMETHODCALLTYPE *EndGetEvent)(IMFMediaEventGenerator *This, IMFAsyncResult *pResult, IMFMediaEvent **ppEvent); /* 5 */
  HRESULT(STDMETHODCALLTYPE *QueueEvent)(IMFMediaEventGenerator *This, MediaEventType met, REFGUID guidExtendedType, HRESULT hrStatus, const PROPVARIANT *pvValue); /* 6 */
} IMFMediaEventGeneratorVtbl;
struct IMFMediaEventGenerator {
  const IMFMediaEventGeneratorVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IMFMediaEventGenerator_QueryInterface(This, riid, ppvObject) (This)->lpVtbl->QueryInterface(This, riid, ppvObject)
#define IMFMediaEventGenerator_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IMFMediaEventGenerator_Release(This) (This)->lpVtbl->Release(This)
#define IMFMediaEventGenerator_GetEvent(This, dwFlags, ppEvent) (This)->lpVtbl->GetEvent(This, dwFlags, ppEvent)
#define IMFMediaEventGenerator_BeginGetEvent(This, pCallback, punkState) (This)->lpVtbl->BeginGetEvent(This, pCallback, punkState)
#define IMFMediaEventGenerator_EndGetEvent(This, pResult, ppEvent) (This)->lpVtbl->EndGetEvent(This, pResult, ppEvent)
#define IMFMediaEventGenerator_QueueEvent(This, met, guidExtendedType, hrStatus, pvValue) (This)->lpVtbl->QueueEvent(This, met, guidExtendedType, hrStatus, pvValue)
#endif
#endif

/* ---- Windows Media DRM Client Extended API ---- */

/* IWMDRMLicenseManagement::BackupLicenses / RestoreLicenses flags. */
#define WMDRM_BACKUP_OVERWRITE RELIC_COM_CAST(DWORD, 0x00000001)
#define WMDRM_RESTORE_INDIVIDUALIZE RELIC_COM_CAST(DWORD, 0x00000002)
/* IWMDRMSecurity::PerformSecurityUpdate flags. */
#define WMDRM_SECURITY_PERFORM_INDIV 0x00000001L
#define WMDRM_SECURITY_PERFORM_REVOCATION_REFRESH 0x00000002L
#define WMDRM_SECURITY_PERFORM_FORCE_INDIV 0x00000004L
/* IWMDRMLicenseManagement::AcquireLicense flags. */
#define WMDRM_ACQUIRE_LICENSE_SILENT 0x00000001L
#define WMDRM_ACQUIRE_LICENSE_NONSILENT 0x00000002L
#define WMDRM_ACQUIRE_LICENSE_LEGACY_NONSILENT 0x00000004L
/* IWMDRMLicenseManagement::DeleteLicense flags. */
#define WMDRM_DELETE_LICENSE_IMMEDIATELY 0x00000001L
#define WMDRM_DELETE_LICENSE_MARK_FOR_PURGE 0x00000002L
/* IWMDRMLicenseManagement::CleanLicenseStore flags. */
#define WMDRM_CLEAN_LICENSE_STORE_SYNC 0x00000001L
#define WMDRM_CLEAN_LICENSE_STORE_ASYNC 0x00000002L

/* The status category of a backup or restore progress event. */
typedef enum MSDRM_STATUS {
  DRM_ERROR = 0,
  DRM_INFORMATION = 1,
  DRM_BACKUPRESTORE_BEGIN = 2,
  DRM_BACKUPRESTORE_END = 3,
  DRM_BACKUPRESTORE_CONNECTING = 4,
  DRM_BACKUPRESTORE_DISCONNECTING = 5,
  DRM_ERROR_WITHURL = 6,
  DRM_RESTRICTED_LICENSE = 7,
  DRM_NEEDS_INDIVIDUALIZATION = 8,
  DRM_PLAY_OPL_NOTIFICATION = 9,
  DRM_COPY_OPL_NOTIFICATION = 10,
  DRM_REFRESHCRL_COMPLETE = 11
} MSDRM_STATUS;

typedef enum DRM_ATTR_DATATYPE {
  DRM_TYPE_DWORD = 0,
  DRM_TYPE_STRING = 1,
  DRM_TYPE_BINARY = 2,
  DRM_TYPE_BOOL = 3,
  DRM_TYPE_QWORD = 4,
  DRM_TYPE_WORD = 5,
  DRM_TYPE_GUID = 6
} DRM_ATTR_DATATYPE;

/* IWMDRMLicenseBackupRestoreStatus::GetStatus. */
typedef struct _WMBackupRestoreData {
  MSDRM_STATUS eStatus;
  BSTR bstrError;
} WM_BACKUP_RESTORE_STATUS;

/* IWMDRMLicenseManagement::CreateLicenseEnumeration. */
typedef struct _WMDRM_LICENSE_FILTER {
  DWORD dwVersion;
  BSTR bstrKID;
  BSTR bstrRights;
  BSTR bstrAllowedSourceIDs;
} WMDRM_LICENSE_FILTER;

/* IWMDRMProvider : IUnknown {98DC8917-8640-4B1D-9F1E-A590D40357EE} */
EXTERN_C RELIC_EXPORT const IID IID_IWMDRMProvider;
#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWMDRMProvider : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE CreateObject(REFIID riid, void **ppvObject) = 0;

 protected:
  ~IWMDRMProvider() = default;
};
#else
typedef struct IWMDRMProviderVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IWMDRMProvider *This, REFIID riid, void **ppvObject); /* 0 */
  ULONG(STDMETHODCALLTYPE *AddRef)(IWMDRMProvider *This); /* 1 */
  ULONG(STDMETHODCALLTYPE *Release)(IWMDRMProvider *This); /* 2 */
  HRESULT(STDMETHODCALLTYPE *CreateObject)(IWMDRMProvider *This, REFIID riid, void **ppvObject); /* 3 */
} IWMDRMProviderVtbl;
struct IWMDRMProvider {
  const IWMDRMProviderVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWMDRMProvider_QueryInterface(This, riid, ppvObject) (This)->lpVtbl->QueryInterface(This, riid, ppvObject)
#define IWMDRMProvider_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IWMDRMProvider_Release(This) (This)->lpVtbl->Release(This)
#define IWMDRMProvider_CreateObject(This, riid, ppvObject) (This)->lpVtbl->CreateObject(This, riid, ppvObject)
#endif
#endif

/* IWMDRMEventGenerator : IMFMediaEventGenerator {CE11CC91-E615-4E0B-BE1F-09B5AEC033F2} */
EXTERN_C RELIC_EXPORT const IID IID_IWMDRMEventGenerator;
#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWMDRMEventGenerator : public IMFMediaEventGenerator {
  virtual HRESULT STDMETHODCALLTYPE CancelAsyncOperation(IUnknown *punkCancelationCookie) = 0;
  virtual HRESULT STDMETHODCALLTYPE Shutdown(void) = 0;

 protected:
  ~IWMDRMEventGenerator() = default;
};
#else
typedef struct IWMDRMEventGeneratorVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IWMDRMEventGenerator *This, REFIID riid, void **ppvObject); /* 0 */
  ULONG(STDMETHODCALLTYPE *AddRef)(IWMDRMEventGenerator *This); /* 1 */
  ULONG(STDMETHODCALLTYPE *Release)(IWMDRMEventGenerator *This); /* 2 */
  HRESULT(STDMETHODCALLTYPE *GetEvent)(IWMDRMEventGenerator *This, DWORD dwFlags, IMFMediaEvent **ppEvent); /* 3 */
  HRESULT(STDMETHODCALLTYPE *BeginGetEvent)(IWMDRMEventGenerator *This, IMFAsyncCallback *pCallback, IUnknown *punkState); /* 4 */
  HRESULT(STDMETHODCALLTYPE *EndGetEvent)(IWMDRMEventGenerator *This, IMFAsyncResult *pResult, IMFMediaEvent **ppEvent); /* 5 */
  HRESULT(STDMETHODCALLTYPE *QueueEvent)(IWMDRMEventGenerator *This, MediaEventType met, REFGUID guidExtendedType, HRESULT hrStatus, const PROPVARIANT *pvValue); /* 6 */
  HRESULT(STDMETHODCALLTYPE *CancelAsyncOperation)(IWMDRMEventGenerator *This, IUnknown *punkCancelationCookie); /* 7 */
  HRESULT(STDMETHODCALLTYPE *Shutdown)(IWMDRMEventGenerator *This); /* 8 */
} IWMDRMEventGeneratorVtbl;
struct IWMDRMEventGenerator {
  const IWMDRMEventGeneratorVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWMDRMEventGenerator_QueryInterface(This, riid, ppvObject) (This)->lpVtbl->QueryInterface(This, riid, ppvObject)
#define IWMDRMEventGenerator_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IWMDRMEventGenerator_Release(This) (This)->lpVtbl->Release(This)
#define IWMDRMEventGenerator_GetEvent(This, dwFlags, ppEvent) (This)->lpVtbl->GetEvent(This, dwFlags, ppEvent)
#define IWMDRMEventGenerator_BeginGetEvent(This, pCallback, punkState) (This)->lpVtbl->BeginGetEvent(This, pCallback, punkState)
#define IWMDRMEventGenerator_EndGetEvent(This, pResult, ppEvent) (This)->lpVtbl->EndGetEvent(This, pResult, ppEvent)
#define IWMDRMEventGenerator_QueueEvent(This, met, guidExtendedType, hrStatus, pvValue) (This)->lpVtbl->QueueEvent(This, met, guidExtendedType, hrStatus, pvValue)
#define IWMDRMEventGenerator_CancelAsyncOperation(This, punkCancelationCookie) (This)->lpVtbl->CancelAsyncOperation(This, punkCancelationCookie)
#define IWMDRMEventGenerator_Shutdown(This) (This)->lpVtbl->Shutdown(This)
#endif
#endif

/* IWMDRMLicenseManagement : IWMDRMEventGenerator {F4828DC7-8945-4D05-AB05-667AB99D29EE} */
EXTERN_C RELIC_EXPORT const IID IID_IWMDRMLicenseManagement;
#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWMDRMLicenseManagement : public IWMDRMEventGenerator {
  virtual HRESULT STDMETHODCALLTYPE CreateLicenseEnumeration(WMDRM_LICENSE_FILTER *pLicenseFilter, IWMDRMLicense **pEnumerator) = 0;
  virtual HRESULT STDMETHODCALLTYPE DeleteLicense(BSTR bstrKID, DWORD dwFlags) = 0;
  virtual HRESULT STDMETHODCALLTYPE CleanLicenseStore(DWORD dwFlags, IUnknown **ppunkCancelationCookie) = 0;
  virtual HRESULT STDMETHODCALLTYPE StoreLicense(BSTR bstrLicenseResponse) = 0;
  virtual HRESULT STDMETHODCALLTYPE AcquireLicense(BSTR bstrURL, BSTR bstrHeaderData, BSTR bstrActions, DWORD dwFlags, IUnknown **ppunkCancelationCookie) = 0;
  virtual HRESULT STDMETHODCALLTYPE MonitorLicenseAcquisition(BSTR bstrKID, BSTR bstrHeader, BSTR bstrActions, IUnknown **ppunkCancelationCookie) = 0;
  virtual HRESULT STDMETHODCALLTYPE BackupLicenses(BSTR bstrBackupDirectory, DWORD dwFlags, IUnknown **ppunkCancelationCookie) = 0;
  virtual HRESULT STDMETHODCALLTYPE RestoreLicenses(BSTR bstrBackupDirectory, DWORD dwFlags, IUnknown **ppunkCancelationCookie) = 0;
  virtual HRESULT STDMETHODCALLTYPE CreateLicenseRevocationChallenge(BYTE *pbMachineID, DWORD cbMachineID, BYTE *pbChallenge, DWORD cbChallenge, BYTE **ppbChallengeOutput, DWORD *pcbChallengeOutput) = 0;
  virtual HRESULT STDMETHODCALLTYPE ProcessLicenseRevocationResponse(BYTE *pbSignedLRB, DWORD cbSignedLRB, BYTE **ppbSignedACK, DWORD *pcbSignedACK) = 0;
  virtual HRESULT STDMETHODCALLTYPE ProcessLicenseDeletionMessage(BSTR bstrDeletionMessage) = 0;

 protected:
  ~IWMDRMLicenseManagement() = default;
};
#else
typedef struct IWMDRMLicenseManagementVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IWMDRMLicenseManagement *This, REFIID riid, void **ppvObject); /* 0 */
  ULONG(STDMETHODCALLTYPE *AddRef)(IWMDRMLicenseManagement *This); /* 1 */
  ULONG(STDMETHODCALLTYPE *Release)(IWMDRMLicenseManagement *This); /* 2 */
  HRESULT(STDMETHODCALLTYPE *GetEvent)(IWMDRMLicenseManagement *This, DWORD dwFlags, IMFMediaEvent **ppEvent); /* 3 */
  HRESULT(STDMETHODCALLTYPE *BeginGetEvent)(IWMDRMLicenseManagement *This, IMFAsyncCallback *pCallback, IUnknown *punkState); /* 4 */
  HRESULT(STDMETHODCALLTYPE *EndGetEvent)(IWMDRMLicenseManagement *This, IMFAsyncResult *pResult, IMFMediaEvent **ppEvent); /* 5 */
  HRESULT(STDMETHODCALLTYPE *QueueEvent)(IWMDRMLicenseManagement *This, MediaEventType met, REFGUID guidExtendedType, HRESULT hrStatus, const PROPVARIANT *pvValue); /* 6 */
  HRESULT(STDMETHODCALLTYPE *CancelAsyncOperation)(IWMDRMLicenseManagement *This, IUnknown *punkCancelationCookie); /* 7 */
  HRESULT(STDMETHODCALLTYPE *Shutdown)(IWMDRMLicenseManagement *This); /* 8 */
  HRESULT(STDMETHODCALLTYPE *CreateLicenseEnumeration)(IWMDRMLicenseManagement *This, WMDRM_LICENSE_FILTER *pLicenseFilter, IWMDRMLicense **pEnumerator); /* 9 */
  HRESULT(STDMETHODCALLTYPE *DeleteLicense)(IWMDRMLicenseManagement *This, BSTR bstrKID, DWORD dwFlags); /* 10 */
  HRESULT(STDMETHODCALLTYPE *CleanLicenseStore)(IWMDRMLicenseManagement *This, DWORD dwFlags, IUnknown **ppunkCancelationCookie); /* 11 */
  HRESULT(STDMETHODCALLTYPE *StoreLicense)(IWMDRMLicenseManagement *This, BSTR bstrLicenseResponse); /* 12 */
  HRESULT(STDMETHODCALLTYPE *AcquireLicense)(IWMDRMLicenseManagement *This, BSTR bstrURL, BSTR bstrHeaderData, BSTR bstrActions, DWORD dwFlags, IUnknown **ppunkCancelationCookie); /* 13 */
  HRESULT(STDMETHODCALLTYPE *MonitorLicenseAcquisition)(IWMDRMLicenseManagement *This, BSTR bstrKID, BSTR bstrHeader, BSTR bstrActions, IUnknown **ppunkCancelationCookie); /* 14 */
  HRESULT(STDMETHODCALLTYPE *BackupLicenses)(IWMDRMLicenseManagement *This, BSTR bstrBackupDirectory, DWORD dwFlags, IUnknown **ppunkCancelationCookie); /* 15 */
  HRESULT(STDMETHODCALLTYPE *RestoreLicenses)(IWMDRMLicenseManagement *This, BSTR bstrBackupDirectory, DWORD dwFlags, IUnknown **ppunkCancelationCookie); /* 16 */
  HRESULT(STDMETHODCALLTYPE *CreateLicenseRevocationChallenge)(IWMDRMLicenseManagement *This, BYTE *pbMachineID, DWORD cbMachineID, BYTE *pbChallenge, DWORD cbChallenge, BYTE **ppbChallengeOutput, DWORD *pcbChallengeOutput); /* 17 */
  HRESULT(STDMETHODCALLTYPE *ProcessLicenseRevocationResponse)(IWMDRMLicenseManagement *This, BYTE *pbSignedLRB, DWORD cbSignedLRB, BYTE **ppbSignedACK, DWORD *pcbSignedACK); /* 18 */
  HRESULT(STDMETHODCALLTYPE *ProcessLicenseDeletionMessage)(IWMDRMLicenseManagement *This, BSTR bstrDeletionMessage); /* 19 */
} IWMDRMLicenseManagementVtbl;
struct IWMDRMLicenseManagement {
  const IWMDRMLicenseManagementVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWMDRMLicenseManagement_QueryInterface(This, riid, ppvObject) (This)->lpVtbl->QueryInterface(This, riid, ppvObject)
#define IWMDRMLicenseManagement_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IWMDRMLicenseManagement_Release(This) (This)->lpVtbl->Release(This)
#define IWMDRMLicenseManagement_GetEvent(This, dwFlags, ppEvent) (This)->lpVtbl->GetEvent(This, dwFlags, ppEvent)
#define IWMDRMLicenseManagement_BeginGetEvent(This, pCallback, punkState) (This)->lpVtbl->BeginGetEvent(This, pCallback, punkState)
#define IWMDRMLicenseManagement_EndGetEvent(This, pResult, ppEvent) (This)->lpVtbl->EndGetEvent(This, pResult, ppEvent)
#define IWMDRMLicenseManagement_QueueEvent(This, met, guidExtendedType, hrStatus, pvValue) (This)->lpVtbl->QueueEvent(This, met, guidExtendedType, hrStatus, pvValue)
#define IWMDRMLicenseManagement_CancelAsyncOperation(This, punkCancelationCookie) (This)->lpVtbl->CancelAsyncOperation(This, punkCancelationCookie)
#define IWMDRMLicenseManagement_Shutdown(This) (This)->lpVtbl->Shutdown(This)
#define IWMDRMLicenseManagement_CreateLicenseEnumeration(This, pLicenseFilter, pEnumerator) (This)->lpVtbl->CreateLicenseEnumeration(This, pLicenseFilter, pEnumerator)
#define IWMDRMLicenseManagement_DeleteLicense(This, bstrKID, dwFlags) (This)->lpVtbl->DeleteLicense(This, bstrKID, dwFlags)
#define IWMDRMLicenseManagement_CleanLicenseStore(This, dwFlags, ppunkCancelationCookie) (This)->lpVtbl->CleanLicenseStore(This, dwFlags, ppunkCancelationCookie)
#define IWMDRMLicenseManagement_StoreLicense(This, bstrLicenseResponse) (This)->lpVtbl->StoreLicense(This, bstrLicenseResponse)
#define IWMDRMLicenseManagement_AcquireLicense(This, bstrURL, bstrHeaderData, bstrActions, dwFlags, ppunkCancelationCookie) (This)->lpVtbl->AcquireLicense(This, bstrURL, bstrHeaderData, bstrActions, dwFlags, ppunkCancelationCookie)
#define IWMDRMLicenseManagement_MonitorLicenseAcquisition(This, bstrKID, bstrHeader, bstrActions, ppunkCancelationCookie) (This)->lpVtbl->MonitorLicenseAcquisition(This, bstrKID, bstrHeader, bstrActions, ppunkCancelationCookie)
#define IWMDRMLicenseManagement_BackupLicenses(This, bstrBackupDirectory, dwFlags, ppunkCancelationCookie) (This)->lpVtbl->BackupLicenses(This, bstrBackupDirectory, dwFlags, ppunkCancelationCookie)
#define IWMDRMLicenseManagement_RestoreLicenses(This, bstrBackupDirectory, dwFlags, ppunkCancelationCookie) (This)->lpVtbl->RestoreLicenses(This, bstrBackupDirectory, dwFlags, ppunkCancelationCookie)
#define IWMDRMLicenseManagement_CreateLicenseRevocationChallenge(This, pbMachineID, cbMachineID, pbChallenge, cbChallenge, ppbChallengeOutput, pcbChallengeOutput) (This)->lpVtbl->CreateLicenseRevocationChallenge(This, pbMachineID, cbMachineID, pbChallenge, cbChallenge, ppbChallengeOutput, pcbChallengeOutput)
#define IWMDRMLicenseManagement_ProcessLicenseRevocationResponse(This, pbSignedLRB, cbSignedLRB, ppbSignedACK, pcbSignedACK) (This)->lpVtbl->ProcessLicenseRevocationResponse(This, pbSignedLRB, cbSignedLRB, ppbSignedACK, pcbSignedACK)
#define IWMDRMLicenseManagement_ProcessLicenseDeletionMessage(This, bstrDeletionMessage) (This)->lpVtbl->ProcessLicenseDeletionMessage(This, bstrDeletionMessage)
#endif
#endif

/* IWMDRMLicenseBackupRestoreStatus : IUnknown {F653C5A2-0EB3-4503-9D88-C200552D0D55} */
EXTERN_C RELIC_EXPORT const IID IID_IWMDRMLicenseBackupRestoreStatus;
#if defined(__cplusplus) && !defined(CINTERFACE)
struct IWMDRMLicenseBackupRestoreStatus : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE GetStatus(WM_BACKUP_RESTORE_STATUS *pStatus) = 0;

 protected:
  ~IWMDRMLicenseBackupRestoreStatus() = default;
};
#else
typedef struct IWMDRMLicenseBackupRestoreStatusVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IWMDRMLicenseBackupRestoreStatus *This, REFIID riid, void **ppvObject); /* 0 */
  ULONG(STDMETHODCALLTYPE *AddRef)(IWMDRMLicenseBackupRestoreStatus *This); /* 1 */
  ULONG(STDMETHODCALLTYPE *Release)(IWMDRMLicenseBackupRestoreStatus *This); /* 2 */
  HRESULT(STDMETHODCALLTYPE *GetStatus)(IWMDRMLicenseBackupRestoreStatus *This, WM_BACKUP_RESTORE_STATUS *pStatus); /* 3 */
} IWMDRMLicenseBackupRestoreStatusVtbl;
struct IWMDRMLicenseBackupRestoreStatus {
  const IWMDRMLicenseBackupRestoreStatusVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IWMDRMLicenseBackupRestoreStatus_QueryInterface(This, riid, ppvObject) (This)->lpVtbl->QueryInterface(This, riid, ppvObject)
#define IWMDRMLicenseBackupRestoreStatus_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IWMDRMLicenseBackupRestoreStatus_Release(This) (This)->lpVtbl->Release(This)
#define IWMDRMLicenseBackupRestoreStatus_GetStatus(This, pStatus) (This)->lpVtbl->GetStatus(This, pStatus)
#endif
#endif

RELIC_COM_BEGIN_C

/* WMDRMStartup/WMDRMShutdown pair up; WMDRMCreateProvider needs a
   WMDRMStartup not yet shut down (docs/sdk.md). */
RELIC_EXPORT HRESULT STDMETHODCALLTYPE WMDRMStartup(void);
RELIC_EXPORT HRESULT STDMETHODCALLTYPE WMDRMShutdown(void);
RELIC_EXPORT HRESULT STDMETHODCALLTYPE WMDRMCreateProvider(IWMDRMProvider **ppDRMProvider);

RELIC_COM_END_C

#endif /* RELIC_WMSDK_WMDRMSDK_H */
