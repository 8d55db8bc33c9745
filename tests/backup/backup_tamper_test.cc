// SPDX-License-Identifier: Apache-2.0
// Adversary A3 with a crafted backup set: every single-bit change, every
// truncation, appended data, swapped chunks, and chunks or sealed key
// material spliced from another set are caught by offline verification,
// before anything else happens.
#include <gtest/gtest.h>

#include "backup/backup_set_codec.h"
#include "backup/backup_set_reader.h"
#include "backup_fixture.h"
#include "env/mem_env.h"

namespace relic::testing {
namespace {

using backup::BackupSetReader;
using backup::SectionKind;

struct Span {
  size_t start;  // the section head
  size_t end;
};

class BackupTamperTest : public BackupFixture {
 protected:
  // A small set (1 KiB chunks) in `folder`, returned as bytes.
  Bytes MakeSet(const std::string& folder) {
    std::filesystem::create_directories(folder);
    BackupRequest request = Request();
    request.folder = folder;
    request.chunk_size = 1024;
    request.overwrite = true;
    Status end = RunBackup(request).end;
    EXPECT_TRUE(end.ok()) << end.ToString();
    return ReadFileBytes(BackupSetPath(folder));
  }

  std::vector<Span> Sections(const std::string& folder, SectionKind kind, uint16_t group) {
    auto reader = BackupSetReader::Open(world_.env(), BackupSetPath(folder));
    EXPECT_TRUE(reader.ok());
    std::vector<Span> out;
    if (!reader.ok()) return out;
    EXPECT_TRUE((*reader)
                    ->ForEachSection(kind, group,
                                     [&](const BackupSetReader::Section& s, ByteView) {
                                       out.push_back(
                                           {static_cast<size_t>(s.payload_offset) - 11,
                                            static_cast<size_t>(s.payload_offset) + s.length});
                                       return Status::Ok();
                                     })
                    .ok());
    return out;
  }

  // Writes `bytes` as the set under test and expects verification to fail
  // closed. The cases run on a MemEnv: the same reader, without tens of
  // thousands of writes to the real disk.
  void ExpectRejected(const Bytes& bytes, const std::string& what) {
    {
      auto file = tamper_env_.OpenFile(BackupSetPath("/tampered"), OpenMode::kCreate);
      ASSERT_TRUE(file.ok()) << file.status().ToString();
      RELIC_ASSERT_OK((*file)->Truncate(0));
      RELIC_ASSERT_OK((*file)->WriteAt(0, bytes));
    }
    auto info = VerifyBackupSet("/tampered", &tamper_env_);
    ASSERT_FALSE(info.ok()) << what << " was accepted (set size " << bytes.size() << ")";
    EXPECT_TRUE(info.status().code() == Code::kBackupCorrupt ||
                info.status().code() == Code::kUnsupportedVersion)
        << what << ": " << info.status().ToString();
    ++cases_;
  }

  int cases_ = 0;
  MemEnv tamper_env_{&world_.clock()};
};

TEST_F(BackupTamperTest, EveryTamperingFailsClosed) {
  AddLicenses(6, Rights{.allow_backup = true});
  const Bytes set = MakeSet(Folder());
  const Bytes other = MakeSet(world_.Path("other"));  // same store, another set
  ASSERT_LT(set.size(), 16u * 1024) << "the tamper set should stay small";
  RELIC_ASSERT_OK(VerifyBackupSet(Folder()));

  RELIC_ASSERT_OK(tamper_env_.CreateDir("/tampered"));
  for (size_t i = 0; i < set.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes t = set;
      t[i] ^= static_cast<uint8_t>(1u << bit);
      ExpectRejected(t, "bit flip at " + std::to_string(i));
      if (HasFailure()) return;
    }
  }
  const int flips = cases_;
  for (size_t len = 0; len < set.size(); ++len) {
    ExpectRejected(Bytes(set.begin(), set.begin() + static_cast<std::ptrdiff_t>(len)),
                   "truncation to " + std::to_string(len));
    if (HasFailure()) return;
  }
  const int truncations = cases_ - flips;
  for (size_t extra : {size_t{1}, size_t{16}, size_t{4096}}) {
    Bytes t = set;
    t.insert(t.end(), extra, 0x5a);
    ExpectRejected(t, "garbage appended");
  }

  // Where each section is, read from the intact sets before any splice.
  WriteFileBytes(BackupSetPath(Folder()), set);
  auto chunks = Sections(Folder(), SectionKind::kData, backup::kNoGroup);
  auto masters = Sections(Folder(), SectionKind::kSealedMaster, 0);
  WriteFileBytes(BackupSetPath(world_.Path("other")), other);
  auto other_chunks = Sections(world_.Path("other"), SectionKind::kData, backup::kNoGroup);
  auto other_masters = Sections(world_.Path("other"), SectionKind::kSealedMaster, 0);
  // Two data chunks swapped (same order of bytes otherwise).
  ASSERT_GE(chunks.size(), 2u);
  {
    Bytes t(set.begin(), set.begin() + static_cast<std::ptrdiff_t>(chunks[0].start));
    t.insert(t.end(), set.begin() + static_cast<std::ptrdiff_t>(chunks[1].start),
             set.begin() + static_cast<std::ptrdiff_t>(chunks[1].end));
    t.insert(t.end(), set.begin() + static_cast<std::ptrdiff_t>(chunks[0].start),
             set.begin() + static_cast<std::ptrdiff_t>(chunks[0].end));
    t.insert(t.end(), set.begin() + static_cast<std::ptrdiff_t>(chunks[1].end), set.end());
    ExpectRejected(t, "data chunks swapped");
  }
  // A chunk or the sealed master taken from another set of the same
  // licenses, at the same place.
  auto splice = [&](const Span& mine, const Span& theirs, const std::string& what) {
    Bytes t(set.begin(), set.begin() + static_cast<std::ptrdiff_t>(mine.start));
    t.insert(t.end(), other.begin() + static_cast<std::ptrdiff_t>(theirs.start),
             other.begin() + static_cast<std::ptrdiff_t>(theirs.end));
    t.insert(t.end(), set.begin() + static_cast<std::ptrdiff_t>(mine.end), set.end());
    ExpectRejected(t, what);
  };
  for (size_t c = 0; c < std::min(chunks.size(), other_chunks.size()); ++c) {
    splice(chunks[c], other_chunks[c], "data chunk " + std::to_string(c) + " from another set");
  }
  ASSERT_EQ(masters.size(), 1u);
  splice(masters[0], other_masters[0], "sealed master from another set");
  std::printf(
      "backup-set tamper matrix: %d cases (%d bit flips, %d truncations, %d other), all "
      "rejected offline with backup_corrupt\n",
      cases_, flips, truncations, cases_ - flips - truncations);
}

}  // namespace
}  // namespace relic::testing
