#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tests/packaging/deb_test.sh [REPO]   (CI stage `deb`; needs root)
#
# From a fresh clone of REPO (default: this repository's committed HEAD):
# builds the four Debian packages with dpkg-buildpackage -b (nocheck: the
# test stage ran the suite), checks the version in one place, runs lintian
# and the systemd checks, installs the packages (purged again on exit,
# whatever fails), starts relic-lms as its unit would and checks readiness
# on a notify socket of its own, runs the end-to-end demo against
# /usr/bin/relic and /usr/bin/relic-lms, runs tests/install/run.sh against
# the installed packages (consumers of librelic-dev with pkg-config and
# find_package, the exported symbols, the SDK applications), purges, and
# shows that only the service's state directory is left.
#
# The package build is CI's Release -Werror build (debian/rules), and the
# installed-package run of tests/install/run.sh is its install test: this
# stage replaces the release and install stages (docs/building.md).
#
# RELIC_DEB_SECURITY_THRESHOLD: the most `systemd-analyze security` exposure
# allowed for the unit (default 1.5; the unit scores 1.1 with systemd 252).
# RELIC_DEB_CCACHE=1 compiles through ccache (for developers; CI has none).
# RELIC_DEB_BUILT=DIR takes the packages dpkg-buildpackage already left in
# DIR instead of building them (for developers trying the rest).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
repo=${1:-$root}
threshold=${RELIC_DEB_SECURITY_THRESHOLD:-1.5}
packages=(relic-lms relic librelic-dev librelic0)

[[ $(id -u) -eq 0 ]] || { echo "deb test: needs root (it installs packages)" >&2; exit 1; }
# debhelper, lintian, systemd-analyze, man: on a new machine too.
bash "$root/scripts/install-deps"

