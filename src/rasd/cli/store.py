"""`rasd` commands of the store package (registered into the main app)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    return None
