"""An ACLED CSV, for analysts who already work with ACLED data: ACLED's columns, in ACLED's order,
coded as ACLED's codebook says.

Only **asserted** events are written: ACLED codes what happened, never plans, fears or denials. An
event an analyst could not code, with no date, only a year, or no country, is not a row: it goes to
the side file (``write_acled(..., uncoded=FILE)``; ``rasd export acled -o X.csv`` writes
``X.uncoded.csv``) with the reason, so nothing is lost silently. Choices, after ACLED's codebook:

* ``event_date`` / ``time_precision``: ``YYYY-MM-DD`` (the format of ACLED's API); a day → that day,
  precision 1; a month → its 15th, precision 3 (ACLED codes a month-only report to the middle of the
  month); ``year`` is the event's year.
* ``actor1``/``inter1`` (and ``actor2``/``inter2``) from the actor's type: state forces 1 (military,
  police, intelligence, state agencies; a country acting as a state), rebel groups 2 (armed groups,
  jihadist ones included, as ACLED codes them; a militant with no known group), political militias 3,
  identity militias 4, rioters 5, protesters 6, civilians 7 (people, media), external/other forces 8
  (international organisations and forces; an organisation of unknown type). A person who is a
  member, leader or founder of a group in the knowledge base is coded as that group. With no actor,
  ACLED's generic actors stand in: ``Protesters (Country)`` 6, ``Rioters (Country)`` 5, ``Unidentified
  Armed Group (Country)`` 2 for political violence, and ``Civilians (Country)`` 7 as the target of
  violence against civilians; a strategic development with no actor is left out (no actor).
  ``interaction`` is the two codes, lower first, or the one code followed by 0 for a sole actor.
* ``iso``, ``country``, ``region``: ISO 3166 numeric, English name and ACLED's region of the place's
  country; ``admin1``/``admin2`` from the gazetteer where it knows them; ``location`` the place's name.
* ``geo_precision``: 1 city or feature (the place itself), 2 region, 3 country.
* ``source``: the outlets' names (never a file path), ``; ``-separated; ``source_scale`` from where
  each is based (``rasd.export.outlets``).
* ``fatalities``: 0 when no article gives a toll, as ACLED codes "none reported".
* ``event_id_cnty``: ISO alpha-3 and a sequence number per country over the rows in their stable order.
* ``timestamp``: the latest publication time of the reporting articles (Unix seconds, UTC where the
  time has no zone), so that reruns are identical; empty when no article has a date.
* ``disorder_type`` from ``event_type``, and ``civilian_targeting`` for Violence against civilians.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO

from rasd.export.knowledge import ARMED_LINKS, Knowledge
from rasd.export.outlets import Outlets
from rasd.export.places import Country, Places
from rasd.relate.across import EventSource, MergedEvent

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

UNCODED_COLUMNS = [
    "event",
    "reason",
    "event_type",
    "sub_event_type",
    "date",
    "date_text",
    "location",
    "notes",
]

_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
}
_GEO_PRECISION = {"city": "1", "feature": "1", "region": "2", "country": "3", "admin2": "2", "admin1": "3"}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# ACLED's actor types (inter codes) by rasd subtype.
_INTER = {
    "military": 1,
    "police": 1,
    "intelligence": 1,
    "state_agency": 1,
    "government": 1,
    "military_operation": 1,
    "politician": 1,
    "armed_group": 2,
    "rebel_group": 2,
    "militant": 2,
    "militia": 3,
    "political_militia": 3,
    "identity_militia": 4,
    "ethnic_militia": 4,
    "communal_militia": 4,
    "rioters": 5,
    "protesters": 6,
    "media": 7,
    "civilians": 7,
    "international": 8,
}
_GROUP_LINKS = ARMED_LINKS | {"part_of"}


@dataclass(frozen=True)
class Uncoded:
    event: str  # event:<n>, as in the GeoJSON and graph exports
    reason: str
    ev: MergedEvent


def write_acled(
    knowledge: Knowledge, out: BinaryIO, uncoded: BinaryIO | None = None, places: Places | None = None
) -> int:
    """The coded rows to ``out``; the events left out, with the reason, to ``uncoded`` when given.
    Returns how many rows were written to ``out``. Both are written as the events are read (a page of
    rows at a time): nothing holds every row."""
    coder = _Coder(knowledge, places or Places.load(knowledge.kb))
    rows_out, side = _CsvOut(out, COLUMNS), _CsvOut(uncoded, UNCODED_COLUMNS)
    sequence: dict[str, int] = {}
    rows = 0
    for event_id, ev in knowledge.numbered_events():
        if ev.modality != "asserted":
            continue
        row = coder.row(ev)
        if isinstance(row, str):
            side.write(_uncoded_row(Uncoded(event_id, row, ev), coder))
            continue
        iso3 = row.pop("_iso3")
        sequence[iso3] = sequence.get(iso3, 0) + 1
        row["event_id_cnty"] = f"{iso3}{sequence[iso3]}"
        rows_out.write(row)
        rows += 1
    rows_out.close()
    side.close()
    return rows


class _CsvOut:
    """CSV rows to a binary file (or nowhere), as UTF-8, a page of rows at a time."""

    _PAGE = 1000

    def __init__(self, out: BinaryIO | None, columns: list[str]) -> None:
        self.out, self.text = out, io.StringIO()
        self.writer = csv.DictWriter(self.text, fieldnames=columns)
        self.writer.writeheader()
        self.pending = 0

    def write(self, row: dict[str, str]) -> None:
        if self.out is None:
            return
        self.writer.writerow(row)
        self.pending += 1
        if self.pending >= self._PAGE:
            self._flush()

    def _flush(self) -> None:
        if self.out is not None:
            self.out.write(self.text.getvalue().encode("utf-8"))
        self.text.seek(0)
        self.text.truncate()
        self.pending = 0

    def close(self) -> None:
        self._flush()


def _uncoded_row(item: Uncoded, coder: _Coder) -> dict[str, str]:
    ev = item.ev
    return {
        "event": item.event,
        "reason": item.reason,
        "event_type": ev.acled.event_type if ev.acled else ev.type,
        "sub_event_type": ev.acled.sub_event_type if ev.acled else "",
        "date": ev.date.value or "" if ev.date else "",
        "date_text": ev.date.text if ev.date else "",
        "location": coder.place_name(ev),
        "notes": _notes(_sorted_sources(ev)),
    }


class _Coder:
    def __init__(self, knowledge: Knowledge, places: Places) -> None:
        self.knowledge = knowledge
        self.places = places
        self.outlets = Outlets()
        # person → the group a relation ties them to (ACLED codes groups, not people)
        self.groups: dict[str, str] = {}
        for rel in sorted(knowledge.relations, key=lambda r: (-r.confidence, r.type, r.object)):
            target = knowledge.entities.get(rel.object)
            if rel.type in _GROUP_LINKS and target is not None and target.entity.type == "ORG":
                self.groups.setdefault(rel.subject, rel.object)

    def place_name(self, ev: MergedEvent) -> str:
        return ev.location_name or (self.knowledge.name(ev.location) if ev.location else "")

    def row(self, ev: MergedEvent) -> dict[str, str] | str:
        """The ACLED row of an asserted event, or why an analyst could not code it."""
        event_date, year, time_precision = _date(ev)
        if not event_date:
            return "only a year" if year else "no date"
        country = self.places.country(self.places.country_of(ev.location, ev.geo))
        if country is None or ev.geo is None:
            return "no place"
        event_type = ev.acled.event_type if ev.acled else ""
        sides = self.sides(ev, event_type, country)
        if sides is None:
            return "no actor"
        first, second = sides
        inter1, inter2 = first[0][1], second[0][1] if second else None
        sources = _sorted_sources(ev)
        outlets = list(dict.fromkeys(n for n in (self.outlets.name(s.outlet, None) for s in sources) if n))
        admin = self.places.admin(ev.geo)
        return {
            "_iso3": country.iso3,
            "event_date": event_date,
            "year": year,
            "time_precision": time_precision,
            "disorder_type": _DISORDER.get(event_type, "Strategic developments") if event_type else "",
            "event_type": event_type,
            "sub_event_type": ev.acled.sub_event_type if ev.acled else "",
            "actor1": first[0][0],
            "assoc_actor_1": "; ".join(name for name, _ in first[1:]),
            "inter1": str(inter1),
            "actor2": second[0][0] if second else "",
            "assoc_actor_2": "; ".join(name for name, _ in second[1:]),
            "inter2": str(inter2) if inter2 else "",
            "interaction": _interaction(inter1, inter2),
            "civilian_targeting": "Civilian targeting" if event_type == "Violence against civilians" else "",
            "iso": country.numeric,
            "region": country.region,
            "country": country.name,
            "admin1": admin.admin1 or "",
            "admin2": admin.admin2 or "",
            "location": self.place_name(ev),
            "latitude": str(ev.geo.lat),
            "longitude": str(ev.geo.lon),
            "geo_precision": _GEO_PRECISION.get(ev.geo.precision or "", ""),
            "source": "; ".join(outlets),
            "source_scale": self.outlets.scale(outlets, country.iso2) if outlets else "",
            "notes": _notes(sources),
            "fatalities": str(ev.fatalities or 0),
            "timestamp": _timestamp(sources),
        }

    def sides(
        self, ev: MergedEvent, event_type: str, country: Country
    ) -> tuple[list[tuple[str, int]], list[tuple[str, int]]] | None:
        """(actors, targets) as (name, inter code), ACLED's generic actors standing in for missing
        ones; None when a strategic development names no actor."""
        first = [self.actor(a) for a in ev.actors]
        second = [self.actor(t) for t in ev.targets]
        if not first:
            generic = _generic_actor(event_type, country)
            if generic is None:
                return None
            first = [generic]
        if not second and event_type == "Violence against civilians":
            second = [(f"Civilians ({country.name})", 7)]
        return _unique(first), _unique([a for a in second if a not in first])

    def actor(self, entity_id: str) -> tuple[str, int]:
        """(name, ACLED inter code) of an actor or target."""
        group = self.groups.get(entity_id)
        record = self.knowledge.entities.get(group or entity_id)
        if record is None:
            return self.knowledge.name(entity_id), 8
        ent = record.entity
        code = _INTER.get(ent.subtype or "")
        if code is None:
            code = {"PER": 7, "LOC": 1}.get(ent.type, 8)  # a country that acts does so as a state
        return ent.name, code


def _generic_actor(event_type: str, country: Country) -> tuple[str, int] | None:
    if event_type == "Protests":
        return f"Protesters ({country.name})", 6
    if event_type == "Riots":
        return f"Rioters ({country.name})", 5
    if event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
        return f"Unidentified Armed Group ({country.name})", 2
    return None


def _interaction(inter1: int, inter2: int | None) -> str:
    if inter2 is None:
        return f"{inter1}0"
    low, high = sorted((inter1, inter2))
    return f"{low}{high}"


def _unique(actors: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return list(dict.fromkeys(actors))


def _sorted_sources(ev: MergedEvent) -> list[EventSource]:
    return sorted(ev.sources, key=lambda s: (s.published or "", s.source, s.document, s.evidence.start))


def _notes(sources: list[EventSource]) -> str:
    return " ".join(sources[0].text.split()) if sources else ""


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
