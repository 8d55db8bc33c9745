// SPDX-License-Identifier: Apache-2.0
// The event queue behind IMFMediaEventGenerator as relic's WMDRM objects
// implement it: GetEvent (blocking or MF_EVENT_FLAG_NO_WAIT),
// BeginGetEvent/EndGetEvent with the callback invoked on the queue's own
// thread, QueueEvent, and Shutdown.
#pragma once

#include <deque>
#include <memory>
#include <thread>
#include <vector>

#include "base/cond_var.h"
#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "wmdrmsdk.h"

namespace relic::sdk {

class EventQueue : public std::enable_shared_from_this<EventQueue> {
 public:
  static std::shared_ptr<EventQueue> Create() {
    return std::shared_ptr<EventQueue>(new EventQueue);
  }
  ~EventQueue();

  HRESULT GetEvent(DWORD flags, IMFMediaEvent** event) EXCLUDES(mu_);
  // `owner` (the generator) is held until the callback has run, so that the
  // callback can call EndGetEvent on it even if the application let go.
  HRESULT BeginGetEvent(IMFAsyncCallback* callback, IUnknown* state, IUnknown* owner) EXCLUDES(mu_);
  HRESULT EndGetEvent(IMFAsyncResult* result, IMFMediaEvent** event) EXCLUDES(mu_);
  HRESULT QueueEvent(MediaEventType type, REFGUID extended_type, HRESULT status,
                     const PROPVARIANT* value) EXCLUDES(mu_);
  // Adds `event` (takes the caller's reference, also on failure).
  HRESULT Enqueue(IMFMediaEvent* event) EXCLUDES(mu_);
  // Wakes a blocked GetEvent (MF_E_SHUTDOWN), completes a pending
  // BeginGetEvent with MF_E_SHUTDOWN, drops queued events. MF_E_SHUTDOWN the
  // second time.
  HRESULT Shutdown() EXCLUDES(mu_);
  bool IsShutdown() EXCLUDES(mu_);

 private:
  EventQueue() = default;
  void Dispatch() EXCLUDES(mu_);
  // A pending BeginGetEvent can be answered, or there is nothing left to do.
  bool DispatchReady() const REQUIRES(mu_) {
    return (pending_ != nullptr && (shutdown_ || !events_.empty())) ||
           (shutdown_ && pending_ == nullptr);
  }

  Mutex mu_;
  CondVar cv_;
  std::deque<IMFMediaEvent*> events_ GUARDED_BY(mu_);
  bool shutdown_ GUARDED_BY(mu_) = false;
  bool waiting_ GUARDED_BY(mu_) = false;  // a GetEvent is blocked
  // A BeginGetEvent waiting for an event.
  IMFAsyncCallback* pending_ GUARDED_BY(mu_) = nullptr;
  IUnknown* pending_state_ GUARDED_BY(mu_) = nullptr;
  IUnknown* pending_owner_ GUARDED_BY(mu_) = nullptr;
  // Results invoked but not yet ended.
  std::vector<IMFAsyncResult*> issued_ GUARDED_BY(mu_);
  std::thread dispatcher_ GUARDED_BY(mu_);
};

}  // namespace relic::sdk
