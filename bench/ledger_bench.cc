// SPDX-License-Identifier: Apache-2.0
// The support desk's lookups in a large ledger: a ledger of
// $RELIC_LEDGER_BENCH_PLACEMENTS placements (default 10 million: 2.5
// million licenses on four machines each, spread over 1 million machines,
// and one refused batch per 100 licenses) is filled through the Ledger
// interface, in transactions of 50,000 rows, and cached in
// $RELIC_BENCH_DIR/ledger-N. Each benchmark then looks up a random license,
// machine or refusal reference, one page of up to 100 rows.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <vector>

#include "lms/sqlite_ledger.h"

namespace {

using namespace relic;

constexpr int64_t kStart = 1'780'000'000;
constexpr size_t kBatch = 50'000;

size_t Placements() {
  const char* n = std::getenv("RELIC_LEDGER_BENCH_PLACEMENTS");
  return n && *n ? std::strtoull(n, nullptr, 10) : 10'000'000;
}

std::string Dir() {
  const char* dir = std::getenv("RELIC_BENCH_DIR");
  return std::string(dir && *dir ? dir : "/tmp/relic-bench") + "/ledger-" +
         std::to_string(Placements());
}

// Deterministic, so a cached ledger and a new run agree on what exists.
LicenseId LicenseAt(uint64_t i) {
  LicenseId id;
  std::mt19937_64 rng(i * 2 + 1);
  for (size_t k = 0; k < 16; k += 8) {
    const uint64_t v = rng();
    std::memcpy(id.bytes.data() + k, &v, 8);
  }
  return id;
}

std::string MachineAt(uint64_t i) {
  char buffer[33];
  std::snprintf(buffer, sizeof buffer, "%016llx%016llx",
                static_cast<unsigned long long>(i * 0x9e3779b97f4a7c15ULL),
                static_cast<unsigned long long>(i));
  return buffer;
}

std::string ReferenceAt(uint64_t i) {
  char buffer[19];
  std::snprintf(buffer, sizeof buffer, "rf%016llx", static_cast<unsigned long long>(i));
  return buffer;
}

struct BenchLedger {
  std::unique_ptr<lms::SqliteLedger> ledger;
  uint64_t licenses = 0;
  uint64_t machines = 0;
};

BenchLedger& Ledger() {
  static BenchLedger* shared = [] {
    auto* b = new BenchLedger;
    const std::string dir = Dir();
    const bool cached = std::filesystem::exists(dir + "/complete");
    if (!cached) std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto opened = lms::SqliteLedger::Open(Env::Default(), dir);
    if (!opened.ok()) {
      std::fprintf(stderr, "ledger_bench: %s\n", opened.status().ToString().c_str());
      std::exit(1);
    }
    b->ledger = std::move(opened).value();
    b->licenses = Placements() / 4;
    b->machines = std::max<uint64_t>(1, b->licenses * 2 / 5);
    if (cached) return b;
    const auto start = std::chrono::steady_clock::now();
    uint64_t next = 0;
    while (next < b->licenses) {
      const uint64_t end = std::min<uint64_t>(b->licenses, next + kBatch / 4);
      // One multi-row write of placements and one of refusals per
      // transaction, as the service writes a batch.
      std::vector<lms::Placement> placements;
      std::vector<lms::RefusalRecord> refusals;
      placements.reserve((end - next) * 4);
      for (uint64_t i = next; i < end; ++i) {
        const LicenseId license = LicenseAt(i);
        Kid kid;
        std::memcpy(kid.bytes.data(), license.bytes.data(), 16);
        kid.bytes[0] ^= 0xff;
        for (uint64_t m = 0; m < 4; ++m) {
          placements.push_back({license, kid, MachineAt((i * 4 + m) % b->machines),
                                kStart + static_cast<int64_t>(i * 4 + m), m == 0});
        }
        if (i % 100 == 0) {
          refusals.push_back({ReferenceAt(i / 100), license, kid, MachineAt(i % b->machines),
                              "machine-limit", kStart + static_cast<int64_t>(i * 4), "bench"});
        }
      }
      Status s = b->ledger->Transact(
          [&](lms::LedgerTransaction& txn) -> Status {
            RELIC_RETURN_IF_ERROR(txn.AddPlacements(placements));
            return txn.AddRefusals(refusals, {3650, 1'000'000'000});
          },
          true);
      if (!s.ok()) {
        std::fprintf(stderr, "ledger_bench: fill: %s\n", s.ToString().c_str());
        std::exit(1);
      }
      if (end * 10 / b->licenses != next * 10 / b->licenses) {
        std::fprintf(stderr, "ledger_bench: filling: %llu of %llu placements\n",
                     static_cast<unsigned long long>(end * 4),
                     static_cast<unsigned long long>(b->licenses * 4));
      }
      next = end;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "ledger_bench: filled %llu placements in %.0f s (%.0f a second)\n",
                 static_cast<unsigned long long>(b->licenses * 4), seconds,
                 static_cast<double>(b->licenses * 4) / seconds);
    std::FILE* done = std::fopen((dir + "/complete").c_str(), "w");
    if (done) std::fclose(done);
    return b;
  }();
  return *shared;
}

template <typename Find>
void Lookup(benchmark::State& state, Find&& find) {
  BenchLedger& b = Ledger();
  std::mt19937_64 rng(42);
  size_t rows = 0;
  for (auto _ : state) {
    auto page = find(b, rng);
    if (!page.ok() || page->rows.empty()) {
      state.SkipWithError("a lookup found nothing");
      return;
    }
    rows += page->rows.size();
    benchmark::DoNotOptimize(page);
  }
  state.counters["rows_per_lookup"] =
      static_cast<double>(rows) / static_cast<double>(std::max<int64_t>(1, state.iterations()));
}

void BM_LookupByLicense(benchmark::State& state) {
  Lookup(state, [](BenchLedger& b, std::mt19937_64& rng) {
    lms::LedgerQuery q;
    q.license = LicenseAt(rng() % b.licenses);
    return b.ledger->FindPlacements(q);
  });
}

void BM_LookupByMachine(benchmark::State& state) {
  Lookup(state, [](BenchLedger& b, std::mt19937_64& rng) {
    lms::LedgerQuery q;
    q.machine = MachineAt(rng() % b.machines);
    return b.ledger->FindPlacements(q);
  });
}

void BM_LookupByRefusalReference(benchmark::State& state) {
  Lookup(state, [](BenchLedger& b, std::mt19937_64& rng) {
    lms::LedgerQuery q;
    q.reference = ReferenceAt(rng() % ((b.licenses + 99) / 100));
    return b.ledger->FindRefusals(q);
  });
}

void BM_LookupByKid(benchmark::State& state) {
  Lookup(state, [](BenchLedger& b, std::mt19937_64& rng) {
    lms::LedgerQuery q;
    const LicenseId license = LicenseAt(rng() % b.licenses);
    Kid kid;
    std::memcpy(kid.bytes.data(), license.bytes.data(), 16);
    kid.bytes[0] ^= 0xff;
    q.kid = kid;
    return b.ledger->FindPlacements(q);
  });
}

// The second page of a machine's placements, through the cursor.
void BM_SecondPageByMachine(benchmark::State& state) {
  Lookup(state,
         [](BenchLedger& b, std::mt19937_64& rng) -> Result<lms::LedgerPage<lms::Placement>> {
           lms::LedgerQuery q;
           q.machine = MachineAt(rng() % b.machines);
           q.limit = 5;
           RELIC_ASSIGN_OR_RETURN(auto first, b.ledger->FindPlacements(q));
           q.after = first.next.empty() ? std::optional<std::string>() : first.next;
           if (!q.after) return first;
           return b.ledger->FindPlacements(q);
         });
}

BENCHMARK(BM_LookupByLicense)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_LookupByMachine)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_LookupByKid)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_LookupByRefusalReference)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SecondPageByMachine)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
