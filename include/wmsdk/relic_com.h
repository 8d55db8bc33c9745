// SPDX-License-Identifier: Apache-2.0
/* relic_com.h: the COM base types that the SDK-compatible headers
 * (wmsdk.h, wmsdkidl.h, wmdrmsdk.h, nserror.h) share. Part of relic, an open
 * Linux implementation of the Windows Media license backup/restore API.
 *
 * Sizes follow 64-bit Windows (LLP64), not Linux's LP64: LONG and ULONG are
 * 32 bits, so a structure or a vtable declared with them has the layout a
 * Windows header gives it. docs/sdk.md lists every type and its size.
 *
 * Calling convention: STDMETHODCALLTYPE, WINAPI and STDAPICALLTYPE are empty.
 * On x86-64 Windows they (__stdcall) are ignored too and every function uses
 * the platform's single convention; here that is the System V AMD64 ABI.
 *
 * Wide strings: WCHAR is a UTF-16 code unit, 16 bits, as on Windows: char16_t
 * in C++ and uint16_t in C. Linux's wchar_t is 32 bits, so an L"..." literal
 * is the wrong type and must not be passed where an LPCWSTR is expected.
 * Ported C++ writes u"BackupPath" (a const char16_t[], which converts to
 * LPCWSTR) instead of L"BackupPath"; TEXT16("BackupPath") below expands to
 * that. C has no portable 16-bit literal before C11's u"" (which is
 * char16_t = uint_least16_t, the same type as WCHAR on Linux, but needs a
 * cast); C code builds its strings at run time, for example with a loop that
 * widens an ASCII string into a WCHAR array.
 *
 * Interfaces follow MIDL's generated headers: in C++ an abstract struct
 * deriving as on Windows with pure virtual methods in vtable order; in C (or
 * with CINTERFACE defined) a struct whose first member lpVtbl points to
 * <Name>Vtbl, the methods in the same order with the object as the first
 * argument ("This"). Define COBJMACROS for the <Name>_<Method>(This, ...)
 * macros. The C++ structs have a protected, non-virtual, defaulted destructor:
 * the vtable holds only the methods, as on Windows, an interface pointer cannot
 * be deleted by mistake (COM objects go through Release), and implementations
 * build warning-free with -Wnon-virtual-dtor. */
#ifndef RELIC_WMSDK_RELIC_COM_H
#define RELIC_WMSDK_RELIC_COM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* RELIC_EXPORT marks the C functions and IIDs that librelic.so exports (it
   is built with hidden visibility; nothing else of it is visible). Defined
   as in relic/export.h, here too, so these headers need no other include
   directory. */
#ifndef RELIC_EXPORT
#if defined(__cplusplus) && (defined(__GNUC__) || defined(__clang__))
/* The standard attribute syntax, so that it can follow [[nodiscard]]. */
#define RELIC_EXPORT [[gnu::visibility("default")]]
#elif defined(__GNUC__) || defined(__clang__)
#define RELIC_EXPORT __attribute__((visibility("default")))
#else
#define RELIC_EXPORT
#endif
#endif

#ifdef __cplusplus
#define EXTERN_C extern "C"
#define RELIC_COM_BEGIN_C extern "C" {
#define RELIC_COM_END_C }
#else
#define EXTERN_C extern
#define RELIC_COM_BEGIN_C
#define RELIC_COM_END_C
#endif

#define STDMETHODCALLTYPE
#define STDAPICALLTYPE
#define WINAPI
#define STDAPI EXTERN_C HRESULT STDAPICALLTYPE

/* A cast that is a static_cast in C++, so the constants below stay clean
   under -Wold-style-cast when they are expanded in C++ code. */
#ifdef __cplusplus
#define RELIC_COM_CAST(type, value) (static_cast<type>(value))
#else
#define RELIC_COM_CAST(type, value) ((type)(value))
#endif

/* A nameless union inside a structure, as Windows' PROPVARIANT has: C11 and
   C++ allow it; GCC and Clang accept it in C99 with __extension__. */
#if defined(__GNUC__) && !defined(__cplusplus)
#define RELIC_COM_NAMELESS __extension__
#else
#define RELIC_COM_NAMELESS
#endif

/* Base types, with their sizes on 64-bit Windows. */
typedef int32_t HRESULT;
typedef int32_t LONG;
typedef uint32_t ULONG;
typedef uint32_t DWORD;
typedef uint16_t WORD;
typedef uint8_t BYTE;
typedef int32_t BOOL;
typedef int32_t INT;
typedef uint32_t UINT;
typedef int16_t SHORT;
typedef uint16_t USHORT;
typedef char CHAR;
typedef unsigned char UCHAR;
typedef int8_t INT8;
typedef uint8_t UINT8;
typedef int16_t INT16;
typedef uint16_t UINT16;
typedef int32_t INT32;
typedef uint32_t UINT32;
typedef int64_t INT64;
typedef uint64_t UINT64;
typedef int64_t LONGLONG;
typedef uint64_t ULONGLONG;
typedef uint64_t QWORD;
typedef float FLOAT;
typedef double DOUBLE;
typedef size_t SIZE_T;
typedef void *LPVOID;
typedef void *PVOID;
typedef const void *LPCVOID;
typedef int32_t SCODE;
typedef int16_t VARIANT_BOOL;
#define VARIANT_TRUE RELIC_COM_CAST(VARIANT_BOOL, -1)
#define VARIANT_FALSE RELIC_COM_CAST(VARIANT_BOOL, 0)
#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

