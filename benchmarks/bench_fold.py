"""The stored cross-article fold: ``.venv/bin/python benchmarks/bench_fold.py [--docs N] [--db PATH]``.

Builds an N-article store cheaply: the example articles go through the pipeline once (or the records
of ``--records FILE.jsonl``), then distinct copies of their records are ingested (a numbered last
line, so a new id; their events repeat, so every copy joins the same merged events: the hardest case
for folding). While it ingests it prints the fold's cost per article (``rasd.store.fold.on_ingest``)
and the whole ingest's, per slice of the store's growth. Then it runs the reading commands as
subprocesses on the store and prints the wall time and peak RSS of each: ``rasd events``,
``rasd contradictions``, ``rasd stats`` and ``rasd export FORMAT`` for every format (``--exports``:
the exports alone; ``--groups``: none, but the merged events' sizes: the largest, the distribution).
Figures go to docs/benchmarks.md with the exact command.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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


def distinct_copy(base: Document, i: int, n: int) -> Document:
    """``copy``, made as distinct as another real article would be (``--distinct``): round k = i // n
    shifts every year by k (dated events of one round no longer join another round's) and gives its
    persons, organisations and places not in the KB ids of their own (``per:…`` → ``per:…~k``); KB
    entities (countries, cities) stay shared, as in real news. Undated events still join by place."""
    k = i // n
    doc = copy(base, i)
    if k == 0:
        return doc
    record = doc.model_dump(mode="json")
    local = {
        e["id"]: f"{e['id']}~{k}"
        for e in record["entities"]
        if e["id"].split(":")[0] in ("per", "org", "loc")
    }

    def shift(value: str | None) -> str | None:
        if value and value[:4].isdigit():
            return f"{int(value[:4]) + k:04d}{value[4:]}"
        return value

    def walk(node: object) -> object:
        if isinstance(node, dict):
            out = {key: walk(value) for key, value in node.items()}
            if isinstance(out.get("value"), str) and "precision" in out:
                out["value"] = shift(out["value"])
            return out
        if isinstance(node, list):
            return [walk(value) for value in node]
        return local.get(node, node) if isinstance(node, str) else node

    record = walk(record)
    record["published"] = shift(record.get("published"))  # type: ignore[index]
    return Document.model_validate(record)


def build(
    db: str, bases: list[Document], count: int, slices: int, make: Callable[..., Document] | None = None
) -> None:
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
            store.ingest(make(bases[i % len(bases)], i) if make else copy(bases[i % len(bases)], i))
            if (i + 1) % step == 0 or i + 1 == count:
                n = (i % step) + 1
                print(
                    f"{i + 1:>9} {spent[0] / n * 1000:>20.2f} {(time.process_time() - cpu) / n * 1000:>22.2f}"
                    f" {(time.perf_counter() - wall) / n * 1000:>15.2f}",
                    flush=True,
                )
                wall, cpu, spent[0] = time.perf_counter(), time.process_time(), 0.0
    fold.on_ingest = on_ingest  # type: ignore[assignment]


def group_sizes(db: str) -> None:
    """The merged events' sizes (asserted reports, as ``rasd events`` lists them): the largest, how many
    span several articles, and the distribution."""
    from collections import Counter

    from sqlalchemy import func, select

    from rasd.store import schema

    items = schema.fold_items
    with Store.open(db) as store, store.engine.connect() as conn:
        rows = conn.execute(
            select(items.c.egroup, func.count(), func.count(func.distinct(items.c.ord / fold.ORD)))
            .where(items.c.modality == "asserted")
            .group_by(items.c.egroup)
        ).all()
    sizes = Counter(size for _label, size, _articles in rows)
    articles = [n for _label, _size, n in rows]
    print(f"merged events {len(rows)}, reports {sum(s * n for s, n in sizes.items())}")
    print(
        f"largest {max(sizes)} reports, {max(articles)} articles; of several articles {sum(n > 1 for n in articles)}"
    )
    bins = [(1, 1), (2, 2), (3, 5), (6, 10), (11, 20), (21, 50), (51, 10**9)]
    print(
        "  ".join(
            f"{lo}{'' if hi == lo else '+' if hi > 10**6 else f'-{hi}'}: "
            f"{sum(n for s, n in sizes.items() if lo <= s <= hi)}"
            for lo, hi in bins
        )
    )


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
    parser.add_argument(
        "--distinct", action="store_true", help="each round of copies its own years and local entities"
    )
    parser.add_argument(
        "--exports",
        action="store_true",
        help="run only `rasd export FORMAT` (every format), not events/stats",
    )
    parser.add_argument(
        "--reading", action="store_true", help="run only events (jsonl, table, --all), contradictions, stats"
    )
    parser.add_argument(
        "--groups", action="store_true", help="build, print the merged events' sizes, run no command"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "fold.db")
        if args.db is None or not Path(args.db).exists():
            bases = originals(args.records)
            make = (lambda base, i: distinct_copy(base, i, len(bases))) if args.distinct else None
            build(db, bases, args.docs, args.slices, make)
        if args.groups:
            group_sizes(db)
            return
        if not args.exports:
            run("events", ["events", "--db", db, "--format", "jsonl"])
            run("events --all (table)", ["events", "--db", db, "--all"])
            run("contradictions", ["contradictions", "--db", db, "--format", "jsonl"])
            run("stats", ["stats", "--db", db])
        if args.reading:
            run("events (table)", ["events", "--db", db])
            run("contradictions (table)", ["contradictions", "--db", db])
            return
        from rasd.export import FORMATS

        for fmt in FORMATS:
            run(f"export {fmt}", ["export", fmt, "--db", db, "--out", str(Path(tmp) / f"out.{fmt}")])


if __name__ == "__main__":
    main()
