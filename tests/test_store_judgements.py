"""Merge/split judgements: recorded, applied when reading, and in force after re-ingestion."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conftest import shared_kb
from rasd.kb.judgements import apply_judgements, merge_map
from rasd.store import Judgement, Store

TEXT = "قالت مصادر إن مختار بلمختار المعروف ببلعور يقود المرابطون في شمال مالي."
FULL = ("Q_belmokhtar", "PER", "مختار بلمختار", "مختار بلمختار", [])
NICKNAME = ("local_belaouar", "PER", "بلعور", "بلعور", ["الأعور"])
GROUP = ("Q_mourabitoun", "ORG", "المرابطون", "المرابطون", [])


def _j(n: int, kind: str, a: str, b: str) -> Judgement:
    return Judgement(n, kind, a, b, None, datetime(2026, 1, 1, tzinfo=UTC))  # type: ignore[arg-type]


def test_merge_map_follows_chains_and_splits_undo_merges():
    assert merge_map([_j(1, "merge", "a", "b"), _j(2, "merge", "c", "a")]) == {"a": "c", "b": "c"}
    assert merge_map([_j(1, "merge", "a", "b"), _j(2, "split", "b", "a")]) == {}
    assert merge_map([_j(1, "merge", "a", "b"), _j(2, "split", "a", "b"), _j(3, "merge", "a", "b")]) == {
        "b": "a"
    }
    assert merge_map([_j(1, "merge", "a", "b"), _j(2, "merge", "b", "a")]) == {"b": "a"}  # no cycle


def test_judgements_are_recorded_in_order(db_url):
    with Store.open(db_url) as store:
        first = store.add_judgement("merge", "Q1", "Q2", reason="same kunya")
        store.add_judgement("split", "Q1", "Q2")
        recorded = store.judgements()
    assert [(j.kind, j.entity_a, j.entity_b) for j in recorded] == [
        ("merge", "Q1", "Q2"),
        ("split", "Q1", "Q2"),
    ]
    assert recorded[0].id == first.id and recorded[0].reason == "same kunya"


def test_bad_judgements_are_refused(db_url):
    with Store.open(db_url) as store:
        with pytest.raises(ValueError):
            store.add_judgement("join", "Q1", "Q2")  # type: ignore[arg-type]
        with pytest.raises(ValueError):
            store.add_judgement("merge", "Q1", "Q1")


def test_a_merge_is_applied_to_stored_documents_and_survives_reingestion(db_url, build_document):
    doc = build_document(TEXT, entities=(FULL, NICKNAME, GROUP), with_extraction=True)
    with Store.open(db_url) as store:
        store.ingest(doc)
        assert store.stats()["entities_by_type"] == {"ORG": 1, "PER": 2}
        store.add_judgement("merge", "Q_belmokhtar", "local_belaouar", reason="kunya")
        assert store.ingest(doc) == "unchanged"
        assert store.ingest(doc.model_copy(update={"source": "again.txt"})) == "unchanged"

        merged = store.get(doc.id)
        person = merged.entity("Q_belmokhtar")
        assert merged.entity("local_belaouar") is None
        assert person.name == "مختار بلمختار"
        assert set(person.aliases) >= {"بلعور", "الأعور"}
        assert [m.text for m in person.mentions] == ["مختار بلمختار", "بلعور"]
        assert person.resolution == "merged local_belaouar by analyst judgement: kunya"
        assert store.stats()["entities_by_type"] == {"ORG": 1, "PER": 1}
        assert [d.entity("local_belaouar") for d in store.iter_documents()] == [None]

        store.add_judgement("split", "Q_belmokhtar", "local_belaouar")
        assert store.get(doc.id) == doc


def test_merged_ids_are_rewritten_in_relations_events_and_claims(db_url, build_document):
    doc = build_document(TEXT, entities=(NICKNAME, GROUP), with_extraction=True)
    with Store.open(db_url) as store:
        store.ingest(build_document("مختار بلمختار في ليبيا.", entities=(FULL,)))
        store.ingest(doc)
        store.add_judgement("merge", "Q_belmokhtar", "local_belaouar")
        merged = store.get(doc.id)
    assert merged.entity("Q_belmokhtar").name == "مختار بلمختار"  # the stored canonical name
    assert merged.relations[0].subject == "Q_belmokhtar"
    assert merged.events[0].actors == ["Q_belmokhtar"]
    assert merged.claims[0].about == ["Q_belmokhtar", "Q_mourabitoun"]


def test_reading_applies_the_same_rule_as_ingesting(db_url, build_document):
    """The store's read path and ``apply_judgements`` (the ingest path) are one implementation."""
    doc = build_document(TEXT, entities=(FULL, NICKNAME, GROUP), with_extraction=True)
    with Store.open(db_url) as store:
        store.ingest(doc)
        store.add_judgement("merge", "Q_belmokhtar", "local_belaouar", reason="kunya")
        store.add_judgement("merge", "Q_mourabitoun", "Q_other")
        read = store.get(doc.id)
        ingested = doc.model_copy(deep=True)
        apply_judgements(ingested, store.judgements(), shared_kb())
    assert read == ingested
    assert [e.id for e in read.entities] == ["Q_belmokhtar", "Q_mourabitoun"]
