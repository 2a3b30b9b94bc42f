"""`rasd events`, `rasd contradictions`, `rasd eval relate`: cross-article events, conflicting claims, scores."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from rasd.cli.common import DbOption, JsonlOption, command_group, error_line, read_documents

console = Console()


class Output(StrEnum):
    table = "table"
    jsonl = "jsonl"


FormatOption = Annotated[Output, typer.Option("--format", "-f", help="table for reading, jsonl for tools.")]


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
    from rasd.relate import merge_events

    docs = list(read_documents(db, jsonl))
    names = {e.id: e.name for d in docs for e in d.entities}
    merged = [
        m for m in merge_events(docs, include_non_asserted=all_modalities) if len(m.sources) >= min_sources
    ]
    merged.sort(key=lambda m: (m.date.value if m.date and m.date.value else "", m.type))
    if output is Output.jsonl:
        for m in merged:
            sys.stdout.write(m.model_dump_json() + "\n")
        return
    table = Table(
        "date",
        "type",
        "place",
        "actors",
        "targets",
        "killed",
        "reports",
        *(["modality"] if all_modalities else []),
    )
    for m in merged:
        table.add_row(
            m.date.value if m.date and m.date.value else "?",
            m.type,
            m.location_name or "",
            "، ".join(names.get(a, a) for a in m.actors),
            "، ".join(names.get(t, t) for t in m.targets),
            "" if m.fatalities is None else str(m.fatalities),
            str(len(m.sources)),
            *([m.modality] if all_modalities else []),
        )
    console.print(table)
    console.print(f"{len(merged)} events from {len(docs)} documents")


def contradictions_command(
    db: DbOption = None, jsonl: JsonlOption = None, output: FormatOption = Output.table
) -> None:
    """Conflicting statements an analyst must weigh: killed vs. alive, captured vs. at large, denied events, tolls."""
    from rasd.relate import find_contradictions

    docs = list(read_documents(db, jsonl))
    found = find_contradictions(docs)
    if output is Output.jsonl:
        for c in found:
            sys.stdout.write(c.model_dump_json() + "\n")
        return
    for c in found:
        console.print(f"[bold]{c.kind}[/bold]: {c.about_name}")
        for s in c.statements:
            by = f" ({s.by})" if s.by else ""
            console.print(
                f"  {s.says:<10} {s.published or '?':<16} {s.source}{by}\n      «{s.text[:160]}»",
                markup=False,
            )
    console.print(f"{len(found)} contradictions in {len(docs)} documents")


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
