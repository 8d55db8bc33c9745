// SPDX-License-Identifier: Apache-2.0
#include "relic/machine.h"

#include <cstdlib>

#include "base/text_codec.h"
#include "crypto/secret.h"
#include "env/sqlite_vfs.h"
#include "format/atomic_output.h"
#include "machine/home_lock.h"
#include "machine/identity_file.h"
#include "machine/installation.h"
#include "machine/machine_internal.h"
#include "machine/system_trust.h"
#include "relic/rights.h"
#include "store/carry_over.h"
#include "store/schema.h"
#include "store/sqlite_store.h"

namespace relic {
namespace {

// A reindividualization builds the new store under this name and renames it
// into place after the new identity: Open() finishes or discards it.
constexpr char kPendingStoreName[] = "store.db.new";

std::string Join(const std::string& dir, const std::string& name) { return dir + "/" + name; }

Bytes KeyBytes(const MachinePublicKey& key) {
  Bytes out(key.encryption.begin(), key.encryption.end());
  out.insert(out.end(), key.signing.begin(), key.signing.end());
  return out;
}

class MachineImpl final : public Machine {
 public:
  // The VFS and the store are taken by reference and moved in last: until
  // then the caller's variables own them, so if an allocation fails first
  // they go in the caller's order (the store before its VFS), not in the
  // unspecified order in which by-value parameters are destroyed.
  MachineImpl(Env* env, std::string home, MachineIdentity identity,
              std::unique_ptr<SqliteVfs>&& vfs, std::unique_ptr<SqliteStore>&& store)
      : env_(env),
        home_(std::move(home)),
        identity_(std::move(identity)),
        public_key_(identity_.public_key()),
        vfs_(std::move(vfs)),
        store_(std::move(store)) {}

  const MachinePublicKey& public_key() const override { return public_key_; }
  const std::string& home() const override { return home_; }
  Env* env() const override { return env_; }
  Store& store() override { return *store_; }
  const MachineIdentity& identity() const { return identity_; }
  SqliteStore& sqlite_store() { return *store_; }

