// SPDX-License-Identifier: Apache-2.0
// A small world for the service's tests: a License Management Service home
// (its keys), a source machine holding licenses that name the service, a
// backup set of them made by the real backup engine, and target machines
// that build signed restore requests from the set the way the restore
// engine does.
#pragma once

#include <array>
#include <memory>
#include <string>

#include "backup/backup_set_codec.h"
#include "lms/authority.h"
#include "lms/lms_identity.h"
#include "lms/sqlite_ledger.h"
#include "protocol/protocol.h"
#include "support/world.h"

namespace relic::testing {

// What to spoil in a request, to provoke each refusal.
enum class Tamper { kNone, kIndexChunk, kSignedByOther };

class LmsWorld {
 public:
  // `licenses` allowed-to-back-up licenses on the source machine, backed up.
  explicit LmsWorld(size_t licenses = 3);

  World& world() { return world_; }
  const std::string& lms_home() const { return lms_home_; }
  const lms::LmsIdentity& identity() const { return identity_; }
  LmsPublicKey lms_key() const { return identity_.public_key(); }
  Machine& source() { return *source_; }
  size_t license_count() const { return license_count_; }

  // A new machine to restore onto.
  std::unique_ptr<Machine> NewTarget(const std::string& name);

  // The restore request for group 0, index chunk 0 of the set, from
  // `target`, signed by it (or by `other` with kSignedByOther).
  lms::Signed BuildRequest(Machine& target, const std::array<uint8_t, 32>& challenge,
                           Tamper tamper = Tamper::kNone, Machine* other = nullptr);

  // An Authority over a SQLite ledger in the service's home, on the
  // world's clock.
  std::unique_ptr<lms::Authority> NewAuthority();
  // The same over any ledger (which must outlive it), under `policy`.
  std::unique_ptr<lms::Authority> NewAuthority(lms::Ledger* ledger, const lms::Policy& policy);
  // The default policy, serving this world's issuer.
  lms::Policy ServedPolicy() const;
  IssuerPublicKey IssuerKey() const { return issuer_->public_key(); }
  // Closes the ledger NewAuthority() opened, so a command may move it.
  void CloseLedger() { ledger_.reset(); }

  // Checks an answer: signed by the service, its grant root signed too and
  // naming `target`, `granted` licenses, and an envelope `target` opens.
  ::testing::AssertionResult AnswerIsValidFor(const lms::Signed& answer, Machine& target,
                                              size_t granted);

 private:
  World world_;
  std::string lms_home_;
  lms::LmsIdentity identity_;
  std::unique_ptr<Issuer> issuer_;
  std::unique_ptr<Machine> source_;
  size_t license_count_ = 0;
  std::string set_path_;
  std::unique_ptr<lms::SqliteLedger> ledger_;
};

}  // namespace relic::testing
