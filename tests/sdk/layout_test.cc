// SPDX-License-Identifier: Apache-2.0
// The values of the SDK-compatible headers against two independent sources:
//
// 1. The MinGW-w64 headers (Debian's mingw-w64-common, scripts/install-deps):
//    read at test time from RELIC_MINGW_INCLUDE_DIR, every `#define NAME
//    value`, enum member, DEFINE_GUID and MIDL_INTERFACE("...") is extracted
//    and each one relic's headers also define must have the same value.
// 2. For what MinGW lacks (IWMBackupRestoreProps, the wmdrmsdk.h interfaces,
//    flags and enums), values hand-copied from the API reference
//    (../shared/reference/wm-backup-api.md (beside the repository), section cited per entry).
//
// Every number and IID relic's headers declare must be compared with at
// least one of the two; relic's headers are re-read here so that a new
// declaration cannot escape the comparison (relic_values.inc lists them).
#include <gtest/gtest.h>
#include <wmdrmsdk.h>
#include <wmsdk.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct NumberEntry {
  const char* name;
  std::uint64_t value;
  std::size_t size;
};
struct IidEntry {
  const char* name;
  const IID* iid;
};

#include "sdk/relic_values.inc"

std::string IidString(const IID& g) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", g.Data1,
                g.Data2, g.Data3, g.Data4[0], g.Data4[1], g.Data4[2], g.Data4[3], g.Data4[4],
                g.Data4[5], g.Data4[6], g.Data4[7]);
  return buf;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::uint64_t Mask(std::uint64_t v, std::size_t size) {
  return size >= 8 ? v : v & ((std::uint64_t{1} << (8 * size)) - 1);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every value each name has in MinGW's headers: a name declared twice (an
// IID by DEFINE_GUID and MIDL_INTERFACE, say) is compared both times.
struct Source {
  std::map<std::string, std::set<std::uint64_t>> numbers;
  std::map<std::string, std::set<std::string>> iids;
};

std::uint64_t ParseNumber(const std::string& text) { return std::stoull(text, nullptr, 0); }

void AddNumber(Source& src, const std::string& name, std::uint64_t value) {
  src.numbers[name].insert(value);
}

// Extracts numbers and IIDs from MinGW's headers, line by line.
Source ParseMingw(const std::vector<std::string>& files) {
  static const std::regex define_re(
      R"(^\s*#\s*define\s+(\w+)\s+(?:_HRESULT_TYPEDEF_\(|\(\s*\(\s*\w+\s*\)\s*|\(\s*)?(0x[0-9A-Fa-f]+|-?\d+)[uUlL]*\s*\)?\s*\)?\s*(?:/[/*].*)?$)");
  // A member's value: a number, another member, or members or'ed together.
  static const std::regex enum_re(
      R"(^\s+(\w+)\s*=\s*(0x[0-9A-Fa-f]+|-?\d+|\w+(?:\s*\|\s*\w+)*)\s*,?\s*(?:/[/*].*)?$)");
  static const std::regex guid_re(
      R"(DEFINE_GUID\(\s*(\w+)\s*,\s*0x([0-9A-Fa-f]+)\s*,\s*0x([0-9A-Fa-f]+)\s*,\s*0x([0-9A-Fa-f]+)\s*,\s*0x([0-9A-Fa-f]+)\s*,\s*0x([0-9A-Fa-f]+)\s*,\s*0x([0-9A-Fa-f]+)\s*,\s*0x([0-9A-Fa-f]+)\s*,\s*0x([0-9A-Fa-f]+)\s*,\s*0x([0-9A-Fa-f]+)\s*,\s*0x([0-9A-Fa-f]+)\s*,\s*0x([0-9A-Fa-f]+)\s*\))");
  static const std::regex midl_re(R"re(MIDL_INTERFACE\("([0-9A-Fa-f-]{36})"\))re");
  static const std::regex struct_re(R"(^\s*(\w+)\s*:\s*public\s+\w+)");
  Source src;
  std::map<std::string, std::string> aliases;  // enum member = other member
  for (const std::string& file : files) {
    std::istringstream in(ReadFile(file));
    std::string line;
    std::string pending_midl;
    while (std::getline(in, line)) {
      std::smatch m;
      if (!pending_midl.empty()) {
        if (std::regex_search(line, m, struct_re))
          src.iids["IID_" + m[1].str()].insert(pending_midl);
        pending_midl.clear();
      }
      if (std::regex_match(line, m, define_re)) {
        AddNumber(src, m[1], ParseNumber(m[2]));
      } else if (std::regex_match(line, m, enum_re)) {
        const std::string v = m[2];
        if (std::isdigit(static_cast<unsigned char>(v[0])) || v[0] == '-') {
          AddNumber(src, m[1], ParseNumber(v));
        } else {
          aliases[m[1]] = v;
        }
      } else if (std::regex_search(line, m, guid_re)) {
        char buf[40];
        std::snprintf(buf, sizeof buf,
                      "%08llx-%04llx-%04llx-%02llx%02llx-%02llx%02llx%02llx%02llx%02llx%02llx",
                      std::stoull(m[2], nullptr, 16), std::stoull(m[3], nullptr, 16),
                      std::stoull(m[4], nullptr, 16), std::stoull(m[5], nullptr, 16),
                      std::stoull(m[6], nullptr, 16), std::stoull(m[7], nullptr, 16),
                      std::stoull(m[8], nullptr, 16), std::stoull(m[9], nullptr, 16),
                      std::stoull(m[10], nullptr, 16), std::stoull(m[11], nullptr, 16),
                      std::stoull(m[12], nullptr, 16));
        src.iids[m[1]].insert(buf);
      } else if (std::regex_search(line, m, midl_re)) {
        pending_midl = Lower(m[1]);
      }
    }
  }
  static const std::regex word_re(R"(\w+)");
  for (const auto& [name, expression] : aliases) {
    std::uint64_t value = 0;
    bool known = true;
    for (std::sregex_iterator w(expression.begin(), expression.end(), word_re), end; w != end;
         ++w) {
      auto it = src.numbers.find(w->str());
      if (it == src.numbers.end() || it->second.size() != 1) {
        known = false;
        break;
      }
      value |= *it->second.begin();
    }
    if (known) AddNumber(src, name, value);
  }
  return src;
}

// Values MinGW-w64 does not declare, copied by hand from
// ../shared/reference/wm-backup-api.md (beside the repository).
const std::map<std::string, std::uint64_t> kReferenceNumbers = {
    // §4.3 Flags (MS-hdr-WMF9 lines 895-896).
    {"WM_BACKUP_OVERWRITE", 0x00000001},
    {"WM_RESTORE_INDIVIDUALIZE", 0x00000002},
    // §6.3 Flags (MS-hdr-wmdrmsdk).
    {"WMDRM_BACKUP_OVERWRITE", 0x00000001},
    {"WMDRM_RESTORE_INDIVIDUALIZE", 0x00000002},
    {"WMDRM_SECURITY_PERFORM_INDIV", 0x00000001},
    {"WMDRM_SECURITY_PERFORM_REVOCATION_REFRESH", 0x00000002},
    {"WMDRM_SECURITY_PERFORM_FORCE_INDIV", 0x00000004},
    {"WMDRM_ACQUIRE_LICENSE_SILENT", 0x00000001},
    {"WMDRM_ACQUIRE_LICENSE_NONSILENT", 0x00000002},
    {"WMDRM_ACQUIRE_LICENSE_LEGACY_NONSILENT", 0x00000004},
    {"WMDRM_DELETE_LICENSE_IMMEDIATELY", 0x00000001},
    {"WMDRM_DELETE_LICENSE_MARK_FOR_PURGE", 0x00000002},
    {"WMDRM_CLEAN_LICENSE_STORE_SYNC", 0x00000001},
    {"WMDRM_CLEAN_LICENSE_STORE_ASYNC", 0x00000002},
    // §6.4 MSDRM_STATUS and DRM_ATTR_DATATYPE.
    {"DRM_ERROR", 0},
    {"DRM_INFORMATION", 1},
    {"DRM_BACKUPRESTORE_BEGIN", 2},
    {"DRM_BACKUPRESTORE_END", 3},
    {"DRM_BACKUPRESTORE_CONNECTING", 4},
    {"DRM_BACKUPRESTORE_DISCONNECTING", 5},
    {"DRM_ERROR_WITHURL", 6},
    {"DRM_RESTRICTED_LICENSE", 7},
    {"DRM_NEEDS_INDIVIDUALIZATION", 8},
    {"DRM_PLAY_OPL_NOTIFICATION", 9},
    {"DRM_COPY_OPL_NOTIFICATION", 10},
    {"DRM_REFRESHCRL_COMPLETE", 11},
    {"DRM_TYPE_DWORD", 0},
    {"DRM_TYPE_STRING", 1},
    {"DRM_TYPE_BINARY", 2},
    {"DRM_TYPE_BOOL", 3},
    {"DRM_TYPE_QWORD", 4},
    {"DRM_TYPE_WORD", 5},
    {"DRM_TYPE_GUID", 6},
    // §5.1 (the codes the backup restorer itself produces; MinGW has them too).
    {"NS_E_DRM_BACKUP_EXISTS", 0xC00D2742},
    {"NS_E_DRM_BACKUP_CORRUPT", 0xC00D2743},
    {"NS_E_DRM_BACKUPRESTORE_BUSY", 0xC00D2744},
    {"NS_E_DRM_RESTORE_FRAUD", 0xC00D2753},
    {"NS_E_DRM_OPERATION_CANCELED", 0xC00D2768},
    {"NS_E_DRM_RESTORE_SERVICE_UNAVAILABLE", 0xC00D2846},
    // §4.1 WMT_STATUS, the backup/restore members (MinGW has them too).
    {"WMT_BACKUPRESTORE_BEGIN", 21},
    {"WMT_BACKUPRESTORE_END", 27},
    {"WMT_BACKUPRESTORE_CONNECTING", 28},
    {"WMT_BACKUPRESTORE_DISCONNECTING", 29},
    {"WMT_ERROR_WITHURL", 30},
    {"WMT_RESTRICTED_LICENSE", 31},
    {"WMT_CONTENT_ENABLER", 51},
};

const std::map<std::string, std::string> kReferenceIids = {
    // §3 (MS-hdr-WMF9 EXTERN_GUID block); MinGW lacks IWMBackupRestoreProps.
    {"IID_IWMLicenseBackup", "05e5ac9f-3fb6-4508-bb43-a4067ba1ebe8"},
    {"IID_IWMLicenseRestore", "c70b6334-a22e-4efb-a245-15e65a004a13"},
    {"IID_IWMBackupRestoreProps", "3c8e0da6-996f-4ff3-a1af-4838f9377e2e"},
    {"IID_IWMStatusCallback", "6d7cdc70-9888-11d3-8edc-00c04f6109cf"},
    // §6.1-6.4 (MS-hdr-wmdrmsdk); MinGW's wmdrmsdk.h has none of these.
    {"IID_IWMDRMProvider", "98dc8917-8640-4b1d-9f1e-a590d40357ee"},
    {"IID_IWMDRMEventGenerator", "ce11cc91-e615-4e0b-be1f-09b5aec033f2"},
    {"IID_IWMDRMLicenseManagement", "f4828dc7-8945-4d05-ab05-667ab99d29ee"},
    {"IID_IWMDRMLicenseBackupRestoreStatus", "f653c5a2-0eb3-4503-9d88-c200552d0d55"},
    // §6.2 (mingw mfobjects.idl, quoted by the reference).
    {"IID_IMFMediaEventGenerator", "2cd0bd52-bcd5-4b89-b62c-eadc0c031e7d"},
};

std::string MingwDir() {
  const char* env = std::getenv("RELIC_MINGW_INCLUDE_DIR");
  return env != nullptr ? env : RELIC_MINGW_INCLUDE_DIR;
}

const Source& Mingw() {
  static const Source src = [] {
    const std::string dir = MingwDir();
    std::vector<std::string> files;
    for (const char* f :
         {"nserror.h", "wmsdkidl.h", "mferror.h", "mfobjects.h", "propidl.h", "wtypes.h",
          "winerror.h", "combaseapi.h", "objbase.h", "wmdrmsdk.h", "minwindef.h", "unknwn.h"}) {
      files.push_back(dir + "/" + f);
    }
    return ParseMingw(files);
  }();
  return src;
}

TEST(SdkLayout, MingwHeadersArePresentAndParsed) {
  const Source& src = Mingw();
  // A sanity floor, so that a regex that silently stops matching fails here.
  ASSERT_GT(src.numbers.size(), 1000u)
      << "MinGW-w64 headers not found or not parsed in " << MingwDir()
      << " (Debian package mingw-w64-common; scripts/install-deps)";
  ASSERT_EQ(src.numbers.count("NS_E_DRM_BACKUP_EXISTS"), 1u);
  ASSERT_EQ(src.iids.count("IID_IWMLicenseBackup"), 1u);
}

TEST(SdkLayout, NumbersMatchMingwAndTheReference) {
  const Source& src = Mingw();
  int compared_mingw = 0, compared_reference = 0;
  for (const NumberEntry& e : kRelicNumbers) {
    bool compared = false;
    const std::uint64_t ours = Mask(e.value, e.size);
    if (auto it = src.numbers.find(e.name); it != src.numbers.end()) {
      for (std::uint64_t theirs : it->second) {
        EXPECT_EQ(ours, Mask(theirs, e.size)) << e.name << " differs from MinGW-w64";
      }
      compared = true;
      ++compared_mingw;
    }
    if (auto it = kReferenceNumbers.find(e.name); it != kReferenceNumbers.end()) {
      EXPECT_EQ(ours, Mask(it->second, e.size)) << e.name << " differs from the reference";
      compared = true;
      ++compared_reference;
    }
    EXPECT_TRUE(compared) << e.name << " is in neither MinGW-w64 nor the reference table";
  }
  std::printf("compared %d numbers with MinGW-w64, %d with the reference\n", compared_mingw,
              compared_reference);
}

TEST(SdkLayout, IidsMatchMingwAndTheReference) {
  const Source& src = Mingw();
  for (const IidEntry& e : kRelicIids) {
    bool compared = false;
    const std::string ours = IidString(*e.iid);
    if (auto it = src.iids.find(e.name); it != src.iids.end()) {
      for (const std::string& theirs : it->second)
        EXPECT_EQ(ours, theirs) << e.name << " differs from MinGW-w64";
      compared = true;
    }
    if (auto it = kReferenceIids.find(e.name); it != kReferenceIids.end()) {
      EXPECT_EQ(ours, it->second) << e.name << " differs from the reference";
      compared = true;
    }
    EXPECT_TRUE(compared) << e.name << " is in neither MinGW-w64 nor the reference table";
  }
}

TEST(SdkLayout, ReferenceAgreesWithMingwWhereBothHaveAValue) {
  const Source& src = Mingw();
  for (const auto& [name, value] : kReferenceNumbers) {
    if (auto it = src.numbers.find(name); it != src.numbers.end()) {
      for (std::uint64_t theirs : it->second) EXPECT_EQ(Mask(value, 4), Mask(theirs, 4)) << name;
    }
  }
  for (const auto& [name, value] : kReferenceIids) {
    if (auto it = src.iids.find(name); it != src.iids.end()) {
      for (const std::string& theirs : it->second) EXPECT_EQ(value, theirs) << name;
    }
  }
}

// relic_values.inc must list everything the headers declare.
TEST(SdkLayout, ValueTableCoversTheHeaders) {
  static const std::regex define_re(
      R"(^#define ([A-Z][A-Z0-9_]+) (RELIC_COM_CAST\(\w+, )?(0x[0-9A-Fa-f]+|-?\d+)L?\)?$)");
  static const std::regex enum_re(R"(^  ([A-Za-z][A-Za-z0-9_]+) = .*$)");
  static const std::regex iid_re(R"(^EXTERN_C (?:RELIC_EXPORT )?const IID (IID_\w+);)");
  std::set<std::string> numbers, iids;
  for (const NumberEntry& e : kRelicNumbers) numbers.insert(e.name);
  for (const IidEntry& e : kRelicIids) iids.insert(e.name);
  int seen = 0;
  for (const char* h : {"relic_com.h", "nserror.h", "wmsdkidl.h", "wmdrmsdk.h", "wmsdk.h"}) {
    std::istringstream in(ReadFile(std::string(RELIC_WMSDK_INCLUDE_DIR) + "/" + h));
    std::string line;
    while (std::getline(in, line)) {
      std::smatch m;
      if (std::regex_match(line, m, define_re) || std::regex_match(line, m, enum_re)) {
        EXPECT_EQ(numbers.count(m[1]), 1u)
            << m[1] << " (" << h << ") is missing from relic_values.inc";
        ++seen;
      } else if (std::regex_search(line, m, iid_re)) {
        EXPECT_EQ(iids.count(m[1]), 1u)
            << m[1] << " (" << h << ") is missing from relic_values.inc";
        ++seen;
      }
    }
  }
  EXPECT_EQ(seen, static_cast<int>(std::size(kRelicNumbers) + std::size(kRelicIids)));
}

TEST(SdkLayout, BaseTypeSizesAreWindows64) {
  static_assert(sizeof(HRESULT) == 4 && static_cast<HRESULT>(-1) < 0, "HRESULT");
  static_assert(sizeof(LONG) == 4 && sizeof(ULONG) == 4 && sizeof(DWORD) == 4, "32-bit longs");
  static_assert(sizeof(WORD) == 2 && sizeof(BYTE) == 1 && sizeof(BOOL) == 4, "WORD BYTE BOOL");
  static_assert(sizeof(WCHAR) == 2, "WCHAR is a UTF-16 code unit");
  static_assert(sizeof(GUID) == 16 && offsetof(GUID, Data2) == 4 && offsetof(GUID, Data3) == 6 &&
                    offsetof(GUID, Data4) == 8,
                "GUID");
  static_assert(sizeof(PROPVARIANT) == 24, "PROPVARIANT on 64-bit Windows");
  static_assert(sizeof(WM_BACKUP_RESTORE_STATUS) == 16, "enum + BSTR");
  static_assert(sizeof(WMDRM_LICENSE_FILTER) == 32, "DWORD + 3 BSTR");
  static_assert(
      sizeof(WMT_STATUS) == 4 && sizeof(WMT_ATTR_DATATYPE) == 4 && sizeof(MSDRM_STATUS) == 4,
      "enums");
  EXPECT_EQ(S_OK, 0);
  EXPECT_EQ(static_cast<std::uint32_t>(E_FAIL), 0x80004005u);
}

}  // namespace
