"""`rasd watch`, `rasd watchlist …`, `rasd brief`: monitoring sources, what to watch, the morning brief."""

from __future__ import annotations

import re
import signal
import sys
import time
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rasd.cli.common import DbOption, error_line

if TYPE_CHECKING:
    from rasd.watch.watchlists import Watch

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "": 60}


def parse_duration(text: str) -> timedelta:
    """«15m», «24h», «7d», «90s» (a bare number is minutes)."""
    found = _DURATION.match(text.lower())
    if not found:
        raise typer.BadParameter(f"{text!r} is not a duration (like 90s, 15m, 24h, 7d)")
    return timedelta(seconds=float(found.group(1)) * _UNITS[found.group(2)])


def watch_command(
    sources: Annotated[
        list[str] | None,
        typer.Argument(help="RSS/Atom feeds (URL or file), article URLs, folders, growing .jsonl files."),
    ] = None,
    every: Annotated[str, typer.Option("--every", help="Time between polls (90s, 15m, 1h).")] = "15m",
    status: Annotated[
        bool, typer.Option("--status", help="Show each source's last poll, errors and items, and exit.")
    ] = False,
    once: Annotated[bool, typer.Option("--once", help="Poll once and exit.")] = False,
    db: DbOption = None,
    alerts: Annotated[
        Path | None, typer.Option("--alerts", help="Append alerts to this JSONL file.", dir_okay=False)
    ] = None,
    webhook: Annotated[
        str | None, typer.Option("--webhook", help="POST each alert (JSON) to this URL.")
    ] = None,
    timeout: Annotated[int, typer.Option("--timeout", min=1, help="Seconds to wait for a server.")] = 20,
    per_host: Annotated[
        float, typer.Option("--per-host", min=0.0, help="Seconds between two requests to one host.")
    ] = 1.0,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Also fetch from private and loopback addresses.")
    ] = False,
    settle: Annotated[
        float,
        typer.Option("--settle", min=0.0, help="Leave files younger than this (s): still being written."),
    ] = 1.0,
) -> None:
    """Poll sources, store what is new (stories grouped across outlets), alert on watched items."""
    from rasd.cli.store import open_store
    from rasd.pipeline import Pipeline
    from rasd.watch.alerts import AlertSinks
    from rasd.watch.fetch import Fetcher
    from rasd.watch.places import Basemap, Places
    from rasd.watch.poll import Watcher
    from rasd.watch.sources import check_spec

    if status:
        _print_status(db)
        return
    if not sources:
        error_line("give the sources to watch (feeds, article URLs, folders, .jsonl files), or --status")
        raise typer.Exit(code=2)
    interval = parse_duration(every).total_seconds()
    bad = [(s, why) for s in sources if (why := check_spec(s))]
    for spec, why in bad:
        error_line(f"{spec}: {why}")
    if len(bad) == len(sources):
        raise typer.Exit(code=2)
    specs = [s for s in sources if not check_spec(s)]
    failed = False
    with open_store(db) as store:
        pipeline = Pipeline()
        places = Places(pipeline.resources.kb, Basemap.load())
        fetcher = Fetcher(timeout_s=timeout, min_interval_s=per_host, allow_private=allow_private)
        watcher = Watcher(
            store,
            pipeline,
            fetcher,
            places,
            AlertSinks(alerts, webhook),
            settle_s=settle,
            on_error=error_line,
        )
        # A service manager stops with SIGTERM: end like Ctrl-C (what is recorded stays recorded).
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            while True:
                started = time.monotonic()
                report = watcher.poll(specs)
                failed = failed or bool(report.errors)
                c = report.counts
                print(
                    f"rasd watch {datetime.now(UTC):%Y-%m-%d %H:%M:%S}Z: {c['new']} new, "
                    f"{c['duplicate']} in known stories, {c['skipped']} skipped, {c['failed']} failed, "
                    f"{c['alerts']} alerts",
                    file=sys.stderr,
                    flush=True,
                )
                if once:
                    break
                time.sleep(max(0.0, interval - (time.monotonic() - started)))
        except KeyboardInterrupt:  # Ctrl-C between or during polls: what was recorded stays
            print("rasd watch: stopped", file=sys.stderr)
    if once and (failed or bad):
        raise typer.Exit(code=1)


