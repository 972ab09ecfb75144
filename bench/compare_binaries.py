#!/usr/bin/env python3
"""Two capsule binaries side by side: a change's cost, measured in one run.

    python3 bench/compare_binaries.py --old OLD/capsule --new build/capsule \
        [--old-rules OLD/rules] [--build build] [--runs 7] [--only storm,threads]

Every workload of bench/run.py runs natively, under strace (the same flags as bench/run.py), under
the old capsule and under the new one, alternating round by round so that a noisy neighbour hurts
all four alike; then all of it again with the whole command pinned to CPU 0 (`taskset -c 0`), the
case where tracer and program cannot be placed apart. Prints medians (wall seconds) and ratios.
Used for issue 18's CPU placement (docs/BENCHMARKS.md, "CPU placement").
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import STRACE_FLAGS, run_timed, workloads  # noqa: E402


def modes(old, new, old_rules, with_strace, tmp, home):
    def capsule(binary, rules=None):
        env = ["env", f"CAPSULE_RULES_DIR={rules}"] if rules else []
        return lambda argv: [*env, binary, "run", "--home", home, "--", *argv]
    md = {"native": lambda argv: argv}
    if with_strace:
        md["strace"] = lambda argv: ["strace", *STRACE_FLAGS, "-o", os.path.join(tmp, "strace.log"), *argv]
    md["old"] = capsule(old, old_rules)
    md["new"] = capsule(new)
    return md


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--old", required=True)
    ap.add_argument("--new", required=True)
    ap.add_argument("--old-rules", help="rules directory of the old binary (its built-in path may hold newer rules)")
    ap.add_argument("--build", default="build")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--only", default="storm,threads")
    ap.add_argument("--no-strace", action="store_true", help="leave strace out (it takes longest on a storm)")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="capsule-cmp-")
    home = os.path.join(tmp, "home")
    try:
        work = workloads(os.path.abspath(args.build), tmp)
        chosen = [w for w in args.only.split(",") if w]
        md = modes(os.path.abspath(args.old), os.path.abspath(args.new), args.old_rules, not args.no_strace, tmp, home)
        print(f"| workload | placement | native s | strace ×native | old ×native | new ×native | new / old |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for name in chosen:
            for placement, prefix in (("unpinned", []), ("taskset -c 0", ["taskset", "-c", "0"])):
                times = {m: [] for m in md}
                for _ in range(args.runs):
                    for m, wrap in md.items():
                        wall, _, rc = run_timed(prefix + wrap(work[name]))
                        if rc != 0:
                            sys.exit(f"compare_binaries: {m} {name} exited {rc}")
                        times[m].append(wall)
                    shutil.rmtree(home, ignore_errors=True)
                med = {m: statistics.median(v) for m, v in times.items()}
                print(f"| {name} | {placement} | {med['native']:.3f} | {med['strace'] / med['native'] if 'strace' in med else float('nan'):.1f} | "
                      f"{med['old'] / med['native']:.1f} | {med['new'] / med['native']:.1f} | "
                      f"{med['new'] / med['old']:.2f} |", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
