// SPDX-License-Identifier: Apache-2.0
// What the support desk reads from and writes to the ledger besides
// placements (ledger.h): refused licenses, operators' releases, filters with
// cursor paging, and the per-hour activity behind the console's dashboard
// (docs/lms.md). Shared by every Ledger backend, so the CLI and the console
// see the same records whatever the ledger is kept in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "relic/ids.h"
#include "relic/status.h"

namespace relic::lms {

// One license refused by a restore limit. A refused batch shares one
// `reference` (lms/refusal_reference.h), the only thing the client's refusal
// URL carries.
struct RefusalRecord {
  std::string reference;
  LicenseId license_id;
  Kid kid;
  std::string machine_id;  // the target machine
  std::string reason;      // RefusalReasonName: "machine-limit", "daily-limit"
  int64_t refused_at = 0;
  std::string request_id;
};

// An operator's release of one placement, recorded only if it happened.
struct AuditRecord {
  int64_t id = 0;  // assigned by the ledger
  int64_t at = 0;
  std::string operator_name;
  std::string action = "release";
  LicenseId license_id;
  std::string machine_id;
  std::string reason;
  std::string request_id;
};

// A filter over placements, refusals or audit records; every field narrows.
// Results come oldest first; `after` is the cursor of the last row of the
// previous page (PageCursor), so paging stays stable while rows are added.
struct LedgerQuery {
  std::optional<LicenseId> license;
  std::optional<Kid> kid;                // placements and refusals
  std::optional<std::string> machine;    // a machine ID
  std::optional<std::string> reference;  // refusals only
  std::optional<int64_t> since;          // unix seconds, inclusive
  uint32_t limit = 100;
  std::optional<std::string> after;
};

constexpr uint32_t kMaxQueryLimit = 10'000;

// A page of results and the cursor of its last row ("" when the page is
// shorter than the limit: nothing follows).
template <typename T>
struct LedgerPage {
  std::vector<T> rows;
  std::string next;
};

// The dashboard's figures, read from the ledger so that every service
// instance over the same ledger shows the same, and a restart loses none.
struct LedgerActivity {
  struct Hour {
    int64_t start = 0;  // unix seconds, a multiple of 3600
    uint64_t grants = 0;
    uint64_t refusals = 0;
  };
  std::vector<Hour> hours;  // oldest first, one per hour of the window
  std::vector<std::pair<std::string, uint64_t>> refusal_reasons;  // in the window
  uint64_t placements = 0;
  uint64_t refusals = 0;
  uint64_t audit_records = 0;
};

// The refusal retention the policy sets (docs/lms.md): older or surplus
// rows are deleted as new refusals are recorded.
struct RefusalRetention {
  uint32_t days = 90;
  uint64_t rows = 1'000'000;
};

// A cursor is (time, key) of the last row, as one opaque token: clients
// hand it back and never build one. Errors: kInvalidArgument with what to
// do.
std::string EncodeCursor(int64_t time, std::string_view key);
Status DecodeCursor(std::string_view cursor, int64_t& time, std::string& key);

// What every backend checks of a query before it reads (the messages are
// the user's): the page size, a cursor of placements (time, license,
// machine) or of refusals and audit records (time, row id), and a filter
// the list does not have. All kInvalidArgument.
Status CheckQueryLimit(uint32_t limit);
Status DecodePlacementCursor(const std::string& cursor, int64_t& time, LicenseId& license,
                             std::string& machine);
Status DecodeRecordCursor(const std::string& cursor, int64_t& time, int64_t& id);
Status NotFilterable(const char* what, const char* list);

// Checks a machine ID's text: 32 lower-case hex digits.
Status CheckMachineId(std::string_view text);

}  // namespace relic::lms
