"""`rasd kb show` and the evaluation behind `rasd eval resolve`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from conftest import shared_kb
from rasd.cli import app
from rasd.evaluate.resolve import evaluate_aliases, evaluate_geocoding


def test_show_by_un_reference_lists_names_and_relations() -> None:
    result = CliRunner().invoke(app, ["kb", "show", "QDi.136", "--json"])
    assert result.exit_code == 0, result.output
    [ent] = json.loads(result.output)
    assert ent["id"] == "rasd:mokhtar-belmokhtar"
    assert ent["names"]["بلعور"] == "scan"
    assert {"founded", "leader_of"} <= {r["type"] for r in ent["relations"]}


def test_show_a_shared_name_lists_every_holder() -> None:
    result = CliRunner().invoke(app, ["kb", "show", "أنصار الشريعة"])
    assert result.exit_code == 0
    assert (
        "rasd:ansar-al-sharia-tunisia" in result.output and "rasd:ansar-al-sharia-benghazi" in result.output
    )


def test_show_an_unknown_name_fails_in_one_line() -> None:
    result = CliRunner().invoke(app, ["kb", "show", "اسم لا وجود له"])
    assert result.exit_code == 1


def test_the_evaluation_sets_resolve_without_a_wrong_link() -> None:
    for part in ("aliases", "aliases_heldout"):
        score = evaluate_aliases(shared_kb(), part)
        assert score.wrong == 0 and score.accuracy >= 0.9, score.failures
    geo = evaluate_geocoding(shared_kb())
    assert geo.wrong == 0 and geo.accuracy >= 0.9, geo.failures
