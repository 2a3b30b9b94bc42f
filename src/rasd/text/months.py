"""Arabic month and weekday names of every region (data in ``data/lexicon/months.json``).

Lookups take normalised text (``rasd.text.normalize``); Python weekday numbers (Monday = 0).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from types import MappingProxyType

from rasd.datafiles import load_json
from rasd.text.normalize import normalize


@cache
def _lexicon() -> Mapping[str, Mapping[str, Sequence[str]]]:
    return load_json("lexicon/months")


def _table(kind: str) -> Mapping[str, int]:
    return MappingProxyType(
        {normalize(name): int(num) for num, names in _lexicon()[kind].items() for name in names}
    )


@cache
def gregorian_months() -> Mapping[str, int]:
    return _table("gregorian")


@cache
def hijri_months() -> Mapping[str, int]:
    return _table("hijri")


@cache
def weekdays() -> Mapping[str, int]:
    return _table("weekdays")


def month_number(name: str) -> int | None:
    """Gregorian month number for a name written in any region's usage, else None."""
    return gregorian_months().get(normalize(name))
