"""GeoJSON (RFC 7946) for QGIS, kepler.gl and Leaflet: one Point per located event and per located place.

Coordinates are ``[longitude, latitude]`` (RFC 7946 §3.1.1: easting first), WGS 84 and no ``crs``
member (§4). Every event is kept, whatever its modality: ``modality`` says whether it happened, was
planned, feared or denied, so a map can filter instead of silently losing the warnings. Features
are ordered (events by ``Knowledge.numbered_events``, places by id) so that two runs write the same bytes.

Dates in properties are ISO 8601: an event's ``date`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``
(reduced precision, as ``date_precision`` says), and null when the text gives no year (a month alone
has no ISO 8601 form); an article's ``published`` is null unless it is an ISO 8601 date or time.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from itertools import chain
from typing import Any, BinaryIO

from rasd.export.knowledge import EntityRecord, Knowledge
from rasd.record import Geo
from rasd.relate.across import MergedEvent

_ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def write_geojson(knowledge: Knowledge, out: BinaryIO) -> int:
    """Written feature by feature as the events are read: nothing holds every feature."""
    events = (
        _event_feature(knowledge, event_id, ev) for event_id, ev in knowledge.numbered_events() if ev.geo
    )
    places = (
        _place_feature(rec)
        for _, rec in sorted(knowledge.entities.items())
        if rec.entity.type == "LOC" and rec.entity.geo
    )
    # One feature a line: still one JSON document, and diffs between two exports stay readable.
    count = 0
    for feature in chain(events, places):
        head = b'{"type": "FeatureCollection", "features": [\n' if not count else b",\n"
        out.write(head + json.dumps(feature, ensure_ascii=False).encode("utf-8"))
        count += 1
    out.write(b"\n]}\n" if count else b'{"type": "FeatureCollection", "features": []}\n')
    return count


def _point(geo: Geo) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [float(geo.lon), float(geo.lat)]}


def _event_feature(knowledge: Knowledge, event_id: str, ev: MergedEvent) -> dict[str, Any]:
    assert ev.geo is not None
    sources = sorted(ev.sources, key=lambda s: (s.published or "", s.source, s.document))
    properties = {
        "kind": "event",
        "type": ev.type,
        "acled_event_type": ev.acled.event_type if ev.acled else None,
        "acled_sub_event_type": ev.acled.sub_event_type if ev.acled else None,
        "date": iso_date(ev.date.value if ev.date else None),
        "date_precision": ev.date.precision if ev.date else None,
        "fatalities": ev.fatalities,
        "modality": ev.modality,
        "place": ev.location_name or (knowledge.name(ev.location) if ev.location else None),
        "place_id": ev.location,
        "actors": [knowledge.name(a) for a in ev.actors],
        "targets": [knowledge.name(t) for t in ev.targets],
        "geo_precision": ev.geo.precision,
        "sources": len({s.document for s in sources}),
        "articles": [
            {"source": s.source, "outlet": s.outlet, "published": iso_time(s.published)} for s in sources
        ],
    }
    return {"type": "Feature", "id": event_id, "geometry": _point(ev.geo), "properties": properties}


def _place_feature(rec: EntityRecord) -> dict[str, Any]:
    ent = rec.entity
    assert ent.geo is not None
    properties = {
        "kind": "place",
        "id": ent.id,
        "name": ent.name,
        "subtype": ent.subtype,
        "geo_precision": ent.geo.precision,
        "articles": len(rec.documents),
        "mentions": rec.mentions,
    }
    return {"type": "Feature", "id": ent.id, "geometry": _point(ent.geo), "properties": properties}


def iso_date(value: str | None) -> str | None:
    """An event date as ISO 8601 (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``); None for anything else."""
    return value if value and _ISO_DATE.match(value) else None


def iso_time(value: str | None) -> str | None:
    """A publication date or time, if it is ISO 8601; None otherwise."""
    if not value:
        return None
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return None
    return value
