// SPDX-License-Identifier: Apache-2.0
// The event queue behind IMFMediaEventGenerator as relic's WMDRM objects
// implement it: GetEvent (blocking or MF_EVENT_FLAG_NO_WAIT),
// BeginGetEvent/EndGetEvent with the callback invoked on the queue's own
// thread, QueueEvent, and Shutdown.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "wmdrmsdk.h"

namespace relic::sdk {

class EventQueue : public std::enable_shared_from_this<EventQueue> {
 public:
  static std::shared_ptr<EventQueue> Create() {
    return std::shared_ptr<EventQueue>(new EventQueue);
  }
  ~EventQueue();

  HRESULT GetEvent(DWORD flags, IMFMediaEvent** event);
  // `owner` (the generator) is held until the callback has run, so that the
  // callback can call EndGetEvent on it even if the application let go.
  HRESULT BeginGetEvent(IMFAsyncCallback* callback, IUnknown* state, IUnknown* owner);
  HRESULT EndGetEvent(IMFAsyncResult* result, IMFMediaEvent** event);
  HRESULT QueueEvent(MediaEventType type, REFGUID extended_type, HRESULT status,
                     const PROPVARIANT* value);
  // Adds `event` (takes the caller's reference, also on failure).
  HRESULT Enqueue(IMFMediaEvent* event);
  // Wakes a blocked GetEvent (MF_E_SHUTDOWN), completes a pending
  // BeginGetEvent with MF_E_SHUTDOWN, drops queued events. MF_E_SHUTDOWN the
  // second time.
  HRESULT Shutdown();
  bool IsShutdown();

 private:
  EventQueue() = default;
  void Dispatch();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<IMFMediaEvent*> events_;
  bool shutdown_ = false;
  bool waiting_ = false;                 // a GetEvent is blocked
  IMFAsyncCallback* pending_ = nullptr;  // a BeginGetEvent waiting for an event
  IUnknown* pending_state_ = nullptr;
  IUnknown* pending_owner_ = nullptr;
  std::vector<IMFAsyncResult*> issued_;  // results invoked but not yet ended
  std::thread dispatcher_;
};

}  // namespace relic::sdk
