"""BIO tags ↔ spans, the seqeval way (an I- that continues nothing opens a new entity)."""

from __future__ import annotations

from collections.abc import Sequence

Sentence = list[tuple[str, str]]

# ANERcorp writes PERS; Wojood has 21 types of which these three families are ours.
TYPE_MAP = {
    "PERS": "PER",
    "PER": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
    "MISC": "MISC",
}


def map_tag(tag: str, types: dict[str, str] = TYPE_MAP) -> str:
    """BIO tag in rasd's vocabulary; unknown types become O."""
    if tag == "O" or len(tag) < 3 or tag[1] != "-" or tag[0] not in "BI":
        return "O"
    mapped = types.get(tag[2:])
    return f"{tag[0]}-{mapped}" if mapped else "O"


def bio_spans(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    """(type, start, end-exclusive) token spans of a BIO tag sequence."""
    spans: list[tuple[str, int, int]] = []
    current: str | None = None
    start = 0
    for i, tag in enumerate(tags):
        prefix, _, type_ = tag.partition("-")
        continues = prefix == "I" and type_ == current
        if current is not None and not continues:
            spans.append((current, start, i))
            current = None
        if prefix in ("B", "I") and not continues:
            current, start = type_, i
    if current is not None:
        spans.append((current, start, len(tags)))
    return spans
