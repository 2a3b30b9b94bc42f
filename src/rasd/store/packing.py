"""The record stored once: ``documents.packed`` holds only what nothing else in the store holds.

The documents columns hold id, source, title, published, language, byline, outlet and the text; the
extraction tables hold every mention (entity, offsets, surface) and every relation, event and claim
(their JSON, in the record's order: ids ascend in insertion order). What is left (each entity
without its mentions, url, source_id, and any field added later) is packed as zlib-compressed JSON.
``unpack`` puts the record back together; ``Store.get`` returns the same ``Document`` as before
(tests/test_store_lean.py checks it on the seed articles and on real news).

A record the tables cannot rebuild exactly (two entities with one id: their mentions would be joined)
keeps its mentions in the packed part; ``unpack`` takes what the packed part has over the tables.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Record keys that the documents columns hold.
COLUMNS = ("id", "source", "title", "published", "language", "byline", "outlet")
# Record lists that the extraction tables hold, one row per item.
ROWS = ("relations", "events", "claims")
_FORMAT = b"\x01"  # zlib-compressed UTF-8 JSON; another format gets another first byte


@dataclass
class Rows:
    """One document's extraction as the tables give it back."""

    mentions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # entity id → mentions
    relations: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def digest(record: Mapping[str, Any]) -> bytes:
    """sha256 of the record less ``source`` and ``text``: equal digests, same stored extraction
    and metadata (re-ingesting it is 'unchanged'; the first source and the text's hash, the id, stay)."""
    return hashlib.sha256(_json({k: v for k, v in record.items() if k not in ("source", "text")})).digest()


def pack(record: Mapping[str, Any]) -> bytes:
    """The part of ``record`` (``Document.to_dict()``) that the columns and tables do not hold."""
    rest: dict[str, Any] = {k: v for k, v in record.items() if k not in (*COLUMNS, *ROWS, "text")}
    entities = record.get("entities", [])
    if len({e["id"] for e in entities}) == len(entities):
        rest["entities"] = [{k: v for k, v in e.items() if k != "mentions"} for e in entities]
    else:
        rest["entities"] = list(entities)  # mentions kept here: the table would join the two entities'
    return _FORMAT + zlib.compress(_json(rest), 9)


def unpack(columns: Mapping[Any, Any], packed: bytes, rows: Rows) -> dict[str, Any]:
    """The record (without ``text``) from the documents row's ``columns``, ``packed`` and ``rows``."""
    if packed[:1] != _FORMAT:
        raise ValueError(f"unknown packed record format {packed[:1]!r}")
    rest: dict[str, Any] = json.loads(zlib.decompress(packed[1:]))
    record: dict[str, Any] = {key: columns[key] for key in COLUMNS}
    record.update(rest)
    for entity in record.get("entities", []):
        if "mentions" not in entity:
            entity["mentions"] = rows.mentions.get(entity["id"], [])
    for key in ROWS:
        record.setdefault(key, getattr(rows, key))
    return record
