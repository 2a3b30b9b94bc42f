"""`rasd eval geocode`, `rasd eval transliterate`, `rasd build gazetteer`: the commands, run for real."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd.cli import app

runner = CliRunner()
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def test_eval_geocode_scores_a_gold_file(tmp_path: Path) -> None:
    gold = {
        "paragraphs": [
            {
                "id": "p1",
                "text": "هاجم مسلحون بلدة غوزا في ولاية بورنو شمال شرقي نيجيريا.",
                "entities": {
                    "gwoza": {"type": "LOC", "names": ["غوزا"], "geo": [11.08, 13.69]},
                    "nigeria": {"type": "LOC", "names": ["نيجيريا"], "geo": [9.0, 8.0]},
                },
            }
        ]
    }
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["eval", "geocode", "--gold", str(path), "--no-speed", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["all"] == {"total": 2, "correct": 2, "unplaced": 0, "accuracy": 1.0}
    assert report["no Arabic name in any source"]["correct"] == 1  # Gwoza, by transliteration


def test_eval_geocode_names_a_missing_gold_path_and_goes_on(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "geocode", "--gold", str(tmp_path / "none.json"), "--no-speed"])
    assert result.exit_code == 0
    assert "none.json: no such gold file or folder" in result.output


def test_eval_transliterate_reports_the_held_apart_half() -> None:
    result = runner.invoke(app, ["eval", "transliterate", "--limit", "40"])
    assert result.exit_code == 0, result.output
    assert "40 held-apart pairs: first candidate right" in result.output


@pytest.mark.skipif(
    not SHARED.is_dir(), reason="needs ../shared/data (GeoNames, Natural Earth) beside the repository"
)
def test_build_gazetteer_refuses_a_folder_without_the_dumps(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["build", "gazetteer", "--data", str(tmp_path), "--out", str(tmp_path / "g.tsv.gz")]
    )
    assert result.exit_code == 2
    assert "no geonames/countries/ there" in result.output
