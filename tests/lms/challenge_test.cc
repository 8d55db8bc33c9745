// SPDX-License-Identifier: Apache-2.0
// The service's challenges cost it nothing durable until a request uses
// one (issue 12, part 5): anyone who can reach the port (adversary A3) may
// ask for as many as they like; only a challenge this service made, not
// expired and not used before on any node, lets a request through, and only
// that use is recorded, until the challenge expires.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "lms/authority.h"
#include "lms/challenge_mint.h"
#include "lms/sqlite_ledger.h"
#include "lms_world.h"
#include "raw_http.h"
#include "serve_process.h"
#include "support/test_support.h"

namespace relic::testing {
namespace {

using std::chrono::milliseconds;

// Every file of the service's home, in bytes: the ledger and its journal.
uintmax_t HomeBytes(const std::string& home) {
  uintmax_t total = 0;
  for (const auto& entry : std::filesystem::directory_iterator(home)) {
    if (entry.is_regular_file()) total += entry.file_size();
  }
  return total;
}

size_t ChallengeRows(lms::Ledger& ledger) {
  size_t rows = 0;
  EXPECT_TRUE(ledger
                  .ExportRows([&](const lms::LedgerRow& r) {
                    if (r.table == "challenges") ++rows;
                    return Status::Ok();
                  })
                  .ok());
  return rows;
}

// A3 floods GET /v1/challenge: 100,000 answers on keep-alive connections,
// and the ledger does not grow by a single byte (the bound docs/lms.md
// states).
TEST(ChallengeFloodTest, ManyChallengesWriteNothingToTheLedger) {
  LmsWorld world;
  ServeProcess serve({"serve", "--home", world.lms_home(), "--listen", "127.0.0.1:0"},
                     world.world().Path("serve.err"));
  const std::string url = serve.WaitReady();
  ASSERT_FALSE(url.empty()) << serve.Stderr();
  const int port = std::stoi(url.substr(url.rfind(':') + 1));
  auto first = RoundTrip(port, HttpRequest("GET", "/v1/challenge"));
  ASSERT_TRUE(first.has_value());
  ASSERT_EQ(first->status, 200);
  const uintmax_t before = HomeBytes(world.lms_home());

  constexpr int kChallenges = 100'000;
  constexpr int kPerBurst = 100;  // requests written before their answers are read
  std::string burst;
  for (int i = 0; i < kPerBurst; ++i) burst += HttpRequest("GET", "/v1/challenge");
  int answered = 0;
  std::optional<RawConnection> connection;
  const auto start = std::chrono::steady_clock::now();
  while (answered < kChallenges) {
    if (!connection || !connection->ok()) connection.emplace(port);
    ASSERT_TRUE(connection->ok());
    if (!connection->Send(burst)) {
      connection.reset();  // the service ended a kept-alive connection
      continue;
    }
    int got = 0;
    for (; got < kPerBurst; ++got) {
      auto response = connection->ReadResponse(milliseconds(10000));
      if (!response) break;
      ASSERT_EQ(response->status, 200) << response->body;
      ++answered;
    }
    if (got < kPerBurst) connection.reset();
  }
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const uintmax_t after = HomeBytes(world.lms_home());
  std::printf("%d challenges in %.1f s; the service's home went from %ju to %ju bytes\n", answered,
              seconds, before, after);
  EXPECT_EQ(after, before);
  EXPECT_EQ(serve.Terminate(), 0);
  auto ledger = lms::SqliteLedger::Open(world.world().env(), world.lms_home());
  RELIC_ASSERT_OK(ledger);
  EXPECT_EQ(ChallengeRows(**ledger), 0u);
}

// A2 (on the path) or A3 (bytes of its own) changes a challenge's expiry,
// or brings one minted by another service: each is stale, and the ledger records nothing.
TEST(ChallengeMacTest, ForgedOrForeignChallengesAreStaleAndRecordNothing) {
  LmsWorld world;
  auto authority = world.NewAuthority();
  ASSERT_NE(authority, nullptr);
  auto target = world.NewTarget("target");
  auto challenge = authority->NewChallenge();
  RELIC_ASSERT_OK(challenge);

  std::array<uint8_t, 32> later = *challenge;
  later[15] ^= 0x01;  // the expiry's last byte
  std::array<uint8_t, 32> random{};
  crypto::RandomFill(random);
  const lms::ChallengeMint other(crypto::GenerateSigningKeyPair());
  const auto foreign = other.Mint(world.world().clock().NowUnixSeconds() + 300);
  for (const auto& forged : {later, random, foreign}) {
    auto answer = authority->Authorize(world.BuildRequest(*target, forged));
    ASSERT_FALSE(answer.ok());
    EXPECT_EQ(answer.status().code(), Code::kStaleChallenge);
    EXPECT_EQ(answer.status().message(),
              "the restore request's challenge is unknown, already used or expired (a replayed "
              "or late request); get a fresh challenge and ask again");
  }
  world.CloseLedger();
  auto ledger = lms::SqliteLedger::Open(world.world().env(), world.lms_home());
  RELIC_ASSERT_OK(ledger);
  EXPECT_EQ(ChallengeRows(**ledger), 0u);
  size_t placements = 0;
  RELIC_ASSERT_OK((*ledger)->ForEachPlacement([&](const lms::Placement&) { ++placements; }));
  EXPECT_EQ(placements, 0u);
}

// A2 replays a captured request: stale on every node sharing the ledger,
// and so is a request that comes after its challenge's lifetime.
TEST(ChallengeMacTest, AnExpiredOrUsedChallengeIsStaleOnEveryNode) {
  LmsWorld world;
  auto node_a = world.NewAuthority();
  ASSERT_NE(node_a, nullptr);
  auto ledger_b = lms::SqliteLedger::Open(world.world().env(), world.lms_home());
  RELIC_ASSERT_OK(ledger_b);
  auto node_b = world.NewAuthority(ledger_b->get(), world.ServedPolicy());
  auto target = world.NewTarget("target");

  auto late = node_a->NewChallenge();
  auto used = node_a->NewChallenge();
  RELIC_ASSERT_OK(late);
  RELIC_ASSERT_OK(used);
  // Node B checks node A's challenge: they share the service's keys.
  RELIC_ASSERT_OK(node_b->Authorize(world.BuildRequest(*target, *used)));
  for (auto* node : {node_a.get(), node_b.get()}) {
    auto again = node->Authorize(world.BuildRequest(*target, *used));
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.status().code(), Code::kStaleChallenge);
  }
  world.world().clock().Advance(lms::Policy{}.challenge_ttl_seconds + 1);
  auto expired = node_a->Authorize(world.BuildRequest(*target, *late));
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.status().code(), Code::kStaleChallenge);
  // The used challenge's row goes with the next use once it has expired.
  auto fresh = node_a->NewChallenge();
  RELIC_ASSERT_OK(fresh);
  RELIC_ASSERT_OK(node_a->Authorize(world.BuildRequest(*target, *fresh)));
  EXPECT_EQ(ChallengeRows(**ledger_b), 1u);
}

}  // namespace
}  // namespace relic::testing