def _print_status(db: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    from rasd.cli.store import open_store
    from rasd.watch.state import WatchState

    with open_store(db) as store:
        state = WatchState(store.engine)
        sources, items = state.sources(), state.items_by_source()
    if not sources:
        typer.echo("no source polled yet in this database")
        return
    header = ("source", "last poll (UTC)", "stored", "skipped", "failing", "given up", "last error")
    rows = []
    for row in sources:
        counts = items.get(row["source"], {})
        when = row["polled_at"]
        rows.append(
            (
                row["source"],
                f"{when:%Y-%m-%d %H:%M}" if when else "-",
                *(str(counts.get(k, 0)) for k in ("ingested", "skipped", "failed", "gave_up")),
                (f"({row['failures']}x) " if row["failures"] > 1 else "") + (row["error"] or ""),
            )
        )
    console = Console()
    if not console.is_terminal:  # for scripts: one tab-separated line per source, never wrapped
        for line in (header, *rows):
            sys.stdout.write("\t".join(line) + "\n")
        return
    table = Table(*header)
    for line in rows:
        table.add_row(*line)
    console.print(table)


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


class Kind(StrEnum):
    entity = "entity"
    place = "place"
    type = "type"
    country = "country"


watchlist_app = typer.Typer(
    name="watchlist",
    help="What `rasd watch` alerts on: entities, places, event types, countries.",
    no_args_is_help=True,
)


@watchlist_app.command("add")
def watchlist_add(
    kind: Annotated[Kind, typer.Argument(help="entity | place | type | country")],
    what: Annotated[
        str,
        typer.Argument(
            help="An entity id or name; a place name or LAT,LON; an event type (attack) or ACLED type; "
            "a country name or ISO code."
        ),
    ],
    radius: Annotated[
        float | None, typer.Option("--radius", help="For a place: kilometres around it.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Watch something; names are resolved against the knowledge base."""
    from rasd.cli.store import open_store
    from rasd.resources import Resources
    from rasd.watch.watchlists import Watchlist, WatchlistError, resolve

    if radius is not None and kind is not Kind.place:
        error_line("--radius is for places only")
        raise typer.Exit(code=2)
    try:
        watch = resolve(Resources().kb, "event_type" if kind is Kind.type else kind.value, what, radius)  # type: ignore[arg-type]
    except WatchlistError as exc:
        error_line(str(exc))
        raise typer.Exit(code=2) from None
    with open_store(db) as store:
        stored, added = Watchlist(store.engine).add(watch)
    typer.echo(("added" if added else "already watched") + f": {_describe(stored)}")


@watchlist_app.command("list")
def watchlist_list(
    db: DbOption = None, as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False
) -> None:
    """Everything watched."""
    import json

    from rasd.cli.store import open_store
    from rasd.watch.watchlists import Watchlist

    with open_store(db) as store:
        watches = Watchlist(store.engine).all()
    for w in watches:
        typer.echo(json.dumps(w.as_dict(), ensure_ascii=False) if as_json else _describe(w))
    if not watches and not as_json:
        typer.echo("nothing watched yet: rasd watchlist add entity|place|type|country …")


@watchlist_app.command("remove")
def watchlist_remove(
    what: Annotated[
        str, typer.Argument(help="The number from `rasd watchlist list`, or the value or label.")
    ],
    db: DbOption = None,
) -> None:
    """Stop watching something."""
    from rasd.cli.store import open_store
    from rasd.watch.watchlists import Watchlist

    with open_store(db) as store:
        gone = Watchlist(store.engine).remove(what)
    if not gone:
        error_line(f"nothing watched matches {what!r} (see rasd watchlist list)")
        raise typer.Exit(code=1)
    for w in gone:
        typer.echo(f"removed: {_describe(w)}")


def _describe(w: Watch) -> str:
    text = f"{w.id:>3}  {w.kind:<10} {w.value}  {w.label}"
    if w.kind == "place":
        text += f"  ({w.lat:.3f}, {w.lon:.3f}, {w.radius_km:g} km)"
    return text


class BriefFormat(StrEnum):
    html = "html"
    md = "md"
    pdf = "pdf"


def brief_command(
    since: Annotated[str, typer.Option("--since", help="The period: 24h, 3d, 90m.")] = "24h",
    output_format: Annotated[
        BriefFormat, typer.Option("--format", "-f", help="html, md or pdf.")
    ] = BriefFormat.html,
    out: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (default: stdout; PDF needs -o).")
    ] = None,
    db: DbOption = None,
) -> None:
    """The morning brief: new events by country with a map, watched items' news, contradictions, new names."""
    from rasd.cli.store import open_store
    from rasd.resources import Resources
    from rasd.watch import render
    from rasd.watch.brief import build_brief
    from rasd.watch.places import Basemap, Places

    if output_format is BriefFormat.pdf and out is None:
        error_line("a PDF brief needs -o FILE")
        raise typer.Exit(code=2)
    start = datetime.now(UTC) - parse_duration(since)
    basemap = Basemap.load()
    if basemap is None and output_format is not BriefFormat.md:
        error_line("no base map in the package (rasd build basemap): the brief has no map")
    with open_store(db) as store:
        brief = build_brief(store, Places(Resources().kb, basemap), start)
    if output_format is BriefFormat.pdf:
        assert out is not None
        out.write_bytes(render.pdf(brief))
    else:
        text = render.markdown(brief) if output_format is BriefFormat.md else render.html(brief)
        if out is None:
            sys.stdout.write(text)
        else:
            out.write_text(text, encoding="utf-8")
    if out is not None:
        print(
            f"brief: {brief.documents} articles, {brief.events} events, {len(brief.contradictions)} contradictions → {out}",
            file=sys.stderr,
        )


def register(app: typer.Typer) -> None:
    app.command("watch")(watch_command)
    app.add_typer(watchlist_app, name="watchlist")
    app.command("brief")(brief_command)
