// SPDX-License-Identifier: Apache-2.0
#include "config_file.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <sstream>
#include <toml.hpp>

namespace relic::lms_cli {
namespace {

bool IsSetting(const CLI::Option& option) {
  const std::string flag = option.get_name(false, true);
  return flag.starts_with("--") && flag != "--help" && flag != kConfigOption &&
         flag != kPrintConfigOption;
}

std::string KeyForFlag(const std::string& flag) {
  std::string key = flag.substr(2);
  std::replace(key.begin(), key.end(), '-', '_');
  return key;
}

// toml11 explains a syntax error over several lines, drawing the offending
// line ("[error] what", " --> file", "   |", " 2 | text", ...); relic-lms
// reports one line, so it keeps the first and the line number.
std::string OneLine(const std::string& text) {
  std::istringstream in(text);
  std::string first;
  std::getline(in, first);
  std::string line;
  while (std::getline(in, line)) {
    size_t at = line.find_first_not_of(' ');
    size_t bar = line.find(" |");
    if (at != std::string::npos && bar != std::string::npos && bar > at &&
        std::isdigit(static_cast<unsigned char>(line[at]))) {
      return first + " (line " + line.substr(at, bar - at) + ")";
    }
  }
  return first;
}

}  // namespace

std::string FlagForKey(const std::string& key) {
  std::string flag = "--" + key;
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

std::string EnvForFlag(const std::string& flag) {
  std::string name = "RELIC_LMS_" + flag.substr(2);
  for (char& c : name) c = c == '-' ? '_' : static_cast<char>(std::toupper(c));
  return name;
}

Result<ConfigEntries> ReadConfigFile(Env* env, const std::string& path) {
  auto bytes = ReadWholeFile(env, path, uint64_t{1024} * 1024);
  if (!bytes.ok()) {
    if (bytes.status().code() == Code::kNotFound) {
      return Status(Code::kNotFound, "the configuration file " + path +
                                         " does not exist; give an existing file to --config");
    }
    return bytes.status();
  }
  // toml11 reports errors by throwing; none leaves this function.
  try {
    std::istringstream in(std::string(bytes->begin(), bytes->end()));
    const toml::value root = toml::parse(in, path);
    ConfigEntries entries;
    for (const auto& [key, value] : root.as_table()) {
      std::string text;
      switch (value.type()) {
        case toml::value_t::string:
          text = value.as_string().str;
          break;
        case toml::value_t::integer:
          text = std::to_string(value.as_integer());
          break;
        case toml::value_t::boolean:
          text = value.as_boolean() ? "true" : "false";
          break;
        case toml::value_t::floating: {
          std::ostringstream out;
          out << value.as_floating();
          text = out.str();
          break;
        }
        default:
          return Status(
              Code::kInvalidArgument,
              path + ": \"" + key + "\" must be a string or a number, not a table, array or date");
      }
      entries.emplace_back(key, std::move(text));
    }
    // toml11 3.7 keeps a table unordered; sorted, the first error reported
    // is the same on every run.
    std::sort(entries.begin(), entries.end());
    return entries;
  } catch (const std::exception& e) {
    return Status(Code::kInvalidArgument, path + " is not a valid TOML file: " + OneLine(e.what()) +
                                              "; see docs/lms.md, \"Configuration\"");
  }
}

void BindEnvironment(CLI::App& serve) {
  for (CLI::Option* option : serve.get_options()) {
    if (IsSetting(*option)) option->envname(EnvForFlag(option->get_name(false, true)));
  }
}

Status ApplyConfig(CLI::App& serve, const ConfigEntries& entries, const std::string& path) {
  for (const auto& [key, value] : entries) {
    CLI::Option* option = nullptr;
    const std::string flag = FlagForKey(key);
    for (CLI::Option* candidate : serve.get_options()) {
      if (IsSetting(*candidate) && candidate->get_name(false, true) == flag &&
          KeyForFlag(flag) == key) {
        option = candidate;
      }
    }
    if (option == nullptr) {
      std::string known;
      for (CLI::Option* candidate : serve.get_options()) {
        if (!IsSetting(*candidate)) continue;
        known += (known.empty() ? "" : ", ") + KeyForFlag(candidate->get_name(false, true));
      }
      return Status(Code::kInvalidArgument,
                    path + ": unknown setting \"" + key + "\"; the settings are " + known);
    }
    try {
      option->default_val(value);
    } catch (const CLI::Error& e) {
      return Status(Code::kInvalidArgument,
                    path + ": bad value \"" + value + "\" for \"" + key + "\": " + e.what());
    }
  }
  return Status::Ok();
}

std::string ConfigPathFromCommandLine(int argc, char** argv) {
  bool serving = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "serve") serving = true;
    if (!serving) continue;
    if (arg == kConfigOption && i + 1 < argc) return argv[i + 1];
    const std::string prefix = std::string(kConfigOption) + "=";
    if (arg.starts_with(prefix)) return std::string(arg.substr(prefix.size()));
  }
  if (!serving) return "";
  const char* env = std::getenv(kConfigEnv);
  return env != nullptr ? env : "";
}

std::string EffectiveConfig(const CLI::App& serve) {
  std::string out;
  for (const CLI::Option* option : serve.get_options()) {
    if (!IsSetting(*option)) continue;
    const std::string value =
        option->count() > 0 ? option->results().front() : option->get_default_str();
    if (value.empty()) continue;
    const bool number = std::all_of(value.begin(), value.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c));
    });
    out += KeyForFlag(option->get_name(false, true)) + " = " +
           (number ? value : toml::format(toml::value(value))) + "\n";
  }
  return out;
}

}  // namespace relic::lms_cli
