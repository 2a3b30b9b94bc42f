"""`rasd export FORMAT --out FILE`: the knowledge base in a format another tool reads."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rasd.cli.common import DbOption, JsonlOption, error_line

if TYPE_CHECKING:
    from rasd.export import Knowledge
    from rasd.record import Document


class ExportFormat(StrEnum):  # the names of ``rasd.export.FORMATS`` (a test checks they agree)
    ftm = "ftm"
    stix = "stix"
    graphml = "graphml"
    gexf = "gexf"
    geojson = "geojson"
    acled = "acled"


def export_command(
    fmt: Annotated[
        ExportFormat, typer.Argument(metavar="FORMAT", help="ftm, stix, graphml, gexf, geojson or acled.")
    ],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (default: standard output).")
    ] = None,
    db: DbOption = None,
    jsonl: JsonlOption = None,
) -> None:
    """Export every entity, relation and event across the stored articles (FollowTheMoney for Aleph,
    STIX 2.1, GraphML/GEXF for Gephi, GeoJSON for maps, ACLED CSV). With acled and --out X.csv, the
    events an analyst could not code (no date, no place) are listed in X.uncoded.csv with the reason."""
    from rasd.export import writer
    from rasd.export.acled import write_acled

    knowledge = _knowledge(db, jsonl, with_text=fmt is ExportFormat.ftm)
    write = writer(fmt.value)
    side = (
        out.with_name(out.name.removesuffix(".csv") + ".uncoded.csv")
        if out and fmt.value == "acled"
        else None
    )
    if out is None:
        count = write(knowledge, sys.stdout.buffer)
        sys.stdout.flush()
    else:
        # Written next to the target and moved into place: a failed export never leaves half a file.
        targets = [out, *([side] if side else [])]
        partials = [t.with_name(t.name + ".partial") for t in targets]
        try:
            extra_file = partials[1].open("wb") if side else nullcontext(None)
            with partials[0].open("wb") as handle, extra_file as extra:
                count = (
                    write_acled(knowledge, handle, extra) if extra is not None else write(knowledge, handle)
                )
            for partial, target in zip(partials, targets, strict=True):
                partial.replace(target)
        except OSError as exc:
            for partial in partials:
                partial.unlink(missing_ok=True)
            error_line(f"{out}: cannot write: {exc.strerror or exc}")
            raise typer.Exit(code=2) from None
    print(f"{count} {fmt.value} records from {len(knowledge.documents)} documents", file=sys.stderr)
    if side is not None:
        left = sum(1 for _ in side.open(encoding="utf-8")) - 1
        print(f"{left} events an analyst could not code are listed in {side}", file=sys.stderr)


def _knowledge(db: str | None, jsonl: list[Path] | None, *, with_text: bool = False) -> Knowledge:
    """The records, with the time each article was received (the real time of an undated article):
    the store's ingest time, or for JSONL records the time the file was written."""
    from rasd.export import Knowledge
    from rasd.record import Document

    if jsonl:
        docs: list[Document] = []
        received: dict[str, datetime] = {}
        for path in jsonl:
            try:
                written = datetime.fromtimestamp(int(path.stat().st_mtime), UTC)
                with path.open(encoding="utf-8") as lines:
                    for line in lines:
                        if line.strip():
                            doc = Document.from_json(line)
                            docs.append(doc)
                            received.setdefault(doc.id, written)
            except OSError as exc:
                error_line(f"{path}: cannot read: {exc.strerror or exc}")
                raise typer.Exit(code=2) from None
        return Knowledge.from_documents(docs, received)
    from rasd.cli.store import open_store

    # The store's fold, read (rasd.store.fold_read); the articles are read as the format walks them
    # (the engine reconnects after the ``with``) as light records: only FollowTheMoney writes their text
    # and the entities they name.
    with open_store(db, create=False) as store:
        return Knowledge.from_store(store, full_documents=False, with_text=with_text)


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
