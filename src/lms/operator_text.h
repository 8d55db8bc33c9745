// SPDX-License-Identifier: Apache-2.0
// What an operator may type into the audit trail: a name and a reason.
// Both end up in the ledger, in logs and on the console's pages, so they
// are checked once, here, by the CLI and the admin API alike.
#pragma once

#include <string_view>

#include "relic/status.h"

namespace relic::lms {

constexpr size_t kMaxReasonBytes = 500;

// 1-64 characters of A-Z a-z 0-9 . _ @ -
Status CheckOperatorName(std::string_view name);
// 1-500 bytes of well-formed UTF-8 without control characters. Markup is
// allowed: it is text, and shown as text.
Status CheckReason(std::string_view reason);

}  // namespace relic::lms
