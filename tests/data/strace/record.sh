#!/bin/sh
# Re-records the real-strace fixtures in this folder (strace 6.1, Debian 12, x86_64).
#
# Each program runs under `strace -f -tt -yy -v -x -s 1000 -o FILE` with a minimal environment
# (so the fixtures hold no host secrets). Full traces are ~1.5 MB, so each is then cut to a few
# contiguous windows of whole lines (keeping the interesting part: forks, sockets, threads) and
# lines longer than 700 bytes are dropped except the first one (one long -s 1000 binary buffer
# is kept per file). Cutting leaves some "<unfinished ...>" without their "resumed" line and
# vice versa, which the parser must take anyway (it is what a trace attached mid-run looks like).
# Usage: sh record.sh   (writes *.trace next to this script)
set -eu
out=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
S="env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C strace -f -tt -yy -v -x -s 1000 -o"
P=/usr/bin/python3
printf 'int f(int x){return x*2;}\n' > tiny.c

$S python_import_json.full $P -I -c 'import json'
$S sh_ls_wc.full sh -c 'ls /etc | wc -l' >/dev/null
$S tar_czf.full tar czf "$work/x.tgz" -C /usr/share/doc bash
$S gcc_c.full gcc -c "$work/tiny.c" -o "$work/tiny.o"
$S net_loopback.full $P -I -S -c '
import socket
s=socket.socket()
try: s.connect(("127.0.0.1",1))
except OSError as e: print(e)
a,b=socket.socketpair(); a.send(b"hi\n\x00\xff"); b.recv(10)
l=socket.socket(); l.bind(("127.0.0.1",0)); l.listen(); c=socket.create_connection(l.getsockname()); d,_=l.accept(); c.send(b"x"); d.recv(1)
s6=socket.socket(socket.AF_INET6)
try: s6.connect(("::1",1))
except OSError as e: print(e)
u=socket.socket(socket.AF_UNIX)
try: u.connect("/tmp/nonexist.sock")
except OSError as e: print(e)
' >/dev/null
$S python_threads.full $P -I -S -c '
import threading,time
def w(i): time.sleep(0.01*i); open("/etc/hostname").read()
ts=[threading.Thread(target=w,args=(i,)) for i in range(4)]
[t.start() for t in ts]; [t.join() for t in ts]'

# keep NAME "FIRST-LAST ..." : the listed line windows of NAME.full, long lines dropped but one.
keep() {
  awk -v R="$2" 'BEGIN { n = split(R, w, " ") }
    { ok = 0; for (i = 1; i <= n; i++) { split(w[i], b, "-"); if (NR >= b[1] && NR <= b[2]) ok = 1 }
      if (!ok) next
      if (length($0) > 700) { if (long++ < 1) print } else print }' "$1.full" > "$out/$1.trace"
}
keep sh_ls_wc "1-9999"
keep gcc_c "1-50 300-345 450-9999"
keep tar_czf "1-30 70-90 300-335 480-9999"
keep net_loopback "1-20 380-9999"
keep python_threads "1-20 350-9999"
keep python_import_json "1-60 620-9999"
