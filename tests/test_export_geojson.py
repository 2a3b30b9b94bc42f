"""GeoJSON export: an RFC 7946 FeatureCollection of located events and places, read back with json."""

from __future__ import annotations

import io
import json

from rasd.export import Knowledge
from rasd.export.geojson import write_geojson
from rasd.record import Geo


def _export(knowledge: Knowledge) -> tuple[bytes, int, dict]:
    out = io.BytesIO()
    count = write_geojson(knowledge, out)
    return out.getvalue(), count, json.loads(out.getvalue().decode("utf-8"))


def test_seed_features_are_valid_points(seed_knowledge):
    data, count, collection = _export(seed_knowledge)
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    features = collection["features"]
    assert count == len(features) > 0
    for feature in features:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert isinstance(lon, float) and isinstance(lat, float)
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    # [longitude, latitude]: Mali's centre is 17.6 N, 2.0 W.
    mali = next(f for f in features if f["properties"].get("id") == "country:ML")
    assert mali["geometry"]["coordinates"] == [-2.0, 17.6]
    assert mali["properties"]["name"] == "مالي" and mali["properties"]["geo_precision"] == "country"
    assert "مالي".encode() in data and b"\\u" not in data  # UTF-8, not escapes


def test_seed_counts_match_located_events_and_places(seed_knowledge):
    _, _, collection = _export(seed_knowledge)
    kinds = [f["properties"]["kind"] for f in collection["features"]]
    assert kinds.count("event") == sum(1 for e in seed_knowledge.events if e.geo)
    assert kinds.count("place") == sum(
        1 for r in seed_knowledge.entities.values() if r.entity.type == "LOC" and r.entity.geo
    )
    ids = [f["id"] for f in collection["features"]]
    assert len(ids) == len(set(ids))


def test_event_properties(seed_knowledge):
    _, _, collection = _export(seed_knowledge)
    gao = next(f for f in collection["features"] if f["properties"].get("place_id") == "rasd:gao")
    props = gao["properties"]
    assert gao["geometry"]["coordinates"] == [-0.04, 16.27]
    assert props["kind"] == "event" and props["type"] == "kidnapping" and props["modality"] == "asserted"
    assert props["acled_event_type"] == "Violence against civilians"
    assert props["date"] == "2012-04" and props["date_precision"] == "month"
    assert props["place"] == "غاو" and props["actors"] == ["مختار بلمختار"]
    assert props["sources"] == len(props["articles"]) == 1
    assert set(props["articles"][0]) == {"source", "outlet", "published"}
    # Plans and fears are kept, marked: a map filters on modality rather than losing them.
    modalities = {
        f["properties"]["modality"] for f in collection["features"] if f["properties"]["kind"] == "event"
    }
    assert "asserted" in modalities and modalities - {"asserted"}


def test_hand_made_event_without_geo_gives_no_event_feature(build_document):
    doc = build_document(
        "هاجم تنظيم القاعدة مدينة غاو",
        entities=(
            ("rasd:aqim", "ORG", "تنظيم القاعدة في بلاد المغرب الإسلامي", "تنظيم القاعدة", ()),
            ("rasd:gao", "LOC", "غاو", "غاو", ()),
        ),
        with_extraction=True,
    )
    _, count, _ = _export(Knowledge.from_documents([doc]))
    assert count == 0  # neither the place nor the event carries coordinates
    doc.entities[1].geo = doc.events[0].geo = Geo(lat=16.27, lon=-0.04, precision="city")
    _, count, collection = _export(Knowledge.from_documents([doc]))
    assert count == 2 and [f["properties"]["kind"] for f in collection["features"]] == ["event", "place"]


def test_deterministic_and_empty(seed_documents):
    first, _, _ = _export(Knowledge.from_documents(seed_documents))
    assert first == _export(Knowledge.from_documents(seed_documents))[0]
    _, count, collection = _export(Knowledge.from_documents([]))
    assert count == 0 and collection == {"type": "FeatureCollection", "features": []}
