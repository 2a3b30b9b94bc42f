"""Where things happened: distances, the country of a place, and the shipped base map's shapes.

The base map is ``rasd/data/basemap/countries.geojson`` (Natural Earth, properties ``iso_a2``,
``name_ar``, ``name_en``; built by ``rasd build basemap``). It is loaded once into a ``Basemap``
and passed to whoever needs it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from rasd.kb import KnowledgeBase
from rasd.record import Document, Geo

_EARTH_KM = 6371.0088

Ring = list[tuple[float, float]]  # (lon, lat) points
Polygon = list[Ring]  # outer ring first, then holes


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(math.sqrt(a))


@dataclass
class Country:
    iso: str
    name_ar: str
    name_en: str
    polygons: list[Polygon]
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat

    def contains(self, lon: float, lat: float) -> bool:
        x0, y0, x1, y1 = self.bbox
        if not (x0 <= lon <= x1 and y0 <= lat <= y1):
            return False
        return any(
            _in_ring(lon, lat, poly[0]) and not any(_in_ring(lon, lat, hole) for hole in poly[1:])
            for poly in self.polygons
        )


@dataclass
class Basemap:
    countries: dict[str, Country] = field(default_factory=dict)

    def country_at(self, lat: float, lon: float) -> str | None:
        return next((iso for iso, c in self.countries.items() if c.contains(lon, lat)), None)

    @classmethod
    def from_geojson(cls, data: dict[str, Any]) -> Basemap:
        countries = {}
        for feature in data.get("features", []):
            props = {k.lower(): v for k, v in (feature.get("properties") or {}).items()}
            iso = props.get("iso_a2")
            geometry = feature.get("geometry") or {}
            if not iso or iso == "-99" or not geometry:
                continue
            coords = geometry.get("coordinates") or []
            polygons = [coords] if geometry.get("type") == "Polygon" else coords
            rings = [[[(float(x), float(y)) for x, y, *_ in ring] for ring in poly] for poly in polygons]
            points = [p for poly in rings for p in poly[0]]
            if not points:
                continue
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            countries[iso] = Country(
                iso=iso,
                name_ar=props.get("name_ar") or props.get("name") or iso,
                name_en=props.get("name_en") or props.get("name") or iso,
                polygons=rings,
                bbox=(min(xs), min(ys), max(xs), max(ys)),
            )
        return cls(countries)

    @classmethod
    def load(cls, path: Path | None = None) -> Basemap | None:
        """The shipped base map (or the file given); None when it has not been built."""
        if path is not None:
            return cls.from_geojson(json.loads(path.read_text("utf-8")))
        shipped = resources.files("rasd.data").joinpath("basemap", "countries.geojson")
        if not shipped.is_file():
            return None
        return cls.from_geojson(json.loads(shipped.read_text("utf-8")))


def _in_ring(x: float, y: float, ring: Ring) -> bool:
    """Even-odd ray casting: enough for country outlines at 1:10m."""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


class Places:
    """The coordinates and country of an entity or event, from the record, the KB and the base map."""

    def __init__(self, kb: KnowledgeBase, basemap: Basemap | None) -> None:
        self.kb = kb
        self.basemap = basemap

    def geo_of(self, doc: Document, entity_id: str | None) -> Geo | None:
        if not entity_id:
            return None
        ent = doc.entity(entity_id)
        if ent is not None and ent.geo is not None:
            return ent.geo
        kb_ent = self.kb.get(entity_id)
        if kb_ent is not None and kb_ent.place is not None:
            return Geo(lat=kb_ent.place.lat, lon=kb_ent.place.lon, precision=kb_ent.place.precision)
        return None

    def country_of(self, entity_id: str | None, geo: Geo | None) -> str | None:
        """ISO code: a country entity is itself; a KB place knows its country; else the map decides
        (a country-precision point is the country's own centre, which the map may not contain)."""
        if entity_id and entity_id.startswith("country:"):
            return entity_id.split(":", 1)[1]
        kb_ent = self.kb.get(entity_id) if entity_id else None
        if kb_ent is not None and kb_ent.place is not None and kb_ent.place.country:
            return kb_ent.place.country
        if geo is not None and self.basemap is not None and geo.precision != "region":
            return self.basemap.country_at(geo.lat, geo.lon)
        return None

    def country_name(self, iso: str) -> str:
        if self.basemap is not None and iso in self.basemap.countries:
            return self.basemap.countries[iso].name_ar
        kb_ent = self.kb.get(f"country:{iso}")
        return kb_ent.name if kb_ent is not None else iso
