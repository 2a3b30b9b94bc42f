"""`rasd export FORMAT --out FILE`: the knowledge base in a format another tool reads."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from rasd.cli.common import DbOption, JsonlOption, error_line, read_documents
from rasd.export import FORMATS

ExportFormat = StrEnum("ExportFormat", {name: name for name in FORMATS})


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
    STIX 2.1, GraphML/GEXF for Gephi, GeoJSON for maps, ACLED-style CSV)."""
    from rasd.export import write_export
    from rasd.kb import build_knowledge_base

    docs = list(read_documents(db, jsonl))
    kb = build_knowledge_base()
    if out is None:
        count = write_export(docs, fmt.value, sys.stdout.buffer, kb)
        sys.stdout.flush()
    else:
        # Written next to the target and moved into place: a failed export never leaves half a file.
        partial = out.with_name(out.name + ".partial")
        try:
            with partial.open("wb") as handle:
                count = write_export(docs, fmt.value, handle, kb)
            partial.replace(out)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            error_line(f"{out}: cannot write: {exc.strerror or exc}")
            raise typer.Exit(code=2) from None
    print(f"{count} {fmt.value} records from {len(docs)} documents", file=sys.stderr)


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
