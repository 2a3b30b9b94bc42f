"""Choosing a place as a geocoder does: the article's countries, admin units and other places, the
feature class and population; no jump to another continent without support; admin fields filled."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import shared_gazetteer, shared_kb
from rasd.kb.names import name_key
from rasd.record import Document, TaggedSpan
from rasd.resolve import resolve_entities
from rasd.resolve.geocode import Gazetteer, GeoContext, acled_geo_precision


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def _choose(gaz: Gazetteer, name: str, countries: set[str] | None = None) -> tuple[str, str, str] | None:
    match = gaz.choose(name_key(name), GeoContext(countries=countries or set()))
    return (match.place.name, match.place.country, match.place.fcode) if match else None


def test_the_articles_country_decides_between_homonyms(gaz: Gazetteer) -> None:
    assert _choose(gaz, "باما", {"NG"})[:2] == ("Bama", "NG")  # type: ignore[index]
    assert _choose(gaz, "باما", {"BF"})[:2] == ("Pama", "BF")  # type: ignore[index]


def test_a_name_with_no_arabic_spelling_is_found_by_transliteration(gaz: Gazetteer) -> None:
    match = gaz.choose(name_key("غوزا"), GeoContext(countries={"NG"}))
    assert match is not None and match.how == "transliteration"
    assert (match.place.name, match.place.admin1) == ("Gwoza", "Borno")


def test_a_town_before_the_district_of_its_name_unless_the_text_says_district(gaz: Gazetteer) -> None:
    town = _choose(gaz, "دوينتزا", {"ML"})
    assert town is not None and town[2].startswith("PPL")
    unit = _choose(gaz, "إقليم سوم", {"BF"})
    assert unit is not None and unit[2] == "ADM2"


def test_no_jump_to_another_continent_without_support(gaz: Gazetteer) -> None:
    assert _choose(gaz, "غالفستون") is None  # Galveston, Texas: a small US city, no US in the article
    assert _choose(gaz, "غالفستون", {"US"}) == ("Galveston", "US", "PPL")


def test_part_of_a_place_is_never_read_as_a_transliterated_village(gaz: Gazetteer) -> None:
    assert gaz.candidates(name_key("شمال مالي")) == []


def test_other_places_in_the_article_pull_a_village_their_way(gaz: Gazetteer) -> None:
    # Dioura: a village of Mopti (Ténenkou) and one of Kayes (Nioro)
    near_mopti = gaz.choose(name_key("ديورا"), GeoContext(countries={"ML"}, points=[(14.46, -4.92)]))
    near_nioro = gaz.choose(name_key("ديورا"), GeoContext(countries={"ML"}, points=[(15.23, -9.59)]))
    assert near_mopti is not None and near_mopti.place.admin1 == "Mopti"
    assert near_nioro is not None and near_nioro.place.admin1 == "Kayes"


def test_geo_carries_country_and_admin_units() -> None:
    text = "هاجم مسلحون بلدة غوزا في ولاية بورنو بنيجيريا."
    start = text.index("غوزا")
    doc = Document(
        id="d",
        source="t",
        text=text,
        spans=[TaggedSpan(start=start, end=start + 4, text="غوزا", label="LOC")],
    )
    resolve_entities(doc, shared_kb(), shared_gazetteer())
    ent = next(e for e in doc.entities if e.mentions[0].start == start)
    assert ent.geo is not None
    assert (ent.geo.country, ent.geo.admin1, ent.geo.admin2, ent.geo.precision) == (
        "NG",
        "Borno",
        "Gwoza",
        "city",
    )
    assert "transliteration" in (ent.resolution or "")
    record = json.loads(doc.to_json())
    assert record["entities"][0]["geo"]["country"] == "NG"


def test_precision_maps_to_acled_geo_precision() -> None:
    assert [acled_geo_precision(p) for p in ("city", "feature", "admin2", "region", "admin1", "country")] == [
        1,
        1,
        2,
        2,
        3,
        3,
    ]


def test_the_scorer_reads_a_paragraph_gold_file(tmp_path: Path, gaz: Gazetteer) -> None:
    from rasd.evaluate.geocode import paragraph_items, score_items

    gold = {
        "paragraphs": [
            {
                "id": "p1",
                "text": "قتل جنود في هجوم على بلدة أيورو غربي النيجر.",
                "entities": {
                    "ayorou": {"type": "LOC", "names": ["أيورو"], "geo": [14.73, 0.92]},
                    "niger": {"type": "LOC", "names": ["النيجر"], "geo": [17.0, 9.0]},
                },
            }
        ]
    }
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    tallies = score_items(paragraph_items(path), shared_kb(), gaz)
    assert tallies["all"].total == 2
    assert tallies["towns"].correct == 1 and tallies["countries"].correct == 1


def _spans(text: str, typed: list[tuple[str, str, int]]) -> list[TaggedSpan]:
    """Spans for (surface, label, which occurrence)."""
    out = []
    for surface, label, nth in typed:
        start = -1
        for _ in range(nth + 1):
            start = text.index(surface, start + 1)
        out.append(TaggedSpan(start=start, end=start + len(surface), text=surface, label=label))  # type: ignore[arg-type]
    return out


def test_a_town_typed_as_a_person_is_a_place_in_the_articles_country() -> None:
    text = "قال مصدر أمني في النيجر إن مسلحين هاجموا مرادي أمس."
    doc = Document(id="d", source="t", text=text, spans=_spans(text, [("مرادي", "PER", 0)]))
    resolve_entities(doc, shared_kb(), shared_gazetteer())
    ent = next(e for e in doc.entities if e.name == "مرادي")
    assert ent.type == "LOC" and ent.geo is not None and ent.geo.country == "NE"
    assert "typed a place" in (ent.resolution or "")


def test_one_type_per_name_a_person_named_so_elsewhere_stays_a_person() -> None:
    text = "التقى كوليبالي بالوزير. وقال كوليبالي إن الوضع هادئ."
    doc = Document(
        id="d", source="t", text=text, spans=_spans(text, [("كوليبالي", "PER", 0), ("كوليبالي", "LOC", 1)])
    )
    resolve_entities(doc, shared_kb(), shared_gazetteer())
    people = [e for e in doc.entities if e.name == "كوليبالي"]
    assert [e.type for e in people] == ["PER"] and len(people[0].mentions) == 2


def test_a_place_named_in_the_same_sentence_weighs_more(tmp_path: Path) -> None:
    from rasd.build.gazetteer import Row, write

    rows = {
        "geonames:1": Row("geonames:1", "P", "PPL", "ML", 15.05, -2.2, 0, "Dioura", "Mopti", "Douentza"),
        "geonames:2": Row("geonames:2", "P", "PPL", "ML", 12.45, -8.6, 0, "Dioura", "Koulikoro", "Kati"),
        "geonames:3": Row(
            "geonames:3", "P", "PPLA2", "ML", 15.0, -2.95, 8000, "Douentza", "Mopti", "Douentza"
        ),
        "geonames:4": Row("geonames:4", "P", "PPLA2", "ML", 12.74, -8.07, 8000, "Kati", "Koulikoro", "Kati"),
    }
    rows["geonames:3"].add_arabic(["دوينتزا"])
    rows["geonames:4"].add_arabic(["كاتي"])
    path = tmp_path / "g.tsv.gz"
    write(rows, path)
    gaz = Gazetteer.load(path)
    keys = [name_key(n) for n in ("ديورا", "كاتي", "دوينتزا")]
    ctx = GeoContext(countries={"ML"})
    near_kati = gaz.geocode_all(keys, ctx, {keys[0]: {0}, keys[1]: {0}, keys[2]: {1}})
    near_douentza = gaz.geocode_all(keys, ctx, {keys[0]: {1}, keys[1]: {0}, keys[2]: {1}})
    assert near_kati[keys[0]].place.id == "geonames:2"
    assert near_douentza[keys[0]].place.id == "geonames:1"


@pytest.mark.parametrize(
    ("name", "countries", "expect"),
    [
        ("جدة", {"MA"}, ("Jeddah", "SA")),  # a name held in Arabic is that place, not Oujda read alike
        ("التعاون", {"LV", "ML"}, None),  # a common word is no country (Latvia) however it reads
        ("بلاد", {"ML"}, None),  # nor a Malian hamlet
        ("البورسانية", {"SN", "TN"}, None),  # an Arabic name is not read into a Wolof village
        ("جامبيا", {"ML"}, ("Gambia", "GM")),  # a country written otherwise than CLDR writes it
        ("سيفاري", {"ML"}, ("Sévaré", "ML")),  # ف for French v
    ],
)
def test_transliteration_stays_strict_where_the_wild_tripped_it(
    gaz: Gazetteer, name: str, countries: set[str], expect: tuple[str, str] | None
) -> None:
    match = gaz.choose(name_key(name), GeoContext(countries=countries))
    assert (match.place.name, match.place.country) == expect if expect else match is None
