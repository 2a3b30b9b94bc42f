"""The STIX 2.1 export: the seed articles as one bundle that stix2 parses and platforms can load."""

from __future__ import annotations

import io
import json

import pytest
import stix2

from rasd.export import Knowledge, write_export
from rasd.export.stix import EXTENSION_ID, write_stix
from rasd.record import Acled, Document, Entity, Event, EventDate, Geo, Mention, Relation, Span


def _export(knowledge: Knowledge) -> tuple[int, bytes]:
    out = io.BytesIO()
    count = write_stix(knowledge, out)
    return count, out.getvalue()


@pytest.fixture(scope="module")
def seed_bundle(seed_knowledge: Knowledge) -> tuple[int, bytes, dict]:
    count, data = _export(seed_knowledge)
    return count, data, json.loads(data)


def _by_rasd_id(bundle: dict, rasd_id: str) -> dict:
    found = [o for o in bundle["objects"] if o.get("x_rasd_id") == rasd_id]
    assert len(found) == 1, (rasd_id, found)
    return found[0]


def test_seed_bundle_parses_and_counts(seed_bundle):
    count, data, bundle = seed_bundle
    parsed = stix2.parse(data.decode("utf-8"), allow_custom=True)
    assert parsed.type == "bundle"
    assert count == len(bundle["objects"]) == len(parsed.objects) > 0
    ids = [o["id"] for o in bundle["objects"]]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    # Arabic is written as UTF-8, not \\u escapes.
    assert "مختار بلمختار".encode() in data and b"\\u0645" not in data


def test_belmokhtar_is_a_listed_threat_actor(seed_bundle):
    actor = _by_rasd_id(seed_bundle[2], "rasd:mokhtar-belmokhtar")
    assert actor["type"] == "threat-actor"
    assert actor["name"] == "مختار بلمختار"
    assert "بلعور" in actor["aliases"]
    assert actor["threat_actor_types"] == ["terrorist"]
    assert actor["resource_level"] == "individual"
    assert {"source_name": "un-sanctions", "external_id": "QDi.136"} in actor["external_references"]


def test_armed_groups_are_threat_actors(seed_bundle):
    aqim = _by_rasd_id(seed_bundle[2], "rasd:aqim")
    assert aqim["type"] == "threat-actor" and aqim["resource_level"] == "organization"
    assert aqim["name"] == "تنظيم القاعدة في بلاد المغرب الإسلامي"
    al_qaeda = _by_rasd_id(seed_bundle[2], "rasd:al-qaeda")
    assert {
        "source_name": "wikidata",
        "external_id": "Q34490",
        "url": "https://www.wikidata.org/wiki/Q34490",
    } in al_qaeda["external_references"]


def test_other_entities_are_identities(seed_bundle):
    bundle = seed_bundle[2]
    gis = _by_rasd_id(bundle, "rasd:egypt-gis")
    assert gis["type"] == "identity" and gis["identity_class"] == "organization"
    assert gis["sectors"] == ["government-national"]
    clinton = _by_rasd_id(bundle, "rasd:hillary-clinton")
    assert clinton["type"] == "identity" and clinton["identity_class"] == "individual"


def test_mali_is_a_country_location(seed_bundle):
    mali = _by_rasd_id(seed_bundle[2], "country:ML")
    assert mali["type"] == "location" and mali["name"] == "مالي"
    assert mali["country"] == "ML"
    assert (mali["latitude"], mali["longitude"]) == (17.6, -2.0)
    region = _by_rasd_id(seed_bundle[2], "rasd:north-africa")
    assert region["region"] == "northern-africa"


def test_relationships_reference_objects_in_the_bundle(seed_bundle):
    bundle = seed_bundle[2]
    ids = {o["id"] for o in bundle["objects"]}
    relationships = [o for o in bundle["objects"] if o["type"] == "relationship"]
    assert relationships
    for rel in relationships:
        assert rel["source_ref"] in ids and rel["target_ref"] in ids, rel
        assert rel["relationship_type"].replace("-", "").isalpha() and rel["relationship_type"].islower()
    actor = _by_rasd_id(bundle, "rasd:mokhtar-belmokhtar")["id"]
    leads = [
        r for r in relationships if r["source_ref"] == actor and r.get("x_rasd_relation_type") == "leader_of"
    ]
    assert len(leads) == 1 and leads[0]["relationship_type"] == "leader-of"
    assert leads[0]["confidence"] == 85 and leads[0]["description"]
    located = [r for r in relationships if r.get("x_rasd_relation_type") == "located_in"]
    assert located and all(r["relationship_type"] == "located-at" for r in located)


