"""Blocking for the stored fold: which stored groups a new event may join, and ``same_event`` on stored
fields (``rasd.relate.across`` on documents; these must agree with it, and tests/test_store_fold.py
checks that they do).

A group's blocking keys (``fold_keys``: type, modality, date, place; ``fold_part_keys``: type, modality,
date, placed or not, participant) are each stored once, however many reports share them. A new event
looks up, in one statement of indexed lookups, the keys of the same type (and modality) whose date
``dates_compatible`` with its own and whose place is its place id, its place name or within 50 km
(checked exactly after), or which share a participant where one place is unknown. The statements are
built once per shape (which lookups, which kind of date) with bound parameters, so that an article
costs a few executions, not the building of SQL.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, null, or_, select, union
from sqlalchemy.sql.elements import ColumnElement

from rasd.record import Geo
from rasd.relate.across import _NEAR_KM, _km
from rasd.store import schema

CONFLICT_MODALITIES = ("asserted", "denied")
_KM_PER_DEGREE = 111.19
_DLAT = _NEAR_KM / _KM_PER_DEGREE * 1.01  # a box in latitude that holds every point within _NEAR_KM


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


def unknown_date(value: str | None) -> bool:
    return not value or value.startswith("-")


def dates_fit(a: str | None, b: str | None) -> bool:
    """``dates_compatible`` on date values."""
    if unknown_date(a) or unknown_date(b):
        return True
    assert a is not None and b is not None
    if a.startswith(b) or b.startswith(a):
        return True
    if len(a) == 10 and len(b) == 10:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= 1
    return False


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


def same_item(a: Item, b: Item) -> bool:
    """``rasd.relate.across.same_event`` on two items of one block."""
    if a.type != b.type or not dates_fit(a.date, b.date):
        return False
    if a.num == b.num and a.start == b.start and a.end == b.end:
        return False  # two events of one sentence are never one
    place = same_place(a, b.location, b.location_name, b.lat, b.lon)
    if place is False:
        return False
    return bool(place) or bool(a.participants & b.participants)


def candidate_groups(conn: Connection, new: Item, part: str) -> set[int]:
    """The groups (of partition ``part``: "e" merged events, "c" contradictions) holding a stored
    item that ``same_event`` joins to ``new``."""
    known = not unknown_date(new.date)
    day = known and _iso_day(new.date) is not None
    geo = new.lat is not None and new.lon is not None
    lon_box = geo and _lon_box(new.lat, new.lon) is not None  # type: ignore[arg-type]
    shape = (
        part,
        new.location is not None,
        new.location is not None and new.location_name is not None,
        new.location is not None and geo,
        lon_box,
        bool(new.participants),
        "day" if day else "known" if known else "any",
    )
    if not (shape[1] or shape[5]):
        return set()
    params: dict[str, Any] = {"type": new.type, "modality": new.modality if part == "e" else ""}
    if known:
        assert new.date is not None
        params |= {
            "prefixes": [new.date[:k] for k in range(1, len(new.date) + 1)],
            "length": len(new.date),
            "value": new.date,
        }
        parsed = _iso_day(new.date)
        if parsed is not None:
            params["neighbours"] = [(parsed + timedelta(days=d)).isoformat() for d in (-1, 1)]
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


def _iso_day(value: str | None) -> date | None:
    if value is None or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _lon_box(lat: float, lon: float) -> tuple[float, float] | None:
    """Longitudes within _NEAR_KM, or None near a pole or the antimeridian (latitude alone then)."""
    cos = math.cos(math.radians(min(90.0, abs(lat) + _DLAT)))
    if cos <= 0.05 or abs(lon) + _DLAT / cos >= 180:
        return None
    return lon - _DLAT / cos, lon + _DLAT / cos


@cache
def _statement(
    part: str, placed: bool, named: bool, geo: bool, lon_box: bool, people: bool, dates: str
) -> Any:
    """The lookups of one shape, as one statement with bound parameters (built once per shape)."""
    keys, who = schema.fold_keys, schema.fold_part_keys
    lookups: list[Any] = []
    if placed:
        block = _block(keys, part, dates)
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
            *_block(who, part, dates), who.c.entity_id.in_(bindparam("people", expanding=True))
        )
        if placed:  # a known place on both sides is decided by the place alone
            shared = shared.where(who.c.placed == 0)
        lookups.append(shared)
    return union(*lookups) if len(lookups) > 1 else lookups[0]


def _block(table: Any, part: str, dates: str) -> list[ColumnElement[bool]]:
    block = [table.c.part == part, table.c.type == bindparam("type")]
    if part == "e":
        block.append(table.c.modality == bindparam("modality"))
    if dates == "any":
        return block
    column = table.c.date
    fits = [
        column.is_(None),
        column.in_(bindparam("prefixes", expanding=True)),
        func.substr(column, 1, bindparam("length")) == bindparam("value"),
    ]
    if dates == "day":
        fits.append(column.in_(bindparam("neighbours", expanding=True)))
    return [*block, or_(*fits)]
