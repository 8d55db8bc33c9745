// SPDX-License-Identifier: Apache-2.0
#include "restore/answer_check.h"

#include <algorithm>

namespace relic::restore {
namespace {

// The refusal URL is shown to the user: only a plain https URL is passed on.
std::string ShownRefusalUrl(const std::string& url) {
  const bool printable = std::all_of(url.begin(), url.end(), [](char c) {
    return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f;
  });
  if (!url.starts_with("https://") || !printable || url.size() > 2048) {
    return "(the License Management Service gave no valid https URL)";
  }
  return url;
}

std::vector<lms::Hash> LeafHashes(const std::vector<lms::GrantLeaf>& granted) {
  std::vector<lms::Hash> hashes;
  hashes.reserve(granted.size());
  for (const auto& leaf : granted) hashes.push_back(lms::LeafHash(leaf));
  return hashes;
}

}  // namespace

Result<AuthorizedBatch> CheckAnswer(lms::Signed answer, uint16_t group,
                                    const AnswerExpectation& expected) {
  // The answer must come from the key the licenses name, for this request
  // and this machine, whatever address it came from.
  auto bad = [&](const std::string& why) {
    return Status(Code::kBadSignature, "the answer from the License Management Service at " +
                                           expected.lms_url + " " + why + "; nothing was restored");
  };
  if (!crypto::Verify(expected.lms_key.signing, answer.message, answer.signature)) {
    return bad("is not signed by the service the licenses name");
  }
  auto decoded = lms::DecodeRestoreAnswer(answer.message);
  if (!decoded.ok()) return bad("is malformed");
  if (!crypto::Verify(expected.lms_key.signing, decoded->root_bytes, decoded->root_signature)) {
    return bad("carries a grant that is not signed by the service the licenses name");
  }
  if (decoded->root.target != expected.target) return bad("is for another machine");
  if (decoded->root.request_hash != crypto::Hash256(expected.request_bytes)) {
    return bad("answers another request");
  }
  if (decoded->root.dry_run != expected.dry_run) return bad("has the wrong dry-run flag");
  AuthorizedBatch batch;
  batch.group = group;
  batch.lms_time = decoded->root.lms_time;
  batch.granted = decoded->granted.size();
  batch.refusal_url = ShownRefusalUrl(decoded->refusal_url);
  for (const auto& refusal : decoded->refused) batch.refused.push_back(refusal.kid);
  batch.answer = std::move(answer);
  return batch;
}

Result<GrantedBatch> OpenGrantedBatch(ByteView message, const crypto::BoxKeyPair& machine_keys,
                                      const backup::Key* owner_key, const backup::SetId& set_id) {
  RELIC_ASSIGN_OR_RETURN(lms::RestoreAnswer answer, lms::DecodeRestoreAnswer(message));
  auto plain = crypto::Unseal(machine_keys, answer.envelope);
  if (!plain.ok()) {
    return Status(Code::kBadSignature,
                  "the service's key envelope does not open on this "
                  "machine; nothing was restored");
  }
  auto releases = lms::DecodeEnvelopePlain(*plain);
  crypto::Wipe(plain->data(), plain->size());
  if (!releases.ok()) return releases.status();
  if (releases->size() != answer.granted.size()) {
    return Status(Code::kBadSignature, "the service's key envelope does not match its grant");
  }
  lms::MerkleTree tree(LeafHashes(answer.granted));
  if (tree.root() != answer.root.root) {
    return Status(Code::kBadSignature, "the service's grant does not match its signed root");
  }
  GrantedBatch batch{std::move(answer), std::move(tree), {}, {}};
  batch.record_keys.resize(releases->size());
  batch.handles.resize(releases->size());
  for (size_t i = 0; i < releases->size(); ++i) {
    const lms::KeyRelease& release = (*releases)[i];
    if (release.license_id != batch.answer.granted[i].license_id) {
      return Status(Code::kBadSignature, "the service's key envelope does not match its grant");
    }
    backup::Key owner_part = backup::OwnerPart(owner_key, set_id, release.license_id);
    backup::RecordKeys keys = backup::DeriveRecordKeys(release.lms_part, owner_part);
    batch.record_keys[i] = keys.key;
    batch.handles[i] = keys.handle;
  }
  return batch;
}

}  // namespace relic::restore
