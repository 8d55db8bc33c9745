// The Store implementation over SQLite.
#pragma once

#include <memory>

#include "crypto/crypto.h"
#include "relic/store.h"
#include "store/sqlite_db.h"

namespace relic {

// What the store needs of the machine's identity.
struct StoreKeys {
  MachinePublicKey machine;
  crypto::BoxKeyPair encryption;
  crypto::SymmetricKey storage_key;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(Env* env, std::unique_ptr<Db> db, StoreKeys keys)
      : env_(env), db_(std::move(db)), keys_(std::move(keys)) {}

  Result<AddedLicense> AddLicense(ByteView license_file) override;
  Status ListLicenses(const std::function<bool(const LicenseInfo&)>& visit) override;
  Result<LicenseInfo> GetLicense(const LicenseId& id) override;
  Status DeleteLicense(const LicenseId& id) override;
  Status TrustIssuer(const IssuerPublicKey& issuer) override;
  Status DistrustIssuer(const IssuerPublicKey& issuer) override;
  Result<std::vector<IssuerPublicKey>> TrustedIssuers() override;
  Result<PlayResult> Play(const std::string& package_path,
                          const std::string& output_path) override;
  Result<SecureState> GetSecureState(const LicenseId& id) override;
  Result<int64_t> RollbackClock() override;

  Db& db() { return *db_; }

 private:
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
