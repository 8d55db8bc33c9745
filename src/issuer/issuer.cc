// SPDX-License-Identifier: Apache-2.0
#include "relic/issuer.h"

#include <cstring>

#include "base/byte_io.h"
#include "base/text_codec.h"
#include "crypto/crypto.h"
#include "format/license_format.h"
#include "format/package_format.h"

namespace relic {
namespace {

constexpr char kKeyFileName[] = "issuer.key";
constexpr char kContentKeysDir[] = "content-keys";
constexpr std::string_view kKeyMagic = "RELICISS";
constexpr std::string_view kContentKeyMagic = "RELICCK1";
constexpr uint16_t kKeyVersion = 1;

std::string Join(const std::string& dir, const std::string& name) { return dir + "/" + name; }

// Appends the checksum of what the writer holds.
Bytes WithChecksum(ByteWriter& w) {
  auto sum = crypto::Hash256(w.bytes());
  w.Raw(sum);
  return w.Take();
}

// Returns the content without its checksum, or kCorrupt.
Result<ByteView> CheckChecksum(ByteView bytes, const std::string& path) {
  if (bytes.size() < 32 ||
      !crypto::ConstantTimeEqual(crypto::Hash256(bytes.first(bytes.size() - 32)), bytes.last(32))) {
    return Status(Code::kCorrupt, path +
                                      " is damaged (checksum mismatch); restore it from the "
                                      "issuer's backup");
  }
  return bytes.first(bytes.size() - 32);
}

class IssuerImpl final : public Issuer {
 public:
  IssuerImpl(Env* env, std::string dir, crypto::SigningKeyPair keys)
      : env_(env), dir_(std::move(dir)), keys_(std::move(keys)) {
    public_key_.signing = keys_.public_key;
  }

  const IssuerPublicKey& public_key() const override { return public_key_; }

  using Issuer::Package;  // the overload with the default options

  Result<Kid> Package(const std::string& input_path, const std::string& output_path,
                      const PackageOptions& options) override {
    Kid kid = Kid::Random();
    crypto::SymmetricKey key;
    crypto::RandomBytes(key.data(), key.size());
    // The key is kept first: a package whose key was lost would be useless.
    RELIC_RETURN_IF_ERROR(StoreContentKey(kid, key));
    Status packaged = EncryptPackage(env_, input_path, output_path, key, kid, options.chunk_size);
    if (!packaged.ok()) {
      env_->DeleteFile(ContentKeyPath(kid)).IgnoreError();
      return packaged;
    }
    return kid;
  }

  Result<Bytes> Issue(const IssueRequest& request) override {
    const Rights& rights = request.rights;
    if (rights.play_count && *rights.play_count == 0) {
      return Status(Code::kInvalidArgument, "a play count must be at least 1");
    }
    if (rights.begins && rights.expires && *rights.expires <= *rights.begins) {
      return Status(Code::kInvalidArgument, "the expiry time must come after the begin time");
    }
    if (rights.allow_backup && !request.lms) {
      return Status(Code::kInvalidArgument,
                    "a license that allows backup must name the License Management Service "
                    "that authorises its restore (--lms-key and --lms-url)");
    }
    if (request.lms) RELIC_RETURN_IF_ERROR(ValidateLmsUrl(request.lms->url));
    RELIC_ASSIGN_OR_RETURN(crypto::SymmetricKey key, LoadContentKey(request.kid));

    LicenseBody body;
    body.license_id = request.license_id.value_or(LicenseId::Random());
    body.kid = request.kid;
    body.issuer = public_key_;
    body.machine = request.machine;
    body.rights = rights;
    body.check_value = ComputeCheckValue(key, request.kid);
    body.lms = request.lms;
    body.issued_at = env_->NowUnixSeconds();
    Bytes body_bytes = EncodeLicenseBody(body);
    crypto::Signature signature = crypto::Sign(keys_.secret_key, body_bytes);
    Bytes sealed = crypto::Seal(request.machine.encryption, ByteView(key.data(), key.size()));
    return EncodeLicenseFile(body_bytes, signature, sealed);
  }

 private:
  std::string ContentKeyPath(const Kid& kid) const {
    return Join(Join(dir_, kContentKeysDir), HexEncode(kid.bytes) + ".key");
  }

  Status StoreContentKey(const Kid& kid, const crypto::SymmetricKey& key) {
    ByteWriter w;
    w.Raw(kContentKeyMagic);
    w.Raw(kid.bytes);
    w.Raw(ByteView(key.data(), key.size()));
    Bytes content = WithChecksum(w);
    Status s = WriteFileAtomically(env_, ContentKeyPath(kid), content, 0600);
    crypto::Wipe(content.data(), content.size());
    return s;
  }

