"""Shared fixtures: database URLs for the store tests (SQLite in tmp_path, and PostgreSQL).

PostgreSQL tests need a server: ``eval "$(scripts/start-postgres.sh)"`` sets RASD_TEST_PG_URL.
Without it they are skipped with a message. Each test gets its own PostgreSQL schema, dropped after.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError

from rasd.kb import KnowledgeBase, build_knowledge_base
from rasd.record import Claim, ClaimSource, Document, Entity, Event, EventDate, Mention, Relation, Span
from rasd.resolve.geocode import Gazetteer
from rasd.resources import Resources

PG_ENV = "RASD_TEST_PG_URL"


@cache
def shared_kb() -> KnowledgeBase:
    """One knowledge base for the test session (tests change no KB; building one takes about a second)."""
    return build_knowledge_base()


@cache
def shared_gazetteer() -> Gazetteer:
    """One field gazetteer for the test session (read-only, like the knowledge base)."""
    return Gazetteer.load()


@cache
def shared_resources() -> Resources:
    """The session's knowledge base and gazetteer as the pipeline's ``Resources`` (recogniser loaded on use)."""
    return Resources(kb=shared_kb(), gazetteer=shared_gazetteer())


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'rasd.db'}"


@pytest.fixture(scope="session")
def pg_database_url() -> Iterator[str]:
    """A database of its own for this test session (dropped after), reached through RASD_TEST_PG_URL."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f'{PG_ENV} is not set: run eval "$(scripts/start-postgres.sh)" to test PostgreSQL')
    server = create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    name = f"rasd_pytest_{uuid.uuid4().hex[:12]}"
    try:
        with server.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
    except OperationalError as exc:
        server.dispose()
        pytest.skip(f"PostgreSQL at {PG_ENV} cannot be reached: {str(exc).splitlines()[0]}")
    database_url = make_url(url).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(database_url)
    with engine.begin() as conn:  # once, in public, so that every test schema finds it on its path
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    engine.dispose()
    yield database_url
    with server.connect() as conn:
        conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
    server.dispose()


