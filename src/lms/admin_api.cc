// SPDX-License-Identifier: Apache-2.0
#include "lms/admin_api.h"

#include <charconv>
#include <cmath>

#include "lms/operator_text.h"
#include "relic/rights.h"

namespace relic::lms {
namespace {

constexpr int64_t kHour = int64_t{60} * 60;
constexpr int64_t kDashboardDays = 30;

AdminJson ToJson(const Placement& p) {
  return AdminJson{{"license_id", p.license_id.ToString()},
                   {"kid", p.kid.ToString()},
                   {"machine_id", p.machine_id},
                   {"granted_at", FormatRfc3339(p.granted_at)},
                   {"source", p.source}};
}

AdminJson ToJson(const RefusalRecord& r) {
  return AdminJson{{"reference", r.reference},  {"license_id", r.license_id.ToString()},
                   {"kid", r.kid.ToString()},   {"machine_id", r.machine_id},
                   {"reason", r.reason},        {"refused_at", FormatRfc3339(r.refused_at)},
                   {"request_id", r.request_id}};
}

AdminJson ToJson(const AuditRecord& a) {
  return AdminJson{{"id", a.id},
                   {"at", FormatRfc3339(a.at)},
                   {"operator", a.operator_name},
                   {"action", a.action},
                   {"license_id", a.license_id.ToString()},
                   {"machine_id", a.machine_id},
                   {"reason", a.reason},
                   {"request_id", a.request_id}};
}

template <typename T>
AdminJson PageJson(const LedgerPage<T>& page) {
  AdminJson rows = AdminJson::array();
  for (const auto& row : page.rows) rows.push_back(ToJson(row));
  return AdminJson{{"rows", std::move(rows)},
                   {"next", page.next.empty() ? AdminJson(nullptr) : AdminJson(page.next)}};
}

const std::string* Param(const AdminParams& params, const char* name) {
  auto it = params.find(name);
  return it == params.end() ? nullptr : &it->second;
}

Status BadParam(const std::string& name, const Status& why) {
  return Status(Code::kInvalidArgument, "parameter \"" + name + "\": " + why.message());
}

Result<LedgerQuery> ToQuery(const AdminParams& params, bool reference) {
  static const char* const kKnown[] = {"license", "kid",   "machine",  "since",
                                       "limit",   "after", "reference"};
  for (const auto& [name, value] : params) {
    bool known = false;
    for (const char* k : kKnown) known = known || (name == k && (reference || name != "reference"));
    if (!known) {
      return Status(Code::kInvalidArgument,
                    "unknown parameter \"" + name.substr(0, 40) +
                        "\"; filters are license, kid, machine, since, limit and after");
    }
  }
  LedgerQuery q;
  if (const auto* v = Param(params, "license")) {
    auto id = LicenseId::Parse(*v);
    if (!id.ok()) return BadParam("license", id.status());
    q.license = *id;
  }
  if (const auto* v = Param(params, "kid")) {
    auto kid = Kid::Parse(*v);
    if (!kid.ok()) return BadParam("kid", kid.status());
    q.kid = *kid;
  }
  if (const auto* v = Param(params, "machine")) {
    if (Status s = CheckMachineId(*v); !s.ok()) return BadParam("machine", s);
    q.machine = *v;
  }
  if (const auto* v = Param(params, "since")) {
    auto since = ParseRfc3339(*v);
    if (!since.ok()) return BadParam("since", since.status());
    q.since = *since;
  }
  if (const auto* v = Param(params, "reference")) q.reference = *v;
  if (const auto* v = Param(params, "limit")) {
    uint32_t limit = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), limit);
    if (ec != std::errc() || end != v->data() + v->size() || limit < 1 || limit > kMaxQueryLimit) {
      return Status(
          Code::kInvalidArgument,
          "parameter \"limit\" must be a whole number from 1 to " + std::to_string(kMaxQueryLimit));
    }
    q.limit = limit;
  }
  if (const auto* v = Param(params, "after")) q.after = *v;
  return q;
}

}  // namespace

