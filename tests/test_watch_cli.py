"""`rasd watchlist add|list|remove` and `rasd watch --once` end to end, through the real command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd.cli import app
from rasd.cli.watch import parse_duration

ARTICLES = Path(__file__).parent / "fixtures" / "watch" / "articles"


def _run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args))


def test_watchlist_names_are_resolved_against_the_knowledge_base(tmp_path):
    db = str(tmp_path / "w.db")
    assert "added:" in _run("watchlist", "add", "entity", "إياد أغ غالي", "--db", db).output
    assert "already watched" in _run("watchlist", "add", "entity", "rasd:iyad-ag-ghaly", "--db", db).output
    added = _run("watchlist", "add", "place", "كيدال", "--radius", "75", "--db", db)
    assert added.exit_code == 0 and "75 km" in added.output
    assert _run("watchlist", "add", "place", "16.27,-0.04", "--db", db).exit_code == 0  # 50 km by default
    assert "ML" in _run("watchlist", "add", "country", "مالي", "--db", db).output
    assert _run("watchlist", "add", "country", "ne", "--db", db).exit_code == 0
    assert _run("watchlist", "add", "type", "kidnapping", "--db", db).exit_code == 0
    assert _run("watchlist", "add", "type", "Battles", "--db", db).exit_code == 0  # an ACLED type

    listed = [
        json.loads(line) for line in _run("watchlist", "list", "--json", "--db", db).stdout.splitlines()
    ]
    assert [(w["kind"], w["value"]) for w in listed] == [
        ("entity", "rasd:iyad-ag-ghaly"),
        ("place", "rasd:kidal"),
        ("place", "16.2700,-0.0400"),
        ("country", "ML"),
        ("country", "NE"),
        ("event_type", "kidnapping"),
        ("event_type", "Battles"),
    ]
    assert listed[1]["radius_km"] == 75 and listed[2]["radius_km"] == 50

    removed = _run("watchlist", "remove", "كيدال", "--db", db)
    assert removed.exit_code == 0 and "rasd:kidal" in removed.output
    assert _run("watchlist", "remove", "1", "--db", db).exit_code == 0
    assert _run("watchlist", "remove", "nothing-like-this", "--db", db).exit_code == 1
    assert len(_run("watchlist", "list", "--json", "--db", db).stdout.splitlines()) == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("entity", "اسم لا يعرفه أحد"), "names no knowledge-base entity"),
        (("type", "picnic"), "unknown event type 'picnic'"),
        (("country", "أرض الخيال"), "give a two-letter ISO code"),
        (("place", "0,0", "--radius", "-3"), "--radius must be more than 0 km"),
        (("entity", "مختار بلمختار", "--radius", "5"), "--radius is for places only"),
    ],
)
def test_watchlist_refuses_what_it_cannot_resolve_in_one_line(tmp_path, args, message):
    result = _run("watchlist", "add", *args, "--db", str(tmp_path / "w.db"))
    assert result.exit_code == 2
    assert message in result.output


def test_watch_once_on_a_folder_and_a_growing_jsonl_file(tmp_path):
    db, alerts = str(tmp_path / "w.db"), tmp_path / "alerts.jsonl"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("menaka-kidnapping", "english"):
        shutil.copy(ARTICLES / f"{name}.txt", inbox)
    scraper = tmp_path / "scraper.jsonl"
    record = {"url": "https://sahel.example/tillaberi", "title": "هجوم تيلابيري"}
    record["text"] = (ARTICLES / "tillaberi-attack.txt").read_text("utf-8")
    scraper.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    assert _run("watchlist", "add", "type", "kidnapping", "--db", db).exit_code == 0
    assert _run("watchlist", "add", "country", "NE", "--db", db).exit_code == 0

    args = ["watch", str(inbox), str(scraper), "--once", "--settle", "0", "--db", db, "--alerts", str(alerts)]
    first = _run(*args)
    assert first.exit_code == 1  # the English file: one line, and the batch goes on
    assert "english.txt" in first.stderr and "Arabic" in first.stderr
    assert "2 new" in first.stderr and "2 alerts" in first.stderr
    lines = [json.loads(line) for line in alerts.read_text("utf-8").splitlines()]
    assert sorted(a["what"] for a in lines) == ["attack", "kidnapping"]
    assert next(a for a in lines if a["what"] == "attack")["url"] == "https://sahel.example/tillaberi"
    assert sum("«" in line for line in first.stdout.splitlines()) == 2  # printed too

    # The scraper appends the same story under another URL; nothing else is new.
    record["url"] = "https://mirror.example/tillaberi"
    with scraper.open("a", encoding="utf-8") as out:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    second = _run(*args)
    assert second.exit_code == 0, second.output
    assert "0 new, 1 in known stories" in second.stderr and "0 alerts" in second.stderr
    assert len(alerts.read_text("utf-8").splitlines()) == 2

    status = _run("watch", "--status", "--db", db)
    assert status.exit_code == 0
    table = {line.split("\t")[0]: line.split("\t") for line in status.stdout.splitlines()}
    assert table[str(scraper)][2:6] == ["2", "0", "0", "0"]  # stored, skipped, failing, given up
    assert table[str(inbox)][2:4] == ["1", "1"]  # the English file skipped
    assert _run("watch", "--db", db).exit_code == 2  # no source and no --status


def test_watch_refuses_sources_it_cannot_poll(tmp_path):
    (tmp_path / "one.txt").write_text("نص", "utf-8")
    result = _run(
        "watch", str(tmp_path / "one.txt"), str(tmp_path / "none"), "--once", "--db", str(tmp_path / "w.db")
    )
    assert result.exit_code == 2
    assert "use `rasd ingest`" in result.stderr and "no such file or folder" in result.stderr


def test_durations():
    assert parse_duration("15m").total_seconds() == 900
    assert parse_duration("24h").days == 1
    assert parse_duration("90s").total_seconds() == 90
    assert parse_duration("7d").days == 7
    assert parse_duration("5").total_seconds() == 300
