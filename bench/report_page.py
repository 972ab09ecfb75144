#!/usr/bin/env python3
"""Size and load time of `capsule report`'s HTML page for a run of about 1,000,000 syscalls
(issue 25's budget: under 10 MB, open in under 2 s).

    python3 bench/report_page.py [--capsule build/capsule] [--syscalls 1000000] [--processes 3000]

The run is made with `capsule import` of a generated strace -f -tt log, so that its shape is
chosen, not waited for: a root shell that starts PROCESSES children, each of which execs a
program, opens, reads and closes files in its own directory (every file distinct: the file
tables reach their caps), connects to a peer, reads /etc/shadow once in a while (findings with
evidence), and makes getpid calls to fill the budget. Measured: the time `capsule report` takes,
the page's size, and, inside headless Chromium, the time from the start of navigation to the end
of the page's script and to the end of the first layout (median of 5 loads; the browser's own
start-up is not counted).
"""
import argparse
import os
import re
import statistics
import shutil
import subprocess
import sys
import tempfile
import time


def generate(path, syscalls, processes):
    per_child = max(20, syscalls // processes)
    t = [0]

    def ts():
        t[0] += 3
        us = t[0]
        return f"{us // 3600000000 % 24:02}:{us // 60000000 % 60:02}:{us // 1000000 % 60:02}.{us % 1000000:06}"

    n = 0
    with open(path, "w") as out:
        root = 1000
        out.write(f'{root} {ts()} execve("/bin/sh", ["sh", "build.sh"], 0x7ffd0 /* 5 vars */) = 0\n')
        for c in range(processes):
            pid = 2000 + c
            out.write(f"{root} {ts()} clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, "
                      f"child_tidptr=0x7f0) = {pid}\n")
            out.write(f'{pid} {ts()} execve("/usr/bin/tool{c % 7}", ["tool{c % 7}", "--job", "{c}"], 0x7ffd0 /* 5 vars */) = 0\n')
            n += 2
            done = 2
            k = 0
            while done + 5 < per_child:
                if k < 40:
                    f = f"/work/job{c}/src/file{k}.c"
                    out.write(f'{pid} {ts()} openat(AT_FDCWD, "{f}", O_RDONLY) = 3\n')
                    out.write(f'{pid} {ts()} read(3, "int x;\\n", 4096) = 7\n')
                    out.write(f'{pid} {ts()} close(3) = 0\n')
                    out.write(f'{pid} {ts()} openat(AT_FDCWD, "/work/job{c}/out/file{k}.o", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 4\n')
                    out.write(f'{pid} {ts()} write(4, "\\x7fELF", 4) = 4\n')
                    out.write(f'{pid} {ts()} close(4) = 0\n')
                    done += 6
                elif k == 40 and c % 50 == 0:
                    out.write(f'{pid} {ts()} openat(AT_FDCWD, "/etc/shadow", O_RDONLY) = 5\n')
                    out.write(f'{pid} {ts()} close(5) = 0\n')
                    out.write(f'{pid} {ts()} socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 6\n')
                    out.write(f'{pid} {ts()} connect(6, {{sa_family=AF_INET, sin_port=htons(443), '
                              f'sin_addr=inet_addr("203.0.113.{c % 200}")}}, 16) = 0\n')
                    done += 4
                else:
                    out.write(f"{pid} {ts()} getpid() = {pid}\n")
                    done += 1
                k += 1
            out.write(f"{pid} {ts()} exit_group(0) = ?\n{pid} {ts()} +++ exited with 0 +++\n")
            out.write(f"{root} {ts()} --- SIGCHLD {{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid={pid}, si_uid=0, "
                      f"si_status=0, si_utime=0, si_stime=0}} ---\n")
            n += done - 2 + 1
        out.write(f"{root} {ts()} exit_group(0) = ?\n{root} {ts()} +++ exited with 0 +++\n")
    return n


def chromium_load(page, profile):
    argv = ["chromium", "--headless", "--disable-gpu", "--no-sandbox", f"--user-data-dir={profile}", "--dump-dom",
            f"file://{page}"]
    start = time.monotonic()
    dom = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=300).stdout
    return time.monotonic() - start, dom


# Appended to a copy of the page: the time from the start of navigation to the end of the page's
# own script (the whole document parsed, the script run), and then to the end of the first layout,
# forced here as the first paint would. The browser's own start-up is not in these numbers.
MEASURE = ('<script>var t0=performance.now();document.body.offsetHeight;'
           'document.body.dataset.loadMs=Math.round(t0)+","+Math.round(performance.now());</script>')


def in_page_times(page, profile, repeats):
    measured = page + ".measure.html"
    text = open(page, encoding="utf-8").read()
    at = text.rfind("</body>")
    open(measured, "w", encoding="utf-8").write(text[:at] + MEASURE + text[at:])
    parsed, laid_out = [], []
    for _ in range(repeats):
        _, dom = chromium_load(measured, profile)
        m = re.search(r'data-load-ms="(\d+),(\d+)"', dom)
        if m:
            parsed.append(int(m.group(1)) / 1000)
            laid_out.append(int(m.group(2)) / 1000)
    return statistics.median(parsed), statistics.median(laid_out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--capsule", default="build/capsule")
    ap.add_argument("--syscalls", type=int, default=1000000)
    ap.add_argument("--processes", type=int, default=3000)
    a = ap.parse_args()
    capsule = os.path.abspath(a.capsule)
    tmp = tempfile.mkdtemp(prefix="capsule-report-bench-")
    try:
        trace = os.path.join(tmp, "big.trace")
        generate(trace, a.syscalls, a.processes)
        home = os.path.join(tmp, "home")
        start = time.monotonic()
        subprocess.run([capsule, "import", "--home", home, trace], check=True, capture_output=True)
        imported = time.monotonic() - start
        run = subprocess.run([capsule, "summary", "--home", home, "--json"], check=True, capture_output=True, text=True)
        import json
        syscalls = json.loads(run.stdout)["syscalls"]
        page = os.path.join(tmp, "report.html")
        start = time.monotonic()
        subprocess.run([capsule, "report", "--home", home, "-o", page], check=True, capture_output=True)
        made = time.monotonic() - start
        size = os.path.getsize(page)
        print(f"run: {syscalls} syscalls, {a.processes + 1} processes (import {imported:.1f} s)")
        print(f"capsule report: {made:.2f} s, page {size / 1e6:.2f} MB (budget 10 MB)")
        if shutil.which("chromium"):
            _, dom = chromium_load(page, os.path.join(tmp, "profile"))
            ready = 'data-ready="1"' in dom
            parsed, laid_out = in_page_times(page, os.path.join(tmp, "profile"), 5)
            print(f"chromium, median of 5 loads: document parsed and script run {parsed:.2f} s, first layout "
                  f"done {laid_out:.2f} s (budget 2 s); the page's script ran to its end: {ready}")
        else:
            print("chromium not installed: load time not measured")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