 private:
  Env* env_;
  std::string home_;
  MachineIdentity identity_;
  MachinePublicKey public_key_;
  // Declared before the store: the database closes before its VFS goes.
  std::unique_ptr<SqliteVfs> vfs_;
  std::unique_ptr<SqliteStore> store_;
};

Env* EnvOf(const HomeOptions& options) { return options.env ? options.env : Env::Default(); }

Result<bool> Exists(Env* env, const std::string& path) {
  auto info = env->Stat(path);
  if (info.ok()) return true;
  if (info.status().code() == Code::kNotFound) return false;
  return info.status();
}

// A new directory survives a power loss only once its parent's entries
// are synced; until then a machine that reported success could vanish with
// everything in it. A parent the user may not read (mode 0711) cannot be
// opened to sync: the entry is then as durable as the OS makes it.
Status SyncParentOf(Env* env, const std::string& dir) {
  Status s = env->SyncDir(ParentDir(dir));
  if (s.code() == Code::kPermissionDenied) return Status::Ok();
  return s;
}

Status PrepareParents(Env* env, const std::string& dir) {
  std::string parent = ParentDir(dir);
  if (parent != dir && parent != "." && parent != "/") {
    RELIC_ASSIGN_OR_RETURN(bool exists, Exists(env, parent));
    if (!exists) RELIC_RETURN_IF_ERROR(PrepareParents(env, parent));
  }
  Status s = env->CreateDir(dir, 0755);
  if (s.code() == Code::kAlreadyExists) return Status::Ok();
  RELIC_RETURN_IF_ERROR(s);
  return SyncParentOf(env, dir);
}

// Creates the home and any missing parents; the home itself is 0700.
Status PrepareHomeDir(Env* env, const std::string& home) {
  auto info = env->Stat(home);
  if (info.ok()) {
    if (info->type != FileType::kDirectory) {
      return Status(Code::kInvalidArgument, "the relic home " + home +
                                                " exists but is not a directory; choose another "
                                                "--home");
    }
    return env->SetPermissions(home, 0700);
  }
  if (info.status().code() != Code::kNotFound) return info.status();
  std::string parent = ParentDir(home);
  if (parent != home && parent != "." && parent != "/") {
    RELIC_ASSIGN_OR_RETURN(bool parent_exists, Exists(env, parent));
    if (!parent_exists) RELIC_RETURN_IF_ERROR(PrepareParents(env, parent));
  }
  RELIC_RETURN_IF_ERROR(env->CreateDir(home, 0700));
  return SyncParentOf(env, home);
}

Result<std::unique_ptr<Db>> CreateStoreFile(Env* env, SqliteVfs& vfs, const std::string& path,
                                            const MachinePublicKey& owner) {
  RELIC_ASSIGN_OR_RETURN(bool exists, Exists(env, path));
  if (exists) RELIC_RETURN_IF_ERROR(env->DeleteFile(path));
  for (const char* suffix : {"-wal", "-shm"}) {
    RELIC_ASSIGN_OR_RETURN(bool side, Exists(env, path + suffix));
    if (side) RELIC_RETURN_IF_ERROR(env->DeleteFile(path + suffix));
  }
  // A restored license's row is about 1.2 KB, half of it its grant: a 4 KiB
  // page holds three, a 16 KiB page thirteen. Fewer pages to split, balance
  // and write make a restore's inserts about a quarter cheaper
  // (BM_RestoreStoreFloor); the file is the same size.
  RELIC_ASSIGN_OR_RETURN(auto db, Db::Open(path, vfs.name(), /*create=*/true,
                                           /*new_page_size=*/kStorePageSize));
  RELIC_RETURN_IF_ERROR(CreateStoreSchema(*db, KeyBytes(owner), env->NowUnixSeconds()));
  return db;
}

Status RemoveIfPresent(Env* env, const std::string& path) {
  RELIC_ASSIGN_OR_RETURN(bool exists, Exists(env, path));
  return exists ? env->DeleteFile(path) : Status::Ok();
}

StoreKeys KeysOf(const MachineIdentity& identity) {
  StoreKeys keys;
  keys.machine = identity.public_key();
  keys.encryption = identity.encryption;
  keys.storage_key = identity.storage_key;
  return keys;
}

Result<std::unique_ptr<Machine>> OpenStore(Env* env, const std::string& home,
                                           MachineIdentity identity) {
  RELIC_ASSIGN_OR_RETURN(auto vfs, SqliteVfs::Register(env));
  const std::string store_path = Join(home, kStoreFileName);
  // Finish or discard an interrupted reindividualization.
  const std::string pending = Join(home, kPendingStoreName);
  RELIC_ASSIGN_OR_RETURN(bool has_pending, Exists(env, pending));
  if (has_pending) {
    bool belongs = false;
    {
      auto db = Db::Open(pending, vfs->name(), false);
      if (db.ok()) {
        auto owner = StoreOwner(**db);
        belongs = owner.ok() && *owner == KeyBytes(identity.public_key());
        if (belongs) RELIC_RETURN_IF_ERROR((*db)->Exec("PRAGMA wal_checkpoint(TRUNCATE)"));
      }
    }
    if (belongs) {
      // A write-ahead log left by the old store must never be replayed
      // into the new one.
      for (const char* suffix : {"-wal", "-shm"}) {
        RELIC_RETURN_IF_ERROR(RemoveIfPresent(env, store_path + suffix));
      }
      RELIC_RETURN_IF_ERROR(env->RenameFile(pending, store_path));
      RELIC_RETURN_IF_ERROR(env->SyncDir(home));
    } else {
      RELIC_RETURN_IF_ERROR(env->DeleteFile(pending));
    }
    for (const char* suffix : {"-wal", "-shm"}) {
      RELIC_ASSIGN_OR_RETURN(bool side, Exists(env, pending + suffix));
      if (side) RELIC_RETURN_IF_ERROR(env->DeleteFile(pending + suffix));
    }
  }
  RELIC_ASSIGN_OR_RETURN(bool has_store, Exists(env, store_path));
  if (!has_store) {
    return Status(Code::kCorrupt, "the license store " + store_path +
                                      " is missing; run `relic init --reindividualize` and "
                                      "restore your licenses from a backup");
  }
  RELIC_ASSIGN_OR_RETURN(auto db, Db::Open(store_path, vfs->name(), /*create=*/false));
  RELIC_RETURN_IF_ERROR(CheckStoreSchema(*db));
  RELIC_ASSIGN_OR_RETURN(Bytes owner, StoreOwner(*db));
  if (owner != KeyBytes(identity.public_key())) {
    return Status(Code::kCorrupt, "the license store in " + home +
                                      " belongs to another machine identity (the files were "
                                      "mixed up); run `relic init --reindividualize`");
  }
  auto store = std::make_unique<SqliteStore>(env, std::move(db), KeysOf(identity));
  return std::unique_ptr<Machine>(
      new MachineImpl(env, home, std::move(identity), std::move(vfs), std::move(store)));
}

Result<MachineIdentity> ReadIdentity(Env* env, const std::string& home) {
  const std::string path = Join(home, kIdentityFileName);
  auto bytes = ReadWholeFile(env, path, 4096);
  if (!bytes.ok()) {
    if (bytes.status().code() == Code::kNotFound) {
      return Status(Code::kNotInitialized, "there is no relic machine in " + home +
                                               "; run `relic init` to create one (or pass the "
                                               "right --home)");
    }
    return bytes.status();
  }
  // The file holds the machine's secret keys in the clear.
  const crypto::WipeOnExit wipe_file(*bytes);
  return DecodeIdentity(*bytes, path);
}

Status ForeignInstallation(const std::string& home) {
  return Status(Code::kForeignInstallation,
                "the relic home " + home +
                    " was created on another operating-system installation (a copied home or a "
                    "reinstalled system), and its licenses are bound to that installation; run "
                    "`relic init --reindividualize` to give this installation a new identity, "
                    "then restore your licenses from a backup");
}

Status ImportSystemTrust(Env* env, const HomeOptions& options, Db& db) {
  RELIC_ASSIGN_OR_RETURN(auto issuers, ReadSystemTrust(env, SystemTrustDir(options)));
  if (issuers.empty()) return Status::Ok();
  RELIC_ASSIGN_OR_RETURN(
      auto stmt, db.Prepare("INSERT INTO trusted_issuers(public_key, added_at) VALUES (?, ?) "
                            "ON CONFLICT(public_key) DO NOTHING"));
  for (const auto& issuer : issuers) {
    stmt.Reset();
    stmt.Bind(1, ByteView(issuer.signing)).Bind(2, env->NowUnixSeconds());
    RELIC_RETURN_IF_ERROR(stmt.Run());
  }
  return Status::Ok();
}

// A store without an identity is what an interrupted `relic init` leaves
// (then it holds no secure state and may go) or what remains when the
// identity file was lost (then its secure state must be kept).
Result<bool> IsDisposableLeftover(Env* env, const std::string& store_path) {
  RELIC_ASSIGN_OR_RETURN(auto vfs, SqliteVfs::Register(env));
  auto db = Db::Open(store_path, vfs->name(), false);
  if (!db.ok()) return true;
  if (!CheckStoreSchema(**db).ok()) return true;
  RELIC_ASSIGN_OR_RETURN(auto stmt, (*db)->Prepare("SELECT count(*) FROM secure_state"));
  RELIC_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row && stmt.Int(0) == 0;
}

// Copies a file's bytes, for archiving a store SQLite cannot read.
Status CopyFile(Env* env, const std::string& from, const std::string& to) {
  RELIC_ASSIGN_OR_RETURN(auto in, env->OpenFile(from, OpenMode::kReadOnly));
  RELIC_ASSIGN_OR_RETURN(auto out, AtomicOutput::Create(env, to, 0600));
  Bytes buffer(1 << 20);
  for (uint64_t offset = 0;;) {
    RELIC_ASSIGN_OR_RETURN(size_t got, in->ReadAt(offset, buffer));
    if (got == 0) break;
    RELIC_RETURN_IF_ERROR(out->Append(ByteView(buffer.data(), got)));
    offset += got;
  }
  return out->Commit();
}

}  // namespace

Result<std::unique_ptr<Machine>> Machine::Initialize(const std::string& home,
                                                     const HomeOptions& options) {
  Env* env = EnvOf(options);
  // Everything that can refuse runs before anything is written.
  RELIC_ASSIGN_OR_RETURN(auto binding, InstallationBinding(env, InstallationIdPath(options)));
  const std::string identity_path = Join(home, kIdentityFileName);
  const std::string store_path = Join(home, kStoreFileName);
  RELIC_ASSIGN_OR_RETURN(bool has_identity, Exists(env, identity_path));
  if (has_identity) {
    return Status(Code::kAlreadyInitialized,
                  "the relic home " + home +
                      " already has a machine identity; nothing was changed. Use it as it is, "
                      "or after an OS reinstall run `relic init --reindividualize`");
  }
  RELIC_ASSIGN_OR_RETURN(auto system_trust, ReadSystemTrust(env, SystemTrustDir(options)));
  (void)system_trust;
  RELIC_RETURN_IF_ERROR(PrepareHomeDir(env, home));
  RELIC_ASSIGN_OR_RETURN(auto lock, HomeLock::Acquire(env, home, "initialising a machine"));
  // Checked again under the lock: another process may have won the race.
  RELIC_ASSIGN_OR_RETURN(has_identity, Exists(env, identity_path));
  if (has_identity) {
    return Status(Code::kAlreadyInitialized,
                  "the relic home " + home + " was initialised by another process just now");
  }
  RELIC_ASSIGN_OR_RETURN(bool has_store, Exists(env, store_path));
  if (has_store) {
    RELIC_ASSIGN_OR_RETURN(bool disposable, IsDisposableLeftover(env, store_path));
    if (!disposable) {
      return Status(Code::kAlreadyInitialized,
                    "the relic home " + home +
                        " holds a license store with secure state but no machine identity; "
                        "nothing was changed. Run `relic init --reindividualize` to archive the "
                        "store, keep its secure state and start anew");
    }
  }

  MachineIdentity identity = GenerateMachineIdentity(binding, env->NowUnixSeconds());
  {
    RELIC_ASSIGN_OR_RETURN(auto vfs, SqliteVfs::Register(env));
    RELIC_ASSIGN_OR_RETURN(auto db, CreateStoreFile(env, *vfs, store_path, identity.public_key()));
    RELIC_RETURN_IF_ERROR(ImportSystemTrust(env, options, *db));
  }
  // The identity file is the commit point: until it exists the home is not
  // initialised, and a retry starts over.
  Bytes encoded = EncodeIdentity(identity);
  const crypto::WipeOnExit wipe_encoded(encoded);
  Status written = WriteFileAtomically(env, identity_path, encoded, 0600);
  if (!written.ok()) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      RemoveIfPresent(env, store_path + suffix).IgnoreError();
    }
    return written;
  }
  return OpenStore(env, home, std::move(identity));
}

