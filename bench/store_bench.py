#!/usr/bin/env python3
"""The PostgreSQL store's speed (docs/STORE.md; numbers in docs/BENCHMARKS.md, "Store").

1. events/s into the store: one run of N events (a python loop of stat calls under capsule),
   pushed with `capsule push` into an empty schema --pushes times (median); push time without
   the verification it does first (measured apart with `capsule verify`). With --against OTHER,
   another capsule binary's pushes alternate with these (the ratio is measured side by side).
   The ceiling: the server's own COPY of the same rows (psql \copy from files, indexes in place).
2. canned query latency on a large store: the run's rows copied inside the server into
   --copies synthetic runs (new run ids, spread over days), then each `capsule query` timed
   (median of 5).

Starts its own server (initdb in a temporary directory, Unix socket only), as uid 65534 when run
as root. Usage: python3 bench/store_bench.py --capsule build/capsule [--events 200000] [--copies 50]
"""
import argparse
import glob
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time


def owner_cmd(argv):
    if os.geteuid() == 0:
        return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + argv
    return argv


def start_server(tmp):
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not bins:
        raise SystemExit("store_bench: PostgreSQL is not installed (Debian: postgresql)")
    b = bins[-1]
    if os.geteuid() == 0:
        os.chmod(tmp, 0o755)
        os.chown(tmp, 65534, 65534)
    data = os.path.join(tmp, "data")
    subprocess.run(owner_cmd([f"{b}/initdb", "-D", data, "-A", "trust", "-U", "capsule", "--no-sync", "-E", "UTF8",
                              "--locale", "C"]), check=True, stdout=subprocess.DEVNULL)
    subprocess.run(owner_cmd([f"{b}/pg_ctl", "-D", data, "-l", os.path.join(tmp, "log"), "-w", "-o",
                              f"-k {tmp} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
                              "-c shared_buffers=256MB -c max_wal_size=4GB", "start"]),
                   check=True, stdout=subprocess.DEVNULL)
    return b, data, f"host={tmp} user=capsule dbname=postgres"


def psql(url, sql):
    return subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", url, "-c", sql], check=True,
                          capture_output=True, text=True).stdout.strip()


def timed(argv):
    t = time.monotonic()
    o = subprocess.run(argv, capture_output=True, text=True)
    if o.returncode != 0:
        raise SystemExit(f"store_bench: {argv[:3]} failed: {o.stderr}")
    return time.monotonic() - t, o.stdout


