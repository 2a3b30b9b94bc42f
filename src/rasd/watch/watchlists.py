"""Watchlists: the people, groups, places, event types and countries an analyst follows.

What each kind of watch is touched by (what a duty analyst expects to be told about):

- an entity: events where it is an actor, target or the place; relations it is part of; claims
  about it; contradictions about it;
- a place with a radius: events whose coordinates fall within the radius;
- an event type (``attack``, or an ACLED event/sub-event type): events of that type;
- a country: events located in it.

Places and countries are scopes for events; a claim that merely names Mali is not news about Mali.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Engine, Row, delete, select

from rasd.kb import KnowledgeBase
from rasd.record import Document, Event, Geo
from rasd.relate.matching import load_data
from rasd.store import schema
from rasd.watch.places import Places, km_between

WatchKind = Literal["entity", "place", "event_type", "country"]
WATCH_KINDS: tuple[WatchKind, ...] = ("entity", "place", "event_type", "country")
DEFAULT_RADIUS_KM = 50.0


class WatchlistError(ValueError):
    """A watch that cannot be added; the message is the one line shown to the user."""


@dataclass(frozen=True)
class Watch:
    id: int
    kind: WatchKind
    value: str
    label: str
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"id": self.id, "kind": self.kind, "value": self.value, "label": self.label}
        if self.kind == "place":
            out.update(lat=self.lat, lon=self.lon, radius_km=self.radius_km)
        return out


def event_types() -> list[str]:
    return sorted(load_data("events")["types"])


def resolve(kb: KnowledgeBase, kind: WatchKind, what: str, radius_km: float | None) -> Watch:
    """The watch an analyst means by ``what`` (id 0: not stored yet). Names must name exactly one
    knowledge-base entity; the error line says what to type instead."""
    what = " ".join(what.split())
    if kind == "entity":
        found = kb.find(what)
        if len(found) != 1:
            raise WatchlistError(_ambiguous(what, [f"{e.id} ({e.name})" for e in found]))
        return Watch(0, "entity", found[0].id, found[0].name)
    if kind == "country":
        iso = what.upper() if len(what) == 2 and what.isascii() else None
        if iso is None:
            countries = [e for e in kb.find(what) if e.id.startswith("country:")]
            if len(countries) != 1:
                raise WatchlistError(_ambiguous(what, [e.id for e in countries], "a two-letter ISO code"))
            iso = countries[0].id.split(":", 1)[1]
        ent = kb.get(f"country:{iso}")
        return Watch(0, "country", iso, ent.name if ent else iso)
    if kind == "event_type":
        known = event_types()
        if what not in known and not _acled_type(what):
            raise WatchlistError(
                f"unknown event type {what!r} (one of: {', '.join(known)}, or an ACLED type)"
            )
        return Watch(0, "event_type", what, what)
    radius = radius_km if radius_km is not None else DEFAULT_RADIUS_KM
    if radius <= 0:
        raise WatchlistError("--radius must be more than 0 km")
    point = _lat_lon(what)
    if point is not None:
        return Watch(0, "place", f"{point[0]:.4f},{point[1]:.4f}", what, point[0], point[1], radius)
    places = [e for e in kb.find(what) if e.place is not None]
    if len(places) != 1:
        raise WatchlistError(_ambiguous(what, [f"{e.id} ({e.name})" for e in places], "LAT,LON"))
    place = places[0]
    assert place.place is not None
    return Watch(0, "place", place.id, place.name, place.place.lat, place.place.lon, radius)


def _ambiguous(what: str, candidates: list[str], instead: str = "an entity id") -> str:
    if not candidates:
        return f"{what!r} names no knowledge-base entity; give {instead}"
    return f"{what!r} names {len(candidates)} entities ({', '.join(candidates[:5])}); give {instead}"


def _lat_lon(text: str) -> tuple[float, float] | None:
    parts = text.replace(" ", "").split(",")
    if len(parts) != 2:
        return None
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        return None
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def _acled_type(what: str) -> bool:
    # ACLED's own names («Battles», «Remote explosive/landmine/IED») are free text: accept any with a
    # capital, matched case-insensitively against each event's ACLED coding.
    return what[:1].isupper()


class Watchlist:
    """The stored watchlist (``watchlist`` table)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, watch: Watch) -> tuple[Watch, bool]:
        """Store it; (the stored watch, False) when it was already there."""
        w = schema.watchlist
        with self.engine.begin() as conn:
            row = conn.execute(
                select(w).where(w.c.kind == watch.kind, w.c.value == watch.value)
            ).one_or_none()
            if row is not None:
                return _watch(row), False
            new_id = conn.execute(
                w.insert()
                .values(
                    kind=watch.kind,
                    value=watch.value,
                    label=watch.label,
                    lat=watch.lat,
                    lon=watch.lon,
                    radius_km=watch.radius_km,
                    created_at=datetime.now(UTC),
                )
                .returning(w.c.id)
            ).scalar_one()
        return Watch(
            new_id, watch.kind, watch.value, watch.label, watch.lat, watch.lon, watch.radius_km
        ), True

    def remove(self, id_or_value: str) -> list[Watch]:
        """Remove by number, value (entity id, ISO code, type) or label; the removed watches."""
        w = schema.watchlist
        gone = [
            x
            for x in self.all()
            if id_or_value in (str(x.id), x.value, x.label) or id_or_value.upper() == x.value
        ]
        if gone:
            with self.engine.begin() as conn:
                conn.execute(delete(w).where(w.c.id.in_([x.id for x in gone])))
        return gone

    def all(self) -> list[Watch]:
        w = schema.watchlist
        with self.engine.connect() as conn:
            return [_watch(row) for row in conn.execute(select(w).order_by(w.c.id))]


