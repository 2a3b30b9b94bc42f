"""Geocode places that the knowledge base does not hold, from the shipped GeoNames extract.

``data/geo/cities.tsv`` (built by ``rasd.kb.geo_build``) lists cities of the field's countries by
their Arabic names, field countries first and larger cities first, so the first city for a name
is the one news means unless the article names another city's country.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from rasd.kb import KnowledgeBase
from rasd.kb.names import name_key, name_rules
from rasd.record import Geo
from rasd.resolve.linking import key_variants


@dataclass(frozen=True)
class City:
    geonameid: int
    country: str
    lat: float
    lon: float
    population: int
    name: str

    @property
    def entity_id(self) -> str:
        return f"geonames:{self.geonameid}"

    def geo(self) -> Geo:
        return Geo(lat=self.lat, lon=self.lon, precision="city")


@cache
def city_index() -> dict[str, list[City]]:
    index: dict[str, list[City]] = {}
    text = resources.files("rasd.data.geo").joinpath("cities.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        gid, cc, lat, lon, pop, name, arabic = line.split("\t")
        city = City(int(gid), cc, float(lat), float(lon), int(pop), name)
        for ar in arabic.split("|"):
            bucket = index.setdefault(name_key(ar), [])
            if city not in bucket:
                bucket.append(city)
    return index


def geocode_city(key: str, countries: set[str] | frozenset[str] = frozenset()) -> City | None:
    """The city a place-name key means, preferring one in a country the article names."""
    index = city_index()
    for variant, _ in key_variants(key, "LOC"):
        cities = index.get(variant)
        if cities:
            return next((c for c in cities if c.country in countries), cities[0])
    return None


def part_of_place(key: str, kb: KnowledgeBase) -> tuple[str, Geo] | None:
    """«شمال مالي» → (the place it is part of, its coordinates at region precision)."""
    words = key.split(" ")
    for compass in sorted(name_rules()["compass_words"], key=len, reverse=True):
        head = compass.split(" ")
        if words[: len(head)] != head or len(words) == len(head):
            continue
        rest = " ".join(words[len(head) :])
        for variant, _ in key_variants(rest, "LOC"):
            places = [e for e, s in kb.lookup(variant) if s != "needs_context" and kb.entities[e].place]
            if len(places) == 1:
                ent = kb.entities[places[0]]
                assert ent.place is not None
                return ent.name, Geo(lat=ent.place.lat, lon=ent.place.lon, precision="region")
        city = geocode_city(rest)
        if city:
            return city.name, Geo(lat=city.lat, lon=city.lon, precision="region")
    return None
