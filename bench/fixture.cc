// SPDX-License-Identifier: Apache-2.0
#include "fixture.h"

#include <sys/stat.h>

#include <fstream>

#include <cstdio>
#include <fstream>
#include <thread>
#include <vector>

#include "lms/lms_identity.h"
#include "relic/backup.h"
#include "relic/relic.h"
#include "store/schema.h"

namespace relic::bench {
namespace {

bool Exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

}  // namespace

Result<Fixture> EnsureStore(const std::string& cache_dir, size_t count) {
  Fixture f;
  // The schema version in the name: a store built by an older relic is
  // rebuilt, not misread.
  f.root =
      cache_dir + "/store-v" + std::to_string(kStoreSchemaVersion) + "-" + std::to_string(count);
  f.home = f.root + "/home";
  f.installation_id_file = f.root + "/machine-id";
  f.lms_home = f.root + "/lms";
  const std::string done_marker = f.root + "/complete";
  if (Exists(done_marker)) return f;

  ::mkdir(cache_dir.c_str(), 0700);
  std::string wipe = "rm -rf '" + f.root + "'";
  if (std::system(wipe.c_str()) != 0) return Status(Code::kIoError, "cannot clear " + f.root);
  ::mkdir(f.root.c_str(), 0700);
  {
    std::ofstream id(f.installation_id_file);
    id << "0123456789abcdef0123456789abcdef\n";
  }
  HomeOptions options;
  options.installation_id_file = f.installation_id_file;
  options.system_trust_dir = f.root + "/no-trust";
  RELIC_ASSIGN_OR_RETURN(auto lms, lms::CreateLmsIdentity(Env::Default(), f.lms_home));
  RELIC_ASSIGN_OR_RETURN(auto issuer, Issuer::Create(f.root + "/issuer"));
  RELIC_ASSIGN_OR_RETURN(auto machine, Machine::Initialize(f.home, options));
  RELIC_RETURN_IF_ERROR(machine->store().TrustIssuer(issuer->public_key()));
  {
    std::ofstream plain(f.root + "/content");
    plain << "relic benchmark content\n";
  }
  RELIC_ASSIGN_OR_RETURN(Kid kid, issuer->Package(f.root + "/content", f.root + "/content.pkg"));

  LmsInfo lms_info{lms.public_key(), "https://lms.example.test/restore"};
  constexpr size_t kBatch = 5000;
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  for (size_t start = 0; start < count; start += kBatch) {
    const size_t n = std::min(kBatch, count - start);
    std::vector<Bytes> files(n);
    std::vector<Status> errors(threads);
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        for (size_t i = t; i < n; i += threads) {
          IssueRequest request;
          request.kid = kid;
          request.machine = machine->public_key();
          request.rights.allow_backup = true;
          request.rights.play_count = 10;
          request.lms = lms_info;
          auto file = issuer->Issue(request);
          if (!file.ok()) {
            errors[t] = file.status();
            return;
          }
          files[i] = std::move(file).value();
        }
      });
    }
    for (auto& w : workers) w.join();
    for (const auto& e : errors) RELIC_RETURN_IF_ERROR(e);
    RELIC_RETURN_IF_ERROR(machine->store().AddLicenses(files).status());
    std::fprintf(stderr, "\rfixture: %zu of %zu licenses", start + n, count);
  }
  std::fprintf(stderr, "\n");
  std::ofstream(done_marker) << "ok\n";
  return f;
}

Result<std::string> EnsureBackup(const Fixture& f) {
  // Always written anew (it takes a second at most): a cached set could be
  // in an older layout than this build reads.
  const std::string folder = f.root + "/backup";
  ::mkdir(folder.c_str(), 0700);
  BackupRequest request;
  request.home = f.home;
  request.home_options.installation_id_file = f.installation_id_file;
  request.folder = folder;
  request.overwrite = true;
  RELIC_ASSIGN_OR_RETURN(auto op, StartBackup(request, [](const BackupEvent&) {}));
  RELIC_RETURN_IF_ERROR(op->Wait());
  return folder;
}

Result<std::string> EnsureTrustDir(const Fixture& f) {
  const std::string dir = f.root + "/trust";
  ::mkdir(dir.c_str(), 0700);
  RELIC_ASSIGN_OR_RETURN(auto issuer, Issuer::Open(f.root + "/issuer"));
  std::ofstream(dir + "/issuer.key") << issuer->public_key().ToString() << "\n";
  return dir;
}

Result<IssuerPublicKey> FixtureIssuer(const Fixture& f) {
  RELIC_ASSIGN_OR_RETURN(auto issuer, Issuer::Open(f.root + "/issuer"));
  return issuer->public_key();
}

}  // namespace relic::bench
