// SPDX-License-Identifier: Apache-2.0
// The operator console's sessions: a random cookie value names a session
// that expires a fixed time after sign-in, and carries its own CSRF token.
// Kept in memory by each instance (a restart signs operators out, which is
// the safe side); only a hash of each cookie value is kept, so a memory
// dump does not hand out live sessions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "base/mutex.h"
#include "relic/env.h"

namespace relic::lms {

struct AdminSession {
  std::string operator_name;
  std::string csrf_token;
  int64_t expires_at = 0;
};

class AdminSessions {
 public:
  AdminSessions(Clock* clock, int64_t lifetime_seconds, size_t max_sessions = 1000)
      : clock_(clock), lifetime_(lifetime_seconds), max_sessions_(max_sessions) {}

  struct Created {
    std::string cookie_value;
    AdminSession session;
  };
  // A new session; the oldest is dropped when `max_sessions` are live.
  Created Create(const std::string& operator_name);
  // The live session this cookie value names; an expired one is forgotten.
  std::optional<AdminSession> Find(const std::string& cookie_value);
  void End(const std::string& cookie_value);
  int64_t lifetime_seconds() const { return lifetime_; }

 private:
  Clock* clock_;
  const int64_t lifetime_;
  const size_t max_sessions_;
  Mutex mu_;
  std::map<std::string, AdminSession> sessions_ GUARDED_BY(mu_);  // by hash of the cookie value
};

}  // namespace relic::lms
