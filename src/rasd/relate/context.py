"""What every relate step needs about one article, computed once: normalised text, sentences,
clauses, entity mentions in text order, and dates."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from rasd.record import Document, Entity, Span
from rasd.relate.dates import DateMention, find_dates
from rasd.relate.matching import NormalText
from rasd.text import sentence_spans

# Clause boundaries inside a sentence: Arabic/Latin commas and semicolons, and dashes used as breaks.
_CLAUSE_BREAK = re.compile(r"[،,؛;]|\s[–—-]\s")


# How specific a place is, by its entity subtype or geo precision: a town names more than a province,
# a province more than a country (the lead's place, place-in-place relations).
PLACE_SPECIFICITY = {"city": 3, "feature": 3, "admin2": 3, "region": 2, "admin1": 2, "country": 1}


@dataclass(frozen=True, slots=True)
class MentionRef:
    start: int
    end: int
    entity: Entity


@dataclass
class ArticleContext:
    doc: Document
    ntext: NormalText
    sentences: list[Span]
    mentions: list[MentionRef]
    dates: list[DateMention]
    _starts: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, doc: Document) -> ArticleContext:
        ntext = NormalText(doc.text)
        mentions = sorted(
            (MentionRef(m.start, m.end, e) for e in doc.entities for m in e.mentions),
            key=lambda r: (r.start, -r.end),
        )
        ctx = cls(
            doc,
            ntext,
            sentence_spans(doc.text),
            mentions,
            find_dates(doc.text, doc.published, ntext, spans=True),
        )
        ctx._starts = [m.start for m in mentions]
        return ctx

    def mentions_in(self, start: int, end: int) -> list[MentionRef]:
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def sentence_index(self, offset: int) -> int:
        """The index of the sentence holding ``offset``."""
        return max(0, bisect.bisect_right([s.start for s in self.sentences], offset) - 1)

    def dates_in(self, start: int, end: int) -> list[DateMention]:
        return [d for d in self.dates if d.start >= start and d.end <= end]

    def clauses(self, sentence: Span) -> list[Span]:
        out, start = [], sentence.start
        for m in _CLAUSE_BREAK.finditer(self.doc.text, sentence.start, sentence.end):
            if m.start() > start:
                out.append(Span(start=start, end=m.start()))
            start = m.end()
        if start < sentence.end:
            out.append(Span(start=start, end=sentence.end))
        return out

    def clause_of(self, sentence: Span, pos: int) -> Span:
        return next((c for c in self.clauses(sentence) if c.start <= pos < c.end), sentence)
