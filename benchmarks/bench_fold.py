"""The stored cross-article fold: ``.venv/bin/python benchmarks/bench_fold.py [--docs N] [--db PATH]``.

Builds an N-article store cheaply: the example articles go through the pipeline once (or the records
of ``--records FILE.jsonl``), then distinct copies of their records are ingested (a numbered last
line, so a new id; their events repeat, so every copy joins the same merged events: the hardest case
for folding). While it ingests it prints the fold's cost per article (``rasd.store.fold.on_ingest``)
and the whole ingest's, per slice of the store's growth. Then it runs the reading commands as
subprocesses on the store and prints the wall time and peak RSS of each: ``rasd events``,
``rasd contradictions``, ``rasd stats`` and ``rasd export FORMAT`` for every format.
Figures go to docs/benchmarks.md with the exact command.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rasd.record import Document
from rasd.store import Store, fold

SEEDS = Path(__file__).resolve().parents[1] / "examples"
# The CLI, reporting its own peak RSS (VmHWM: ru_maxrss would include this big parent's, kept across
# fork and exec) and CPU time on exit.
RASD = [
    sys.executable,
    "-c",
    "import atexit, resource, sys\n"
    "def done():\n"
    "    hwm = next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
    "    u = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    sys.stderr.write(f'MAXRSS {hwm} {u.ru_utime + u.ru_stime}\\n')\n"
    "atexit.register(done)\n"
    "from rasd.cli import app\n"
    "sys.argv = ['rasd', *sys.argv[1:]]\n"
    "app()",
]


def originals(records: Path | None) -> list[Document]:
    if records is not None:
        with records.open(encoding="utf-8") as lines:
            return [Document.from_json(line) for line in lines if line.strip()]
    from rasd.pipeline import Pipeline

    return [d for d in Pipeline().run([SEEDS]) if isinstance(d, Document)]


def copy(base: Document, i: int) -> Document:
    text = f"{base.text}\n({i})"
    return base.model_copy(update={"id": Document.text_id(text), "text": text, "source": f"bench/{i}.txt"})


def build(db: str, bases: list[Document], count: int, slices: int) -> None:
    """Ingest ``count`` copies, printing per slice the fold's and the whole ingest's cost per article
    (CPU time of this process, which the machine's other load does not inflate, and wall time)."""
    spent = [0.0]
    on_ingest = fold.on_ingest

    def timed(*args: object, **kwargs: object) -> None:
        started = time.process_time()
        on_ingest(*args, **kwargs)  # type: ignore[arg-type]
        spent[0] += time.process_time() - started

    fold.on_ingest = timed  # type: ignore[assignment]
    step = max(1, count // slices)
    print(f"{'articles':>9} {'fold CPU ms/article':>20} {'ingest CPU ms/article':>22} {'ingest wall ms':>15}")
    with Store.open(db) as store:
        wall, cpu, spent[0] = time.perf_counter(), time.process_time(), 0.0
        for i in range(count):
            store.ingest(copy(bases[i % len(bases)], i))
            if (i + 1) % step == 0 or i + 1 == count:
                n = (i % step) + 1
                print(
                    f"{i + 1:>9} {spent[0] / n * 1000:>20.2f} {(time.process_time() - cpu) / n * 1000:>22.2f}"
                    f" {(time.perf_counter() - wall) / n * 1000:>15.2f}",
                    flush=True,
                )
                wall, cpu, spent[0] = time.perf_counter(), time.process_time(), 0.0
    fold.on_ingest = on_ingest  # type: ignore[assignment]


def run(label: str, args: list[str]) -> None:
    started = time.perf_counter()
    done = subprocess.run([*RASD, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - started
    usage = next(
        (line.split()[1:] for line in done.stderr.splitlines() if line.startswith("MAXRSS ")), ["0", "0"]
    )
    peak, cpu = int(usage[0]), float(usage[1])
    errors = [line for line in done.stderr.splitlines() if not line.startswith("MAXRSS ")]
    note = "" if done.returncode == 0 else f"  (exit {done.returncode}: {' '.join(errors)[-200:]})"
    print(
        f"{label:<22} {took:7.2f} s wall {cpu:7.2f} s CPU   peak RSS {peak / 1024:5.0f} MB{note}", flush=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--db", help="SQLite file or URL (default: a temporary file); reused if it exists")
    parser.add_argument("--records", type=Path, help="JSONL records to copy instead of the examples")
    parser.add_argument("--slices", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "fold.db")
        if args.db is None or not Path(args.db).exists():
            build(db, originals(args.records), args.docs, args.slices)
        run("events", ["events", "--db", db, "--format", "jsonl"])
        run("events --all (table)", ["events", "--db", db, "--all"])
        run("contradictions", ["contradictions", "--db", db, "--format", "jsonl"])
        run("stats", ["stats", "--db", db])
        from rasd.export import FORMATS

        for fmt in FORMATS:
            run(f"export {fmt}", ["export", fmt, "--db", db, "--out", str(Path(tmp) / f"out.{fmt}")])


if __name__ == "__main__":
    main()
