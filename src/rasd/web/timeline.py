"""A small timeline drawn on the server as SVG: one row per ACLED event type, one dot per report,
placed by date. No JavaScript library is needed for it, and it prints and screenshots as it is."""

from __future__ import annotations

from datetime import date
from typing import Any

from rasd.web.app import ACLED_COLOURS, OTHER_COLOUR

WIDTH = 960
ROW = 28
LEFT = 16
RIGHT = 190  # room for the row labels (on the right: the page reads right to left)


def _day(value: str | None) -> date | None:
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 7
        day = int(parts[2]) if len(parts) > 2 else (15 if len(parts) > 1 else 1)
        return date(year, month, day)
    except (ValueError, IndexError):
        return None


def timeline_chart(events: list[dict[str, Any]]) -> dict[str, Any]:
    """Rows, dots and year ticks in SVG coordinates; newest on the left (RTL reading order)."""
    dated = [(d, ev) for ev in events if (d := _day(ev.get("when")))]
    rows = sorted({ev.get("acled") or "أخرى" for _d, ev in dated})
    height = ROW * max(1, len(rows)) + 30
    if not dated:
        return {"width": WIDTH, "height": height, "rows": [], "dots": [], "ticks": [], "undated": len(events)}
    first, last = min(d for d, _ in dated), max(d for d, _ in dated)
    span = max((last - first).days, 1)
    plot = WIDTH - LEFT - RIGHT

    def x(day: date) -> float:
        # right to left: the earliest date at the right edge of the plot, the latest at the left
        return round(LEFT + plot * (1 - (day - first).days / span), 1)

    row_y = {name: 20 + ROW * i for i, name in enumerate(rows)}
    dots = [
        {
            "x": x(d),
            "y": row_y[ev.get("acled") or "أخرى"],
            "colour": ACLED_COLOURS.get(ev.get("acled") or "", OTHER_COLOUR),
            "href": f"/events/{ev['id']}",
            "title": f"{ev.get('when')} · {ev['type']}"
            + (f" · {ev['location_name']}" if ev.get("location_name") else ""),
        }
        for d, ev in dated
    ]
    ticks = [
        {"x": x(date(year, 1, 1)), "label": str(year)}
        for year in range(first.year, last.year + 1)
        if first <= date(year, 1, 1) <= last
    ] or [{"x": x(first), "label": first.isoformat()}, {"x": x(last), "label": last.isoformat()}]
    return {
        "width": WIDTH,
        "height": height,
        "label_x": WIDTH - RIGHT + 10,
        "rows": [
            {"name": name, "y": y, "colour": ACLED_COLOURS.get(name, OTHER_COLOUR)}
            for name, y in row_y.items()
        ],
        "dots": dots,
        "ticks": ticks,
        "undated": len(events) - len(dated),
        "axis_y": height - 12,
    }
