"""Time per MB of one big article through every stage: is each stage linear in the article's length?

    .venv/bin/python benchmarks/bench_linear.py                   # 1, 2, 4 and 8 MB
    .venv/bin/python benchmarks/bench_linear.py --sizes 0.25,0.5,1 --budget 120

One text file per size is made of real articles from ``../shared/data/news`` (the corpus filter's
security articles, one after another, blank lines between), or of the repository's ``examples/``
when ``../shared`` is absent; it lives in a temporary folder only. Each file goes through reading
(``rasd.read``) and then the pipeline's stages one at a time, each timed alone. A stage's seconds per
MB that grow with the size (the ratio column: s/MB at this size ÷ s/MB at the smallest) is what makes
one big input take the machine. A stage that runs past ``--budget`` seconds is not run at the larger
sizes (nor are the stages after it, which need its output): the table says so. Times are this
process's CPU seconds, so that other work on a shared machine does not blur them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from rasd.evaluate.news_corpus import CORPORA, is_security_article, news_dir
from rasd.pipeline import Pipeline
from rasd.read import RawArticle, iter_articles
from rasd.read.files import MAX_FILE_BYTES
from rasd.stages import start_document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MB = 1024 * 1024


def _articles() -> Iterator[str]:
    """Article texts, endlessly: real security articles when ../shared is there, else the examples."""
    texts: list[str] = []
    if news_dir(SHARED).is_dir():
        for _corpus, file, _n in CORPORA:
            with gzip.open(news_dir(SHARED) / file, "rt", encoding="utf-8") as lines:
                for line in lines:
                    row = json.loads(line)
                    if is_security_article(row.get("text") or "", row.get("category")):
                        texts.append(row["text"])
                    if len(texts) >= 3000:
                        break
    else:
        texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    while True:
        yield from texts


def _big_text(size_mb: float) -> str:
    parts, total = [], 0
    for text in _articles():
        parts.append(text)
        total += len(text.encode("utf-8")) + 2
        if total >= size_mb * MB:
            # A NUL inside a corpus article would be counted as a stray byte: not what is measured.
            return "\n\n".join(parts).replace("\x00", "")
    raise AssertionError("unreachable")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,2,4,8", help="sizes in MB, comma-separated")
    parser.add_argument(
        "--budget", type=float, default=600.0, help="seconds a stage may take before larger sizes are skipped"
    )
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    pipeline = Pipeline()
    names = ["read", *pipeline.names]
    # Resources load on first use: one small article first, so that no size pays for loading.
    for raw in iter_articles(sorted((ROOT / "examples").glob("*.txt"))[:1]):
        if isinstance(raw, RawArticle):
            pipeline.process(raw)
    timings: dict[float, dict[str, float | None]] = {}
    stopped: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = Path(tmp) / f"big-{size}MB.txt"
            path.write_text(_big_text(size), encoding="utf-8")
            real_mb = path.stat().st_size / MB
            row: dict[str, float | None] = dict.fromkeys(names)
            start = time.process_time()
            [raw] = list(iter_articles([path], max_bytes=max(MAX_FILE_BYTES, path.stat().st_size + 1)))
            row["read"] = time.process_time() - start
            assert isinstance(raw, RawArticle), raw
            doc = start_document(raw)
            for stage in pipeline.stages:
                if stage.name in stopped:
                    break
                start = time.process_time()
                try:
                    stage(doc)
                except Exception as exc:  # a stage that breaks on a big input is a finding, not the end
                    print(f"{stage.name} failed at {size} MB: {type(exc).__name__}: {exc}", file=sys.stderr)
                    break
                row[stage.name] = took = time.process_time() - start
                if took > args.budget:
                    stopped.add(stage.name)
                    stopped.update(n for n in pipeline.names[pipeline.names.index(stage.name) + 1 :])
            timings[real_mb] = row
            print(
                f"{real_mb:.2f} MB ({len(doc.text):,} characters after cleaning, {len(doc.entities)} entities, "
                f"{len(doc.events)} events): "
                + ", ".join(f"{n} {t:.1f}s" for n, t in row.items() if t is not None),
                file=sys.stderr,
                flush=True,
            )
    _report(timings, names)
    return 0


def _report(timings: dict[float, dict[str, float | None]], names: list[str]) -> None:
    sizes = sorted(timings)
    print("| stage | " + " | ".join(f"s/MB at {s:.2f} MB" for s in sizes) + " | ratio largest/smallest |")
    print("| --- | " + " | ".join("---" for _ in sizes) + " | --- |")
    for name in names:
        per_mb = [(timings[s][name] or 0) / s if timings[s][name] is not None else None for s in sizes]
        cells = [f"{v:.2f}" if v is not None else "skipped" for v in per_mb]
        measured = [v for v in per_mb if v is not None]
        ratio = f"{measured[-1] / measured[0]:.1f}×" if len(measured) > 1 and measured[0] > 0 else "–"
        print(f"| {name} | " + " | ".join(cells) + f" | {ratio} |")


if __name__ == "__main__":
    raise SystemExit(main())
