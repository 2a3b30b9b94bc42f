"""Search speed on a large store of real news:
``.venv/bin/python benchmarks/bench_search.py [--docs 50000] [--db URL] [--keep]``.

Fills a store with ``--docs`` real articles (``rasd.evaluate.news_corpus.iter_repeated``: the corpora
of ``../shared/data/news``, repeated with distinct ids and a numbered last line past 43,000) through
``Store.bulk_add``: text and metadata only, no analysis, since search reads only those (the articles'
title line, then the body). A store that already holds them is reused (``--db`` with ``--keep``).
Then prints, for a fixed set of queries: the query alone (``search.find``), the search with its
snippets (``Store.search``), p50 and p95 in ms; and the whole ``rasd search`` command, as a user runs
it (a new process: start-up, opening the store, the search, printing), with and without ``--exact``.

``--commands-only`` (with ``--db``): only the whole commands, on a store filled before. ``--before SRC``
(the ``src`` folder of another checkout): each command also runs from that tree, alternating which
goes first. ``--importtime``: what `rasd search --exact` imports, the slowest modules by cumulative
``python -X importtime`` (the least of 5 runs, µs).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import text

from rasd.evaluate.news_corpus import iter_repeated
from rasd.record import Document
from rasd.store import Store, search

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# Names, places, event words, several words, clitics, short words: what analysts type.
QUERIES = [
    "القاعدة",
    "داعش",
    "بوكو حرام",
    "مالي",
    "ليبيا",
    "تونس",
    "الجزائر",
    "نيجيريا",
    "اختطاف",
    "هجوم مسلح",
    "تفجير انتحاري",
    "الساحل الصحراء",
    "وزير الداخلية",
    "بلمختار",
    "أنصار الدين",
    "الحرس الوطني",
    "مصدر أمني",
    "السعودية اليمن",
    "في",
    "ثم الجيش",
]
REPEAT = 5


def articles(n: int) -> Iterator[Document]:
    for art in iter_repeated(SHARED, n):
        text = f"{art.title}\n{art.text}" if art.title else art.text
        text = text.replace(
            "\x00", ""
        )  # a few corpus articles have NULs (cleaning drops them; PostgreSQL refuses them)
        yield Document(
            id=Document.text_id(text),
            source=f"news/{art.corpus}/{art.id}",
            title=art.title,
            published=art.published,
            outlet=art.source,
            text=text,
        )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(run) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each run (CPU: this process's, so SQLite's work, not a server's)."""
    run(QUERIES[0])  # warm: the first query pays for opening files and caches
    wall, cpu = [], []
    for _ in range(REPEAT):
        for query in QUERIES:
            start, start_cpu = time.perf_counter(), time.process_time()
            run(query)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def command_times(db: str, exact: bool, trees: dict[str, Path]) -> dict[str, tuple[list[float], list[float]]]:
    """Wall and CPU seconds (user + system, of the child) of ``rasd search``, a new process each, from
    each tree in turn (alternating which goes first)."""
    times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in trees}
    for i, query in enumerate(QUERIES[:8]):
        for name in list(trees) if i % 2 == 0 else list(reversed(trees)):
            args = [
                sys.executable,
                "-m",
                "rasd",
                "search",
                query,
                "--db",
                db,
                *(["--exact"] if exact else []),
            ]
            env = {**os.environ, "COLUMNS": "100", "PYTHONPATH": str(trees[name])}
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(args, capture_output=True, check=False, env=env)
            times[name][0].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            times[name][1].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return times


def import_times(db: str, src: Path, runs: int = 5, least_us: int = 5_000) -> list[tuple[str, int]]:
    """What `rasd search --exact` imports, the two outer levels of ``python -X importtime``'s tree in
    the order imported (nested names indented), those over ``least_us``: cumulative µs, the least of
    ``runs``."""
    best: dict[str, int] = {}
    order: list[str] = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "rasd", "search", QUERIES[0], "--db", db, "--exact"],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONPATH": str(src)},
        )
        for line in done.stderr.splitlines():
            if not line.startswith("import time:") or "cumulative" in line:
                continue
            _, cumulative, name = line.removeprefix("import time:").split("|")
            depth = (len(name) - len(name.lstrip()) - 1) // 2
            if depth <= 1:
                key = "  " * depth + name.strip()
                if key not in best:
                    order.append(key)
                best[key] = min(best.get(key, int(cumulative)), int(cumulative))
    return [(name, best[name]) for name in order if best[name] >= least_us]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--db", help="database URL or SQLite path (default: a SQLite file in a temp dir)")
    parser.add_argument("--keep", action="store_true", help="reuse a store that holds the articles already")
    parser.add_argument("--commands-only", action="store_true", help="only the whole commands (needs --db)")
    parser.add_argument("--before", type=Path, help="another tree's src/ to run the commands from too")
    parser.add_argument("--importtime", action="store_true", help="what `rasd search --exact` imports")
    args = parser.parse_args()
    if args.commands_only and not args.db:
        sys.exit("bench_search: --commands-only needs --db (a store filled before)")
    if not args.commands_only and not (SHARED / "data" / "news").is_dir():
        sys.exit(f"bench_search: {SHARED / 'data' / 'news'} is absent (real articles are read from there)")
    trees = {"this tree": ROOT / "src", **({"before": args.before.resolve()} if args.before else {})}
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "search.db")
        if not args.commands_only:
            queries(db, args.docs, args.keep)
        loads = [os.getloadavg()[0]]
        for exact in (True, False):
            for name, (wall, cpu) in command_times(db, exact, trees).items():
                print(
                    f"rasd search{' --exact' if exact else '        '} {name:9}  wall median {statistics.median(wall):.2f} s"
                    f"  max {max(wall):.2f} s   CPU median {statistics.median(cpu):.2f} s  max {max(cpu):.2f} s"
                    "   (8 queries, each a new process)"
                )
            loads.append(os.getloadavg()[0])
        print(f"load average during the commands: {min(loads):.1f}–{max(loads):.1f}")
        if args.importtime:
            for name, src in trees.items():
                print(f"rasd search --exact imports, {name} (cumulative µs, least of 5 runs; over 5 ms):")
                for module, micros in import_times(db, src):
                    print(f"  {micros:9,d}  {module}")


def queries(db: str, docs: int, keep: bool) -> None:
    """Fill the store as needed, then time the queries alone and with their snippets, in this process."""
    with Store.open(db) as store:
        have = store.stats()["documents"]
        if not (keep and have >= docs):
            start = time.perf_counter()
            added = store.bulk_add(articles(docs))
            print(f"filled: {added} articles in {time.perf_counter() - start:.0f} s (Store.bulk_add)")
        if store.engine.dialect.name == "postgresql":
            # What autovacuum does after a load, done now: the postings' index-only scans need
            # the visibility map, and the planner the word index's statistics.
            with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE search_words, search_postings, documents"))
        print(f"backend: {store.engine.dialect.name}   documents: {store.stats()['documents']}")

        def query_only(q: str) -> None:
            with store.engine.connect() as conn:
                search.find(conn, search.query_terms(q), 10)

        for label, run in (("query (search.find)", query_only), ("search + snippets", store.search)):
            wall, cpu = timed(run)
            print(
                f"{label:22s} wall p50 {percentile(wall, 0.5):6.1f} ms  p95 {percentile(wall, 0.95):6.1f} ms"
                f"   CPU p50 {percentile(cpu, 0.5):6.1f} ms  p95 {percentile(cpu, 0.95):6.1f} ms"
                f"   ({len(wall)} runs, {len(QUERIES)} queries)"
            )


if __name__ == "__main__":
    main()
