// SPDX-License-Identifier: Apache-2.0
// An LMS grant: the service signs, once per batch, the Merkle root of the
// licenses it approved for one target machine; each restored license keeps
// its own leaf and the path to that root, so the store can check it license
// by license like the issuer's signature (docs/formats/lms-protocol.md).
// A format, not part of the service: the store checks grants and must not
// depend on the LMS.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "crypto/crypto.h"
#include "relic/ids.h"

namespace relic::lms {

using Hash = std::array<uint8_t, 32>;

struct GrantLeaf {
  LicenseId license_id;
  Hash body_hash{};         // BLAKE2b-256 of the issuer-signed body
  uint32_t plays_used = 0;  // the granted secure state
};

// What the LMS signs for a batch.
struct GrantRoot {
  Hash root{};
  MachinePublicKey target;
  int64_t lms_time = 0;
  Hash request_hash{};
  uint32_t leaf_count = 0;
  bool dry_run = false;
};
Bytes EncodeGrantRoot(const GrantRoot& root);
Result<GrantRoot> DecodeGrantRoot(ByteView bytes);

Hash LeafHash(const GrantLeaf& leaf);

struct ProofStep {
  bool sibling_on_left = false;
  Hash sibling{};
};

// A Merkle tree over leaf hashes, built once per batch (an odd node is
// carried up unchanged), from which each leaf's path is read in O(log n).
class MerkleTree {
 public:
  explicit MerkleTree(std::vector<Hash> leaves);
  const Hash& root() const { return root_; }
  std::vector<ProofStep> Proof(size_t index) const;

 private:
  std::vector<std::vector<Hash>> levels_;  // levels_[0] are the leaves
  Hash root_{};
};

Hash RootFromProof(const Hash& leaf, const std::vector<ProofStep>& proof);

// One license's proof of approval, as the store keeps it.
struct LicenseGrant {
  Bytes root_bytes;  // EncodeGrantRoot, exactly as signed
  crypto::Signature signature{};
  GrantLeaf leaf;
  std::vector<ProofStep> proof;
  GrantRoot root;  // decoded root_bytes
};
Bytes EncodeLicenseGrant(const LicenseGrant& grant);
Result<LicenseGrant> DecodeLicenseGrant(ByteView bytes);

// Checks a license grant against the LMS key named in the license body, the
// body itself and the machine that stores it. kBadSignature names what
// fails.
Status VerifyLicenseGrant(const LicenseGrant& grant, const LmsPublicKey& lms,
                          const LicenseId& license_id, const Hash& body_hash,
                          const MachinePublicKey& this_machine);

}  // namespace relic::lms
