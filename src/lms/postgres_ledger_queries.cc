// SPDX-License-Identifier: Apache-2.0
// The support desk's reads of the PostgreSQL ledger, as in SQLite
// (sqlite_ledger_queries.cc): every filter has an index that starts with it
// and goes on with the sort order (migration 2), so a page costs an index
// seek and `limit` rows whatever the ledger holds, in one round trip.
#include <algorithm>
#include <optional>

#include "lms/postgres_ledger.h"

namespace relic::lms {
namespace {

constexpr int64_t kHour = int64_t{60} * 60;

bool CopyBytea(const PgResult& r, int row, int column, std::array<uint8_t, 16>& out) {
  auto bytes = r.Bytea(row, column);
  if (!bytes || bytes->size() != out.size()) return false;
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return true;
}

// WHERE clauses and their text parameters, numbered in order.
struct PgFilter {
  std::string sql;
  std::vector<std::optional<std::string>> params;
  void Add(const std::string& clause_before_param, const std::string& value,
           const std::string& cast = "") {
    Clause(clause_before_param + Next(value, cast));
  }
  void Clause(const std::string& clause) {
    sql += sql.empty() ? " WHERE " : " AND ";
    sql += clause;
  }
  // Built by appending: GCC 12's -Wrestrict misreads `"$" + std::to_string(n)`
  // at -O2 and above (as in postgres_ledger.cc).
  std::string Next(const std::string& value, const std::string& cast = "") {
    params.push_back(value);
    std::string placeholder = "$";
    placeholder += std::to_string(params.size());
    placeholder += cast;
    return placeholder;
  }
};

// The filters placements and refusals share.
void AddCommon(const LedgerQuery& q, PgFilter& f, const char* time_column) {
  if (q.license) f.Add("license_id = ", ByteaText(q.license->bytes), "::bytea");
  if (q.kid) f.Add("kid = ", ByteaText(q.kid->bytes), "::bytea");
  if (q.machine) f.Add("machine_id = ", *q.machine);
  if (q.since) f.Add(std::string(time_column) + " >= ", std::to_string(*q.since));
}

}  // namespace

Result<LedgerPage<Placement>> PostgresLedger::FindPlacements(const LedgerQuery& q) {
  RELIC_RETURN_IF_ERROR(CheckQueryLimit(q.limit));
  if (q.reference) return NotFilterable("a refusal reference", "placements");
  PgFilter f;
  AddCommon(q, f, "granted_at");
  if (q.after) {
    int64_t time = 0;
    LicenseId license;
    std::string machine;
    RELIC_RETURN_IF_ERROR(DecodePlacementCursor(*q.after, time, license, machine));
    const std::string t = f.Next(std::to_string(time));
    const std::string l = f.Next(ByteaText(license.bytes), "::bytea");
    const std::string m = f.Next(machine);
    f.Clause("(granted_at, license_id, machine_id) > (" + t + ", " + l + ", " + m + ")");
  }
  LedgerPage<Placement> page;
  const Status read = WithConnection([&](PgConnection& c) -> Status {
    page.rows.clear();
    RELIC_ASSIGN_OR_RETURN(
        PgResult r,
        c.Exec("SELECT license_id, machine_id, kid, granted_at, source FROM placements" + f.sql +
                   " ORDER BY granted_at, license_id, machine_id LIMIT " + std::to_string(q.limit),
               f.params));
    for (int row = 0; row < r.rows(); ++row) {
      Placement& p = page.rows.emplace_back();
      if (!CopyBytea(r, row, 0, p.license_id.bytes) || !CopyBytea(r, row, 2, p.kid.bytes)) {
        return Status(Code::kCorrupt, "the ledger holds a malformed placement");
      }
      p.machine_id = r.Text(row, 1);
      p.granted_at = r.Int(row, 3);
      p.source = r.Int(row, 4) != 0;
    }
    return Status::Ok();
  });
  if (!read.ok()) return read;
  if (page.rows.size() == q.limit) {
    const Placement& last = page.rows.back();
    page.next = EncodeCursor(last.granted_at, last.license_id.ToString() + last.machine_id);
  }
  return page;
}

Result<LedgerPage<RefusalRecord>> PostgresLedger::FindRefusals(const LedgerQuery& q) {
  RELIC_RETURN_IF_ERROR(CheckQueryLimit(q.limit));
  PgFilter f;
  if (q.reference) f.Add("reference = ", *q.reference);
  AddCommon(q, f, "refused_at");
  if (q.after) {
    int64_t time = 0, id = 0;
    RELIC_RETURN_IF_ERROR(DecodeRecordCursor(*q.after, time, id));
    const std::string t = f.Next(std::to_string(time));
    const std::string i = f.Next(std::to_string(id));
    f.Clause("(refused_at, id) > (" + t + ", " + i + ")");
  }
  LedgerPage<RefusalRecord> page;
  int64_t last_id = 0;
  const Status read = WithConnection([&](PgConnection& c) -> Status {
    page.rows.clear();
    RELIC_ASSIGN_OR_RETURN(
        PgResult r,
        c.Exec("SELECT id, reference, license_id, kid, machine_id, reason, refused_at, request_id "
               "FROM refusals" +
                   f.sql + " ORDER BY refused_at, id LIMIT " + std::to_string(q.limit),
               f.params));
    for (int row = 0; row < r.rows(); ++row) {
      RefusalRecord& x = page.rows.emplace_back();
      last_id = r.Int(row, 0);
      x.reference = r.Text(row, 1);
      if (!CopyBytea(r, row, 2, x.license_id.bytes) || !CopyBytea(r, row, 3, x.kid.bytes)) {
        return Status(Code::kCorrupt, "the ledger holds a malformed refusal");
      }
      x.machine_id = r.Text(row, 4);
      x.reason = r.Text(row, 5);
      x.refused_at = r.Int(row, 6);
      x.request_id = r.Text(row, 7);
    }
    return Status::Ok();
  });
  if (!read.ok()) return read;
  if (page.rows.size() == q.limit) {
    page.next = EncodeCursor(page.rows.back().refused_at, std::to_string(last_id));
  }
  return page;
}

Result<LedgerPage<AuditRecord>> PostgresLedger::FindAudit(const LedgerQuery& q) {
  RELIC_RETURN_IF_ERROR(CheckQueryLimit(q.limit));
  if (q.kid) return NotFilterable("KID", "audit records");
  if (q.reference) return NotFilterable("a refusal reference", "audit records");
  PgFilter f;
  if (q.license) f.Add("license_id = ", ByteaText(q.license->bytes), "::bytea");
  if (q.machine) f.Add("machine_id = ", *q.machine);
  if (q.since) f.Add("at >= ", std::to_string(*q.since));
  if (q.after) {
    int64_t time = 0, id = 0;
    RELIC_RETURN_IF_ERROR(DecodeRecordCursor(*q.after, time, id));
    const std::string t = f.Next(std::to_string(time));
    const std::string i = f.Next(std::to_string(id));
    f.Clause("(at, id) > (" + t + ", " + i + ")");
  }
  LedgerPage<AuditRecord> page;
  const Status read = WithConnection([&](PgConnection& c) -> Status {
    page.rows.clear();
    RELIC_ASSIGN_OR_RETURN(
        PgResult r,
        c.Exec("SELECT id, at, operator, action, license_id, machine_id, reason, request_id FROM "
               "audit" +
                   f.sql + " ORDER BY at, id LIMIT " + std::to_string(q.limit),
               f.params));
    for (int row = 0; row < r.rows(); ++row) {
      AuditRecord& a = page.rows.emplace_back();
      a.id = r.Int(row, 0);
      a.at = r.Int(row, 1);
      a.operator_name = r.Text(row, 2);
      a.action = r.Text(row, 3);
      if (!CopyBytea(r, row, 4, a.license_id.bytes)) {
        return Status(Code::kCorrupt, "the ledger holds a malformed audit record");
      }
      a.machine_id = r.Text(row, 5);
      a.reason = r.Text(row, 6);
      a.request_id = r.Text(row, 7);
    }
    return Status::Ok();
  });
  if (!read.ok()) return read;
  if (page.rows.size() == q.limit) {
    page.next = EncodeCursor(page.rows.back().at, std::to_string(page.rows.back().id));
  }
  return page;
}

Result<LedgerActivity> PostgresLedger::Activity(int64_t since, int64_t until) {
  if (until <= since || until - since > int64_t{366} * 24 * kHour) {
    return Status(Code::kInvalidArgument,
                  "the activity window must be a positive span of at most a year");
  }
  LedgerActivity activity;
  const int64_t first = since - since % kHour;
  const Status read = WithConnection([&](PgConnection& c) -> Status {
    activity = LedgerActivity{};
    for (int64_t h = first; h < until; h += kHour) activity.hours.push_back({h, 0, 0});
    auto hour_of = [&](int64_t bucket) -> LedgerActivity::Hour* {
      const int64_t index = (bucket * kHour - first) / kHour;
      if (index < 0 || index >= static_cast<int64_t>(activity.hours.size())) return nullptr;
      return &activity.hours[static_cast<size_t>(index)];
    };
    // One snapshot, so the figures agree with each other.
    RELIC_RETURN_IF_ERROR(c.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").status());
    auto fail = [&](Status s) {
      if (!c.broken()) c.Exec("ROLLBACK").status().IgnoreError();
      return s;
    };
    const std::vector<std::optional<std::string>> window = {std::to_string(since),
                                                            std::to_string(until)};
    auto grants = c.Exec(
        "SELECT granted_at / 3600, count(*) FROM placements WHERE granted_at >= $1 AND "
        "granted_at < $2 AND source = 0 GROUP BY 1",
        window);
    if (!grants.ok()) return fail(grants.status());
    for (int row = 0; row < grants->rows(); ++row) {
      if (auto* hour = hour_of(grants->Int(row, 0))) {
        hour->grants = static_cast<uint64_t>(grants->Int(row, 1));
      }
    }
    auto refusals = c.Exec(
        "SELECT refused_at / 3600, count(*) FROM refusals WHERE refused_at >= $1 AND "
        "refused_at < $2 GROUP BY 1",
        window);
    if (!refusals.ok()) return fail(refusals.status());
    for (int row = 0; row < refusals->rows(); ++row) {
      if (auto* hour = hour_of(refusals->Int(row, 0))) {
        hour->refusals = static_cast<uint64_t>(refusals->Int(row, 1));
      }
    }
    auto reasons = c.Exec(
        "SELECT reason, count(*) FROM refusals WHERE refused_at >= $1 AND refused_at < $2 "
        "GROUP BY reason ORDER BY 2 DESC, 1",
        window);
    if (!reasons.ok()) return fail(reasons.status());
    for (int row = 0; row < reasons->rows(); ++row) {
      activity.refusal_reasons.emplace_back(reasons->Text(row, 0),
                                            static_cast<uint64_t>(reasons->Int(row, 1)));
    }
    auto counts = c.Exec(
        "SELECT (SELECT count(*) FROM placements), (SELECT count(*) FROM refusals), "
        "(SELECT count(*) FROM audit)");
    if (!counts.ok()) return fail(counts.status());
    activity.placements = static_cast<uint64_t>(counts->Int(0, 0));
    activity.refusals = static_cast<uint64_t>(counts->Int(0, 1));
    activity.audit_records = static_cast<uint64_t>(counts->Int(0, 2));
    return c.Exec("COMMIT").status();
  });
  if (!read.ok()) return read;
  return activity;
}

}  // namespace relic::lms
