// SPDX-License-Identifier: Apache-2.0
// The `serve` settings from a TOML file (/etc/relic-lms/relic-lms.conf in
// the package) and from RELIC_LMS_* environment variables. Every `serve`
// option is a setting: `--max-connections` is `max_connections` in the
// file and RELIC_LMS_MAX_CONNECTIONS in the environment, so an option added
// to `serve` is configurable everywhere without a table to keep in step.
// Precedence: a flag, then the environment, then the file, then the
// built-in default (docs/lms.md, "Configuration").
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "relic/env.h"
#include "relic/status.h"

namespace CLI {
class App;
}

namespace relic::lms_cli {

// Options of `serve` that are not settings.
inline constexpr const char* kConfigOption = "--config";
inline constexpr const char* kPrintConfigOption = "--print-config";
inline constexpr const char* kConfigEnv = "RELIC_LMS_CONFIG";

// "max_connections" -> "--max-connections", "RELIC_LMS_MAX_CONNECTIONS".
std::string FlagForKey(const std::string& key);
std::string EnvForFlag(const std::string& flag);

// The file's top-level keys and their values as text (numbers and booleans
// as TOML writes them). Errors: kNotFound (no file), kInvalidArgument (not
// TOML, naming the line; a table, array or date as a value).
using ConfigEntries = std::vector<std::pair<std::string, std::string>>;
Result<ConfigEntries> ReadConfigFile(Env* env, const std::string& path);

// Names an environment variable for every setting of `serve`.
void BindEnvironment(CLI::App& serve);

// Makes each entry the default of its `serve` option, checked as the flag
// would be. kInvalidArgument naming the key for an unknown key or a bad
// value.
Status ApplyConfig(CLI::App& serve, const ConfigEntries& entries, const std::string& path);

// The configuration file named on the command line (--config F or
// --config=F) of a `serve` command, else $RELIC_LMS_CONFIG, else "".
std::string ConfigPathFromCommandLine(int argc, char** argv);

// The settings `serve` will use, as a TOML file would hold them.
std::string EffectiveConfig(const CLI::App& serve);

}  // namespace relic::lms_cli
