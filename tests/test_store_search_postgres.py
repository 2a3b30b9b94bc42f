"""PostgreSQL's word index (migration 0005): same hits as SQLite's FTS5, written once per article,
and rebuilt from the stored text for a store made before it."""

from __future__ import annotations

from importlib.resources import as_file, files

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text

from rasd.store import Store

pytestmark = pytest.mark.postgres

# Written for these tests: clitics, a short word, a number with a separator, a word twice.
TEXTS = (
    "قالت مصادر إن 2,000 شخص فروا من شمال مالي نحو النيجر بعد الهجوم.",
    "وقال المصدر إن وبلمختار ورجاله عبروا الحدود، ثم اتجهوا نحو أوباري في الجنوب الليبي.",
    "الماليون في باماكو: وزير الدفاع المالي زار الشمال، والمالي الآخر قال 12,000 جندي.",
    "بلمختار بلمختار: مرتان يذكر الاسم في هذا الخبر عن الحدود مع مالي.",
)
QUERIES = ("مالي", "بلمختار", "في", "ثم الليبي", "2,000", "000", "الحدود مالي", "في مالي", "نواكشوط", "لي")


def _fill(url: str, build_document) -> Store:
    store = Store.open(url)
    for i, body in enumerate(TEXTS):
        store.ingest(build_document(body, source=f"{i}.txt"))
    return store


def _results(store: Store) -> dict[str, list[str]]:
    return {q: sorted(h.source for h in store.search(q)) for q in QUERIES}


def _count(store: Store, table: str) -> int:
    with store.engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_postgres_finds_what_sqlite_finds(pg_url, sqlite_url, build_document):
    with _fill(pg_url, build_document) as pg, _fill(sqlite_url, build_document) as lite:
        assert _results(pg) == _results(lite)
        assert pg.search("مالي")[0].source == "2.txt"  # المالي ×2, الماليون, مالي: most


def test_words_are_written_once_and_never_twice(pg_url, build_document):
    with _fill(pg_url, build_document) as store:
        words, postings = _count(store, "search_words"), _count(store, "search_postings")
        for i, body in enumerate(TEXTS):  # again: unchanged, nothing added
            assert store.ingest(build_document(body, source=f"again{i}.txt")) == "unchanged"
        assert store.bulk_add([build_document(TEXTS[0], source="bulk.txt")]) == 0
        assert (_count(store, "search_words"), _count(store, "search_postings")) == (words, postings)
        with store.engine.connect() as conn:  # «مالي» is in three articles, one row
            assert (
                conn.execute(text("SELECT count(*) FROM search_words WHERE word = 'مالي'")).scalar_one() == 1
            )


def test_migration_builds_the_index_of_a_store_made_before_it(pg_url, build_document):
    with _fill(pg_url, build_document) as store:
        before = _results(store)
        with as_file(files("rasd.store") / "migrations") as location, store.engine.begin() as conn:
            config = Config()
            config.set_main_option("script_location", str(location))
            config.attributes["connection"] = conn
            command.downgrade(config, "0004")  # the store as 0004 left it: no word tables
            assert conn.execute(text("SELECT to_regclass('search_postings')")).scalar_one() is None
            command.upgrade(config, "head")
        assert _results(store) == before
        assert [h.source for h in store.search("بلمختار")] == ["3.txt", "1.txt"]  # occurrences rank
