// SPDX-License-Identifier: Apache-2.0
#include "format/package_format.h"

#include <cstring>

#include "base/byte_io.h"
#include "crypto/secret_stream.h"
#include "format/atomic_output.h"

namespace relic {
namespace {

constexpr std::string_view kMagic = "RELICPKG";
constexpr size_t kHeaderSize = 8 + 2 + 16 + 4 + 24;
constexpr size_t kTagBytes = crypto::kStreamChunkOverhead;

Status Corrupt(const std::string& path, const std::string& why) {
  return Status(Code::kMalformed,
                "package " + path + " is damaged: " + why + "; obtain a fresh copy of the package");
}

Result<std::unique_ptr<File>> OpenInput(Env* env, const std::string& path) {
  auto info = env->Stat(path);
  if (!info.ok()) return info.status();
  if (info->type == FileType::kDirectory) {
    return Status(Code::kInvalidArgument, path + " is a directory; give a file");
  }
  return env->OpenFile(path, OpenMode::kReadOnly);
}

// Reads exactly out.size() bytes unless the file ends first.
Result<size_t> ReadFull(File& file, uint64_t offset, std::span<uint8_t> out) {
  size_t total = 0;
  while (total < out.size()) {
    auto got = file.ReadAt(offset + total, out.subspan(total));
    if (!got.ok()) return got.status();
    if (*got == 0) break;
    total += *got;
  }
  return total;
}

}  // namespace

Status EncryptPackage(Env* env, const std::string& input_path, const std::string& output_path,
                      const crypto::SymmetricKey& content_key, const Kid& kid,
                      uint32_t chunk_size) {
  crypto::EnsureInitialized();
  if (chunk_size < kMinChunkSize || chunk_size > kMaxChunkSize) {
    return Status(Code::kInvalidArgument, "package chunk size must be between 1 byte and 1 MiB");
  }
  RELIC_ASSIGN_OR_RETURN(auto input, OpenInput(env, input_path));
  RELIC_ASSIGN_OR_RETURN(auto output, AtomicOutput::Create(env, output_path, 0644));

  crypto::StreamHeader stream_header{};
  crypto::SecretStreamWriter stream(content_key, stream_header);
  ByteWriter header;
  header.Raw(kMagic);
  header.U16(kPackageVersion);
  header.Raw(kid.bytes);
  header.U32(chunk_size);
  header.Raw(stream_header);
  const Bytes header_bytes = header.Take();
  RELIC_RETURN_IF_ERROR(output->Append(header_bytes));

  RELIC_ASSIGN_OR_RETURN(uint64_t input_size, input->Size());
  Bytes plain(chunk_size);
  Bytes cipher(chunk_size + kTagBytes);
  uint64_t offset = 0;
  // One chunk ahead: the last chunk carries the FINAL tag, and an empty input
  // still gets one (empty) final chunk.
  do {
    RELIC_ASSIGN_OR_RETURN(size_t got,
                           ReadFull(*input, offset, std::span<uint8_t>(plain.data(), chunk_size)));
    offset += got;
    bool last = got < chunk_size || offset >= input_size;
    if (last && got == chunk_size) {
      // The size may have grown while reading; never miss data.
      std::array<uint8_t, 1> probe{};
      RELIC_ASSIGN_OR_RETURN(size_t more, ReadFull(*input, offset, probe));
      last = more == 0;
    }
    const size_t written =
        stream.Push(ByteView(plain.data(), got), header_bytes, last, cipher.data());
    RELIC_RETURN_IF_ERROR(output->Append(ByteView(cipher.data(), written)));
    if (last) break;
  } while (true);
  crypto::Wipe(plain.data(), plain.size());
  return output->Commit();
}

Result<PackageHeader> ReadPackageHeader(Env* env, const std::string& package_path) {
  RELIC_ASSIGN_OR_RETURN(auto file, OpenInput(env, package_path));
  Bytes raw(kHeaderSize);
  RELIC_ASSIGN_OR_RETURN(size_t got, ReadFull(*file, 0, raw));
  if (got == 0) return Corrupt(package_path, "the file is empty");
  if (got < kMagic.size() || std::memcmp(raw.data(), kMagic.data(), kMagic.size()) != 0) {
    return Status(Code::kMalformed, package_path +
                                        " is not a relic package (it does not start with "
                                        "RELICPKG); check the file name");
  }
  if (got < kHeaderSize) return Corrupt(package_path, "the header is truncated");
  ByteReader r(raw, "package header");
  RELIC_RETURN_IF_ERROR(r.Raw(kMagic.size()).status());
  RELIC_ASSIGN_OR_RETURN(uint16_t version, r.U16());
  if (version != kPackageVersion) {
    return Status(Code::kUnsupportedVersion,
                  "package version " + std::to_string(version) +
                      " is not supported by this relic (it reads version 1); upgrade relic");
  }
  PackageHeader header;
  RELIC_RETURN_IF_ERROR(r.Into(header.kid.bytes));
  RELIC_ASSIGN_OR_RETURN(header.chunk_size, r.U32());
  if (header.chunk_size < kMinChunkSize || header.chunk_size > kMaxChunkSize) {
    return Corrupt(package_path, "the chunk size is out of range");
  }
  RELIC_RETURN_IF_ERROR(r.Into(header.stream_header));
  header.raw = std::move(raw);
  return header;
}

Status DecryptPackage(Env* env, const std::string& package_path, const PackageHeader& header,
                      const crypto::SymmetricKey& content_key, AtomicOutput* out) {
  crypto::EnsureInitialized();
  RELIC_ASSIGN_OR_RETURN(auto file, OpenInput(env, package_path));
  crypto::SecretStreamReader stream(content_key, header.stream_header);
  Bytes cipher(header.chunk_size + kTagBytes);
  Bytes plain(header.chunk_size);
  uint64_t offset = header.raw.size();
  bool finished = false;
  Status result = Status::Ok();
  while (!finished) {
    auto got = ReadFull(*file, offset, cipher);
    if (!got.ok()) {
      result = got.status();
      break;
    }
    if (*got < kTagBytes) {
      result = Corrupt(package_path, "it is truncated (the final chunk is missing)");
      break;
    }
    auto chunk = stream.Pull(ByteView(cipher.data(), *got), header.raw, plain.data());
    if (!chunk) {
      result = Corrupt(package_path, "a chunk at byte " + std::to_string(offset) +
                                         " fails authentication (altered, reordered or "
                                         "encrypted under another key)");
      break;
    }
    offset += *got;
    if (chunk->final) {
      finished = true;
      auto size = file->Size();
      if (!size.ok()) {
        result = size.status();
        break;
      }
      if (*size != offset) {
        result = Corrupt(package_path, "data follows the final chunk");
        break;
      }
    } else if (*got < cipher.size()) {
      result = Corrupt(package_path, "it is truncated (the final chunk is missing)");
      break;
    }
    if (out != nullptr) {
      auto appended = out->Append(ByteView(plain.data(), chunk->size));
      if (!appended.ok()) {
        result = appended;
        break;
      }
    }
  }
  crypto::Wipe(plain.data(), plain.size());
  return result;
}

}  // namespace relic
