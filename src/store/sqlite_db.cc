// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite_db.h"

#include <new>

namespace relic {
namespace {

// Long enough for any play or add to finish in other processes; a store
// held longer than this is reported as busy.
constexpr int kBusyTimeoutMs = 15000;

// SQLite's own busy timeout polls every 100 ms once it has waited a while,
// so under contention the process holding the lock keeps winning it back
// and a waiter can starve. Polling every few milliseconds keeps waiters in
// the race.
int RetryBriefly(void*, int attempt) {
  const int sleep_us = attempt < 10 ? 1000 : 5000;
  const long waited_us = attempt < 10 ? attempt * 1000L : 10'000L + (attempt - 10) * 5000L;
  if (waited_us >= kBusyTimeoutMs * 1000L) return 0;
  sqlite3_sleep(sleep_us / 1000);
  return 1;
}

// SQLite, or relic's VFS under it, could not allocate memory: the same
// failure as an allocation in relic's own code, so it travels the same way
// (std::bad_alloc, which the SDK reports as E_OUTOFMEMORY). As a store error
// it would send the user to check a disk that is fine.
void ThrowIfOutOfMemory(int rc) {
  if ((rc & 0xff) == SQLITE_NOMEM || rc == SQLITE_IOERR_NOMEM) throw std::bad_alloc();
}

}  // namespace

Code CodeForSqlite(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Code::kBusy;
    case SQLITE_FULL:
      return Code::kNoSpace;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Code::kCorrupt;
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_AUTH:
      return Code::kPermissionDenied;
    case SQLITE_NOMEM:
    case SQLITE_MISUSE:
    case SQLITE_RANGE:
    case SQLITE_ERROR:
      return Code::kInternal;
    default:
      return Code::kIoError;
  }
}

Status Db::Error(int rc, const std::string& doing) const {
  ThrowIfOutOfMemory(rc);
  std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  Code code = CodeForSqlite(rc);
  std::string advice;
  switch (code) {
    case Code::kBusy:
      advice = "another relic process is using the store; try again when it has finished";
      break;
    case Code::kNoSpace:
      advice = "the disk is full; free some space and try again";
      break;
    case Code::kCorrupt:
      advice =
          "the license store is damaged; run `relic init --reindividualize` and restore "
          "from a backup";
      break;
    case Code::kPermissionDenied:
      advice = "check the permissions of the relic home";
      break;
    default:
      advice = "check the disk and try again";
  }
  return Status(code,
                "license store " + path_ + ": " + doing + " failed (" + detail + "); " + advice);
}

Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
Statement& Statement::Bind(int index, ByteView blob) {
  // A zero-length blob must still be a blob, not NULL.
  static const uint8_t kEmpty = 0;
  sqlite3_bind_blob(stmt_, index, blob.empty() ? &kEmpty : blob.data(),
                    static_cast<int>(blob.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::Bind(int index, const std::string& text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  ThrowIfOutOfMemory(rc);
  std::string detail = sqlite3_errmsg(db_);
  const char* file = sqlite3_db_filename(db_, "main");
  Code code = CodeForSqlite(rc);
  std::string advice = code == Code::kBusy      ? "another relic process holds the store; retry"
                       : code == Code::kNoSpace ? "the disk is full; free space and retry"
                                                : "check the disk and retry";
  return Status(code,
                std::string("license store ") + (file ? file : "") + ": " + detail + "; " + advice);
}

Status Statement::Run() {
  auto stepped = Step();
  if (!stepped.ok()) return stepped.status();
  return Status::Ok();
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

ByteView Statement::Blob(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  int size = sqlite3_column_bytes(stmt_, column);
  return ByteView(static_cast<const uint8_t*>(data), static_cast<size_t>(size));
}

std::string Statement::Text(int column) const {
  const unsigned char* data = sqlite3_column_text(stmt_, column);
  int size = sqlite3_column_bytes(stmt_, column);
  return data ? std::string(reinterpret_cast<const char*>(data), static_cast<size_t>(size))
              : std::string();
}

Result<std::unique_ptr<Db>> Db::Open(const std::string& path, const char* vfs_name, bool create,
                                     int new_page_size) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  // The Db that closes the connection exists before the connection does, so
  // that a failed allocation cannot leave it open, with its descriptors.
  std::unique_ptr<Db> db(new Db(nullptr, path));
  int rc = sqlite3_open_v2(path.c_str(), &db->db_, flags, vfs_name);
  sqlite3* raw = db->db_;
  if (rc != SQLITE_OK) return db->Error(rc, "opening");
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_handler(raw, RetryBriefly, nullptr);
  // Only before WAL mode writes the first page.
  if (new_page_size > 0) {
    RELIC_RETURN_IF_ERROR(db->Exec("PRAGMA page_size=" + std::to_string(new_page_size)));
  }
  // FULL: in WAL mode every commit is synced, so an acknowledged play or add
  // survives power loss.
  // An 8 MiB page cache: bounded, whatever the number of licenses.
  RELIC_RETURN_IF_ERROR(
      db->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-8192; "
               "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"));
  return db;
}

Db::~Db() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Result<Statement> Db::Cached(const std::string& sql) {
  auto found = cache_.find(sql);
  if (found == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return Error(rc, "preparing a statement");
    found = cache_.emplace(sql, stmt).first;
  }
  return Statement(db_, found->second, /*owned=*/false);
}

Status Db::Exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) return Error(rc, "a statement");
  return Status::Ok();
}

Result<Statement> Db::Prepare(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "preparing a statement");
  return Statement(db_, stmt);
}

Result<std::unique_ptr<Transaction>> Transaction::Begin(Db& db) {
  RELIC_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  return std::unique_ptr<Transaction>(new Transaction(db));
}

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(db_.raw(), "ROLLBACK", nullptr, nullptr, nullptr);
}

Status Transaction::Commit() {
  Status s = db_.Exec("COMMIT");
  if (s.ok()) done_ = true;
  return s;
}

}  // namespace relic
