"""ACLED-style CSV export, read back with csv.DictReader."""

from __future__ import annotations

import csv
import io
import re

import pytest

from rasd.export import Knowledge
from rasd.export.acled import COLUMNS, write_acled
from rasd.record import EventDate, Geo

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


@pytest.fixture
def gao_document(build_document):
    """One article: AQIM attacks Gao (a curated place in Mali), with the event's modality and date to set."""
    doc = build_document(
        "هاجم تنظيم القاعدة مدينة غاو",
        entities=(
            ("rasd:aqim", "ORG", "تنظيم القاعدة في بلاد المغرب الإسلامي", "تنظيم القاعدة", ()),
            ("rasd:gao", "LOC", "غاو", "غاو", ()),
        ),
        with_extraction=True,
    )
    doc.events[0].geo = Geo(lat=16.27, lon=-0.04, precision="city")
    return doc


def test_seed_header_and_rows(seed_knowledge):
    data, count, header, rows = _export(seed_knowledge)
    assert header == ACLED_COLUMNS == COLUMNS
    asserted = [e for e in seed_knowledge.events if e.modality == "asserted"]
    assert count == len(rows) == len(asserted) > 0
    assert len({r["event_id_cnty"] for r in rows}) == len(rows)
    for row in rows:
        assert re.fullmatch(r"(\d{4}-\d{2}-\d{2})?", row["event_date"]), row["event_date"]
        assert row["time_precision"] in {"", "1", "2", "3"} and row["geo_precision"] in {"", "1", "2", "3"}
        assert row["fatalities"].isdigit()
        assert re.fullmatch(r"[A-Z]{3}\d+", row["event_id_cnty"])
        for empty in ("inter1", "inter2", "interaction", "region", "admin1", "admin2", "admin3", "tags"):
            assert row[empty] == ""
    assert "مختار بلمختار".encode() in data
    # The attack on the US consulate in Benghazi: a day-precise date and a toll of four.
    benghazi = next(r for r in rows if r["fatalities"] == "4")
    assert (benghazi["event_date"], benghazi["year"], benghazi["time_precision"]) == (
        "2023-09-11",
        "2023",
        "1",
    )
    assert benghazi["country"] == "United States" and benghazi["iso"] == "840"
    assert benghazi["event_id_cnty"].startswith("USA") and benghazi["geo_precision"] == "3"
    assert benghazi["disorder_type"] == "Political violence"
    assert benghazi["civilian_targeting"] == "Civilian targeting"
    gao = next(r for r in rows if r["location"] == "غاو")
    assert gao["country"] == "Mali" and gao["iso"] == "466" and gao["geo_precision"] == "1"
    assert gao["actor1"] == "مختار بلمختار" and gao["source"] == "الصحيفة" and gao["notes"]


def test_only_asserted_events(gao_document):
    gao_document.events[0].modality = "planned"
    _, count, header, rows = _export(Knowledge.from_documents([gao_document]))
    assert count == 0 and rows == [] and header == ACLED_COLUMNS
    gao_document.events[0].modality = "asserted"
    _, count, _, rows = _export(Knowledge.from_documents([gao_document]))
    assert count == 1
    row = rows[0]
    assert row["event_id_cnty"] == "MLI1" and row["country"] == "Mali"
    assert (row["latitude"], row["longitude"], row["location"]) == ("16.27", "-0.04", "غاو")
    assert row["actor1"] == "تنظيم القاعدة في بلاد المغرب الإسلامي"
    assert row["source"] == "test.txt"  # no outlet known: where the article was read from


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        ("2013-01-20", "day", ("2013-01-20", "2013", "1")),
        ("2013-01", "month", ("2013-01-15", "2013", "3")),
        ("2013", "year", ("", "2013", "")),
        ("--05", "unknown", ("", "", "")),
        (None, "unknown", ("", "", "")),
    ],
)
def test_dates(gao_document, value, precision, expected):
    gao_document.events[0].date = EventDate(value=value, text="", precision=precision)
    _, count, _, rows = _export(Knowledge.from_documents([gao_document]))
    assert count == 1  # an event without a date still gets its row
    assert (rows[0]["event_date"], rows[0]["year"], rows[0]["time_precision"]) == expected


def test_unknown_country_and_fatalities(build_document):
    doc = build_document(
        "هاجم تنظيم القاعدة منطقة مجهولة",
        entities=(
            ("rasd:aqim", "ORG", "تنظيم القاعدة في بلاد المغرب الإسلامي", "تنظيم القاعدة", ()),
            ("loc:nowhere", "LOC", "منطقة مجهولة", "منطقة مجهولة", ()),
        ),
        with_extraction=True,
    )
    _, _, _, rows = _export(Knowledge.from_documents([doc]))
    assert rows[0]["event_id_cnty"] == "XXX1" and rows[0]["country"] == rows[0]["iso"] == ""
    assert rows[0]["fatalities"] == "0" and rows[0]["latitude"] == ""


def test_deterministic_and_empty(seed_documents):
    first = _export(Knowledge.from_documents(seed_documents))[0]
    assert first == _export(Knowledge.from_documents(seed_documents))[0]
    data, count, header, rows = _export(Knowledge.from_documents([]))
    assert count == 0 and rows == [] and header == ACLED_COLUMNS
    assert data == (",".join(ACLED_COLUMNS) + "\r\n").encode()
