// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite_store.h"

#include <algorithm>
#include <cstring>

#include "crypto/crypto.h"
#include "format/atomic_output.h"
#include "format/grant.h"
#include "format/license_format.h"
#include "format/package_format.h"

namespace relic {
namespace {

Bytes WrapAssociatedData(const LicenseId& id, const Kid& kid) {
  return crypto::Labeled("relic wrapped content key v1", {id.bytes, kid.bytes});
}

Status StoreDamaged(const std::string& what) {
  return Status(Code::kCorrupt, "the license store is damaged: " + what +
                                    "; delete that license and add it again, or restore from a "
                                    "backup");
}

LicenseInfo InfoFrom(const LicenseBody& body, uint32_t plays_used, std::optional<int64_t> first_use,
                     int64_t now) {
  LicenseInfo info;
  info.license_id = body.license_id;
  info.kid = body.kid;
  info.issuer = body.issuer;
  info.machine = body.machine;
  info.rights = body.rights;
  info.lms = body.lms;
  info.issued_at = body.issued_at;
  info.plays_used = plays_used;
  info.first_use = first_use;
  info.state = EvaluateState(body.rights, plays_used, now);
  return info;
}

}  // namespace

// Re-verifies a stored license: the columns are only an index, the signed
// bytes are the truth. A license issued to another machine (a restored one)
// is valid here only with its LMS grant.
Result<ParsedLicense> SqliteStore::LoadVerified(ByteView file, ByteView grant) {
  auto parsed = ParseLicenseFile(file);
  if (!parsed.ok()) return StoreDamaged("a stored license no longer parses");
  if (!VerifyLicenseSignature(*parsed).ok()) {
    return StoreDamaged("a stored license's signature no longer verifies");
  }
  const LicenseBody& body = parsed->body;
  if (body.machine != keys_.machine) {
    if (grant.empty() || !body.lms) {
      return StoreDamaged("license " + body.license_id.ToString() +
                          " belongs to another machine and has no grant");
    }
    auto decoded = lms::DecodeLicenseGrant(grant);
    if (!decoded.ok()) return StoreDamaged("the grant of license " + body.license_id.ToString());
    Status valid = lms::VerifyLicenseGrant(*decoded, body.lms->key, body.license_id,
                                           crypto::Hash256(parsed->body_bytes), keys_.machine);
    if (!valid.ok()) {
      return StoreDamaged("the grant of license " + body.license_id.ToString() + " (" +
                          valid.message() + ")");
    }
  }
  return parsed;
}

LicenseState EvaluateState(const Rights& rights, uint32_t plays_used, int64_t now) {
  if (rights.expires && now >= *rights.expires) return LicenseState::kExpired;
  if (rights.begins && now < *rights.begins) return LicenseState::kNotYetValid;
  if (rights.play_count && plays_used >= *rights.play_count) return LicenseState::kNoPlaysLeft;
  return LicenseState::kUsable;
}

Result<int64_t> SqliteStore::AdvanceClock() {
  RELIC_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Cached(
          "UPDATE meta SET value = max(value, ?) WHERE key = 'rollback_clock' RETURNING value"));
  stmt.Bind(1, env_->NowUnixSeconds());
  RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return StoreDamaged("the anti-rollback clock is missing");
  return stmt.Int(0);
}

Result<int64_t> SqliteStore::TouchClock() {
  RELIC_ASSIGN_OR_RETURN(auto txn, Transaction::Begin(*db_));
  RELIC_ASSIGN_OR_RETURN(int64_t now, AdvanceClock());
  RELIC_RETURN_IF_ERROR(txn->Commit());
  return now;
}

Result<SecureState> SqliteStore::GetSecureState(const LicenseId& id) {
  RELIC_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Cached("SELECT s.plays_used, s.first_use, l.license_id IS NOT NULL FROM secure_state s "
                  "LEFT JOIN licenses l USING (license_id) WHERE s.license_id = ?"));
  stmt.Bind(1, ByteView(id.bytes));
  RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) {
    return Status(Code::kNotFound, "this machine has no secure state for license " + id.ToString());
  }
  SecureState state;
  state.plays_used = static_cast<uint32_t>(stmt.Int(0));
  state.first_use = stmt.OptionalInt(1);
  state.license_present = stmt.Int(2) != 0;
  return state;
}

Result<int64_t> SqliteStore::RollbackClock() {
  RELIC_ASSIGN_OR_RETURN(auto stmt,
                         db_->Cached("SELECT value FROM meta WHERE key = 'rollback_clock'"));
  RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return StoreDamaged("the anti-rollback clock is missing");
  return stmt.Int(0);
}