is_installed() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == 'install ok installed' ]]; }
# Purges those of the packages that are installed (apt refuses names it
# does not know).
purge_installed() {
  local p present=()
  for p in "${packages[@]}"; do
    if is_installed "$p"; then present+=("$p"); fi
  done
  ((${#present[@]} == 0)) || DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "${present[@]}"
}

for p in "${packages[@]}"; do
  if is_installed "$p"; then
    echo "deb test: $p is installed already; purge it first (the test installs and purges it)" >&2
    exit 1
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/relic-deb-test.XXXXXX")
chmod 0755 "$tmp"
home=/var/lib/relic-lms
# The packages' first install is under test: a home or a service user this
# machine has already (an earlier run, a real installation) is set aside and
# put back on exit, and what this test created is removed again.
saved_home=""
if [[ -e $home ]]; then
  saved_home=$home.deb-test-saved.$$
  mv "$home" "$saved_home"
fi
had_user=0
getent passwd relic-lms >/dev/null && had_user=1
lms_pid=""
installed=0
cleanup() {
  local rc=$?
  if [[ -n $lms_pid ]]; then kill "$lms_pid" 2>/dev/null || true; wait "$lms_pid" 2>/dev/null || true; fi
  ((installed)) && { purge_installed >/dev/null 2>&1 || true; }
  rm -rf "$home"
  [[ -n $saved_home ]] && mv "$saved_home" "$home"
  if ((!had_user)) && getent passwd relic-lms >/dev/null; then
    deluser --system --quiet relic-lms >/dev/null 2>&1 || true
    getent group relic-lms >/dev/null && { delgroup --system --quiet relic-lms >/dev/null 2>&1 || true; }
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT

fail() { echo "deb test: FAIL: $*" >&2; exit 1; }
step() { echo "deb test: $*"; }
timed() {  # NAME COMMAND...: runs it, says how long it took
  local start=$SECONDS
  "$@"
  step "$1: $((SECONDS - start)) s"
}

built=${RELIC_DEB_BUILT:-}
if [[ -n $built ]]; then
  built=$(cd "$built" && pwd)
  step "the packages already built in $built, with this tree's scripts"
  cd "$root"
else
  step "fresh clone of $repo"
  git clone --quiet --no-local "$repo" "$tmp/src"
  cd "$tmp/src"
  built=$tmp
fi

# 1. Packages.
build_packages() {
  local launcher=()
  if [[ ${RELIC_DEB_CCACHE:-0} == 1 ]]; then
    launcher=(env CMAKE_C_COMPILER_LAUNCHER=ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache)
  fi
  # noautodbgsym: the -dbgsym packages would be built, compressed and never
  # installed by this test.
  "${launcher[@]}" env DEB_BUILD_OPTIONS="nocheck noautodbgsym parallel=2" \
    dpkg-buildpackage -b -us -uc >"$tmp/dpkg-buildpackage.log" 2>&1 \
    || { tail -n 60 "$tmp/dpkg-buildpackage.log"; fail "dpkg-buildpackage -b"; }
}
[[ $built != "$tmp" ]] || timed build_packages
debs=()
for p in "${packages[@]}"; do
  deb=$(ls "$built"/"${p}"_*.deb 2>/dev/null | head -n1)
  [[ -n $deb ]] || fail "no ${p}_*.deb was built"
  debs+=("$deb")
done
step "built: $(cd "$built" && ls ./*.deb | tr '\n' ' ')"

# 2. One version: project(VERSION) = debian/changelog = the header = --version.
cmake_version=$(sed -n 's/^project(relic VERSION \([0-9.]*\) .*/\1/p' CMakeLists.txt)
deb_version=$(dpkg-parsechangelog -S Version)
[[ -n $cmake_version ]] || fail "no version in CMakeLists.txt's project()"
[[ $deb_version == "$cmake_version" ]] \
  || fail "debian/changelog says $deb_version, CMakeLists.txt's project(VERSION) says $cmake_version"
step "version $cmake_version in CMakeLists.txt and debian/changelog"

# 3. lintian: no errors and no warnings; the infos are listed. (GCC merges
# the tails of string literals, so lintian's spelling scan of the binaries
# sometimes reads a misspelt word across a seam: an info, not overridden,
# since the seams move with every build.)
lintian --fail-on error,warning --display-info "$built"/*.changes >"$tmp/lintian.txt" 2>&1 \
  || { cat "$tmp/lintian.txt"; fail "lintian reports errors or warnings"; }
step "lintian: no errors, no warnings; $(grep -c '^I:' "$tmp/lintian.txt" || true) infos:"
sed 's/^/  /' "$tmp/lintian.txt"

# 3b. The exported interface of the library the packages ship, from the
# package build's tree (unstripped, -g from dpkg-buildflags): exactly
# abi/librelic.symbols, and the ABI of abi/librelic.abi (docs/building.md,
# "The exported ABI"). The installed, stripped copy is checked again by
# tests/install/run.sh below.
built_lib=$(pwd)/obj-$(dpkg-architecture -qDEB_HOST_GNU_TYPE)/src/librelic.so
if [[ -f $built_lib ]]; then
  bash scripts/check-symbols "$built_lib" || fail "the packaged librelic.so exports other symbols than abi/librelic.symbols"
  bash scripts/check-abi "$built_lib" || fail "the packaged librelic.so breaks the ABI of abi/librelic.abi"
elif [[ -z ${RELIC_DEB_BUILT:-} ]]; then
  fail "dpkg-buildpackage left no $built_lib to check the ABI of"
else
  step "no package build tree in $(pwd): the ABI was not checked (it is, on a fresh build)"
fi

# 4. Install (apt resolves the dependencies).
installed=1
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${debs[@]}" \
  >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "installing the packages"; }
grep -q "relic-lms: created the service's keys in /var/lib/relic-lms" "$tmp/install.log" \
  || { cat "$tmp/install.log"; fail "postinst did not create the service's keys"; }
[[ $(relic --version) == "$cmake_version" ]] || fail "relic --version says $(relic --version)"
[[ $(relic-lms --version) == "$cmake_version" ]] || fail "relic-lms --version says $(relic-lms --version)"
[[ $(stat -c %U /var/lib/relic-lms/lms.key) == relic-lms ]] || fail "lms.key is not the service user's"
for page in relic relic-lms "5 relic-lms.conf"; do
  # shellcheck disable=SC2086
  MANWIDTH=80 man $page >/dev/null 2>&1 || fail "man $page does not work"
done
[[ -f /usr/share/bash-completion/completions/relic && -f /usr/share/bash-completion/completions/relic-lms ]] \
  || fail "no bash completion installed"
relic-lms config check /etc/relic-lms/relic-lms.conf >/dev/null || fail "the packaged configuration does not check"
step "installed; man relic, man relic-lms, man 5 relic-lms.conf work"

# 5. The unit: systemd-analyze verify and security with a threshold.
unit=/lib/systemd/system/relic-lms.service
[[ -f $unit ]] || fail "no $unit"
systemd-analyze verify "$unit" || fail "systemd-analyze verify $unit"
# --threshold counts tenths: the exposure 1.5 is 15.
systemd-analyze security --offline=yes --threshold="$(awk -v t="$threshold" 'BEGIN { printf "%d", t * 10 + 0.5 }')" "$unit" >"$tmp/security.txt" 2>&1 \
  || { cat "$tmp/security.txt"; fail "systemd-analyze security: exposure above $threshold"; }
step "systemd-analyze security: $(grep -o 'Overall exposure level.*' "$tmp/security.txt")"

# 6. Start relic-lms as the unit does (its user, ExecStart, configuration)
# and wait for READY=1 on a notify socket of our own.
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
user=$(sed -n 's/^User=//p' "$unit")
notify=$tmp/notify.sock
perl -MIO::Socket::UNIX -e '
  my ($path, $seconds) = @ARGV;
  my $s = IO::Socket::UNIX->new(Type => SOCK_DGRAM(), Local => $path) or die "socket: $!";
  chmod 0666, $path;
  open(my $ready, ">", "$path.listening"); close $ready;
  $SIG{ALRM} = sub { print "TIMEOUT\n"; exit 1 };
  alarm $seconds;
  while (1) { my $m; $s->recv($m, 4096); $| = 1; print "$m\n"; exit 0 if $m =~ /^STOPPING=1$/m }
' "$notify" 30 >"$tmp/notify.txt" &
listener=$!
for _ in $(seq 100); do [[ -e $notify.listening ]] && break; sleep 0.1; done
# shellcheck disable=SC2086
# setpriv execs the service itself (runuser would stay its parent and turn
# SIGTERM into its own exit 143); env -i gives it the unit's environment.
setpriv --reuid="$user" --regid="$user" --init-groups -- env -i PATH=/usr/bin:/bin \
  HOME="$home" USER="$user" LOGNAME="$user" NOTIFY_SOCKET="$notify" $exec_start 2>"$tmp/unit.log" &
lms_pid=$!
for _ in $(seq 100); do grep -q '^READY=1' "$tmp/notify.txt" && break; sleep 0.1; done
grep -q '^READY=1' "$tmp/notify.txt" || { cat "$tmp/notify.txt" "$tmp/unit.log"; fail "no READY=1 on NOTIFY_SOCKET"; }
grep -q '^STATUS=serving on http://127.0.0.1:8470' "$tmp/notify.txt" || fail "no STATUS with the URL: $(cat "$tmp/notify.txt")"
kill -TERM "$lms_pid"
wait "$lms_pid" || fail "relic-lms serve exited $? on SIGTERM"
lms_pid=""
wait "$listener" || { cat "$tmp/notify.txt"; fail "no STOPPING=1 on NOTIFY_SOCKET"; }
[[ $(head -c1 "$tmp/unit.log") == "{" ]] || fail "the packaged configuration's JSON log is not JSON: $(head -n1 "$tmp/unit.log")"
step "relic-lms as its unit runs it: READY=1, then STOPPING=1 on SIGTERM"

# 7. The end-to-end demo with the installed programs only.
[[ -z $(ldd /usr/bin/relic /usr/bin/relic-lms | grep -v -e '^/' -e '=> /lib/' -e '=> /usr/lib/' -e 'linux-vdso' -e 'ld-linux') ]] \
  || fail "the installed programs load libraries from outside /usr/lib and /lib"
env -u LD_LIBRARY_PATH RELIC_BIN=/usr/bin/relic RELIC_LMS_BIN=/usr/bin/relic-lms \
  bash scripts/demo.sh >"$tmp/demo.log" 2>&1 || { tail -n 40 "$tmp/demo.log"; fail "the demo with the installed programs"; }
step "demo: $(tail -n1 "$tmp/demo.log")"

# 8. The install test against the packages: consumers of librelic-dev
# with pkg-config and find_package(relic), nothing but /usr.
env -u LD_LIBRARY_PATH -u PKG_CONFIG_PATH -u CMAKE_PREFIX_PATH \
  bash tests/install/run.sh --installed /usr >"$tmp/install-test.log" 2>&1 \
  || { cat "$tmp/install-test.log"; fail "tests/install/run.sh --installed /usr"; }
step "tests/install/run.sh --installed /usr: $(grep -c ': ok$' "$tmp/install-test.log") checks ok"

# 9. Purge: nothing left but the service's state directory (its keys:
# losing them makes every backup naming the service unrestorable) and its
# system user, which owns that directory (Debian keeps system users: a uid
# given to a new account later would own the keys).
for p in "${packages[@]}"; do dpkg -L "$p"; done | sort -u >"$tmp/files"
key_sum=$(sha256sum "$home/lms.key")
purge() {
  purge_installed >"$tmp/purge.log" 2>&1 || { cat "$tmp/purge.log"; fail "purging the packages"; }
  installed=0
}
purge
left=()
while read -r f; do
  # Files, and the directories that are relic's own (not /usr/bin).
  if [[ -e $f && ! -d $f ]] || [[ -d $f && $f == *relic* ]]; then left+=("$f"); fi
done <"$tmp/files"
[[ -e /etc/relic-lms ]] && left+=(/etc/relic-lms)
((${#left[@]} == 0)) || fail "left behind after purge: ${left[*]}"
[[ $(sha256sum "$home/lms.key") == "$key_sum" ]] || fail "purge removed or changed the service's keys"
step "purged; left: $home ($(ls "$home" | tr '\n' ' ')) and the system user relic-lms"

# 10. Installing again over that home keeps its keys: the postinst creates
# keys on a first install only, never over an existing home.
installed=1
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${debs[0]}" "${debs[3]}" \
  >"$tmp/reinstall.log" 2>&1 || { cat "$tmp/reinstall.log"; fail "installing relic-lms again"; }
grep -q "created the service's keys" "$tmp/reinstall.log" && fail "the postinst created keys over an existing home"
[[ $(sha256sum "$home/lms.key") == "$key_sum" ]] || fail "installing again changed the service's keys"
[[ $(runuser -u relic-lms -- relic-lms key --home "$home" --json) == *'"public_key"'* ]] \
  || fail "relic-lms key, as the service user, on the kept home"
# As root it refuses (exit 15, permission_denied) rather than leave files
# the service cannot open.
rc=0
relic-lms key --home "$home" >/dev/null 2>"$tmp/root-key.err" || rc=$?
[[ $rc == 15 ]] || fail "relic-lms key as root on the service's home exited $rc: $(cat "$tmp/root-key.err")"
purge
step "installed again over the kept home: its keys unchanged; purged"
step "ok"
