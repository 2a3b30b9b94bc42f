"""Ids of entities outside the knowledge base (the KB's own keep their ``rasd:``, ``country:``, ``un:`` ids)."""

from __future__ import annotations

import hashlib

from rasd.text import normalize


def entity_id(label: str, name: str) -> str:
    """Stable id for an entity not in the knowledge base: type + normalised name."""
    digest = hashlib.sha1(normalize(name).encode("utf-8")).hexdigest()[:12]
    return f"{label.lower()}:{digest}"


def article_entity_id(label: str, name: str, article_id: str) -> str:
    """Id for a name the knowledge base knows to be shared or common («أبو مصعب», «محمد يوسف»)
    and that the article does not decide: scoped to the article, so that two articles' «أبو مصعب» are
    never one entity by their string alone (an analyst may merge them with ``rasd kb merge``)."""
    digest = hashlib.sha1(f"{normalize(name)}\n{article_id}".encode()).hexdigest()[:12]
    return f"{label.lower()}:{digest}"
