"""`rasd extract`: articles in, document records out."""

from __future__ import annotations

import sys
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from rasd.cli.common import available_cores, error_line, progress_bar, track
from rasd.cli.inputs import FieldOption, read_inputs

if TYPE_CHECKING:
    from rasd.record import Document


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    text = "text"


def extract(
    paths: list[Path] = typer.Argument(..., help="Files or folders (.txt, .html, .json, .jsonl)."),
    format: OutputFormat = typer.Option(
        OutputFormat.jsonl, "--format", "-f", help="jsonl: one record per line."
    ),
    clean_only: bool = typer.Option(False, "--clean-only", help="Stop after reading and cleaning."),
    jobs: int = typer.Option(
        available_cores(),
        "--jobs",
        "-j",
        min=1,
        help="Processes to analyse with (default: the cores available; output order is kept).",
    ),
    fields: FieldOption = None,
) -> None:
    """Print one document record per input, in the order given."""
    from rasd.collector import collector_paused

    with collector_paused():  # loading: see rasd.collector
        from rasd.pipeline import Pipeline
        from rasd.read import ReadError
        from rasd.stages import DEFAULT_STAGES

        pipeline = Pipeline(stages=("clean",) if clean_only else DEFAULT_STAGES)
    # Each document is made into its text where it is analysed (a worker, under -j): this process
    # only reads the input and writes what comes back.
    render = _jsonl_line if format is OutputFormat.jsonl else _text_block
    failed = 0
    with progress_bar("extracting") as progress:
        inputs = read_inputs(paths, fields, Counter())
        for item in track(pipeline.run(inputs, jobs=jobs, then=render), progress, "extracting"):
            if isinstance(item, ReadError):
                failed += 1
                error_line(str(item))
                continue
            sys.stdout.write(item)
    sys.stdout.flush()
    if failed:
        raise typer.Exit(code=1)


def _jsonl_line(doc: Document) -> str:
    return doc.to_json() + "\n"


def _text_block(doc: Document) -> str:
    return f"# {doc.source}\n{doc.text}\n\n"


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)
