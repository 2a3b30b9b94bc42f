"""The relate stage: relations, coded events and claims for one resolved document."""

from __future__ import annotations

from rasd.record import Document
from rasd.relate.claims import extract_claims
from rasd.relate.context import ArticleContext
from rasd.relate.events import extract_events
from rasd.relate.relations import extract_relations
from rasd.relate.responsibility import attribute_actors


def relate_document(doc: Document) -> None:
    """Fill ``doc.relations``, ``doc.events`` and ``doc.claims`` from its text, date and entities."""
    ctx = ArticleContext.build(doc)
    claims, attributions = extract_claims(ctx)
    doc.claims = claims
    doc.events = extract_events(ctx, attributions)
    attribute_actors(ctx, doc.events)
    doc.relations = extract_relations(ctx)
