#!/bin/sh
# First command of the README: install what is missing, build, trace the demo, verify the record.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
sh scripts/build.sh
echo "== capsule run -- python3 scripts/hello.py"
./build/capsule run -- python3 scripts/hello.py
echo "== capsule verify"
./build/capsule verify