Result<std::unique_ptr<Machine>> Machine::Open(const std::string& home,
                                               const HomeOptions& options) {
  Env* env = EnvOf(options);
  auto info = env->Stat(home);
  if (!info.ok()) {
    if (info.status().code() == Code::kNotFound) {
      return Status(Code::kNotInitialized, "there is no relic machine in " + home +
                                               "; run `relic init` to create one (or pass the "
                                               "right --home)");
    }
    return info.status();
  }
  if (info->type != FileType::kDirectory) {
    return Status(Code::kInvalidArgument,
                  "the relic home " + home + " is not a directory; pass the right --home");
  }
  RELIC_ASSIGN_OR_RETURN(MachineIdentity identity, ReadIdentity(env, home));
  RELIC_ASSIGN_OR_RETURN(auto binding, InstallationBinding(env, InstallationIdPath(options)));
  if (!crypto::ConstantTimeEqual(binding, identity.installation_binding)) {
    return ForeignInstallation(home);
  }
  return OpenStore(env, home, std::move(identity));
}

// Long on purpose: its numbered steps (archive, pending store, commit
// point) are one crash-atomic sequence whose order is the point, and each
// step relies on the one before having synced; read top to bottom.
Result<std::unique_ptr<Machine>> Machine::Reindividualize(const std::string& home,
                                                          const HomeOptions& options) {
  Env* env = EnvOf(options);
  RELIC_ASSIGN_OR_RETURN(auto binding, InstallationBinding(env, InstallationIdPath(options)));
  const std::string identity_path = Join(home, kIdentityFileName);
  const std::string store_path = Join(home, kStoreFileName);
  RELIC_ASSIGN_OR_RETURN(bool has_identity, Exists(env, identity_path));
  RELIC_ASSIGN_OR_RETURN(bool has_store, Exists(env, store_path));
  if (!has_identity && !has_store) return Initialize(home, options);
  RELIC_ASSIGN_OR_RETURN(auto lock, HomeLock::Acquire(env, home, "reindividualizing"));
  if (has_identity) {
    // Only a home that does not work here may be reindividualized: on a
    // healthy one it would strand working licenses until a restore.
    auto old = ReadIdentity(env, home);
    if (old.ok() && crypto::ConstantTimeEqual(binding, old->installation_binding) &&
        OpenStore(env, home, std::move(old).value()).ok()) {
      return Status(Code::kAlreadyInitialized,
                    "the relic home " + home +
                        " belongs to this installation and works; nothing was changed. "
                        "Reindividualizing would make its licenses unusable until restored");
    }
  }

  // 1. Archive copies of the old files; the originals stay until the end.
  const int64_t now = env->NowUnixSeconds();
  std::string stamp = FormatRfc3339(now);
  std::erase(stamp, ':');
  std::array<uint8_t, 4> salt{};
  crypto::RandomFill(salt);
  const std::string archive_root = Join(home, "archive");
  const std::string archive = Join(archive_root, stamp + "-" + HexEncode(salt));
  RELIC_ASSIGN_OR_RETURN(bool has_archive_root, Exists(env, archive_root));
  if (!has_archive_root) RELIC_RETURN_IF_ERROR(env->CreateDir(archive_root, 0700));
  RELIC_RETURN_IF_ERROR(env->CreateDir(archive, 0700));

  RELIC_ASSIGN_OR_RETURN(auto vfs, SqliteVfs::Register(env));
  std::unique_ptr<Db> old_db;
  if (has_store) {
    auto opened = Db::Open(store_path, vfs->name(), false);
    if (opened.ok() && CheckStoreSchema(**opened).ok()) {
      old_db = std::move(opened).value();
      std::string target = Join(archive, kStoreFileName);
      std::string quoted;
      for (char c : target) quoted += c == '\'' ? std::string("''") : std::string(1, c);
      RELIC_RETURN_IF_ERROR(old_db->Exec("VACUUM INTO '" + quoted + "'"));
    } else {
      // A store SQLite cannot read is archived byte for byte; its secure
      // state cannot be carried over.
      RELIC_RETURN_IF_ERROR(CopyFile(env, store_path, Join(archive, kStoreFileName)));
      for (const char* suffix : {"-wal"}) {
        RELIC_ASSIGN_OR_RETURN(bool side, Exists(env, store_path + suffix));
        if (side) {
          RELIC_RETURN_IF_ERROR(CopyFile(env, store_path + suffix,
                                         Join(archive, std::string(kStoreFileName) + suffix)));
        }
      }
    }
  }
  if (has_identity) {
    auto bytes = ReadWholeFile(env, identity_path, 4096);
    if (bytes.ok()) {
      RELIC_RETURN_IF_ERROR(
          WriteFileAtomically(env, Join(archive, kIdentityFileName), *bytes, 0600));
    }
  }
  RELIC_RETURN_IF_ERROR(env->SyncDir(archive));
  RELIC_RETURN_IF_ERROR(env->SyncDir(archive_root));
  // A first archive created `archive` in the home: its entry must be
  // durable before the old identity is replaced, or a power loss could take
  // the archive with it.
  if (!has_archive_root) RELIC_RETURN_IF_ERROR(env->SyncDir(home));

  // 2. The new store, carrying the old secure state, beside the old one.
  MachineIdentity identity = GenerateMachineIdentity(binding, now);
  const std::string pending = Join(home, kPendingStoreName);
  {
    RELIC_ASSIGN_OR_RETURN(auto new_db, CreateStoreFile(env, *vfs, pending, identity.public_key()));
    if (old_db) RELIC_RETURN_IF_ERROR(CarryOverState(*old_db, *new_db));
    RELIC_RETURN_IF_ERROR(ImportSystemTrust(env, options, *new_db));
    RELIC_RETURN_IF_ERROR(new_db->Exec("PRAGMA wal_checkpoint(TRUNCATE)"));
  }
  old_db.reset();
  vfs.reset();

  // 3. Commit point: the new identity replaces the old one. Open() then
  // moves the pending store into place (and would do so after a crash here).
  Bytes encoded = EncodeIdentity(identity);
  const crypto::WipeOnExit wipe_encoded(encoded);
  RELIC_RETURN_IF_ERROR(WriteFileAtomically(env, identity_path, encoded, 0600));
  return OpenStore(env, home, std::move(identity));
}

const MachineIdentity& InternalIdentity(Machine& machine) {
  return static_cast<MachineImpl&>(machine).identity();
}

SqliteStore& InternalStore(Machine& machine) {
  return static_cast<MachineImpl&>(machine).sqlite_store();
}

}  // namespace relic
