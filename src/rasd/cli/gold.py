"""`rasd gold`: the real-news gold sets (issue 9) — the sample, reading an article, checking and
anchoring annotators' drafts into offsets-only gold files, and showing a gold file to a reviewer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rasd.cli.common import command_group, error_line

if TYPE_CHECKING:
    from rasd.evaluate.news_corpus import NewsArticle
    from rasd.evaluate.news_gold import Draft
    from rasd.evaluate.news_score import NewsReport

SharedOption = Annotated[
    Path, typer.Option("--shared", help="The shared data folder (holds data/news/).", show_default=True)
]
DEFAULT_SHARED = Path("../shared")


def _require_shared(shared: Path) -> None:
    from rasd.evaluate.news_corpus import news_dir

    if not news_dir(shared).is_dir():
        error_line(f"{shared}: no data/news/ there (run from the repository root or pass --shared)")
        raise typer.Exit(code=2)


def sample_command(shared: SharedOption = DEFAULT_SHARED) -> None:
    """The seeded sample of security articles: index, split, corpus, id (dev first, then blind)."""
    from rasd.evaluate.news_corpus import DEV_SHARE, draw_sample

    _require_shared(shared)
    for i, (corpus, article_id) in enumerate(draw_sample(shared)):
        typer.echo(f"{i}\t{'dev' if i < DEV_SHARE else 'blind'}\t{corpus}\t{article_id}")


def places_sample_command(
    count: Annotated[int, typer.Option("--count", "-n", help="How many articles of the draw to list.")] = 10,
    start: Annotated[int, typer.Option("--start", help="Draw index of the first article listed.")] = 0,
    shared: SharedOption = DEFAULT_SHARED,
) -> None:
    """The random place-mention draw (tests/gold/places-random): articles in draw order, each with every
    candidate place mention (offsets, surface, sources: gazetteer, ner, cue). Read the article with
    `rasd gold show ID`; keep the true places and add those no candidate caught."""
    from itertools import islice

    from rasd.evaluate.places_sample import candidates, draw_articles
    from rasd.resources import Resources

    _require_shared(shared)
    res = Resources()
    for i, art in enumerate(islice(draw_articles(shared), start, start + count), start):
        typer.echo(f"{i}\t{art.corpus}\t{art.id}")
        for c in candidates(art.text, res.gazetteer, res.kb, res.recogniser):
            typer.echo(f"\t{c.start}-{c.end}\t{c.surface}\t{','.join(sorted(c.sources))}")


def show_command(
    article_id: Annotated[str, typer.Argument(help="Article id, e.g. snn-000973 (or CORPUS/ID).")],
    shared: SharedOption = DEFAULT_SHARED,
) -> None:
    """An article's text as annotators quote it, with its publication date and title."""
    from rasd.evaluate.news_gold import corpus_of, read_articles

    _require_shared(shared)
    corpus, _, aid = article_id.rpartition("/")
    corpus = corpus or corpus_of(aid) or ""
    art = read_articles(shared, [(corpus, aid)]).get((corpus, aid))
    if art is None:
        error_line(f"{article_id}: no such article in {shared}/data/news")
        raise typer.Exit(code=1)
    typer.echo(f"corpus: {art.corpus}\nid: {art.id}\npublished: {art.published}\ntitle: {art.title}\n")
    typer.echo(art.text)


def _load(
    drafts: list[Path], shared: Path
) -> tuple[
    list[tuple[Path, Draft | None, list[str]]], dict[tuple[str, str], NewsArticle], list[tuple[str, str]]
]:
    """Parsed drafts with their articles and parse problems; the corpus is read once for all."""
    from rasd.evaluate.news_corpus import draw_sample
    from rasd.evaluate.news_gold import parse_draft, read_articles

    parsed = [(path, *parse_draft(path)) for path in drafts]
    wanted = [(d.corpus, d.id) for _, d, _ in parsed if d is not None]
    articles = read_articles(shared, wanted)
    sample = draw_sample(shared)
    return parsed, articles, sample


def check_command(
    drafts: Annotated[list[Path], typer.Argument(help="Draft JSON files.")],
    fix: Annotated[
        bool,
        typer.Option(
            "--fix", help="Rewrite quotes that are not exact with the text's own spelling, when unique."
        ),
    ] = False,
    shared: SharedOption = DEFAULT_SHARED,
) -> None:
    """Check drafts: schema, entity ids, and every quote found in the article. One line per problem."""
    from rasd.evaluate.news_gold import draft_problems, draft_warnings, fix_quotes, parse_draft

    _require_shared(shared)
    parsed, articles, sample = _load(drafts, shared)
    bad = 0
    for path, draft, problems in parsed:
        if draft is not None:
            article = articles.get((draft.corpus, draft.id))
            if fix and article is not None:
                raw = json.loads(path.read_text("utf-8"))
                changed = fix_quotes(raw, article.text)
                if changed:
                    path.write_text(json.dumps(raw, ensure_ascii=False, indent=1) + "\n", "utf-8")
                    for line in changed:
                        typer.echo(f"{path}: fixed {line}")
                    draft, problems = parse_draft(path)
            if draft is not None:
                problems = draft_problems(draft, article, sample, path.parent.name)
                for line in draft_warnings(draft):
                    typer.echo(f"{path}: warning: {line}")
        for line in problems:
            typer.echo(f"{path}: {line}")
        bad += bool(problems)
        if not problems:
            typer.echo(f"{path}: ok")
    if bad:
        raise typer.Exit(code=1)


