"""Analysts' corrections applied to a resolved document, so they survive re-ingestion.

Judgements are those of ``rasd.store`` (``Store.add_judgement(kind, a, b, reason)``):
- ``merge A B``: A and B are one real-world entity; A's id is kept, B's names become aliases.
- ``split A B`` with B an entity id: they are different; cancels an earlier merge of the pair.
- ``split A B`` with B a name: that name does not refer to A; mentions of it leave A and become
  an entity of their own (id from type + name, as for any entity outside the knowledge base).

``apply_judgements(doc, judgements)`` changes ``doc`` in place: the ingest path calls it after
``resolve_entities`` so the stored record already carries the corrections.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rasd.kb.loader import knowledge_base
from rasd.kb.names import name_key
from rasd.record import Document, Entity

_ID_PREFIXES = ("rasd:", "un:", "country:", "geonames:", "per:", "org:", "loc:")


@dataclass(frozen=True)
class Correction:
    kind: str  # "merge" | "split"
    a: str
    b: str
    reason: str | None = None


def is_entity_id(value: str) -> bool:
    return value.startswith(_ID_PREFIXES)


def as_correction(item: Any) -> Correction:
    """Accept store ``Judgement`` objects, dicts or (kind, a, b[, reason]) tuples."""
    if isinstance(item, Correction):
        return item
    if isinstance(item, dict):
        return Correction(item["kind"], item.get("entity_a", item.get("a")), item.get("entity_b", item.get("b")),
                          item.get("reason"))
    if isinstance(item, tuple | list):
        return Correction(*item)
    return Correction(item.kind, getattr(item, "entity_a", None) or item.a, getattr(item, "entity_b", None) or item.b,
                      getattr(item, "reason", None))


def _merge_map(corrections: list[Correction]) -> dict[str, str]:
    pairs: dict[frozenset[str], Correction] = {}
    for c in corrections:
        if not is_entity_id(c.b):
            continue
        pair = frozenset((c.a, c.b))
        if c.kind == "merge":
            pairs.setdefault(pair, c)
        else:
            pairs.pop(pair, None)
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while x in parent:
            x = parent[x]
        return x

    for c in pairs.values():
        keep, drop = root(c.a), root(c.b)
        if keep != drop:
            parent[drop] = keep
    return {x: root(x) for x in parent}


def _split_name(doc: Document, c: Correction) -> None:
    from rasd.resolve.entities import entity_id  # the one id rule for entities outside the KB

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
        doc.entities.append(Entity(id=new_id, type=source.type, subtype=source.subtype, name=moved[0].text,
                                   mentions=moved, resolution=why))
    else:
        target.mentions = sorted([*target.mentions, *moved], key=lambda m: m.start)
    if not source.mentions:
        doc.entities.remove(source)


def _merge(doc: Document, mapping: dict[str, str], reasons: dict[str, str]) -> None:
    kb = knowledge_base()
    combined: dict[str, Entity] = {}
    for ent in doc.entities:
        target = mapping.get(ent.id, ent.id)
        base = combined.get(target)
        if base is None:
            base = ent if target == ent.id else ent.model_copy(update={"id": target, "mentions": []})
            known = kb.get(target)
            if known is not None and target != ent.id:
                base.name, base.type, base.subtype, base.kb = known.name, known.type, known.subtype, known.kb_refs
            combined[target] = base
        if base is not ent:
            base.aliases = [a for a in dict.fromkeys([*base.aliases, ent.name, *ent.aliases]) if a != base.name]
            base.mentions = sorted([*base.mentions, *ent.mentions], key=lambda m: m.start)
            base.geo = base.geo or ent.geo
            note = f"merged {ent.id} by analyst judgement" + (f": {reasons[ent.id]}" if reasons.get(ent.id) else "")
            base.resolution = "; ".join(filter(None, [base.resolution, note]))
    doc.entities = sorted(combined.values(), key=lambda e: e.mentions[0].start if e.mentions else 0)

    def new(x: str) -> str:
        return mapping.get(x, x)

    for rel in doc.relations:
        rel.subject, rel.object = new(rel.subject), new(rel.object)
    for ev in doc.events:
        ev.actors = list(dict.fromkeys(map(new, ev.actors)))
        ev.targets = list(dict.fromkeys(map(new, ev.targets)))
        ev.location = new(ev.location) if ev.location else None
    for claim in doc.claims:
        claim.about = list(dict.fromkeys(map(new, claim.about)))


def apply_judgements(doc: Document, judgements: Iterable[Any]) -> None:
    """Apply analysts' merges and splits (oldest first) to a resolved document, in place."""
    corrections = [as_correction(j) for j in judgements]
    for c in corrections:
        if c.kind == "split" and not is_entity_id(c.b):
            _split_name(doc, c)
    mapping = _merge_map(corrections)
    if mapping:
        reasons = {c.b: c.reason or "" for c in corrections if c.kind == "merge"}
        _merge(doc, mapping, reasons)
