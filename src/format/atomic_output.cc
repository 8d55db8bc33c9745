// SPDX-License-Identifier: Apache-2.0
#include "format/atomic_output.h"

#include "base/text_codec.h"
#include "crypto/crypto.h"

namespace relic {

std::string ParentDir(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Result<std::unique_ptr<AtomicOutput>> AtomicOutput::Create(Env* env, const std::string& path,
                                                           uint32_t mode) {
  auto info = env->Stat(path);
  if (info.ok() && info->type == FileType::kDirectory) {
    return Status(Code::kInvalidArgument,
                  path + " is a directory; give the name of the file to write");
  }
  std::array<uint8_t, 8> nonce{};
  crypto::RandomFill(nonce);
  // The object that removes the temporary file exists before the file does,
  // and counts it as created from the moment it may be: a failed allocation
  // anywhere after the file appears must not leave it behind.
  std::unique_ptr<AtomicOutput> output(
      new AtomicOutput(env, path, path + ".relic-tmp-" + HexEncode(nonce), nullptr));
  output->created_ = true;
  auto file = env->OpenFile(output->temp_path_, OpenMode::kCreateExclusive, mode);
  if (!file.ok()) {
    output->created_ = false;  // not ours (or not there): leave it alone
    return file.status().WithContext("cannot create the output beside " + path);
  }
  output->file_ = std::move(file).value();
  return output;
}

AtomicOutput::~AtomicOutput() {
  if (created_ && !committed_) {
    file_.reset();
    env_->DeleteFile(temp_path_).IgnoreError();
  }
}

Status AtomicOutput::Append(ByteView data) {
  RELIC_RETURN_IF_ERROR(file_->WriteAt(offset_, data));
  offset_ += data.size();
  return Status::Ok();
}

Status AtomicOutput::Commit() {
  RELIC_RETURN_IF_ERROR(file_->Sync());
  file_.reset();
  RELIC_RETURN_IF_ERROR(env_->RenameFile(temp_path_, path_));
  committed_ = true;
  return env_->SyncDir(ParentDir(path_));
}

}  // namespace relic
