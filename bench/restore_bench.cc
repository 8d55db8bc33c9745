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
#include <thread>

#include "all_cores.h"
#include "crypto/crypto.h"
#include "fixture.h"
#include "format/license_format.h"
#include "lms/authority.h"
#include "lms/http_service.h"
#include "lms/sqlite_ledger.h"
#include "machine/machine_internal.h"
#include "relic/machine.h"
#include "relic/restore.h"
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

// Concurrent clients, each restoring a 1,000-license set onto its own new
// machine again and again: authorisation requests and licenses per second.
void BM_LmsAuthorisations(benchmark::State& state) {
  const int clients = static_cast<int>(state.range(0));
  auto fixture = bench::EnsureStore(CacheDir(), 1000);
  if (!fixture.ok()) return state.SkipWithError(fixture.status().ToString().c_str());
  auto folder = bench::EnsureBackup(*fixture);
  auto trust = bench::EnsureTrustDir(*fixture);
  if (!folder.ok() || !trust.ok()) return state.SkipWithError("fixture");
  auto service = StartService(*fixture, fixture->root + "/authorisation-ledger");
  if (!service.ok()) return state.SkipWithError(service.status().ToString().c_str());
  std::atomic<int> serial{0};
  for (auto _ : state) {
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int c = 0; c < clients; ++c) {
      threads.emplace_back([&] {
        const std::string target =
            fixture->root + "/auth-target-" + std::to_string(serial.fetch_add(1));
        std::filesystem::remove_all(target);
        RestoreRequest request;
        request.home = target;
        request.home_options.installation_id_file = fixture->installation_id_file;
        request.home_options.system_trust_dir = *trust;
        request.folder = *folder;
        request.individualize = true;
        request.dry_run = true;  // authorisation only: no store writes on the client
        request.lms_url = service->http->url();
        auto op = StartRestore(request, [](const RestoreEvent&) {});
        if (!op.ok() || !(*op)->Wait().ok()) ++failures;
        std::filesystem::remove_all(target);
      });
    }
    for (auto& t : threads) t.join();
    if (failures > 0) return state.SkipWithError("a restore failed");
  }
  state.counters["authorisations/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * clients), benchmark::Counter::kIsRate);
  state.counters["licenses/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * clients * 1000), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_LmsAuthorisations)->Arg(8)->Arg(32)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
