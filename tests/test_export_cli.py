"""`rasd export FORMAT`: every format from the database and from JSONL, reruns, bad targets."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd.cli import app
from rasd.export import FORMATS
from rasd.record import Document
from rasd.store import Store

runner = CliRunner()


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory, seed_documents: list[Document]) -> tuple[Path, Path]:
    """The examples' records as JSONL and ingested into a real SQLite database."""
    root = tmp_path_factory.mktemp("export")
    jsonl = root / "docs.jsonl"
    jsonl.write_text("".join(d.to_json() + "\n" for d in seed_documents), encoding="utf-8")
    db = root / "rasd.db"
    with Store.open(str(db)) as store:
        for doc in seed_documents:
            store.ingest(doc)
    return db, jsonl


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_exports_the_same_from_the_database_and_from_jsonl_and_again(
    fmt: str, tmp_path: Path, sources: tuple[Path, Path]
) -> None:
    db, jsonl = sources
    from_db, from_jsonl, again = (tmp_path / f"{name}{FORMATS[fmt][2]}" for name in ("db", "jsonl", "again"))
    result = runner.invoke(app, ["export", fmt, "--db", str(db), "--out", str(from_db)])
    assert result.exit_code == 0, result.output
    assert f"{fmt} records from 5 documents" in result.output
    assert runner.invoke(app, ["export", fmt, "--jsonl", str(jsonl), "-o", str(from_jsonl)]).exit_code == 0
    assert runner.invoke(app, ["export", fmt, "--db", str(db), "-o", str(again)]).exit_code == 0
    assert from_db.stat().st_size > 0
    assert from_db.read_bytes() == again.read_bytes()
    if fmt != "stix":
        assert from_db.read_bytes() == from_jsonl.read_bytes()
    # STIX alone dates every object: an undated article takes the time the store received it, or
    # for JSONL records the time the file was written, so the two sources differ there only.


def test_acled_lists_what_it_could_not_code_beside_the_csv(
    tmp_path: Path, sources: tuple[Path, Path]
) -> None:
    db, _jsonl = sources
    result = runner.invoke(app, ["export", "acled", "--db", str(db), "-o", str(tmp_path / "events.csv")])
    assert result.exit_code == 0, result.output
    side = tmp_path / "events.uncoded.csv"
    assert side.read_text(encoding="utf-8").startswith("event,reason,")
    assert f"listed in {side}" in result.output


def test_a_missing_database_is_refused_and_not_created(tmp_path: Path) -> None:
    target = tmp_path / "typo.db"
    result = runner.invoke(app, ["export", "stix", "--db", str(target)])
    assert result.exit_code == 2 and f"rasd: error: no database at {target}" in result.output
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_standard_output_is_the_default(sources: tuple[Path, Path]) -> None:
    _db, jsonl = sources
    result = runner.invoke(app, ["export", "geojson", "--jsonl", str(jsonl)])
    assert result.exit_code == 0 and result.stdout.startswith('{"type": "FeatureCollection"')


def test_cli_refuses_an_unknown_format_and_an_unwritable_file(tmp_path: Path) -> None:
    jsonl = tmp_path / "empty.jsonl"
    jsonl.write_text("", encoding="utf-8")
    assert runner.invoke(app, ["export", "xlsx", "--jsonl", str(jsonl)]).exit_code == 2
    target = tmp_path / "no-such-dir" / "out.json"
    result = runner.invoke(app, ["export", "ftm", "--jsonl", str(jsonl), "--out", str(target)])
    assert result.exit_code == 2
    assert f"rasd: error: {target}: cannot write" in result.output
    assert not list(tmp_path.glob("**/*.partial"))


def test_a_database_that_cannot_be_opened_is_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "not-a-db.db").write_bytes(b"this is no SQLite file " * 100)
    result = runner.invoke(app, ["export", "ftm", "--db", str(tmp_path / "not-a-db.db")])
    assert result.exit_code == 2 and "rasd: error: cannot open the database" in result.output


def test_the_command_offers_every_format() -> None:
    from rasd.cli.export import ExportFormat

    assert [f.value for f in ExportFormat] == list(FORMATS)
