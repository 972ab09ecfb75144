#!/bin/sh
# Second command of the README: install what is missing, then build and run the whole test suite:
#   1. the normal build (warnings as errors): unit and integration tests;
#   2. the same suite built with AddressSanitizer + UndefinedBehaviorSanitizer;
#   3. a short libFuzzer run of every fuzz target (FUZZ_SECONDS each, default 15).
# Exits non-zero on any failure. A test that fails is run once more before it counts as failed:
# the integration tests trace real processes on a loaded machine, and a few depend on timing
# there (docs/HACKING.md lists the ones seen); a test that fails twice fails the run.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
jobs=$(nproc)

echo "== build and test (warnings as errors) [$(date +%T)]"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCAPSULE_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs" --repeat until-pass:2

echo "== build and test under ASan+UBSan [$(date +%T)]"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCAPSULE_WERROR=ON -DCAPSULE_SANITIZE=ON \
  -DCAPSULE_BENCH=OFF >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs" --repeat until-pass:2

if ls fuzz/*_fuzz.cpp >/dev/null 2>&1; then
  echo "== fuzz smoke run (${FUZZ_SECONDS:-15} s per target) [$(date +%T)]"
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCAPSULE_FUZZ=ON \
    -DCAPSULE_TESTS=OFF -DCAPSULE_BENCH=OFF -DCAPSULE_PCH=OFF >/dev/null
  cmake --build build-fuzz -j"$jobs" --target fuzzers
  for f in build-fuzz/fuzz/fuzz_*; do
    name=$(basename "$f" | sed 's/^fuzz_//')
    corpus=$(mktemp -d)
    seeds=""
    [ -d "fuzz/corpus/$name" ] && seeds="fuzz/corpus/$name"
    echo "-- $name"
    log=$(mktemp)
    if ! "$f" -max_total_time="${FUZZ_SECONDS:-15}" -timeout=10 -rss_limit_mb=2048 "$corpus" $seeds >"$log" 2>&1; then
      tail -n 40 "$log"
      echo "fuzz target $name failed"
      exit 1
    fi
    tail -n 2 "$log"
    rm -rf "$corpus" "$log"
  done
fi
echo "== all tests passed [$(date +%T)]"
