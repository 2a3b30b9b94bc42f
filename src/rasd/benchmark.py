"""Throughput and memory of the pipeline over a corpus built by repeating the bundled examples.

Figures come from here (``rasd bench``), never from timed tests. Single process, one core.
"""

from __future__ import annotations

import resource
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from rasd.pipeline import Pipeline
from rasd.read import ReadError


@dataclass(frozen=True)
class BenchResult:
    stage: str
    articles: int
    failed: int
    seconds: float
    articles_per_s: float
    chars_per_s: float
    load_seconds: float
    peak_rss_mb: float

    def as_dict(self) -> dict[str, float | int | str]:
        return asdict(self)


def build_corpus(examples: Path, copies: int, into: Path) -> list[Path]:
    """Write ``copies`` article files made from the examples; each gets a distinct last line so
    that every copy is a different document (no de-duplication shortcut)."""
    sources = sorted(p for p in examples.iterdir() if p.is_file() and p.suffix in {".txt", ".html", ".htm"})
    if not sources:
        raise ValueError(f"{examples}: no example articles to repeat")
    texts = [(p.suffix, p.read_text(encoding="utf-8")) for p in sources]
    paths = []
    for i in range(copies):
        suffix, text = texts[i % len(texts)]
        path = into / f"{i:06d}{suffix}"
        path.write_text(f"{text}\n\nنسخة رقم {i}\n", encoding="utf-8")
        paths.append(path)
    return paths


def run_benchmark(examples: Path, copies: int = 1000, stage: str = "clean") -> BenchResult:
    """``stage``: 'clean' = reading + cleaning; 'full' = the whole pipeline to the record."""
    tmp = Path(tempfile.mkdtemp(prefix="rasd-bench-"))
    try:
        paths = build_corpus(examples, copies, tmp)
        t0 = time.perf_counter()
        pipeline = Pipeline(analyse=stage == "full")
        if stage == "full":  # warm the lazily loaded resources (models, KB) outside the timed loop
            next(iter(pipeline.run(paths[:1])))
        load = time.perf_counter() - t0
        articles = failed = chars = 0
        t1 = time.perf_counter()
        for item in pipeline.run(paths):
            if isinstance(item, ReadError):
                failed += 1
            else:
                articles += 1
                chars += len(item.text)
        seconds = time.perf_counter() - t1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    return BenchResult(
        stage=stage, articles=articles, failed=failed, seconds=round(seconds, 3),
        articles_per_s=round(articles / seconds, 1) if seconds else 0.0,
        chars_per_s=round(chars / seconds) if seconds else 0.0,
        load_seconds=round(load, 3), peak_rss_mb=round(peak_mb, 1),
    )