@pytest.fixture
def pg_url(pg_database_url: str) -> Iterator[str]:
    """A URL whose tables land in a fresh schema (``public`` holds only pg_trgm)."""
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_database_url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(pg_database_url).update_query_dict({"options": f"-csearch_path={schema},public"})
    yield url.render_as_string(hide_password=False)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """Every store test runs twice: on SQLite and on PostgreSQL."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


def _document(
    text: str,
    source: str = "test.txt",
    entities: tuple = (),
    title: str | None = None,
    with_extraction: bool = False,
) -> Document:
    """A Document built by hand: ``entities`` are (id, type, name, surface, aliases) tuples whose
    mentions are every occurrence of ``surface``; ``with_extraction`` adds one relation, event and
    claim over the first two entities."""
    ents = []
    for entity_id, entity_type, name, surface, aliases in entities:
        mentions, at = [], text.find(surface)
        while at >= 0:
            mentions.append(Mention(start=at, end=at + len(surface), text=surface))
            at = text.find(surface, at + 1)
        ents.append(
            Entity(id=entity_id, type=entity_type, name=name, aliases=list(aliases), mentions=mentions)
        )
    doc = Document(id=Document.text_id(text), source=source, title=title, text=text, entities=ents)
    if with_extraction and len(ents) >= 2:
        whole = Span(start=0, end=len(text))
        a, b = ents[0].id, ents[1].id
        doc.relations.append(Relation(type="member_of", subject=a, object=b, evidence=whole, confidence=0.8))
        trigger = ents[0].mentions[0]
        doc.events.append(
            Event(
                type="attack",
                acled=None,
                trigger=trigger,
                actors=[a],
                targets=[],
                location=b,
                date=EventDate(value="2013-01", text="يناير 2013", precision="month"),
                evidence=whole,
            )
        )
        doc.claims.append(
            Claim(
                evidence=whole,
                source=ClaimSource(text="مصدر أمني", kind="anonymous_official"),
                certainty="reported",
                about=[a, b],
            )
        )
    return doc


@pytest.fixture
def build_document():
    """The hand-built Document factory (see ``_document``)."""
    return _document


EMPTY_UN_LIST = "<CONSOLIDATED_LIST><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>"


def write_ner_data(root, anercorp: str, un_xml: str = EMPTY_UN_LIST):
    """A training-data folder laid out like ``shared/data`` (ANERcorp, GeoNames, UN list), tiny."""
    (root / "ner").mkdir(parents=True)
    (root / "geonames").mkdir()
    (root / "un_sanctions").mkdir()
    (root / "geonames" / "cities15000_region.tsv").write_text("1\tGao\tGao\tغاو\n", encoding="utf-8")
    (root / "un_sanctions" / "un_consolidated_2022-09-15.xml").write_text(un_xml, encoding="utf-8")
    (root / "ner" / "anercorp_train.txt").write_text(anercorp, encoding="utf-8")
    return root


def resolved_document(text: str, tagged=(), doc_id: str = "d") -> Document:
    """``text`` with the recogniser's output given as (surface, label) pairs, through the resolver;
    every mention it makes must be an exact slice of the text."""
    from rasd.record import TaggedSpan
    from rasd.resolve import resolve_entities

    spans = []
    for name, label in tagged:
        start = text.index(name)
        spans.append(TaggedSpan(start=start, end=start + len(name), text=name, label=label))
    doc = Document(id=doc_id, source="test", text=text, spans=spans)
    resolve_entities(doc, shared_kb(), shared_gazetteer())
    for ent in doc.entities:
        for m in ent.mentions:
            assert m.text and doc.text[m.start : m.end] == m.text
    return doc


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="session")
def seed_documents() -> list[Document]:
    """The five bundled example articles through the whole pipeline: real text, every real stage."""
    from rasd.pipeline import Pipeline

    docs = list(Pipeline().run([EXAMPLES]))
    assert len(docs) == 5 and all(isinstance(d, Document) for d in docs), docs
    return docs


@pytest.fixture(scope="session")
def seed_knowledge(seed_documents: list[Document]):
    """The examples folded across articles, as every export format sees them."""
    from rasd.export import Knowledge

    return Knowledge.from_documents(seed_documents)


def document_with_entities(
    text: str, entities: dict[str, dict[str, Any]], published: str | None = None, source: str = "test"
) -> Document:
    """A resolved document from text and entities given by surface form
    (``{"id": {"type", "names", "geo", "subtype"}}``), as the relate gold sets give them."""
    from rasd.evaluate.relate import gold_document

    doc = gold_document({"id": source, "text": text, "entities": entities, "published": published})
    doc.source = source
    return doc


def check_places_gold(folder: Path, files: int, places: int, placed: int) -> None:
    """A place-mention gold set (``tests/gold/places-*``, issue 10) loads with its documented size,
    holds places only, with no overlapping mentions and coordinates in range, and no article text."""
    import re
    from itertools import pairwise

    from rasd.evaluate.news_gold import is_news_gold, load_gold_dir

    golds = load_gold_dir(folder)
    assert len(golds) == files
    assert sum(len(g.entities) for g in golds) == places
    assert sum(1 for g in golds for e in g.entities if e.geo) == placed
    for g in golds:
        assert g.split == "places"
        assert all(e.type == "LOC" and e.mentions for e in g.entities), g.id
        assert not (g.relations or g.events or g.claims or g.dates), g.id
        spans = sorted(span for e in g.entities for span in e.mentions)
        assert all(a[1] <= b[0] for a, b in pairwise(spans)), f"{g.id}: overlapping mentions"
        for e in g.entities:
            if e.geo is not None:
                assert -90 <= e.geo.lat <= 90 and -180 <= e.geo.lon <= 180, (g.id, e.id)
    for f in folder.glob("*.json"):
        assert is_news_gold(f)
        assert not re.search(r"[\u0600-\u06ff]", f.read_text("utf-8")), f"{f} holds Arabic text"
