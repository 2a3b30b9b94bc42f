"""Static pictures for the brief, as plain SVG text (no plotting library, nothing fetched).

The map is an equirectangular view of the base map's countries around the events, countries shaded
by their number of events, one dot per located event. The chart is one bar per day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from rasd.watch.places import Basemap

# The Sahel and the Maghreb: the view when no event has coordinates.
DEFAULT_VIEW = (-18.0, 4.0, 26.0, 38.0)  # min lon, min lat, max lon, max lat
_SHADES = ("#fde0c5", "#facba6", "#f8b58b", "#f59e72", "#f3855c", "#eb7053")


@dataclass
class MapPoint:
    lat: float
    lon: float
    label: str


def map_svg(basemap: Basemap, counts: dict[str, int], points: Sequence[MapPoint], width: int = 640) -> str:
    x0, y0, x1, y1 = _view(basemap, counts, points)
    scale = width / (x1 - x0)
    height = round((y1 - y0) * scale)

    def xy(lon: float, lat: float) -> str:
        return f"{(lon - x0) * scale:.1f},{(y1 - lat) * scale:.1f}"

    top = max(counts.values(), default=0)
    shapes = []
    labels = []
    for iso, country in sorted(basemap.countries.items()):
        cx0, cy0, cx1, cy1 = country.bbox
        if cx1 < x0 or cx0 > x1 or cy1 < y0 or cy0 > y1:
            continue
        n = counts.get(iso, 0)
        fill = _SHADES[min(len(_SHADES) - 1, (n * len(_SHADES) - 1) // top)] if n and top else "#f2f2ee"
        d = " ".join(
            "M" + " L".join(xy(lon, lat) for lon, lat in ring) + " Z"
            for poly in country.polygons
            for ring in poly
        )
        title = f"{country.name_ar}: {n}" if n else country.name_ar
        shapes.append(
            f'<path d="{d}" fill="{fill}" stroke="#8a8a80" stroke-width="0.6" fill-rule="evenodd">'
            f"<title>{escape(title)}</title></path>"
        )
        if n:
            lx, ly = (max(x0, cx0) + min(x1, cx1)) / 2, (max(y0, cy0) + min(y1, cy1)) / 2
            # Numbers only: PDF renderers lay SVG text out left to right, which breaks Arabic words.
            # The names go in the legend under the map (HTML, where bidi works).
            cx, cy = (lx - x0) * scale, (y1 - ly) * scale
            labels.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="11" fill="#fff" fill-opacity="0.85" stroke="#3b2a20"/>'
                f'<text x="{cx:.1f}" y="{cy + 4.5:.1f}" font-size="13" text-anchor="middle" '
                f'fill="#3b2a20">{n}</text>'
            )
    dots = [
        f'<circle cx="{(p.lon - x0) * scale:.1f}" cy="{(y1 - p.lat) * scale:.1f}" r="4" fill="#b3261e" '
        f'stroke="#fff" stroke-width="1"><title>{escape(p.label)}</title></circle>'
        for p in points
        if x0 <= p.lon <= x1 and y0 <= p.lat <= y1
    ]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="خريطة الأحداث" style="background:#dbe9f4">'
        + "".join(shapes)
        + "".join(dots)
        + "".join(labels)
        + "</svg>"
    )


def _view(
    basemap: Basemap, counts: dict[str, int], points: Sequence[MapPoint]
) -> tuple[float, float, float, float]:
    boxes = [basemap.countries[iso].bbox for iso in counts if iso in basemap.countries]
    boxes += [(p.lon, p.lat, p.lon, p.lat) for p in points]
    if not boxes:
        return DEFAULT_VIEW
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    pad = max(2.0, 0.1 * max(x1 - x0, y1 - y0))
    x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    if (x1 - x0) < 12:  # never zoom in so far that the countries around cannot be told
        mid = (x0 + x1) / 2
        x0, x1 = mid - 6, mid + 6
    if (y1 - y0) < 8:
        mid = (y0 + y1) / 2
        y0, y1 = mid - 4, mid + 4
    return max(-180.0, x0), max(-85.0, y0), min(180.0, x1), min(85.0, y1)


def bars_svg(days: Sequence[tuple[str, int]], width: int = 640, height: int = 160) -> str:
    """One bar per (day, count), oldest on the right (the page reads right to left)."""
    if not days:
        return ""
    top = max(1, max(n for _, n in days))
    slot = width / len(days)
    bar = slot * 0.7
    floor = height - 28
    items = []
    for i, (day, n) in enumerate(days):
        x = width - (i + 1) * slot + (slot - bar) / 2
        h = (floor - 18) * n / top
        items.append(
            f'<rect x="{x:.1f}" y="{floor - h:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="#b3261e">'
            f"<title>{day}: {n}</title></rect>"
            f'<text x="{x + bar / 2:.1f}" y="{floor - h - 4:.1f}" font-size="12" text-anchor="middle">{n}</text>'
            f'<text x="{x + bar / 2:.1f}" y="{height - 10}" font-size="11" text-anchor="middle">{day[5:]}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="الأحداث في اليوم">'
        f'<line x1="0" y1="{floor}" x2="{width}" y2="{floor}" stroke="#888"/>' + "".join(items) + "</svg>"
    )
