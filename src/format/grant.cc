// SPDX-License-Identifier: Apache-2.0
#include "format/grant.h"

#include <cstring>

#include "base/byte_io.h"

namespace relic::lms {
namespace {

constexpr std::string_view kRootMagic = "RGT1";
constexpr std::string_view kGrantMagic = "RGP1";
constexpr uint16_t kVersion = 1;
constexpr size_t kMaxProofSteps = 40;

Hash HashOf(std::string_view label, std::initializer_list<ByteView> parts) {
  Bytes message = crypto::Labeled(label, parts);
  return crypto::Hash256(message);
}

Status BadGrant(const std::string& why) {
  return Status(Code::kBadSignature, "the License Management Service grant " + why +
                                         "; the license cannot be accepted on this machine");
}

}  // namespace

Bytes EncodeGrantRoot(const GrantRoot& root) {
  ByteWriter w;
  w.Raw(kRootMagic);
  w.U16(kVersion);
  w.Raw(root.root);
  w.Raw(root.target.encryption);
  w.Raw(root.target.signing);
  w.I64(root.lms_time);
  w.Raw(root.request_hash);
  w.U32(root.leaf_count);
  w.U8(root.dry_run ? 1 : 0);
  return w.Take();
}

Result<GrantRoot> DecodeGrantRoot(ByteView bytes) {
  ByteReader r(bytes, "grant root");
  RELIC_ASSIGN_OR_RETURN(ByteView magic, r.Raw(kRootMagic.size()));
  if (std::memcmp(magic.data(), kRootMagic.data(), kRootMagic.size()) != 0) {
    return Status(Code::kMalformed, "not a grant root");
  }
  RELIC_ASSIGN_OR_RETURN(uint16_t version, r.U16());
  if (version != kVersion) return Status(Code::kUnsupportedVersion, "grant root version");
  GrantRoot root;
  RELIC_RETURN_IF_ERROR(r.Into(root.root));
  RELIC_RETURN_IF_ERROR(r.Into(root.target.encryption));
  RELIC_RETURN_IF_ERROR(r.Into(root.target.signing));
  RELIC_ASSIGN_OR_RETURN(root.lms_time, r.I64());
  RELIC_RETURN_IF_ERROR(r.Into(root.request_hash));
  RELIC_ASSIGN_OR_RETURN(root.leaf_count, r.U32());
  RELIC_ASSIGN_OR_RETURN(uint8_t dry, r.U8());
  if (dry > 1) return Status(Code::kMalformed, "grant root flag");
  root.dry_run = dry == 1;
  RELIC_RETURN_IF_ERROR(r.ExpectEnd());
  return root;
}

Hash LeafHash(const GrantLeaf& leaf) {
  ByteWriter w;
  w.U32(leaf.plays_used);
  return HashOf("relic grant leaf v1", {leaf.license_id.bytes, leaf.body_hash, w.bytes()});
}

MerkleTree::MerkleTree(std::vector<Hash> leaves) {
  if (leaves.empty()) {
    root_ = HashOf("relic grant empty v1", {});
    return;
  }
  levels_.push_back(std::move(leaves));
  while (levels_.back().size() > 1) {
    const std::vector<Hash>& level = levels_.back();
    std::vector<Hash> next;
    next.reserve((level.size() + 1) / 2);
    for (size_t i = 0; i + 1 < level.size(); i += 2) {
      next.push_back(HashOf("relic grant node v1", {level[i], level[i + 1]}));
    }
    if (level.size() % 2 == 1) next.push_back(level.back());
    levels_.push_back(std::move(next));
  }
  root_ = levels_.back()[0];
}

std::vector<ProofStep> MerkleTree::Proof(size_t index) const {
  std::vector<ProofStep> proof;
  for (size_t l = 0; l + 1 < levels_.size(); ++l) {
    const size_t sibling = index ^ 1;
    if (sibling < levels_[l].size()) {
      proof.push_back(
          ProofStep{.sibling_on_left = sibling < index, .sibling = levels_[l][sibling]});
    }
    index /= 2;
  }
  return proof;
}

Hash RootFromProof(const Hash& leaf, const std::vector<ProofStep>& proof) {
  Hash node = leaf;
  for (const auto& step : proof) {
    node = step.sibling_on_left ? HashOf("relic grant node v1", {step.sibling, node})
                                : HashOf("relic grant node v1", {node, step.sibling});
  }
  return node;
}

Bytes EncodeLicenseGrant(const LicenseGrant& grant) {
  ByteWriter w;
  w.Raw(kGrantMagic);
  w.U16(kVersion);
  w.Blob16(grant.root_bytes);
  w.Raw(grant.signature);
  w.Raw(grant.leaf.license_id.bytes);
  w.Raw(grant.leaf.body_hash);
  w.U32(grant.leaf.plays_used);
  w.U8(static_cast<uint8_t>(grant.proof.size()));
  for (const auto& step : grant.proof) {
    w.U8(step.sibling_on_left ? 1 : 0);
    w.Raw(step.sibling);
  }
  return w.Take();
}

Result<LicenseGrant> DecodeLicenseGrant(ByteView bytes) {
  ByteReader r(bytes, "license grant");
  RELIC_ASSIGN_OR_RETURN(ByteView magic, r.Raw(kGrantMagic.size()));
  if (std::memcmp(magic.data(), kGrantMagic.data(), kGrantMagic.size()) != 0) {
    return BadGrant("is not a grant");
  }
  RELIC_ASSIGN_OR_RETURN(uint16_t version, r.U16());
  if (version != kVersion) return Status(Code::kUnsupportedVersion, "grant version");
  LicenseGrant grant;
  RELIC_ASSIGN_OR_RETURN(ByteView root, r.Blob16());
  grant.root_bytes.assign(root.begin(), root.end());
  RELIC_RETURN_IF_ERROR(r.Into(grant.signature));
  RELIC_RETURN_IF_ERROR(r.Into(grant.leaf.license_id.bytes));
  RELIC_RETURN_IF_ERROR(r.Into(grant.leaf.body_hash));
  RELIC_ASSIGN_OR_RETURN(grant.leaf.plays_used, r.U32());
  RELIC_ASSIGN_OR_RETURN(uint8_t steps, r.U8());
  if (steps > kMaxProofSteps) return BadGrant("has an impossibly long proof");
  for (uint8_t i = 0; i < steps; ++i) {
    ProofStep step;
    RELIC_ASSIGN_OR_RETURN(uint8_t side, r.U8());
    if (side > 1) return BadGrant("has a malformed proof");
    step.sibling_on_left = side == 1;
    RELIC_RETURN_IF_ERROR(r.Into(step.sibling));
    grant.proof.push_back(step);
  }
  RELIC_RETURN_IF_ERROR(r.ExpectEnd());
  auto decoded = DecodeGrantRoot(grant.root_bytes);
  if (!decoded.ok()) return BadGrant("has a malformed root");
  grant.root = *decoded;
  return grant;
}

Status VerifyLicenseGrant(const LicenseGrant& grant, const LmsPublicKey& lms,
                          const LicenseId& license_id, const Hash& body_hash,
                          const MachinePublicKey& this_machine) {
  if (!crypto::Verify(lms.signing, grant.root_bytes, grant.signature)) {
    return BadGrant("is not signed by the License Management Service the license names");
  }
  if (grant.root.dry_run) return BadGrant("comes from a dry run, which grants nothing");
  if (grant.root.target != this_machine) return BadGrant("was made for another machine");
  if (grant.leaf.license_id != license_id) return BadGrant("is for another license");
  if (grant.leaf.body_hash != body_hash) return BadGrant("is for other license terms");
  if (RootFromProof(LeafHash(grant.leaf), grant.proof) != grant.root.root) {
    return BadGrant("does not belong to the signed batch");
  }
  return Status::Ok();
}

}  // namespace relic::lms
