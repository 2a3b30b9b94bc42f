"""`rasd ingest --engine dask`: the command's side of ``rasd.distributed.engine`` (imported only on
this path, so the other commands never load Dask)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import typer

from rasd.cli.common import error_line, progress_bar
from rasd.cli.store import _note, _print_summary, open_store
from rasd.distributed.engine import RunStats, WorkerSetupError, ingest
from rasd.read import ReadError
from rasd.read.records import parse_field_map


def ingest_on_dask(
    paths: list[Path],
    db: str | None,
    *,
    workers: int,
    fields: list[str] | None,
    scheduler: str | None,
    workers_write: bool = False,
) -> None:
    """Errors, notes and the summary as a one-process ``rasd ingest`` gives them; exit 1 when an
    input failed, 2 when the database or the scheduler cannot be reached."""
    try:
        mapping = parse_field_map(fields or [])
    except ValueError as exc:
        error_line(str(exc))
        raise typer.Exit(code=2) from None
    outcome: Counter[str] = Counter()
    stats = RunStats()
    with open_store(db) as store, progress_bar("ingesting") as progress:
        if workers_write and store.engine.dialect.name != "postgresql":
            error_line("--workers-write needs a PostgreSQL database (--db postgresql://…)")
            raise typer.Exit(code=2)
        run = ingest(
            paths,
            store,
            scheduler=scheduler,
            workers=workers,
            fields=mapping or None,
            progress=progress,
            stats=stats,
            workers_write=workers_write,
        )
        try:
            for item in run:
                if isinstance(item, ReadError):
                    outcome["failed"] += 1
                    error_line(str(item))
                    continue
                if item.replaced:
                    outcome["bytes replaced"] += item.replaced
                    print(
                        f"rasd: warning: {item.source}: {item.replaced} undecodable byte sequence(s) "
                        "replaced by U+FFFD",
                        file=sys.stderr,
                        flush=True,
                    )
                assert item.outcome is not None
                outcome[item.outcome.result] += 1
                if item.outcome.changes:
                    outcome["merged"] += 1
                    _note(f"{item.source}: merged with the stored copy: {'; '.join(item.outcome.changes)}")
        except WorkerSetupError as exc:
            error_line(str(exc).splitlines()[0])
            raise typer.Exit(code=2) from None
        except OSError as exc:  # the scheduler cannot be reached (a timeout is an OSError too)
            where = f"reach the Dask scheduler at {scheduler}" if scheduler else "start a local Dask cluster"
            error_line(f"cannot {where}: {str(exc).splitlines()[0]}")
            raise typer.Exit(code=2) from None
        totals = store.stats()
    rates = ", ".join(f"{r:.2f}" for r in stats.worker_rates())
    cpu_ms = 1000 * stats.worker_cpu_s / max(stats.documents, 1)
    _note(
        f"{stats.documents} articles in {stats.seconds:.1f} s on {stats.workers} Dask workers "
        f"({stats.rate:.2f}/s; per worker {rates}; worker CPU {cpu_ms:.0f} ms per article)"
    )
    _print_summary(outcome, totals)
    if outcome["failed"]:
        raise typer.Exit(code=1)