Result<bool> SqliteStore::IsTrusted(const IssuerPublicKey& issuer) {
  RELIC_ASSIGN_OR_RETURN(auto stmt,
                         db_->Cached("SELECT 1 FROM trusted_issuers WHERE public_key = ?"));
  stmt.Bind(1, ByteView(issuer.signing));
  return stmt.Step();
}

Result<SqliteStore::VerifiedLicense> SqliteStore::VerifyForAdd(ByteView license_file) {
  RELIC_ASSIGN_OR_RETURN(ParsedLicense parsed, ParseLicenseFile(license_file));
  const LicenseBody& body = parsed.body;
  RELIC_RETURN_IF_ERROR(VerifyLicenseSignature(parsed));
  RELIC_ASSIGN_OR_RETURN(bool trusted, IsTrusted(body.issuer));
  if (!trusted) {
    return Status(Code::kUntrustedIssuer,
                  "license " + body.license_id.ToString() + " comes from issuer " +
                      body.issuer.IssuerId() +
                      ", which this machine does not trust; if you trust it, run `relic trust "
                      "add " +
                      body.issuer.ToString() + "`");
  }
  if (body.machine != keys_.machine) {
    return Status(Code::kWrongMachine, "license " + body.license_id.ToString() +
                                           " was issued to machine " + body.machine.MachineId() +
                                           ", not to this machine (" + keys_.machine.MachineId() +
                                           "); ask the issuer for a license for this machine");
  }
  auto unsealed = crypto::Unseal(keys_.encryption, parsed.sealed_content_key);
  if (!unsealed.ok()) {
    return Status(Code::kBadSignature,
                  "license " + body.license_id.ToString() +
                      " carries a content key that does not open on this machine: the file was "
                      "altered; ask the issuer for a fresh copy");
  }
  crypto::SymmetricKey content_key;
  std::memcpy(content_key.data(), unsealed->data(), content_key.size());
  crypto::Wipe(unsealed->data(), unsealed->size());
  if (ComputeCheckValue(content_key, body.kid) != body.check_value) {
    return Status(Code::kBadSignature, "license " + body.license_id.ToString() +
                                           " carries a content key that does not match its KID " +
                                           body.kid.ToString() +
                                           "; ask the issuer for a fresh copy");
  }
  VerifiedLicense verified;
  verified.wrapped_key = crypto::AeadEncrypt(keys_.storage_key, ByteView(content_key.data(), 32),
                                             WrapAssociatedData(body.license_id, body.kid));
  verified.parsed = std::move(parsed);
  verified.file = license_file;
  return verified;
}

Result<AddedLicense> SqliteStore::InsertVerified(const VerifiedLicense& verified, int64_t now) {
  const LicenseBody& body = verified.parsed.body;
  AddedLicense added;
  added.license_id = body.license_id;
  added.kid = body.kid;
  {
    RELIC_ASSIGN_OR_RETURN(auto existing,
                           db_->Cached("SELECT license_file FROM licenses WHERE license_id = ?"));
    existing.Bind(1, ByteView(body.license_id.bytes));
    RELIC_ASSIGN_OR_RETURN(bool found, existing.Step());
    if (found) {
      ByteView stored = existing.Blob(0);
      if (stored.size() == verified.file.size() &&
          std::memcmp(stored.data(), verified.file.data(), stored.size()) == 0) {
        added.already_present = true;
        return added;
      }
      return Status(Code::kAlreadyExists,
                    "a different license with ID " + body.license_id.ToString() +
                        " is already stored; delete it first if you mean to replace it");
    }
  }
  {
    RELIC_ASSIGN_OR_RETURN(auto tomb,
                           db_->Cached("SELECT 1 FROM secure_state WHERE license_id = ?"));
    tomb.Bind(1, ByteView(body.license_id.bytes));
    RELIC_ASSIGN_OR_RETURN(added.resumed_state, tomb.Step());
  }
  RELIC_ASSIGN_OR_RETURN(
      auto insert,
      db_->Cached(
          "INSERT INTO licenses(license_id, kid, allow_backup, play_limit, begins, expires, "
          "issued_at, added_at, license_file, wrapped_key) VALUES (?,?,?,?,?,?,?,?,?,?)"));
  insert.Bind(1, ByteView(body.license_id.bytes))
      .Bind(2, ByteView(body.kid.bytes))
      .Bind(3, int64_t{body.rights.allow_backup ? 1 : 0})
      .Bind(4, body.rights.play_count)
      .Bind(5, body.rights.begins)
      .Bind(6, body.rights.expires)
      .Bind(7, body.issued_at)
      .Bind(8, now)
      .Bind(9, verified.file)
      .Bind(10, verified.wrapped_key);
  RELIC_RETURN_IF_ERROR(insert.Run());
  RELIC_ASSIGN_OR_RETURN(
      auto state,
      db_->Cached(
          "INSERT INTO secure_state(license_id) VALUES (?) ON CONFLICT(license_id) DO NOTHING"));
  state.Bind(1, ByteView(body.license_id.bytes));
  RELIC_RETURN_IF_ERROR(state.Run());
  return added;
}

