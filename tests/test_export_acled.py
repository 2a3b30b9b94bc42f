"""ACLED-style CSV export, read back with csv.DictReader."""

from __future__ import annotations

import csv
import io
import re

import pytest

from rasd.export import Knowledge
from rasd.export.acled import COLUMNS, UNCODED_COLUMNS, write_acled
from rasd.export.outlets import Outlets
from rasd.record import Acled, EventDate, Geo

# ACLED's codebook order, written out again on purpose: the test is the spec the module must match.
ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]


def _export(knowledge: Knowledge) -> tuple[bytes, int, list[str], list[dict[str, str]]]:
    out = io.BytesIO()
    count = write_acled(knowledge, out)
    reader = csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"), newline=""))
    rows = list(reader)
    return out.getvalue(), count, list(reader.fieldnames or []), rows


def _uncoded(knowledge: Knowledge) -> list[dict[str, str]]:
    out, side = io.BytesIO(), io.BytesIO()
    write_acled(knowledge, out, side)
    reader = csv.DictReader(io.StringIO(side.getvalue().decode("utf-8"), newline=""))
    assert reader.fieldnames == UNCODED_COLUMNS
    return list(reader)


@pytest.fixture
def gao_document(build_document):
    """One article: AQIM attacks Gao (a curated place in Mali) on a known day, modality and date to set."""
    doc = build_document(
        "هاجم تنظيم القاعدة مدينة غاو",
        entities=(
            ("rasd:aqim", "ORG", "تنظيم القاعدة في بلاد المغرب الإسلامي", "تنظيم القاعدة", ()),
            ("rasd:gao", "LOC", "غاو", "غاو", ()),
        ),
        with_extraction=True,
    )
    doc.entities[0].subtype = "armed_group"
    doc.events[0].geo = Geo(lat=16.27, lon=-0.04, precision="city")
    doc.events[0].date = EventDate(value="2013-01-20", text="", precision="day")
    doc.events[0].acled = Acled(event_type="Violence against civilians", sub_event_type="Attack")
    doc.outlet = "jawharafm.net (Tunisia)"
    return doc


def test_seed_header_and_rows(seed_knowledge):
    data, count, header, rows = _export(seed_knowledge)
    assert header == ACLED_COLUMNS == COLUMNS
    asserted = [e for e in seed_knowledge.events if e.modality == "asserted"]
    uncoded = _uncoded(seed_knowledge)
    assert count == len(rows) > 0 and len(rows) + len(uncoded) == len(asserted)
    assert len({r["event_id_cnty"] for r in rows}) == len(rows)
    for row in rows:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["event_date"]), row["event_date"]
        assert row["time_precision"] in {"1", "2", "3"} and row["geo_precision"] in {"1", "2", "3"}
        assert row["fatalities"].isdigit()
        assert re.fullmatch(r"[A-Z]{3}\d+", row["event_id_cnty"])
        assert row["inter1"] in set("12345678") and row["interaction"].startswith(
            min(row["inter1"], row["inter2"] or "9")
        )
        assert row["region"] and row["country"] and row["iso"]
        for empty in ("admin3", "tags"):
            assert row[empty] == ""
        assert not row["source"].endswith(".txt")
    assert {r["reason"] for r in uncoded} <= {"no date", "only a year", "no place", "no actor"}
    assert "كتيبة الموقعون بالدماء".encode() in data
    # The attack on the US consulate in Benghazi: a day-precise date and a toll of four.
    benghazi = next(r for r in rows if r["fatalities"] == "4")
    assert (benghazi["event_date"], benghazi["year"], benghazi["time_precision"]) == (
        "2023-09-11",
        "2023",
        "1",
    )
    assert benghazi["disorder_type"] == "Political violence"
    assert benghazi["civilian_targeting"] == "Civilian targeting"
    gao = next(r for r in rows if r["location"] == "غاو")
    assert gao["country"] == "Mali" and gao["iso"] == "466" and gao["geo_precision"] == "1"
    assert gao["region"] == "Western Africa" and gao["event_id_cnty"].startswith("MLI")
    # ACLED codes groups, not people: Belmokhtar acts as the brigade he founded.
    assert (gao["actor1"], gao["inter1"]) == ("كتيبة الموقعون بالدماء", "2")
    assert gao["source"] == "الصحيفة" and gao["notes"]


