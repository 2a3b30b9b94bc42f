"""The web map's base layer: Natural Earth country shapes, simplified, with Arabic names.

Sources (``shared/data/naturalearth``, public domain): the 1:10m shapes of the 16 Sahel/Maghreb
countries, which carry ``NAME_AR``, and the 1:110m world for every other country, whose Arabic name
comes from CLDR (babel). Output: ``rasd/data/basemap/countries.geojson``, one feature per country
with the properties ``iso_a2``, ``name_ar``, ``name_en`` (other parts of rasd read these three).

Simplified with Douglas-Peucker and rounded to 3 decimals (≈100 m): the map is read at country
scale, and the file stays small enough to ship and to send to the browser.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from babel import Locale

REGION_FILE = "ne_10m_admin0_sahel_maghreb_v5.1.1.geojson"
WORLD_FILE = "ne_110m_admin_0_countries_v4.0.geojson"
LICENCE_FILE = "NE_licence.txt"
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "data" / "basemap" / "countries.geojson"
REGION_TOLERANCE = 0.02  # degrees: ~2 km, fine detail where the analyst's events are
WORLD_TOLERANCE = 0.1
# Natural Earth 4.0 leaves ISO_A2 at -99 for a few countries it splits into parts.
_ISO_A2_BY_A3 = {"FRA": "FR", "NOR": "NO"}

Point = tuple[float, float]


def build_basemap(source_dir: Path, out: Path = DEFAULT_OUT) -> int:
    """Write the simplified countries file; returns how many countries it holds."""
    region = json.loads((source_dir / REGION_FILE).read_text(encoding="utf-8"))["features"]
    world = json.loads((source_dir / WORLD_FILE).read_text(encoding="utf-8"))["features"]
    arabic = Locale("ar").territories
    features = []
    seen: set[str] = set()
    for feature in region:
        props = feature["properties"]
        iso = _iso_a2(props)
        seen.add(iso)
        features.append(
            _feature(iso, props.get("NAME_AR") or arabic.get(iso, ""), props, feature, REGION_TOLERANCE)
        )
    for feature in world:
        props = feature["properties"]
        iso = _iso_a2(props)
        if iso in seen and iso != "-99":
            continue  # the detailed regional shape is already there
        features.append(_feature(iso, arabic.get(iso, props["NAME"]), props, feature, WORLD_TOLERANCE))
    features.sort(key=lambda f: (f["properties"]["iso_a2"], f["properties"]["name_en"]))
    collection = {
        "type": "FeatureCollection",
        "name": "rasd basemap: Natural Earth countries (public domain), simplified",
        "features": features,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    out.write_text(text + "\n", encoding="utf-8")
    licence = source_dir / LICENCE_FILE
    if licence.exists():
        (out.parent / LICENCE_FILE).write_bytes(licence.read_bytes())
    return len(features)


def _iso_a2(props: dict[str, Any]) -> str:
    iso = str(props.get("ISO_A2") or "-99")
    if iso == "-99":
        iso = _ISO_A2_BY_A3.get(str(props.get("ADM0_A3")), iso)
    return iso


def _feature(
    iso: str, name_ar: str, props: dict[str, Any], feature: dict[str, Any], tolerance: float
) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"iso_a2": iso, "name_ar": name_ar, "name_en": props.get("NAME_EN") or props["NAME"]},
        "geometry": _simplify_geometry(feature["geometry"], tolerance),
    }


def _simplify_geometry(geometry: dict[str, Any], tolerance: float) -> dict[str, Any]:
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"unexpected geometry type {geometry['type']}")
    kept = []
    for polygon in polygons:
        rings = [_simplify_ring(ring, tolerance) for ring in polygon]
        if rings and rings[0]:  # an island smaller than the tolerance disappears
            kept.append([r for r in rings if r])
    return {"type": "MultiPolygon", "coordinates": kept}


def _simplify_ring(ring: Sequence[Sequence[float]], tolerance: float) -> list[list[float]]:
    points = [(float(p[0]), float(p[1])) for p in ring]
    simplified = _douglas_peucker(points, tolerance)
    if len(simplified) < 4:  # a ring needs three corners and the closing point
        return []
    return [[round(x, 3), round(y, 3)] for x, y in simplified]


def _douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """Iterative Douglas-Peucker (long coastlines overflow a recursive one)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, best_at = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > best:
                best, best_at = d, i
        if best > tolerance and best_at > 0:
            keep[best_at] = True
            stack += [(first, best_at), (best_at, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _distance(p: Point, a: Point, b: Point) -> float:
    """Distance from ``p`` to the segment ``a``–``b`` (in degrees: good enough for simplifying)."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return float(((px - ax) ** 2 + (py - ay) ** 2) ** 0.5)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    cx, cy = ax + t * dx, ay + t * dy
    return float(((px - cx) ** 2 + (py - cy) ** 2) ** 0.5)
