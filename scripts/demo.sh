#!/usr/bin/env bash
# PLACEHOLDER: the end-to-end demo scenario is being written and will replace
# this file. scripts/demo builds relic in Release and then runs this script
# with RELIC_BUILD_DIR set to that build directory.
echo "demo: the end-to-end demo is being built; nothing to run yet (placeholder scripts/demo.sh)" >&2
exit 1
