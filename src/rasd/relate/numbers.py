"""Counts written as digits or words («4»، «أربعة»، «ستة»), from ``data/relate/numbers.json``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from rasd.relate.matching import load_data
from rasd.text.normalize import normalize


@cache
def _words() -> Mapping[str, int]:
    return MappingProxyType(
        {normalize(w): int(n) for n, words in load_data("numbers")["words"].items() for w in words}
    )


@cache
def number_pattern() -> str:
    """Regex alternation of number words (normalised), longest first; digits are matched by callers."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(_words(), key=len, reverse=True))


def parse_number(token: str) -> int | None:
    token = normalize(token)
    if token.isdigit():
        return int(token)
    return _words().get(re.sub(r"\s+", " ", token))