def test_only_asserted_events(gao_document):
    gao_document.events[0].modality = "planned"
    _, count, header, rows = _export(Knowledge.from_documents([gao_document]))
    assert count == 0 and rows == [] and header == ACLED_COLUMNS
    gao_document.events[0].modality = "asserted"
    _, count, _, rows = _export(Knowledge.from_documents([gao_document]))
    assert count == 1
    row = rows[0]
    assert row["event_id_cnty"] == "MLI1" and row["country"] == "Mali" and row["iso"] == "466"
    assert (row["latitude"], row["longitude"], row["location"]) == ("16.27", "-0.04", "غاو")
    # An armed group is a rebel group (2) in ACLED's terms; with no target named, an attack on
    # civilians is coded against ACLED's generic civilians (7).
    assert (row["actor1"], row["inter1"]) == ("تنظيم القاعدة في بلاد المغرب الإسلامي", "2")
    assert (row["actor2"], row["inter2"], row["interaction"]) == ("Civilians (Mali)", "7", "27")
    # The outlet's name, never the file it was read from; a Tunisian outlet reporting on Mali.
    assert row["source"] == "jawharafm.net (Tunisia)" and row["source_scale"] == "International"


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        ("2013-01-20", "day", ("2013-01-20", "2013", "1")),
        ("2013-01", "month", ("2013-01-15", "2013", "3")),
    ],
)
def test_dates(gao_document, value, precision, expected):
    gao_document.events[0].date = EventDate(value=value, text="", precision=precision)
    _, count, _, rows = _export(Knowledge.from_documents([gao_document]))
    assert count == 1
    assert (rows[0]["event_date"], rows[0]["year"], rows[0]["time_precision"]) == expected


@pytest.mark.parametrize(
    ("value", "precision", "reason"),
    [("2013", "year", "only a year"), ("--05", "unknown", "no date"), (None, "unknown", "no date")],
)
def test_an_event_an_analyst_could_not_code_goes_to_the_side_file(gao_document, value, precision, reason):
    gao_document.events[0].date = EventDate(value=value, text="مايو", precision=precision)
    knowledge = Knowledge.from_documents([gao_document])
    assert _export(knowledge)[1] == 0
    (left,) = _uncoded(knowledge)
    assert left["reason"] == reason and left["event"] == "event:1" and left["location"] == "غاو"


def test_unknown_country_is_left_out(build_document):
    doc = build_document(
        "هاجم تنظيم القاعدة منطقة مجهولة",
        entities=(
            ("rasd:aqim", "ORG", "تنظيم القاعدة في بلاد المغرب الإسلامي", "تنظيم القاعدة", ()),
            ("loc:nowhere", "LOC", "منطقة مجهولة", "منطقة مجهولة", ()),
        ),
        with_extraction=True,
    )
    doc.events[0].date = EventDate(value="2013-01-20", text="", precision="day")
    knowledge = Knowledge.from_documents([doc])
    assert _export(knowledge)[1] == 0
    assert [r["reason"] for r in _uncoded(knowledge)] == ["no place"]


def test_actor_types_and_interaction(gao_document):
    army = gao_document.entities[0].model_copy(update={"subtype": "military"})
    gao_document.entities[0] = army
    _, _, _, rows = _export(Knowledge.from_documents([gao_document]))
    assert rows[0]["inter1"] == "1" and rows[0]["interaction"] == "17"
    gao_document.events[0].acled.event_type = "Protests"
    gao_document.events[0].actors = []
    _, _, _, rows = _export(Knowledge.from_documents([gao_document]))
    assert (rows[0]["actor1"], rows[0]["inter1"], rows[0]["interaction"]) == ("Protesters (Mali)", "6", "60")


def test_source_scale():
    outlets = Outlets()
    assert outlets.scale(["aawsat"], "LY") == "Regional"
    assert outlets.scale(["okaz"], "SA") == "National"
    assert outlets.scale(["okaz", "Reuters"], "SA") == "National-International"
    assert outlets.scale(["Arabic Newspapers Corpus (country code EG)"], "EG") == "National"
    assert outlets.scale(["جريدة محلية"], "ML") == "Other"
    assert outlets.name(None, "https://www.alwasat.ly/news/1") == "alwasat.ly"


def test_deterministic_and_empty(seed_documents):
    first = _export(Knowledge.from_documents(seed_documents))[0]
    assert first == _export(Knowledge.from_documents(seed_documents))[0]
    data, count, header, rows = _export(Knowledge.from_documents([]))
    assert count == 0 and rows == [] and header == ACLED_COLUMNS
    assert data == (",".join(ACLED_COLUMNS) + "\r\n").encode()
