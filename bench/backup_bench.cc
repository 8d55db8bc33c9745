// SPDX-License-Identifier: Apache-2.0
// Backup throughput (licenses/s) at 10,000 and 100,000 licenses. Fixtures
// are cached under $RELIC_BENCH_DIR (default /tmp/relic-bench).
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "all_cores.h"
#include "backup/backup_keys.h"
#include "backup/backup_set_codec.h"
#include "crypto/blake2b.h"
#include "crypto/crypto.h"
#include "fixture.h"
#include "relic/backup.h"
#include "store/sqlite_db.h"

namespace {

std::string CacheDir() {
  const char* dir = std::getenv("RELIC_BENCH_DIR");
  return dir && *dir ? dir : "/tmp/relic-bench";
}

void BM_Backup(benchmark::State& state) {
  const size_t count = static_cast<size_t>(state.range(0));
  auto fixture = relic::bench::EnsureStore(CacheDir(), count);
  if (!fixture.ok()) {
    state.SkipWithError(fixture.status().ToString().c_str());
    return;
  }
  const std::string folder = fixture->root + "/backup";
  std::filesystem::create_directories(folder);
  relic::BackupRequest request;
  request.home = fixture->home;
  request.home_options.installation_id_file = fixture->installation_id_file;
  request.folder = folder;
  request.overwrite = true;
  for (auto _ : state) {
    auto op = relic::StartBackup(request, [](const relic::BackupEvent&) {});
    if (!op.ok()) {
      state.SkipWithError(op.status().ToString().c_str());
      return;
    }
    relic::Status end = (*op)->Wait();
    if (!end.ok()) {
      state.SkipWithError(end.ToString().c_str());
      return;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * count));
  state.counters["licenses/s"] = benchmark::Counter(static_cast<double>(state.iterations() * count),
                                                    benchmark::Counter::kIsRate);
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}
BENCHMARK(BM_Backup)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

// The cryptography the set format asks of each license, and nothing else,
// on all cores: open the stored content key, hash the body for the index,
// derive the LMS's and the owner's parts and the record key, seal the
// record and hash it into its section. Whatever a backup does besides (the
// store scan, the writes) comes on top; docs/performance.md compares this
// floor with the manual copy.
void BM_BackupCryptoFloor(benchmark::State& state) {
  const size_t count = static_cast<size_t>(state.range(0));
  relic::crypto::SymmetricKey storage_key{};
  relic::crypto::SymmetricKey master{};
  relic::crypto::RandomFill(storage_key);
  relic::crypto::RandomFill(master);
  relic::backup::SetId set_id{};
  relic::crypto::RandomFill(set_id);
  relic::crypto::SymmetricKey content_key{};
  relic::crypto::RandomFill(content_key);
  const relic::Bytes wrap_ad(48, 1);
  const relic::Bytes wrapped = relic::crypto::AeadEncrypt(
      storage_key, relic::ByteView(content_key.data(), content_key.size()), wrap_ad);
  // A real license of the fixture, for the sizes hashed and sealed.
  auto fixture = relic::bench::EnsureStore(CacheDir(), count);
  if (!fixture.ok()) return state.SkipWithError(fixture.status().ToString().c_str());
  auto store = relic::Db::Open(fixture->home + "/store.db", nullptr, /*create=*/false);
  if (!store.ok()) return state.SkipWithError(store.status().ToString().c_str());
  auto first = (*store)->Prepare("SELECT license_file FROM licenses LIMIT 1");
  if (!first.ok()) return state.SkipWithError(first.status().ToString().c_str());
  auto row = first->Step();
  if (!row.ok() || !*row) return state.SkipWithError("the fixture store holds no license");
  const relic::Bytes license_file(first->Blob(0).begin(), first->Blob(0).end());
  for (auto _ : state) {
    relic::bench::OnAllCores([&](std::atomic<size_t>& next) {
      relic::crypto::Blake2b section(32);
      relic::Bytes sealed;
      for (size_t i; (i = next.fetch_add(1)) < count;) {
        relic::LicenseId id{};
        std::memcpy(id.bytes.data(), &i, sizeof i);
        auto key = relic::crypto::AeadDecrypt(storage_key, wrapped, wrap_ad);
        benchmark::DoNotOptimize(relic::crypto::Hash256(license_file));
        const auto lms_part = relic::backup::LmsPart(master, set_id, id);
        const auto owner_part = relic::backup::OwnerPart(nullptr, set_id, id);
        const auto keys = relic::backup::DeriveRecordKeys(lms_part, owner_part);
        relic::crypto::SymmetricKey opened{};
        std::memcpy(opened.data(), key->data(), opened.size());
        const relic::Bytes plain =
            relic::backup::EncodeRecord(license_file, {}, 0, std::nullopt, opened);
        sealed.clear();  // SealRecordTo appends
        relic::backup::SealRecordTo(keys.key, plain,
                                    relic::backup::RecordAssociatedData(set_id, id), sealed);
        section.Update(sealed);
      }
      std::array<uint8_t, 32> digest = section.Final256();
      benchmark::DoNotOptimize(digest);
    });
  }
  state.counters["licenses/s"] = benchmark::Counter(static_cast<double>(state.iterations() * count),
                                                    benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BackupCryptoFloor)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
