// SPDX-License-Identifier: Apache-2.0
#include "lms/admin_sessions.h"

#include <algorithm>
#include <array>

#include "base/text_codec.h"
#include "crypto/crypto.h"

namespace relic::lms {
namespace {

std::string RandomText() {
  std::array<uint8_t, 32> bytes{};
  crypto::RandomFill(bytes);
  return Base64UrlEncode(bytes);
}

std::string Key(const std::string& cookie_value) {
  return HexEncode(crypto::Hash256(
      ByteView(reinterpret_cast<const uint8_t*>(cookie_value.data()), cookie_value.size())));
}

}  // namespace

AdminSessions::Created AdminSessions::Create(const std::string& operator_name) {
  Created created;
  created.cookie_value = RandomText();
  created.session.operator_name = operator_name;
  created.session.csrf_token = RandomText();
  const int64_t now = clock_->NowUnixSeconds();
  created.session.expires_at = now + lifetime_;
  MutexLock lock(mu_);
  std::erase_if(sessions_, [&](const auto& entry) { return entry.second.expires_at <= now; });
  if (sessions_.size() >= max_sessions_) {
    auto oldest = std::min_element(sessions_.begin(), sessions_.end(), [](auto& a, auto& b) {
      return a.second.expires_at < b.second.expires_at;
    });
    sessions_.erase(oldest);
  }
  sessions_[Key(created.cookie_value)] = created.session;
  return created;
}

std::optional<AdminSession> AdminSessions::Find(const std::string& cookie_value) {
  if (cookie_value.empty()) return std::nullopt;
  const std::string key = Key(cookie_value);
  MutexLock lock(mu_);
  auto it = sessions_.find(key);
  if (it == sessions_.end()) return std::nullopt;
  if (it->second.expires_at <= clock_->NowUnixSeconds()) {
    sessions_.erase(it);
    return std::nullopt;
  }
  return it->second;
}

void AdminSessions::End(const std::string& cookie_value) {
  const std::string key = Key(cookie_value);
  MutexLock lock(mu_);
  sessions_.erase(key);
}

}  // namespace relic::lms
