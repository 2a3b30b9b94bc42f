"""Resolve: mentions → entities (aliases, in-article coreference, KB linking, geocoding).

``resolve_entities(doc)`` is the pipeline stage; ``apply_judgements(doc, judgements)`` applies
analysts' merges and splits (from ``Store.judgements()``) to a resolved document.
"""

from rasd.kb.ids import entity_id
from rasd.kb.judgements import apply_judgements
from rasd.resolve.entities import resolve_entities

__all__ = ["apply_judgements", "entity_id", "resolve_entities"]
