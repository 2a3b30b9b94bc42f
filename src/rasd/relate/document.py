"""The relate stage: relations, coded events and claims for one resolved document."""

from __future__ import annotations

from rasd.record import Document, Relation
from rasd.relate.claims import extract_claims
from rasd.relate.context import ArticleContext
from rasd.relate.event_roles import settle_roles
from rasd.relate.events import extract_events
from rasd.relate.relation_model import RelationModel, learned_relations
from rasd.relate.relations import extract_relations
from rasd.relate.responsibility import attribute_actors

_NOT_LOCATED = frozenset({"state_agency", "media"})


def relate_document(doc: Document, relation_model: RelationModel | None = None) -> None:
    """Fill ``doc.relations``, ``doc.events`` and ``doc.claims`` from its text, date and entities.
    With a ``relation_model`` (``Resources.relation_model``), the rules' relations are completed by the
    learned model's for the entity pairs the rules leave unrelated."""
    ctx = ArticleContext.build(doc)
    claims, attributions = extract_claims(ctx)
    doc.claims = claims
    doc.events = extract_events(ctx, attributions)
    attribute_actors(ctx, doc.events)
    settle_roles(ctx, doc.events)
    relations = extract_relations(ctx)
    if relation_model is not None:
        relations += learned_relations(ctx, relation_model, relations)
    doc.relations = [r for r in relations if _fits(r, ctx)]


def _fits(relation: Relation, ctx: ArticleContext) -> bool:
    """An organisation is *in* a place when it operates there (an armed group, a force, a mission):
    a state body or an outlet named beside a place is where it met or reported, not where it is."""
    if relation.type != "located_in":
        return True
    subject = ctx.entity(relation.subject)
    return subject is None or subject.type != "ORG" or subject.subtype not in _NOT_LOCATED
