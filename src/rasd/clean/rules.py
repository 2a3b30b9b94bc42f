"""The cleaning rules are data (``rasd/data/clean/*.json``), loaded once per process."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache, lru_cache
from typing import Any

from rasd.datafiles import load_json
from rasd.text import normalize

# Trimmed from both ends of a line before it is compared with a phrase list.
_EDGE_PUNCTUATION = " \t:：.،,؛;!؟?-–—|•*«»\"'“”()[]…"


@cache
def load_rules(name: str) -> Mapping[str, Any]:
    """One JSON file of ``rasd/data/clean``, validated and immutable (``rasd.datafiles``)."""
    return load_json(f"clean/{name}")


# Markers, widgets and bylines are short; a longer line is prose and is not worth normalising.
MAX_KEY_CHARS = 300


@lru_cache(maxsize=4096)  # each short line is looked at by several rules
def line_key(line: str) -> str:
    """A line as phrase lists see it: normalised, edge punctuation trimmed ("" for long lines)."""
    if len(line) > MAX_KEY_CHARS:
        return ""
    return normalize(line).strip(_EDGE_PUNCTUATION)


def phrase_set(phrases: list[str]) -> frozenset[str]:
    return frozenset(line_key(p) for p in phrases)


def compile_all(patterns: list[str]) -> list[re.Pattern[str]]:
    return [re.compile(p) for p in patterns]
