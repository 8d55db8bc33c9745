// SPDX-License-Identifier: Apache-2.0
// The support desk's reads of the SQLite ledger: filtered, paged lookups of
// placements, refusals and audit records, and the dashboard's activity.
// Every filter has an index that starts with it and goes on with the sort
// order, so a page costs a seek and `limit` rows whatever the ledger holds.
#include <cstring>
#include <variant>

#include "lms/sqlite_ledger.h"

namespace relic::lms {
namespace {

constexpr int64_t kHour = int64_t{60} * 60;

bool CopyId(ByteView blob, std::array<uint8_t, 16>& out) {
  if (blob.size() != out.size()) return false;
  std::memcpy(out.data(), blob.data(), out.size());
  return true;
}

// WHERE clauses and their bound values, in order.
struct Filter {
  std::string sql;
  std::vector<std::variant<int64_t, std::string, ByteView>> values;
  void Add(const std::string& clause) { sql += (sql.empty() ? " WHERE " : " AND ") + clause; }
  void Bind(Statement& stmt) const {
    int i = 1;
    for (const auto& v : values) {
      std::visit([&](const auto& x) { stmt.Bind(i++, x); }, v);
    }
  }
};

}  // namespace

Result<LedgerPage<Placement>> SqliteLedger::FindPlacements(const LedgerQuery& q) {
  RELIC_RETURN_IF_ERROR(CheckQueryLimit(q.limit));
  if (q.reference) return NotFilterable("a refusal reference", "placements");
  Filter f;
  if (q.license) {
    f.Add("license_id = ?");
    f.values.emplace_back(ByteView(q.license->bytes));
  }
  if (q.kid) {
    f.Add("kid = ?");
    f.values.emplace_back(ByteView(q.kid->bytes));
  }
  if (q.machine) {
    f.Add("machine_id = ?");
    f.values.emplace_back(*q.machine);
  }
  if (q.since) {
    f.Add("granted_at >= ?");
    f.values.emplace_back(*q.since);
  }
  LicenseId after_license;  // outlives the statement, which binds a view of it
  if (q.after) {
    int64_t time = 0;
    std::string machine;
    RELIC_RETURN_IF_ERROR(DecodePlacementCursor(*q.after, time, after_license, machine));
    f.Add("(granted_at, license_id, machine_id) > (?, ?, ?)");
    f.values.emplace_back(time);
    f.values.emplace_back(ByteView(after_license.bytes));
    f.values.emplace_back(machine);
  }
  MutexLock lock(mu_);
  RELIC_ASSIGN_OR_RETURN(auto stmt,
                         db_->Cached("SELECT license_id, machine_id, kid, granted_at, source FROM "
                                     "placements" +
                                     f.sql + " ORDER BY granted_at, license_id, machine_id LIMIT " +
                                     std::to_string(q.limit)));
  f.Bind(stmt);
  LedgerPage<Placement> page;
  while (true) {
    RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    Placement& p = page.rows.emplace_back();
    if (!CopyId(stmt.Blob(0), p.license_id.bytes) || !CopyId(stmt.Blob(2), p.kid.bytes)) {
      return Status(Code::kCorrupt, "the ledger holds a malformed placement");
    }
    p.machine_id = stmt.Text(1);
    p.granted_at = stmt.Int(3);
    p.source = stmt.Int(4) != 0;
  }
  if (page.rows.size() == q.limit) {
    const Placement& last = page.rows.back();
    page.next = EncodeCursor(last.granted_at, last.license_id.ToString() + last.machine_id);
  }
  return page;
}

Result<LedgerPage<RefusalRecord>> SqliteLedger::FindRefusals(const LedgerQuery& q) {
  RELIC_RETURN_IF_ERROR(CheckQueryLimit(q.limit));
  Filter f;
  if (q.reference) {
    f.Add("reference = ?");
    f.values.emplace_back(*q.reference);
  }
  if (q.license) {
    f.Add("license_id = ?");
    f.values.emplace_back(ByteView(q.license->bytes));
  }
  if (q.kid) {
    f.Add("kid = ?");
    f.values.emplace_back(ByteView(q.kid->bytes));
  }
  if (q.machine) {
    f.Add("machine_id = ?");
    f.values.emplace_back(*q.machine);
  }
  if (q.since) {
    f.Add("refused_at >= ?");
    f.values.emplace_back(*q.since);
  }
  if (q.after) {
    int64_t time = 0, id = 0;
    RELIC_RETURN_IF_ERROR(DecodeRecordCursor(*q.after, time, id));
    f.Add("(refused_at, id) > (?, ?)");
    f.values.emplace_back(time);
    f.values.emplace_back(id);
  }
  MutexLock lock(mu_);
  RELIC_ASSIGN_OR_RETURN(
      auto stmt, db_->Cached("SELECT id, reference, license_id, kid, machine_id, reason, "
                             "refused_at, request_id FROM refusals" +
                             f.sql + " ORDER BY refused_at, id LIMIT " + std::to_string(q.limit)));
  f.Bind(stmt);
  LedgerPage<RefusalRecord> page;
  int64_t last_id = 0;
  while (true) {
    RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    RefusalRecord& r = page.rows.emplace_back();
    last_id = stmt.Int(0);
    r.reference = stmt.Text(1);
    if (!CopyId(stmt.Blob(2), r.license_id.bytes) || !CopyId(stmt.Blob(3), r.kid.bytes)) {
      return Status(Code::kCorrupt, "the ledger holds a malformed refusal");
    }
    r.machine_id = stmt.Text(4);
    r.reason = stmt.Text(5);
    r.refused_at = stmt.Int(6);
    r.request_id = stmt.Text(7);
  }
  if (page.rows.size() == q.limit) {
    page.next = EncodeCursor(page.rows.back().refused_at, std::to_string(last_id));
  }
  return page;
}

Result<LedgerPage<AuditRecord>> SqliteLedger::FindAudit(const LedgerQuery& q) {
  RELIC_RETURN_IF_ERROR(CheckQueryLimit(q.limit));
  if (q.kid) return NotFilterable("KID", "audit records");
  if (q.reference) return NotFilterable("a refusal reference", "audit records");
  Filter f;
  if (q.license) {
    f.Add("license_id = ?");
    f.values.emplace_back(ByteView(q.license->bytes));
  }
  if (q.machine) {
    f.Add("machine_id = ?");
    f.values.emplace_back(*q.machine);
  }
  if (q.since) {
    f.Add("at >= ?");
    f.values.emplace_back(*q.since);
  }
  if (q.after) {
    int64_t time = 0, id = 0;
    RELIC_RETURN_IF_ERROR(DecodeRecordCursor(*q.after, time, id));
    f.Add("(at, id) > (?, ?)");
    f.values.emplace_back(time);
    f.values.emplace_back(id);
  }
  MutexLock lock(mu_);
  RELIC_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Cached("SELECT id, at, operator, action, license_id, machine_id, reason, request_id "
                  "FROM audit" +
                  f.sql + " ORDER BY at, id LIMIT " + std::to_string(q.limit)));
  f.Bind(stmt);
  LedgerPage<AuditRecord> page;
  while (true) {
    RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    AuditRecord& a = page.rows.emplace_back();
    a.id = stmt.Int(0);
    a.at = stmt.Int(1);
    a.operator_name = stmt.Text(2);
    a.action = stmt.Text(3);
    if (!CopyId(stmt.Blob(4), a.license_id.bytes)) {
      return Status(Code::kCorrupt, "the ledger holds a malformed audit record");
    }
    a.machine_id = stmt.Text(5);
    a.reason = stmt.Text(6);
    a.request_id = stmt.Text(7);
  }
  if (page.rows.size() == q.limit) {
    page.next = EncodeCursor(page.rows.back().at, std::to_string(page.rows.back().id));
  }
  return page;
}

