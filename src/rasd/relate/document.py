"""Add relations, events and claims to a resolved document (stub; replaced by the relation stage)."""

from __future__ import annotations

from rasd.record import Document


def relate_document(doc: Document) -> None:
    return None
