"""`rasd eval geocode`, `rasd eval transliterate`: the field gazetteer's scores and speed (issue 10)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from rasd.cli.common import command_group, error_line

# Development sets only: blind sets (tests/gold/*blind*) are scored when named, and never list misses.
DEFAULT_GOLD = [
    Path("tests/gold/relate/gold.json"),
    Path("tests/gold/relate/heldout"),
    Path("tests/gold/news-dev"),
]


def eval_geocode_command(
    gold: Annotated[
        list[Path] | None,
        typer.Option(
            "--gold",
            help="Gold files or folders: paragraph sets (rasd eval relate's) or news gold (tests/gold/news-*). "
            "Default: the relate dev and held-out sets and tests/gold/news-dev.",
        ),
    ] = None,
    shared: Annotated[Path, typer.Option("--shared", help="The shared folder (holds data/news/).")] = Path(
        "../shared"
    ),
    speed: Annotated[bool, typer.Option("--speed/--no-speed", help="Also time 10,000 mentions.")] = True,
    failures: Annotated[bool, typer.Option("--failures", help="List the misses.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object instead of lines.")] = False,
) -> None:
    """Places placed right: towns within 25 km, regions in the right admin1, countries right."""
    from rasd.evaluate.geocode import benchmark, news_items, paragraph_items, score_items
    from rasd.evaluate.news_gold import is_news_gold
    from rasd.kb import build_knowledge_base
    from rasd.resolve.geocode import Gazetteer

    paths = gold or DEFAULT_GOLD
    if failures and any("blind" in str(p) for p in paths):
        error_line("a blind set's misses are not listed (score it without --failures)")
        raise typer.Exit(code=2)
    items = []
    for path in paths:
        if not path.exists():
            error_line(f"{path}: no such gold file or folder")
            continue
        if is_news_gold(path):
            found, problems = news_items(path if path.is_dir() else path.parent, shared)
            for line in problems:
                error_line(line)
            items += found
        else:
            items += paragraph_items(path)
    kb, gazetteer = build_knowledge_base(), Gazetteer.load()
    tallies = score_items(items, kb, gazetteer)
    report: dict[str, object] = {name: t.as_dict() for name, t in tallies.items()}
    if speed:
        report["speed"] = benchmark(gazetteer)
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=1))
        return
    for name, t in tallies.items():
        typer.echo(f"{name:<30} {t.correct:>4}/{t.total:<4} = {t.accuracy:6.1%}   unplaced {t.unplaced}")
        if failures and name != "all":
            for line in t.failures:
                typer.echo(f"    - {line}")
    if speed:
        s = report["speed"]
        assert isinstance(s, dict)
        typer.echo(f"speed: {s['mentions']} mentions in {s['seconds']} s ({s['per_second']}/s)")


def eval_transliterate_command(
    limit: Annotated[int | None, typer.Option("--limit", help="Score only the first N pairs.")] = None,
    failures: Annotated[bool, typer.Option("--failures", help="List the misses.")] = False,
    development: Annotated[
        bool, typer.Option("--development", help="The development half (whose misses guide the rules).")
    ] = False,
) -> None:
    """Arabic → Latin matching on GeoNames rows that carry both scripts (the held-apart half)."""
    from rasd.evaluate.geocode import evaluate_transliteration
    from rasd.resolve.geocode import Gazetteer

    part = "development" if development else "held-apart"
    if failures and not development:
        error_line("--failures lists the development half's misses only (use --development)")
        raise typer.Exit(code=2)
    report = evaluate_transliteration(Gazetteer.load(), limit, part)
    typer.echo(
        f"{report['pairs']} {part} pairs: first candidate right {report['top1']:.1%}, "
        f"in the first five {report['top5']:.1%} ({report['seconds']} s)"
    )
    if failures:
        for line in report["failures"]:
            typer.echo(f"    - {line}")


def register(app: typer.Typer) -> None:
    group = command_group(app, "eval", "Evaluate models.")
    group.command("geocode")(eval_geocode_command)
    group.command("transliterate")(eval_transliterate_command)
