// SPDX-License-Identifier: Apache-2.0
// The restore protocol's messages (docs/formats/lms-protocol.md). Both are
// binary and signed over their exact bytes; on the wire they travel as
// base64 inside small JSON objects, and nothing is ever re-serialised before
// a signature is checked.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "crypto/crypto.h"
#include "format/grant.h"
#include "relic/ids.h"

namespace relic::lms {

constexpr size_t kChallengeSize = 32;
// The largest request: a header (at most 1 MiB) and one index chunk of
// 10,000 entries, with room to spare.
constexpr size_t kMaxRequestSize = size_t{4} * 1024 * 1024;

// From the target machine, signed with its Ed25519 key.
struct RestoreRequest {
  std::array<uint8_t, kChallengeSize> challenge{};
  MachinePublicKey target;
  bool dry_run = false;
  // For a passphrase-protected set: backup::OwnerProof over this request's
  // challenge and target.
  std::optional<std::array<uint8_t, 32>> owner_proof;
  Bytes header;  // the set's header section payload, signed by the source
  // Every sealed master and owner key section of the set (head and
  // payload, in file order): the bytes the header's sealed hash commits to.
  Bytes sealed_sections;
  uint16_t group = 0;
  uint32_t index_seq = 0;
  Bytes index_chunk;  // the group's encrypted index chunk
};
Bytes EncodeRestoreRequest(const RestoreRequest& request);
Result<RestoreRequest> DecodeRestoreRequest(ByteView bytes);

enum class RefusalReason : uint8_t {
  kMachineLimit = 1,  // the license is on as many machines as the policy allows
  kDailyLimit = 2,    // too many new machines for this license today
};
std::string_view RefusalReasonName(RefusalReason reason);

struct Refusal {
  LicenseId license_id;
  Kid kid;
  RefusalReason reason = RefusalReason::kMachineLimit;
};

// From the LMS, signed with its Ed25519 key. The grant root inside carries
// its own signature, which the store keeps.
struct RestoreAnswer {
  Bytes root_bytes;
  crypto::Signature root_signature{};
  GrantRoot root;                  // decoded root_bytes
  std::vector<GrantLeaf> granted;  // in leaf order
  std::vector<Refusal> refused;
  std::string refusal_url;  // explains the limit; empty when nothing was refused
  Bytes envelope;           // sealed to the target: (license ID, L_i) per grant
};
Bytes EncodeRestoreAnswer(const RestoreAnswer& answer);
Result<RestoreAnswer> DecodeRestoreAnswer(ByteView bytes);

// The envelope's content.
struct KeyRelease {
  LicenseId license_id;
  crypto::SymmetricKey lms_part;
};
Bytes EncodeEnvelopePlain(const std::vector<KeyRelease>& releases);
Result<std::vector<KeyRelease>> DecodeEnvelopePlain(ByteView bytes);

// A signed message as it travels: {"<name>": base64, "signature": base64}.
std::string WrapSigned(std::string_view name, ByteView message, const crypto::Signature& sig);
struct Signed {
  Bytes message;
  crypto::Signature signature{};
};
Result<Signed> UnwrapSigned(std::string_view name, std::string_view json, size_t max_size);

}  // namespace relic::lms
