#!/bin/sh
# First command of the README: install what is missing, build, trace the demo, verify the record.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh build
# capsule alone, optimised without debug info: no tests, no benchmarks (scripts/test.sh builds
# those, with debug info, into the same folder)
sh scripts/build.sh -DCMAKE_BUILD_TYPE=Release -DCAPSULE_TESTS=OFF -DCAPSULE_BENCH=OFF
echo "== capsule run -- python3 scripts/hello.py"
./build/capsule run -- python3 scripts/hello.py
echo "== capsule verify"
./build/capsule verify
