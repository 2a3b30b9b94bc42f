"""Field gazetteer speed: index size, load time, and 10,000 place mentions geocoded.

    .venv/bin/python benchmarks/bench_geocode.py [--mentions 10000] [--repeat 3]
    .venv/bin/python benchmarks/bench_geocode.py --wild 10 [--shared ../shared]

``--wild SEED`` instead lists, for judging by hand, every place the whole pipeline placed by
transliteration in 400 news articles (drawn with SEED among those naming the field's countries three
times or more), each with a few words around it: the check of docs/geocoding.md, "In the wild". The
text is printed, never written to the repository.

The mentions are drawn (seeded) from the gazetteer's Arabic names of the field's countries, plus names no
source holds (so that every one of those runs the transliteration path), 20 to an article with a
country named; each run starts from a freshly built index (cold per-name caches). Best of ``--repeat``,
wall clock and CPU time (on a shared machine the wall clock also counts other processes' turns).
Figures go to docs/benchmarks.md; ``rasd eval geocode`` prints the same speed line.
"""

from __future__ import annotations

import argparse
import time
from importlib import resources
from pathlib import Path

from rasd.evaluate.geocode import benchmark
from rasd.resolve.geocode import Gazetteer


def wild(seed: int, shared: Path, articles: int = 400) -> None:
    import random
    import re

    from rasd.evaluate.news_corpus import CORPORA, iter_corpus
    from rasd.pipeline import Pipeline
    from rasd.read.article import RawArticle

    field = re.compile("مالي|النيجر|تشاد|نيجيريا|موريتانيا|بوركينا|أزواد|الساحل|ليبيا|الجزائر")
    pool = [
        a for corpus, _, _ in CORPORA for a in iter_corpus(shared, corpus) if len(field.findall(a.text)) >= 3
    ]
    sample = random.Random(seed).sample(pool, min(articles, len(pool)))
    pipeline = Pipeline()
    rows = []
    for art in sample:
        doc = pipeline.process(RawArticle(source=art.id, text=art.text))
        for ent in doc.entities:
            why = re.search(r"geocoded «[^»]+» to ([^;]*by transliteration \(\d+\))", ent.resolution or "")
            if why and ent.geo:
                m = ent.mentions[0]
                around = doc.text[max(0, m.start - 60) : m.end + 40].replace("\n", " ")
                rows.append(f"{art.id}\t{ent.name}\t{why.group(1)}\t{around}")
    print(f"{len(sample)} articles; {len(rows)} places placed by transliteration")
    print("\n".join(rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--wild", type=int, default=None, metavar="SEED", help="list transliterated places")
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    args = parser.parse_args()
    if args.wild is not None:
        wild(args.wild, args.shared)
        return
    size = len(resources.files("rasd.data.geo").joinpath("gazetteer.tsv.gz").read_bytes())
    loads, cpu = [], []
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        gazetteer = Gazetteer.load()
        loads.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    print(
        f"index: {len(gazetteer):,} places, {size / 1e6:.1f} MB; "
        f"load best {min(loads):.2f} s (CPU {min(cpu):.2f} s)"
    )
    runs = [benchmark(gazetteer, args.mentions) for _ in range(args.repeat)]
    best = min(runs, key=lambda r: r["seconds"])
    print(
        f"geocode: {best['mentions']:,} mentions in {best['seconds']:.2f} s "
        f"(CPU {min(r['cpu_seconds'] for r in runs):.2f} s; {best['per_second']:,}/s), {best['placed']:,} placed"
    )


if __name__ == "__main__":
    main()
