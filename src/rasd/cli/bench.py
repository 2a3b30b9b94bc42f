"""`rasd bench`: articles/s and peak memory over a corpus built by repeating the examples, or over
the fixed 1,000-article sample of the real news corpora (``--corpus news``)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from rasd.evaluate.benchmark import NewsBenchResult


class InputFormat(StrEnum):
    txt = "txt"
    jsonl = "jsonl"
    html = "html"


class Corpus(StrEnum):
    examples = "examples"
    news = "news"


class Stage(StrEnum):
    clean = "clean"
    full = "full"


def bench(
    examples: Path = typer.Option(Path("examples"), help="Folder of example articles to repeat."),
    copies: int = typer.Option(1000, min=1, help="Number of articles in the built corpus."),
    stage: list[Stage] = typer.Option(
        [Stage.clean, Stage.full], help="clean = read+clean; full = read → record."
    ),
    fmt: InputFormat = typer.Option(InputFormat.txt, "--format", help="Input files of the built corpus."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per stage."),
    corpus: Corpus = typer.Option(
        Corpus.examples,
        help="examples = the examples repeated; news = the fixed seeded sample of real articles from "
        "--shared (whole pipeline; --copies is the sample's size, 1000 for the documented figures).",
    ),
    shared: Path = typer.Option(Path("../shared"), help="The shared data folder (for --corpus news)."),
    no_store: bool = typer.Option(False, "--no-store", help="--corpus news: skip the store-size measure."),
) -> None:
    """Measure throughput (one process, one core) and peak memory."""
    from rasd.evaluate.benchmark import MissingCorpus, run_benchmark, run_news_benchmark

    if corpus is Corpus.news:
        try:
            news = run_news_benchmark(shared, copies, measure_store=not no_store)
        except MissingCorpus as exc:
            typer.echo(f"rasd: error: {exc}", err=True)
            raise typer.Exit(1) from None
        _show_news(news, as_json)
        return
    results = [run_benchmark(examples, copies, s.value, fmt.value) for s in stage]
    if as_json:
        for r in results:
            print(json.dumps(r.as_dict()))
        return
    table = Table(title=f"rasd bench: {copies} {fmt.value} articles from {examples}/, one process")
    for column in (
        "stage",
        "articles",
        "failed",
        "seconds",
        "articles/s",
        "chars/s",
        "load s",
        "peak RSS MB",
    ):
        table.add_column(column, justify="right")
    for r in results:
        table.add_row(
            r.stage,
            str(r.articles),
            str(r.failed),
            f"{r.seconds:.2f}",
            f"{r.articles_per_s:.1f}",
            f"{r.chars_per_s:,.0f}",
            f"{r.load_seconds:.2f}",
            f"{r.peak_rss_mb:.0f}",
        )
    Console().print(table)
    for r in results:
        if r.ms_per_article:
            stages = ", ".join(f"{name} {ms:.2f}" for name, ms in r.ms_per_article.items())
            Console().print(f"{r.stage}: ms per article: {stages}")


def _show_news(r: NewsBenchResult, as_json: bool) -> None:
    if as_json:
        print(json.dumps(r.as_dict()))
        return
    table = Table(title=f"rasd bench --corpus news: {r.articles} real articles, read → record, one process")
    for column in ("measure", "value"):
        table.add_column(column, justify="right")
    store = f"{r.store_bytes_per_article:,.0f}" if r.store_bytes_per_article is not None else "not measured"
    for name, value in (
        ("articles (failed)", f"{r.articles} ({r.failed})"),
        ("mean words per article", f"{r.mean_words:.0f}"),
        ("articles per CPU second", f"{r.articles_per_cpu_s:.1f}"),
        ("words per CPU second", f"{r.words_per_cpu_s:,.0f}"),
        ("CPU s / wall s", f"{r.cpu_seconds:.2f} / {r.wall_seconds:.2f}"),
        ("articles/s, wall clock", f"{r.articles_per_s:.1f}"),
        ("load s (wall)", f"{r.load_seconds:.2f}"),
        ("peak RSS MB", f"{r.peak_rss_mb:.0f}"),
        ("store bytes per article (SQLite)", store),
    ):
        table.add_row(name, value)
    Console().print(table)
    stages = ", ".join(f"{name} {ms:.2f}" for name, ms in r.ms_per_article.items())
    Console().print(f"CPU ms per article: {stages}")


def register(app: typer.Typer) -> None:
    app.command("bench")(bench)