Result<LedgerActivity> SqliteLedger::Activity(int64_t since, int64_t until) {
  if (until <= since || until - since > int64_t{366} * 24 * kHour) {
    return Status(Code::kInvalidArgument,
                  "the activity window must be a positive span of at most a year");
  }
  LedgerActivity activity;
  const int64_t first = since - since % kHour;
  for (int64_t h = first; h < until; h += kHour) activity.hours.push_back({h, 0, 0});
  auto hour_of = [&](int64_t bucket) -> LedgerActivity::Hour* {
    const int64_t index = (bucket * kHour - first) / kHour;
    if (index < 0 || index >= static_cast<int64_t>(activity.hours.size())) return nullptr;
    return &activity.hours[static_cast<size_t>(index)];
  };
  MutexLock lock(mu_);
  {
    RELIC_ASSIGN_OR_RETURN(
        auto stmt, db_->Cached("SELECT granted_at / 3600, count(*) FROM placements WHERE "
                               "granted_at >= ? AND granted_at < ? AND source = 0 GROUP BY 1"));
    stmt.Bind(1, since).Bind(2, until);
    while (true) {
      RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      if (auto* hour = hour_of(stmt.Int(0))) hour->grants = static_cast<uint64_t>(stmt.Int(1));
    }
  }
  {
    RELIC_ASSIGN_OR_RETURN(auto stmt,
                           db_->Cached("SELECT refused_at / 3600, count(*) FROM refusals WHERE "
                                       "refused_at >= ? AND refused_at < ? GROUP BY 1"));
    stmt.Bind(1, since).Bind(2, until);
    while (true) {
      RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      if (auto* hour = hour_of(stmt.Int(0))) hour->refusals = static_cast<uint64_t>(stmt.Int(1));
    }
  }
  {
    RELIC_ASSIGN_OR_RETURN(auto stmt,
                           db_->Cached("SELECT reason, count(*) FROM refusals WHERE refused_at "
                                       ">= ? AND refused_at < ? GROUP BY reason ORDER BY 2 DESC"));
    stmt.Bind(1, since).Bind(2, until);
    while (true) {
      RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      activity.refusal_reasons.emplace_back(stmt.Text(0), static_cast<uint64_t>(stmt.Int(1)));
    }
  }
  const std::pair<const char*, uint64_t*> counts[] = {
      {"SELECT count(*) FROM placements", &activity.placements},
      {"SELECT count(*) FROM refusals", &activity.refusals},
      {"SELECT count(*) FROM audit", &activity.audit_records}};
  for (const auto& [sql, out] : counts) {
    RELIC_ASSIGN_OR_RETURN(auto stmt, db_->Cached(sql));
    RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
    *out = row ? static_cast<uint64_t>(stmt.Int(0)) : 0;
  }
  return activity;
}

}  // namespace relic::lms
