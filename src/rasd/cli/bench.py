"""`rasd bench`: articles/s and peak memory over a corpus built by repeating the examples."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table


class InputFormat(StrEnum):
    txt = "txt"
    jsonl = "jsonl"
    html = "html"


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
) -> None:
    """Measure throughput (one process, one core) and peak memory."""
    from rasd.evaluate.benchmark import run_benchmark

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


def register(app: typer.Typer) -> None:
    app.command("bench")(bench)
