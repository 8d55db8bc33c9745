#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tests/install/run.sh BUILD_DIR
# tests/install/run.sh --installed PREFIX
#
# Installs BUILD_DIR into a temporary prefix (or, with --installed, takes what
# is installed in PREFIX already, such as /usr from the Debian packages: CI's
# deb stage), checks the installed files and
# the shared library's exported symbols, then builds and runs two consumers:
# consumer/ through find_package(relic) and consumer/x.cc through pkg-config,
# then consumer/sdk.c, a C program, with the C compiler (CC, default gcc).
# Last, the SDK applications (consumer/backup_restore.c with gcc alone,
# backup_restore.cc and wmdrm_poll.cc with g++ alone, each with nothing but
# pkg-config's flags) really move licenses between relic homes, with a
# License Management Service (the installed relic-lms) on loopback.
# CXX and RELIC_INSTALL_TEST_FLAGS (for example -fsanitize=address) pick the
# consumers' compiler and extra flags.
set -euo pipefail

usage="usage: $0 BUILD_DIR | --installed PREFIX"
installed=""
if [[ ${1:-} == --installed ]]; then
  [[ $# -eq 2 && -d $2 ]] || { echo "$usage" >&2; exit 2; }
  installed=$2
else
  [[ $# -eq 1 ]] || { echo "$usage" >&2; exit 2; }
  build=$(cd "$1" && pwd)
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cxx=${CXX:-g++}
read -r -a flags <<<"${RELIC_INSTALL_TEST_FLAGS:-}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/relic-install-test.XXXXXX")
lms_pid=""
cleanup() {
  if [[ -n $lms_pid ]]; then kill "$lms_pid" 2>/dev/null || true; wait "$lms_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
prefix=${installed:-$tmp/prefix}
expected=not_found

fail() { echo "install test: FAIL: $*" >&2; exit 1; }
step() { echo "install test: $*"; }

if [[ -z $installed ]]; then
  step "cmake --install $build --prefix $prefix"
  cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" || { cat "$tmp/install.log"; fail "cmake --install"; }
else
  step "relic as installed in $prefix"
fi

# The files every consumer relies on.
[[ -x $prefix/bin/relic ]] || fail "no bin/relic"
[[ -x $prefix/bin/relic-lms ]] || fail "no bin/relic-lms"
[[ -f $prefix/include/relic/status.h ]] || fail "no include/relic/status.h"
if [[ -z $installed ]]; then
  pc=$(find "$prefix" -name relic.pc -path '*/pkgconfig/*' | head -n1)
else
  # The system's own search path, as any consumer's pkg-config has it.
  pc=$(pkg-config --variable=pcfiledir relic 2>/dev/null)/relic.pc
fi
[[ -f $pc ]] || fail "no pkgconfig/relic.pc"
libdir=$(dirname "$(dirname "$pc")")
[[ $libdir == "$prefix"/* ]] || fail "relic.pc is in $libdir, outside $prefix"
for f in librelic.so librelic.so.0 relicConfig.cmake relicConfigVersion.cmake relicTargets.cmake; do
  [[ -n $(find "$libdir" -name "$f") ]] || fail "no $f installed"
done
# An installed library must be found by the loader alone, without help
# (check_output checks each consumer loads it from there).
if [[ -n $installed ]]; then
  ldpath=${LD_LIBRARY_PATH:-}
else
  ldpath=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
fi
lib=$(readlink -f "$libdir/librelic.so")
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" { print $2 }')
[[ $soname == librelic.so.0 ]] || fail "SONAME of $lib is '$soname', not librelic.so.0"
[[ -d $here/../../include/wmsdk && ! -d $prefix/include/wmsdk ]] && fail "include/wmsdk was not installed"

# Only relic's public API leaves the library (RELIC_EXPORT, src/relic.map):
# no internal, no SQLite, libsodium, fmt or C++ runtime symbols that could
# clash with a consumer's own copies.
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
grep -q '^relic::CodeName(relic::Code)$' <(c++filt <"$tmp/symbols") || fail "relic::CodeName is not exported"
# Exactly the public API (abi/librelic.symbols): no internal, no test hook.
bash "$here/../../scripts/check-symbols" "$lib" || fail "librelic.so's exports differ from abi/librelic.symbols"
[[ -f $prefix/include/relic/version.h ]] || fail "no include/relic/version.h"
step "librelic.so ($soname) exports $(wc -l <"$tmp/symbols") symbols: the public API and $(wc -l <"$tmp/c-symbols") SDK C symbols"

check_output() {  # NAME BINARY
  local out
  local loaded  # (/lib is /usr/lib on a merged-/usr system: compare real paths)
  loaded=$(LD_LIBRARY_PATH=$ldpath ldd "$2" | awk '$1 == "librelic.so.0" { print $3 }')
  [[ -n $loaded && $(readlink -f "$loaded") == $(readlink -f "$libdir/librelic.so.0") ]] \
    || fail "$1 consumer loads librelic.so.0 from '$loaded', not from $libdir"
  out=$(LD_LIBRARY_PATH=$ldpath "$2") || fail "$1 consumer exited $?"
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
[[ -n $installed ]] || export PKG_CONFIG_PATH=$libdir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
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

# 4. Applications written as the SDK documentation describes, against the
# installed library, moving licenses between homes through a real LMS.
if [[ -d $prefix/include/wmsdk ]]; then
  relic=$prefix/bin/relic
  relic_lms=$prefix/bin/relic-lms
  run_lib() { LD_LIBRARY_PATH=$ldpath "$@"; }
  json_field() { sed -n "s/.*\"$1\": *\"\([^\"]*\)\".*/\1/p" | head -n 1; }
  w=$tmp/sdk-world
  mkdir -p "$w/trust" "$w/usb-c" "$w/usb-cxx" "$w/usb-wmdrm"
  unset RELIC_HOME XDG_DATA_HOME
  printf '0123456789abcdef0123456789abcdef\n' >"$w/machine-id"
  export RELIC_MACHINE_ID_FILE=$w/machine-id RELIC_TRUST_DIR=$w/trust HOME=$w

  step "SDK applications: an issuer, a machine A with three licenses, an LMS"
  run_lib "$relic" issuer init --issuer "$w/issuer" >/dev/null || fail "relic issuer init"
  head -c 20000 /dev/urandom >"$w/song"
  kid=$(run_lib "$relic" package "$w/song" -o "$w/song.rpk" --issuer "$w/issuer" --json | json_field kid)
  [[ -n $kid ]] || fail "relic package gave no kid"
  run_lib "$relic" issuer show --issuer "$w/issuer" --json | json_field public_key >"$w/trust/issuer.key"
  export RELIC_HOME=$w/a
  run_lib "$relic" init >/dev/null || fail "relic init"
  machine_key=$(run_lib "$relic" machine --json | json_field public_key)
  lms_key=$("$relic_lms" init --home "$w/lms" --json | json_field public_key)
  [[ -n $lms_key ]] || fail "relic-lms init gave no key"
  # The service restores licenses of the issuers its policy lists (docs/lms.md).
  printf '{"issuers": ["%s"]}\n' "$(cat "$w/trust/issuer.key")" >"$w/policy.json"
  "$relic_lms" serve --home "$w/lms" --listen 127.0.0.1:0 --policy "$w/policy.json" \
    2>"$w/lms.log" &
  lms_pid=$!
  lms_url=""
  for _ in $(seq 200); do
    lms_url=$(sed -n 's/^relic-lms: serving on \(http[^ ]*\).*/\1/p' "$w/lms.log")
    [[ -n $lms_url ]] && break
    sleep 0.1
  done
  [[ -n $lms_url ]] || { cat "$w/lms.log" >&2; fail "relic-lms serve did not start"; }
  for i in 1 2; do
    run_lib "$relic" issue --issuer "$w/issuer" --kid "$kid" --machine "$machine_key" \
      --allow-backup --lms-key "$lms_key" --lms-url "$lms_url" -o "$w/ok-$i.rlic" >/dev/null \
      || fail "relic issue"
  done
  run_lib "$relic" issue --issuer "$w/issuer" --kid "$kid" --machine "$machine_key" \
    -o "$w/restricted.rlic" >/dev/null || fail "relic issue"
  run_lib "$relic" license add "$w/ok-1.rlic" "$w/ok-2.rlic" "$w/restricted.rlic" >/dev/null \
    || fail "relic license add"

  # The licenses on HOME: how many, and the content plays there.
  check_home() {  # NAME HOME
    local count
    count=$(RELIC_HOME=$2 run_lib "$relic" license list --json | grep -c '"license_id"' || true)
    [[ $count == 2 ]] || fail "$1: $2 holds $count licenses, expected the 2 that allow backup"
    RELIC_HOME=$2 run_lib "$relic" play "$w/song.rpk" -o "$w/played" >/dev/null || fail "$1: play on $2"
    cmp -s "$w/song" "$w/played" || fail "$1: the content played on $2 is not the original"
    rm -f "$w/played"
  }
  # What OnStatus saw, as "<status> 0x<hr> [text]" lines.
  expected_legacy="21 0x00000000
31 0x00000000 $kid
27 0x00000000
28 0x00000000
29 0x00000000
21 0x00000000
27 0x00000000"

  cc=${CC:-gcc}
  step "$cc -std=c11 backup_restore.c $(pkg-config --cflags --libs relic)"
  "$cc" -std=c11 -pedantic -Wall -Wextra -Werror "${flags[@]}" "$here/consumer/backup_restore.c" \
    "${pcflags[@]}" -o "$tmp/backup_restore_c" || fail "compiling backup_restore.c"
  out=$(run_lib "$tmp/backup_restore_c" "$w/usb-c" "$w/b") || fail "backup_restore.c exited $?: $out"
  [[ $out == "$expected_legacy" ]] || fail "backup_restore.c printed:
$out
expected:
$expected_legacy"
  check_home "C application" "$w/b"
  step "C application: moved 2 licenses from A to B, events as documented: ok"

  step "$cxx -std=c++20 backup_restore.cc $(pkg-config --cflags --libs relic)"
  "$cxx" -std=c++20 -Wall -Wextra -Werror "${flags[@]}" "$here/consumer/backup_restore.cc" \
    "${pcflags[@]}" -o "$tmp/backup_restore_cxx" || fail "compiling backup_restore.cc"
  out=$(run_lib "$tmp/backup_restore_cxx" "$w/usb-cxx" "$w/c") || fail "backup_restore.cc exited $?: $out"
  [[ $out == "$expected_legacy" ]] || fail "backup_restore.cc printed:
$out
expected:
$expected_legacy"
  check_home "C++ application" "$w/c"
  step "C++ application: moved 2 licenses from A to C: ok"

  step "$cxx -std=c++20 wmdrm_poll.cc $(pkg-config --cflags --libs relic)"
  "$cxx" -std=c++20 -Wall -Wextra -Werror "${flags[@]}" "$here/consumer/wmdrm_poll.cc" \
    "${pcflags[@]}" -o "$tmp/wmdrm_poll" || fail "compiling wmdrm_poll.cc"
  out=$(run_lib "$tmp/wmdrm_poll" backup "$w/usb-wmdrm") || fail "wmdrm_poll backup exited $?: $out"
  [[ $out == "501 0x00000000 2
501 0x00000000 7 $kid
501 0x00000000 3
500 0x00000000" ]] || fail "wmdrm_poll backup printed:
$out"
  out=$(RELIC_HOME=$w/d run_lib "$tmp/wmdrm_poll" restore "$w/usb-wmdrm") \
    || fail "wmdrm_poll restore exited $?: $out"
  [[ $out == "503 0x00000000 4
503 0x00000000 5
503 0x00000000 2
503 0x00000000 3
502 0x00000000" ]] || fail "wmdrm_poll restore printed:
$out"
  check_home "Extended-API application" "$w/d"
  step "extended-API application (polling GetEvent): moved 2 licenses from A to D: ok"

  # Another COM shim loaded first, exporting SysAllocStringLen (here one that
  # always fails): relic's own calls still reach relic's definitions, so the
  # progress events still carry their KID.
  step "another COM shim in the process: relic's calls stay its own"
  printf '%s\n' '#include <stddef.h>' \
    'void *SysAllocStringLen(const void *s, unsigned n) { (void)s; (void)n; return NULL; }' \
    >"$tmp/othercom.c"
  "$cc" -shared -fPIC -o "$tmp/libothercom.so" "$tmp/othercom.c" || fail "building the other shim"
  "$cxx" -std=c++20 "${flags[@]}" "$here/consumer/wmdrm_poll.cc" -L"$tmp" -Wl,--no-as-needed \
    -lothercom "${pcflags[@]}" -o "$tmp/wmdrm_poll_shim" || fail "linking with another shim"
  out=$(LD_LIBRARY_PATH=$tmp${ldpath:+:$ldpath} "$tmp/wmdrm_poll_shim" \
    backup "$w/usb-wmdrm") || fail "wmdrm_poll with another shim exited $?: $out"
  [[ $out == *"501 0x00000000 7 $kid"* ]] || fail "with another shim loaded first, wmdrm_poll printed:
$out"
  step "another COM shim in the process: ok"
fi

step "ok"