#ifdef __cplusplus
typedef char16_t WCHAR;
#define TEXT16(s) u##s
#else
typedef uint16_t WCHAR;
#endif
typedef WCHAR OLECHAR;
typedef WCHAR *LPWSTR;
typedef const WCHAR *LPCWSTR;
typedef WCHAR *LPOLESTR;
typedef const WCHAR *LPCOLESTR;
typedef CHAR *LPSTR;
typedef const CHAR *LPCSTR;

/* BSTR: a pointer to the first character of a NUL-terminated UTF-16 string
   preceded by its length in bytes (32 bits, not counting the NUL). Allocate
   with SysAllocString/SysAllocStringLen, free with SysFreeString. */
typedef OLECHAR *BSTR;

/* GUID: 16 bytes, Data1..Data4, as on Windows. */
typedef struct _GUID {
  uint32_t Data1;
  uint16_t Data2;
  uint16_t Data3;
  uint8_t Data4[8];
} GUID;
typedef GUID IID;
typedef GUID CLSID;
typedef GUID *LPGUID;
typedef IID *LPIID;
typedef CLSID *LPCLSID;
#ifdef __cplusplus
typedef const GUID &REFGUID;
typedef const IID &REFIID;
typedef const CLSID &REFCLSID;
#else
typedef const GUID *REFGUID;
typedef const IID *REFIID;
typedef const CLSID *REFCLSID;
#endif

#ifdef __cplusplus
inline BOOL IsEqualGUID(REFGUID a, REFGUID b) { return memcmp(&a, &b, sizeof(GUID)) == 0; }
inline bool operator==(REFGUID a, REFGUID b) { return IsEqualGUID(a, b) != 0; }
inline bool operator!=(REFGUID a, REFGUID b) { return !IsEqualGUID(a, b); }
#else
static inline BOOL IsEqualGUID(REFGUID a, REFGUID b) { return memcmp(a, b, sizeof(GUID)) == 0; }
#endif
#define IsEqualIID(a, b) IsEqualGUID(a, b)
#define IsEqualCLSID(a, b) IsEqualGUID(a, b)

/* HRESULTs. */
#define SUCCEEDED(hr) (RELIC_COM_CAST(HRESULT, hr) >= 0)
#define FAILED(hr) (RELIC_COM_CAST(HRESULT, hr) < 0)
#define S_OK RELIC_COM_CAST(HRESULT, 0)
#define S_FALSE RELIC_COM_CAST(HRESULT, 1)
#define E_NOTIMPL RELIC_COM_CAST(HRESULT, 0x80004001)
#define E_NOINTERFACE RELIC_COM_CAST(HRESULT, 0x80004002)
#define E_POINTER RELIC_COM_CAST(HRESULT, 0x80004003)
#define E_ABORT RELIC_COM_CAST(HRESULT, 0x80004004)
#define E_FAIL RELIC_COM_CAST(HRESULT, 0x80004005)
#define E_UNEXPECTED RELIC_COM_CAST(HRESULT, 0x8000FFFF)
#define E_OUTOFMEMORY RELIC_COM_CAST(HRESULT, 0x8007000E)
#define E_INVALIDARG RELIC_COM_CAST(HRESULT, 0x80070057)
#define RPC_E_CHANGED_MODE RELIC_COM_CAST(HRESULT, 0x80010106)
#define DISP_E_BADVARTYPE RELIC_COM_CAST(HRESULT, 0x80020008)

/* CoInitializeEx flags. */
typedef enum tagCOINIT {
  COINIT_MULTITHREADED = 0x0,
  COINIT_APARTMENTTHREADED = 0x2,
  COINIT_DISABLE_OLE1DDE = 0x4,
  COINIT_SPEED_OVER_MEMORY = 0x8
} COINIT;

/* PROPVARIANT type tags (VARENUM). */
enum VARENUM {
  VT_EMPTY = 0,
  VT_NULL = 1,
  VT_I2 = 2,
  VT_I4 = 3,
  VT_R4 = 4,
  VT_R8 = 5,
  VT_BSTR = 8,
  VT_ERROR = 10,
  VT_BOOL = 11,
  VT_UNKNOWN = 13,
  VT_I1 = 16,
  VT_UI1 = 17,
  VT_UI2 = 18,
  VT_UI4 = 19,
  VT_I8 = 20,
  VT_UI8 = 21,
  VT_INT = 22,
  VT_UINT = 23,
  VT_LPSTR = 30,
  VT_LPWSTR = 31,
  VT_BLOB = 65,
  VT_CLSID = 72,
  VT_VECTOR = 0x1000
};
typedef unsigned short VARTYPE;

typedef struct tagBLOB {
  ULONG cbSize;
  BYTE *pBlobData;
} BLOB;

