"""Analysts' merge/split judgements on entities, and how they change what the store returns.

``merge(a, b)``: a and b are one real-world entity; ``a`` is kept as its id.
``split(a, b)``: a and b are different; cancels an earlier merge of that same pair.

Judgements live in their own table and are applied when reading (``Store.get``, ``iter_documents``,
``stats``), never written into the stored extraction: re-ingesting an article, or ingesting it again
with a better pipeline, keeps every judgement in force.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from rasd.record import Document, Entity

JudgementKind = Literal["merge", "split"]
JUDGEMENT_KINDS: tuple[str, ...] = ("merge", "split")


@dataclass(frozen=True, slots=True)
class Judgement:
    id: int
    kind: JudgementKind
    entity_a: str
    entity_b: str
    reason: str | None
    created_at: datetime


def merge_map(judgements: Iterable[Judgement]) -> dict[str, str]:
    """Map every merged-away entity id to the id it was merged into (chains followed to the end).

    Judgements are taken in the order they were made; a split removes the merge of the same pair.
    """
    merges: dict[frozenset[str], Judgement] = {}
    for judgement in judgements:
        pair = frozenset((judgement.entity_a, judgement.entity_b))
        if judgement.kind == "merge":
            merges.setdefault(pair, judgement)
        else:
            merges.pop(pair, None)

    parent: dict[str, str] = {}

    def root(entity_id: str) -> str:
        while entity_id in parent:
            entity_id = parent[entity_id]
        return entity_id

    for judgement in sorted(merges.values(), key=lambda j: j.id):
        keep, drop = root(judgement.entity_a), root(judgement.entity_b)
        if keep != drop:  # already one entity: a repeated or circular merge changes nothing
            parent[drop] = keep
    return {entity_id: root(entity_id) for entity_id in parent}


def apply_merges(doc: Document, mapping: dict[str, str], canonical: dict[str, Entity]) -> Document:
    """A copy of ``doc`` with merged-away entity ids replaced and entities that became one combined.

    ``canonical`` holds the stored entity for each id that ids were merged into: its name and type
    win, the merged-away names become aliases.
    """
    if not any(entity.id in mapping for entity in doc.entities):
        return doc
    doc = doc.model_copy(deep=True)

    def new_id(entity_id: str) -> str:
        return mapping.get(entity_id, entity_id)

    combined: dict[str, Entity] = {}
    for entity in doc.entities:
        target = new_id(entity.id)
        base = combined.get(target)
        if base is None:
            stored = canonical.get(target) if target != entity.id else None
            base = entity.model_copy(update={"id": target, "mentions": []})
            if stored is not None:
                base = base.model_copy(update={"name": stored.name, "type": stored.type,
                                               "subtype": stored.subtype})
            combined[target] = base
        base.aliases = _unique([*base.aliases, entity.name, *entity.aliases], exclude=base.name)
        base.mentions = sorted([*base.mentions, *entity.mentions], key=lambda m: (m.start, m.end))
        base.geo = base.geo or entity.geo
        base.kb = {**(entity.kb or {}), **(base.kb or {})} or None
    doc.entities = list(combined.values())

    for relation in doc.relations:
        relation.subject, relation.object = new_id(relation.subject), new_id(relation.object)
    for event in doc.events:
        event.actors = _unique(new_id(a) for a in event.actors)
        event.targets = _unique(new_id(t) for t in event.targets)
        event.location = new_id(event.location) if event.location else None
    for claim in doc.claims:
        claim.about = _unique(new_id(a) for a in claim.about)
    return doc


def _unique(items: Iterable[str], exclude: str | None = None) -> list[str]:
    return [item for item in dict.fromkeys(items) if item != exclude]
