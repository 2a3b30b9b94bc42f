"""What `rasd ingest` and `rasd extract` share about their inputs: ``--field`` mappings for JSON keys
that rasd does not know, and a warning for each file whose stray bytes were replaced."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rasd.cli.common import error_line

if TYPE_CHECKING:
    from rasd.read import RawArticle, ReadError

# The fields of ``rasd.read.records.FIELDS``, named here for the option's help so that `--help` need
# not import the readers (a test checks that the two agree).
FIELDS = ("text", "title", "url", "published", "byline", "outlet", "source_id")

FieldOption = Annotated[
    list[str] | None,
    typer.Option(
        "--field",
        metavar="FIELD=KEY",
        help=(
            f"Read FIELD ({', '.join(FIELDS)}) of JSON/JSONL records from KEY, a key or a dotted path "
            "(--field published=meta.date); repeatable. Common scraper names are read without it."
        ),
    ),
]


def read_inputs(
    paths: list[Path], fields: list[str] | None, counts: Counter[str]
) -> Iterator[RawArticle | ReadError]:
    """The articles of ``paths`` read with the user's mapping, for ``Pipeline.run`` (exit 2 on a
    malformed mapping), warning once per article whose undecodable bytes were replaced by U+FFFD
    (counted in ``counts``)."""
    return _read_inputs(paths, fields, counts)


def _read_inputs(
    paths: list[Path], fields: list[str] | None, counts: Counter[str]
) -> Iterator[RawArticle | ReadError]:
    """The articles of ``paths`` read with the user's mapping (exit 2 on a malformed one), warning
    once per article whose undecodable bytes were replaced by U+FFFD (counted in ``counts``)."""
    from rasd.read import RawArticle, iter_articles
    from rasd.read.records import parse_field_map

    try:
        mapping = parse_field_map(fields or [])
    except ValueError as exc:
        error_line(str(exc))
        raise typer.Exit(code=2) from None
    for item in iter_articles(paths, fields=mapping or None):
        if isinstance(item, RawArticle) and item.replaced:
            counts["bytes replaced"] += item.replaced
            print(
                f"rasd: warning: {item.source}: {item.replaced} undecodable byte sequence(s) replaced by U+FFFD",
                file=sys.stderr,
                flush=True,
            )
        yield item