Result<AddedLicense> SqliteStore::AddLicense(ByteView license_file) {
  // Every check happens before the transaction opens, so a refused license
  // cannot change the store.
  RELIC_ASSIGN_OR_RETURN(VerifiedLicense verified, VerifyForAdd(license_file));
  RELIC_ASSIGN_OR_RETURN(auto txn, Transaction::Begin(*db_));
  RELIC_ASSIGN_OR_RETURN(int64_t now, AdvanceClock());
  RELIC_ASSIGN_OR_RETURN(AddedLicense added, InsertVerified(verified, now));
  if (added.already_present) return added;  // rolls back: nothing to change
  RELIC_RETURN_IF_ERROR(txn->Commit());
  return added;
}

Result<std::vector<AddedLicense>> SqliteStore::AddLicenses(const std::vector<Bytes>& files) {
  std::vector<VerifiedLicense> verified;
  verified.reserve(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    auto v = VerifyForAdd(files[i]);
    if (!v.ok())
      return v.status().WithContext("license " + std::to_string(i + 1) + " of the batch");
    verified.push_back(std::move(v).value());
  }
  RELIC_ASSIGN_OR_RETURN(auto txn, Transaction::Begin(*db_));
  RELIC_ASSIGN_OR_RETURN(int64_t now, AdvanceClock());
  std::vector<AddedLicense> added;
  added.reserve(files.size());
  for (size_t i = 0; i < verified.size(); ++i) {
    auto one = InsertVerified(verified[i], now);
    if (!one.ok()) {
      return one.status().WithContext("license " + std::to_string(i + 1) + " of the batch");
    }
    added.push_back(*one);
  }
  RELIC_RETURN_IF_ERROR(txn->Commit());
  return added;
}

Status SqliteStore::ListLicenses(const std::function<bool(const LicenseInfo&)>& visit) {
  RELIC_ASSIGN_OR_RETURN(int64_t clock, RollbackClock());
  int64_t now = std::max(clock, env_->NowUnixSeconds());
  RELIC_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Cached("SELECT l.license_file, s.plays_used, s.first_use, l.grant FROM licenses l "
                  "JOIN secure_state s USING (license_id) ORDER BY l.kid, l.license_id"));
  while (true) {
    RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    RELIC_ASSIGN_OR_RETURN(ParsedLicense parsed, LoadVerified(stmt.Blob(0), stmt.Blob(3)));
    if (!visit(
            InfoFrom(parsed.body, static_cast<uint32_t>(stmt.Int(1)), stmt.OptionalInt(2), now))) {
      break;
    }
  }
  return Status::Ok();
}

Result<LicenseInfo> SqliteStore::GetLicense(const LicenseId& id) {
  RELIC_ASSIGN_OR_RETURN(int64_t clock, RollbackClock());
  int64_t now = std::max(clock, env_->NowUnixSeconds());
  RELIC_ASSIGN_OR_RETURN(
      auto stmt,
      db_->Cached("SELECT l.license_file, s.plays_used, s.first_use, l.grant FROM licenses l "
                  "JOIN secure_state s USING (license_id) WHERE l.license_id = ?"));
  stmt.Bind(1, ByteView(id.bytes));
  RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) {
    return Status(Code::kNotFound, "no license with ID " + id.ToString() +
                                       " is stored; `relic license list` shows the stored ones");
  }
  RELIC_ASSIGN_OR_RETURN(ParsedLicense parsed, LoadVerified(stmt.Blob(0), stmt.Blob(3)));
  return InfoFrom(parsed.body, static_cast<uint32_t>(stmt.Int(1)), stmt.OptionalInt(2), now);
}

