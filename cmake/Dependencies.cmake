# SPDX-License-Identifier: Apache-2.0
# Every dependency is a Debian package; scripts/install-deps installs them.
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
# The LMS's HTTP service and the restore client's HTTP client. Its pkg-config
# file carries the feature macros (CPPHTTPLIB_OPENSSL_SUPPORT, ...) the
# shared libcpp-httplib was built with; both sides must agree on them. relic
# also calls OpenSSL itself (TLS on the service's connections).
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
pkg_check_modules(OPENSSL REQUIRED IMPORTED_TARGET openssl)
# sd_notify for relic-lms under systemd (Type=notify); relic-lms links it alone.
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
# PostgreSQL's C client library, for the LMS's PostgreSQL ledger; only the
# server's library (src/lms) links it, never the client library.
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
# relic-lms.conf; header-only, linked by relic-lms alone.
find_package(toml11 3.7 REQUIRED)
find_package(Threads REQUIRED)
if(RELIC_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(RELIC_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()
