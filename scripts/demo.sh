#!/bin/sh
# First command of the README: install what is missing, build, trace the demo, verify the record.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh build
# capsule alone: no tests, no benchmarks (scripts/test.sh builds those)
sh scripts/build.sh -DCAPSULE_TESTS=OFF -DCAPSULE_BENCH=OFF
echo "== capsule run -- python3 scripts/hello.py"
./build/capsule run -- python3 scripts/hello.py
echo "== capsule verify"
./build/capsule verify
