"""Analysts' merge/split judgements on entities, and how they change a document: the one place.

Judgements are recorded by ``rasd.store`` (``Store.add_judgement(kind, a, b, reason)``, from
``rasd kb merge/split``) and kept as ``Judgement`` rows:

- ``merge A B``: A and B are one real-world entity; A's id is kept, B's names become aliases.
- ``split A B`` with B an entity id: they are different; cancels an earlier merge of the pair.
- ``split A B`` with B a name: that name does not refer to A; mentions of it leave A and become
  an entity of their own (id from type + name, as for any entity outside the knowledge base).

Two callers, one rule:

- ``apply_judgements(doc, judgements)`` (splits by name, then merges, with the knowledge base's
  canonical names) changes ``doc`` in place: ``rasd ingest`` calls it after ``resolve_entities`` so
  the stored record already carries the corrections.
- ``Store`` applies ``merge_map`` + ``apply_merges`` (with the stored canonical entities) to every
  document it reads, so judgements made after a document was stored show up too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, cast

from rasd.kb.ids import entity_id
from rasd.kb.loader import KnowledgeBase
from rasd.kb.names import name_key
from rasd.record import Document, Entity, Mention

JudgementKind = Literal["merge", "split"]
JUDGEMENT_KINDS: tuple[str, ...] = ("merge", "split")

_ID_PREFIXES = ("rasd:", "un:", "country:", "geonames:", "per:", "org:", "loc:")


@dataclass(frozen=True, slots=True)
class Judgement:
    """A judgement as recorded in the store (``Store.add_judgement``, ``Store.judgements()``)."""

    id: int
    kind: JudgementKind
    entity_a: str
    entity_b: str
    reason: str | None
    created_at: datetime


@dataclass(frozen=True)
class Correction:
    """A judgement without its record-keeping: what every accepted form is read as."""

    kind: str  # "merge" | "split"
    a: str
    b: str
    reason: str | None = None


def is_entity_id(value: str) -> bool:
    return value.startswith(_ID_PREFIXES)


def as_correction(item: Any) -> Correction:
    """Accept ``Judgement`` objects, dicts or (kind, a, b[, reason]) tuples."""
    if isinstance(item, Correction):
        return item
    if isinstance(item, dict):
        return Correction(
            item["kind"],
            cast(str, item.get("entity_a", item.get("a"))),
            cast(str, item.get("entity_b", item.get("b"))),
            item.get("reason"),
        )
    if isinstance(item, tuple | list):
        return Correction(*item)
    return Correction(
        item.kind,
        getattr(item, "entity_a", None) or item.a,
        getattr(item, "entity_b", None) or item.b,
        getattr(item, "reason", None),
    )


def merge_map(judgements: Iterable[Any]) -> dict[str, str]:
    """Map every merged-away entity id to the id it was merged into (chains followed to the end).

    Judgements are taken in the order given (oldest first, as ``Store.judgements()`` returns them);
    a split removes the merge of the same pair. A split of a name out of an entity has no merge to
    cancel, so it leaves the map alone (``apply_judgements`` handles it).
    """
    return _merges([as_correction(j) for j in judgements])[0]


def merge_reasons(judgements: Iterable[Any]) -> dict[str, str]:
    """Merged-away entity id → the analyst's reason for the merge in force (where one was given)."""
    return _merges([as_correction(j) for j in judgements])[1]


def _merges(corrections: list[Correction]) -> tuple[dict[str, str], dict[str, str]]:
    in_force: dict[frozenset[str], Correction] = {}
    for c in corrections:
        pair = frozenset((c.a, c.b))
        if c.kind == "merge":
            in_force.setdefault(pair, c)
        elif c.kind == "split":
            in_force.pop(pair, None)

    parent: dict[str, str] = {}
    reasons: dict[str, str] = {}

    def root(entity_id: str) -> str:
        while entity_id in parent:
            entity_id = parent[entity_id]
        return entity_id

    for c in in_force.values():  # in the order the merges were made
        keep, drop = root(c.a), root(c.b)
        if keep != drop:  # already one entity: a repeated or circular merge changes nothing
            parent[drop] = keep
            if c.reason:
                for merged_away in (c.b, drop):
                    reasons.setdefault(merged_away, c.reason)
    return {entity_id: root(entity_id) for entity_id in parent}, reasons


