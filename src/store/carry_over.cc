// SPDX-License-Identifier: Apache-2.0
#include "store/carry_over.h"

namespace relic {

Status CarryOverState(Db& from, Db& to) {
  RELIC_ASSIGN_OR_RETURN(auto txn, Transaction::Begin(to));
  {
    RELIC_ASSIGN_OR_RETURN(
        auto read, from.Prepare("SELECT license_id, plays_used, first_use FROM secure_state"));
    RELIC_ASSIGN_OR_RETURN(
        auto write,
        to.Prepare("INSERT INTO secure_state(license_id, plays_used, first_use) VALUES (?, ?, ?) "
                   "ON CONFLICT(license_id) DO UPDATE SET plays_used = max(plays_used, "
                   "excluded.plays_used), "
                   "first_use = coalesce(min(first_use, excluded.first_use), first_use, "
                   "excluded.first_use)"));
    while (true) {
      RELIC_ASSIGN_OR_RETURN(bool row, read.Step());
      if (!row) break;
      write.Reset();
      write.Bind(1, read.Blob(0)).Bind(2, read.Int(1)).Bind(3, read.OptionalInt(2));
      RELIC_RETURN_IF_ERROR(write.Run());
    }
  }
  {
    RELIC_ASSIGN_OR_RETURN(auto read,
                           from.Prepare("SELECT public_key, added_at FROM trusted_issuers"));
    RELIC_ASSIGN_OR_RETURN(
        auto write, to.Prepare("INSERT INTO trusted_issuers(public_key, added_at) VALUES (?, ?) "
                               "ON CONFLICT(public_key) DO NOTHING"));
    while (true) {
      RELIC_ASSIGN_OR_RETURN(bool row, read.Step());
      if (!row) break;
      write.Reset();
      write.Bind(1, read.Blob(0)).Bind(2, read.Int(1));
      RELIC_RETURN_IF_ERROR(write.Run());
    }
  }
  {
    RELIC_ASSIGN_OR_RETURN(auto read,
                           from.Prepare("SELECT value FROM meta WHERE key = 'rollback_clock'"));
    RELIC_ASSIGN_OR_RETURN(bool row, read.Step());
    if (row) {
      RELIC_ASSIGN_OR_RETURN(
          auto write,
          to.Prepare("UPDATE meta SET value = max(value, ?) WHERE key = 'rollback_clock'"));
      write.Bind(1, read.Int(0));
      RELIC_RETURN_IF_ERROR(write.Run());
    }
  }
  return txn->Commit();
}

}  // namespace relic
