"""Geocoding: every place gets coordinates and a precision from offline data."""

from __future__ import annotations

import pytest

from conftest import resolved_document, shared_gazetteer, shared_kb
from rasd.kb.names import name_key
from rasd.record import Document, Entity, TaggedSpan
from rasd.resolve import resolve_entities
from rasd.resolve.geocode import geocode_city


def _place(text: str, surface: str) -> Entity:
    start = text.index(surface)
    doc = resolved_document(text, [(surface, "LOC")])
    end = start + len(surface)
    return next(e for e in doc.entities if any(m.start < end and start < m.end for m in e.mentions))


def test_aljazair_alone_is_the_country() -> None:
    ent = _place("قالت الجزائر إنها ترفض التدخل العسكري.", "الجزائر")
    assert ent.id == "country:DZ"
    assert ent.geo is not None and ent.geo.precision == "country"
    assert ent.kb == {"wikidata": "Q262"}


@pytest.mark.parametrize(
    "text", ["وصل الوفد إلى الجزائر العاصمة أمس.", "وصل الوفد إلى العاصمة الجزائرية أمس."]
)
def test_the_capital_when_the_text_says_so(text: str) -> None:
    doc = Document(id="d", source="t", text=text)
    resolve_entities(doc, shared_kb(), shared_gazetteer())
    [ent] = doc.entities
    assert ent.id == "rasd:algiers"
    assert ent.geo is not None and ent.geo.precision == "city" and abs(ent.geo.lat - 36.73) < 0.1


@pytest.mark.parametrize(("a", "b"), [("ورڤلة", "ورقلة"), ("غت", "غات"), ("تمبكتو", "تنبكتو")])
def test_spelling_variants_resolve_to_one_place(a: str, b: str) -> None:
    ea, eb = _place(f"اعتقل في {a} أمس.", a), _place(f"اعتقل في {b} أمس.", b)
    assert ea.id == eb.id and ea.geo == eb.geo and ea.geo is not None


@pytest.mark.parametrize(
    ("name", "precision"),
    [
        ("جبال إيفوغاس", "feature"),
        ("غابة واغادو", "feature"),
        ("أزواد", "region"),
        ("سيناء", "region"),
        ("الساحل", "region"),
        ("الصحراء", "region"),
    ],
)
def test_curated_regions_and_features(name: str, precision: str) -> None:
    ent = _place(f"تنشط الجماعات في {name} منذ سنوات.", name)
    assert ent.geo is not None and ent.geo.precision == precision


def test_a_city_only_geonames_knows_gets_a_geonames_id() -> None:
    ent = _place("اعتقل المشتبه به في مدينة وهران.", "مدينة وهران")
    assert ent.id == "geonames:2485926"
    assert ent.geo is not None and ent.geo.precision == "city"
    assert "GeoNames" in (ent.resolution or "")


def test_homonymous_cities_follow_the_country_the_article_names() -> None:
    assert geocode_city(name_key("طرابلس"), shared_gazetteer()).country == "LY"
    assert geocode_city(name_key("طرابلس"), shared_gazetteer(), {"LB"}).country == "LB"


def test_an_unknown_place_keeps_a_stable_id_without_coordinates() -> None:
    ent = _place("وصلوا إلى قرية تاغزوت الوهمية.", "تاغزوت الوهمية")
    assert ent.id.startswith("loc:") and ent.geo is None


def test_part_of_a_place_is_its_own_entity_geocoded_at_region_precision() -> None:
    ent = _place("تنشط الجماعات المسلحة في شمال مالي منذ 2012.", "شمال مالي")
    assert ent.id.startswith("loc:") and ent.name == "شمال مالي"
    assert ent.geo is not None and ent.geo.precision == "region" and ent.geo.lat == 17.6


def test_world_capitals_and_macro_regions_are_geocoded() -> None:
    from rasd.record import Document
    from rasd.resolve import resolve_entities

    cases = [
        ("أعلنت واشنطن دعمها", "واشنطن", "city", 38.9, -77.0),
        ("وصل الوفد إلى موسكو أمس", "موسكو", "city", 55.8, 37.6),  # not Mesquite, Texas
        ("انتشر التنظيم في إفريقيا", "إفريقيا", "region", 2.0, 17.0),
        ("تهديد لأمن أوروبا", "أوروبا", "region", 50.0, 10.0),
        ("دول المغرب العربي", "المغرب العربي", "region", 31.0, 3.0),
        ("زار الوفد جنوب إفريقيا", "جنوب إفريقيا", "country", -29.0, 24.0),  # a country, not part of Africa
    ]
    for text, name, precision, lat, lon in cases:
        start = text.index(name)
        doc = Document(
            id="g",
            source="t",
            text=text,
            spans=[TaggedSpan(start=start, end=start + len(name), text=name, label="LOC")],
        )
        resolve_entities(doc, shared_kb(), shared_gazetteer())
        ent = next(e for e in doc.entities if any(m.start <= start < m.end for m in e.mentions))
        assert ent.geo is not None and ent.geo.precision == precision, name
        assert abs(ent.geo.lat - lat) < 1 and abs(ent.geo.lon - lon) < 1, name
