"""Helpers shared by the command modules: error lines, progress that stays quiet when piped."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

T = TypeVar("T")

err_console = Console(stderr=True)


def error_line(message: str) -> None:
    """One plain line on stderr (no markup, no wrapping), as scripts and analysts both read it."""
    print(f"rasd: error: {message}", file=sys.stderr, flush=True)


@contextmanager
def progress_bar(description: str) -> Iterator[Progress | None]:
    """A progress bar on a terminal; nothing when stderr is piped or redirected."""
    if not sys.stderr.isatty():
        yield None
        return
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err_console, transient=True,
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
