// Backup throughput (licenses/s) at 10,000 and 100,000 licenses. Fixtures
// are cached under $RELIC_BENCH_DIR (default /tmp/relic-bench).
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdlib>
#include <filesystem>

#include "fixture.h"
#include "relic/backup.h"

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
  state.counters["licenses/s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * count),
                         benchmark::Counter::kIsRate);
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}
BENCHMARK(BM_Backup)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