def _near(w: Watch, location: str | None, geo: Geo | None) -> bool:
    if location is not None and location == w.value:
        return True
    if geo is None or w.lat is None or w.lon is None:
        return False
    return km_between(geo.lat, geo.lon, w.lat, w.lon) <= (w.radius_km or 0)


def _watch(row: Row[Any]) -> Watch:
    return Watch(row.id, row.kind, row.value, row.label, row.lat, row.lon, row.radius_km)


class Matcher:
    """Which watches a fact touches. Entity ids are compared after the analysts' merges."""

    def __init__(self, watches: list[Watch], places: Places, merged: dict[str, str] | None = None) -> None:
        self.watches = watches
        self.places = places
        self.merged = merged or {}
        self.entities = {w.value: w for w in watches if w.kind == "entity"}
        for old, new in self.merged.items():  # a watch on a merged-away id follows the kept one
            if old in self.entities and new not in self.entities:
                self.entities[new] = self.entities[old]

    def __bool__(self) -> bool:
        return bool(self.watches)

    def _ids(self, ids: list[str | None]) -> list[Watch]:
        found = [self.entities.get(self.merged.get(i, i)) for i in ids if i]
        return list(dict.fromkeys(w for w in found if w is not None))

    def event(self, doc: Document, ev: Event) -> list[Watch]:
        hits = self._ids([*ev.actors, *ev.targets, ev.location])
        geo = ev.geo or self.places.geo_of(doc, ev.location)
        country: str | None = None
        country_known = False
        for w in self.watches:
            if w.kind == "event_type":
                coded = ev.acled
                names = {ev.type.lower()} | (
                    {coded.event_type.lower(), coded.sub_event_type.lower()} if coded else set()
                )
                if w.value.lower() in names:
                    hits.append(w)
            elif w.kind == "country":
                if not country_known:
                    country, country_known = self.places.country_of(ev.location, geo), True
                if country == w.value:
                    hits.append(w)
            elif w.kind == "place" and _near(w, ev.location, geo):
                hits.append(w)
        return list(dict.fromkeys(hits))

    def entity_ids(self, ids: list[str]) -> list[Watch]:
        return self._ids(list(ids))
