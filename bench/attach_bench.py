#!/usr/bin/env python3
"""What `capsule attach` costs the process it attaches to (issue #26), ptrace beside eBPF,
alternating, medians of --runs:

    python3 bench/attach_bench.py [--build build] [--runs 3] [--seconds 2]

bench/attach_rate (a getppid storm that prints its own calls per 100 ms) runs untraced; after a
second capsule attaches to it for --seconds (`attach --backend B --timeout S`) and detaches. Its
rate while attached (intervals from 0.5 s after capsule started until it ended) is compared with
its own rate in the second before: the slowdown is native/attached, measured in the same process.
Also: the calls recorded and the records the eBPF ring lost (an attached process is never
paused). Prints a Markdown table for
docs/BENCHMARKS.md."""
import argparse
import glob
import json
import os
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def one(build, backend, seconds):
    rate = subprocess.Popen([os.path.join(build, "bench", "attach_rate"), str(seconds + 3)], stdout=subprocess.PIPE,
                            text=True)
    time.sleep(1.0)
    with tempfile.TemporaryDirectory() as home:
        t0 = time.monotonic()
        cap = subprocess.run([os.path.join(build, "capsule"), "attach", "--quiet", "--backend", backend, "--timeout",
                              str(seconds), "--home", home, str(rate.pid)], capture_output=True, text=True)
        t1 = time.monotonic()
        if cap.returncode != 0:
            raise SystemExit(f"capsule attach --backend {backend}: exit {cap.returncode}: {cap.stderr}")
        run = sorted(glob.glob(os.path.join(home, "logs", "*")))[-1]
        with open(os.path.join(run, "manifest.json")) as f:
            m = json.load(f)
    out, _ = rate.communicate()
    samples = [(float(t), int(n)) for t, n in (line.split() for line in out.splitlines())]
    before = [n for t, n in samples if t0 - 1.0 <= t < t0]
    during = [n for t, n in samples if t0 + 0.5 <= t < t1]
    lost = m.get("extra", {}).get("ebpf", {}).get("lost")
    return statistics.median(before) / statistics.median(during), lost, m["syscalls"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=2.0)
    a = ap.parse_args()
    results = {"ptrace": [], "ebpf": []}
    for _ in range(a.runs):
        for backend in results:
            results[backend].append(one(a.build, backend, a.seconds))
    print(f"load average {os.getloadavg()[0]:.2f}; {a.runs} runs each, alternating; {a.seconds} s attached\n")
    print("| backend | slowdown of the attached process (median) | calls recorded (median) | lost (max) |")
    print("| --- | --- | --- | --- |")
    for backend, rs in results.items():
        lost = [r[1] for r in rs if r[1] is not None]
        print(f"| {backend} | {statistics.median(r[0] for r in rs):.1f}× | {int(statistics.median(r[2] for r in rs)):,} | "
              f"{max(lost) if lost else '—'} |")


if __name__ == "__main__":
    main()
