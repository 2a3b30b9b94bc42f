"""Blocking for the stored fold: which stored groups and reports a new report may join, and the merge
rule (``rasd.relate.across._group``, ``MergeDate``) on stored fields (the two must agree, and
tests/test_store_fold.py checks that they do).

Keys are each stored once, however many reports share them (``fold_keys``: type, modality, date,
place; ``fold_part_keys``: type, modality, date, placed or not, participant). Their ``part`` says whose:

- ``e`` / ``c``: a group of day-dated reports (merged events / contradictions' event groups), ``grp``
  its label, ``date`` a day;
- ``f`` / ``g``: one floating report (``grp`` its ord), ``date`` its bucket («w2015-06-16» the window
  ending on the publication day, «m2015-06», «y2015»): found by the days it fits (a day-dated report
  arriving) and by its bucket (floating reports fitting no group join by bucket).

A lookup is one statement of indexed lookups of the same type (and modality), the given dates, and
the same place id, place name or a place within 50 km (checked exactly after), or a shared
participant where one place is unknown. The statements are built once per shape with bound
parameters, so that an article costs a few executions, not the building of SQL.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Connection, and_, bindparam, literal_column, null, select, union
from sqlalchemy.sql.elements import ColumnElement

from rasd.record import Geo
from rasd.relate.across import (
    _NEAR_KM,
    FLOATING,
    MERGE_WINDOW_DAYS,
    MergeDate,
    _km,
    days_meet,
    fits_day,
    merge_date,
)
from rasd.store import schema

CONFLICT_MODALITIES = ("asserted", "denied")
_KM_PER_DEGREE = 111.19
_DLAT = _NEAR_KM / _KM_PER_DEGREE * 1.01  # a box in latitude that holds every point within _NEAR_KM
FLOATER_PART = {"e": "f", "c": "g"}  # the keys of one floating report, by the partition it is in


@dataclass(frozen=True)
class Item:
    """What blocking and matching need of one event report (stored, or about to be)."""

    id: int
    num: int  # documents.num of its article
    type: str
    modality: str
    date: str | None
    location: str | None
    location_name: str | None
    lat: float | None
    lon: float | None
    start: int
    end: int
    participants: frozenset[str]
    published: str | None = None  # its article's

    @property
    def when(self) -> MergeDate:
        return merge_date(self.date, self.published)


def same_place(
    a: Item, location: str | None, name: str | None, lat: float | None, lon: float | None
) -> bool | None:
    """``rasd.relate.across._same_place`` on stored fields: True, False, or None (a place unknown)."""
    if a.location is None or location is None:
        return None
    if a.location == location:
        return True
    if a.lat is not None and a.lon is not None and lat is not None and lon is not None:
        return _km(Geo(lat=a.lat, lon=a.lon), Geo(lat=lat, lon=lon)) <= _NEAR_KM
    return a.location_name is not None and a.location_name == name


def linked(a: Item, b: Item) -> bool:
    """``rasd.relate.across.linked``: type, not one sentence, place or a shared participant."""
    if a.type != b.type or (a.num == b.num and a.start == b.start and a.end == b.end):
        return False
    place = same_place(a, b.location, b.location_name, b.lat, b.lon)
    return bool(place) or (place is None and bool(a.participants & b.participants))


def anchors_join(a: Item, b: Item) -> bool:
    """Two day-dated reports are one event (``_group``'s first step)."""
    return days_meet(a.when.value, b.when.value) and linked(a, b)


def fits(floating: Item, anchor: Item) -> bool:
    """A floating report fits a day-dated one."""
    return fits_day(floating.when, anchor.when.value) and linked(floating, anchor)


def pooled(a: Item, b: Item) -> bool:
    """Two floating reports that fit no group of day-dated ones are one event."""
    return a.when.bucket == b.when.bucket and linked(a, b)


def anchor_groups(conn: Connection, new: Item, part: str) -> set[int]:
    """The groups of day-dated reports (partition ``part``) with a report that ``new`` (day-dated or
    floating) joins or fits."""
    when = new.when
    if when.kind == "day":
        day = date.fromisoformat(when.value)
        return _lookup(conn, new, part, [(day + timedelta(days=d)).isoformat() for d in (-1, 0, 1)])
    if when.kind == "window":
        return _lookup(conn, new, part, when.days())
    return _lookup(conn, new, part, _days_of(when.value))


def _days_of(period: str) -> list[str]:
    """Every day of a month («2015-06») or a year: equality on the indexed date, not a prefix."""
    year, month = int(period[:4]), int(period[5:7]) if len(period) == 7 else None
    first = date(year, month or 1, 1)
    end = date(year + 1, 1, 1) if month is None or month == 12 else date(year, month + 1, 1)
    return [(first + timedelta(days=d)).isoformat() for d in range((end - first).days)]


def floaters_fitting(conn: Connection, anchor: Item, part: str) -> set[int]:
    """The stored floating reports (their ords) that the day-dated ``anchor`` fits."""
    day = date.fromisoformat(anchor.when.value)
    buckets = [f"w{(day + timedelta(days=d)).isoformat()}" for d in range(MERGE_WINDOW_DAYS + 1)]
    buckets += [f"m{anchor.when.value[:7]}", f"y{anchor.when.value[:4]}"]
    return _lookup(conn, anchor, FLOATER_PART[part], buckets)


def pool_mates(conn: Connection, floating: Item, part: str) -> set[int]:
    """The stored floating reports (their ords) of ``floating``'s bucket that it is linked to."""
    assert floating.when.kind in FLOATING
    return _lookup(conn, floating, FLOATER_PART[part], [floating.when.bucket])


def _lookup(conn: Connection, new: Item, part: str, value: list[str]) -> set[int]:
    """``grp`` of the keys of ``part`` whose date is one of ``value``, of ``new``'s type (and
    modality), and whose place or participant links to ``new``: lookups on (type, place, date)
    indexes, so they read the keys of those dates only, however many other dates are stored."""
    geo = new.lat is not None and new.lon is not None
    lon_box = geo and _lon_box(new.lat, new.lon) is not None  # type: ignore[arg-type]
    shape = (
        part,
        new.location is not None,
        new.location is not None and new.location_name is not None,
        new.location is not None and geo,
        lon_box,
        bool(new.participants),
    )
    if not (shape[1] or shape[5]):
        return set()
    params: dict[str, Any] = {"type": new.type, "modality": new.modality if part in "ef" else ""}
    params["dates"] = value
    if new.location is not None:
        params |= {"location": new.location, "name": new.location_name}
    if geo:
        assert new.lat is not None and new.lon is not None
        params |= {"lat_lo": new.lat - _DLAT, "lat_hi": new.lat + _DLAT}
        box = _lon_box(new.lat, new.lon)
        if box is not None:
            params |= {"lon_lo": box[0], "lon_hi": box[1]}
    if new.participants:
        params["people"] = sorted(new.participants)
    found: set[int] = set()
    for group, location, name, lat, lon in conn.execute(_statement(*shape), params).all():
        # A participant's key (no place) is a match; a place's key is one when the places agree.
        if location is None or same_place(new, location, name, lat, lon):
            found.add(group)
    return found


def _lon_box(lat: float, lon: float) -> tuple[float, float] | None:
    """Longitudes within _NEAR_KM, or None near a pole or the antimeridian (latitude alone then)."""
    cos = math.cos(math.radians(min(90.0, abs(lat) + _DLAT)))
    if cos <= 0.05 or abs(lon) + _DLAT / cos >= 180:
        return None
    return lon - _DLAT / cos, lon + _DLAT / cos


@cache
def _statement(part: str, placed: bool, named: bool, geo: bool, lon_box: bool, people: bool) -> Any:
    """The lookups of one shape, as one statement with bound parameters (built once per shape)."""
    keys, who = schema.fold_keys, schema.fold_part_keys
    lookups: list[Any] = []
    if placed:
        block = _block(keys, part)
        where: list[ColumnElement[bool]] = [keys.c.location == bindparam("location")]
        if named:
            where.append(keys.c.location_name == bindparam("name"))
        if geo:
            box = [keys.c.lat.is_not(None), keys.c.lat.between(bindparam("lat_lo"), bindparam("lat_hi"))]
            if lon_box:
                box.append(keys.c.lon.between(bindparam("lon_lo"), bindparam("lon_hi")))
            where.append(and_(*box))
        columns = (keys.c.grp, keys.c.location, keys.c.location_name, keys.c.lat, keys.c.lon)
        lookups += [select(*columns).where(*block, condition) for condition in where]
    if people:
        nothing = (null().label(name) for name in ("location", "location_name", "lat", "lon"))
        shared = select(who.c.grp, *nothing).where(
            *_block(who, part), who.c.entity_id.in_(bindparam("people", expanding=True))
        )
        if placed:  # a known place on both sides is decided by the place alone
            shared = shared.where(who.c.placed == 0)
        lookups.append(shared)
    return union(*lookups) if len(lookups) > 1 else lookups[0]


def _block(table: Any, part: str) -> list[ColumnElement[bool]]:
    # ``part || ''``: not an indexed term, so that SQLite (no statistics) searches the (type, place,
    # date) index, not every key of the part through (part, grp), which grows with the store
    block = [table.c.part.concat(literal_column("''")) == part, table.c.type == bindparam("type")]
    if part in "ef":
        block.append(table.c.modality == bindparam("modality"))
    return [*block, table.c.date.in_(bindparam("dates", expanding=True))]
