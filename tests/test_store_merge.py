"""Copies of one article merge (a copy never erases what the stored one has), one file is one source
however it is reached, and read-only opening never creates a database. SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd.cli import app
from rasd.store import MissingDatabase, Store
from rasd.store.store import canonical_source

MALI = "أكدت مصادر أمنية أن مختار بلمختار غادر تمبكتو نحو الحدود الليبية مع عناصر من المرابطون."
BELMOKHTAR = ("Q_belmokhtar", "PER", "مختار بلمختار", "مختار بلمختار", [])
TIMBUKTU = ("Q_timbuktu", "LOC", "تمبكتو", "تمبكتو", [])
runner = CliRunner()


def test_a_copy_without_the_date_keeps_the_stored_date(db_url, build_document):
    dated = build_document(MALI, entities=(BELMOKHTAR, TIMBUKTU), with_extraction=True, source="a.jsonl#1")
    dated.published, dated.url, dated.source_id = "2015-07-21", "https://example.org/1", "snn-1"
    bare = build_document(MALI, entities=(BELMOKHTAR, TIMBUKTU), source="b.txt")  # no date, no extraction
    with Store.open(db_url) as store:
        assert store.ingest(dated) == "added"
        outcome = store.ingest_merging(bare)
        assert outcome.result == "unchanged"
        assert outcome.changes == (
            "kept published «2015-07-21» (this copy has none)",
            "kept url «https://example.org/1» (this copy has none)",
            "kept source_id «snn-1» (this copy has none)",
        )
        stored = store.get(dated.id)
    assert stored is not None
    assert (stored.published, stored.url, stored.source_id) == (
        "2015-07-21",
        "https://example.org/1",
        "snn-1",
    )
    # The extraction made knowing the date is kept, not the poorer copy's.
    assert len(stored.events) == 1 and len(stored.relations) == 1


def test_a_copy_that_adds_a_field_updates_and_says_so(db_url, build_document):
    bare = build_document(MALI, entities=(BELMOKHTAR, TIMBUKTU), source="b.txt")
    richer = build_document(MALI, entities=(BELMOKHTAR, TIMBUKTU), with_extraction=True, title="خبر")
    richer.published = "2015-07-21"
    with Store.open(db_url) as store:
        store.ingest(bare)
        outcome = store.ingest_merging(richer)
        assert outcome.result == "updated"
        assert outcome.changes == ("added title «خبر»", "added published «2015-07-21»")
        stored = store.get(bare.id)
    assert stored is not None and stored.published == "2015-07-21" and len(stored.events) == 1


def test_ingest_times_are_kept_per_document(db_url, build_document):
    doc = build_document(MALI, entities=(BELMOKHTAR,))
    before = datetime.now(UTC) - timedelta(seconds=1)
    with Store.open(db_url) as store:
        store.ingest(doc)
        first = store.received_times()
        store.ingest(doc.model_copy(update={"source": "again.txt"}))
        assert store.received_times() == first  # the first time it was received, whatever came later
    assert before <= first[doc.id] <= datetime.now(UTC)


def test_a_symlink_is_not_a_new_source(tmp_path: Path, sqlite_url: str, build_document) -> None:
    real = tmp_path / "a.txt"
    real.write_text(MALI, encoding="utf-8")
    os.symlink(real, tmp_path / "link.txt")
    doc = build_document(MALI, source=str(real))
    with Store.open(sqlite_url) as store:
        store.ingest(doc)
        store.ingest(doc.model_copy(update={"source": str(tmp_path / "link.txt")}))
        store.ingest(doc.model_copy(update={"source": os.path.relpath(real)}))
        assert store.sources(doc.id) == [str(real.resolve())]
    assert canonical_source("https://example.org/a#1") == "https://example.org/a#1"
    assert canonical_source(str(tmp_path / "link.txt") + "#3") == f"{real.resolve()}#3"


def test_read_only_opening_creates_nothing(tmp_path: Path, db_url: str) -> None:
    missing = tmp_path / "typo.db"
    with pytest.raises(MissingDatabase, match="no database at"):
        Store.open(str(missing), create=False)
    assert not missing.exists()
    if db_url.startswith("postgresql"):  # a server database without rasd's tables
        with pytest.raises(MissingDatabase, match="holds no rasd database"):
            Store.open(db_url, create=False)
    with Store.open(db_url) as store:  # created by a writing command…
        store.stats()
    with Store.open(db_url, create=False) as store:  # …then open for reading
        assert store.stats()["documents"] == 0


@pytest.mark.parametrize(
    "command", [["stats"], ["search", "مالي"], ["show", "abc"], ["export", "ftm"], ["export", "acled"]]
)
def test_read_only_commands_on_a_missing_database(tmp_path: Path, command: list[str]) -> None:
    target = tmp_path / "typo.db"
    result = runner.invoke(app, [*command, "--db", str(target)])
    assert result.exit_code == 2, result.output
    assert f"rasd: error: no database at {target}" in result.output
    assert list(tmp_path.iterdir()) == []


def test_ingest_field_mapping_and_merge_notes(tmp_path: Path) -> None:
    text = MALI + " " + MALI
    own = {"nass": text, "meta": {"when": "2015-07-21"}, "ref": "x-1"}
    (tmp_path / "own.jsonl").write_text(json.dumps(own, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "copy.jsonl").write_text(
        json.dumps({"nass": text}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    db = str(tmp_path / "rasd.db")
    mapping = ["--field", "text=nass", "--field", "published=meta.when", "--field", "source_id=ref"]
    first = runner.invoke(app, ["ingest", str(tmp_path / "own.jsonl"), "--db", db, *mapping])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["ingest", str(tmp_path / "copy.jsonl"), "--db", db, "--field", "text=nass"])
    assert second.exit_code == 0, second.output
    assert "merged with the stored copy: kept published «2015-07-21» (this copy has none)" in second.output
    with Store.open(db, create=False) as store:
        [doc] = list(store.iter_documents())
    assert (doc.published, doc.source_id) == ("2015-07-21", "x-1")
    bad = runner.invoke(app, ["ingest", str(tmp_path / "own.jsonl"), "--db", db, "--field", "when"])
    assert bad.exit_code == 2 and "expected FIELD=KEY" in bad.output


def test_ingest_warns_once_per_file_with_replaced_bytes(tmp_path: Path) -> None:
    data = ((MALI + "\n") * 40).encode("utf-8")
    at = data.index(b" ", 1000)
    (tmp_path / "stray.txt").write_bytes(data[:at] + b"\xff" + data[at:])
    result = runner.invoke(app, ["ingest", str(tmp_path / "stray.txt"), "--db", str(tmp_path / "rasd.db")])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("undecodable byte sequence(s) replaced by U+FFFD") == 1
    assert "stray.txt: 1 undecodable" in result.stderr and "bytes replaced" in result.stdout
