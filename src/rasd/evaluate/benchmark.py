"""Throughput and memory of the pipeline: over a corpus built by repeating the bundled examples, or
over the fixed 1,000-article sample of the real news corpora in ``../shared`` (``run_news_benchmark``).

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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rasd.evaluate.news_corpus import bench_sample, news_dir, write_jsonl
from rasd.pipeline import Pipeline, Stage
from rasd.read import RawArticle, ReadError
from rasd.record import Document
from rasd.stages import DEFAULT_STAGES
from rasd.store import Store


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


@contextmanager
def _one_cpu() -> Iterator[None]:
    """Pin this process to one CPU for a measurement, and give it back its CPUs after (a test or a
    caller that goes on must not stay pinned)."""
    if not hasattr(os, "sched_setaffinity"):
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def run_benchmark(examples: Path, copies: int = 1000, stage: str = "clean", fmt: str = "txt") -> BenchResult:
    """``stage``: 'clean' = reading + cleaning; 'full' = the whole pipeline to the record.
    ``fmt``: txt, jsonl or html input. The process is pinned to one CPU while it runs."""
    tmp = Path(tempfile.mkdtemp(prefix="rasd-bench-"))
    with _one_cpu():
        return _run_benchmark(examples, copies, stage, fmt, tmp)


def _run_benchmark(examples: Path, copies: int, stage: str, fmt: str, tmp: Path) -> BenchResult:
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


def _time_stages(pipeline: Pipeline, clock: Callable[[], float] = time.perf_counter) -> dict[str, float]:
    """Wrap each analysis stage so that its time (by ``clock``) is added up; returns the running
    totals (cleaning is counted with reading, as "read+clean")."""
    totals: dict[str, float] = defaultdict(float)
    pipeline.stages = [
        stage if stage.name == "clean" else _Timed(stage, totals, clock) for stage in pipeline.stages
    ]
    return totals


class _Timed:
    def __init__(self, stage: Stage, totals: dict[str, float], clock: Callable[[], float]) -> None:
        self.stage, self.totals, self.clock = stage, totals, clock
        self.name, self.requires, self.assigns = stage.name, stage.requires, stage.assigns

    def __call__(self, doc: Document) -> None:
        started = self.clock()
        self.stage(doc)
        self.totals[self.name] += self.clock() - started


# -- real news --------------------------------------------------------------------------------------


class MissingCorpus(FileNotFoundError):
    """``../shared`` (or the folder given) does not hold the news corpora (``str()`` says where)."""


@dataclass(frozen=True)
class NewsBenchResult:
    """The whole pipeline (read → record) over the real-news sample, one process. CPU figures are this
    process's CPU time, which other work on a shared machine does not inflate; wall figures are given
    beside them."""

    corpus: str
    articles: int
    failed: int
    mean_words: float  # whitespace-separated words of the cleaned text, per article
    cpu_seconds: float
    wall_seconds: float
    articles_per_cpu_s: float
    articles_per_s: float  # wall clock
    words_per_cpu_s: float
    load_seconds: float
    peak_rss_mb: float
    store_bytes_per_article: float | None  # SQLite file (and its WAL) ÷ articles; None when not measured
    # CPU milliseconds per article in each stage; "read+clean" is the rest of the loop's CPU time.
    ms_per_article: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def run_news_benchmark(shared: Path, n: int = 1000, measure_store: bool = True) -> NewsBenchResult:
    """The fixed seeded sample of ``n`` real articles (``news_corpus.bench_sample``), written to a
    temporary JSONL file (never into the repository) and analysed read → record in this process,
    pinned to one CPU; then, untimed, ingested into a temporary SQLite store to measure its size."""
    if not news_dir(shared).is_dir():
        raise MissingCorpus(
            f"{news_dir(shared)}: no news corpora there (give --shared, the folder beside the repository)"
        )
    tmp = Path(tempfile.mkdtemp(prefix="rasd-bench-news-"))
    with _one_cpu():
        return _run_news_benchmark(shared, n, measure_store, tmp)


def _run_news_benchmark(shared: Path, n: int, measure_store: bool, tmp: Path) -> NewsBenchResult:
    try:
        corpus = tmp / "news.jsonl"
        write_jsonl(bench_sample(shared, n), corpus)
        t0 = time.perf_counter()
        pipeline = Pipeline(budget_s=None)
        examples = Path(__file__).resolve().parents[3] / "examples"
        warm = (
            "\n".join(p.read_text("utf-8") for p in sorted(examples.glob("*.txt")))
            if examples.is_dir()
            else ""
        )
        # Load the lazily loaded resources (models, KB, gazetteer) outside the timed loop.
        pipeline.resources.load_all()
        pipeline.process(RawArticle(source="warm-up", text=warm or "قال الرئيس في باماكو إن الهجوم وقع أمس."))
        load = time.perf_counter() - t0
        stage_cpu = _time_stages(pipeline, time.process_time)
        docs: list[Document] = []
        failed = words = 0
        wall0, cpu0 = time.perf_counter(), time.process_time()
        for item in pipeline.run([corpus]):
            if isinstance(item, ReadError):
                failed += 1
            else:
                docs.append(item)
                words += len(item.text.split())
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
        store_bytes = _store_bytes(docs, tmp / "store.db") if measure_store and docs else None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    articles = len(docs)
    per_article = {name: round(1000 * s / articles, 2) for name, s in stage_cpu.items()} if articles else {}
    if articles:
        per_article["read+clean"] = round(1000 * (cpu - sum(stage_cpu.values())) / articles, 2)
    return NewsBenchResult(
        corpus="news",
        articles=articles,
        failed=failed,
        mean_words=round(words / articles, 1) if articles else 0.0,
        cpu_seconds=round(cpu, 3),
        wall_seconds=round(wall, 3),
        articles_per_cpu_s=round(articles / cpu, 1) if cpu else 0.0,
        articles_per_s=round(articles / wall, 1) if wall else 0.0,
        words_per_cpu_s=round(words / cpu) if cpu else 0.0,
        load_seconds=round(load, 3),
        peak_rss_mb=round(peak_mb, 1),
        store_bytes_per_article=round(store_bytes / articles) if store_bytes is not None else None,
        ms_per_article=per_article,
    )


def _store_bytes(docs: list[Document], path: Path) -> int:
    """Bytes on disk of a fresh SQLite store holding ``docs`` (the file and what its WAL still holds)."""
    with Store.open(str(path)) as store:
        for doc in docs:
            store.ingest(doc)
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
