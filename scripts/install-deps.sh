#!/bin/sh
# Installs every Debian 12 package Capsule needs to build, test, fuzz and benchmark.
# Run as root on a fresh machine (the README's two commands call it).
set -eu
export DEBIAN_FRONTEND=noninteractive
PACKAGES="
  build-essential cmake ninja-build pkg-config git
  libseccomp-dev librust-blake3-dev libsodium-dev uuid-dev libzstd-dev zstd
  nlohmann-json3-dev libcli11-dev libfmt-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  llvm libbpf-dev bpftool libelf-dev zlib1g-dev
  strace python3 python3-matplotlib hyperfine
  runc
"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "install-deps: installing:$missing"
  apt-get update
  # shellcheck disable=SC2086
  apt-get install -y --no-install-recommends $missing
else
  echo "install-deps: all packages present"
fi