def server_copy_ceiling(url, pgdir):
    """The server's own COPY of the pushed rows (events, processes, actions) from files, with the
    indexes in place, into emptied tables: what a client could reach at best."""
    tables = ["events", "processes", "actions"]
    for t in tables:
        psql(url, f"\\copy (SELECT * FROM capsule.{t}) TO '{pgdir}/{t}.copy'")
    times = []
    for _ in range(3):
        psql(url, "TRUNCATE " + ", ".join(f"capsule.{t}" for t in tables))
        t0 = time.monotonic()
        for t in tables:
            psql(url, f"\\copy capsule.{t} FROM '{pgdir}/{t}.copy'")
        times.append(time.monotonic() - t0)
    events = int(psql(url, "SELECT count(*) FROM capsule.events"))
    print(f"server COPY ceiling (psql \\copy of the same rows): median {statistics.median(times):.2f} s: "
          f"{events / statistics.median(times):,.0f} events/s")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--capsule", default="build/capsule")
    ap.add_argument("--events", type=int, default=200000)
    ap.add_argument("--copies", type=int, default=50)
    ap.add_argument("--pushes", type=int, default=3)
    ap.add_argument("--action-every", type=int, default=4,
                    help="each copy also gets one synthetic action per N of its events (0: none)")
    ap.add_argument("--keep", action="store_true", help="leave the server running at the end (prints how to reach it)")
    ap.add_argument("--against", help="another capsule binary whose pushes alternate with these")
    a = ap.parse_args()
    capsule = os.path.abspath(a.capsule)
    tmp = tempfile.mkdtemp(prefix="capsule-store-bench-")
    os.chmod(tmp, 0o755)  # the server (uid 65534 under root) must reach its directory
    home = os.path.join(tmp, "home")
    pgdir = os.path.join(tmp, "pg")
    os.mkdir(pgdir)
    b, data, url = start_server(pgdir)
    try:
        script = f"import os\nfor i in range({a.events}): os.stat('/')"
        subprocess.run([capsule, "run", "--quiet", "--home", home, "--", "/usr/bin/python3", "-c", script], check=True)
        run = sorted(glob.glob(os.path.join(home, "logs", "*")))[-1]
        verify_s = statistics.median(timed([capsule, "verify", "--home", home])[0] for _ in range(3))
        binaries = [("this", capsule)] + ([("against", os.path.abspath(a.against))] if a.against else [])
        pushes = {name: [] for name, _ in binaries}
        for _ in range(a.pushes):
            for name, binary in binaries:
                psql(url, "DROP SCHEMA IF EXISTS capsule CASCADE")
                push_s, out = timed([binary, "push", "--home", home, "--db", url])
                pushes[name].append(push_s)
        if a.against:  # the store for the queries is this binary's (its schema, its indexes)
            psql(url, "DROP SCHEMA IF EXISTS capsule CASCADE")
            _, out = timed([capsule, "push", "--home", home, "--db", url])
        events = int(psql(url, "SELECT count(*) FROM capsule.events"))
        actions = int(psql(url, "SELECT count(*) FROM capsule.actions"))
        print(out.strip())
        print(f"verify alone: median {verify_s:.2f} s; load average {os.getloadavg()[0]:.1f}")
        for name, times in pushes.items():
            push_s = statistics.median(times)
            print(f"push ({name}): {events} events, {actions} actions, median {push_s:.2f} s of "
                  f"{' '.join(f'{t:.2f}' for t in times)}: {events / push_s:,.0f} events/s with verification, "
                  f"{events / max(push_s - verify_s, 1e-9):,.0f} events/s without")
        server_copy_ceiling(url, pgdir)
        if a.copies == 0:
            return

        # A large store: the run's rows copied into synthetic runs, one per day back.
        run_id = os.path.basename(run)[-36:]
        t = time.monotonic()
        psql(url, f"""
DO $$
DECLARE i int; rid uuid; d interval;
BEGIN
  FOR i IN 1..{a.copies} LOOP
    rid := gen_random_uuid(); d := make_interval(days => i % 7);
    EXECUTE format('CREATE TABLE IF NOT EXISTS capsule.events_%s PARTITION OF capsule.events FOR VALUES FROM (%L) TO (%L)',
      to_char(date_trunc('day', now() - d), 'YYYYMMDD'), date_trunc('day', now() - d), date_trunc('day', now() - d) + interval '1 day');
    EXECUTE format('CREATE TABLE IF NOT EXISTS capsule.actions_%s PARTITION OF capsule.actions FOR VALUES FROM (%L) TO (%L)',
      to_char(date_trunc('day', now() - d), 'YYYYMMDD'), date_trunc('day', now() - d), date_trunc('day', now() - d) + interval '1 day');
    EXECUTE format('CREATE TABLE IF NOT EXISTS capsule.findings_%s PARTITION OF capsule.findings FOR VALUES FROM (%L) TO (%L)',
      to_char(date_trunc('day', now() - d), 'YYYYMMDD'), date_trunc('day', now() - d), date_trunc('day', now() - d) + interval '1 day');
    INSERT INTO capsule.runs (run_id, origin, command, argv, start_ts, manifest, checkpoint_count, checkpoint_head)
      SELECT rid, 'bench', 'bench command ' || (i % 10), '[]', date_trunc('day', now() - d) + interval '1 hour', '{{}}', 1, 'x';
    INSERT INTO capsule.events SELECT rid, seq, date_trunc('day', now() - d) + interval '1 hour', pid, tid, type, syscall,
      ret, errno, denied, exe, CASE WHEN seq % 1000 = 0 THEN '/copy/' || i || '/f' ELSE path END, peer, dur_us, args
      FROM capsule.events WHERE run_id = '{run_id}';
    INSERT INTO capsule.actions SELECT rid, line, kind, pid, exe,
      CASE WHEN kind = 'Connect' THEN '10.0.' || i || '.1:443' ELSE target END,
      date_trunc('day', now() - d) + interval '1 hour', end_ts, events, bytes, failed, first_seq, last_seq
      FROM capsule.actions WHERE run_id = '{run_id}';
    -- As many actions as a build's run has (a tenth to a half of its events): reads, writes
    -- (each copy's own paths), connections and executions with repeating targets.
    INSERT INTO capsule.actions SELECT rid, 1000000 + seq, (ARRAY['Read', 'Write', 'Connect', 'Exec'])[k % 4 + 1],
      pid, exe, CASE k % 4 WHEN 0 THEN '/usr/lib/x' || (k % 20000) WHEN 1 THEN '/copy/' || i || '/out/' || (k % 5000)
        WHEN 2 THEN '10.' || (k % 250) || '.' || i || '.1:443' ELSE '/usr/bin/tool' || (k % 50) END,
      date_trunc('day', now() - d) + interval '1 hour', NULL, 1, 0, 0, seq, seq
      FROM (SELECT *, seq / greatest({a.action_every}, 1) AS k FROM capsule.events
            WHERE run_id = '{run_id}' AND {a.action_every} > 0 AND seq % greatest({a.action_every}, 1) = 0) e;
    INSERT INTO capsule.findings SELECT rid, seq / 10000, date_trunc('day', now() - d) + interval '1 hour' + seq * interval '1 ms',
      (ARRAY['reverse-shell', 'credential-read', 'curl-pipe-sh', 'new-exec', 'ssh-key'])[(seq / 10000) % 5 + 1], 'high',
      pid, exe, '[]', 'bench finding', ARRAY[seq] FROM capsule.events WHERE run_id = '{run_id}' AND seq % 10000 = 0;
  END LOOP;
END $$;
ANALYZE;""")
        fill_s = time.monotonic() - t
        total = int(psql(url, "SELECT count(*) FROM capsule.events"))
        print(f"store: {total:,} events, {int(psql(url, 'SELECT count(*) FROM capsule.actions')):,} actions, "
              f"{int(psql(url, 'SELECT count(*) FROM capsule.findings')):,} findings, "
              f"{int(psql(url, 'SELECT count(*) FROM capsule.runs'))} runs (filled in {fill_s:.1f} s)")
        questions = [
            ["peer", "10.0.7.*"],
            ["path", "/etc/passwd", "--access", "read"],
            ["path", "/nonexistent/*", "--access", "write"],
            ["path", "/copy/7/out/1*", "--access", "write"],
            ["path", "*/x1234", "--access", "any"],
            ["findings", "--rule", "reverse-shell", "--since", "2000-01-01T00:00:00Z"],
            ["baseline", "bench command 3", "--previous", "5"],
        ]
        for q in questions:
            runs = [timed([capsule, "query", "--db", url, "--json"] + q) for _ in range(5)]
            times = [t for t, _ in runs]
            answer = json.loads(runs[0][1])
            rows = len(answer["new"]) if isinstance(answer, dict) else len(answer)
            print(f"query {' '.join(q)}: median {statistics.median(times) * 1000:.0f} ms of "
                  f"{' '.join(f'{t * 1000:.0f}' for t in times)} (whole command, connection included; {rows} rows)")
        print(f"load average {os.getloadavg()[0]:.1f}")
    finally:
        if a.keep:
            print(f"kept: psql '{url}'; stop: pg_ctl -D {data} stop; then rm -r {tmp}")
            return
        subprocess.run(owner_cmd([f"{b}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"]),
                       stdout=subprocess.DEVNULL)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
