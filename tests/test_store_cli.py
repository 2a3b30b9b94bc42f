"""`rasd ingest/search/show/stats` end to end: real files through the real pipeline into a database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd.cli import app

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# Written for these tests.
ARTICLES = {
    "niger.txt": "هجوم قرب أغاديز\nأعلنت السلطات في النيجر أن مسلحين هاجموا دورية عسكرية قرب أغاديز فجر الأحد.",
    "mali.txt": "اجتماع في باماكو\nاجتمع قادة عسكريون في باماكو لبحث الوضع الأمني في منطقة كيدال.",
}


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _run(*args: str):
    return CliRunner().invoke(app, list(args))


def _stats(db: str) -> dict:
    result = _run("stats", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_ingest_twice_adds_then_changes_nothing(db_url, articles):
    first = _run("ingest", str(articles), "--db", db_url)
    assert first.exit_code == 0, first.output
    assert "added" in first.stdout
    counts = _stats(db_url)
    assert counts["documents"] == 2

    again = _run("ingest", str(articles), "--db", db_url)
    assert again.exit_code == 0, again.output
    assert _stats(db_url) == counts


def test_ingest_reports_unreadable_inputs_and_exits_1(db_url, articles, tmp_path):
    result = _run("ingest", str(articles / "niger.txt"), str(tmp_path / "missing.txt"), "--db", db_url)
    assert result.exit_code == 1
    assert "rasd: error:" in result.stderr and "missing.txt" in result.stderr
    assert _stats(db_url)["documents"] == 1


def test_search_marks_matches_when_piped_and_show_prints_the_record(db_url, articles):
    _run("ingest", str(articles), "--db", db_url)
    found = _run("search", "اغاديز", "--db", db_url)
    assert found.exit_code == 0, found.output
    assert "[أغاديز]" in found.stdout
    doc_id = found.stdout.split()[0]

    shown = _run("show", doc_id, "--db", db_url)
    assert shown.exit_code == 0, shown.output
    record = json.loads(shown.stdout)
    assert record["id"].startswith(doc_id) and "أغاديز" in record["text"]

    assert _run("search", "تمبكتو", "--db", db_url).exit_code == 1
    assert _run("show", "0" * 64, "--db", db_url).exit_code == 1


def test_default_database_comes_from_the_environment(monkeypatch, tmp_path, articles):
    monkeypatch.setenv("RASD_DB", str(tmp_path / "env.db"))
    assert _run("ingest", str(articles)).exit_code == 0
    assert (tmp_path / "env.db").exists()
    assert _run("stats").exit_code == 0


def test_seed_articles_are_stored_once_and_found(sqlite_url):
    if not SEEDS.is_dir():
        pytest.skip(f"no seed articles at {SEEDS}")
    assert _run("ingest", str(SEEDS), "--db", sqlite_url).exit_code == 0
    assert _run("ingest", str(SEEDS), "--db", sqlite_url).exit_code == 0
    assert _stats(sqlite_url)["documents"] == len(list(SEEDS.iterdir()))
    hits = _run("search", "بلمختار", "--db", sqlite_url, "--limit", "50")
    assert hits.exit_code == 0 and hits.stdout.count("[بلمختار]") >= 2


def test_a_database_that_cannot_be_opened_is_one_error_line(tmp_path):
    # A file that is not a database; a path that does not exist is refused before opening (and
    # nothing is created: tests/test_store_merge.py).
    (tmp_path / "not.db").write_bytes(b"no SQLite file here " * 100)
    result = _run("stats", "--db", str(tmp_path / "not.db"))
    assert result.exit_code == 2
    assert result.stderr.startswith("rasd: error: cannot open the database")
    missing = _run(
        "ingest", str(tmp_path / "x.txt"), "--db", str(tmp_path / "no" / "such" / "dir" / "rasd.db")
    )
    assert missing.exit_code == 2 and missing.stderr.startswith("rasd: error: cannot open the database")
