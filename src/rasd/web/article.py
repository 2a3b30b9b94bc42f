"""An article as the workbench shows it: the text cut into segments at every mention and evidence
boundary, so that the page can colour mentions by type and highlight any fact's evidence by
offsets alone (segments whose range lies inside the span), without HTML ever being built from text.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from rasd.record import Document


def article_view(
    doc: Document, sources: list[str], highlight: tuple[int, int] | None = None
) -> dict[str, Any]:
    names = {e.id: e.name for e in doc.entities}

    def named(ids: list[str]) -> list[dict[str, str]]:
        return [{"id": i, "name": names.get(i, i)} for i in ids]

    relations: list[dict[str, Any]] = [
        {
            "type": r.type,
            "subject": {"id": r.subject, "name": names.get(r.subject, r.subject)},
            "object": {"id": r.object, "name": names.get(r.object, r.object)},
            "confidence": r.confidence,
            "start": r.evidence.start,
            "end": r.evidence.end,
        }
        for r in doc.relations
    ]
    events: list[dict[str, Any]] = [
        {
            "id": f"{doc.id[:16]}-{ev.trigger.start}",
            "type": ev.type,
            "acled": ev.acled.event_type if ev.acled else None,
            "sub_event_type": ev.acled.sub_event_type if ev.acled else None,
            "trigger": ev.trigger.text,
            "date": ev.date.value if ev.date else None,
            "date_text": ev.date.text if ev.date else None,
            "location": {"id": ev.location, "name": names.get(ev.location, ev.location)}
            if ev.location
            else None,
            "actors": named(ev.actors),
            "targets": named(ev.targets),
            "fatalities": ev.fatalities,
            "modality": ev.modality,
            "start": ev.evidence.start,
            "end": ev.evidence.end,
        }
        for ev in doc.events
    ]
    claims: list[dict[str, Any]] = [
        {
            "by": c.source.text,
            "kind": c.source.kind,
            "via": c.source.via,
            "certainty": c.certainty,
            "about": named(c.about),
            "start": c.evidence.start,
            "end": c.evidence.end,
        }
        for c in doc.claims
    ]
    entities = [
        {
            "id": e.id,
            "type": e.type,
            "subtype": e.subtype,
            "name": e.name,
            "mentions": len(e.mentions),
            "resolution": e.resolution,
        }
        for e in doc.entities
    ]
    spans: list[tuple[int, int]] = [(int(x["start"]), int(x["end"])) for x in (*relations, *events, *claims)]
    if highlight:
        spans.append(highlight)
    return {
        "id": doc.id,
        "title": doc.title,
        "published": doc.published,
        "outlet": doc.outlet,
        "byline": doc.byline,
        "url": doc.url,
        "language": doc.language,
        "sources": sources,
        "text": doc.text,
        "segments": segments(doc, spans, highlight),
        "entities": entities,
        "relations": relations,
        "events": events,
        "claims": claims,
        "highlight": list(highlight) if highlight else None,
    }


def segments(
    doc: Document, spans: list[tuple[int, int]], highlight: tuple[int, int] | None = None
) -> list[dict[str, Any]]:
    """The text as consecutive pieces: ``{"start", "end", "text", "entity", "type", "hl"}``; a piece
    inside a mention carries the entity's id and type (mentions of two entities never overlap; where
    the recogniser made them overlap, the first wins)."""
    length = len(doc.text)
    owner: dict[int, tuple[str, str]] = {}
    cuts = {0, length}
    mentions = sorted((m.start, m.end, e.id, e.type) for e in doc.entities for m in e.mentions)
    taken_until = -1
    for start, end, entity_id, entity_type in mentions:
        if start < taken_until or not 0 <= start < end <= length:
            continue
        owner[start] = (entity_id, entity_type)
        cuts.update((start, end))
        taken_until = end
    for start, end in spans:
        if 0 <= start <= end <= length:
            cuts.update((start, end))
    points = sorted(cuts)
    out = []
    current: tuple[str, str] | None = None
    current_end = -1
    mention_ends = {start: end for start, end, _i, _t in mentions if start in owner}
    for start, end in pairwise(points):
        if start in owner:
            current, current_end = owner[start], mention_ends[start]
        elif start >= current_end:
            current = None
        out.append(
            {
                "start": start,
                "end": end,
                "text": doc.text[start:end],
                "entity": current[0] if current else None,
                "type": current[1] if current else None,
                "hl": bool(highlight and highlight[0] <= start and end <= highlight[1]),
            }
        )
    return out
