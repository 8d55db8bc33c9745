// SPDX-License-Identifier: Apache-2.0
// Little-endian encoding of relic's binary formats. The reader never reads
// past its input: every accessor reports truncation as kMalformed.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "relic/env.h"
#include "relic/status.h"

namespace relic {

class ByteWriter {
 public:
  void U8(uint8_t v) { out_.push_back(v); }
  void U16(uint16_t v) { Fixed(v, 2); }
  void U32(uint32_t v) { Fixed(v, 4); }
  void U64(uint64_t v) { Fixed(v, 8); }
  void I64(int64_t v) { Fixed(static_cast<uint64_t>(v), 8); }
  // resize + memcpy rather than insert: GCC 12 reports false
  // -Warray-bounds on vector::insert of a span at -O2.
  void Raw(ByteView data) { Append(data.data(), data.size()); }
  void Raw(std::string_view data) { Append(data.data(), data.size()); }
  // A string or blob with a 16-bit length in front.
  void Str16(std::string_view s) {
    U16(static_cast<uint16_t>(s.size()));
    Raw(s);
  }
  void Blob16(ByteView b) {
    U16(static_cast<uint16_t>(b.size()));
    Raw(b);
  }
  void Blob32(ByteView b) {
    U32(static_cast<uint32_t>(b.size()));
    Raw(b);
  }
  const Bytes& bytes() const { return out_; }
  Bytes Take() { return std::move(out_); }

 private:
  void Append(const void* data, size_t n) {
    if (n == 0) return;
    const size_t at = out_.size();
    out_.resize(at + n);
    std::memcpy(out_.data() + at, data, n);
  }
  void Fixed(uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  Bytes out_;
};

class ByteReader {
 public:
  // `what` names the input in error messages, e.g. "license file".
  ByteReader(ByteView data, std::string what) : data_(data), what_(std::move(what)) {}

  Result<uint8_t> U8() { return Fixed<uint8_t>(1); }
  Result<uint16_t> U16() { return Fixed<uint16_t>(2); }
  Result<uint32_t> U32() { return Fixed<uint32_t>(4); }
  Result<uint64_t> U64() { return Fixed<uint64_t>(8); }
  Result<int64_t> I64() {
    auto v = Fixed<uint64_t>(8);
    if (!v.ok()) return v.status();
    return static_cast<int64_t>(*v);
  }
  Result<ByteView> Raw(size_t n) {
    if (remaining() < n) return Truncated();
    ByteView out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
  }
  // Copies exactly N bytes into a fixed-size array.
  template <typename Array>
  Status Into(Array& out) {
    auto raw = Raw(out.size());
    if (!raw.ok()) return raw.status();
    std::memcpy(out.data(), raw->data(), out.size());
    return Status::Ok();
  }
  Result<std::string> Str16() {
    auto n = U16();
    if (!n.ok()) return n.status();
    auto raw = Raw(*n);
    if (!raw.ok()) return raw.status();
    return std::string(reinterpret_cast<const char*>(raw->data()), raw->size());
  }
  Result<ByteView> Blob16() {
    auto n = U16();
    if (!n.ok()) return n.status();
    return Raw(*n);
  }
  Result<ByteView> Blob32() {
    auto n = U32();
    if (!n.ok()) return n.status();
    return Raw(*n);
  }

  size_t position() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }
  // Fails unless every byte was consumed: trailing data is never ignored.
  Status ExpectEnd() const {
    if (remaining() == 0) return Status::Ok();
    return Status(Code::kMalformed, what_ + " has " + std::to_string(remaining()) +
                                        " unexpected trailing bytes; the file is damaged or "
                                        "not a relic file, obtain a fresh copy");
  }
  Status Truncated() const {
    return Status(Code::kMalformed, what_ + " is truncated at byte " + std::to_string(pos_) +
                                        "; the file is incomplete, obtain a fresh copy");
  }

 private:
  template <typename T>
  Result<T> Fixed(size_t n) {
    if (remaining() < n) return Truncated();
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v |= static_cast<uint64_t>(data_[pos_ + i]) << (8 * i);
    pos_ += n;
    return static_cast<T>(v);
  }

  ByteView data_;
  size_t pos_ = 0;
  std::string what_;
};

}  // namespace relic
