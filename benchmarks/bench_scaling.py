"""Ingest throughput on a Dask cluster: ``.venv/bin/python benchmarks/bench_scaling.py
[--sizes 1000,10000,40000] [--workers 1,2] [--pg URL] [--local]``.

For each size, the real articles of ``../shared/data/news`` as one JSONL (1,000: the fixed seeded
sample of ``rasd bench``; more: the corpora in file order, repeated with distinct ids past 43,000),
ingested by ``rasd ingest --engine dask -j W`` (a local cluster of W worker processes) into a fresh
SQLite file and, with ``--pg`` (default: $RASD_TEST_PG_URL), a fresh PostgreSQL database. Each run
is the command as a user runs it, timed from start to exit (cluster start and model loading
included); the in-run rate (first partition submitted to last result) is read from its summary
note. ``--local`` adds the one-process engine (``-j 1``) as the reference. Prints a Markdown table
(and ``--json FILE`` writes the figures) for docs/scaling.md and docs/benchmarks.md. The machine's
load average is printed with each row: on a shared machine it says how far the figures can be taken.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
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


def corpus(shared: Path, size: int, folder: Path) -> Path:
    path = folder / f"news{size}.jsonl"
    if not path.exists():
        articles = bench_sample(shared, size) if size <= 1000 else iter_repeated(shared, size)
        write_jsonl(articles, path)
    return path


def ingest(path: Path, url: str, engine: str, workers: int, workers_write: bool = False) -> dict:
    command = [*RASD, "ingest", str(path), "--db", url, "--engine", engine, "-j", str(workers)]
    command += ["--workers-write"] if workers_write else []
    load = os.getloadavg()[0]
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = (after.ru_utime + after.ru_stime) - (cpu.ru_utime + cpu.ru_stime)
    if done.returncode not in (0, 1):  # 1: some inputs were refused, as real corpora have
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
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
    }
    note = NOTE.search(done.stderr)
    if note:
        row["run_s"] = float(note.group(2))
        row["run_docs_per_s"] = float(note.group(4))
        row["per_worker"] = note.group(5)
        row["worker_cpu_ms_per_doc"] = int(note.group(6))
    return row


def sqlite_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def bench_sqlite(path: Path, engine: str, workers: int, folder: Path) -> dict:
    db = folder / f"bench-{uuid.uuid4().hex[:8]}.db"
    row = ingest(path, f"sqlite:///{db}", engine, workers)
    row["db"] = "sqlite"
    row["bytes_per_doc"] = sqlite_size(db) // max(row["documents"], 1)
    for part in db.parent.glob(db.name + "*"):
        part.unlink()
    return row


def bench_postgres(path: Path, engine: str, workers: int, server: str, workers_write: bool) -> dict:
    name = f"rasd_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        row = ingest(path, url, engine, workers, workers_write)
        with create_engine(url).connect() as conn:
            size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
            empty = conn.execute(text("SELECT pg_database_size('template1')")).scalar_one()
        row["db"] = "postgresql"
        row["bytes_per_doc"] = (size - empty) // max(row["documents"], 1)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()
    return row


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
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--json", type=Path, help="write the rows here too")
    args = parser.parse_args()
    if not (args.shared / "data" / "news").is_dir():
        raise SystemExit(f"no news corpora under {args.shared}/data/news")
    rows = []
    with tempfile.TemporaryDirectory(prefix="rasd-scaling-") as tmp:
        folder = Path(tmp)
        for size in (int(s) for s in args.sizes.split(",")):
            path = corpus(args.shared, size, folder)
            runs = [("dask", int(w)) for w in args.workers.split(",")] + (
                [("local", 1)] if args.local else []
            )
            for engine, workers in runs:
                targets = ([] if args.no_sqlite else ["sqlite"]) + (["postgresql"] if args.pg else [])
                for db in targets:
                    if db == "sqlite":
                        row = bench_sqlite(path, engine, workers, folder)
                        rows.append({**row, "size": size})
                    else:
                        writers = [False, True] if args.workers_write and engine == "dask" else [False]
                        rows += [
                            {**bench_postgres(path, engine, workers, args.pg, w), "size": size}
                            for w in writers
                        ]
                    print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    print(f"cores: {len(os.sched_getaffinity(0))}")
    print(
        "| articles | engine | workers | database | stored | wall s | docs/s (wall) | docs/s (run) | per worker "
        "| CPU ms/doc (all) | CPU ms/doc (workers) | bytes/doc | load avg |"
    )
    print("| ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(
            f"| {r['size']} | {r['engine']} | {r['workers']} | {r['db']} | {r['documents']} | {r['wall_s']} | "
            f"{r['docs_per_s']} | {r.get('run_docs_per_s', '')} | {r.get('per_worker', '')} | "
            f"{r['cpu_ms_per_doc']} | {r.get('worker_cpu_ms_per_doc', '')} | {r['bytes_per_doc']} | {r['load_avg']} |"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