Result<AdminJson> AdminApi::Search(const AdminParams& params) {
  const std::string* q = Param(params, "q");
  if (q == nullptr || q->empty()) {
    return Status(Code::kInvalidArgument,
                  "give something to search for: a license ID, a KID, a machine ID or a refusal "
                  "reference (?q=)");
  }
  std::string text = *q;
  while (!text.empty() && text.back() == ' ') text.pop_back();
  while (!text.empty() && text.front() == ' ') text.erase(0, 1);
  AdminJson out{{"query", text}};
  LedgerQuery query;
  query.limit = 200;
  AdminJson placements = AdminJson::array();
  AdminJson refusals = AdminJson::array();
  auto add = [&](const LedgerQuery& lq, bool with_refusals) -> Status {
    RELIC_ASSIGN_OR_RETURN(auto p, ledger_->FindPlacements(lq));
    for (const auto& row : p.rows) placements.push_back(ToJson(row));
    if (with_refusals) {
      RELIC_ASSIGN_OR_RETURN(auto r, ledger_->FindRefusals(lq));
      for (const auto& row : r.rows) refusals.push_back(ToJson(row));
    }
    return Status::Ok();
  };
  if (text.starts_with("rf") && text.size() == 18) {
    out["kind"] = "refusal reference";
    query.reference = text;
    RELIC_ASSIGN_OR_RETURN(auto r, ledger_->FindRefusals(query));
    for (const auto& row : r.rows) refusals.push_back(ToJson(row));
  } else if (auto license = LicenseId::Parse(text); license.ok()) {
    // License and machine IDs look alike (32 hex digits): look for both.
    out["kind"] = "license or machine ID";
    LedgerQuery by_license = query;
    by_license.license = *license;
    RELIC_RETURN_IF_ERROR(add(by_license, true));
    LedgerQuery by_machine = query;
    by_machine.machine = text;
    RELIC_RETURN_IF_ERROR(add(by_machine, true));
  } else if (auto kid = Kid::Parse(text); kid.ok()) {
    out["kind"] = "KID";
    query.kid = *kid;
    RELIC_RETURN_IF_ERROR(add(query, true));
  } else {
    return Status(Code::kInvalidArgument,
                  "this is not a license ID or machine ID (32 lower-case hex digits), a KID (24 "
                  "characters of base64) or a refusal reference (rf and 16 characters)");
  }
  AdminJson licenses = AdminJson::array();
  std::vector<std::string> seen;
  for (const auto* list : {&placements, &refusals}) {
    for (const auto& row : *list) {
      const std::string id = row["license_id"].get<std::string>();
      if (std::find(seen.begin(), seen.end(), id) == seen.end()) {
        seen.push_back(id);
        licenses.push_back(id);
      }
    }
  }
  out["licenses"] = std::move(licenses);
  out["placements"] = std::move(placements);
  out["refusals"] = std::move(refusals);
  return out;
}

Result<AdminJson> AdminApi::License(const std::string& license_id) {
  auto license = LicenseId::Parse(license_id);
  if (!license.ok()) return BadParam("license", license.status());
  LedgerQuery q;
  q.license = *license;
  q.limit = kMaxQueryLimit;
  RELIC_ASSIGN_OR_RETURN(auto placements, ledger_->FindPlacements(q));
  RELIC_ASSIGN_OR_RETURN(auto refusals, ledger_->FindRefusals(q));
  RELIC_ASSIGN_OR_RETURN(auto audit, ledger_->FindAudit(q));
  const Policy policy = authority_->policy();
  AdminJson out{{"license_id", license->ToString()},
                {"policy",
                 {{"max_machines", policy.max_machines},
                  {"max_new_machines_per_day", policy.max_new_machines_per_day}}},
                {"placements", PageJson(placements)["rows"]},
                {"refusals", PageJson(refusals)["rows"]},
                {"audit", PageJson(audit)["rows"]}};
  return out;
}

