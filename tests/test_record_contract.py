"""The record keeps document-record.md: keys, optional geo/kb, offsets, id references."""

from __future__ import annotations

import json

from rasd.record import Document, Entity, Event, EventDate, Geo, Mention, Relation, Span, contract_violations

TEXT = "مختار بلمختار في ليبيا"


def make_doc() -> Document:
    ents = [
        Entity(
            id="per:1",
            type="PER",
            name="مختار بلمختار",
            mentions=[Mention(start=0, end=13, text="مختار بلمختار")],
        ),
        Entity(
            id="loc:1",
            type="LOC",
            name="ليبيا",
            mentions=[Mention(start=17, end=22, text="ليبيا")],
            geo=Geo(lat=26.0, lon=17.0, precision="country"),
        ),
    ]
    return Document(
        id=Document.text_id(TEXT),
        source="t.txt",
        text=TEXT,
        entities=ents,
        relations=[
            Relation(
                type="located_in",
                subject="per:1",
                object="loc:1",
                evidence=Span(start=0, end=22),
                confidence=0.8,
            )
        ],
    )


def test_json_keeps_required_keys_and_drops_only_empty_geo_and_kb() -> None:
    record = json.loads(make_doc().to_json())
    assert list(record)[:10] == [
        "id",
        "source",
        "title",
        "published",
        "language",
        "text",
        "byline",
        "outlet",
        "url",
        "entities",
    ]
    assert record["title"] is None and record["events"] == [] and record["claims"] == []
    per, loc = record["entities"]
    assert "geo" not in per and "kb" not in per
    assert loc["geo"]["lat"] == 26.0
    assert "spans" not in record  # working state never leaks
    assert contract_violations(record) == []


def test_round_trip() -> None:
    doc = make_doc()
    assert Document.from_json(doc.to_json()).to_dict() == doc.to_dict()


def test_violations_are_named() -> None:
    record = make_doc().to_dict()
    record["entities"][0]["mentions"][0]["end"] = 12
    record["relations"][0]["object"] = "loc:missing"
    problems = contract_violations(record)
    assert any("mentions[0]" in p for p in problems)
    assert any("unknown entity 'loc:missing'" in p for p in problems)


def test_event_with_date_serialises() -> None:
    doc = make_doc()
    doc.events.append(
        Event(
            type="arrest",
            acled=None,
            trigger=Mention(start=0, end=5, text="مختار"),
            evidence=Span(start=0, end=22),
            date=EventDate(value="2015-06", text="يونيو 2015", precision="month"),
        )
    )
    assert contract_violations(doc.to_dict()) == []