def apply_merges(
    doc: Document,
    mapping: Mapping[str, str],
    canonical: Mapping[str, Entity],
    reasons: Mapping[str, str] | None = None,
) -> None:
    """Replace merged-away entity ids in ``doc`` (in place) and combine the entities that became one.

    ``mapping`` is ``merge_map``'s; ``canonical`` holds, for ids that ids were merged into, the
    entity whose name, type and subtype win (the stored entity, or the knowledge base's) and whose
    ``kb`` keys win over the merged entities'. Merged-away names become aliases; mentions are
    combined and sorted; ``geo`` and ``kb`` are kept; ``resolution`` records each merge and its
    reason. Relations, events and claims are rewritten to the new ids, without duplicates.
    """
    if not mapping:
        return
    reasons = reasons or {}

    def new_id(entity_id: str) -> str:
        return mapping.get(entity_id, entity_id)

    def renamed(ids: list[str]) -> list[str]:
        return _unique(map(new_id, ids)) if any(i in mapping for i in ids) else ids

    if any(entity.id in mapping for entity in doc.entities):
        combined: dict[str, Entity] = {}
        for entity in doc.entities:
            target = new_id(entity.id)
            base = combined.get(target)
            if base is None:
                base = entity
                if target != entity.id:
                    base = entity.model_copy(update={"id": target, "mentions": [], "alias_evidence": []})
                    known = canonical.get(target)
                    if known is not None:
                        base.name, base.type, base.subtype = known.name, known.type, known.subtype
                        base.kb = {**(base.kb or {}), **(known.kb or {})} or None
                combined[target] = base
            if base is entity:
                continue
            base.aliases = _unique([*base.aliases, entity.name, *entity.aliases], exclude=base.name)
            base.mentions = _sorted_mentions([*base.mentions, *entity.mentions])
            base.alias_evidence = _sorted_mentions([*base.alias_evidence, *entity.alias_evidence])
            base.geo = base.geo or entity.geo
            base.kb = {**(entity.kb or {}), **(base.kb or {})} or None
            why = reasons.get(entity.id)
            note = f"merged {entity.id} by analyst judgement" + (f": {why}" if why else "")
            base.resolution = "; ".join(filter(None, [base.resolution, note]))
        # the order the pipeline gives (``resolve_entities``): by first mention
        doc.entities = sorted(combined.values(), key=lambda e: e.mentions[0].start if e.mentions else 0)

    for relation in doc.relations:
        relation.subject, relation.object = new_id(relation.subject), new_id(relation.object)
    for event in doc.events:
        event.actors = renamed(event.actors)
        event.targets = renamed(event.targets)
        event.location = new_id(event.location) if event.location else None
    for claim in doc.claims:
        claim.about = renamed(claim.about)


def apply_judgements(doc: Document, judgements: Iterable[Any], kb: KnowledgeBase) -> None:
    """Apply analysts' merges and splits (oldest first) to a resolved document, in place.

    Splits of a name out of an entity first, then the merges in force, with the knowledge base's
    entities as the canonical ones.
    """
    corrections = [as_correction(j) for j in judgements]
    for c in corrections:
        if c.kind == "split" and not is_entity_id(c.b):
            _split_name(doc, c)
    mapping, reasons = _merges(corrections)
    if mapping:
        apply_merges(doc, mapping, _kb_entities(set(mapping.values()), kb), reasons)


def _kb_entities(ids: set[str], kb: KnowledgeBase) -> dict[str, Entity]:
    return {
        known.id: Entity(
            id=known.id, type=known.type, subtype=known.subtype, name=known.name, kb=known.kb_refs
        )
        for known in filter(None, map(kb.get, sorted(ids)))
    }


def _split_name(doc: Document, c: Correction) -> None:
    source = doc.entity(c.a)
    key = name_key(c.b)
    if source is None or not key:
        return
    moved = [m for m in source.mentions if name_key(m.text) == key]
    if not moved:
        return
    source.mentions = [m for m in source.mentions if name_key(m.text) != key]
    source.aliases = [a for a in source.aliases if name_key(a) != key]
    new_id = entity_id(source.type, c.b)
    why = f"split from {c.a} by analyst judgement" + (f": {c.reason}" if c.reason else "")
    target = doc.entity(new_id)
    if target is None:
        doc.entities.append(
            Entity(
                id=new_id,
                type=source.type,
                subtype=source.subtype,
                name=moved[0].text,
                mentions=moved,
                resolution=why,
            )
        )
    else:
        target.mentions = _sorted_mentions([*target.mentions, *moved])
    if not source.mentions:
        doc.entities.remove(source)


def _sorted_mentions(mentions: list[Mention]) -> list[Mention]:
    return sorted(mentions, key=lambda m: (m.start, m.end))


def _unique(items: Iterable[str], exclude: str | None = None) -> list[str]:
    return [item for item in dict.fromkeys(items) if item != exclude]
