"""Arabic month and weekday names of every region (data in ``data/lexicon/months.json``).

Lookups take normalised text (``rasd.text.normalize``); Python weekday numbers (Monday = 0).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from rasd.text.normalize import normalize


@cache
def _lexicon() -> dict[str, dict[str, list[str]]]:
    raw = json.loads(resources.files("rasd.data").joinpath("lexicon/months.json").read_text("utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


def _table(kind: str) -> dict[str, int]:
    return {normalize(name): int(num) for num, names in _lexicon()[kind].items() for name in names}


@cache
def gregorian_months() -> dict[str, int]:
    return _table("gregorian")


@cache
def hijri_months() -> dict[str, int]:
    return _table("hijri")


@cache
def weekdays() -> dict[str, int]:
    return _table("weekdays")


def month_number(name: str) -> int | None:
    """Gregorian month number for a name written in any region's usage, else None."""
    return gregorian_months().get(normalize(name))
