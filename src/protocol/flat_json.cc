// SPDX-License-Identifier: Apache-2.0
#include "protocol/flat_json.h"

#include <nlohmann/json.hpp>

namespace relic::lms {
namespace {

using Members = std::map<std::string, std::string, std::less<>>;

// Stops the parser (by returning false) at the first thing a flat object
// cannot hold; the parser itself keeps no more than the token it reads.
class FlatObjectSax {
 public:
  explicit FlatObjectSax(Members& members) : members_(members) {}

  bool null() { return Scalar(); }
  bool boolean(bool) { return Scalar(); }
  bool number_integer(nlohmann::json::number_integer_t) { return Scalar(); }
  bool number_unsigned(nlohmann::json::number_unsigned_t) { return Scalar(); }
  bool number_float(nlohmann::json::number_float_t, const std::string&) { return Scalar(); }
  bool binary(nlohmann::json::binary_t&) { return Fail("holds binary data"); }
  bool string(std::string& value) {
    if (!Scalar()) return false;
    auto [it, inserted] = members_.emplace(std::move(key_), std::move(value));
    if (!inserted) return Fail("gives the member \"" + it->first + "\" twice");
    return true;
  }
  bool start_object(std::size_t) {
    if (depth_ > 0) return Fail("nests an object in another (only strings are expected)");
    ++depth_;
    return true;
  }
  bool end_object() {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) { return Fail("holds an array (only strings are expected)"); }
  bool end_array() { return Fail("holds an array"); }
  bool key(std::string& name) {
    if (members_.count(name) > 0) return Fail("gives the member \"" + name + "\" twice");
    key_ = std::move(name);
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return Fail("is not JSON");
  }

  const std::string& why() const { return why_; }

 private:
  bool Scalar() {
    if (depth_ == 0) return Fail("is not a JSON object");
    return true;
  }
  bool Fail(std::string why) {
    if (why_.empty()) why_ = std::move(why);
    return false;
  }

  Members& members_;
  int depth_ = 0;
  std::string key_;
  std::string why_;
};

}  // namespace

Result<std::map<std::string, std::string, std::less<>>> ParseFlatJsonObject(std::string_view json) {
  Members members;
  FlatObjectSax sax(members);
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(json.begin(), json.end(), &sax);
  } catch (const std::exception&) {
    ok = false;  // sax_parse may still throw on allocation
  }
  if (!ok) return Status(Code::kMalformed, sax.why().empty() ? "is not JSON" : sax.why());
  return members;
}

}  // namespace relic::lms
