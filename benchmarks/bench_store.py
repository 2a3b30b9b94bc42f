"""Store speed and size: ``.venv/bin/python benchmarks/bench_store.py [--corpus seeds|news] [--docs N] [--db URL]``.

``--corpus seeds`` (the default): runs the example articles through the pipeline once, then stores N
variants of them (each made distinct by a numbered last line, with 20 entities of its own words
attached so the entity and mention tables carry weight).
``--corpus news``: runs N real articles through the pipeline (``rasd.evaluate.news_corpus.bench_sample``,
the fixed seeded sample of ``../shared/data/news``, read from there, never copied) and stores them.
Either way it then ingests them all again (the 'unchanged' path), times searches, and prints the
size per article (SQLite: the file after a WAL checkpoint, and the bytes of each table and index).
Figures go to docs/storage.md and docs/benchmarks.md with the exact command.
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


def news(count: int) -> list[Document]:
    """``count`` real articles of the seeded sample, analysed (a temporary JSONL file, then deleted)."""
    from rasd.evaluate.news_corpus import bench_sample, write_jsonl

    shared = Path(__file__).resolve().parents[2] / "shared"
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "news.jsonl"
        write_jsonl(bench_sample(shared, n=count), sample)
        start = time.perf_counter()
        docs = [d for d in Pipeline().run([sample]) if isinstance(d, Document)]
    print(f"analysed {len(docs)} real articles in {time.perf_counter() - start:.0f} s")
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("seeds", "news"), default="seeds")
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file in a temp dir)")
    args = parser.parse_args()
    if args.corpus == "news":
        docs = news(args.docs)
    else:
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
            count = stats["documents"]
            print(f"size on disk: {size / 2**20:.1f} MiB, {size / count / 1024:.1f} KB per article")
            with store.engine.connect() as conn:
                tables = conn.exec_driver_sql(
                    "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
                ).all()
            fold = sum(size for name, size in tables if "fold" in name)
            print(
                f"  of which the cross-article fold (fold_* tables and indexes): {fold / count / 1024:.1f} KB"
            )
            for name, table_size in tables[:12]:
                print(f"  {name:38s} {table_size / count / 1024:6.2f} KB per article")
        elif store.engine.dialect.name == "postgresql":
            with store.engine.connect() as conn:
                size = conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar_one()
            print(f"database size: {size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
