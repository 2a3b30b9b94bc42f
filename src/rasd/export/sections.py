"""The four sections that the object formats (FollowTheMoney, STIX) share, walked once.

Both formats translate the same things in the same way: every entity (by id), every relation whose
two ends are exported entities, every event, and every article. A format supplies one translator per
section (``SectionWriter``); ``walk`` calls them in one fixed order and yields what they make, as
they make it (the formats spill it to disk: nothing holds every object). Articles come last because
an article's object (a STIX report) lists everything it supports.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

from rasd.export.knowledge import EntityRecord, Knowledge, RelationRecord
from rasd.record import Document
from rasd.relate.across import MergedEvent

T = TypeVar("T", covariant=True)


class SectionWriter(Protocol[T]):
    def entity(self, record: EntityRecord) -> Iterable[T]: ...

    def relation(self, relation: RelationRecord) -> Iterable[T]: ...

    def event(self, event: MergedEvent) -> Iterable[T]: ...

    def article(self, doc: Document) -> Iterable[T]: ...


def walk(knowledge: Knowledge, writer: SectionWriter[T]) -> Iterator[T]:
    """Entities in id order, relations between exported entities, events in their stable order,
    then articles: whatever ``writer`` makes of each, in that order."""
    for entity_id in sorted(knowledge.entities):
        yield from writer.entity(knowledge.entities[entity_id])
    for rel in knowledge.relations:
        if rel.subject in knowledge.entities and rel.object in knowledge.entities:
            yield from writer.relation(rel)
    for event in knowledge.events:
        yield from writer.event(event)
    for doc in knowledge.documents:
        yield from writer.article(doc)
