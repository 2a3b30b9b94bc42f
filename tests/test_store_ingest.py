"""Storing documents: idempotent by content hash, one transaction per document, shared entities."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, func, select

from rasd.store import AmbiguousDocumentId, Store, schema

MALI = "أكدت مصادر أمنية أن مختار بلمختار غادر تمبكتو نحو الحدود الليبية مع عناصر من المرابطون."
NIGER = "قال مسؤول في نيامي إن جماعة المرابطون تبنت الهجوم الذي استهدف ثكنة قرب أغاديز."
ALGERIA = "نقلت صحيفة جزائرية أن بلعور شوهد في جنوب ليبيا بعد هجوم عين أميناس."

BELMOKHTAR = ("Q_belmokhtar", "PER", "مختار بلمختار", "مختار بلمختار", ["خالد أبو العباس"])
MOURABITOUN = ("Q_mourabitoun", "ORG", "المرابطون", "المرابطون", [])
TIMBUKTU = ("Q_timbuktu", "LOC", "تمبكتو", "تمبكتو", [])


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        counts = {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in [*schema.metadata.sorted_tables, *schema.views.sorted_tables]  # views: mentions…
        }
    engine.dispose()
    return counts


def test_same_article_twice_is_stored_once(db_url, build_document):
    doc = build_document(MALI, entities=(BELMOKHTAR, MOURABITOUN), with_extraction=True)
    with Store.open(db_url) as store:
        assert store.ingest(doc) == "added"
        before = _counts(db_url)
        assert store.ingest(doc) == "unchanged"
        assert _counts(db_url) == before
    assert before["documents"] == 1
    assert before["mentions"] == 2
    assert (before["relations"], before["events"], before["claims"]) == (1, 1, 1)


def test_same_text_from_another_path_records_the_extra_source(db_url, build_document):
    first = build_document(MALI, source="a/first.txt", entities=(BELMOKHTAR,))
    copy = build_document(MALI, source="b/copy.html", entities=(BELMOKHTAR,))
    with Store.open(db_url) as store:
        store.ingest(first)
        assert store.ingest(copy) == "unchanged"
        assert store.sources(first.id) == ["a/first.txt", "b/copy.html"]
        assert store.stats()["documents"] == 1
        assert store.get(first.id).source == "a/first.txt"  # the first path stays the record's source


def test_a_new_extraction_of_a_stored_article_replaces_the_old_one(db_url, build_document):
    old = build_document(MALI, entities=(BELMOKHTAR,))
    new = build_document(MALI, entities=(BELMOKHTAR, MOURABITOUN, TIMBUKTU), with_extraction=True)
    with Store.open(db_url) as store:
        store.ingest(old)
        assert store.ingest(new) == "updated"
        assert store.get(new.id) == new
        stats = store.stats()
    assert (stats["documents"], stats["mentions"], stats["relations"]) == (1, 3, 1)


def test_stored_record_reads_back_equal(db_url, build_document):
    doc = build_document(
        MALI, title="بلمختار في ليبيا", entities=(BELMOKHTAR, MOURABITOUN), with_extraction=True
    )
    with Store.open(db_url) as store:
        store.ingest(doc)
        assert store.get(doc.id) == doc
        assert store.get(doc.id[:10]) == doc
        assert store.get("f" * 64) is None
        assert store.get("not hex") is None


def test_an_ambiguous_prefix_is_an_error(db_url, build_document):
    docs = [build_document(f"{MALI} ({i})") for i in range(17)]  # 17 ids > 16 hex digits: two share one
    with Store.open(db_url) as store:
        for doc in docs:
            store.ingest(doc)
        first = [d.id[0] for d in docs]
        shared = next(c for c in first if first.count(c) > 1)
        with pytest.raises(AmbiguousDocumentId):
            store.get(shared)
        assert store.get("") is None


def test_entities_are_shared_across_documents_and_gather_aliases(db_url, build_document):
    in_mali = build_document(MALI, entities=(BELMOKHTAR, MOURABITOUN))
    alias = ("Q_belmokhtar", "PER", "بلعور", "بلعور", ["الأعور"])
    in_algeria = build_document(ALGERIA, entities=(alias,))
    with Store.open(db_url) as store:
        store.ingest(in_mali)
        store.ingest(in_algeria)
        assert store.stats()["entities_by_type"] == {"ORG": 1, "PER": 1}
    engine = create_engine(db_url)
    with engine.connect() as conn:
        row = conn.execute(select(schema.entities).where(schema.entities.c.id == "Q_belmokhtar")).one()
    engine.dispose()
    assert row.name == "مختار بلمختار"  # the first name seen stays canonical
    assert row.aliases == ["خالد أبو العباس", "بلعور", "الأعور"]


def test_iter_documents_yields_every_document_in_ingest_order(db_url, build_document):
    docs = [build_document(t, source=f"{i}.txt") for i, t in enumerate((NIGER, MALI, ALGERIA))]
    with Store.open(db_url) as store:
        for doc in docs:
            store.ingest(doc)
        assert [d.id for d in store.iter_documents(batch_size=2)] == [d.id for d in docs]


def test_a_failure_inside_a_document_keeps_earlier_ones_and_leaves_no_half_document(
    db_url, build_document, monkeypatch
):
    docs = [
        build_document(
            f"{MALI} ({i})", source=f"{i}.txt", entities=(BELMOKHTAR, MOURABITOUN), with_extraction=True
        )
        for i in range(3)
    ]
    original = Store._write_extraction

    def crash_on_second(self, conn, doc, num):
        original(self, conn, doc, num)  # everything written, then the crash: all of it must roll back
        if doc.id == docs[1].id:
            raise RuntimeError("disk full")

    monkeypatch.setattr(Store, "_write_extraction", crash_on_second)
    with Store.open(db_url) as store:
        assert store.ingest(docs[0]) == "added"
        with pytest.raises(RuntimeError):
            store.ingest(docs[1])
        counts = _counts(db_url)
        assert counts["documents"] == 1
        assert counts["document_sources"] == 1
        assert counts["relations"] == counts["events"] == counts["claims"] == 1
        assert counts["mentions"] == len([m for e in docs[0].entities for m in e.mentions])
        assert store.get(docs[1].id) is None
        monkeypatch.setattr(Store, "_write_extraction", original)
        assert store.ingest(docs[1]) == "added"  # nothing half-written blocks a retry
        assert store.ingest(docs[2]) == "added"
        assert store.stats()["documents"] == 3


def test_two_writers_ingesting_the_same_articles_store_each_once(db_url, build_document):
    docs = [build_document(f"{MALI} ({i})", entities=(BELMOKHTAR, MOURABITOUN)) for i in range(12)]
    stores = [Store.open(db_url), Store.open(db_url)]
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(lambda s: [s.ingest(d) for d in docs], stores))
    finally:
        for store in stores:
            store.close()
    assert sorted(r for run in results for r in run) == ["added"] * 12 + ["unchanged"] * 12
    counts = _counts(db_url)
    assert (counts["documents"], counts["entities"], counts["mentions"]) == (12, 2, 24)
