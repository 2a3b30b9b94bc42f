"""What every relate step needs about one article, computed once: normalised text, sentences,
clauses, entity mentions in text order, and dates."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

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
    _sentence_starts: list[int] = field(default_factory=list)
    # The dates' indices sorted by start, and those starts: ``dates_in`` is asked for every event and
    # claim, so it must not read every date of a long article each time.
    _date_order: list[int] = field(default_factory=list)
    _date_starts: list[int] = field(default_factory=list)
    # Entities by id: ``Document.entity`` reads the whole list, and events ask it for every pair of
    # events they compare.
    _entities: dict[str, Entity] = field(default_factory=dict)

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
        ctx._sentence_starts = [s.start for s in ctx.sentences]
        ctx._date_order = sorted(range(len(ctx.dates)), key=lambda i: ctx.dates[i].start)
        ctx._date_starts = [ctx.dates[i].start for i in ctx._date_order]
        for entity in doc.entities:
            ctx._entities.setdefault(entity.id, entity)  # the first of an id, as ``Document.entity``
        return ctx

    def entity(self, entity_id: str) -> Entity | None:
        if not self._entities:  # a context built by hand, not by ``build``
            return self.doc.entity(entity_id)
        return self._entities.get(entity_id)

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
        starts = self._sentence_starts or [s.start for s in self.sentences]
        return max(0, bisect.bisect_right(starts, offset) - 1)

    def dates_in(self, start: int, end: int) -> list[DateMention]:
        """The dates inside [start, end), in the order of ``dates``."""
        if not self._date_order and self.dates:  # a context built by hand, not by ``build``
            return [d for d in self.dates if d.start >= start and d.end <= end]
        lo = bisect.bisect_left(self._date_starts, start)
        hi = bisect.bisect_right(self._date_starts, end)  # a date starting past ``end`` ends past it
        inside = [i for i in self._date_order[lo:hi] if self.dates[i].end <= end]
        return [self.dates[i] for i in sorted(inside)]

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


_S = TypeVar("_S", Span, MentionRef)


class SpanIndex(Generic[_S]):
    """Spans (attributions: «قال المتحدث إن…») asked about many times per article: does one cover a
    position, which lie inside a stretch; logarithmic per question instead of a pass over all."""

    def __init__(self, spans: Sequence[_S]) -> None:
        self._order = sorted(range(len(spans)), key=lambda i: spans[i].start)
        self.spans: list[_S] = [spans[i] for i in self._order]
        self._starts: list[int] = [s.start for s in self.spans]
        self._reach: list[int] = []  # the furthest end among the spans up to each one
        for span in self.spans:
            self._reach.append(max(span.end, self._reach[-1]) if self._reach else span.end)

    def covers(self, pos: int) -> bool:
        """Whether some span has ``start <= pos < end``."""
        i = bisect.bisect_right(self._starts, pos)
        return i > 0 and self._reach[i - 1] > pos

    def starting(self, start: int, end: int) -> list[_S]:
        """The spans with ``start <= span.start < end``, in the order given."""
        lo, hi = bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end)
        return [self.spans[i] for i in sorted(range(lo, hi), key=lambda i: self._order[i])]

    def within(self, start: int, end: int) -> list[_S]:
        """The spans with ``start <= span.start`` and ``span.end <= end``, in the order given."""
        i = bisect.bisect_left(self._starts, start)
        found = []
        while i < len(self.spans) and self.spans[i].start <= end:
            if self.spans[i].end <= end:
                found.append((self._order[i], self.spans[i]))
            i += 1
        return [span for _, span in sorted(found, key=lambda f: f[0])]
