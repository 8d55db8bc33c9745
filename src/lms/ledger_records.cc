// SPDX-License-Identifier: Apache-2.0
#include "lms/ledger_records.h"

#include <charconv>

#include "base/text_codec.h"

namespace relic::lms {
namespace {

constexpr std::string_view kCursorTag = "c1|";

Status BadCursor() {
  return Status(Code::kInvalidArgument,
                "the paging cursor (--after, \"after\") is not one this service gave out; pass "
                "the \"next\" value of the previous page unchanged, or leave it out to start "
                "from the first row");
}

}  // namespace

std::string EncodeCursor(int64_t time, std::string_view key) {
  std::string plain = std::string(kCursorTag) + std::to_string(time) + "|" + std::string(key);
  return Base64UrlEncode(ByteView(reinterpret_cast<const uint8_t*>(plain.data()), plain.size()));
}

Status DecodeCursor(std::string_view cursor, int64_t& time, std::string& key) {
  if (cursor.empty() || cursor.size() > 256) return BadCursor();
  auto plain = Base64UrlDecode(cursor);
  if (!plain) return BadCursor();
  std::string_view text(reinterpret_cast<const char*>(plain->data()), plain->size());
  if (!text.starts_with(kCursorTag)) return BadCursor();
  text.remove_prefix(kCursorTag.size());
  const size_t bar = text.find('|');
  if (bar == std::string_view::npos || bar == 0) return BadCursor();
  auto [end, ec] = std::from_chars(text.data(), text.data() + bar, time);
  if (ec != std::errc() || end != text.data() + bar) return BadCursor();
  key = std::string(text.substr(bar + 1));
  if (key.empty()) return BadCursor();
  return Status::Ok();
}

Status CheckQueryLimit(uint32_t limit) {
  if (limit >= 1 && limit <= kMaxQueryLimit) return Status::Ok();
  return Status(
      Code::kInvalidArgument,
      "the page size (--limit, \"limit\") must be between 1 and " + std::to_string(kMaxQueryLimit));
}

Status DecodePlacementCursor(const std::string& cursor, int64_t& time, LicenseId& license,
                             std::string& machine) {
  std::string key;
  RELIC_RETURN_IF_ERROR(DecodeCursor(cursor, time, key));
  auto parsed = key.size() > 32 ? LicenseId::Parse(key.substr(0, 32))
                                : Result<LicenseId>(Status(Code::kInvalidArgument, "short"));
  if (!parsed.ok()) {
    return Status(Code::kInvalidArgument,
                  "the paging cursor (--after, \"after\") belongs to another kind of list; "
                  "pass the \"next\" value of the previous page of placements");
  }
  license = *parsed;
  machine = key.substr(32);
  return Status::Ok();
}

Status DecodeRecordCursor(const std::string& cursor, int64_t& time, int64_t& id) {
  std::string key;
  RELIC_RETURN_IF_ERROR(DecodeCursor(cursor, time, key));
  auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), id);
  if (ec != std::errc() || end != key.data() + key.size()) {
    return Status(Code::kInvalidArgument,
                  "the paging cursor (--after, \"after\") belongs to another kind of list; pass "
                  "the \"next\" value of the previous page of this list");
  }
  return Status::Ok();
}

Status NotFilterable(const char* what, const char* list) {
  return Status(Code::kInvalidArgument,
                std::string(list) + " cannot be filtered by " + what + "; leave it out");
}

Status CheckMachineId(std::string_view text) {
  bool ok = text.size() == 32;
  for (char c : text) ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  if (ok) return Status::Ok();
  return Status(Code::kInvalidArgument,
                "a machine ID is 32 lower-case hex digits, as `relic machine` and `relic-lms "
                "ledger` show it");
}

}  // namespace relic::lms
