#!/usr/bin/env python3
"""Capsule's end-to-end benchmark: every workload natively, under a bare ptrace loop, under strace
with the same information, and under capsule, in one run, alternating, median of several runs.

    python3 bench/run.py [--build build] [--runs 5] [--only storm,walk] [--write-docs]

Ratios are what to read (these machines are shared and noisy): each is measured side by side in
the same run. With --write-docs the table goes into docs/BENCHMARKS.md (between the markers; rows
of workloads not measured this time are kept, so --only can redo part of the table) and a bar
chart into docs/benchmarks.png.

Floors: `floor` is a bare ptrace loop (bench/ptrace_floor.c); `floor+reads` the same loop doing the
least a full-fidelity tracer must (the registers at every stop, the read/write buffers); `seccomp
floor` the program under a one-rule seccomp filter and no tracer, the least any `--trace`
pre-filter costs.
"""
import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STRACE_FLAGS = ["-f", "-tt", "-yy", "-v", "-x", "-s", "1000"]


def workloads(build, tmp):
    helpers = os.path.join(build, "test-helpers")
    return {
        "storm": ["dd", "if=/dev/zero", "of=/dev/null", "bs=64", "count=200000"],
        "walk": ["find", "/usr/share", "-type", "f"],
        "python": ["/usr/bin/python3", "-c", "import json, email.parser, http.client, xml.dom.minidom, sqlite3"],
        "gcc": ["gcc", "-O2", "-c", os.path.join(ROOT, "bench", "ptrace_floor.c"), "-o", os.path.join(tmp, "x.o")],
        "spawn200": ["sh", "-c", "i=0; while [ $i -lt 200 ]; do /bin/true; i=$((i+1)); done"],
        "threads": [os.path.join(helpers, "many_children"), "0", "8", "20000"],
        "write100M": ["dd", "if=/dev/zero", "of=" + os.path.join(tmp, "big.out"), "bs=4096", "count=25600"],
    }


