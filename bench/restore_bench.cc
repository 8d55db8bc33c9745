// SPDX-License-Identifier: Apache-2.0
// Restore throughput (licenses/s) at 10,000 and 100,000 licenses, through
// the real HTTP service on loopback; the floor it is measured against,
// verifying the same number of Ed25519 signatures on all cores; and the
// service's authorisations per second under concurrent clients.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

#include "all_cores.h"
#include "backup/backup_set_reader.h"
#include "crypto/crypto.h"
#include "fixture.h"
#include "format/license_format.h"
#include "lms/authority.h"
#include "lms/http_service.h"
#include "lms/ledger_open.h"
#include "lms/lms_identity.h"
#include "lms/pg_connection.h"
#include "lms/sqlite_ledger.h"
#include "machine/machine_internal.h"
#include "protocol/protocol.h"
#include "relic/machine.h"
#include "relic/restore.h"
#include "restore/lms_client.h"
#include "store/sqlite_store.h"

namespace {

using namespace relic;

std::string CacheDir() {
  const char* dir = std::getenv("RELIC_BENCH_DIR");
  return dir && *dir ? dir : "/tmp/relic-bench";
}

// A fresh service (its own ledger, generous limits) over the fixture's LMS
// keys, on a free loopback port.
struct LiveService {
  std::unique_ptr<lms::SqliteLedger> ledger;
  std::unique_ptr<lms::Authority> authority;
  std::unique_ptr<lms::HttpService> http;
};

Result<LiveService> StartService(const bench::Fixture& f, const std::string& ledger_dir) {
  std::filesystem::remove_all(ledger_dir);
  std::filesystem::create_directories(ledger_dir);
  RELIC_ASSIGN_OR_RETURN(auto identity, lms::OpenLmsIdentity(Env::Default(), f.lms_home));
  LiveService s;
  RELIC_ASSIGN_OR_RETURN(s.ledger, lms::SqliteLedger::Open(Env::Default(), ledger_dir));
  lms::Policy policy;
  RELIC_ASSIGN_OR_RETURN(IssuerPublicKey issuer, bench::FixtureIssuer(f));
  policy.issuers = {issuer};
  policy.max_machines = 1000000;
  policy.max_new_machines_per_day = 1000000;
  s.authority = std::make_unique<lms::Authority>(identity, s.ledger.get(), policy, Clock::System());
  lms::HttpServiceOptions options;
  options.port = 0;
  options.log = [](const std::string&) {};
  RELIC_ASSIGN_OR_RETURN(s.http, lms::HttpService::Start(s.authority.get(), options));
  return s;
}

void BM_Ed25519VerifyAllCores(benchmark::State& state) {
  const size_t count = static_cast<size_t>(state.range(0));
  auto keys = crypto::GenerateSigningKeyPair();
  Bytes message(300, 7);
  auto signature = crypto::Sign(keys.secret_key, message);
  for (auto _ : state) {
    bench::OnAllCores([&](std::atomic<size_t>& next) {
      while (next.fetch_add(1) < count) {
        benchmark::DoNotOptimize(crypto::Verify(keys.public_key, message, signature));
      }
    });
  }
  state.counters["verifications/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * count), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Ed25519VerifyAllCores)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_Restore(benchmark::State& state) {
  const size_t count = static_cast<size_t>(state.range(0));
  auto fixture = bench::EnsureStore(CacheDir(), count);
  if (!fixture.ok()) return state.SkipWithError(fixture.status().ToString().c_str());
  auto folder = bench::EnsureBackup(*fixture);
  if (!folder.ok()) return state.SkipWithError(folder.status().ToString().c_str());
  auto trust = bench::EnsureTrustDir(*fixture);
  if (!trust.ok()) return state.SkipWithError(trust.status().ToString().c_str());
  int round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string target = fixture->root + "/restore-target";
    std::filesystem::remove_all(target);
    auto service = StartService(*fixture, fixture->root + "/restore-ledger");
    if (!service.ok()) return state.SkipWithError(service.status().ToString().c_str());
    RestoreRequest request;
    request.home = target + "/home";
    request.home_options.installation_id_file = fixture->installation_id_file;
    request.home_options.system_trust_dir = *trust;
    request.folder = *folder;
    request.individualize = true;
    request.lms_url = service->http->url();
    ++round;
    state.ResumeTiming();
    auto op = StartRestore(request, [](const RestoreEvent&) {});
    if (!op.ok()) return state.SkipWithError(op.status().ToString().c_str());
    Status end = (*op)->Wait();
    if (!end.ok()) return state.SkipWithError(end.ToString().c_str());
  }
  state.counters["licenses/s"] = benchmark::Counter(static_cast<double>(state.iterations() * count),
                                                    benchmark::Counter::kIsRate);
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}
BENCHMARK(BM_Restore)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(2);

// The store's share of a restore, and nothing else: the fixture's licenses
// inserted as restored ones into a new machine's store, in one transaction,
// committed (durably, checkpoint included). Only the inserts and the commit
// are timed, not reading and parsing the fixture. A restore pays this on one
// core beside verification; docs/performance.md sets it against the floor.
void BM_RestoreStoreFloor(benchmark::State& state) {
  const size_t count = static_cast<size_t>(state.range(0));
  auto fixture = bench::EnsureStore(CacheDir(), count);
  if (!fixture.ok()) return state.SkipWithError(fixture.status().ToString().c_str());
  auto source = Db::Open(fixture->home + "/store.db", nullptr, /*create=*/false);
  if (!source.ok()) return state.SkipWithError(source.status().ToString().c_str());
  // What a restore stores beside the license: its grant (a batch's signed
  // root, the leaf and a 14-step path: about 730 bytes) and the wrapped key.
  Bytes grant(730);
  crypto::RandomFill(grant);
  Bytes wrapped_key(72);
  crypto::RandomFill(wrapped_key);
  for (auto _ : state) {
    const std::string home = fixture->root + "/store-floor";
    std::filesystem::remove_all(home);
    HomeOptions options;
    options.installation_id_file = fixture->installation_id_file;
    auto machine = Machine::Initialize(home, options);
    if (!machine.ok()) return state.SkipWithError(machine.status().ToString().c_str());
    SqliteStore& store = InternalStore(**machine);
    auto rows = (*source)->Prepare("SELECT license_file FROM licenses ORDER BY rowid");
    if (!rows.ok()) return state.SkipWithError(rows.status().ToString().c_str());
    std::chrono::steady_clock::duration spent{};
    auto timed = [&](auto&& work) {
      const auto start = std::chrono::steady_clock::now();
      Status s = work();
      spent += std::chrono::steady_clock::now() - start;
      return s;
    };
    std::unique_ptr<Transaction> txn;
    Status begun = timed([&] {
      auto t = Transaction::Begin(store.db());
      if (!t.ok()) return t.status();
      txn = std::move(t).value();
      return Status::Ok();
    });
    if (!begun.ok()) return state.SkipWithError(begun.ToString().c_str());
    while (true) {
      auto row = rows->Step();
      if (!row.ok()) return state.SkipWithError(row.status().ToString().c_str());
      if (!*row) break;
      SqliteStore::RestoredLicense restored;
      restored.license_file = rows->Blob(0);
      auto parsed = ParseLicenseFile(restored.license_file);
      if (!parsed.ok()) return state.SkipWithError(parsed.status().ToString().c_str());
      restored.parsed = std::move(parsed).value();
      restored.grant = grant;
      restored.wrapped_key = wrapped_key;
      Status inserted = timed([&] { return store.InsertRestored(restored, 0).status(); });
      if (!inserted.ok()) return state.SkipWithError(inserted.ToString().c_str());
    }
    Status committed = timed([&] { return txn->Commit(); });
    if (!committed.ok()) return state.SkipWithError(committed.ToString().c_str());
    state.SetIterationTime(std::chrono::duration<double>(spent).count());
    std::filesystem::remove_all(home);
  }
  state.counters["licenses/s"] = benchmark::Counter(static_cast<double>(state.iterations() * count),
                                                    benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RestoreStoreFloor)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(2);

// The service's decisions per second, committed to the ledger: concurrent
// clients, each asking again and again for the fixture's 1,000-license set
// to be restored onto a new machine (a fresh key pair per request, so every
// request adds 1,000 placements), under a policy the run cannot use up.
// Clients do only what the protocol needs (a challenge, a signed request,
// the answer's check), so the figure is the service's and its ledger's.
//
// Arguments: backend (0 SQLite, 1 PostgreSQL), nodes (services on one
// ledger, each with its own connection pool), clients. PostgreSQL needs
// RELIC_BENCH_PG_URL (scripts/bench-lms starts a server and sets it).
struct Requester {
  lms::RestoreRequest base;  // everything but the target and the challenge
};

Result<Requester> LoadRequester(const std::string& folder) {
  Requester r;
  RELIC_ASSIGN_OR_RETURN(auto reader, backup::BackupSetReader::Open(
                                          Env::Default(), folder + "/" + backup::kBackupFileName));
  r.base.header = reader->header_bytes();
  r.base.sealed_sections = reader->sealed_sections();
  RELIC_RETURN_IF_ERROR(reader->ForEachSection(
      backup::SectionKind::kIndex, 0,
      [&](const backup::BackupSetReader::Section& section, ByteView payload) {
        if (section.seq == 0) r.base.index_chunk.assign(payload.begin(), payload.end());
        return Status::Ok();
      }));
  return r;
}

// One committed decision for a new machine; the licenses granted.
Result<size_t> AuthoriseOnce(const Requester& requester, LmsClient& client) {
  const auto signing = crypto::GenerateSigningKeyPair();
  const auto box = crypto::GenerateBoxKeyPair();
  lms::RestoreRequest request = requester.base;
  request.target.signing = signing.public_key;
  request.target.encryption = box.public_key;
  RELIC_ASSIGN_OR_RETURN(request.challenge, client.Challenge());
  lms::Signed signed_request;
  signed_request.message = lms::EncodeRestoreRequest(request);
  signed_request.signature = crypto::Sign(signing.secret_key, signed_request.message);
  RELIC_ASSIGN_OR_RETURN(lms::Signed answer, client.Restore(signed_request));
  RELIC_ASSIGN_OR_RETURN(lms::RestoreAnswer decoded, lms::DecodeRestoreAnswer(answer.message));
  if (decoded.granted.empty()) return Status(Code::kRestoreFraud, "the service refused");
  return decoded.granted.size();
}

struct Nodes {
  std::vector<std::unique_ptr<lms::Ledger>> ledgers;
  std::vector<std::unique_ptr<lms::Authority>> authorities;
  std::vector<std::unique_ptr<lms::HttpService>> services;
};

constexpr std::chrono::seconds kQueueFor{120};

Result<Nodes> StartNodes(const bench::Fixture& f, int backend, int count) {
  RELIC_ASSIGN_OR_RETURN(auto identity, lms::OpenLmsIdentity(Env::Default(), f.lms_home));
  lms::Policy policy;
  RELIC_ASSIGN_OR_RETURN(IssuerPublicKey issuer, bench::FixtureIssuer(f));
  policy.issuers = {issuer};
  policy.max_machines = 100000000;
  policy.max_new_machines_per_day = 100000000;
  Nodes nodes;
  const std::string dir = f.root + "/authorisation-ledger";
  lms::LedgerLocation location;
  if (backend == 0) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  } else {
    const char* url = std::getenv("RELIC_BENCH_PG_URL");
    if (url == nullptr || *url == '\0') {
      return Status(Code::kInvalidArgument,
                    "set RELIC_BENCH_PG_URL to a PostgreSQL database (scripts/bench-lms does)");
    }
    RELIC_ASSIGN_OR_RETURN(location, lms::ParseLedgerUrl(url, lms::PasswordPolicy::kRefuse));
    RELIC_RETURN_IF_ERROR(lms::MigrateLedger(Env::Default(), location, "").status());
    // Each run starts from an empty ledger, as the SQLite one does.
    RELIC_ASSIGN_OR_RETURN(auto c, lms::PgConnection::Connect(location.conninfo, location.display,
                                                              std::chrono::seconds(5)));
    RELIC_RETURN_IF_ERROR(c->Exec("TRUNCATE placements, challenges").status());
    RELIC_RETURN_IF_ERROR(c->Exec("VACUUM ANALYZE placements").status());
  }
  for (int n = 0; n < count; ++n) {
    std::unique_ptr<lms::Ledger> ledger;
    if (backend == 0) {
      RELIC_ASSIGN_OR_RETURN(auto sqlite, lms::SqliteLedger::Open(Env::Default(), dir));
      ledger = std::move(sqlite);
    } else {
      // The default pool (8), but requests queue for a connection and for
      // the licenses' locks as long as the client waits (kQueueFor): the
      // figure is what the ledger decides at saturation, where every
      // request shares the set's licenses. With the service's defaults
      // (2 s for a connection, 10 s a statement), 32 clients on a loaded
      // machine wait longer, get 503 busy (docs/lms.md) and end the case.
      lms::LedgerOpenOptions open;
      open.acquire_timeout = kQueueFor;
      open.statement_timeout = kQueueFor;
      RELIC_ASSIGN_OR_RETURN(ledger, lms::OpenLedger(Env::Default(), location, "", open));
    }
    auto authority =
        std::make_unique<lms::Authority>(identity, ledger.get(), policy, Clock::System());
    lms::HttpServiceOptions options;
    options.port = 0;
    options.log = [](const std::string&) {};
    RELIC_ASSIGN_OR_RETURN(auto http, lms::HttpService::Start(authority.get(), options));
    nodes.ledgers.push_back(std::move(ledger));
    nodes.authorities.push_back(std::move(authority));
    nodes.services.push_back(std::move(http));
  }
  return nodes;
}

void BM_LmsAuthorisations(benchmark::State& state) {
  const int backend = static_cast<int>(state.range(0));
  const int node_count = static_cast<int>(state.range(1));
  const int clients = static_cast<int>(state.range(2));
  state.SetLabel(std::string(backend == 0 ? "sqlite" : "postgresql") +
                 " nodes:" + std::to_string(node_count) + " clients:" + std::to_string(clients));
  auto fixture = bench::EnsureStore(CacheDir(), 1000);
  if (!fixture.ok()) return state.SkipWithError(fixture.status().ToString().c_str());
  auto folder = bench::EnsureBackup(*fixture);
  if (!folder.ok()) return state.SkipWithError(folder.status().ToString().c_str());
  auto requester = LoadRequester(*folder);
  if (!requester.ok()) return state.SkipWithError(requester.status().ToString().c_str());
  auto nodes = StartNodes(*fixture, backend, node_count);
  if (!nodes.ok()) return state.SkipWithError(nodes.status().ToString().c_str());
  std::vector<std::unique_ptr<LmsClient>> http_clients;
  for (int c = 0; c < clients; ++c) {
    HttpClientOptions client_options;
    client_options.request_timeout = kQueueFor;
    auto client = NewHttpLmsClient(nodes->services[static_cast<size_t>(c % node_count)]->url(),
                                   client_options);
    if (!client.ok()) return state.SkipWithError(client.status().ToString().c_str());
    http_clients.push_back(std::move(client).value());
  }
  // Each iteration: every client makes 4 requests.
  constexpr int kPerClient = 4;
  std::atomic<uint64_t> licenses{0};
  for (auto _ : state) {
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    std::string failure;
    std::mutex failure_mu;
    for (int c = 0; c < clients; ++c) {
      threads.emplace_back([&, c] {
        for (int i = 0; i < kPerClient; ++i) {
          auto granted = AuthoriseOnce(*requester, *http_clients[static_cast<size_t>(c)]);
          if (!granted.ok()) {
            ++failures;
            std::lock_guard<std::mutex> lock(failure_mu);
            failure = granted.status().ToString();
            return;
          }
          licenses += *granted;
        }
      });
    }
    for (auto& t : threads) t.join();
    if (failures > 0) return state.SkipWithError(("a request failed: " + failure).c_str());
  }
  state.counters["licenses/s"] =
      benchmark::Counter(static_cast<double>(licenses.load()), benchmark::Counter::kIsRate);
  state.counters["requests/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * clients * kPerClient), benchmark::Counter::kIsRate);
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}
// No MinTime: one set here would override --benchmark_min_time, by which
// scripts/bench-lms (RELIC_BENCH_MIN_TIME) picks a quick check or the real
// measurement.
BENCHMARK(BM_LmsAuthorisations)
    ->ArgNames({"pg", "nodes", "clients"})
    ->Args({0, 1, 8})
    ->Args({0, 1, 32})
    ->Args({1, 1, 8})
    ->Args({1, 1, 32})
    ->Args({1, 4, 8})
    ->Args({1, 4, 32})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