def test_a_report_per_article(seed_bundle, seed_knowledge):
    bundle = seed_bundle[2]
    ids = {o["id"] for o in bundle["objects"]}
    reports = {o["x_rasd_document_id"]: o for o in bundle["objects"] if o["type"] == "report"}
    assert set(reports) == {d.id for d in seed_knowledge.documents}
    for doc in seed_knowledge.documents:
        report = reports[doc.id]
        assert report["name"] == (doc.title or doc.source)
        assert report["object_refs"] and set(report["object_refs"]) <= ids
        if doc.published:
            assert report["published"].startswith(doc.published)
        else:
            assert report["x_rasd_published_unknown"] is True
    # Every exported object is traceable to at least one article (but rasd's own identity and the
    # extension definition of its properties).
    reported = {ref for r in reports.values() for ref in r["object_refs"]}
    declared = {EXTENSION_ID, _by_type(bundle, "extension-definition")[0]["created_by_ref"]}
    assert {o["id"] for o in bundle["objects"] if o["type"] != "report"} - declared <= reported


def _by_type(bundle: dict, stix_type: str) -> list[dict]:
    return [o for o in bundle["objects"] if o["type"] == stix_type]


def test_custom_properties_are_declared_by_an_extension(seed_bundle):
    bundle = seed_bundle[2]
    (definition,) = _by_type(bundle, "extension-definition")
    assert definition["id"] == EXTENSION_ID
    assert definition["extension_types"] == ["toplevel-property-extension"]
    (rasd,) = [o for o in _by_type(bundle, "identity") if o["id"] == definition["created_by_ref"]]
    assert rasd["identity_class"] == "system" and rasd["name"] == "rasd"
    declared = set(definition["extension_properties"])
    for obj in bundle["objects"]:
        custom = {k for k in obj if k.startswith("x_")}
        assert custom <= declared, (obj["type"], custom - declared)
        if custom:
            assert obj["extensions"] == {EXTENSION_ID: {"extension_type": "toplevel-property-extension"}}


def test_times_come_from_publication_or_ingestion(seed_documents):
    from datetime import UTC, datetime

    received = {d.id: datetime(2026, 11, 1, 12, 0, tzinfo=UTC) for d in seed_documents}
    _, data = _export(Knowledge.from_documents(seed_documents, received))
    bundle = json.loads(data)
    for obj in bundle["objects"]:
        assert not obj["created"].startswith("1970"), obj
    undated = [d for d in seed_documents if not d.published]
    assert undated
    reports = {o["x_rasd_document_id"]: o for o in _by_type(bundle, "report")}
    for doc in undated:
        if doc.id in reports:
            assert reports[doc.id]["published"] == "2026-11-01T12:00:00Z"
            assert reports[doc.id]["x_rasd_published_unknown"] is True


def test_arabic_urls_are_written_as_uris():
    doc = _planned_document("asserted")
    doc.url = "https://example.org/مقال/هجوم غاو?q=مالي"
    _, data = _export(Knowledge.from_documents([doc]))
    (report,) = _by_type(json.loads(data), "report")
    url = report["external_references"][0]["url"]
    assert url == (
        "https://example.org/%D9%85%D9%82%D8%A7%D9%84/%D9%87%D8%AC%D9%88%D9%85%20%D8%BA%D8%A7%D9%88"
        "?q=%D9%85%D8%A7%D9%84%D9%8A"
    )


def test_output_is_byte_identical(seed_bundle, seed_documents):
    again = _export(Knowledge.from_documents(seed_documents))
    assert again == seed_bundle[:2]
    through_registry = io.BytesIO()
    assert write_export(seed_documents, "stix", through_registry) == seed_bundle[0]
    assert through_registry.getvalue() == seed_bundle[1]


def _planned_document(modality: str) -> Document:
    text = "يخطط مختار بلمختار لهجوم على غاو في مالي."
    whole = Span(start=0, end=len(text))

    def entity(entity_id: str, type_: str, surface: str, **extra) -> Entity:
        at = text.index(surface)
        return Entity(
            id=entity_id,
            type=type_,
            name=surface,
            mentions=[Mention(start=at, end=at + len(surface), text=surface)],
            **extra,
        )

    actor = entity("rasd:mokhtar-belmokhtar", "PER", "مختار بلمختار", kb={"un_sanctions": "QDi.136"})
    place = entity("rasd:gao", "LOC", "غاو", subtype="city", geo=Geo(lat=16.27, lon=-0.04, precision="city"))
    country = entity("country:ML", "LOC", "مالي", subtype="country")
    trigger = Mention(start=text.index("لهجوم"), end=text.index("لهجوم") + 5, text="لهجوم")
    event = Event(
        type="attack",
        acled=Acled(event_type="Violence against civilians", sub_event_type="Attack"),
        trigger=trigger,
        actors=[actor.id],
        location=place.id,
        evidence=whole,
        modality=modality,
        date=EventDate(value="2013-01", text="يناير 2013", precision="month"),
    )
    relation = Relation(
        type="located_in", subject=place.id, object=country.id, evidence=whole, confidence=0.6
    )
    return Document(
        id=Document.text_id(text),
        source="hand.txt",
        title="خبر",
        published="2013-01-05T10:00:00+01:00",
        url="https://example.org/a",
        outlet="وكالة",
        text=text,
        entities=[actor, place, country],
        relations=[relation],
        events=[event],
    )


