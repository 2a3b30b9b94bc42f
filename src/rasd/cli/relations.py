"""`rasd train relations`: the learned relation model from annotated articles."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import typer

from rasd.cli.common import command_group, error_line

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "relate" / "relation_model.json"


def train_relations_command(
    gold: list[Path] = typer.Option(
        [], "--gold", help="Real-news gold folders (offsets into --shared), e.g. tests/gold/news-dev."
    ),
    paragraphs: list[Path] = typer.Option(
        [], "--paragraphs", help="Paragraph gold files with their text (the format of tests/gold/relate)."
    ),
    shared: Path = typer.Option(Path("../shared"), "--shared", help="The shared folder (data/news)."),
    out: Path = typer.Option(SHIPPED, "--out", help="Where to write the model (default: the shipped one)."),
    cv: int = typer.Option(5, "--cv", min=0, help="Article folds to cross-validate on first (0: none)."),
    c: float = typer.Option(1.0, "--c", help="Inverse regularisation of the logistic regression."),
    balanced: bool = typer.Option(
        True, "--balanced/--unbalanced", help="Weight the classes by inverse frequency (the many «none»)."
    ),
    threshold: float | None = typer.Option(
        None,
        "--threshold",
        help="Keep relations at this probability (default: per type, the best in CV; else 0.5).",
    ),
) -> None:
    """Train the relation classifier on the pipeline's own entities; report article-level CV figures."""
    from rasd.train.relations import (
        Settings,
        best_thresholds,
        cross_validate,
        fit,
        news_examples,
        paragraph_examples,
        score,
    )

    docs = []
    for folder in gold:
        if "blind" in folder.name:
            error_line(f"{folder}: the blind set is never trained on")
            raise typer.Exit(code=2)
        docs += news_examples(folder, shared)
    for path in paragraphs:
        docs += paragraph_examples(path)
    if not docs:
        error_line("no annotated articles: give --gold and/or --paragraphs")
        raise typer.Exit(code=2)
    settings = Settings(c=c, balanced=balanced)
    meta: dict[str, object] = {
        "trained": datetime.now(UTC).date().isoformat(),
        "articles": len(docs),
        "sources": [str(p) for p in [*gold, *paragraphs]],
        "c": c,
        "balanced": balanced,
    }
    rules = score(docs, lambda d: None)
    report: dict[str, object] = {"rules only": rules.as_dict()["relations"]}
    chosen = {"default": 0.5 if threshold is None else threshold}
    if cv >= 2 and len(docs) >= cv:
        untuned, models = cross_validate(docs, settings, k=cv)
        # The thresholds are chosen on these same out-of-fold predictions, so the tuned figure is a
        # little optimistic; the one at the untuned 0.5 is not.
        report[f"rules + model, {cv}-fold CV by article, threshold 0.5"] = untuned.as_dict()
        if threshold is None:
            chosen = best_thresholds(docs, models, [round(0.05 * i, 2) for i in range(3, 19)])
        for model in models.values():
            model.thresholds = chosen
        figures = score(docs, lambda d: models[d.key])
        report[f"rules + model, {cv}-fold CV by article, thresholds chosen on it"] = figures.as_dict()
        meta["cv"] = {
            "folds": cv,
            "threshold 0.5": untuned.as_dict()["relations"],
            "chosen thresholds": figures.as_dict()["relations"],
        }
    settings.thresholds = chosen
    meta["thresholds"] = chosen
    model = fit(docs, settings, meta)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model.to_data(), ensure_ascii=False, indent=0) + "\n", "utf-8")
    report["model"] = {"out": str(out), "features": len(model.index), "thresholds": chosen}
    typer.echo(json.dumps(report, ensure_ascii=False, indent=2))


def register(app: typer.Typer) -> None:
    command_group(app, "train", "Train models.").command("relations")(train_relations_command)
