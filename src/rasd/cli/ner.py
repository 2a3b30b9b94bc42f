"""`rasd` commands of the ner package (registered into the main app)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    return None
