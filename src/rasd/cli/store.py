"""`rasd ingest`, `rasd search`, `rasd show`, `rasd stats`: the database commands."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import click
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from rasd.cli.common import DbOption, available_cores, error_line, progress_bar, track
from rasd.cli.inputs import FieldOption, read_inputs

if TYPE_CHECKING:
    from rasd.store import SearchHit, Store

console = Console()


def open_store(db: str | None, *, create: bool = True) -> Store:
    """The store, or one error line and exit status 2 when the database cannot be opened.
    ``create=False`` (read-only commands): a database that does not exist is such an error, and
    nothing is created."""
    from sqlalchemy.exc import SQLAlchemyError

    from rasd.store import MissingDatabase, Store, default_url

    try:
        return Store.open(db, create=create)
    except MissingDatabase as exc:
        error_line(str(exc))
        raise typer.Exit(code=2) from None
    except (SQLAlchemyError, OSError) as exc:
        error_line(f"cannot open the database {db or default_url()}: {str(exc).splitlines()[0]}")
        raise typer.Exit(code=2) from None


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt, .html, .json, .jsonl).")],
    db: DbOption = None,
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", min=1, help="Processes to analyse with (default: the cores available)."),
    ] = available_cores(),
    fields: FieldOption = None,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            metavar="local|dask",
            click_type=click.Choice(["local", "dask"]),
            help="local: -j processes here; dask: a Dask cluster (--scheduler, else a local one of -j workers).",
        ),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="tcp://HOST:8786",
            help="The Dask scheduler to run on (implies --engine dask).",
        ),
    ] = None,
    workers_write: Annotated[
        bool,
        typer.Option(
            "--workers-write",
            help="--engine dask with PostgreSQL: the workers write in parallel, in the order they finish.",
        ),
    ] = False,
) -> None:
    """Read, analyse and store articles; the same article is stored once. A copy of a stored article
    never erases what the stored one has (a date, a title…): the two are merged, and a note says what
    changed."""
    if engine == "dask" or scheduler:
        from rasd.cli.ingest_dask import ingest_on_dask  # dask is imported only on this path

        ingest_on_dask(
            paths, db, workers=jobs, fields=fields, scheduler=scheduler, workers_write=workers_write
        )
        return
    from rasd.kb.judgements import apply_judgements
    from rasd.pipeline import Pipeline
    from rasd.read import ReadError

    outcome: Counter[str] = Counter()
    with open_store(db) as store, progress_bar("ingesting") as progress:
        # Analysts' merges/splits go into the stored record too (the store also applies them on
        # reading, for documents stored before a judgement was made).
        judgements = store.judgements()
        pipeline = Pipeline()
        inputs = read_inputs(paths, fields, outcome)
        for item in track(pipeline.run(inputs, jobs=jobs), progress, "ingesting"):
            if isinstance(item, ReadError):
                outcome["failed"] += 1
                error_line(str(item))
                continue
            if judgements:
                apply_judgements(item, judgements, pipeline.resources.kb)
            result = store.ingest_merging(item)
            outcome[result.result] += 1
            if result.changes:
                outcome["merged"] += 1
                _note(f"{item.source}: merged with the stored copy: {'; '.join(result.changes)}")
        totals = store.stats()
    _print_summary(outcome, totals)
    if outcome["failed"]:
        raise typer.Exit(code=1)


def _note(message: str) -> None:
    print(f"rasd: note: {message}", file=sys.stderr, flush=True)


def _print_summary(outcome: Counter[str], totals: dict) -> None:
    table = Table(title="ingest", show_header=True, header_style="bold")
    table.add_column("this run")
    table.add_column("", justify="right")
    for key in ("added", "updated", "unchanged", "merged", "failed", "bytes replaced"):
        if key in ("added", "unchanged", "failed") or outcome[key]:
            table.add_row(key, str(outcome[key]))
    table.add_section()
    for key in ("documents", "entities", "mentions", "relations", "events", "claims"):
        table.add_row(f"{key} in database", str(totals[key]))
    console.print(table)


def search(
    query: Annotated[str, typer.Argument(help="Arabic words; every word must occur.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Most hits to show.")] = 10,
    db: DbOption = None,
    exact: Annotated[
        bool, typer.Option("--exact", help="Only the words given: no search by the entity's other names.")
    ] = False,
) -> None:
    """Find stored articles by their text, ignoring diacritics and letter variants. A query that names
    an entity also finds its other names («داعش» → «الدولة الإسلامية», "ISIS"), unless --exact."""
    from rasd.collector import collector_paused

    # A short command with bounded work, most of it loading SQLAlchemy and the driver.
    with collector_paused():
        hits = _search(query, limit, db, exact)
        if not hits:
            error_line(f"no article contains: {query}")
            raise typer.Exit(code=1)
        for hit in hits:
            _print_hit(hit)


def _search(query: str, limit: int, db: str | None, exact: bool) -> list[SearchHit]:
    with open_store(db, create=False) as store:
        if exact:
            hits = store.search(query, limit=limit)
        else:
            from rasd.store.expand import expand
            from rasd.store.kb_names import load_kb_names

            # The KB's names from a small file, not the whole KB built (most of the command's time).
            expansion = expand(query, load_kb_names(), store.entity_names(query))
            if expansion.names:
                names = "، ".join(f"«{n}»" for n in expansion.names)
                print(
                    f"rasd: note: also searching {names} (other names of {', '.join(expansion.entities)}; "
                    "--exact for the words given only)",
                    file=sys.stderr,
                    flush=True,
                )
            hits = store.search_names(query, expansion.names, limit=limit)
    return hits


def _print_hit(hit: SearchHit) -> None:
    heading = "  ".join(part for part in (hit.doc_id[:12], hit.published, hit.title or hit.source) if part)
    if console.is_terminal:
        snippet = Text(hit.snippet)
        for start, end in hit.highlights:
            snippet.stylize("bold reverse", start, end)
        console.print(Text(heading, style="bold cyan"))
        console.print(snippet)
        console.print()
    else:
        from rasd.store.search import mark

        # [ ] rather than « »: Arabic news quotes with « » all the time.
        sys.stdout.write(f"{heading}\n{mark(hit.snippet, hit.highlights)}\n\n")


def show(
    doc: Annotated[str, typer.Argument(help="A document id or a unique prefix of one.")],
    db: DbOption = None,
    text: Annotated[
        bool, typer.Option("--text", help="Print the article text, not the JSON record.")
    ] = False,
) -> None:
    """Print one stored document record (JSON)."""
    from rasd.store import AmbiguousDocumentId

    with open_store(db, create=False) as store:
        try:
            found = store.get(doc)
        except AmbiguousDocumentId as exc:
            error_line(str(exc))
            raise typer.Exit(code=1) from None
    if found is None:
        error_line(f"no stored document has the id {doc}")
        raise typer.Exit(code=1)
    sys.stdout.write(
        (found.text if text else json.dumps(found.to_dict(), ensure_ascii=False, indent=2)) + "\n"
    )


def stats(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Counts of what the database holds."""
    from rasd.store import fold_read

    with open_store(db, create=False) as store:
        counts = store.stats()
        counts |= fold_read.counts(store.engine)  # merged events, from the stored fold
    if as_json:
        sys.stdout.write(json.dumps(counts, ensure_ascii=False) + "\n")
        return
    table = Table(show_header=False)
    table.add_column()
    table.add_column(justify="right")
    for key, value in counts.items():
        if key == "entities_by_type":
            for entity_type, count in value.items():
                table.add_row(f"  {entity_type}", str(count))
        else:
            table.add_row(key, str(value))
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("search")(search)
    app.command("show")(show)
    app.command("stats")(stats)
