"""The recogniser interface. Every model (CRF, transformer, rules) fills ``Document.spans``."""

from __future__ import annotations

from typing import Protocol

from rasd.record import Document


class Recogniser(Protocol):
    name: str

    def recognise(self, doc: Document) -> None:
        """Add typed spans (``TaggedSpan``) with exact offsets into ``doc.text`` to ``doc.spans``."""


class NullRecogniser:
    name = "none"

    def recognise(self, doc: Document) -> None:
        return None


def load_recogniser(name: str = "default") -> Recogniser:
    """Load a recogniser by name from configuration (stub until the trained model lands)."""
    return NullRecogniser()
