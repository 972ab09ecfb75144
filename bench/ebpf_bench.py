#!/usr/bin/env python3
"""The eBPF backend beside ptrace and the program alone (issue #20), side by side in one run,
alternating, medians of --runs:

    python3 bench/ebpf_bench.py [--build build] [--runs 3] [--only storm] [--cpus 0]

Per workload (storm, python start-up, gcc, make -j2): native seconds, ptrace and ebpf as multiples
of native (ebpf with its programs taken loaded from the pool, as every run but the first after a
boot or a new build; "ebpf cold" with CAPSULE_EBPF_POOL=off, loading them), the records the eBPF
ring lost (both ebpf columns) and how often the tree was paused (back-pressure); then the fixed
cost (a run of `true`, in ms per mode), the peak RSS of capsule on a 1,000,000-syscall run, and
the cost to a process outside the tree while capsule traces another (paired runs of a storm:
capsule idle-tracing `sleep` vs not).
--only NAME,…: those workloads only; --cpus LIST: every command under `taskset -c LIST` (pinned:
`--cpus 0` puts the program and capsule's threads on one CPU). Prints a Markdown table for
docs/BENCHMARKS.md."""
import argparse
import glob
import json
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make_project(tmp):
    """A make -j2 project: eight small C files."""
    d = os.path.join(tmp, "proj")
    os.makedirs(d, exist_ok=True)
    objs = []
    for i in range(8):
        with open(os.path.join(d, f"f{i}.c"), "w") as f:
            f.write(f"#include <stdio.h>\nint f{i}(int x) {{ return printf(\"%d\", x * {i}); }}\n")
        objs.append(f"f{i}.o")
    with open(os.path.join(d, "Makefile"), "w") as f:
        f.write(f"all: {' '.join(objs)}\n%.o: %.c\n\tgcc -O2 -c $< -o $@\nclean:\n\trm -f *.o\n")
    return d


def timed(argv, cwd=None):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    _, status, ru = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, ru.ru_maxrss, os.waitstatus_to_exitcode(status)


def clear_runs(home):
    """Removes the runs recorded so far: each run starts from the same small home, and the gigabytes
    of storm logs that would pile up (half a gigabyte per run) do not weigh on the runs after."""
    for d in glob.glob(os.path.join(home, "logs", "*")):
        shutil.rmtree(d, ignore_errors=True)


def latest_manifest(home):
    runs = sorted(glob.glob(os.path.join(home, "logs", "*")))
    with open(os.path.join(runs[-1], "manifest.json")) as f:
        return json.load(f)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="", help="comma-separated workload names (default: all)")
    ap.add_argument("--cpus", default="", help="run every command under taskset -c CPUS")
    args = ap.parse_args()
    pin = ["taskset", "-c", args.cpus] if args.cpus else []
    capsule = os.path.join(args.build, "capsule")
    tmp = tempfile.mkdtemp(prefix="capsule-ebpf-bench-")
    home = os.path.join(tmp, "home")
    proj = make_project(tmp)
    work = {
        "storm": (["dd", "if=/dev/zero", "of=/dev/null", "bs=64", "count=200000"], None),
        "python": (["/usr/bin/python3", "-c", "import json, email.parser, http.client, xml.dom.minidom, sqlite3"], None),
        "gcc": (["gcc", "-O2", "-c", os.path.join(ROOT, "bench", "ptrace_floor.c"), "-o", os.path.join(tmp, "x.o")], None),
        "make -j2": (["sh", "-c", "make -s clean && make -s -j2"], proj),
    }
    if args.only:
        work = {k: v for k, v in work.items() if k in args.only.split(",")}
    modes = {
        "native": lambda w: pin + w,
        # --backend named: the default (auto) is ebpf wherever it loads.
        "ptrace": lambda w: pin + [capsule, "run", "-q", "--home", home, "--backend", "ptrace", "--"] + w,
        "ebpf": lambda w: pin + [capsule, "run", "-q", "--home", home, "--backend", "ebpf", "--"] + w,
        # The programs loaded for the run (no pool: CAPSULE_EBPF_POOL=off), as the first run after
        # a boot or a new build of capsule does.
        "ebpf cold": lambda w: ["env", "CAPSULE_EBPF_POOL=off"] + pin +
                               [capsule, "run", "-q", "--home", home, "--backend", "ebpf", "--"] + w,
    }
    rows = []
    for name, (argv, cwd) in work.items():
        t = {m: [] for m in modes}
        lost = pauses = 0
        for i in range(args.runs):
            for m, wrap in modes.items():
                wall, _, rc = timed(wrap(argv), cwd)
                if rc != 0:
                    raise SystemExit(f"{name} under {m} exited {rc}")
                t[m].append(wall)
                if m.startswith("ebpf"):
                    e = latest_manifest(home)["extra"]["ebpf"]
                    lost += e["lost"]
                    pauses += e["pauses"] if m == "ebpf" else 0
                    want = "pool" if m == "ebpf" else "loaded"
                    # The first run of a workload may have found the pool empty (the one before was cold).
                    if e.get("programs") != want and not (m == "ebpf" and i == 0):
                        raise SystemExit(f"{name} under {m}: programs {e.get('programs')}, not {want}")
                clear_runs(home)
        nat = statistics.median(t["native"])
        rows.append(f"| {name} | {nat:.3f} | {statistics.median(t['ptrace']) / nat:.2f} | "
                    f"{statistics.median(t['ebpf']) / nat:.2f} | {statistics.median(t['ebpf cold']) / nat:.2f} | "
                    f"{lost} | {pauses} |")
        print(rows[-1], flush=True)

    # The fixed cost: a run of `true`, in milliseconds per mode (a ratio to 1 ms of native says
    # nothing), medians of 5 × --runs alternating runs.
    fixed = {m: [] for m in modes}
    for _ in range(5 * args.runs):
        for m, wrap in modes.items():
            fixed[m].append(timed(wrap(["/bin/true"]))[0])
            clear_runs(home)
    fixed_line = "fixed cost, `capsule run -q -- /bin/true`: " + ", ".join(
        f"{m} {statistics.median(v) * 1000:.1f} ms" for m, v in fixed.items())
    print(fixed_line, flush=True)

    # Peak RSS on 1,000,000 syscalls (dd: a read and a write per block).
    million = ["dd", "if=/dev/zero", "of=/dev/null", "bs=64", "count=500000"]
    _, rss_kb, _ = timed(modes["ebpf"](million))
    e = latest_manifest(home)["extra"]["ebpf"]
    rss = f"peak RSS of capsule --backend ebpf on 1,000,000 syscalls: {rss_kb / 1024:.0f} MiB (lost {e['lost']}, pauses {e['pauses']})"
    clear_runs(home)
    print(rss, flush=True)

    # The cost to a process outside the tree: a storm run alone, and while capsule traces `sleep`.
    storm = pin + ["dd", "if=/dev/zero", "of=/dev/null", "bs=64", "count=200000"]
    alone, beside = [], []
    for _ in range(args.runs):
        alone.append(timed(storm)[0])
        bg = subprocess.Popen(modes["ebpf"](["sleep", "30"]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)  # loaded and attached
        beside.append(timed(storm)[0])
        bg.terminate()
        bg.wait()
    untraced = (f"untraced storm while capsule --backend ebpf runs: {statistics.median(beside) / statistics.median(alone):.2f}"
                f" × alone (median of {args.runs} pairs)")
    print(untraced, flush=True)
    print("\n| workload | native s | ptrace ×native | ebpf ×native | ebpf cold ×native | ebpf lost | ebpf pauses |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print(f"\n{fixed_line}\n{rss}\n{untraced}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
