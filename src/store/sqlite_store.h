// SPDX-License-Identifier: Apache-2.0
// The Store implementation over SQLite.
#pragma once

#include <memory>

#include "crypto/crypto.h"
#include "format/license_format.h"
#include "relic/store.h"
#include "store/sqlite_db.h"

namespace relic {

// What the store needs of the machine's identity.
struct StoreKeys {
  MachinePublicKey machine;
  crypto::BoxKeyPair encryption;
  crypto::SymmetricKey storage_key;
};

struct RestoreOutcome {
  bool already_present = false;  // the store had it; only the state was merged
};

class SqliteStore final : public Store {
 public:
  SqliteStore(Env* env, std::unique_ptr<Db> db, StoreKeys keys)
      : env_(env), db_(std::move(db)), keys_(std::move(keys)) {}

  Result<AddedLicense> AddLicense(ByteView license_file) override;
  Result<std::vector<AddedLicense>> AddLicenses(const std::vector<Bytes>& files) override;
  Status ListLicenses(const std::function<bool(const LicenseInfo&)>& visit) override;
  Result<LicenseInfo> GetLicense(const LicenseId& id) override;
  Status DeleteLicense(const LicenseId& id) override;
  Status TrustIssuer(const IssuerPublicKey& issuer) override;
  Status DistrustIssuer(const IssuerPublicKey& issuer) override;
  Result<std::vector<IssuerPublicKey>> TrustedIssuers() override;
  Result<PlayResult> Play(const std::string& package_path, const std::string& output_path) override;
  Result<SecureState> GetSecureState(const LicenseId& id) override;
  Result<int64_t> RollbackClock() override;

  Db& db() { return *db_; }

  // For the backup engine: every stored license in storage order, streamed,
  // with its exact file bytes and secure state. Bodies are parsed but not
  // signature-checked: the bytes go out exactly as the issuer signed them
  // and the restoring machine verifies them.
  // A stored row as it is: the backup engine parses it on its workers.
  struct BackupItem {
    ByteView license_file;
    uint32_t plays_used = 0;
    std::optional<int64_t> first_use;
    ByteView wrapped_key;
    ByteView grant;  // empty unless the license was restored onto this machine
  };
  Status ForEachForBackup(const std::function<Status(const BackupItem&)>& visit);
  Result<uint64_t> LicenseCount();
  // Opens a license's content key wrapped under the storage key.
  // Wraps a content key under the storage key for InsertRestored. Touches
  // only the store's keys, so workers may call it while the owning thread
  // uses the connection.
  Bytes WrapContentKey(const LicenseId& id, const Kid& kid,
                       const crypto::SymmetricKey& content_key) const;
  Result<crypto::SymmetricKey> UnwrapContentKey(const LicenseId& id, const Kid& kid,
                                                ByteView wrapped);
  // The store's "now": the clock, never below the anti-rollback clock.
  Result<int64_t> Now();

  // For the restore engine, inside its own write transaction on db(): a
  // license the engine has fully verified (issuer signature, check value,
  // LMS grant), with the content key from the backup.
  struct RestoredLicense {
    ByteView license_file;
    ParsedLicense parsed;
    Bytes grant;  // lms::EncodeLicenseGrant
    crypto::SymmetricKey content_key;
    Bytes wrapped_key;  // WrapContentKey(content_key), or empty to wrap here
    uint32_t plays_used = 0;
    std::optional<int64_t> first_use;
  };
  Result<RestoreOutcome> InsertRestored(const RestoredLicense& license, int64_t now);
  Status RaiseRollbackClock(int64_t at_least);
  const MachinePublicKey& machine() const { return keys_.machine; }

 private:
  struct VerifiedLicense {
    ParsedLicense parsed;
    ByteView file;
    Bytes wrapped_key;
  };
  Result<ParsedLicense> LoadVerified(ByteView file, ByteView grant);
  // Every check of an add, outside any transaction.
  Result<VerifiedLicense> VerifyForAdd(ByteView license_file);
  // The insert, inside the caller's write transaction.
  Result<AddedLicense> InsertVerified(const VerifiedLicense& verified, int64_t now);
  // max(clock, rollback clock); advances the rollback clock inside an open
  // write transaction.
  Result<int64_t> AdvanceClock();
  // Advances the rollback clock in a transaction of its own, so that even a
  // refused play records the latest time seen.
  Result<int64_t> TouchClock();
  Result<bool> IsTrusted(const IssuerPublicKey& issuer);

  Env* env_;
  std::unique_ptr<Db> db_;
  StoreKeys keys_;
};

// The state of a license at `now` given its rights and plays used.
LicenseState EvaluateState(const Rights& rights, uint32_t plays_used, int64_t now);

}  // namespace relic
