#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# tests/install/manuals_test.sh MANUALS_DIR RELIC RELIC_LMS
#
# Fails if a flag or subcommand that a program's --help shows (for the
# program and each of its subcommands) is missing from its man page or its
# bash completion, or a `relic-lms serve` setting from relic-lms.conf(5);
# and if a page does not render cleanly with man.
set -euo pipefail

[[ $# -eq 3 ]] || { echo "usage: $0 MANUALS_DIR RELIC RELIC_LMS" >&2; exit 2; }
dir=$1 relic=$2 relic_lms=$3
export LC_ALL=C.UTF-8
failures=0
fail() { echo "manuals test: FAIL: $*" >&2; failures=$((failures + 1)); }

subcommands() { sed -n '/^Subcommands:/,/^$/p' | sed -n 's/^  \([a-z][a-z0-9-]*\) .*/\1/p'; }
flags() { grep -o -- '--[a-z][a-z0-9-]*' | sort -u; }
# roff source as text: help2man writes "-" as "\-".
page_text() { sed -e 's/\\-/-/g' -e 's/\\(hy/-/g' "$1"; }

check_program() {  # PROGRAM PAGE COMPLETION [PATH...]
  local program=$1 page=$2 completion=$3
  shift 3
  local help flag sub
  help=$("$program" "$@" --help)
  for flag in $(flags <<<"$help"); do
    grep -qF -- "$flag" <(page_text "$page") || fail "$(basename "$page") lacks $flag (from: ${*:-} --help)"
    grep -qF -- "$flag" "$completion" || fail "$(basename "$completion") lacks $flag (from: ${*:-} --help)"
  done
  for sub in $(subcommands <<<"$help"); do
    grep -qF -- "$(basename "$program") ${*:+$* }$sub" <(page_text "$page") \
      || fail "$(basename "$page") has no section for '${*:+$* }$sub'"
    grep -qE -- "(^| |\")$sub( |\")" "$completion" || fail "$(basename "$completion") lacks $sub"
    check_program "$program" "$page" "$completion" "$@" "$sub"
  done
}

check_program "$relic" "$dir/relic.1" "$dir/relic.bash"
check_program "$relic_lms" "$dir/relic-lms.8" "$dir/relic-lms.bash"

# relic-lms.conf(5) names every setting of serve, and its variable.
for flag in $("$relic_lms" serve --help | flags); do
  [[ $flag == --help || $flag == --config || $flag == --print-config ]] && continue
  key=${flag#--}
  key=${key//-/_}
  grep -qF -- ".B $key" <(page_text "$dir/relic-lms.conf.5") || fail "relic-lms.conf.5 lacks $key"
  env=RELIC_LMS_${key^^}
  grep -qF -- "$env" <(page_text "$dir/relic-lms.conf.5") || fail "relic-lms.conf.5 lacks $env"
done

# Each page renders without warnings, and says its version.
version=$("$relic_lms" --version)
for page in relic.1 relic-lms.8 relic-lms.conf.5; do
  warnings=$(MANWIDTH=100 man --warnings -l "$dir/$page" 2>&1 >/dev/null) || fail "man cannot render $page"
  [[ -z $warnings ]] || fail "man warns on $page: $warnings"
  grep -qF "$version" "$dir/$page" || fail "$page does not carry version $version"
done

# The completions load and complete as a user would see: WORDS typed so
# far, the last being completed.
complete_words() {  # PROGRAM WORD...
  local program=$1
  shift
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); "$0"; printf "%s\n" "${COMPREPLY[@]}"' \
    "_${program//-/_}" "$dir/$program.bash" "$program" "$@"
}
expect_offer() {  # EXPECTED PROGRAM WORD...
  local expected=$1
  shift
  local offered
  offered=$(complete_words "$@")
  grep -qx -- "$expected" <<<"$offered" || fail "completing '$*' does not offer $expected"
}
for sub in $("$relic_lms" --help | subcommands); do expect_offer "$sub" relic-lms ""; done
for sub in $("$relic" --help | subcommands); do expect_offer "$sub" relic ""; done
expect_offer --listen relic-lms serve --li
expect_offer --log-format relic-lms serve --home /x --lo
expect_offer add relic license ""
expect_offer check relic-lms config c

((failures == 0)) || { echo "manuals test: $failures failure(s)" >&2; exit 1; }
echo "manuals test: ok"