def test_planned_event_is_a_note_not_an_incident():
    count, data = _export(Knowledge.from_documents([_planned_document("planned")]))
    bundle = json.loads(data)
    stix2.parse(data.decode("utf-8"), allow_custom=True)
    assert count == len(bundle["objects"])
    types = [o["type"] for o in bundle["objects"]]
    assert "incident" not in types
    # Nothing attributes the planned attack to anyone or places it anywhere as a fact.
    assert not [o for o in bundle["objects"] if o.get("relationship_type") in ("attributed-to", "targets")]
    (note,) = [o for o in bundle["objects"] if o["type"] == "note"]
    assert note["x_rasd_modality"] == "planned" and note["abstract"].startswith("planned: attack")
    actor = _by_rasd_id(bundle, "rasd:mokhtar-belmokhtar")
    assert actor["id"] in note["object_refs"]
    # A country with no coordinates is still a valid location, by its code.
    assert _by_rasd_id(bundle, "country:ML")["country"] == "ML"
    (report,) = [o for o in bundle["objects"] if o["type"] == "report"]
    assert note["id"] in report["object_refs"] and report["published"] == "2013-01-05T09:00:00Z"
    assert report["external_references"] == [{"source_name": "وكالة", "url": "https://example.org/a"}]


def test_asserted_event_is_an_incident_with_links():
    _, data = _export(Knowledge.from_documents([_planned_document("asserted")]))
    bundle = json.loads(data)
    (incident,) = [o for o in bundle["objects"] if o["type"] == "incident"]
    assert incident["x_rasd_modality"] == "asserted" and incident["x_rasd_date"] == "2013-01"
    assert incident["x_acled_event_type"] == "Violence against civilians"
    assert incident["created"] == incident["modified"] == "2013-01-05T09:00:00.000Z"
    links = {
        (o["relationship_type"], o["target_ref"])
        for o in bundle["objects"]
        if o["type"] == "relationship" and o["source_ref"] == incident["id"]
    }
    assert links == {
        ("attributed-to", _by_rasd_id(bundle, "rasd:mokhtar-belmokhtar")["id"]),
        ("located-at", _by_rasd_id(bundle, "rasd:gao")["id"]),
    }
    assert not [o for o in bundle["objects"] if o["type"] == "note"]


def test_empty_knowledge_gives_an_empty_bundle():
    count, data = _export(Knowledge.from_documents([]))
    assert count == 0
    bundle = json.loads(data)
    assert bundle["type"] == "bundle" and bundle["id"].startswith("bundle--") and not bundle.get("objects")
    # stix2 cannot guess the version of a bundle with no objects: say it.
    assert stix2.parse(data.decode("utf-8"), allow_custom=True, version="2.1").type == "bundle"


def test_article_without_extractions_and_unplaced_place(build_document):
    empty = build_document("نص بلا كيانات.", source="empty.txt")
    place = build_document(
        "وصل أحمد إلى قرية نائية.",
        source="place.txt",
        entities=[
            ("per:x", "PER", "أحمد", "أحمد", ()),
            ("loc:x", "LOC", "قرية نائية", "قرية نائية", ()),
        ],
    )
    place.outlet = "جريدة"
    count, data = _export(Knowledge.from_documents([empty, place]))
    bundle = json.loads(data)
    stix2.parse(data.decode("utf-8"), allow_custom=True)
    # A report needs object_refs: the article with nothing extracted has none.
    reports = [o for o in bundle["objects"] if o["type"] == "report"]
    assert [r["x_rasd_source"] for r in reports] == ["place.txt"]
    assert reports[0]["external_references"] == [{"source_name": "جريدة", "description": "place.txt"}]
    # No coordinates, no country: STIX has no location for it (a free-text region would break the
    # region-ov vocabulary), and nothing points at it.
    assert not [o for o in bundle["objects"] if o.get("x_rasd_id") == "loc:x"]
    assert _by_rasd_id(bundle, "per:x")["type"] == "identity"
    assert count == 4  # the person, the report, rasd's identity and the extension definition


def test_seed_bundle_passes_the_validator(seed_bundle, tmp_path):
    """The examples too (no ../shared needed): no errors, custom properties declared."""
    from stix2validator import ValidationOptions, validate_file

    path = tmp_path / "seeds.stix.json"
    path.write_bytes(seed_bundle[1])
    results = validate_file(str(path), ValidationOptions(version="2.1"))
    assert results.is_valid, [e for r in results.object_results for e in r.errors][:5]
    warnings = [str(w) for r in results.object_results for w in r.warnings]
    assert not [w for w in warnings if "implemented using an extension" in w or "vocabulary" in w]
