"""The lean store (migration 0004): the record stored once and packed, the search index without a
normalised copy of the text. Nothing the record contract holds is lost: ``Store.get`` gives back the
document that was ingested, for the seed articles, for real news, and for a store upgraded from 0002.
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib.resources import as_file, files
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from rasd.record import Document, Entity, Mention
from rasd.store import Store, schema
from rasd.store.database import make_engine
from rasd.store.store import _insert_ignoring_duplicates
from rasd.text import normalize

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REAL_ARTICLES = 12


def _analysed(paths_or_articles) -> list[Document]:
    from rasd.pipeline import Pipeline

    return [d for d in Pipeline().run(paths_or_articles) if isinstance(d, Document)]


def _round_trip(url: str, docs: list[Document]) -> None:
    with Store.open(url) as store:
        assert [store.ingest(d) for d in docs] == ["added"] * len(docs)
        for doc in docs:  # the record (the pipeline's working state, spans and raw input, is not stored)
            stored = store.get(doc.id)
            assert stored is not None and stored.to_dict() == doc.to_dict()
        assert [d.to_dict() for d in store.iter_documents()] == [d.to_dict() for d in docs]
        assert [store.ingest(d) for d in docs] == ["unchanged"] * len(docs)


def test_seed_articles_come_back_whole(db_url: str) -> None:
    docs = _analysed(sorted((ROOT / "examples").iterdir()))
    assert docs and all(d.entities for d in docs)
    _round_trip(db_url, docs)


def test_real_news_comes_back_whole(db_url: str, tmp_path: Path) -> None:
    if not (SHARED / "data" / "news").is_dir():
        pytest.skip("../shared/data/news is absent: real articles are read from there, never copied")
    from rasd.evaluate.news_corpus import bench_sample, write_jsonl

    sample = tmp_path / "news.jsonl"
    write_jsonl(bench_sample(SHARED, n=REAL_ARTICLES), sample)
    docs = _analysed([sample])
    assert len(docs) >= REAL_ARTICLES - 2 and sum(len(d.events) + len(d.claims) for d in docs) > 0
    _round_trip(db_url, docs)


def test_a_record_the_tables_cannot_rebuild_is_kept_whole(db_url: str, build_document) -> None:
    text = "قال أبو محمد إن أبو محمد الآخر غادر المدينة."
    doc = build_document(text, with_extraction=True)
    # two entities with one id (not what the pipeline makes): the mention rows alone would join them
    doc.entities = [
        Entity(id="x", type="PER", name="أبو محمد", mentions=[Mention(start=4, end=12, text="أبو محمد")]),
        Entity(
            id="x", type="PER", name="أبو محمد الآخر", mentions=[Mention(start=16, end=30, text=text[16:30])]
        ),
    ]
    _round_trip(db_url, [doc])


def test_the_index_holds_the_normalised_text_not_the_documents_table(sqlite_url: str, build_document) -> None:
    with Store.open(sqlite_url) as store:
        store.ingest(build_document("نص قصير عن الساحل.", with_extraction=False))
        with store.engine.connect() as conn:
            assert conn.execute(sa.select(schema.documents.c.text_norm)).scalar_one() is None
            assert (
                "text_norm"
                not in conn.exec_driver_sql(
                    "SELECT sql FROM sqlite_master WHERE name = 'documents_fts'"
                ).scalar_one()
            )


def test_short_words_are_whole_words_found_through_the_index(db_url: str, build_document) -> None:
    texts = ("في الصباح هاجم مسلحون القرية ثم انسحبوا.", "ارتفع ثمن الخبز في السوق.", "لا شيء هنا.")
    with Store.open(db_url) as store:
        for i, text in enumerate(texts):
            store.ingest(build_document(text, source=f"{i}.txt"))
        assert [h.source for h in store.search("ثم")] == ["0.txt"]  # not «ثمن»
        assert {h.source for h in store.search("في")} == {"0.txt", "1.txt"}  # first word of a text too
        assert [h.source for h in store.search("ثمن في")] == ["1.txt"]
        (hit,) = store.search("ثم انسحبوا")
        assert [hit.snippet[s:e] for s, e in hit.highlights] == ["ثم", "انسحبوا"]


def test_a_phrase_of_trigrams_does_not_run_across_two_words(db_url: str, build_document) -> None:
    # «مالي» is the trigrams «مال» «الي»: here the end of one word and the start of the next
    with Store.open(db_url) as store:
        store.ingest(build_document("سافر إلى الشمال اليمني أمس.", source="a.txt"))
        store.ingest(build_document("عاد الجنود إلى مالي أمس.", source="b.txt"))
        assert [h.source for h in store.search("مالي")] == ["b.txt"]


# -- upgrading a store made before 0004 -----------------------------------------------------------


def _old_documents_table() -> sa.Table:
    """``documents`` as migrations 0001–0003 left it: the whole record as JSON, and text_norm."""
    return sa.Table(
        "documents",
        sa.MetaData(),
        sa.Column("num", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64)),
        sa.Column("source", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.String(16)),
        sa.Column("language", sa.String(8)),
        sa.Column("byline", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("text", sa.Text),
        sa.Column("text_norm", sa.Text),
        sa.Column("record", schema.Json),
        sa.Column("ingested_at", sa.DateTime(timezone=True)),
        sa.Column("updated_at", sa.DateTime(timezone=True)),
    )


def _old_sources_table() -> sa.Table:
    """``document_sources`` as migrations 0001–0005 left it: by the 64-character id."""
    return sa.Table(
        "document_sources",
        sa.MetaData(),
        sa.Column("doc_id", sa.String(64), primary_key=True),
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("seen_at", sa.DateTime(timezone=True)),
    )


def _store_as_before(url: str, docs: list[Document]) -> None:
    """A store at migration 0002 holding ``docs`` written as the store wrote them then."""
    engine = make_engine(url)
    with as_file(files("rasd.store") / "migrations") as location, engine.begin() as conn:
        config = Config()
        config.set_main_option("script_location", str(location))
        config.attributes["connection"] = conn
        command.upgrade(config, "0002_watch")
        now = datetime.now(UTC)
        for doc in docs:
            record = doc.to_dict()
            del record["text"]
            conn.execute(
                _old_documents_table()
                .insert()
                .values(
                    **{
                        k: record[k]
                        for k in ("id", "source", "title", "published", "language", "byline", "outlet")
                    },
                    text=doc.text,
                    text_norm=normalize(doc.text),
                    record=record,
                    ingested_at=now,
                    updated_at=now,
                )
            )
            conn.execute(_old_sources_table().insert().values(doc_id=doc.id, source=doc.source, seen_at=now))
            for ent in doc.entities:
                conn.execute(
                    _insert_ignoring_duplicates(conn, schema.entities, ["id"]),
                    {"id": ent.id, "type": ent.type, "subtype": ent.subtype, "name": ent.name, "aliases": []},
                )
                for m in ent.mentions:
                    conn.execute(
                        schema.mentions.insert().values(
                            doc_id=doc.id, entity_id=ent.id, start=m.start, end=m.end, text=m.text
                        )
                    )
            for r in doc.relations:
                conn.execute(
                    schema.relations.insert().values(
                        doc_id=doc.id, type=r.type, subject=r.subject, object=r.object,
                        start=r.evidence.start, end=r.evidence.end, confidence=r.confidence,
                        record=r.model_dump(mode="json"),
                    )
                )  # fmt: skip
            for ev in doc.events:
                conn.execute(
                    schema.events.insert().values(
                        doc_id=doc.id, type=ev.type, date=ev.date.value if ev.date else None,
                        location=ev.location, start=ev.evidence.start, end=ev.evidence.end,
                        record=ev.model_dump(mode="json"),
                    )
                )  # fmt: skip
            for c in doc.claims:
                conn.execute(
                    schema.claims.insert().values(
                        doc_id=doc.id, certainty=c.certainty, source_kind=c.source.kind,
                        start=c.evidence.start, end=c.evidence.end, record=c.model_dump(mode="json"),
                    )
                )  # fmt: skip
    engine.dispose()


def test_a_store_from_before_upgrades_without_loss(db_url: str, build_document) -> None:
    ents = (("org:aqim", "ORG", "القاعدة", "القاعدة", ()), ("loc:gao", "LOC", "غاو", "غاو", ()))
    docs = [
        build_document("هاجمت القاعدة ثكنة في غاو، ثم انسحب المسلحون.", "a.txt", ents, "هجوم", True),
        build_document("قالت مصادر إن القاعدة تبنت التفجير قرب غاو.", "b.txt", ents, None, True),
        build_document("نص بلا كيانات عن الطقس.", "c.txt"),
    ]
    docs[0].url = "https://example.org/a"
    _store_as_before(db_url, docs)
    with Store.open(db_url) as store:
        for doc in docs:
            assert store.get(doc.id) == doc
        assert {h.source for h in store.search("القاعده غاو")} == {"a.txt", "b.txt"}
        assert [h.source for h in store.search("ثم")] == ["a.txt"]
        assert [store.ingest(d) for d in docs] == ["unchanged"] * 3  # the digests the migration wrote
        assert store.stats()["mentions"] == sum(len(e.mentions) for d in docs for e in d.entities)


# -- migration 0007: the extraction's rows by documents.num, the old names as views ------------------


def test_rows_name_their_article_by_num_and_the_views_give_the_id(db_url: str, build_document) -> None:
    ents = (("org:aqim", "ORG", "القاعدة", "القاعدة", ()), ("loc:gao", "LOC", "غاو", "غاو", ()))
    docs = [
        build_document("هاجمت القاعدة ثكنة في غاو، ثم انسحب المسلحون.", "a.txt", ents, "هجوم", True),
        build_document("قالت مصادر إن القاعدة تبنت التفجير قرب غاو.", "b.txt", ents, None, True),
    ]
    with Store.open(db_url) as store:
        for doc in docs:
            store.ingest(doc)
        inspector = sa.inspect(store.engine)
        for table in schema.EXTRACTION_TABLES:  # no 64-character id in any row
            assert "doc_id" not in {c["name"] for c in inspector.get_columns(table.name)}
        for view in schema.views.sorted_tables:  # what readers outside the store read, as before
            assert [c["name"] for c in inspector.get_columns(view.name)] == [c.name for c in view.columns]
        m, ev = schema.mentions, schema.events
        with store.engine.connect() as conn:
            for doc in docs:
                rows = conn.execute(sa.select(m.c.entity_id, m.c.start, m.c.text).where(m.c.doc_id == doc.id))
                assert sorted(rows) == sorted(
                    (e.id, x.start, x.text) for e in doc.entities for x in e.mentions
                )
            found = conn.execute(sa.select(m.c.doc_id).where(m.c.entity_id == "loc:gao").distinct())
            assert set(found.scalars()) == {d.id for d in docs}
            assert (
                conn.execute(sa.select(sa.func.max(ev.c.id))).scalar_one()
                == conn.execute(sa.select(sa.func.max(schema.event_rows.c.id))).scalar_one()
            )


def test_0007_keeps_every_row_and_new_rows_follow_the_copied_ids(db_url: str, build_document) -> None:
    ents = (("org:aqim", "ORG", "القاعدة", "القاعدة", ()), ("loc:gao", "LOC", "غاو", "غاو", ()))
    docs = [
        build_document("هاجمت القاعدة ثكنة في غاو، ثم انسحب المسلحون.", "a.txt", ents, "هجوم", True),
        build_document("قالت مصادر إن القاعدة تبنت التفجير قرب غاو.", "b.txt", ents, None, True),
    ]
    _store_as_before(db_url, docs)  # rows keyed by doc_id, as before 0007
    engine = make_engine(db_url)
    with engine.connect() as conn:
        before = {
            name: conn.execute(sa.text(f"SELECT id, doc_id FROM {name} ORDER BY id")).all()
            for name in ("mentions", "relations", "events", "claims")
        }
    engine.dispose()
    assert all(before.values())
    with Store.open(db_url) as store:
        assert [store.sources(doc.id) for doc in docs] == [[doc.source] for doc in docs]
        with store.engine.connect() as conn:
            for name, rows in before.items():  # the same rows, ids kept, each still with its article
                assert conn.execute(sa.text(f"SELECT id, doc_id FROM {name} ORDER BY id")).all() == rows
        for doc in docs:
            assert store.get(doc.id) == doc
        late = build_document("عادت القاعدة إلى غاو بعد عام.", "c.txt", ents, "هجوم", True)
        assert store.ingest(late) == "added"  # new ids after the copied ones (PostgreSQL's sequences)
        assert store.get(late.id) == late
        with store.engine.connect() as conn:
            for name, rows in before.items():
                ids = conn.execute(sa.text(f"SELECT id FROM {name} WHERE doc_id = :d"), {"d": late.id})
                assert min(ids.scalars()) > rows[-1][0]
            after = {
                name: conn.execute(sa.text(f"SELECT * FROM {name} ORDER BY id")).all() for name in before
            }
        with as_file(files("rasd.store") / "migrations") as location, store.engine.begin() as conn:
            config = Config()
            config.set_main_option("script_location", str(location))
            config.attributes["connection"] = conn
            command.downgrade(config, "0006")  # tables by doc_id again, the same rows
            for name, rows in after.items():
                assert conn.execute(sa.text(f"SELECT * FROM {name} ORDER BY id")).all() == rows
                assert "doc_id" in {c["name"] for c in sa.inspect(conn).get_columns(name)}
            sources = sa.text("SELECT source FROM document_sources WHERE doc_id = :d")
            assert conn.execute(sources, {"d": late.id}).scalars().all() == ["c.txt"]
            command.upgrade(config, "head")
        for doc in [*docs, late]:
            assert store.get(doc.id) == doc
        assert [store.sources(doc.id) for doc in [*docs, late]] == [["a.txt"], ["b.txt"], ["c.txt"]]