/* IUnknown {00000000-0000-0000-C000-000000000046} */
typedef struct IUnknown IUnknown;
typedef IUnknown *LPUNKNOWN;
EXTERN_C RELIC_EXPORT const IID IID_IUnknown;
#if defined(__cplusplus) && !defined(CINTERFACE)
struct IUnknown {
  virtual HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppvObject) = 0;
  virtual ULONG STDMETHODCALLTYPE AddRef(void) = 0;
  virtual ULONG STDMETHODCALLTYPE Release(void) = 0;

 protected:
  ~IUnknown() = default;
};
#else
typedef struct IUnknownVtbl {
  HRESULT(STDMETHODCALLTYPE *QueryInterface)(IUnknown *This, REFIID riid, void **ppvObject);
  ULONG(STDMETHODCALLTYPE *AddRef)(IUnknown *This);
  ULONG(STDMETHODCALLTYPE *Release)(IUnknown *This);
} IUnknownVtbl;
struct IUnknown {
  const IUnknownVtbl *lpVtbl;
};
#ifdef COBJMACROS
#define IUnknown_QueryInterface(This, riid, ppv) (This)->lpVtbl->QueryInterface(This, riid, ppv)
#define IUnknown_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IUnknown_Release(This) (This)->lpVtbl->Release(This)
#endif
#endif

/* PROPVARIANT: 2-byte vt, three reserved WORDs, then a union of 16 bytes on
   64-bit (BLOB: a ULONG and a pointer), 24 bytes in all; 16 on 32-bit. */
typedef struct tagPROPVARIANT {
  VARTYPE vt;
  WORD wReserved1;
  WORD wReserved2;
  WORD wReserved3;
  RELIC_COM_NAMELESS union {
    CHAR cVal;
    UCHAR bVal;
    SHORT iVal;
    USHORT uiVal;
    LONG lVal;
    ULONG ulVal;
    INT intVal;
    UINT uintVal;
    LONGLONG hVal;
    ULONGLONG uhVal;
    FLOAT fltVal;
    DOUBLE dblVal;
    VARIANT_BOOL boolVal;
    SCODE scode;
    CLSID *puuid;
    BLOB blob;
    BSTR bstrVal;
    LPSTR pszVal;
    LPWSTR pwszVal;
    IUnknown *punkVal;
  };
} PROPVARIANT;
typedef PROPVARIANT *LPPROPVARIANT;
#ifdef __cplusplus
typedef const PROPVARIANT &REFPROPVARIANT;
#else
typedef const PROPVARIANT *REFPROPVARIANT;
#endif

RELIC_COM_BEGIN_C

/* BSTR allocation. SysAllocString(NULL) returns NULL; SysAllocStringLen
   copies ui characters (or leaves them uninitialised when psz is NULL) and
   appends a NUL. SysFreeString(NULL) does nothing. */
RELIC_EXPORT BSTR STDAPICALLTYPE SysAllocString(const OLECHAR *psz);
RELIC_EXPORT BSTR STDAPICALLTYPE SysAllocStringLen(const OLECHAR *strIn, UINT ui);
RELIC_EXPORT void STDAPICALLTYPE SysFreeString(BSTR bstrString);
RELIC_EXPORT UINT STDAPICALLTYPE SysStringLen(BSTR pbstr);
RELIC_EXPORT UINT STDAPICALLTYPE SysStringByteLen(BSTR bstr);

/* The task allocator: malloc and free. */
RELIC_EXPORT LPVOID STDAPICALLTYPE CoTaskMemAlloc(SIZE_T cb);
RELIC_EXPORT void STDAPICALLTYPE CoTaskMemFree(LPVOID pv);

/* Per-thread initialisation count, as on Windows: S_OK the first time on a
   thread, S_FALSE when already initialised, RPC_E_CHANGED_MODE when the
   concurrency model differs. Nothing else depends on it. */
RELIC_EXPORT HRESULT STDAPICALLTYPE CoInitialize(LPVOID pvReserved);
RELIC_EXPORT HRESULT STDAPICALLTYPE CoInitializeEx(LPVOID pvReserved, DWORD dwCoInit);
RELIC_EXPORT void STDAPICALLTYPE CoUninitialize(void);

/* Frees what the PROPVARIANT owns (CoTaskMemFree for VT_LPWSTR, VT_LPSTR,
   VT_CLSID and VT_BLOB data; SysFreeString for VT_BSTR; Release for
   VT_UNKNOWN) and leaves it VT_EMPTY. DISP_E_BADVARTYPE for an unknown vt. */
RELIC_EXPORT HRESULT STDAPICALLTYPE PropVariantClear(PROPVARIANT *pvar);

RELIC_COM_END_C

#ifdef __cplusplus
inline void PropVariantInit(PROPVARIANT *pvar) { memset(pvar, 0, sizeof(PROPVARIANT)); }
#else
static inline void PropVariantInit(PROPVARIANT *pvar) { memset(pvar, 0, sizeof(PROPVARIANT)); }
#endif

#endif /* RELIC_WMSDK_RELIC_COM_H */
