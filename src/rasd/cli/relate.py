"""`rasd events`, `rasd contradictions`, `rasd eval relate`: cross-article events, conflicting claims, scores."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.table import Table
from rich.text import Text

from rasd.cli.common import DbOption, JsonlOption, command_group, error_line, read_documents

if TYPE_CHECKING:
    from rasd.record import EventDate
    from rasd.relate.across import Contradiction, MergedEvent

console = Console()


class Output(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


FormatOption = Annotated[
    Output,
    typer.Option("--format", "-f", help="table for reading (fits 80 columns), jsonl or csv for tools."),
]
_EVENT_COLUMNS = ["date", "type", "place", "actors", "targets", "killed", "reports", "modality"]


def _date_label(date: EventDate | None) -> str:
    """«2015-05» as the record has it; where the text gave no year (a value like «--05»), the words
    of the article («مايو»), never a bare «--05»."""
    if date is None or not date.value:
        return "?"
    if date.value.startswith("-"):
        return date.text.strip() or "?"
    return date.value


def _event_row(m: MergedEvent, names: Mapping[str, str]) -> list[str]:
    return [
        _date_label(m.date),
        m.type,
        m.location_name or "",
        "، ".join(names.get(a, a) for a in m.actors),
        "، ".join(names.get(t, t) for t in m.targets),
        "" if m.fatalities is None else str(m.fatalities),
        str(len(m.sources)),
        m.modality,
    ]


@contextmanager
def _events(
    db: str | None, jsonl: list[Path] | None, all_modalities: bool
) -> Iterator[tuple[Iterable[tuple[MergedEvent, Mapping[str, str]]], int]]:
    """(merged event, entity names) by date and type, and how many documents: JSONL records are
    folded here; a store's fold is read, a page at a time (``rasd.store.fold_read``)."""
    if jsonl:
        from rasd.relate import merge_events

        docs = list(read_documents(db, jsonl))
        names = {e.id: e.name for d in docs for e in d.entities}
        merged = merge_events(docs, include_non_asserted=all_modalities)
        merged.sort(key=lambda m: (m.date.value if m.date and m.date.value else "", m.type))
        yield ((m, names) for m in merged), len(docs)
        return
    from rasd.cli.store import open_store
    from rasd.store import fold_read

    with open_store(db, create=False) as store:
        events = fold_read.events_with_names(store.engine, include_non_asserted=all_modalities)
        yield events, fold_read.document_count(store.engine)


@contextmanager
def _contradictions(
    db: str | None, jsonl: list[Path] | None
) -> Iterator[tuple[Iterable[Contradiction], int]]:
    if jsonl:
        from rasd.relate import find_contradictions

        docs = list(read_documents(db, jsonl))
        yield find_contradictions(docs), len(docs)
        return
    from rasd.cli.store import open_store
    from rasd.store import fold_read

    with open_store(db, create=False) as store:
        yield fold_read.contradictions(store.engine), fold_read.document_count(store.engine)


def events_command(
    db: DbOption = None,
    jsonl: JsonlOption = None,
    output: FormatOption = Output.table,
    min_sources: Annotated[
        int, typer.Option("--min-sources", help="Only events reported this many times.")
    ] = 1,
    all_modalities: Annotated[
        bool, typer.Option("--all", help="Also planned, feared, denied and hypothetical events.")
    ] = False,
) -> None:
    """Coded events across all articles, one row per real event with all the articles that report it."""
    # Every format is streamed: one page of events in memory at a time, whatever the store's size.
    with _events(db, jsonl, all_modalities) as (events, documents):
        kept = ((m, names) for m, names in events if len(m.sources) >= min_sources)
        if output is Output.jsonl:
            for m, _names in kept:
                sys.stdout.write(m.model_dump_json() + "\n")
            return
        if output is Output.csv:
            writer = csv.writer(sys.stdout)
            writer.writerow(_EVENT_COLUMNS)
            writer.writerows(_event_row(m, names) for m, names in kept)
            return
        shown = [c for c in _EVENT_COLUMNS if all_modalities or c != "modality"]
        count, fixed, bottom = 0, False, ""
        for rows, fixed, first in _table_pages(_event_row(m, names) for m, names in kept):
            picked = [[v for c, v in zip(_EVENT_COLUMNS, row, strict=True) if c in shown] for row in rows]
            count += len(rows)
            if not fixed:  # the whole table is this page: rich fits it to what it holds
                table = _event_table(shown, fixed=False)
                for row in picked:
                    table.add_row(*row)
                console.print(table)
                continue
            # A long table: rich's header, then the rows as rich would lay them out with every column
            # at its widest, written directly (rich's table layout was 90 % of the command's time).
            if first:
                header, widths, bottom = _fixed_layout(shown)
                console.file.write(header)
            console.file.write("".join(_fixed_line(shown, widths, row) + "\n" for row in picked))
        console.file.write(bottom)
    console.print(f"{count} events from {documents} documents")


_TABLE_PAGE = 1000  # rows of `rasd events`' table printed at once
_WIDTHS = {"date": 10, "type": 10, "place": 9, "actors": 13, "targets": 9, "killed": 6, "reports": 7}


def _table_pages(rows: Iterator[list[str]]) -> Iterator[tuple[list[list[str]], bool, bool]]:
    """(rows, fixed widths?, first page?) a page at a time. A table of one page is fitted to what it
    holds, as it always was; a longer one is printed page after page with every column at its widest,
    so that the pages line up (never every row held to measure them)."""
    page: list[list[str]] = []
    first, fixed = True, False
    for row in rows:
        page.append(row)
        if len(page) > _TABLE_PAGE:  # one more than a page: the table is longer than one
            fixed = True
            yield page[:-1], fixed, first
            page, first = page[-1:], False
    if page or first:
        yield page, fixed, first


