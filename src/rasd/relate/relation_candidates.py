"""Which pairs of an article's entities may stand in a relation: the candidates the learned relation
model scores (``relation_model``).

A candidate is an ordered pair (subject, object) of mentions of two different entities in one
sentence, not too far apart, whose entity types can hold a relation at all (person → organisation,
organisation → organisation, place → place, organisation → place, …). Which type pairs count comes
from the model file (the signatures seen in the annotated articles), so a model trained on other data
brings its own.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from rasd.record import Span
from rasd.relate.context import ArticleContext, MentionRef, SpanIndex

MAX_GAP = 300  # characters between the two mentions
MAX_BETWEEN = 5  # other mentions between them


@dataclass(frozen=True, slots=True)
class Candidate:
    subject: MentionRef
    object: MentionRef
    sentence: Span
    sentence_index: int
    between: tuple[MentionRef, ...]  # the mentions between the two, in text order

    @property
    def subject_first(self) -> bool:
        return self.subject.start < self.object.start

    @property
    def first(self) -> MentionRef:
        return self.subject if self.subject_first else self.object

    @property
    def second(self) -> MentionRef:
        return self.object if self.subject_first else self.subject

    @property
    def signature(self) -> str:
        return signature(self.subject.entity.type, self.object.entity.type)


def signature(subject_type: str, object_type: str) -> str:
    return f"{subject_type}>{object_type}"


def candidates(
    ctx: ArticleContext,
    signatures: Mapping[str, Sequence[str]],
    extra_mentions: Sequence[MentionRef] = (),
) -> Iterator[Candidate]:
    """Every ordered mention pair of one sentence whose type signature is in ``signatures``.
    ``extra_mentions`` adds mentions the resolver does not give (a group's anaphor «التنظيم»)."""
    extra = SpanIndex(extra_mentions)  # a sentence's by bisection, not a pass over all
    for index, sentence in enumerate(ctx.sentences):
        mentions = sorted(
            [*ctx.mentions_in(sentence.start, sentence.end), *extra.within(sentence.start, sentence.end)],
            key=lambda r: (r.start, -r.end),
        )
        for i, first in enumerate(mentions):
            for j in range(i + 1, min(len(mentions), i + 2 + MAX_BETWEEN)):
                second = mentions[j]
                if second.start < first.end or second.entity.id == first.entity.id:
                    continue
                if second.start - first.end > MAX_GAP:
                    break
                between = tuple(
                    m for m in mentions[i + 1 : j] if m.start >= first.end and m.end <= second.start
                )
                for subject, obj in ((first, second), (second, first)):
                    if signature(subject.entity.type, obj.entity.type) in signatures:
                        yield Candidate(subject, obj, sentence, index, between)
