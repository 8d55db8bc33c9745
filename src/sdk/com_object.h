// SPDX-License-Identifier: Apache-2.0
// IUnknown for the SDK's COM objects: one reference count and one
// QueryInterface rule, written once.
//
// The interfaces are laid out like MIDL output and have no virtual
// destructor (C callers see only the vtable), so the last Release must
// delete the most-derived type: ComObject knows it from its first template
// argument. ComObject adds no virtual function of its own and derives from
// the interfaces in the order given, so the first interface stays at offset
// 0 and every vtable keeps its MIDL layout.
#pragma once

#include <atomic>
#include <initializer_list>

#include "relic_com.h"

namespace relic::sdk {

// `Derived` keeps its destructor private (only Release may destroy it) and
// names ComObject its friend.
template <typename Derived, typename... Interfaces>
class ComObject : public Interfaces... {
 public:
  ULONG STDMETHODCALLTYPE AddRef() override { return ++refs_; }
  ULONG STDMETHODCALLTYPE Release() override {
    ULONG left = --refs_;
    if (left == 0) delete static_cast<Derived*>(this);
    return left;
  }

 protected:
  ~ComObject() = default;

  // One interface an object hands out, and the pointer it hands out for it.
  struct Exposed {
    const IID& iid;
    IUnknown* as;
  };

  // QueryInterface as COM requires it: E_POINTER for a null `object`;
  // otherwise `object` is set (nullptr with E_NOINTERFACE for an IID not
  // in `table`). Objects with several interfaces map IID_IUnknown to one
  // of them, always the same, so that the object has one identity.
  HRESULT QueryInterfaceIn(std::initializer_list<Exposed> table, REFIID riid, void** object) {
    if (object == nullptr) return E_POINTER;
    for (const Exposed& exposed : table) {
      if (riid == exposed.iid) {
        *object = exposed.as;
        AddRef();
        return S_OK;
      }
    }
    *object = nullptr;
    return E_NOINTERFACE;
  }

 private:
  std::atomic<ULONG> refs_{1};
};

}  // namespace relic::sdk