def anchor_command(
    drafts: Annotated[list[Path], typer.Argument(help="Draft JSON files.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the gold files, e.g. tests/gold/news-dev.")],
    shared: SharedOption = DEFAULT_SHARED,
) -> None:
    """Turn checked drafts into offsets-only gold files (no article text); drafts with problems are skipped."""
    from rasd.evaluate.news_gold import anchor, draft_problems, write_gold

    _require_shared(shared)
    parsed, articles, sample = _load(drafts, shared)
    skipped = 0
    for path, draft, problems in parsed:
        article = articles.get((draft.corpus, draft.id)) if draft else None
        if draft is not None:
            problems = draft_problems(draft, article, sample, path.parent.name)
        if draft is not None and out.name in ("news-dev", "news-blind") and out.name != f"news-{draft.split}":
            problems = [*problems, f"a {draft.split} draft does not go into {out}"]
        if problems or draft is None or article is None:
            error_line(f"{path}: skipped, {len(problems)} problem(s) (rasd gold check {path})")
            skipped += 1
            continue
        typer.echo(f"{path} → {write_gold(anchor(draft, article), out)}")
    if skipped:
        raise typer.Exit(code=1)


def render_command(
    files: Annotated[list[Path], typer.Argument(help="Gold files (tests/gold/news-*/ID.json).")],
    shared: SharedOption = DEFAULT_SHARED,
) -> None:
    """A gold file made readable again: its spans read back from the corpus."""
    from rasd.evaluate.news_gold import GoldError, load_gold_file, read_articles, render

    _require_shared(shared)
    golds = []
    for f in files:
        try:
            golds.append(load_gold_file(f))
        except (GoldError, OSError) as exc:
            error_line(str(exc))
    articles = read_articles(shared, [(g.corpus, g.id) for g in golds])
    for g in golds:
        art = articles.get((g.corpus, g.id))
        if art is None:
            error_line(f"{g.corpus}/{g.id}: not in the corpus")
            continue
        typer.echo(render(g, art) + "\n")


def register(app: typer.Typer) -> None:
    group = command_group(
        app, "gold", "Real-news gold sets: sample, places-sample, show, check, anchor, render."
    )
    group.command("sample")(sample_command)
    group.command("places-sample")(places_sample_command)
    group.command("show")(show_command)
    group.command("check")(check_command)
    group.command("anchor")(anchor_command)
    group.command("render")(render_command)
    group.command("agree")(agree_command)


def eval_news(gold: Path, *, as_json: bool = False, shared: Path = DEFAULT_SHARED) -> None:
    """`rasd eval relate --gold tests/gold/news-dev`: the whole pipeline scored on a news gold set."""
    from rasd.evaluate.news_gold import GoldError
    from rasd.evaluate.news_score import evaluate_news

    _require_shared(shared)
    try:
        report = evaluate_news(gold, shared)
    except GoldError as exc:
        error_line(str(exc))
        raise typer.Exit(code=2) from exc
    for line in report.skipped:
        error_line(f"skipped {line}")
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    _print_report(report, f"whole pipeline ({report.articles} articles)")
    if len(report.by_corpus) > 1:
        _print_by_corpus(report)


def agree_command(
    first: Annotated[Path, typer.Argument(help="Gold files of the first annotation (a folder).")],
    second: Annotated[Path, typer.Argument(help="Gold files of the second annotation (a folder).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    shared: SharedOption = DEFAULT_SHARED,
) -> None:
    """Inter-annotator agreement (F1) on the articles both folders hold, with the scorer's matching."""
    from rasd.evaluate.news_gold import GoldError, load_gold_dir, read_articles
    from rasd.evaluate.news_score import agreement

    _require_shared(shared)
    try:
        a, b = load_gold_dir(first), load_gold_dir(second)
    except GoldError as exc:
        error_line(str(exc))
        raise typer.Exit(code=2) from exc
    articles = read_articles(shared, [(g.corpus, g.id) for g in a])
    report = agreement(a, b, {k: art.text for k, art in articles.items()})
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    _print_report(report, f"agreement, {second} against {first} ({report.articles} articles)")


def _print_report(report: NewsReport, title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("measure", "precision", "recall", "F1", "tp", "fp", "fn", title=title)
    for name, s in report.scores.items():
        table.add_row(
            name, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.tp), str(s.fp), str(s.fn)
        )
    console = Console(width=max(100, Console().width))
    console.print(table)
    if report.unsupported:
        listed = ", ".join(f"{k}: {v}" for k, v in sorted(report.unsupported.items()))
        console.print(f"gold items of types rasd does not produce (not in the scores above): {listed}")


def _print_by_corpus(report: NewsReport) -> None:
    from rich.console import Console
    from rich.table import Table

    corpora = sorted(report.by_corpus)
    table = Table(title="F1 per corpus (articles)")
    table.add_column("measure", no_wrap=True)
    for c in corpora:
        table.add_column(f"{c} ({report.by_corpus[c].articles})", no_wrap=True)
    for name in report.scores:
        table.add_row(
            name,
            *(
                f"{report.by_corpus[c].scores[name].f1:.3f}" if name in report.by_corpus[c].scores else "-"
                for c in corpora
            ),
        )
    Console(width=max(140, Console().width)).print(table)
