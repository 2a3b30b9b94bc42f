"""Search by the names of a thing: a query naming an entity (knowledge base or stored, merges
applied) also finds its other names; --exact searches the words given only. SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from rasd.cli import app
from rasd.kb import build_knowledge_base
from rasd.store import Store
from rasd.store.expand import expand

runner = CliRunner()
DAESH = "أعلن تنظيم داعش مسؤوليته عن الهجوم على الثكنة في شمال البلاد."
ISLAMIC_STATE = "قالت مصادر إن الدولة الإسلامية تبنت التفجير الذي استهدف السوق."
BOKO = "هاجم مسلحون من بوكو حرام قرية قرب مايدوغوري وخطفوا عشرات."
OTHER = "التقى وزير الخارجية نظيره لبحث التعاون الاقتصادي بين البلدين."
ALIAS_A = "وصل أبو الوليد إلى المدينة الحدودية مع عناصره المسلحة."
ALIAS_B = "شوهد الملثم قرب الحدود مع عناصره المسلحة حسب مصادر محلية."


def _store(url: str, build_document) -> None:
    with Store.open(url) as store:
        for n, text in enumerate((DAESH, ISLAMIC_STATE, BOKO, OTHER), start=1):
            store.ingest(build_document(text, source=f"{n}.txt"))
        store.ingest(
            build_document(
                ALIAS_A, source="a.txt", entities=[("per:x", "PER", "أبو الوليد", "أبو الوليد", ())]
            )
        )
        store.ingest(
            build_document(ALIAS_B, source="b.txt", entities=[("per:y", "PER", "الملثم", "الملثم", ())])
        )


def test_knowledge_base_names_expand_a_query(db_url: str, build_document) -> None:
    _store(db_url, build_document)
    kb = build_knowledge_base()
    with Store.open(db_url) as store:
        for query, wanted in (("داعش", {DAESH, ISLAMIC_STATE}), ("Boko Haram", {BOKO})):
            expansion = expand(query, kb, store.entity_names())
            assert expansion.entities and expansion.names
            found = {store.get(h.doc_id).text for h in store.search_names(query, expansion.names)}
            assert found == wanted, (query, expansion)
        assert {h.doc_id for h in store.search("داعش")} == {h.doc_id for h in store.search_names("داعش", [])}


def test_stored_names_and_merges_expand_a_query(db_url: str, build_document) -> None:
    _store(db_url, build_document)
    with Store.open(db_url) as store:
        assert expand("أبو الوليد", None, store.entity_names()).names == []
        store.add_judgement("merge", "per:x", "per:y", "the same man")
        expansion = expand("أبو الوليد", None, store.entity_names())
        assert expansion.names == ["الملثم"] and expansion.entities == ["per:x"]
        texts = {store.get(h.doc_id).text for h in store.search_names("أبو الوليد", expansion.names)}
    assert texts == {ALIAS_A, ALIAS_B}


def test_search_command_says_it_expanded_and_exact_does_not(tmp_path: Path, build_document) -> None:
    db = str(tmp_path / "rasd.db")
    _store(f"sqlite:///{db}", build_document)
    wide = runner.invoke(app, ["search", "داعش", "--db", db])
    assert wide.exit_code == 0 and "also searching «الدولة الإسلامية»" in wide.stderr
    assert wide.stdout.count("\n\n") == 2
    exact = runner.invoke(app, ["search", "داعش", "--db", db, "--exact"])
    assert exact.exit_code == 0 and "also searching" not in exact.stderr
    assert exact.stdout.count("\n\n") == 1