Result<AdminJson> AdminApi::Release(const std::string& license_id, const std::string& body,
                                    const std::string& operator_name,
                                    const std::string& request_id) {
  auto license = LicenseId::Parse(license_id);
  if (!license.ok()) return BadParam("license", license.status());
  const auto j = AdminJson::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("machine_id") ||
      !j["machine_id"].is_string() || !j.contains("reason") || !j["reason"].is_string() ||
      j.size() != 2) {
    return Status(Code::kInvalidArgument,
                  "the body must be a JSON object {\"machine_id\": ID, \"reason\": TEXT} and "
                  "nothing else");
  }
  AuditRecord audit;
  audit.license_id = *license;
  audit.machine_id = j["machine_id"].get<std::string>();
  if (Status s = CheckMachineId(audit.machine_id); !s.ok()) return BadParam("machine_id", s);
  audit.reason = j["reason"].get<std::string>();
  if (Status s = CheckReason(audit.reason); !s.ok()) return BadParam("reason", s);
  audit.operator_name = operator_name;
  audit.request_id = request_id;
  audit.at = clock_->NowUnixSeconds();
  RELIC_ASSIGN_OR_RETURN(AuditRecord stored, ledger_->Release(audit));
  return AdminJson{{"audit", ToJson(stored)}};
}

Result<AdminJson> AdminApi::Placements(const AdminParams& params) {
  RELIC_ASSIGN_OR_RETURN(LedgerQuery q, ToQuery(params, false));
  RELIC_ASSIGN_OR_RETURN(auto page, ledger_->FindPlacements(q));
  return PageJson(page);
}

Result<AdminJson> AdminApi::Refusals(const AdminParams& params) {
  RELIC_ASSIGN_OR_RETURN(LedgerQuery q, ToQuery(params, true));
  RELIC_ASSIGN_OR_RETURN(auto page, ledger_->FindRefusals(q));
  return PageJson(page);
}

Result<AdminJson> AdminApi::Audit(const AdminParams& params) {
  RELIC_ASSIGN_OR_RETURN(LedgerQuery q, ToQuery(params, false));
  RELIC_ASSIGN_OR_RETURN(auto page, ledger_->FindAudit(q));
  return PageJson(page);
}

Result<AdminJson> AdminApi::Dashboard() {
  const int64_t now = clock_->NowUnixSeconds();
  const int64_t until = now - now % kHour + kHour;
  RELIC_ASSIGN_OR_RETURN(LedgerActivity activity,
                         ledger_->Activity(until - kDashboardDays * 24 * kHour, until));
  AdminJson hours = AdminJson::array();
  for (const auto& h : activity.hours) {
    hours.push_back(
        {{"start", FormatRfc3339(h.start)}, {"grants", h.grants}, {"refusals", h.refusals}});
  }
  AdminJson reasons = AdminJson::array();
  for (const auto& [reason, count] : activity.refusal_reasons) {
    reasons.push_back({{"reason", reason}, {"count", count}});
  }
  // The restore endpoint's histogram of /metrics, in milliseconds.
  AdminJson bounds = AdminJson::array();
  for (double bound : DurationHistogram::kBounds) bounds.push_back(bound * 1000);
  AdminJson latency{{"bounds_ms", std::move(bounds)}};
  AdminJson counts = AdminJson::array();
  for (size_t i = 0; i <= DurationHistogram::kBounds.size(); ++i) {
    counts.push_back(latency_ ? latency_->BucketCount(i) : 0);
  }
  latency["counts"] = std::move(counts);
  latency["requests"] = latency_ ? latency_->count() : 0;
  for (const auto& [name, q] : {std::pair{"p50_ms", 0.5}, {"p95_ms", 0.95}, {"p99_ms", 0.99}}) {
    const double bound = latency_ ? latency_->QuantileBound(q) : 0;
    latency[name] = std::isinf(bound) ? AdminJson(nullptr) : AdminJson(bound * 1000);
  }
  return AdminJson{{"generated_at", FormatRfc3339(now)},
                   {"hours", std::move(hours)},
                   {"refusal_reasons", std::move(reasons)},
                   {"ledger",
                    {{"placements", activity.placements},
                     {"refusals", activity.refusals},
                     {"audit_records", activity.audit_records}}},
                   {"latency", std::move(latency)}};
}

}  // namespace relic::lms
