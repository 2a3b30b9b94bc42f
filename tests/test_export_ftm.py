"""FollowTheMoney export: read back with followthemoney itself."""

from __future__ import annotations

import io
import json

from followthemoney import model

from rasd.export import Knowledge, write_export
from rasd.export.ftm import write_ftm
from rasd.record import Document, Entity, Event, EventDate, Mention, Span


def _export(knowledge: Knowledge) -> list[dict]:
    out = io.BytesIO()
    count = write_ftm(knowledge, out)
    rows = [json.loads(line) for line in out.getvalue().decode("utf-8").splitlines()]
    assert count == len(rows)
    return rows


def test_every_entity_is_valid_followthemoney_and_every_reference_resolves(seed_knowledge: Knowledge) -> None:
    rows = _export(seed_knowledge)
    ids = {row["id"] for row in rows}
    assert len(ids) == len(rows)
    for row in rows:
        proxy = model.get_proxy(row, cleaned=False)  # what `ftm validate` does
        assert proxy.to_dict()["properties"] == row["properties"], row
        for prop in proxy.iterprops():
            if prop.type.name == "entity":
                assert set(proxy.get(prop)) <= ids, (row["schema"], prop.name)
    schemas = {row["schema"] for row in rows}
    assert {"Person", "Organization", "Address", "Article", "Event", "Documentation", "Sanction"} <= schemas


def test_belmokhtar_is_one_person_with_his_aliases_and_his_un_listing(seed_knowledge: Knowledge) -> None:
    rows = _export(seed_knowledge)
    people = [r for r in rows if r["schema"] == "Person" and "مختار بلمختار" in r["properties"]["name"]]
    assert len(people) == 1
    person = people[0]
    assert {"بلعور", "خالد أبو العباس"} <= set(person["properties"]["alias"])
    assert person["properties"]["topics"] == ["crime.terror"]
    sanctions = [r for r in rows if r["schema"] == "Sanction" and r["properties"]["entity"] == [person["id"]]]
    assert [s["properties"]["unscId"] for s in sanctions] == [["QDi.136"]]
    mali = next(r for r in rows if r["schema"] == "Address" and r["properties"]["full"] == ["مالي"])
    assert mali["properties"]["country"] == ["ml"] and float(mali["properties"]["latitude"][0]) > 10
    links = [
        r
        for r in rows
        if r["schema"] in ("Membership", "Directorship", "UnknownLink")
        and person["id"]
        in [
            *r["properties"].get("member", []),
            *r["properties"].get("director", []),
            *r["properties"].get("subject", []),
        ]
    ]
    assert links and all(r["properties"]["proof"] for r in links)


def test_only_asserted_events_become_events_and_reruns_are_byte_identical() -> None:
    text = "قتل مسلحون جنديين في غاو أمس. ويعتزم التنظيم مهاجمة كيدال."
    gao = Entity(id="city:gao", type="LOC", name="غاو", mentions=[Mention(start=20, end=23, text="غاو")])
    asserted = Event(
        type="attack",
        acled=None,
        trigger=Mention(start=0, end=3, text="قتل"),
        location="city:gao",
        date=EventDate(value="2024-05-01", text="أمس", precision="day"),
        evidence=Span(start=0, end=28),
    )
    planned = asserted.model_copy(
        update={
            "type": "attack",
            "location": None,
            "modality": "planned",
            "trigger": Mention(start=37, end=43, text="مهاجمة"),
            "evidence": Span(start=29, end=len(text)),
        }
    )
    doc = Document(
        id=Document.text_id(text),
        source="t.txt",
        published="2024-05-02",
        text=text,
        entities=[gao],
        events=[asserted, planned],
    )
    knowledge = Knowledge.from_documents([doc])
    events = [r for r in _export(knowledge) if r["schema"] == "Event"]
    assert len(events) == 1 and events[0]["properties"]["date"] == ["2024-05-01"]
    first, second = io.BytesIO(), io.BytesIO()
    write_ftm(Knowledge.from_documents([doc]), first)
    write_ftm(Knowledge.from_documents([doc]), second)
    assert first.getvalue() == second.getvalue()


def test_empty_knowledge_writes_nothing() -> None:
    out = io.BytesIO()
    assert write_export([], "ftm", out) == 0 and out.getvalue() == b""