  Result<crypto::SymmetricKey> LoadContentKey(const Kid& kid) {
    const std::string path = ContentKeyPath(kid);
    auto bytes = ReadWholeFile(env_, path, 1024);
    if (!bytes.ok()) {
      if (bytes.status().code() == Code::kNotFound) {
        return Status(Code::kNotFound, "issuer " + dir_ + " has no content key for KID " +
                                           kid.ToString() +
                                           "; package the content with this issuer first");
      }
      return bytes.status();
    }
    RELIC_ASSIGN_OR_RETURN(ByteView content, CheckChecksum(*bytes, path));
    if (content.size() != kContentKeyMagic.size() + 16 + 32 ||
        std::memcmp(content.data(), kContentKeyMagic.data(), kContentKeyMagic.size()) != 0 ||
        std::memcmp(content.data() + kContentKeyMagic.size(), kid.bytes.data(), 16) != 0) {
      return Status(Code::kCorrupt, path + " is not the content key of KID " + kid.ToString() +
                                        "; restore it from the issuer's backup");
    }
    crypto::SymmetricKey key;
    std::memcpy(key.data(), content.data() + kContentKeyMagic.size() + 16, key.size());
    crypto::Wipe(bytes->data(), bytes->size());
    return key;
  }

  Env* env_;
  std::string dir_;
  crypto::SigningKeyPair keys_;
  IssuerPublicKey public_key_;
};

Env* OrDefault(Env* env) { return env ? env : Env::Default(); }

}  // namespace

Result<std::unique_ptr<Issuer>> Issuer::Create(const std::string& dir, Env* env) {
  env = OrDefault(env);
  const std::string key_path = Join(dir, kKeyFileName);
  auto info = env->Stat(dir);
  if (info.ok()) {
    if (info->type != FileType::kDirectory) {
      return Status(Code::kInvalidArgument, dir +
                                                " exists and is not a directory; choose "
                                                "another --issuer");
    }
    auto key_info = env->Stat(key_path);
    if (key_info.ok()) {
      return Status(Code::kAlreadyExists,
                    "an issuer already exists in " + dir + "; nothing was changed");
    }
  } else if (info.status().code() == Code::kNotFound) {
    RELIC_RETURN_IF_ERROR(env->CreateDir(dir, 0700));
  } else {
    return info.status();
  }
  const std::string keys_dir = Join(dir, kContentKeysDir);
  if (!env->Stat(keys_dir).ok()) RELIC_RETURN_IF_ERROR(env->CreateDir(keys_dir, 0700));

  crypto::SigningKeyPair keys = crypto::GenerateSigningKeyPair();
  ByteWriter w;
  w.Raw(kKeyMagic);
  w.U16(kKeyVersion);
  w.Raw(keys.public_key);
  w.Raw(ByteView(keys.secret_key.data(), 64));
  Bytes content = WithChecksum(w);
  Status s = WriteFileAtomically(env, key_path, content, 0600);
  crypto::Wipe(content.data(), content.size());
  RELIC_RETURN_IF_ERROR(s);
  return std::unique_ptr<Issuer>(new IssuerImpl(env, dir, std::move(keys)));
}

Result<std::unique_ptr<Issuer>> Issuer::Open(const std::string& dir, Env* env) {
  env = OrDefault(env);
  const std::string key_path = Join(dir, kKeyFileName);
  auto bytes = ReadWholeFile(env, key_path, 1024);
  if (!bytes.ok()) {
    if (bytes.status().code() == Code::kNotFound) {
      return Status(Code::kNotFound, "there is no issuer in " + dir +
                                         "; create one with `relic issuer init --issuer " + dir +
                                         "`");
    }
    return bytes.status();
  }
  RELIC_ASSIGN_OR_RETURN(ByteView content, CheckChecksum(*bytes, key_path));
  ByteReader r(content, "issuer key file");
  auto magic = r.Raw(kKeyMagic.size());
  if (!magic.ok() || std::memcmp(magic->data(), kKeyMagic.data(), kKeyMagic.size()) != 0) {
    return Status(Code::kCorrupt, key_path + " is not an issuer key file");
  }
  RELIC_ASSIGN_OR_RETURN(uint16_t version, r.U16());
  if (version != kKeyVersion) {
    return Status(Code::kUnsupportedVersion,
                  key_path + " has version " + std::to_string(version) + "; upgrade relic");
  }
  crypto::SigningKeyPair keys;
  RELIC_RETURN_IF_ERROR(r.Into(keys.public_key));
  RELIC_ASSIGN_OR_RETURN(ByteView secret, r.Raw(64));
  std::memcpy(keys.secret_key.data(), secret.data(), 64);
  RELIC_RETURN_IF_ERROR(r.ExpectEnd());
  crypto::Wipe(bytes->data(), bytes->size());
  return std::unique_ptr<Issuer>(new IssuerImpl(env, dir, std::move(keys)));
}

}  // namespace relic
