"""Throughput and memory of the pipeline over a corpus built by repeating the bundled examples.

Figures come from here (``rasd bench``), never from timed tests. Single process, one core.
"""

from __future__ import annotations

import html
import json
import os
import resource
import shutil
import tempfile
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rasd.pipeline import Pipeline, Stage
from rasd.read import RawArticle, ReadError
from rasd.record import Document
from rasd.stages import DEFAULT_STAGES


@dataclass(frozen=True)
class BenchResult:
    stage: str
    format: str
    articles: int
    failed: int
    seconds: float
    articles_per_s: float
    chars_per_s: float
    load_seconds: float
    peak_rss_mb: float
    # Milliseconds per article in each analysis stage; "read+clean" is the rest of the time.
    ms_per_article: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, float | int | str]:
        return asdict(self)


def build_corpus(examples: Path, copies: int, into: Path, fmt: str = "txt") -> list[Path]:
    """Write ``copies`` articles made from the examples, as .txt files, one .jsonl file, or simple
    .html pages with navigation and a footer around the article. Each copy gets a distinct last
    line, so every copy is a different document (no de-duplication shortcut)."""
    sources = sorted(p for p in examples.iterdir() if p.is_file() and p.suffix == ".txt")
    if not sources:
        raise ValueError(f"{examples}: no example .txt articles to repeat")
    texts = [p.read_text(encoding="utf-8") for p in sources]
    articles = (f"{texts[i % len(texts)]}\n\nنسخة رقم {i}\n" for i in range(copies))
    if fmt == "jsonl":
        path = into / "corpus.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for i, text in enumerate(articles):
                out.write(
                    json.dumps({"url": f"https://example.org/{i}", "text": text}, ensure_ascii=False) + "\n"
                )
        return [path]
    paths = []
    for i, text in enumerate(articles):
        path = into / f"{i:06d}.{fmt}"
        if fmt == "html":
            paras = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
            text = (
                f"<html><head><meta charset='utf-8'><title>{i}</title></head><body><nav><a href='/'>الرئيسية</a>"
                f"</nav><article>{paras}</article><footer>جميع الحقوق محفوظة</footer></body></html>"
            )
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def run_benchmark(examples: Path, copies: int = 1000, stage: str = "clean", fmt: str = "txt") -> BenchResult:
    """``stage``: 'clean' = reading + cleaning; 'full' = the whole pipeline to the record.
    ``fmt``: txt, jsonl or html input. The process is pinned to one CPU."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    tmp = Path(tempfile.mkdtemp(prefix="rasd-bench-"))
    try:
        paths = build_corpus(examples, copies, tmp, fmt)
        t0 = time.perf_counter()
        pipeline = Pipeline(stages=DEFAULT_STAGES if stage == "full" else ("clean",))
        if stage == "full":  # warm the lazily loaded resources (models, KB) outside the timed loop
            pipeline.process(
                RawArticle(
                    source="warm-up",
                    text="\n".join(p.read_text("utf-8") for p in sorted(examples.glob("*.txt"))),
                )
            )
        load = time.perf_counter() - t0
        stage_seconds = _time_stages(pipeline)
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
    per_article = (
        {name: round(1000 * s / articles, 2) for name, s in stage_seconds.items()} if articles else {}
    )
    if articles:
        per_article["read+clean"] = round(1000 * (seconds - sum(stage_seconds.values())) / articles, 2)
    return BenchResult(
        stage=stage,
        format=fmt,
        articles=articles,
        failed=failed,
        seconds=round(seconds, 3),
        articles_per_s=round(articles / seconds, 1) if seconds else 0.0,
        chars_per_s=round(chars / seconds) if seconds else 0.0,
        load_seconds=round(load, 3),
        peak_rss_mb=round(peak_mb, 1),
        ms_per_article=per_article,
    )


def _time_stages(pipeline: Pipeline) -> dict[str, float]:
    """Wrap each analysis stage so that its time is added up; returns the running totals (cleaning is
    counted with reading, as "read+clean")."""
    totals: dict[str, float] = defaultdict(float)
    pipeline.stages = [stage if stage.name == "clean" else _Timed(stage, totals) for stage in pipeline.stages]
    return totals


class _Timed:
    def __init__(self, stage: Stage, totals: dict[str, float]) -> None:
        self.stage, self.totals = stage, totals
        self.name, self.requires, self.assigns = stage.name, stage.requires, stage.assigns

    def __call__(self, doc: Document) -> None:
        started = time.perf_counter()
        self.stage(doc)
        self.totals[self.name] += time.perf_counter() - started
