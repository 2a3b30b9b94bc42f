"""`rasd events`, `rasd contradictions` and `rasd eval relate` on real files."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import document_with_entities
from rasd.cli import app
from rasd.relate import relate_document

BEL = {"type": "PER", "names": ["مختار بلمختار", "بلمختار"]}
AJD = {"type": "LOC", "names": ["أجدابيا"], "geo": [30.76, 20.23]}


def _records(tmp_path: Path) -> Path:
    docs = [
        document_with_entities(
            "قتل مختار بلمختار في غارة جوية أمريكية ليلة السبت في مدينة أجدابيا.",
            {"bel": BEL, "ajd": AJD},
            "2015-06-16",
            "a.txt",
        ),
        document_with_entities(
            "نفذت طائرات أمريكية غارة جوية في مدينة أجدابيا يوم السبت.", {"ajd": AJD}, "2015-06-15", "b.txt"
        ),
        document_with_entities(
            "أكد تنظيم المرابطون في بيان أن بلمختار لا زال حيا.", {"bel": BEL}, "2015-07-02", "c.txt"
        ),
    ]
    path = tmp_path / "records.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for doc in docs:
            relate_document(doc)
            out.write(doc.to_json() + "\n")
    return path


def test_events_lists_one_merged_event_with_its_sources(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["events", "--jsonl", str(_records(tmp_path)), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert len(rows) == 1
    assert rows[0]["type"] == "airstrike" and rows[0]["date"]["value"] == "2015-06-13"
    assert {s["source"] for s in rows[0]["sources"]} == {"a.txt", "b.txt"}


def test_contradictions_lists_killed_versus_alive(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["contradictions", "--jsonl", str(_records(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "status" in result.output and "مختار بلمختار" in result.output
    assert "1 contradictions" in result.output


def test_contradictions_reads_the_database(tmp_path: Path) -> None:
    from rasd.record import Document
    from rasd.store import Store

    db = tmp_path / "rasd.db"
    with Store.open(str(db)) as store:
        for line in _records(tmp_path).read_text("utf-8").splitlines():
            store.ingest(Document.from_json(line))
    result = CliRunner().invoke(app, ["contradictions", "--db", str(db), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    (row,) = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert row["kind"] == "status" and {s["says"] for s in row["statements"]} == {"dead", "alive"}


def test_eval_relate_prints_scores() -> None:
    gold = Path(__file__).resolve().parent / "gold" / "relate"
    result = CliRunner().invoke(app, ["eval", "relate", "--gold", str(gold), "--no-pipeline", "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)["gold entities given"]
    assert scores["paragraphs"] >= 30 and scores["dates (value+precision)"]["f1"] > 0.9
