"""Resolve: mentions → entities (aliases, in-article coreference, KB linking, geocoding)."""

from rasd.resolve.entities import resolve_entities

__all__ = ["resolve_entities"]
