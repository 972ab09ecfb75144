#!/bin/sh
# Installs the Debian 12 packages Capsule needs. Run as root on a fresh machine (the README's two
# commands call it).
#   install-deps.sh build   only what building capsule itself needs (the demo: scripts/demo.sh)
#   install-deps.sh         everything: also the test suite, the fuzzers and the benchmarks
set -eu
export DEBIAN_FRONTEND=noninteractive
# capsule: the compiler and build tools, its libraries, and the eBPF backend's tool chain (clang
# compiles the kernel side, bpftool makes its skeleton).
BUILD_PACKAGES="
  build-essential cmake ninja-build pkg-config git
  libseccomp-dev librust-blake3-dev libsodium-dev uuid-dev libzstd-dev zstd libpq-dev
  nlohmann-json3-dev libcli11-dev libfmt-dev
  clang llvm libbpf-dev bpftool libelf-dev zlib1g-dev
  python3
"
# The test suite (GoogleTest; strace and runc to compare with; a PostgreSQL server the store tests
# start themselves; python3-nacl, an independent Ed25519 to check attestations; chromium, the
# headless browser that loads `capsule report`'s page; tmux, the terminal `tail` and `watch` are
# tested in), the fuzzers' runtime, benchmarks; the
# shells and groff that check the completions and man pages, the .deb's tools, docker-compose
# that reads the development container's files; and the tools of
# the scenario corpus's ordinary jobs (pip, npm, archivers).
TEST_PACKAGES="
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  libclang-rt-14-dev
  strace python3-matplotlib hyperfine
  runc
  postgresql python3-nacl
  chromium tmux
  bash zsh fish groff-base dpkg-dev lintian docker-compose
  python3-pip python3-venv nodejs zip unzip bzip2 xz-utils
"
PACKAGES="$BUILD_PACKAGES"
[ "${1:-all}" = build ] || PACKAGES="$BUILD_PACKAGES $TEST_PACKAGES"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# Wanted for a command that another source may provide already (NodeSource's nodejs bundles npm
# and conflicts with Debian's npm package): the package only when the command is missing.
if [ "${1:-all}" != build ]; then
  command -v npm >/dev/null 2>&1 || missing="$missing npm"
fi
if [ -n "$missing" ]; then
  echo "install-deps: installing:$missing"
  apt-get update
  # shellcheck disable=SC2086
  apt-get install -y --no-install-recommends $missing
else
  echo "install-deps: all packages present"
fi
