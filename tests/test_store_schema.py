"""Opening a database: URLs, migrations applied on open, and migrations that match the schema."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from rasd.store import Store, default_url, resolve_url
from rasd.store.schema import metadata

# Backend-specific search objects that SQLAlchemy metadata cannot describe.
# FTS5: SQLite only; search_words, search_postings and their indexes: PostgreSQL only (migration 0005).
_SEARCH_INDEX = ("documents_fts", "ix_documents_text_norm_trgm", "search_", "alembic_version")


def test_urls_from_paths_env_and_libpq(monkeypatch, tmp_path):
    monkeypatch.delenv("RASD_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    assert default_url() == f"sqlite:///{tmp_path / 'rasd.db'}"
    monkeypatch.setenv("RASD_DB", "postgresql://u@h/db")
    assert default_url() == "postgresql+psycopg://u@h/db"
    assert resolve_url(None) == "postgresql+psycopg://u@h/db"
    assert resolve_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("kb/rasd.sqlite") == f"sqlite:///{tmp_path / 'kb' / 'rasd.sqlite'}"
    assert resolve_url("sqlite:///x.db") == "sqlite:///x.db"


def test_open_creates_the_file_and_reopening_keeps_the_data(tmp_path, build_document):
    path = tmp_path / "new.db"
    with Store.open(str(path)) as store:
        store.ingest(build_document("نص قصير للاختبار عن الساحل."))
    assert Path(path).exists()
    with Store.open(str(path)) as store:
        assert store.stats()["documents"] == 1


def test_migrations_build_exactly_the_schema(db_url):
    with Store.open(db_url) as store, store.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={"include_name": lambda name, kind, _parent: not (name or "").startswith(_SEARCH_INDEX)},
        )
        assert compare_metadata(context, metadata) == []


def test_the_head_known_without_alembic_is_the_newest_migration():
    from importlib.resources import as_file, files

    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from rasd.store.database import HEAD

    with as_file(files("rasd.store") / "migrations") as location:
        config = Config()
        config.set_main_option("script_location", str(location))
        assert ScriptDirectory.from_config(config).get_heads() == [HEAD]