def _event_table(shown: list[str], *, fixed: bool) -> Table:
    # One line per event, whatever the width: names are cut with … rather than wrapped one Arabic
    # word per line; the full record is in --format jsonl/csv.
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    for column in shown:
        widest = _WIDTHS.get(column, 9)
        table.add_column(
            column,
            no_wrap=True,
            overflow="ellipsis",
            max_width=widest,
            width=widest if fixed else None,
            justify="right" if column in ("killed", "reports") else "left",
        )
    return table


def _fixed_layout(shown: list[str]) -> tuple[str, list[int], str]:
    """(the lines above the rows, each column's width, the line below) of ``_event_table(shown,
    fixed=True)`` on this console, as rich lays it out (narrowing columns to fit the terminal): from
    a table of one row whose cells fill their columns."""
    table = _event_table(shown, fixed=True)
    table.add_row(*("x" * _WIDTHS.get(column, 9) for column in shown))
    with console.capture() as captured:
        console.print(table)
    lines = captured.get().splitlines(keepends=True)  # top edge, header, rule, the row, bottom edge
    widths = [cell_len(cell) for cell in Text.from_ansi(lines[-2]).plain.split()]
    return "".join(lines[:-2]), widths, lines[-1]


def _fixed_line(shown: list[str], widths: list[int], row: list[str]) -> str:
    """One row of ``_event_table(shown, fixed=True)`` as rich renders it: each cell cut to its
    column's width with «…», padded (numbers to the right), two spaces apart, one at either edge."""
    cells = []
    for column, width, value in zip(shown, widths, row, strict=True):
        value = " ".join(value.split())  # one line, as rich's no_wrap shows it
        if cell_len(value) > width:
            value = set_cell_size(value, width - 1) + "…"
        pad = " " * (width - cell_len(value))
        cells.append(pad + value if column in ("killed", "reports") else value + pad)
    return " " + "  ".join(cells) + " "


def contradictions_command(
    db: DbOption = None, jsonl: JsonlOption = None, output: FormatOption = Output.table
) -> None:
    """Conflicting statements an analyst must weigh: killed vs. alive, captured vs. at large, denied events, tolls."""
    with _contradictions(db, jsonl) as (stream, documents):
        if output is Output.jsonl:
            for c in stream:
                sys.stdout.write(c.model_dump_json() + "\n")
            return
        if output is Output.csv:
            writer = csv.writer(sys.stdout)
            writer.writerow(["kind", "about", "says", "published", "source", "by", "text"])
            for c in stream:
                for s in c.statements:
                    writer.writerow(
                        [c.kind, c.about_name, s.says, s.published or "", s.source, s.by or "", s.text]
                    )
            return
        quote = max(20, min(console.width, 200) - 10)  # the quoted words on one line of the terminal
        found = 0
        for c in stream:  # printed as found: never every contradiction held
            found += 1
            console.print(f"[bold]{c.kind}[/bold]: {c.about_name}")
            for s in c.statements:
                by = f" ({s.by})" if s.by else ""
                text = " ".join(s.text.split())
                text = text if len(text) <= quote else text[: quote - 1] + "…"
                console.print(
                    f"  {s.says:<10} {s.published or '?':<16} {s.source}{by}\n      «{text}»",
                    markup=False,
                    overflow="ellipsis",
                    no_wrap=True,
                )
    console.print(f"{found} contradictions in {documents} documents")


def eval_relate_command(
    gold: Annotated[Path, typer.Option("--gold", help="Gold file or folder.")] = Path("tests/gold/relate"),
    pipeline: Annotated[
        bool, typer.Option("--pipeline/--no-pipeline", help="Also score the whole pipeline.")
    ] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Precision/recall of relations, events (type + place + date), claims and dates on the gold set."""
    from rasd.evaluate.relate import evaluate_gold_entities, evaluate_pipeline, load_gold

    if not gold.exists():
        error_line(f"{gold}: no gold set there (run from the repository root or pass --gold)")
        raise typer.Exit(code=2)
    from rasd.evaluate.news_gold import is_news_gold

    if is_news_gold(gold):  # the real-news sets (issue 9): offsets into ../shared, scored in cli/gold.py
        from rasd.cli.gold import eval_news

        eval_news(gold, as_json=as_json)
        return
    items = load_gold(gold)
    reports = {"gold entities given": evaluate_gold_entities(items).as_dict()}
    if pipeline:
        reports["whole pipeline"] = evaluate_pipeline(items).as_dict()
    if as_json:
        typer.echo(json.dumps(reports, ensure_ascii=False, indent=2))
        return
    for title, report in reports.items():
        table = Table(
            "measure",
            "precision",
            "recall",
            "F1",
            "tp",
            "fp",
            "fn",
            title=f"{title} ({report['paragraphs']} paragraphs)",
        )
        for name, row in report.items():
            if isinstance(row, dict):
                table.add_row(
                    name,
                    f"{row['precision']:.3f}",
                    f"{row['recall']:.3f}",
                    f"{row['f1']:.3f}",
                    str(row["tp"]),
                    str(row["fp"]),
                    str(row["fn"]),
                )
        console.print(table)


def register(app: typer.Typer) -> None:
    app.command("events")(events_command)
    app.command("contradictions")(contradictions_command)
    command_group(app, "eval", "Evaluate models.").command("relate")(eval_relate_command)
