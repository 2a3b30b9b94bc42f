"""Group tagged spans into entities (stub: exact normalised-name grouping; replaced by the resolver)."""

from __future__ import annotations

import hashlib

from rasd.record import Document, Entity, Mention
from rasd.text import normalize


def entity_id(label: str, name: str) -> str:
    """Stable id for an entity not in the knowledge base: type + normalised name."""
    digest = hashlib.sha1(normalize(name).encode("utf-8")).hexdigest()[:12]
    return f"{label.lower()}:{digest}"


def resolve_entities(doc: Document) -> None:
    by_id: dict[str, Entity] = {}
    for span in sorted(doc.spans, key=lambda s: s.start):
        eid = entity_id(span.label, span.text)
        ent = by_id.setdefault(eid, Entity(id=eid, type=span.label, subtype=span.subtype, name=span.text))
        ent.mentions.append(Mention(start=span.start, end=span.end, text=span.text))
    doc.entities = list(by_id.values())
