"""Sentence spans over cleaned text.

A sentence ends at . ! ? ؟ or a line break, also where a scrape lost the space after the full stop
(«…القتال.رفعت…»). Numbers like 1.5 are not split. Arabic commas never end a sentence.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: `rasd search` imports rasd.text, and needs no pydantic models
    from rasd.record import Span

_BOUNDARY = re.compile(r"(?<!\d)[.!?؟](?!\d)[\"'»”)]*\s*|\n+")


def sentence_spans(text: str) -> list[Span]:
    spans: list[Span] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        _add(text, start, end, spans)
        start = end
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[Span]) -> None:
    # Trim surrounding whitespace so spans are tight.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        from rasd.record import Span

        spans.append(Span(start=start, end=end))
