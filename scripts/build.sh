#!/bin/sh
# Configures and builds capsule into build/ (Release with debug info, warnings as errors).
# Usage: scripts/build.sh [extra cmake args]
set -eu
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCAPSULE_WERROR=ON "$@" >/dev/null
cmake --build build -j"$(nproc)"
