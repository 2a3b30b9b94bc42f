"""Store speed: ``.venv/bin/python benchmarks/bench_store.py [--docs N] [--db URL]``.

Runs the example articles through the pipeline once, then stores N variants of them (each made
distinct by a numbered last line, with 20 entities of its own words attached so the entity and
mention tables carry weight), ingests them all again (the 'unchanged' path), and times searches.
Figures go to docs/storage.md with the exact command.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from rasd.pipeline import Pipeline
from rasd.record import Document, Entity, Mention
from rasd.store.store import Store
from rasd.text import tokenize

SEEDS = Path(__file__).resolve().parents[1] / "examples"
QUERIES = ["بلمختار", "القاعدة", "مالي الجزائر", "الصحراء", "تنظيم القاعدة في المغرب", "ليبيا", "هجوم", "أبو"]


def variants(seeds: list[Document], count: int) -> list[Document]:
    docs = []
    for i in range(count):
        base = seeds[i % len(seeds)]
        text = f"{base.text}\n({i})"
        words = [t for t in tokenize(base.text) if len(t.text) > 3][i % 7 :: 37][:20]
        entities = [
            Entity(
                id=f"bench:{w.text}",
                type="ORG",
                name=w.text,
                mentions=[Mention(start=w.start, end=w.end, text=w.text)],
            )
            for w in {w.text: w for w in words}.values()
        ]
        docs.append(
            base.model_copy(
                update={
                    "id": Document.text_id(text),
                    "text": text,
                    "entities": entities,
                    "source": f"bench/{i}.txt",
                }
            )
        )
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file in a temp dir)")
    args = parser.parse_args()
    seeds = [d for d in Pipeline().run(sorted(SEEDS.iterdir())) if isinstance(d, Document)]
    docs = variants(seeds, args.docs)
    with tempfile.TemporaryDirectory() as tmp, Store.open(args.db or str(Path(tmp) / "bench.db")) as store:
        start = time.perf_counter()
        added = sum(store.ingest(d) == "added" for d in docs)
        first = time.perf_counter() - start
        start = time.perf_counter()
        unchanged = sum(store.ingest(d) == "unchanged" for d in docs)
        again = time.perf_counter() - start
        timings = []
        for query in QUERIES:
            start = time.perf_counter()
            store.search(query, limit=10)
            timings.append((time.perf_counter() - start) * 1000)
        stats = store.stats()
        print(
            f"backend: {store.engine.dialect.name}   documents: {stats['documents']}   mentions: {stats['mentions']}"
        )
        print(f"ingest:    {added} added in {first:.1f} s ({added / first:.0f} docs/s)")
        print(f"re-ingest: {unchanged} unchanged in {again:.1f} s ({unchanged / again:.0f} docs/s)")
        print(
            f"search (limit 10, {len(QUERIES)} queries): median {statistics.median(timings):.0f} ms, "
            f"max {max(timings):.0f} ms"
        )
        database = store.engine.url.database
        if store.engine.dialect.name == "sqlite" and database:
            with store.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            size = sum(p.stat().st_size for p in Path(database).parent.glob(Path(database).name + "*"))
            print(f"size on disk: {size / 2**20:.1f} MiB")
        elif store.engine.dialect.name == "postgresql":
            with store.engine.connect() as conn:
                size = conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar_one()
            print(f"database size: {size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
