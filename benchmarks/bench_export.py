"""Export speed: ``.venv/bin/python benchmarks/bench_export.py [--docs N]``.

Runs the example articles through the pipeline once, makes N distinct copies of their records
(each with a numbered last line, so a new id; their events and relations repeat, which is the
harder case for merging events across articles), then times folding them into one ``Knowledge``
and writing every format to memory. Figures go to docs/exports.md with the exact command.
"""

from __future__ import annotations

import argparse
import io
import time
from pathlib import Path

from rasd.export import FORMATS, Knowledge, writer
from rasd.pipeline import Pipeline
from rasd.record import Document

SEEDS = Path(__file__).resolve().parents[1] / "examples"


def copies(seeds: list[Document], count: int) -> list[Document]:
    out = []
    for i in range(count):
        base = seeds[i % len(seeds)]
        text = f"{base.text}\n({i})"
        out.append(
            base.model_copy(update={"id": Document.text_id(text), "text": text, "source": f"bench/{i}.txt"})
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=1000)
    args = parser.parse_args()
    docs = copies([d for d in Pipeline().run([SEEDS]) if isinstance(d, Document)], args.docs)
    started = time.perf_counter()
    knowledge = Knowledge.from_documents(docs)
    print(
        f"{len(docs)} articles → {len(knowledge.entities)} entities, {len(knowledge.relations)} relations, "
        f"{len(knowledge.events)} events: folded in {time.perf_counter() - started:.2f} s"
    )
    for fmt in FORMATS:
        out = io.BytesIO()
        started = time.perf_counter()
        count = writer(fmt)(knowledge, out)
        print(
            f"{fmt:<8} {count:>7} records {len(out.getvalue()) / 1e6:7.1f} MB {time.perf_counter() - started:6.2f} s"
        )


if __name__ == "__main__":
    main()
