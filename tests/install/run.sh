#!/usr/bin/env bash
# tests/install/run.sh BUILD_DIR
#
# Installs BUILD_DIR into a temporary prefix, checks the installed files and
# the shared library's exported symbols, then builds and runs two consumers:
# consumer/ through find_package(relic) and consumer/x.cc through pkg-config,
# then consumer/sdk.c, a C program, with the C compiler (CC, default gcc).
# CXX and RELIC_INSTALL_TEST_FLAGS (for example -fsanitize=address) pick the
# consumers' compiler and extra flags.
set -euo pipefail

[[ $# -eq 1 ]] || { echo "usage: $0 BUILD_DIR" >&2; exit 2; }
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cxx=${CXX:-g++}
read -r -a flags <<<"${RELIC_INSTALL_TEST_FLAGS:-}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/relic-install-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
expected=not_found

fail() { echo "install test: FAIL: $*" >&2; exit 1; }
step() { echo "install test: $*"; }

step "cmake --install $build --prefix $prefix"
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" || { cat "$tmp/install.log"; fail "cmake --install"; }

# The files every consumer relies on.
[[ -x $prefix/bin/relic ]] || fail "no bin/relic"
[[ -f $prefix/include/relic/status.h ]] || fail "no include/relic/status.h"
pc=$(find "$prefix" -name relic.pc -path '*/pkgconfig/*' | head -n1)
[[ -n $pc ]] || fail "no pkgconfig/relic.pc"
libdir=$(dirname "$(dirname "$pc")")
for f in librelic.so librelic.so.0 relicConfig.cmake relicConfigVersion.cmake relicTargets.cmake; do
  [[ -n $(find "$prefix" -name "$f") ]] || fail "no $f installed"
done
lib=$(readlink -f "$libdir/librelic.so")
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" { print $2 }')
[[ $soname == librelic.so.0 ]] || fail "SONAME of $lib is '$soname', not librelic.so.0"
[[ -d $here/../../include/wmsdk && ! -d $prefix/include/wmsdk ]] && fail "include/wmsdk was not installed"

# Only relic's API leaves the library (src/relic.map): no SQLite, libsodium,
# fmt or C++ runtime symbols that could clash with a consumer's own copies.
# The C symbols allowed are exactly those relic.map names one by one (the SDK-
# compatible API of include/wmsdk/), and each of them must be there.
nm -D --defined-only "$lib" | awk '{ sub(/@.*/, "", $NF); print $NF }' >"$tmp/symbols"
if grep -E '^(sqlite3|sodium|crypto_|randombytes|_ZN3fmt|_ZNK3fmt)' "$tmp/symbols" >"$tmp/bad"; then
  fail "librelic.so exports third-party symbols: $(head -n5 "$tmp/bad" | tr '\n' ' ')"
fi
sed -n '/global:/,/extern "C++"/p' "$here/../../src/relic.map" \
  | sed -n 's/^ *\([A-Za-z_][A-Za-z0-9_]*\);$/\1/p' >"$tmp/c-symbols"
[[ -s $tmp/c-symbols ]] || fail "found no C symbols in src/relic.map"
while read -r sym; do
  grep -qxF "$sym" "$tmp/symbols" || fail "librelic.so does not export $sym (named in src/relic.map)"
done <"$tmp/c-symbols"
c++filt <"$tmp/symbols" | grep -Ev '^RELIC_[0-9]+$' \
  | grep -Ev '^(((vtable|typeinfo|typeinfo name|VTT|guard variable|non-virtual thunk|virtual thunk|covariant return thunk) (for|to) )?relic::)' \
  | grep -vxF -f "$tmp/c-symbols" \
  >"$tmp/bad" && fail "librelic.so exports non-relic symbols: $(head -n5 "$tmp/bad" | tr '\n' ' ')"
grep -q '^relic::CodeName(relic::Code)$' <(c++filt <"$tmp/symbols") || fail "relic::CodeName is not exported"
step "librelic.so ($soname) exports $(wc -l <"$tmp/symbols") symbols: relic's and $(wc -l <"$tmp/c-symbols") SDK C symbols"

check_output() {  # NAME BINARY
  local out
  out=$(LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} "$2") || fail "$1 consumer exited $?"
  [[ $out == "$expected" ]] || fail "$1 consumer printed '$out', expected '$expected'"
  step "$1 consumer printed '$out': ok"
}

# 1. A CMake project: find_package(relic REQUIRED) + relic::relic.
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
step "find_package consumer"
cmake -S "$here/consumer" -B "$tmp/cmake-consumer" "${generator[@]}" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_CXX_FLAGS="${flags[*]}" \
  >"$tmp/cmake-consumer.log" 2>&1 || { cat "$tmp/cmake-consumer.log"; fail "configuring the CMake consumer"; }
grep -q "relic .* from $prefix/" "$tmp/cmake-consumer.log" || { cat "$tmp/cmake-consumer.log"; fail "find_package found relic outside $prefix"; }
cmake --build "$tmp/cmake-consumer" >"$tmp/cmake-build.log" 2>&1 || { cat "$tmp/cmake-build.log"; fail "building the CMake consumer"; }
check_output find_package "$tmp/cmake-consumer/x"

# 2. A plain compile: g++ -std=c++20 x.cc $(pkg-config --cflags --libs relic).
step "pkg-config consumer"
export PKG_CONFIG_PATH=$libdir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
version=$(pkg-config --modversion relic) || fail "pkg-config does not know relic"
read -r -a pcflags <<<"$(pkg-config --cflags --libs relic)"
step "$cxx -std=c++20 x.cc ${pcflags[*]}"
"$cxx" -std=c++20 "${flags[@]}" "$here/consumer/x.cc" "${pcflags[@]}" -o "$tmp/pc-consumer" \
  || fail "compiling with pkg-config flags"
check_output "pkg-config (relic $version)" "$tmp/pc-consumer"

# 3. A C program, compiled and linked by the C driver alone: the SDK headers
# are C headers and librelic.so needs no C++ flags from its consumers.
if [[ -d $prefix/include/wmsdk ]]; then
  cc=${CC:-gcc}
  step "$cc -std=c11 sdk.c ${pcflags[*]}"
  "$cc" -std=c11 -pedantic -Wall -Wextra -Werror "${flags[@]}" "$here/consumer/sdk.c" "${pcflags[@]}" \
    -o "$tmp/c-consumer" || fail "compiling the C consumer with pkg-config flags"
  expected="10 1 0"
  check_output "C (gcc alone)" "$tmp/c-consumer"
fi

step "ok"
