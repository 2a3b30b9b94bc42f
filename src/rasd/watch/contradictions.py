"""Contradictions that new articles bring: found among the new articles and the stored ones that
could contradict them, not the whole database.

A stored article can contradict a new one only by saying something about the same person (killed
vs. alive, captured vs. at large) or by reporting an event of the same type at the same place
(asserted vs. denied, another death toll). Groups and countries are named everywhere; reading every
article that shares one with the new ones would read most of the database at every poll.
"""

from __future__ import annotations

from sqlalchemy import select

from rasd.record import Document
from rasd.relate import Contradiction, find_contradictions
from rasd.store import Store, schema


def new_contradictions(
    store: Store, new_docs: dict[str, Document]
) -> tuple[list[Contradiction], dict[str, Document]]:
    """Contradictions with at least one statement from ``new_docs``, and every document they cite."""
    if not new_docs:
        return [], {}
    persons = sorted({e.id for d in new_docs.values() for e in d.entities if e.type == "PER"})
    places = {(ev.type, ev.location) for d in new_docs.values() for ev in d.events if ev.location}
    m, ev = schema.mentions, schema.events
    related: set[str] = set()
    with store.engine.connect() as conn:
        for n in range(0, len(persons), 500):
            related.update(
                conn.execute(
                    select(m.c.doc_id).where(m.c.entity_id.in_(persons[n : n + 500])).distinct()
                ).scalars()
            )
        locations = sorted({loc for _t, loc in places})
        for n in range(0, len(locations), 500):
            rows = conn.execute(
                select(ev.c.doc_id, ev.c.type, ev.c.location).where(ev.c.location.in_(locations[n : n + 500]))
            )
            related.update(r.doc_id for r in rows if (r.type, r.location) in places)
    pool = dict(new_docs)
    for doc_id in sorted(related - set(pool)):
        if (doc := store.get(doc_id)) is not None:
            pool[doc_id] = doc
    found = [
        c for c in find_contradictions(pool.values()) if any(s.document in new_docs for s in c.statements)
    ]
    return found, pool
