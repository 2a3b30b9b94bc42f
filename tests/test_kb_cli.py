"""`rasd kb show` and the evaluation behind `rasd eval resolve`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from conftest import shared_resources
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
        score = evaluate_aliases(shared_resources(), part)
        assert score.wrong == 0 and score.accuracy >= 0.9, score.failures
    geo = evaluate_geocoding(shared_resources())
    assert geo.wrong == 0 and geo.accuracy >= 0.9, geo.failures


def test_show_merge_and_split_on_the_database(tmp_path, build_document) -> None:
    from rasd.store import Store

    db = str(tmp_path / "rasd.db")
    with Store.open(db) as store:
        text = "وصل أبو الوليد إلى المدينة، وقال شهود إن الملثم كان معه."
        store.ingest(
            build_document(
                text,
                entities=[
                    ("per:x", "PER", "أبو الوليد", "أبو الوليد", ()),
                    ("per:y", "PER", "الملثم", "الملثم", ()),
                ],
            )
        )
    runner = CliRunner()
    # By the names the articles use: the stored entities, not only the shipped knowledge base.
    merged = runner.invoke(app, ["kb", "merge", "أبو الوليد", "الملثم", "--reason", "one man", "--db", db])
    assert merged.exit_code == 0, merged.output
    assert "merge per:x per:y (one man)" in merged.output
    shown = runner.invoke(app, ["kb", "show", "الملثم", "--db", db, "--json"])
    assert shown.exit_code == 0, shown.output
    [entity] = json.loads(shown.output)
    assert entity["stored"] and entity["id"] == "per:x" and entity["merged"] == ["per:y"]
    assert entity["names"] == ["أبو الوليد", "الملثم"] and entity["articles"] == 1 and entity["mentions"] == 2
    assert [(j["kind"], j["reason"]) for j in entity["judgements"]] == [("merge", "one man")]
    text_out = runner.invoke(app, ["kb", "show", "per:x", "--db", db]).output
    assert "stored: per:x" in text_out and "merge per:x per:y" in text_out and ": one man" in text_out
    split = runner.invoke(app, ["kb", "split", "per:x", "per:y", "--reason", "two men after all", "--db", db])
    assert split.exit_code == 0
    [entity] = json.loads(runner.invoke(app, ["kb", "show", "per:x", "--db", db, "--json"]).output)
    assert entity["merged"] == [] and [j["kind"] for j in entity["judgements"]] == ["merge", "split"]
    missing = runner.invoke(app, ["kb", "show", "per:x", "--db", str(tmp_path / "typo.db")])
    assert missing.exit_code == 2 and not (tmp_path / "typo.db").exists()