def run_timed(argv, env=None):
    """Runs argv; returns (wall seconds, CPU seconds of it and all its reaped descendants, rc)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, ru.ru_utime + ru.ru_stime, os.waitstatus_to_exitcode(status)


def strace_syscalls(path):
    """Syscalls in an strace -f log: every call line (an unfinished half counts, its resumption not)."""
    n = 0
    call = re.compile(r"^\d+ +\d\d:\d\d:\d\d\.\d+ [a-z0-9_]+\(")
    with open(path, errors="replace") as f:
        for line in f:
            if call.match(line):
                n += 1
    return n


def count_both(capsule, argv, tmp, home):
    """The workload's syscalls under strace and under capsule, each once, with address-space
    randomization off (setarch -R): with it on, gcc's brk calls vary from run to run (38-45 here),
    which is the program's doing, not a tracer's. Also the clone3 calls capsule's escape guard
    answered ENOSYS: glibc then retries each as clone, so they are calls strace does not see."""
    out = os.path.join(tmp, "count.strace")
    subprocess.run(["setarch", "-R", "strace"] + STRACE_FLAGS + ["-o", out] + argv,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.rmtree(home, ignore_errors=True)
    subprocess.run(["setarch", "-R", capsule, "run", "-q", "--home", home, "--compress", "none", "--"] + argv,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    man, run_dir = latest_manifest(home)
    refused = 0
    with open(os.path.join(run_dir, "events.jsonl")) as f:
        for line in f:
            if '"syscall":"clone3"' in line and '"errno":"ENOSYS"' in line:
                refused += 1
    return {"strace": strace_syscalls(out), "capsule": man.get("syscalls", 0), "clone3_refused": refused}


def latest_manifest(home):
    logs = os.path.join(home, "logs")
    newest = sorted(os.listdir(logs))[-1]
    with open(os.path.join(logs, newest, "manifest.json")) as f:
        return json.load(f), os.path.join(logs, newest)


def modes(args, capsule, floor, tmp, home, backends):
    seccomp_floor = os.path.join(os.path.dirname(floor), "seccomp_floor")
    m = {
        "native": lambda w: w,
        "floor": lambda w: [floor] + w,
        "floor-pinned": lambda w: ["taskset", "-c", "0", floor] + w,
        "floor-reads-pinned": lambda w: ["taskset", "-c", "0", floor, "--reads"] + w,
        "seccomp-floor": lambda w: [seccomp_floor] + w,
        "strace": lambda w: ["strace"] + STRACE_FLAGS + ["-o", os.path.join(tmp, "strace.out")] + w,
        "strace-pinned": lambda w: ["taskset", "-c", "0", "strace"] + STRACE_FLAGS + ["-o", os.path.join(tmp, "strace.out")] + w,
        "capsule": lambda w: [capsule, "run", "-q", "--home", home, "--"] + w,
        # Tracing less on purpose: the seccomp pre-filter keeps unselected calls from stopping.
        "capsule-net": lambda w: [capsule, "run", "-q", "--home", home, "--trace", "network", "--"] + w,
    }
    if "strace" in backends:
        m["capsule-strace"] = lambda w: [capsule, "run", "-q", "--home", home, "--backend", "strace", "--"] + w
    if "ebpf" in backends:
        m["capsule-ebpf"] = lambda w: [capsule, "run", "-q", "--home", home, "--backend", "ebpf", "--"] + w
    return m


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", default="")
    ap.add_argument("--write-docs", action="store_true")
    args = ap.parse_args()

    capsule = os.path.join(args.build, "capsule")
    floor = os.path.join(args.build, "bench", "ptrace_floor")
    for p in (capsule, floor, os.path.join(args.build, "bench", "seccomp_floor")):
        if not os.path.exists(p):
            sys.exit(f"bench: {p} is missing: build first (scripts/build.sh)")
    help_text = subprocess.run([capsule, "run", "--help"], capture_output=True, text=True).stdout
    backends = {"ptrace"} | ({"strace"} if "--backend" in help_text else set())
    # The eBPF backend, when this capsule was built with it and the machine can load it.
    if "ebpf" in help_text and subprocess.run([capsule, "run", "-q", "--home", tempfile.mkdtemp(prefix="capsule-bench-probe-"),
                                               "--backend", "ebpf", "--", "true"], capture_output=True).returncode == 0:
        backends.add("ebpf")

    tmp = tempfile.mkdtemp(prefix="capsule-bench-")
    home = os.path.join(tmp, "home")
    results = {}  # workload -> mode -> list of (wall, cpu)
    counts = {}
    rss = {}
    try:
        wl = workloads(args.build, tmp)
        if args.only:
            wl = {k: v for k, v in wl.items() if k in args.only.split(",")}
        md = modes(args, capsule, floor, tmp, home, backends)
        for name, argv in wl.items():
            results[name] = {m: [] for m in md}
            for r in range(args.runs):
                for mode, wrap in md.items():  # alternating: one of each mode per round
                    shutil.rmtree(home, ignore_errors=True)
                    wall, cpu, rc = run_timed(wrap(argv))
                    if rc != 0:
                        print(f"bench: {name} under {mode} exited {rc}", file=sys.stderr)
                    results[name][mode].append((wall, cpu))
                    if mode == "capsule":
                        man, _ = latest_manifest(home)
                        rss.setdefault(name, []).append(man.get("extra", {}).get("capsule_max_rss_kb", 0))
            counts[name] = count_both(capsule, argv, tmp, home)
            line = "  ".join(f"{m} {statistics.median(w for w, _ in v):.3f}s" for m, v in results[name].items())
            print(f"{name:10s} {line}", flush=True)
        latency = measure_latency(capsule, tmp)
        million = measure_million(capsule, tmp)
        prefilter = measure_prefilter(capsule, md, tmp, home, args.runs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    table = render_table(results, counts, rss, latency, million, prefilter, args.runs)
    print(table)
    if args.write_docs:
        write_docs(table, results)


def measure_latency(capsule, tmp):
    """Syscall → disk: a program makes one getppid every 2 ms while this process polls the run's
    syscalls.log every 0.5 ms; latency = time a record was seen − its syscall timestamp. The run
    uses the default --compress (zstd for the JSON streams): syscalls.log stays plain, so this
    script reads it as it grows, and one flush writes every stream's block, the compressed ones
    included (tests/integration/tail_test.cpp checks the 100 ms on events.jsonl.zst too)."""
    home = os.path.join(tmp, "lat-home")
    prog = "import os,time\nfor i in range(1500):\n    os.getppid(); time.sleep(0.002)\n"
    proc = subprocess.Popen([capsule, "run", "-q", "--home", home, "--", "/usr/bin/python3", "-c", prog],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    path = None
    while path is None and proc.poll() is None:
        logs = os.path.join(home, "logs")
        if os.path.isdir(logs) and os.listdir(logs):
            path = os.path.join(logs, sorted(os.listdir(logs))[-1], "syscalls.log")
        time.sleep(0.001)
    lat = []
    buf = ""
    pos = 0
    midnight = None
    while True:
        done = proc.poll() is not None
        if path and os.path.exists(path):
            with open(path) as f:
                f.seek(pos)
                chunk = f.read()
                pos = f.tell()
            now = time.time()
            buf += chunk
            *lines, buf = buf.split("\n")
            for l in lines:
                # "PID HH:MM:SS.uuuuuu getppid() = N" (local time, as strace -tt)
                fields = l.split(" ", 3)
                if len(fields) < 3 or not fields[2].startswith("getppid("):
                    continue
                h, m, sec = fields[1].split(":")
                if midnight is None:
                    lt = time.localtime(now)
                    midnight = time.mktime((lt.tm_year, lt.tm_mon, lt.tm_mday, 0, 0, 0, 0, 0, -1))
                t = midnight + int(h) * 3600 + int(m) * 60 + float(sec)
                lat.append(now - t)
        if done:
            break
        time.sleep(0.0005)
    if not lat:
        return None
    lat.sort()
    return {"n": len(lat), "p50_ms": 1000 * lat[len(lat) // 2], "p99_ms": 1000 * lat[int(len(lat) * 0.99)]}


def measure_million(capsule, tmp):
    """Capsule's peak RSS over a 1,000,000-syscall run (dd's 500,000 reads and writes): memory must
    not grow with the length of a run."""
    home = os.path.join(tmp, "million-home")
    argv = [capsule, "run", "-q", "--home", home, "--", "dd", "if=/dev/zero", "of=/dev/null", "bs=64", "count=500000"]
    _, _, rc = run_timed(argv)
    if rc != 0:
        return None
    man, _ = latest_manifest(home)
    return {"syscalls": man.get("syscalls", 0), "rss_mib": man.get("extra", {}).get("capsule_max_rss_kb", 0) / 1024}


def measure_prefilter(capsule, md, tmp, home, runs):
    """--trace network's two costs apart: per syscall (a storm ten times the workload's, so that a
    run's fixed cost is ~1 % of it), and per run (`true`, against strace's own per-run cost).
    Alternating, medians."""
    long_storm = ["dd", "if=/dev/zero", "of=/dev/null", "bs=64", "count=2000000"]
    shown = ("native", "seccomp-floor", "capsule-net")
    storm = {m: [] for m in shown}
    fixed = {m: [] for m in ("native", "strace", "capsule-net", "capsule")}
    for _ in range(runs):
        for m in shown:
            storm[m].append(run_timed(md[m](long_storm))[0])
        for _ in range(5):
            for m in fixed:
                shutil.rmtree(home, ignore_errors=True)
                fixed[m].append(run_timed(md[m](["true"]))[0])
    med = {m: statistics.median(v) for m, v in storm.items()}
    fixed_ms = {m: 1000 * statistics.median(v) for m, v in fixed.items()}
    return {"storm_native_s": med["native"],
            "storm_seccomp_floor": med["seccomp-floor"] / med["native"],
            "storm_capsule_net": med["capsule-net"] / med["native"],
            "fixed_ms": fixed_ms}


def render_table(results, counts, rss, latency, million, prefilter, runs):
    def med(v, i):
        return statistics.median(x[i] for x in v)

    lines = [f"Medians of {runs} alternating runs; ratios are to the same workload measured natively in the same run.",
             "",
             "| workload | native s | floor ×native | floor pinned ×native | floor+reads pinned ×native | strace ×native | capsule ×native | capsule CPU ×native | capsule / strace | capsule / floor pinned | capsule / floor+reads pinned | capsule --backend strace ×native | capsule --backend ebpf ×native | capsule --trace network ×native | seccomp floor ×native | syscalls strace / capsule | capsule peak RSS MiB |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, r in results.items():
        nat = med(r["native"], 0)
        natc = max(med(r["native"], 1), 1e-3)

        def ratio(mode, digits=1):
            return f"{med(r[mode], 0) / nat:.{digits}f}" if mode in r else "–"

        def per(mode):
            return f"{med(r['capsule'], 0) / med(r[mode], 0):.2f}" if mode in r else "–"

        cs, cf, cfr = per("strace"), per("floor-pinned"), per("floor-reads-pinned")
        c = counts.get(name, {})
        cnt = f"{c.get('strace', '?')} / {c.get('capsule', '?')}"
        refused = c.get("clone3_refused", 0)
        if refused:
            cnt += f" ({refused} clone3 → ENOSYS → clone)"
        if c.get("strace", 0) + refused != c.get("capsule"):
            cnt += " **differ**"  # nothing may be lost: the benchmark checks it on every workload
        mem = f"{max(rss.get(name, [0])) / 1024:.1f}"
        lines.append(f"| {name} | {nat:.3f} | {ratio('floor')} | {ratio('floor-pinned')} | {ratio('floor-reads-pinned')} | {ratio('strace')} | {ratio('capsule')} | "
                     f"{med(r['capsule'], 1) / natc:.1f} | {cs} | {cf} | {cfr} | {ratio('capsule-strace')} | {ratio('capsule-ebpf')} | {ratio('capsule-net', 2)} | {ratio('seccomp-floor', 2)} | {cnt} | {mem} |")
    if latency:
        lines += ["", f"Latency syscall → on disk, default compression ({latency['n']} records): "
                      f"p50 {latency['p50_ms']:.1f} ms, p99 {latency['p99_ms']:.1f} ms."]
    if million:
        lines += ["", f"Capsule's peak RSS on a run of {million['syscalls']} syscalls: {million['rss_mib']:.1f} MiB."]
    if prefilter:
        f = prefilter["fixed_ms"]
        lines += ["", f"`--trace network` on a storm of 4,000,000 syscalls (native {prefilter['storm_native_s']:.2f} s): "
                      f"seccomp floor {prefilter['storm_seccomp_floor']:.2f}× native, capsule {prefilter['storm_capsule_net']:.2f}×. "
                      f"Per run (`true`, medians of {5 * runs}): native {f['native']:.1f} ms, `strace -f` {f['strace']:.1f} ms, "
                      f"`capsule run --trace network` {f['capsule-net']:.1f} ms, `capsule run` {f['capsule']:.1f} ms."]
    return "\n".join(lines)


def keep_unmeasured_rows(text, begin, end, table, measured):
    """The new table plus the rows of the old one for workloads not measured this time."""
    if begin not in text:
        return table
    old = text.split(begin, 1)[1].split(end, 1)[0]
    new_cols = table.splitlines()[2].count("|")
    kept = [l for l in old.splitlines()
            if l.startswith("| ") and not l.startswith("| workload") and not l.startswith("| ---")
            and l.split("|")[1].strip() not in measured and l.count("|") == new_cols]
    if not kept:
        return table
    lines = table.splitlines()
    at = 4  # after the header row and its rule
    while at < len(lines) and lines[at].startswith("| "):
        at += 1
    return "\n".join(lines[:at] + kept + lines[at:])


def write_docs(table, results):
    path = os.path.join(ROOT, "docs", "BENCHMARKS.md")
    begin, end = "<!-- bench/run.py begin -->", "<!-- bench/run.py end -->"
    text = open(path).read() if os.path.exists(path) else "# Benchmarks\n\n"
    table = keep_unmeasured_rows(text, begin, end, table, set(results))
    block = f"{begin}\n{table}\n\n![wall-clock ratios](benchmarks.png)\n{end}"
    if begin in text:
        text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text += "\n## Workloads: native, strace, capsule\n\n" + block + "\n"
    with open(path, "w") as f:
        f.write(text)
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    names = list(results)
    shown = [m for m in ("floor-pinned", "floor-reads-pinned", "strace", "capsule", "capsule-strace") if m in results[names[0]]]
    fig, ax = plt.subplots(figsize=(10, 4.5))
    width = 0.8 / len(shown)
    for i, m in enumerate(shown):
        vals = [statistics.median(w for w, _ in results[n][m]) / statistics.median(w for w, _ in results[n]["native"]) for n in names]
        ax.bar([x + i * width for x in range(len(names))], vals, width, label=m)
    ax.set_xticks([x + width * (len(shown) - 1) / 2 for x in range(len(names))])
    ax.set_xticklabels(names)
    ax.set_yscale("log")
    ax.set_ylabel("wall time × native (log)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(ROOT, "docs", "benchmarks.png"), dpi=110)


if __name__ == "__main__":
    main()
