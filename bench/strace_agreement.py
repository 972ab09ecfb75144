#!/usr/bin/env python3
"""How much of syscalls.log is strace's own text: per program and per syscall.

    python3 bench/strace_agreement.py [--capsule build/capsule] [--build build]
        [--backend ptrace] [--examples N] [--only ls,python] [--helpers]

Each program runs once under `strace -f -tt -yy -v -x -s 1000` (what docs/FORMAT.md promises
syscalls.log is) and once under capsule. Both logs lose the pid and time prefix; `agree` is the
share of strace's lines found word for word among capsule's (as a multiset), `names` the share of
strace's syscall names found. `normalised` also replaces what differs from run to run and not
between tools: addresses (hex of 5 digits or more), pipe and socket inode numbers, times inside
structs, getrandom's bytes, pids, gcc's random temporary file names, sysinfo's free memory, inode numbers of files the program
creates, getrusage's counters. `strace itself` compares a
second strace run with the first, normalised the same way: what is left there is the program
differing from run to run (free memory, a temporary name, one more brk), the floor under which
capsule's own figure cannot be read as a difference between the tools. `returns` compares only
what follows the last " = " (normalised). Per syscall, the strace lines not found, with examples paired in
order with capsule's unmatched lines of the same call, so that a difference can be read at once.
Per category: the same shares by syscall family, the families being the sections of
src/decode/syscall_table.def. --helpers adds the cross-check corpus's helpers
(tests/helpers/corpus/, one syscall family each) to the programs.
"""
import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STRACE_FLAGS = ["-f", "-tt", "-yy", "-v", "-x", "-s", "1000"]
PREFIX = re.compile(r"^(\[pid +\d+\] )?(\d+ +)?(\d\d:\d\d:\d\d\.\d+ )?")
NAME = re.compile(r"^([a-z0-9_]+)\(")
# Both pad a short call so that " = " starts at column 40 of the whole line, pid included; the
# pids of the two runs may differ in width, so the padding is compared as one space.
PADDING = re.compile(r"\)  +(= [^=]*)$")
NORMALISE = [
    (re.compile(r"0x[0-9a-f]{5,}"), "0xADDR"),
    (re.compile(r"(pipe|socket|UNIX|TCP|UDP|TCPv6|UDPv6|NETLINK|UNIX-STREAM|UNIX-DGRAM|anon_inode):\[[^\]]*\]"), r"\1:[INO]"),
    (re.compile(r"/\* \d{4}-\d\d-\d\dT[^*]*\*/"), "/* TIME */"),
    (re.compile(r"(st_|stx_)[abcm]time(_nsec)?=\d+"), r"\1time=T"),
    (re.compile(r"tv_sec=\d+, tv_(nsec|usec)=\d+"), r"tv_sec=S, tv_\1=N"),
    (re.compile(r'getrandom\("(\\.|[^"\\])*"'), "getrandom(RND"),
    (re.compile(r"/tmp/cc[A-Za-z0-9]{6}\."), "/tmp/ccTEMP."),
    (re.compile(r"\b(freeram|sharedram|bufferram|freeswap|st_ino|stx_ino)=\d+"), r"\1=N"),
    (re.compile(r"\b(ru_[a-z]+)=\d+"), r"\1=N"),
    (re.compile(r"\b\d{3,7}\b"), "N"),
]
RETURN = re.compile(r" = .*$")


def programs(build, tmp):
    helpers = os.path.join(build, "test-helpers")
    return {
        "sh-ls-cat": ["sh", "-c", "ls /etc >/dev/null; cat /etc/hostname"],
        "ls-l": ["ls", "-l", "/usr/share/doc/bash"],
        "python": ["/usr/bin/python3", "-c", "import os; os.listdir('/usr/lib/python3')"],
        "tar": ["tar", "-cf", os.path.join(tmp, "work", "doc.tar"), "-C", "/usr/share/doc", "bash", "coreutils"],
        "gcc": ["gcc", "-O2", "-c", os.path.join(ROOT, "bench", "ptrace_floor.c"), "-o", os.path.join(tmp, "work", "x.o")],
        "sh-pipes-traps": ["sh", "-c", "trap 'echo bye' EXIT; seq 1 50 | sort -r | head -3; (exit 3) || true"],
        "named-constants": [os.path.join(helpers, "named_constants")],
    }


def categories():
    """syscall name -> the section of syscall_table.def that declares it ("files: metadata and names")."""
    out, section = {}, "other"
    with open(os.path.join(ROOT, "src", "decode", "syscall_table.def")) as f:
        for line in f:
            if line.startswith("// ---- "):
                section = "not decoded yet" if "known by name" in line else line[8:].split(" ----")[0]
            row = re.match(r"^(SYSCALL|UNDECODED)\(([a-z0-9_]+)", line)
            if row:
                out[row.group(2)] = section
    return out


def category_of(line, table):
    return table.get(name_of(line), "other")


def lines_of(path):
    out = []
    with open(path, errors="replace") as f:
        for line in f:
            line = PADDING.sub(r") \1", PREFIX.sub("", line.rstrip("\n"), count=1), count=1)
            if line.startswith(("+++", "---")) or "resumed>" in line or "<unfinished" in line:
                continue
            out.append(line)
    return out


def normalise(line):
    for pattern, repl in NORMALISE:
        line = pattern.sub(repl, line)
    return line


