"""Ingest throughput on a Dask cluster, and the cross-article steps on the store it writes:
``.venv/bin/python benchmarks/bench_scaling.py [--sizes 1000,10000,40000] [--workers 1,2] [--pg URL]
[--local] [--export FORMAT]``.

For each size, the real articles of ``../shared/data/news`` as one JSONL (1,000: the fixed seeded
sample of ``rasd bench``; more: the corpora in file order, repeated with distinct ids past 43,000),
ingested by ``rasd ingest --engine dask -j W`` (a local cluster of W worker processes) into a fresh
SQLite file and, with ``--pg`` (default: $RASD_TEST_PG_URL), a fresh PostgreSQL database. Each run
is the command as a user runs it, timed from start to exit (cluster start and model loading
included); the in-run rate (first partition submitted to last result) is read from its summary
note. ``--local`` adds the one-process engine (``-j 1``) as the reference.

The ingest command runs under a thin wrapper that times, in the process that writes (the client,
unless ``--workers-write``), each ``Store.ingest_merging`` and each ``rasd.store.fold.on_ingest``
(the cross-article fold, inside the ingest's transaction) with the writing thread's CPU clock, so
the fold's share of the ingest and whether it grows with the store (per tenth of the run) are
measured without touching the normal path; the client process's whole CPU time (its Dask client
and, for a local cluster, the scheduler included) and, for a PostgreSQL server on this machine, the
server's CPU time over the ingest are given per article too. After each ingest the cross-article steps run on the
resulting store, each as the command a user types (``rasd events``, ``rasd contradictions``,
``rasd stats``, ``rasd export FORMAT``), with their wall time, CPU time and peak RSS (VmHWM, read by
the process itself on exit). The store's bytes per article (and the fold tables' share) close the
row. Prints Markdown tables (and ``--json FILE`` writes the figures) for docs/scaling.md and
docs/benchmarks.md. The machine's load average is printed with each row: on a shared machine it
says how far the wall-clock figures can be taken; the CPU figures are the ones to scale from.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from rasd.evaluate.news_corpus import bench_sample, iter_repeated, write_jsonl

ROOT = Path(__file__).resolve().parents[1]
RASD = [sys.executable, "-m", "rasd"]
NOTE = re.compile(
    r"(\d+) articles in ([\d.]+) s on (\d+) Dask workers \(([\d.]+)/s; per worker ([\d., ]*); "
    r"worker CPU (\d+) ms per article\)"
)
# The CLI under a wrapper that reports its own peak RSS (VmHWM: ru_maxrss would include this big
# parent's, kept across fork and exec) and CPU time on exit, and, for an ingest, the writing thread's
# CPU time in each Store.ingest_merging and fold.on_ingest (thread_time: the client's Dask threads
# run beside it; PostgreSQL's own work shows in the fold's wall time only). Both are looked up at call
# time (``fold.on_ingest`` as a module attribute), so wrapping them here measures the real path; the
# timer's cost (~1 µs a call) is noise.
WRAPPED = [
    sys.executable,
    "-c",
    """\
import atexit, json, os, resource, sys, time
from rasd.store import Store, fold
spans = {'write': [], 'fold': [], 'fold_wall': []}
def timed(fn, key, wall=None):
    def wrapper(*args, **kwargs):
        started, clock = time.thread_time(), time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spans[key].append(time.thread_time() - started)
            if wall:
                spans[wall].append(time.perf_counter() - clock)
    return wrapper
Store.ingest_merging = timed(Store.ingest_merging, 'write')
fold.on_ingest = timed(fold.on_ingest, 'fold', 'fold_wall')
def done():
    hwm = next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM'))
    u = resource.getrusage(resource.RUSAGE_SELF)
    report = {'peak_kb': int(hwm), 'self_cpu_s': u.ru_utime + u.ru_stime, **spans}
    sys.stderr.write('BENCH ' + json.dumps(report) + '\\n')
