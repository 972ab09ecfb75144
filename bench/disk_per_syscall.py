#!/usr/bin/env python3
"""Bytes on disk per recorded syscall, per stream, for three ordinary CI workloads (issue 21's
target: at most 150 bytes per syscall, every stream kept).

    python3 bench/disk_per_syscall.py [--capsule build/capsule] [--compress zstd] [--compress none]
                                      [--compact LEVEL ...] [--frame-size 1M --frame-size 8M]

Workloads: make -j2 of a small generated C project (24 files), a python start-up that imports a
few standard modules, and an "npm-like" install (python creating 1500 small files in a tree, then
stat-ing and reading them all back, as a package manager does). Each --compress value given is
measured on the same workloads, side by side. "syscalls" is the manifest's count; the size is
every file of the run directory (streams, their .chain sidecars, checkpoints, manifest) as
st_blocks would not show it: apparent bytes, so that the figure does not depend on the file
system's block size.

With --compact, each workload is also recorded plain (the default) and that run is then
compacted (`capsule compact --level LEVEL --frame-size SIZE`, on a copy of the home for each
level and frame size): the rows "compact:L/SIZE" give its bytes per syscall and the CPU time
(user + system) the compaction took.
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile

C_FILE = """#include <stdio.h>
#include <string.h>
int f{n}(const char *s) {{ char b[64]; snprintf(b, sizeof b, "%s-{n}", s); return (int)strlen(b); }}
"""
NPM_LIKE = r"""
import os, sys
root = sys.argv[1]
for p in range(50):
    d = os.path.join(root, "node_modules", f"pkg{p}", "lib")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(root, "node_modules", f"pkg{p}", "package.json"), "w") as f:
        f.write('{"name": "pkg%d", "version": "1.0.%d", "main": "lib/index.js"}\n' % (p, p))
    for i in range(29):
        with open(os.path.join(d, f"m{i}.js"), "w") as f:
            f.write("module.exports = function m%d(x) { return x + %d; };\n" % (i, i) * 8)
total = 0
for dirpath, dirs, files in os.walk(os.path.join(root, "node_modules")):
    for name in files:
        path = os.path.join(dirpath, name)
        os.stat(path)
        with open(path) as f:
            total += len(f.read())
print(total)
"""


def make_c_project(dirname):
    os.makedirs(dirname)
    objs = []
    for n in range(24):
        with open(os.path.join(dirname, f"f{n}.c"), "w") as f:
            f.write(C_FILE.format(n=n))
        objs.append(f"f{n}.o")
    with open(os.path.join(dirname, "main.c"), "w") as f:
        f.write("int f0(const char *s);\nint main(void) { return f0(\"x\") > 100; }\n")
    with open(os.path.join(dirname, "Makefile"), "w") as f:
        f.write("CFLAGS=-O1\nprog: main.o " + " ".join(objs) + "\n\t$(CC) -o $@ $^\n")


def workloads(tmp):
    cproj = os.path.join(tmp, "cproj")
    make_c_project(cproj)
    npm = os.path.join(tmp, "npm")
    return {
        "make -j2": (["make", "-s", "-j2", "-C", cproj],
                     lambda: subprocess.run(["sh", "-c", f"rm -f {cproj}/*.o {cproj}/prog"], check=True)),
        "python": (["/usr/bin/python3", "-c",
                    "import json, email.parser, http.client, xml.dom.minidom, sqlite3, argparse"], None),
        "npm-like": (["/usr/bin/python3", "-c", NPM_LIKE, npm], lambda: shutil.rmtree(npm, ignore_errors=True)),
    }


def run_dir_size(run_dir):
    sizes = {}
    for name in os.listdir(run_dir):
        sizes[name] = os.path.getsize(os.path.join(run_dir, name))
    return sizes


def latest_run_dir(home):
    logs = os.path.join(home, "logs")
    return os.path.join(logs, sorted(os.listdir(logs))[-1])


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def compact_copy(capsule, home, scratch, level, frame):
    """Compacts a copy of home's runs; returns the run directory's sizes and the CPU seconds."""
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(home, scratch, symlinks=True)
    before = children_cpu()
    subprocess.run([capsule, "compact", "--home", scratch, "--all", "--level", str(level), "--frame-size", frame],
                   check=True, stdout=subprocess.DEVNULL)
    return run_dir_size(latest_run_dir(scratch)), children_cpu() - before


def measure(capsule, home, argv, compress):
    cmd = [capsule, "run", "--home", home, "-q"]
    if compress:
        cmd += ["--compress", compress]
    subprocess.run(cmd + ["--"] + argv, check=True, stdout=subprocess.DEVNULL)
    run_dir = latest_run_dir(home)
    with open(os.path.join(run_dir, "manifest.json")) as f:
        syscalls = json.load(f)["syscalls"]
    return syscalls, run_dir_size(run_dir)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--capsule", default="build/capsule")
    ap.add_argument("--compress", action="append", help="a --compress value (repeatable); none given: the default")
    ap.add_argument("--files", action="store_true", help="also print every file's bytes per syscall")
    ap.add_argument("--compact", action="append", type=int, default=[],
                    help="also compact a plain run at this level (repeatable)")
    ap.add_argument("--frame-size", action="append", default=[],
                    help="compact --frame-size values (repeatable; default 8M)")
    args = ap.parse_args()
    modes = args.compress or [None]
    if args.compact and "none" not in modes:
        modes = modes + ["none"]  # the plain run that is compacted
    frames = args.frame_size or ["8M"]
    tmp = tempfile.mkdtemp(prefix="capsule-disk-")
    try:
        print(f"{'workload':<10} {'compress':<14} {'syscalls':>9} {'bytes':>11} {'B/syscall':>10} {'CPU s':>7}")
        for name, (argv, reset) in workloads(tmp).items():
            for mode in modes:
                if reset:
                    reset()
                home = os.path.join(tmp, "home")
                shutil.rmtree(home, ignore_errors=True)
                syscalls, sizes = measure(args.capsule, home, argv, mode)
                rows = [(mode or "default", sizes, None)]
                if mode == "none":
                    for level in args.compact:
                        for frame in frames:
                            csizes, cpu = compact_copy(args.capsule, home, os.path.join(tmp, "compacted"), level, frame)
                            rows.append((f"compact:{level}/{frame}", csizes, cpu))
                for label, sz, cpu in rows:
                    total = sum(sz.values())
                    cpu_text = f"{cpu:>7.2f}" if cpu is not None else f"{'':>7}"
                    print(f"{name:<10} {label:<14} {syscalls:>9} {total:>11} {total / max(syscalls, 1):>10.1f} {cpu_text}")
                    if args.files:
                        for f, n in sorted(sz.items(), key=lambda kv: -kv[1]):
                            print(f"{'':<26}{f:<22} {n:>11} {n / max(syscalls, 1):>10.1f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
