"""Relate: relations, coded events (ACLED), dates, claims; contradictions across articles."""

from rasd.relate.document import relate_document

__all__ = ["relate_document"]
