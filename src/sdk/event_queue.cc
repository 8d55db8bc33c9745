// SPDX-License-Identifier: Apache-2.0
#include "sdk/event_queue.h"

#include <algorithm>
#include <atomic>

#include "sdk/allocation.h"
#include "sdk/com_object.h"
#include "sdk/media_event.h"

namespace relic::sdk {
namespace {

// The IMFAsyncResult a BeginGetEvent callback receives; EndGetEvent takes
// the event out of it.
class AsyncResult final : public ComObject<AsyncResult, IMFAsyncResult> {
 public:
  AsyncResult(IUnknown* state, IMFMediaEvent* event, HRESULT status)
      : state_(state), event_(event), status_(status) {
    if (state_ != nullptr) state_->AddRef();
  }

  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** object) override {
    return QueryInterfaceIn({{IID_IUnknown, this}, {IID_IMFAsyncResult, this}}, riid, object);
  }

  HRESULT STDMETHODCALLTYPE GetState(IUnknown** state) override {
    if (state == nullptr) return E_POINTER;
    *state = state_;
    if (state_ == nullptr) return E_POINTER;
    state_->AddRef();
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE GetStatus() override { return status_.load(); }
  HRESULT STDMETHODCALLTYPE SetStatus(HRESULT status) override {
    status_.store(status);
    return S_OK;
  }
  // As in Media Foundation, a generator's result carries no object.
  HRESULT STDMETHODCALLTYPE GetObject(IUnknown** object) override {
    if (object != nullptr) *object = nullptr;
    return E_POINTER;
  }
  IUnknown* STDMETHODCALLTYPE GetStateNoAddRef() override { return state_; }

  // The event, once (the queue's lock serialises the callers).
  IMFMediaEvent* TakeEvent() { return std::exchange(event_, nullptr); }

 private:
  friend ComObject;
  ~AsyncResult() {
    if (state_ != nullptr) state_->Release();
    if (event_ != nullptr) event_->Release();
  }

  IUnknown* state_;
  IMFMediaEvent* event_;
  std::atomic<HRESULT> status_;
};

}  // namespace

EventQueue::~EventQueue() {
  Shutdown();
  // The dispatcher holds a reference to the queue while it runs, so this
  // runs after it has finished (or on it, when its callback let go last).
  if (dispatcher_.joinable()) {
    if (dispatcher_.get_id() == std::this_thread::get_id()) {
      dispatcher_.detach();
    } else {
      dispatcher_.join();
    }
  }
  for (IMFAsyncResult* result : issued_) result->Release();
}

HRESULT EventQueue::GetEvent(DWORD flags, IMFMediaEvent** event) {
  if (event == nullptr) return E_INVALIDARG;
  *event = nullptr;
  MutexLock lock(mu_);
  if (shutdown_) return MF_E_SHUTDOWN;
  if (pending_ != nullptr || waiting_) return MF_E_MULTIPLE_SUBSCRIBERS;
  if (events_.empty()) {
    if ((flags & MF_EVENT_FLAG_NO_WAIT) != 0) return MF_E_NO_EVENTS_AVAILABLE;
    waiting_ = true;
    while (!shutdown_ && events_.empty()) cv_.Wait(mu_);
    waiting_ = false;
    if (shutdown_) return MF_E_SHUTDOWN;
  }
  *event = events_.front();
  events_.pop_front();
  return S_OK;
}

HRESULT EventQueue::BeginGetEvent(IMFAsyncCallback* callback, IUnknown* state, IUnknown* owner) {
  if (callback == nullptr) return E_INVALIDARG;
  MutexLock lock(mu_);
  if (shutdown_) return MF_E_SHUTDOWN;
  if (pending_ != nullptr) {
    return pending_ == callback ? MF_E_MULTIPLE_BEGIN : MF_E_MULTIPLE_SUBSCRIBERS;
  }
  if (waiting_) return MF_E_MULTIPLE_SUBSCRIBERS;
  if (!dispatcher_.joinable()) {
    try {
      dispatcher_ = std::thread([self = shared_from_this()] { self->Dispatch(); });
    } catch (const std::system_error&) {
      return E_OUTOFMEMORY;
    }
  }
  callback->AddRef();
  if (state != nullptr) state->AddRef();
  if (owner != nullptr) owner->AddRef();
  pending_ = callback;
  pending_state_ = state;
  pending_owner_ = owner;
  cv_.NotifyAll();
  return S_OK;
}

// Invokes each pending callback, on this thread, once an event (or the
// shutdown) is there for it; never with the lock held.
void EventQueue::Dispatch() {
  MutexLock lock(mu_);
  for (;;) {
    while (!DispatchReady()) cv_.Wait(mu_);
    if (pending_ == nullptr) return;  // shut down, nothing left to answer
    IMFMediaEvent* event = nullptr;
    HRESULT status = MF_E_SHUTDOWN;
    if (!shutdown_) {
      event = events_.front();
      events_.pop_front();
      status = S_OK;
    }
    IMFAsyncCallback* callback = std::exchange(pending_, nullptr);
    IUnknown* state = std::exchange(pending_state_, nullptr);
    IUnknown* owner = std::exchange(pending_owner_, nullptr);
    auto* result = NewObject<AsyncResult>(state, event, status);
    if (result != nullptr) {
      result->AddRef();
      issued_.push_back(result);
    } else if (event != nullptr) {
      // Nothing to hand the event in: it stays first in the queue, and the
      // request is dropped (Media Foundation's own out-of-memory case).
      events_.push_front(event);
    }
    lock.Unlock();
    if (result != nullptr) {
      callback->Invoke(result);
      result->Release();
    }
    if (state != nullptr) state->Release();
    callback->Release();
    // May destroy the generator, and with it the last other reference to
    // this queue: `self` in the thread keeps it alive until Dispatch returns.
    if (owner != nullptr) owner->Release();
    lock.Lock();
  }
}

HRESULT EventQueue::EndGetEvent(IMFAsyncResult* result, IMFMediaEvent** event) {
  if (result == nullptr || event == nullptr) return E_INVALIDARG;
  *event = nullptr;
  MutexLock lock(mu_);
  auto it = std::find(issued_.begin(), issued_.end(), result);
  if (it == issued_.end()) return E_INVALIDARG;
  issued_.erase(it);
  auto* ours = static_cast<AsyncResult*>(result);
  HRESULT status = ours->GetStatus();
  IMFMediaEvent* taken = ours->TakeEvent();
  result->Release();  // the queue's reference
  if (FAILED(status)) {
    if (taken != nullptr) taken->Release();
    return status;
  }
  *event = taken;
  return S_OK;
}

HRESULT EventQueue::QueueEvent(MediaEventType type, REFGUID extended_type, HRESULT status,
                               const PROPVARIANT* value) {
  if (IsShutdown()) return MF_E_SHUTDOWN;
  IMFMediaEvent* event = nullptr;
  if (HRESULT hr = NewMediaEvent(type, extended_type, status, value, &event); FAILED(hr)) {
    return hr;
  }
  return Enqueue(event);
}

HRESULT EventQueue::Enqueue(IMFMediaEvent* event) {
  {
    MutexLock lock(mu_);
    if (!shutdown_) {
      try {
        events_.push_back(event);
      } catch (const std::bad_alloc&) {
        event->Release();
        return E_OUTOFMEMORY;
      }
      cv_.NotifyAll();
      return S_OK;
    }
  }
  event->Release();
  return MF_E_SHUTDOWN;
}

HRESULT EventQueue::Shutdown() {
  std::deque<IMFMediaEvent*> dropped;
  {
    MutexLock lock(mu_);
    if (shutdown_) return MF_E_SHUTDOWN;
    shutdown_ = true;
    dropped.swap(events_);
    cv_.NotifyAll();
  }
  for (IMFMediaEvent* event : dropped) event->Release();
  return S_OK;
}

bool EventQueue::IsShutdown() {
  MutexLock lock(mu_);
  return shutdown_;
}

}  // namespace relic::sdk