Status SqliteStore::DeleteLicense(const LicenseId& id) {
  RELIC_ASSIGN_OR_RETURN(auto txn, Transaction::Begin(*db_));
  RELIC_RETURN_IF_ERROR(AdvanceClock().status());
  RELIC_ASSIGN_OR_RETURN(auto stmt,
                         db_->Cached("DELETE FROM licenses WHERE license_id = ? RETURNING 1"));
  stmt.Bind(1, ByteView(id.bytes));
  RELIC_ASSIGN_OR_RETURN(bool deleted, stmt.Step());
  if (!deleted) {
    return Status(Code::kNotFound, "no license with ID " + id.ToString() +
                                       " is stored; `relic license list` shows the stored ones");
  }
  RELIC_ASSIGN_OR_RETURN(bool more, stmt.Step());
  (void)more;
  return txn->Commit();
}

Status SqliteStore::TrustIssuer(const IssuerPublicKey& issuer) {
  RELIC_ASSIGN_OR_RETURN(
      auto stmt, db_->Cached("INSERT INTO trusted_issuers(public_key, added_at) VALUES (?, ?) "
                             "ON CONFLICT(public_key) DO NOTHING"));
  stmt.Bind(1, ByteView(issuer.signing)).Bind(2, env_->NowUnixSeconds());
  return stmt.Run();
}

Status SqliteStore::DistrustIssuer(const IssuerPublicKey& issuer) {
  RELIC_ASSIGN_OR_RETURN(
      auto stmt, db_->Cached("DELETE FROM trusted_issuers WHERE public_key = ? RETURNING 1"));
  stmt.Bind(1, ByteView(issuer.signing));
  RELIC_ASSIGN_OR_RETURN(bool deleted, stmt.Step());
  if (!deleted) {
    return Status(Code::kNotFound, "issuer " + issuer.IssuerId() +
                                       " is not trusted on this machine; `relic trust list` "
                                       "shows the trusted ones");
  }
  RELIC_ASSIGN_OR_RETURN(bool more, stmt.Step());
  (void)more;
  return Status::Ok();
}

Result<std::vector<IssuerPublicKey>> SqliteStore::TrustedIssuers() {
  RELIC_ASSIGN_OR_RETURN(auto stmt,
                         db_->Cached("SELECT public_key FROM trusted_issuers ORDER BY public_key"));
  std::vector<IssuerPublicKey> out;
  while (true) {
    RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    ByteView key = stmt.Blob(0);
    IssuerPublicKey issuer;
    if (key.size() != issuer.signing.size()) return StoreDamaged("a trusted issuer key");
    std::memcpy(issuer.signing.data(), key.data(), key.size());
    out.push_back(issuer);
  }
  return out;
}

