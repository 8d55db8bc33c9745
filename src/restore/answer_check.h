// SPDX-License-Identifier: Apache-2.0
// The restore's checks of the License Management Service's answer to one
// batch (docs/formats/lms-protocol.md): on arrival, that the key the
// licenses name signed it, for this request and this machine; when it is
// applied, that the key envelope opens on this machine and matches the
// signed grant, which yields each granted license's record key and handle.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backup/backup_keys.h"
#include "crypto/crypto.h"
#include "format/grant.h"
#include "protocol/protocol.h"
#include "relic/ids.h"
#include "relic/status.h"
#include "restore/authorized_batch_queue.h"

namespace relic::restore {

// What a batch's answer must match.
struct AnswerExpectation {
  LmsPublicKey lms_key;     // the service the licenses name
  MachinePublicKey target;  // this machine
  ByteView request_bytes;   // the request it answers, as signed
  bool dry_run = false;
  std::string lms_url;  // where it came from, for messages only
};

// Checks an answer as it arrives; kBadSignature says what is wrong and that
// nothing was restored. The refusal URL is passed on only if it is a plain
// printable https URL.
Result<AuthorizedBatch> CheckAnswer(lms::Signed answer, uint16_t group,
                                    const AnswerExpectation& expected);

// A checked answer opened on this machine.
struct GrantedBatch {
  lms::RestoreAnswer answer;
  lms::MerkleTree tree;                  // over answer.granted, in order
  std::vector<backup::Key> record_keys;  // per granted license, in leaf order
  std::vector<backup::Handle> handles;   // where each one's record is
};

// Opens `message` (an answer CheckAnswer accepted, or read back from the
// staging file and re-verified): the key envelope with this machine's key,
// checked against the grant and its signed root. `owner_key` is the set's
// owner key, or null for a set without a passphrase.
Result<GrantedBatch> OpenGrantedBatch(ByteView message, const crypto::BoxKeyPair& machine_keys,
                                      const backup::Key* owner_key, const backup::SetId& set_id);

}  // namespace relic::restore
