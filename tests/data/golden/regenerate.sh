#!/bin/sh
# Rewrites the golden files from the current `capsule import` (usage: regenerate.sh [BUILD_DIR],
# default build/), then shows what changed, so that the diff can be reviewed and committed.
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
build=${1:-$root/build}
cmake --build "$build" --target test_integration
CAPSULE_UPDATE_GOLDEN=1 "$build/tests/test_integration" --gtest_filter='Golden.*'
git -C "$root" status --short -- tests/data/golden
git -C "$root" diff --stat -- tests/data/golden