atexit.register(done)
from rasd.cli import app
sys.argv = ['rasd', *sys.argv[1:]]
app()
""",
]
TENTHS = 10


def corpus(shared: Path, size: int, folder: Path) -> Path:
    path = folder / f"news{size}.jsonl"
    if not path.exists():
        articles = bench_sample(shared, size) if size <= 1000 else iter_repeated(shared, size)
        partial = path.with_suffix(".partial")
        write_jsonl(articles, partial)
        partial.rename(path)
    return path


def wrapped(
    args: list[str], out: int | None = subprocess.DEVNULL, until: float | None = None
) -> tuple[subprocess.CompletedProcess, dict]:
    """Run ``rasd ARGS`` under the wrapper: the finished process and what the wrapper reported.
    At ``until`` (epoch seconds) the command is interrupted (SIGINT, as Ctrl-C: the ingest stops
    between two documents, the cluster is closed and the wrapper still reports)."""
    proc = subprocess.Popen([*WRAPPED, *args], stdout=out, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    report: dict = {}
    try:
        _, stderr = proc.communicate(timeout=None if until is None else max(until - time.time(), 1))
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGINT)
        report["interrupted"] = True
        try:
            _, stderr = proc.communicate(timeout=180)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, stderr = proc.communicate()
    lines = stderr.splitlines()
    report.update(next((json.loads(line[6:]) for line in lines if line.startswith("BENCH ")), {}))
    kept = "\n".join(line for line in lines if not line.startswith("BENCH "))
    return subprocess.CompletedProcess(proc.args, proc.returncode, None, kept), report


def _ms(spans: list[float]) -> float:
    return round(1000 * sum(spans) / len(spans), 2) if spans else 0.0


def server_cpu_s(url: str) -> float | None:
    """A PostgreSQL server's CPU seconds so far, where it runs on this machine: its postmaster's own
    and its exited backends' (reaped by the postmaster, so in its children's times), plus the live
    backends'. None for SQLite or a server elsewhere."""
    if not url.startswith("postgresql"):
        return None
    db = create_engine(url)
    try:
        with db.connect() as conn:
            backend = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        stat = Path(f"/proc/{backend}/stat").read_text()
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        tick = os.sysconf("SC_CLK_TCK")

        def times(pid: int, children: bool) -> float:
            stat = Path(f"/proc/{pid}/stat").read_text()
            # the fields from the third on: utime, stime, cutime, cstime are fields 14–17
            fields = stat[stat.rindex(")") + 2 :].split()
            return sum(int(f) for f in fields[11 : 15 if children else 13]) / tick

        total = times(parent, children=True)
        for child in Path(f"/proc/{parent}/task/{parent}/children").read_text().split():
            # one that exited meanwhile is counted in the parent's children's times next time
            with contextlib.suppress(OSError):
                total += times(int(child), children=False)
        return total
    except (OSError, ValueError, IndexError):
        return None
    finally:
        db.dispose()


