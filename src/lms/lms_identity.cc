// SPDX-License-Identifier: Apache-2.0
#include "lms/lms_identity.h"

#include <cstring>

#include "base/byte_io.h"
#include "crypto/crypto.h"

namespace relic::lms {
namespace {

constexpr char kKeyFile[] = "lms.key";
constexpr std::string_view kMagic = "RELICLMS";
constexpr uint16_t kVersion = 1;

}  // namespace

LmsPublicKey LmsIdentity::public_key() const {
  LmsPublicKey key;
  key.encryption = encryption.public_key;
  key.signing = signing.public_key;
  return key;
}

Result<LmsIdentity> CreateLmsIdentity(Env* env, const std::string& home) {
  auto info = env->Stat(home);
  if (info.ok()) {
    if (info->type != FileType::kDirectory) {
      return Status(Code::kInvalidArgument, home + " is not a directory; choose another --home");
    }
  } else if (info.status().code() == Code::kNotFound) {
    RELIC_RETURN_IF_ERROR(env->CreateDir(home, 0700));
  } else {
    return info.status();
  }
  const std::string path = home + "/" + kKeyFile;
  if (env->Stat(path).ok()) {
    return Status(Code::kAlreadyExists, "the License Management Service in " + home +
                                            " already has keys; nothing was changed");
  }
  LmsIdentity id;
  id.encryption = crypto::GenerateBoxKeyPair();
  id.signing = crypto::GenerateSigningKeyPair();
  ByteWriter w;
  w.Raw(kMagic);
  w.U16(kVersion);
  w.Raw(id.encryption.public_key);
  w.Raw(ByteView(id.encryption.secret_key.data(), 32));
  w.Raw(id.signing.public_key);
  w.Raw(ByteView(id.signing.secret_key.data(), 64));
  Bytes content = w.Take();
  auto sum = crypto::Hash256(content);
  content.insert(content.end(), sum.begin(), sum.end());
  Status s = WriteFileAtomically(env, path, content, 0600);
  crypto::Wipe(content.data(), content.size());
  RELIC_RETURN_IF_ERROR(s);
  return id;
}

Result<LmsIdentity> OpenLmsIdentity(Env* env, const std::string& home) {
  const std::string path = home + "/" + kKeyFile;
  auto bytes = ReadWholeFile(env, path, 4096);
  if (!bytes.ok()) {
    if (bytes.status().code() == Code::kNotFound) {
      return Status(Code::kNotInitialized, "there is no License Management Service in " + home +
                                               "; run `relic-lms init --home " + home + "`");
    }
    return bytes.status();
  }
  const crypto::WipeOnExit wipe_file(*bytes);
  const size_t expected = kMagic.size() + 2 + 32 + 32 + 32 + 64 + 32;
  if (bytes->size() != expected ||
      !crypto::ConstantTimeEqual(crypto::Hash256(ByteView(bytes->data(), expected - 32)),
                                 ByteView(bytes->data() + expected - 32, 32)) ||
      std::memcmp(bytes->data(), kMagic.data(), kMagic.size()) != 0) {
    return Status(Code::kCorrupt, path + " is damaged; restore it from the service's backup");
  }
  ByteReader r(*bytes, "LMS key file");
  RELIC_RETURN_IF_ERROR(r.Raw(kMagic.size()).status());
  RELIC_ASSIGN_OR_RETURN(uint16_t version, r.U16());
  if (version != kVersion) {
    return Status(Code::kUnsupportedVersion, path + " has an unsupported version; upgrade relic");
  }
  LmsIdentity id;
  RELIC_RETURN_IF_ERROR(r.Into(id.encryption.public_key));
  RELIC_ASSIGN_OR_RETURN(ByteView esk, r.Raw(32));
  std::memcpy(id.encryption.secret_key.data(), esk.data(), 32);
  RELIC_RETURN_IF_ERROR(r.Into(id.signing.public_key));
  RELIC_ASSIGN_OR_RETURN(ByteView ssk, r.Raw(64));
  std::memcpy(id.signing.secret_key.data(), ssk.data(), 64);
  return id;
}

}  // namespace relic::lms
