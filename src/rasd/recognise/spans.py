"""BIO tags ↔ spans, the seqeval way (an I- that continues nothing opens a new entity)."""

from __future__ import annotations

from collections.abc import Sequence


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
