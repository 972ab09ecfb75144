#!/bin/sh
# What the eBPF backend's outside-tree containment (seccomp user notification, docs/SECURITY.md)
# costs: `capsule run --backend ebpf` with it (the default) and without it (--allow-outside-tree:
# no notifying filter, what the backend did before), side by side in one hyperfine run per
# workload, with the program alone as the reference:
#
#   sh bench/containment_bench.sh [BUILD_DIR] [RUNS]
#
# Workloads: gcc -O2 -c of a small file, a python3 start-up, and bench/write_opens.c (10,000
# opens for writing, each one a notification, then 10,000 read-only opens, which stay in the
# kernel). Needs root (or CAP_BPF+CAP_PERFMON) and hyperfine. Prints one Markdown table of
# medians: seconds, and each as a multiple of native and of the run without the containment.
set -eu
BUILD=${1:-build}
RUNS=${2:-10}
CAPSULE=$(realpath "$BUILD/capsule")
OPENS=$(realpath "$BUILD/bench/write_opens")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cat > "$TMP/small.c" <<'C'
#include <stdio.h>
#include <string.h>
struct item { const char* name; int weight; };
static int cmp(const void* a, const void* b) { return ((const struct item*)a)->weight - ((const struct item*)b)->weight; }
int heaviest(struct item* items, int n) {
  int best = 0;
  for (int i = 1; i < n; ++i) if (items[i].weight > items[best].weight) best = i;
  return best;
}
int main(void) { struct item it[3] = {{"a", 3}, {"b", 1}, {"c", 2}}; printf("%s\n", it[heaviest(it, 3)].name); return cmp(&it[0], &it[1]) > 0 ? 0 : 1; }
C
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
run() {
  name=$1
  shift
  hyperfine --runs "$RUNS" --warmup 1 --style none --export-json "$TMP/$name.json" \
    -n native "$*" \
    -n uncontained "$CAPSULE run --home $TMP/home --quiet --backend ebpf --allow-outside-tree -- $*" \
    -n contained "$CAPSULE run --home $TMP/home --quiet --backend ebpf -- $*" >/dev/null
}
run gcc gcc -O2 -c "$TMP/small.c" -o "$TMP/small.o"
run python python3 -c pass
run write_opens "$OPENS" "$TMP"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$TMP" <<'PY'
import json, sys
print("| workload | native s | ebpf --allow-outside-tree s | ebpf (contained) s | contained / uncontained | contained x native |")
print("|---|---:|---:|---:|---:|---:|")
for name in ("gcc", "python", "write_opens"):
    with open(f"{sys.argv[1]}/{name}.json") as f:
        m = {r["command"]: r["median"] for r in json.load(f)["results"]}
    print(f"| {name} | {m['native']:.3f} | {m['uncontained']:.3f} | {m['contained']:.3f} | "
          f"{m['contained'] / m['uncontained']:.2f} | {m['contained'] / m['native']:.2f} |")
PY
