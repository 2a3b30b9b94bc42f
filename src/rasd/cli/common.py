"""Helpers shared by the command modules: error lines, progress that stays quiet when piped, and the
options that say where documents come from (the database, or JSONL records from ``rasd extract``)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

if TYPE_CHECKING:
    from rich.progress import Progress

    from rasd.record import Document

T = TypeVar("T")

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="A SQLite file or a postgresql:// URL (default: $RASD_DB, else ./rasd.db)."),
]
JsonlOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--jsonl", help="Read document records from these JSONL files (rasd extract) instead of the database."
    ),
]


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, which containers and ``taskset`` narrow),
    the default number of analysing processes (``-j``)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def error_line(message: str) -> None:
    """One plain line on stderr (no markup, no wrapping), as scripts and analysts both read it."""
    print(f"rasd: error: {message}", file=sys.stderr, flush=True)


@contextmanager
def progress_bar(description: str) -> Iterator[Progress | None]:
    """A progress bar on a terminal; nothing when stderr is piped or redirected."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        yield progress


def track(items: Iterable[T], progress: Progress | None, description: str) -> Iterator[T]:
    if progress is None:
        yield from items
        return
    task = progress.add_task(description, total=None)
    for item in items:
        yield item
        progress.advance(task)


def command_group(app: typer.Typer, name: str, help: str) -> typer.Typer:
    """The ``name`` command group (``rasd eval …``, ``rasd train …``), shared by the packages that
    register commands into it: created by the first, reused by the others."""
    for info in app.registered_groups:
        if info.name == name and info.typer_instance is not None:
            return info.typer_instance
    group = typer.Typer(help=help, no_args_is_help=True)
    app.add_typer(group, name=name)
    return group


def read_documents(db: str | None, jsonl: list[Path] | None) -> Iterator[Document]:
    """Document records from JSONL files when given, else from the database (with the analyst's
    merge/split judgements applied); a database that cannot be opened is one error line, exit 2."""
    from rasd.record import Document

    if jsonl:
        for path in jsonl:
            with path.open(encoding="utf-8") as lines:
                for line in lines:
                    if line.strip():
                        yield Document.from_json(line)
        return
    from sqlalchemy.exc import SQLAlchemyError

    from rasd.store import Store, default_url

    try:
        store = Store.open(db, create=False)
    except (SQLAlchemyError, OSError) as exc:
        error_line(f"cannot open the database {db or default_url()}: {str(exc).splitlines()[0]}")
        raise typer.Exit(code=2) from None
    with store:
        yield from store.iter_documents()