// Long on purpose: choosing a license, counting the play and writing
// plaintext are one ordered sequence (numbered below) in which no plaintext
// exists before the play is committed; split, that order would be spread
// over functions that must not be called apart.
Result<PlayResult> SqliteStore::Play(const std::string& package_path,
                                     const std::string& output_path) {
  RELIC_ASSIGN_OR_RETURN(PackageHeader header, ReadPackageHeader(env_, package_path));
  const std::string kid_text = header.kid.ToString();

  // Candidates in the documented order of preference. SQLite sorts NULLs
  // first, so "IS NULL" terms push unlimited and never-expiring licenses
  // after limited ones.
  static constexpr char kCandidates[] =
      "SELECT l.license_id, l.license_file, l.wrapped_key, s.plays_used, l.grant FROM licenses l "
      "JOIN secure_state s USING (license_id) WHERE l.kid = ? "
      "ORDER BY l.expires IS NULL, l.expires, l.play_limit IS NULL, "
      "l.play_limit - s.plays_used, l.added_at, l.license_id";

  struct Choice {
    LicenseId id;
    crypto::SymmetricKey key;
  };
  // Picks the first usable candidate; if none is usable, the refusal of the
  // first candidate explains why.
  auto choose = [&](int64_t now) -> Result<Choice> {
    RELIC_ASSIGN_OR_RETURN(auto stmt, db_->Cached(kCandidates));
    stmt.Bind(1, ByteView(header.kid.bytes));
    std::optional<Status> refusal;
    while (true) {
      RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      RELIC_ASSIGN_OR_RETURN(ParsedLicense parsed, LoadVerified(stmt.Blob(1), stmt.Blob(4)));
      const std::string which =
          "license " + parsed.body.license_id.ToString() + " for KID " + kid_text;
      RELIC_ASSIGN_OR_RETURN(bool trusted, IsTrusted(parsed.body.issuer));
      if (!trusted) {
        if (!refusal) {
          refusal = Status(Code::kUntrustedIssuer,
                           which + " comes from issuer " + parsed.body.issuer.IssuerId() +
                               ", which this machine no longer trusts; `relic trust add` it "
                               "again to play");
        }
        continue;
      }
      uint32_t used = static_cast<uint32_t>(stmt.Int(3));
      switch (EvaluateState(parsed.body.rights, used, now)) {
        case LicenseState::kUsable:
          break;
        case LicenseState::kExpired:
          if (!refusal)
            refusal = Status(Code::kExpired, which + " has expired; obtain a new license");
          continue;
        case LicenseState::kNotYetValid:
          if (!refusal) {
            refusal = Status(Code::kNotYetValid,
                             which + " is not valid yet; try again after its begin time");
          }
          continue;
        case LicenseState::kNoPlaysLeft:
          if (!refusal) {
            refusal =
                Status(Code::kNoPlaysLeft, which + " has no plays left; obtain a new license");
          }
          continue;
      }
      auto key = crypto::AeadDecrypt(keys_.storage_key, stmt.Blob(2),
                                     WrapAssociatedData(parsed.body.license_id, parsed.body.kid));
      if (!key.ok() || key->size() != 32) {
        return StoreDamaged("the wrapped content key of license " +
                            parsed.body.license_id.ToString() + " does not open");
      }
      Choice choice{parsed.body.license_id, {}};
      std::memcpy(choice.key.data(), key->data(), 32);
      crypto::Wipe(key->data(), key->size());
      return choice;
    }
    if (refusal) return *refusal;
    return Status(Code::kNoLicense, "no license for KID " + kid_text +
                                        " is stored; add one with `relic license add`");
  };

  // 1. Choose and authenticate the whole package without writing any
  //    plaintext, so a damaged package is refused before a play is counted.
  RELIC_ASSIGN_OR_RETURN(int64_t clock, TouchClock());
  RELIC_ASSIGN_OR_RETURN(Choice first, choose(clock));
  RELIC_RETURN_IF_ERROR(DecryptPackage(env_, package_path, header, first.key, nullptr));

  // 2. Consume the play. The choice may have changed meanwhile (another
  //    process used the last play), so choose again inside the transaction.
  RELIC_ASSIGN_OR_RETURN(auto txn, Transaction::Begin(*db_));
  RELIC_ASSIGN_OR_RETURN(int64_t now, AdvanceClock());
  RELIC_ASSIGN_OR_RETURN(Choice chosen, choose(now));
  if (!crypto::ConstantTimeEqual(ByteView(chosen.key.data(), 32), ByteView(first.key.data(), 32))) {
    return Status(Code::kBusy,
                  "the licenses for KID " + kid_text + " changed during the play; play again");
  }
  RELIC_ASSIGN_OR_RETURN(
      auto consume,
      db_->Cached(
          "UPDATE secure_state SET plays_used = plays_used + 1, first_use = coalesce(first_use, ?) "
          "WHERE license_id = ? RETURNING plays_used"));
  consume.Bind(1, now).Bind(2, ByteView(chosen.id.bytes));
  RELIC_ASSIGN_OR_RETURN(bool updated, consume.Step());
  if (!updated) return StoreDamaged("the secure state of a license is missing");
  RELIC_ASSIGN_OR_RETURN(bool more, consume.Step());
  (void)more;
  RELIC_RETURN_IF_ERROR(txn->Commit());

  // 3. Only now does plaintext exist: a crash from here on costs the play
  //    (fail closed) but never yields content without one.
  RELIC_ASSIGN_OR_RETURN(auto output, AtomicOutput::Create(env_, output_path, 0600));
  RELIC_RETURN_IF_ERROR(DecryptPackage(env_, package_path, header, chosen.key, output.get()));
  RELIC_RETURN_IF_ERROR(output->Commit());

  PlayResult result;
  result.license_id = chosen.id;
  result.kid = header.kid;
  result.bytes_written = output->size();
  RELIC_ASSIGN_OR_RETURN(auto info, GetLicense(chosen.id));
  result.plays_left = info.plays_left();
  return result;
}

