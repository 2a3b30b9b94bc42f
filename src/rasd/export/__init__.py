"""Exports of the knowledge base into the formats analysts' tools read.

Every writer takes a ``Knowledge`` (``knowledge.py``: entities, relations and events folded across
articles) and a binary file; ``write_export`` picks one by name. ``rasd export FORMAT --out FILE``
is the command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import import_module
from typing import BinaryIO

from rasd.export.knowledge import Knowledge
from rasd.kb import KnowledgeBase
from rasd.record import Document

# Format name → (module, writer function, file suffix). Modules are imported on use: each pulls
# its own library (followthemoney, stix2, networkx).
FORMATS: dict[str, tuple[str, str, str]] = {
    "ftm": ("rasd.export.ftm", "write_ftm", ".ftm.json"),
    "stix": ("rasd.export.stix", "write_stix", ".stix.json"),
    "graphml": ("rasd.export.graph", "write_graphml", ".graphml"),
    "gexf": ("rasd.export.graph", "write_gexf", ".gexf"),
    "geojson": ("rasd.export.geojson", "write_geojson", ".geojson"),
    "acled": ("rasd.export.acled", "write_acled", ".csv"),
}

Writer = Callable[[Knowledge, BinaryIO], int]


def writer(fmt: str) -> Writer:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    module, function, _ = FORMATS[fmt]
    return getattr(import_module(module), function)


def write_export(docs: Iterable[Document], fmt: str, out: BinaryIO, kb: KnowledgeBase | None = None) -> int:
    """Write the knowledge in ``docs`` as ``fmt`` to ``out``; returns how many records were written."""
    return writer(fmt)(Knowledge.from_documents(docs, kb=kb), out)


__all__ = ["FORMATS", "Knowledge", "write_export", "writer"]
