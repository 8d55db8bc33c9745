#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The end-to-end demo: with the built `relic` and `relic-lms` binaries, in a
# temporary directory, an issuer protects a file and licenses it to a fresh
# machine, which plays it back byte for byte; the machine backs its licenses
# up, a License Management Service on loopback authorises their restore onto
# new machines, which play the content, until a fifth machine is refused
# with the URL that explains the limit.
#
#   scripts/demo.sh [BUILD_DIR]
#
# BUILD_DIR defaults to $RELIC_BUILD_DIR (set by scripts/demo), else build.
# RELIC_BIN and RELIC_LMS_BIN name other programs, such as the installed
# /usr/bin/relic and /usr/bin/relic-lms (CI's deb stage).
# Exits non-zero, naming the step, if anything fails. Set RELIC_DEMO_KEEP=1 to
# keep the temporary directory for a look around.
set -Eeuo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-${RELIC_BUILD_DIR:-build}}
[[ $build = /* ]] || build=$root/$build
relic_bin=${RELIC_BIN:-$build/tools/relic/relic}
if [[ ! -x $relic_bin ]]; then
  echo "demo: no relic binary at $relic_bin; build first (scripts/build --dir $build)" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/relic-demo-XXXXXX")
lms_pid=""
cleanup() {
  [[ -n $lms_pid ]] && kill "$lms_pid" 2>/dev/null && wait "$lms_pid" 2>/dev/null || true
  if [[ ${RELIC_DEMO_KEEP:-0} = 1 ]]; then
    echo "demo: kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

step=0
current="setup"
heading() {
  step=$((step + 1))
  current=$1
  printf '\n==> %d. %s\n' "$step" "$1"
}
trap 'echo "demo: FAILED at step $step ($current)" >&2' ERR

# Prints each command (on stderr, so that $(...) captures only its output)
# before running it.
run() {
  {
    printf '$'
    printf ' %q' "$@" | sed "s|$relic_bin|relic|; s|$work/|\$DEMO/|g"
    printf '\n'
  } >&2
  "$@"
}
relic() { run "$relic_bin" "$@"; }
lms_bin=${RELIC_LMS_BIN:-$build/tools/relic-lms/relic-lms}
relic_lms() { run "$lms_bin" "$@"; }

# A string field from relic's --json output (one field per line).
json_field() { sed -n "s/.*\"$1\": *\"\([^\"]*\)\".*/\1/p" | head -n 1; }

echo "demo: relic $("$relic_bin" --version 2>/dev/null || true) from $relic_bin"
echo "demo: working in \$DEMO=$work"

# Nothing of this user's or this computer's relic state is touched: the
# machine lives in $DEMO, and its OS installation is simulated by its own
# machine-id file (RELIC_MACHINE_ID_FILE), as on a separate computer.
unset RELIC_HOME
export XDG_DATA_HOME=$work/xdg
export RELIC_TRUST_DIR=$work/no-system-trust
mkdir -p "$RELIC_TRUST_DIR"

heading "Create an issuer (the content owner's signing key and content keys)"
issuer=$work/issuer
relic issuer init --issuer "$issuer"

heading "Package a file: 5 MB of random data, encrypted under a new content key"
head -c $((5 * 1024 * 1024)) /dev/urandom >"$work/song.wma"
package_json=$(relic package "$work/song.wma" -o "$work/song.rpk" --issuer "$issuer" --json)
echo "$package_json"
kid=$(json_field kid <<<"$package_json")
[[ -n $kid ]] || { echo "demo: no kid in the package output" >&2; exit 1; }

heading "Create a fresh machine: its own relic home on its own OS installation"
machine=$work/machine
mkdir -p "$machine"
head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$machine/machine-id"
echo >>"$machine/machine-id"
export RELIC_MACHINE_ID_FILE=$machine/machine-id
export RELIC_HOME=$machine/home
relic init
machine_json=$(relic machine --json)
echo "$machine_json"
machine_key=$(json_field public_key <<<"$machine_json")
[[ -n $machine_key ]] || { echo "demo: no public_key in the machine output" >&2; exit 1; }

heading "Issue a license for the package to this machine, good for 3 plays"
relic issue --issuer "$issuer" --kid "$kid" --machine "$machine_key" --plays 3 \
  -o "$work/song.rlic"

heading "Trust the issuer on the machine"
issuer_key=$(relic issuer show --issuer "$issuer" --json | json_field public_key)
relic trust add "$issuer_key"
relic trust list

heading "Add the license to the machine's store"
relic license add "$work/song.rlic"

heading "List the stored licenses"
relic license list

heading "Play the package"
relic play "$work/song.rpk" -o "$work/song.played"

heading "Check that the played file is the original, byte for byte"
run cmp "$work/song.wma" "$work/song.played"
echo "identical: $(wc -c <"$work/song.played") bytes"

heading "Show the license: one play used, two left"
relic license list --json | grep -E '"(plays_used|plays_left)"'

heading "Start a License Management Service on loopback"
lms_key=$(relic_lms init --home "$work/lms" --json | json_field public_key)
# The service restores licenses of the issuers its policy lists: issuers choose
# license IDs, so it must know whose IDs it keeps the allowance of.
cat >"$work/policy.json" <<POLICY
{"max_machines": 4, "max_new_machines_per_day": 4,
 "refusal_url_prefix": "https://relic.example/restore-limits",
 "issuers": ["$issuer_key"]}
POLICY
"$lms_bin" serve --home "$work/lms" --listen 127.0.0.1:0 --policy "$work/policy.json" \
  2>"$work/lms.log" &
lms_pid=$!
for _ in $(seq 100); do
  lms_url=$(sed -n 's/^relic-lms: serving on \(http[^ ]*\).*/\1/p' "$work/lms.log")
  [[ -n $lms_url ]] && break
  sleep 0.1
done
[[ -n $lms_url ]] || { echo "demo: the service did not start:" >&2; cat "$work/lms.log" >&2; exit 1; }
echo "License Management Service at $lms_url, key $lms_key"

heading "Issue two licenses that allow backup, naming that service, and one that does not"
relic issue --issuer "$issuer" --kid "$kid" --machine "$machine_key" --plays 5 \
  --allow-backup --lms-key "$lms_key" --lms-url "$lms_url" -o "$work/backup-ok-1.rlic"
relic issue --issuer "$issuer" --kid "$kid" --machine "$machine_key" \
  --allow-backup --lms-key "$lms_key" --lms-url "$lms_url" -o "$work/backup-ok-2.rlic"
relic issue --issuer "$issuer" --kid "$kid" --machine "$machine_key" -o "$work/no-backup.rlic"
relic license add "$work/backup-ok-1.rlic" "$work/backup-ok-2.rlic" "$work/no-backup.rlic"

heading "Back up the machine's licenses to a folder (as onto a USB stick)"
mkdir -p "$work/usb-stick"
relic backup "$work/usb-stick"
relic backup verify "$work/usb-stick"

# A new machine trusts the deployment's issuers from a system directory that
# individualization picks up; the backup set cannot add to it.
mkdir -p "$work/trusted-issuers.d"
echo "$issuer_key" >"$work/trusted-issuers.d/demo-issuer.key"
export RELIC_TRUST_DIR=$work/trusted-issuers.d

new_machine() {  # NAME: a new computer with its own OS installation
  mkdir -p "$work/$1"
  head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$work/$1/machine-id"
  echo >>"$work/$1/machine-id"
  export RELIC_MACHINE_ID_FILE=$work/$1/machine-id RELIC_HOME=$work/$1/home
}

heading "Machine B (the old one died): restore, individualizing, through the service"
new_machine b
relic restore "$work/usb-stick" --individualize
relic license list

heading "Machine B plays the content; the played file is the original"
relic play "$work/song.rpk" -o "$work/song.played-on-b"
run cmp "$work/song.wma" "$work/song.played-on-b"
echo "identical on B: the license that did not allow backup stayed behind"

heading "Machines C and D restore too (a license may live on four machines)"
for name in c d; do
  new_machine "$name"
  relic restore "$work/usb-stick" --individualize
done

heading "Machine E is refused: the limit is reached, and the service says where to read why"
new_machine e
rc=0
relic restore "$work/usb-stick" --individualize || rc=$?
[[ $rc -eq 34 ]] || { echo "demo: expected exit code 34 (restore_fraud), got $rc" >&2; exit 1; }
echo "refused as expected (exit code $rc, restore_fraud)"

heading "The service's ledger: each license on four machines"
relic_lms ledger --home "$work/lms"

trap - ERR
printf '\ndemo: OK: all %d steps passed\n' "$step"