Status SqliteStore::ForEachForBackup(const std::function<Status(const BackupItem&)>& visit) {
  // Storage order, not KID order: a sequential scan reads each page once,
  // where following the KID index fetches rows at random and re-reads pages.
  RELIC_ASSIGN_OR_RETURN(auto stmt,
                         db_->Cached("SELECT l.license_file, l.wrapped_key, s.plays_used, "
                                     "s.first_use, l.grant FROM licenses l "
                                     "JOIN secure_state s USING (license_id) ORDER BY l.rowid"));
  BackupItem item;
  while (true) {
    RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    item.license_file = stmt.Blob(0);
    item.wrapped_key = stmt.Blob(1);
    item.plays_used = static_cast<uint32_t>(stmt.Int(2));
    item.first_use = stmt.OptionalInt(3);
    item.grant = stmt.Blob(4);
    RELIC_RETURN_IF_ERROR(visit(item));
  }
  return Status::Ok();
}

Result<uint64_t> SqliteStore::LicenseCount() {
  RELIC_ASSIGN_OR_RETURN(auto stmt, db_->Cached("SELECT count(*) FROM licenses"));
  RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? static_cast<uint64_t>(stmt.Int(0)) : 0;
}

Bytes SqliteStore::WrapContentKey(const LicenseId& id, const Kid& kid,
                                  const crypto::SymmetricKey& content_key) const {
  return crypto::AeadEncrypt(keys_.storage_key, ByteView(content_key.data(), content_key.size()),
                             WrapAssociatedData(id, kid));
}

Result<crypto::SymmetricKey> SqliteStore::UnwrapContentKey(const LicenseId& id, const Kid& kid,
                                                           ByteView wrapped) {
  auto key = crypto::AeadDecrypt(keys_.storage_key, wrapped, WrapAssociatedData(id, kid));
  if (!key.ok() || key->size() != 32) {
    return StoreDamaged("the wrapped content key of license " + id.ToString() + " does not open");
  }
  crypto::SymmetricKey out;
  std::memcpy(out.data(), key->data(), 32);
  crypto::Wipe(key->data(), key->size());
  return out;
}

Result<int64_t> SqliteStore::Now() {
  RELIC_ASSIGN_OR_RETURN(int64_t clock, RollbackClock());
  return std::max(clock, env_->NowUnixSeconds());
}

Result<RestoreOutcome> SqliteStore::InsertRestored(const RestoredLicense& r, int64_t now) {
  const LicenseBody& body = r.parsed.body;
  const Bytes wrapped = r.wrapped_key.empty()
                            ? WrapContentKey(body.license_id, body.kid, r.content_key)
                            : r.wrapped_key;
  RestoreOutcome outcome;
  {
    // A license already here is kept as it is: one statement finds out and
    // inserts, rather than a lookup and then an insert.
    RELIC_ASSIGN_OR_RETURN(
        auto insert,
        db_->Cached(
            "INSERT INTO licenses(license_id, kid, allow_backup, play_limit, begins, expires, "
            "issued_at, added_at, license_file, wrapped_key, grant) VALUES (?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT(license_id) DO NOTHING"));
    insert.Bind(1, ByteView(body.license_id.bytes))
        .Bind(2, ByteView(body.kid.bytes))
        .Bind(3, int64_t{body.rights.allow_backup ? 1 : 0})
        .Bind(4, body.rights.play_count)
        .Bind(5, body.rights.begins)
        .Bind(6, body.rights.expires)
        .Bind(7, body.issued_at)
        .Bind(8, now)
        .Bind(9, r.license_file)
        .Bind(10, wrapped)
        .Bind(11, r.grant);
    RELIC_RETURN_IF_ERROR(insert.Run());
    outcome.already_present = db_->changes() == 0;
  }
  // The merge keeps the more consumed state: a restore never gives back a
  // play that this machine, the source or the grant has seen used.
  RELIC_ASSIGN_OR_RETURN(
      auto state,
      db_->Cached("INSERT INTO secure_state(license_id, plays_used, first_use) VALUES (?, ?, ?) "
                  "ON CONFLICT(license_id) DO UPDATE SET plays_used = max(plays_used, "
                  "excluded.plays_used), "
                  "first_use = coalesce(min(first_use, excluded.first_use), first_use, "
                  "excluded.first_use)"));
  state.Bind(1, ByteView(body.license_id.bytes))
      .Bind(2, int64_t{r.plays_used})
      .Bind(3, r.first_use);
  RELIC_RETURN_IF_ERROR(state.Run());
  return outcome;
}

Status SqliteStore::RaiseRollbackClock(int64_t at_least) {
  RELIC_ASSIGN_OR_RETURN(
      auto stmt, db_->Cached("UPDATE meta SET value = max(value, ?) WHERE key = 'rollback_clock'"));
  stmt.Bind(1, at_least);
  return stmt.Run();
}

}  // namespace relic