def name_of(line):
    m = NAME.match(line)
    return m.group(1) if m else "?"


def compare(strace_lines, capsule_lines):
    have = collections.Counter(capsule_lines)
    missing = collections.defaultdict(list)
    agree = 0
    for line in strace_lines:
        if have[line] > 0:
            have[line] -= 1
            agree += 1
        else:
            missing[name_of(line)].append(line)
    extra = collections.defaultdict(list)
    for line, n in have.items():
        extra[name_of(line)] += [line] * n
    return agree, missing, extra


def return_of(line):
    m = RETURN.search(line)
    return m.group(0) if m else ""


def run_all(capsule, backend, argv, tmp):
    """strace twice (the second run measures the program's own variation), capsule once; the
    working directory holds nothing of the tools' own (the home is beside it), so that a
    directory's link count or listing is the same for all three."""
    work = os.path.join(tmp, "work")
    home = os.path.join(tmp, "home")
    shutil.rmtree(home, ignore_errors=True)
    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=work)

    def fresh_work():  # what one run wrote (tar's archive, gcc's object) is not there for the next
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)

    logs = []
    for k in range(2):
        logs.append(os.path.join(tmp, f"strace{k}.log"))
        fresh_work()
        subprocess.run(["strace", *STRACE_FLAGS, "-o", logs[-1], *argv], **quiet)
    fresh_work()
    subprocess.run([capsule, "run", "--home", home, "--backend", backend, "--compress", "none", "--", *argv], **quiet)
    runs = os.path.join(home, "logs")
    run = os.path.join(runs, sorted(os.listdir(runs))[-1])
    return lines_of(logs[0]), lines_of(logs[1]), lines_of(os.path.join(run, "syscalls.log"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--capsule", default=os.path.join(ROOT, "build", "capsule"))
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--backend", default="ptrace")
    ap.add_argument("--examples", type=int, default=0, help="print N differing line pairs per syscall")
    ap.add_argument("--only", default="")
    ap.add_argument("--helpers", action="store_true", help="also run tests/helpers/corpus/'s helpers")
    args = ap.parse_args()
    table = categories()
    per_category = collections.defaultdict(collections.Counter)
    tmp = tempfile.mkdtemp(prefix="capsule-agree-")
    totals = collections.Counter()
    per_call = collections.Counter()
    examples = collections.defaultdict(list)
    try:
        progs = programs(os.path.abspath(args.build), tmp)
        if args.helpers:
            corpus = os.path.join(os.path.abspath(args.build), "test-helpers", "corpus")
            for h in sorted(os.listdir(corpus)):
                progs["corpus/" + h] = [os.path.join(corpus, h)]
        chosen = [p for p in args.only.split(",") if p] or list(progs)
        print("| program | strace lines | names | returns | agree | agree normalised | strace itself |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name in chosen:
            s, s2, c = run_all(os.path.abspath(args.capsule), args.backend, progs[name], tmp)
            names_agree, _, _ = compare([name_of(x) for x in s], [name_of(x) for x in c])
            returns_agree, _, _ = compare([name_of(x) + return_of(normalise(x)) for x in s],
                                          [name_of(x) + return_of(normalise(x)) for x in c])
            self_agree, _, _ = compare([normalise(x) for x in s], [normalise(x) for x in s2])
            agree, exact_missing, _ = compare(s, c)
            ns, nc = [normalise(x) for x in s], [normalise(x) for x in c]
            nagree, missing, extra = compare(ns, nc)
            for line in s:
                per_category[category_of(line, table)]["lines"] += 1
            for lost in exact_missing.values():
                for line in lost:
                    per_category[category_of(line, table)]["exact_lost"] += 1
            for lost in missing.values():
                for line in lost:
                    per_category[category_of(line, table)]["lost"] += 1
            for call, lost in missing.items():
                per_call[call] += len(lost)
                for a, b in zip(lost, extra.get(call, [])):
                    if len(examples[call]) < args.examples:
                        examples[call].append((a, b))
            totals.update(lines=len(s), names=names_agree, returns=returns_agree, agree=agree, nagree=nagree,
                          itself=self_agree)
            pct = lambda k, n=len(s): f"{100.0 * k / max(n, 1):.1f} %"
            print(f"| {name} | {len(s)} | {pct(names_agree)} | {pct(returns_agree)} | {pct(agree)} | {pct(nagree)} | "
                  f"{pct(self_agree)} |", flush=True)
        n = totals["lines"]
        share = lambda key: f"{100.0 * totals[key] / n:.1f} %"
        print(f"| all | {n} | {share('names')} | {share('returns')} | {share('agree')} | {share('nagree')} | "
              f"{share('itself')} |")
        print("\n| category | strace lines | agree | agree normalised |")
        print("|---|---:|---:|---:|")
        for cat, k in sorted(per_category.items(), key=lambda kv: -kv[1]["lines"]):
            pct = lambda lost, n=k["lines"]: f"{100.0 * (n - lost) / max(n, 1):.1f} %"
            print(f"| {cat} | {k['lines']} | {pct(k['exact_lost'])} | {pct(k['lost'])} |")
        print("\nstrace lines not found (normalised), per syscall:")
        for call, k in per_call.most_common():
            print(f"  {k:6d}  {call}")
            for a, b in examples[call]:
                print(f"          strace:  {a[:300]}\n          capsule: {b[:300]}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
