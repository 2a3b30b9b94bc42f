"""`rasd events` and `rasd contradictions` as an analyst reads them: at 80 columns, in CSV and JSONL,
and partial dates as the article gave them (never «--05»)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd.cli import app
from rasd.record import Document, EventDate

runner = CliRunner()


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory, seed_documents: list[Document]) -> Path:
    docs = [d.model_copy(deep=True) for d in seed_documents]
    # A month the text gave without a year.
    event = next(e for d in docs for e in d.events if e.modality == "asserted")
    event.date = EventDate(value="--05", text="مايو", precision="month")
    path = tmp_path_factory.mktemp("formats") / "docs.jsonl"
    path.write_text("".join(d.to_json() + "\n" for d in docs), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["events", "contradictions"])
def test_tables_fit_80_columns(records: Path, command: str) -> None:
    result = runner.invoke(app, [command, "--jsonl", str(records)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) > 3
    assert max(len(line) for line in lines) <= 80


def test_events_show_partial_dates_as_the_text_gave_them(records: Path) -> None:
    table = runner.invoke(app, ["events", "--jsonl", str(records)], env={"COLUMNS": "80"}).stdout
    assert "--05" not in table and "مايو" in table and "2012-04" in table
    rows = list(
        csv.DictReader(
            io.StringIO(runner.invoke(app, ["events", "--jsonl", str(records), "-f", "csv"]).stdout)
        )
    )
    assert list(rows[0]) == ["date", "type", "place", "actors", "targets", "killed", "reports", "modality"]
    assert "--05" not in {r["date"] for r in rows} and "مايو" in {r["date"] for r in rows}


def test_contradictions_as_csv(records: Path) -> None:
    result = runner.invoke(app, ["contradictions", "--jsonl", str(records), "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and set(rows[0]) == {"kind", "about", "says", "published", "source", "by", "text"}
