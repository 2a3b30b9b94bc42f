"""Relate: relations, coded events (ACLED), dates, claims; contradictions across articles."""

from rasd.relate.across import Contradiction, MergedEvent, find_contradictions, merge_events
from rasd.relate.dates import DateMention, find_dates
from rasd.relate.document import relate_document

__all__ = [
    "Contradiction",
    "DateMention",
    "MergedEvent",
    "find_contradictions",
    "find_dates",
    "merge_events",
    "relate_document",
]
