// SPDX-License-Identifier: Apache-2.0
#include "lms/policy.h"

#include <nlohmann/json.hpp>

namespace relic::lms {

Status ValidatePolicy(const Policy& policy) {
  auto bad = [](const std::string& why) {
    return Status(Code::kInvalidArgument, "policy: " + why + "; fix the policy file");
  };
  if (policy.max_machines < 1) return bad("max_machines must be at least 1");
  if (policy.max_new_machines_per_day < 1)
    return bad("max_new_machines_per_day must be at least 1");
  if (!policy.refusal_url_prefix.starts_with("https://") ||
      policy.refusal_url_prefix.size() > 1024 ||
      policy.refusal_url_prefix.find_first_of(" \t\r\n?#") != std::string::npos) {
    return bad("refusal_url_prefix must be an https URL without spaces, query or fragment");
  }
  if (policy.challenge_ttl_seconds < 10 || policy.challenge_ttl_seconds > 3600) {
    return bad("challenge_ttl_seconds must be between 10 and 3600");
  }
  if (policy.refusal_retention_days < 1 || policy.refusal_retention_days > 3650) {
    return bad("refusal_retention_days must be between 1 and 3650");
  }
  if (policy.refusal_retention_rows < 1 || policy.refusal_retention_rows > 1'000'000'000) {
    return bad("refusal_retention_rows must be between 1 and 1000000000");
  }
  return Status::Ok();
}

Result<Policy> LoadPolicy(Env* env, const std::string& path) {
  RELIC_ASSIGN_OR_RETURN(Bytes bytes, ReadWholeFile(env, path, uint64_t{64} * 1024));
  nlohmann::json j = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Status(Code::kInvalidArgument,
                  "policy file " + path + " is not a JSON object; see docs/lms.md");
  }
  Policy policy;
  for (const auto& [key, value] : j.items()) {
    auto need_uint = [&, &k = key, &v = value](uint32_t& out) -> Status {
      if (!v.is_number_unsigned() || v.get<uint64_t>() > 1000000) {
        return Status(Code::kInvalidArgument,
                      "policy file " + path + ": \"" + k + "\" must be a whole number");
      }
      out = v.get<uint32_t>();
      return Status::Ok();
    };
    if (key == "max_machines") {
      RELIC_RETURN_IF_ERROR(need_uint(policy.max_machines));
    } else if (key == "max_new_machines_per_day") {
      RELIC_RETURN_IF_ERROR(need_uint(policy.max_new_machines_per_day));
    } else if (key == "challenge_ttl_seconds") {
      RELIC_RETURN_IF_ERROR(need_uint(policy.challenge_ttl_seconds));
    } else if (key == "refusal_retention_days") {
      RELIC_RETURN_IF_ERROR(need_uint(policy.refusal_retention_days));
    } else if (key == "refusal_retention_rows") {
      if (!value.is_number_unsigned()) {
        return Status(
            Code::kInvalidArgument,
            "policy file " + path + ": \"refusal_retention_rows\" must be a whole number");
      }
      policy.refusal_retention_rows = value.get<uint64_t>();
    } else if (key == "refusal_url_prefix") {
      if (!value.is_string()) {
        return Status(Code::kInvalidArgument,
                      "policy file " + path + ": \"refusal_url_prefix\" must be a string");
      }
      policy.refusal_url_prefix = value.get<std::string>();
      while (policy.refusal_url_prefix.ends_with("/")) policy.refusal_url_prefix.pop_back();
    } else if (key == "issuers") {
      const std::string bad = "policy file " + path +
                              ": \"issuers\" must be a list of issuer public keys (\"ri1.…\", "
                              "as `relic issuer show` prints them)";
      if (!value.is_array()) return Status(Code::kInvalidArgument, bad);
      for (const auto& item : value) {
        if (!item.is_string()) return Status(Code::kInvalidArgument, bad);
        auto issuer = IssuerPublicKey::Parse(item.get<std::string>());
        if (!issuer.ok())
          return Status(Code::kInvalidArgument, bad + ": " + issuer.status().message());
        policy.issuers.push_back(*issuer);
      }
    } else {
      return Status(Code::kInvalidArgument,
                    "policy file " + path + " has an unknown key \"" + key + "\"; see docs/lms.md");
    }
  }
  RELIC_RETURN_IF_ERROR(ValidatePolicy(policy).WithContext("policy file " + path));
  return policy;
}

std::string RefusalUrl(const Policy& policy, std::string_view reason, std::string_view reference) {
  return policy.refusal_url_prefix + "/" + std::string(reason) + "?ref=" + std::string(reference);
}

}  // namespace relic::lms
