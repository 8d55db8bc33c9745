// SPDX-License-Identifier: Apache-2.0
// The operator console's JSON API (/admin/v1/..., docs/lms.md) apart from
// HTTP, sessions and CSRF, which admin_service.cc handles: each call takes
// the request's parameters and answers JSON read from the ledger, or an
// error Status (kInvalidArgument for bad input, kNotFound).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "lms/authority.h"
#include "lms/ledger.h"
#include "lms/metrics_histogram.h"
#include "relic/env.h"

namespace relic::lms {

using AdminJson = nlohmann::ordered_json;
using AdminParams = std::multimap<std::string, std::string>;

class AdminApi {
 public:
  // `latency` may be null (no service on this node to measure).
  // The policy is the authority's at each call, so a reload shows at once.
  AdminApi(const Authority* authority, const DurationHistogram* latency, Clock* clock)
      : authority_(authority), ledger_(authority->ledger()), latency_(latency), clock_(clock) {}

  // ?q=: a license ID or machine ID (32 hex digits), a KID, or a refusal
  // reference.
  Result<AdminJson> Search(const AdminParams& params);
  // A license's machines, the policy's limits, its refusals and audit.
  Result<AdminJson> License(const std::string& license_id);
  // {"machine_id", "reason"} in `body`; audited under `operator_name`.
  Result<AdminJson> Release(const std::string& license_id, const std::string& body,
                            const std::string& operator_name, const std::string& request_id);
  // Filtered pages: license, kid, machine, since, limit, after (and
  // reference for refusals).
  Result<AdminJson> Placements(const AdminParams& params);
  Result<AdminJson> Refusals(const AdminParams& params);
  Result<AdminJson> Audit(const AdminParams& params);
  // The last 30 days per hour, refusal reasons, ledger size, latency.
  Result<AdminJson> Dashboard();

 private:
  const Authority* authority_;
  Ledger* ledger_;
  const DurationHistogram* latency_;
  Clock* clock_;
};

}  // namespace relic::lms
