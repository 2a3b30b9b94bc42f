"""`rasd build …`: turn shared source data into resources shipped in the package."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rasd.cli.common import command_group, error_line

DEFAULT_SHARED = Path("../shared/data")


def basemap_command(
    source: Annotated[
        Path,
        typer.Option("--source", help="The Natural Earth folder (shared/data/naturalearth)."),
    ] = DEFAULT_SHARED / "naturalearth",
    out: Annotated[
        Path | None, typer.Option("--out", help="Where to write (default: in the package).")
    ] = None,
) -> None:
    """The web map's country shapes with Arabic names (rasd/data/basemap/countries.geojson)."""
    from rasd.build.basemap import DEFAULT_OUT, REGION_FILE, build_basemap

    if not (source / REGION_FILE).exists():
        error_line(f"{source}: no {REGION_FILE} there (pass --source shared/data/naturalearth)")
        raise typer.Exit(code=2)
    target = out or DEFAULT_OUT
    count = build_basemap(source, target)
    typer.echo(f"{count} countries → {target}")


def register(app: typer.Typer) -> None:
    command_group(app, "build", "Build resources shipped in the package.").command("basemap")(basemap_command)
