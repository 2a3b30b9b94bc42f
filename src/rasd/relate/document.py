"""The relate stage: relations, coded events and claims for one resolved document."""

from __future__ import annotations

from rasd.record import Document
from rasd.relate.claims import extract_claims
from rasd.relate.context import ArticleContext
from rasd.relate.events import extract_events
from rasd.relate.relation_model import RelationModel, learned_relations
from rasd.relate.relations import extract_relations
from rasd.relate.responsibility import attribute_actors


def relate_document(doc: Document, relation_model: RelationModel | None = None) -> None:
    """Fill ``doc.relations``, ``doc.events`` and ``doc.claims`` from its text, date and entities.
    With a ``relation_model`` (``Resources.relation_model``), the rules' relations are completed by the
    learned model's for the entity pairs the rules leave unrelated."""
    ctx = ArticleContext.build(doc)
    claims, attributions = extract_claims(ctx)
    doc.claims = claims
    doc.events = extract_events(ctx, attributions)
    attribute_actors(ctx, doc.events)
    relations = extract_relations(ctx)
    if relation_model is not None:
        relations += learned_relations(ctx, relation_model, relations)
    doc.relations = relations