def ingest(
    path: Path, url: str, engine: str, workers: int, workers_write: bool = False, until: float | None = None
) -> dict:
    command = ["ingest", str(path), "--db", url, "--engine", engine, "-j", str(workers)]
    command += ["--workers-write"] if workers_write else []
    server_before = server_cpu_s(url)
    load = os.getloadavg()[0]
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    done, report = wrapped(command, until=until)
    wall = time.monotonic() - started
    stopped = bool(report.get("interrupted"))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = (after.ru_utime + after.ru_stime) - (cpu.ru_utime + cpu.ru_stime)
    if done.returncode not in (0, 1) and not stopped:  # 1: some inputs were refused, as real corpora have
        raise SystemExit(f"rasd {' '.join(command)} failed:\n{done.stderr[-3000:]}")
    stats = json.loads(subprocess.check_output([*RASD, "stats", "--db", url, "--json"], cwd=ROOT))
    row = {
        "engine": engine + (" --workers-write" if workers_write else ""),
        "workers": workers,
        "documents": stats["documents"],
        "failed": sum(line.startswith("rasd: error:") for line in done.stderr.splitlines()),
        "wall_s": round(wall, 1),
        "docs_per_s": round(stats["documents"] / wall, 2),
        # every process of the command (client, workers), loading included
        "cpu_ms_per_doc": round(1000 * cpu_s / max(stats["documents"], 1)),
        "load_avg": round(load, 1),
        "load_avg_end": round(os.getloadavg()[0], 1),
        "client_peak_mb": round(report.get("peak_kb", 0) / 1024),
    }
    docs = max(stats["documents"], 1)
    if "self_cpu_s" in report:  # the client process alone (with a local cluster, its scheduler too)
        row["client_cpu_ms_per_doc"] = round(1000 * report["self_cpu_s"] / docs, 1)
    server_after = server_cpu_s(url)
    if server_before is not None and server_after is not None:  # PostgreSQL's side of the writes
        row["server_cpu_ms_per_doc"] = round(1000 * (server_after - server_before) / docs, 1)
    if stopped:  # a run cut short by --until: its figures are those of the documents it stored
        row["stopped"] = True
    note = NOTE.search(done.stderr)
    if note:
        row["run_s"] = float(note.group(2))
        row["run_docs_per_s"] = float(note.group(4))
        row["per_worker"] = note.group(5)
        row["worker_cpu_ms_per_doc"] = int(note.group(6))
    writes, folds = report.get("write", []), report.get("fold", [])
    if folds:  # the client wrote (with --workers-write the fold runs in the workers, unmeasured here)
        row["write_cpu_ms_per_doc"] = _ms(writes)  # the whole ingest_merging: store + fold
        row["fold_cpu_ms_per_doc"] = _ms(folds)
        # wall: the database server's side of the fold too (PostgreSQL), and the machine's contention
        row["fold_wall_ms_per_doc"] = _ms(report.get("fold_wall", []))
        step = max(1, len(folds) // TENTHS)
        row["fold_cpu_ms_by_tenth"] = [_ms(folds[i : i + step]) for i in range(0, step * TENTHS, step)]
    return row


def cross_steps(url: str, folder: Path, export: str) -> dict:
    """The cross-article steps on the store just written, each a command as a user types it."""
    steps = {
        "events": ["events", "--db", url, "--format", "jsonl"],
        "contradictions": ["contradictions", "--db", url, "--format", "jsonl"],
        "stats": ["stats", "--db", url],
        f"export {export}": ["export", export, "--db", url, "--out", str(folder / f"out.{export}")],
    }
    found = {}
    for name, args in steps.items():
        started = time.monotonic()
        done, report = wrapped(args)
        took = time.monotonic() - started
        found[name] = {
            "wall_s": round(took, 2),
            "cpu_s": round(report.get("self_cpu_s", 0.0), 2),
            "peak_mb": round(report.get("peak_kb", 0) / 1024),
            "load_avg": round(os.getloadavg()[0], 1),
        }
        if done.returncode != 0:  # reported, not fatal: the reading commands change under other hands
            found[name]["error"] = f"exit {done.returncode}: {done.stderr.strip()[-300:]}"
        print(json.dumps({name: found[name]}), file=sys.stderr, flush=True)
    (folder / f"out.{export}").unlink(missing_ok=True)
    return found


def sqlite_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def sqlite_fold_bytes(path: Path) -> int | None:
    """The fold tables' bytes (their indexes included), where SQLite has the dbstat table."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        try:
            (size,) = conn.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'fold%' OR tbl_name LIKE 'fold%'"
            ).fetchone()
        except sqlite3.Error:
            return None
    return int(size or 0)


def bench_sqlite(
    path: Path, engine: str, workers: int, folder: Path, export: str | None, until: float | None = None
) -> dict:
    db = folder / f"bench-{uuid.uuid4().hex[:8]}.db"
    url = f"sqlite:///{db}"
    row = ingest(path, url, engine, workers, until=until)
    row["db"] = "sqlite"
    docs = max(row["documents"], 1)
    row["bytes_per_doc"] = sqlite_size(db) // docs
    fold_bytes = sqlite_fold_bytes(db)
    if fold_bytes is not None:
        row["fold_bytes_per_doc"] = fold_bytes // docs
    if export:
        row["steps"] = cross_steps(url, folder, export)
    for part in db.parent.glob(db.name + "*"):
        part.unlink()
    return row


def bench_postgres(
    path: Path,
    engine: str,
    workers: int,
    server: str,
    workers_write: bool,
    folder: Path,
    export: str | None,
    until: float | None = None,
) -> dict:
    name = f"rasd_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        row = ingest(path, url, engine, workers, workers_write, until)
        db = create_engine(url)
        with db.connect() as conn:
            size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
            empty = conn.execute(text("SELECT pg_database_size('template1')")).scalar_one()
            fold_bytes = conn.execute(
                text(
                    "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE c.relkind = 'r' AND c.relname LIKE 'fold%' AND n.nspname = current_schema()"
                )
            ).scalar_one()
        db.dispose()
        row["db"] = "postgresql"
        docs = max(row["documents"], 1)
        row["bytes_per_doc"] = (size - empty) // docs
        row["fold_bytes_per_doc"] = int(fold_bytes) // docs
        if export:
            row["steps"] = cross_steps(url, folder, export)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()
    return row


def print_tables(rows: list[dict]) -> None:
    print(f"cores: {len(os.sched_getaffinity(0))}")
    print(
        "| articles | engine | workers | database | stored | wall s | docs/s (wall) | docs/s (run) | per worker "
        "| CPU ms/doc (all) | CPU ms/doc (workers) | client write CPU ms/doc | fold CPU (wall) ms/doc "
        "| bytes/doc | fold bytes/doc | client CPU ms/doc | PostgreSQL CPU ms/doc | load avg (start → end) |"
    )
    print(
        "| ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: | --- |"
    )
    for r in rows:
        print(
            f"| {r['size']}{' (cut short)' if r.get('stopped') else ''} | {r['engine']} | {r['workers']} | "
            f"{r['db']} | {r['documents']} | {r['wall_s']} | "
            f"{r['docs_per_s']} | {r.get('run_docs_per_s', '')} | {r.get('per_worker', '')} | "
            f"{r['cpu_ms_per_doc']} | {r.get('worker_cpu_ms_per_doc', '')} | {r.get('write_cpu_ms_per_doc', '')} "
            f"| {r.get('fold_cpu_ms_per_doc', '')} ({r.get('fold_wall_ms_per_doc', '')}) | {r['bytes_per_doc']} | {r.get('fold_bytes_per_doc', '')} "
            f"| {r.get('client_cpu_ms_per_doc', '')} | {r.get('server_cpu_ms_per_doc', '')} "
            f"| {r['load_avg']} → {r['load_avg_end']} |"
        )
    tenths = [r for r in rows if r.get("fold_cpu_ms_by_tenth")]
    if tenths:
        print("\nfold CPU ms per article, by tenth of the run (does it grow with the store?)\n")
        for r in tenths:
            print(f"- {r['size']} {r['engine']} -j {r['workers']} {r['db']}: {r['fold_cpu_ms_by_tenth']}")
    stepped = [r for r in rows if r.get("steps")]
    if stepped:
        print("\n| articles | engine | workers | database | step | wall s | CPU s | peak RSS MB | load avg |")
        print("| ---: | --- | ---: | --- | --- | ---: | ---: | ---: | ---: |")
        for r in stepped:
            for name, s in r["steps"].items():
                cpu = s["cpu_s"] if "error" not in s else f"failed ({s['error'][:80]})"
                print(
                    f"| {r['size']} | {r['engine']} | {r['workers']} | {r['db']} | {name} | {s['wall_s']} | "
                    f"{cpu} | {s['peak_mb']} | {s['load_avg']} |"
                )


def _until(hhmm: str) -> float:
    """The next HH:MM UTC, as epoch seconds."""
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    hour, minute = (int(part) for part in hhmm.split(":"))
    at = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return (at if at > now else at + timedelta(days=1)).timestamp()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", help="article counts, comma-separated (1000,10000,40000)")
    parser.add_argument("--workers", default="1,2", help="Dask worker processes, comma-separated")
    parser.add_argument("--pg", default=os.environ.get("RASD_TEST_PG_URL"), help="a PostgreSQL server URL")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--local", action="store_true", help="also the one-process engine (-j 1)")
    parser.add_argument(
        "--workers-write",
        action="store_true",
        help="PostgreSQL: also with the workers writing (--workers-write)",
    )
    parser.add_argument(
        "--export", default="graphml", help="the export format timed after each ingest (default graphml)"
    )
    parser.add_argument(
        "--until",
        help="HH:MM (UTC): interrupt an ingest still running then and measure what it stored (a shared "
        "machine's deadline); later runs are skipped",
    )
    parser.add_argument("--no-steps", action="store_true", help="skip the cross-article steps")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument(
        "--corpus-dir",
        type=Path,
        help="keep the generated JSONL corpora here, and reuse them (default: temporary)",
    )
    parser.add_argument("--json", type=Path, help="write the rows here too (rewritten after every run)")
    args = parser.parse_args()
    if not (args.shared / "data" / "news").is_dir():
        raise SystemExit(f"no news corpora under {args.shared}/data/news")
    export = None if args.no_steps else args.export
    until = _until(args.until) if args.until else None
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="rasd-scaling-") as tmp:
        folder = Path(tmp)
        if args.corpus_dir:
            args.corpus_dir.mkdir(parents=True, exist_ok=True)
        for size in (int(s) for s in args.sizes.split(",")):
            path = corpus(args.shared, size, args.corpus_dir or folder)
            runs = [("dask", int(w)) for w in args.workers.split(",")] + (
                [("local", 1)] if args.local else []
            )
            for engine, workers in runs:
                if until is not None and time.time() >= until:
                    print(f"skipped: {size} {engine} -j {workers} (past --until)", file=sys.stderr)
                    continue
                targets = ([] if args.no_sqlite else ["sqlite"]) + (["postgresql"] if args.pg else [])
                for db in targets:
                    if db == "sqlite":
                        found = [bench_sqlite(path, engine, workers, folder, export, until)]
                    else:
                        writers = [False, True] if args.workers_write and engine == "dask" else [False]
                        found = [
                            bench_postgres(path, engine, workers, args.pg, w, folder, export, until)
                            for w in writers
                        ]
                    for row in found:
                        rows.append({**row, "size": size})
                        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
                    if args.json:  # a long series keeps what it has measured
                        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    print_tables(rows)


if __name__ == "__main__":
    main()
