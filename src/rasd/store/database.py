"""Where the database is and how to connect: URLs, engines, and applying the migrations on open."""

from __future__ import annotations

import json
import os
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DBAPIError

DB_ENV = "RASD_DB"
DEFAULT_FILE = "rasd.db"
# The newest migration in migrations/versions (tests/test_store_schema.py checks it): a database
# already there is opened without importing alembic, which would cost a read-only command 0.1–0.2 s.
HEAD = "0007"


def default_url() -> str:
    """The database when none is given: ``$RASD_DB``, else ``rasd.db`` in the working directory."""
    return resolve_url(os.environ.get(DB_ENV) or DEFAULT_FILE)


def resolve_url(target: str | os.PathLike[str] | None) -> str:
    """A SQLAlchemy URL from what a user types: a URL, or a path to a SQLite file."""
    if target is None:
        return default_url()
    target = str(target)
    if "://" not in target:
        return f"sqlite:///{Path(target).expanduser().resolve()}"
    scheme, rest = target.split("://", 1)
    # Analysts paste libpq URLs; SQLAlchemy would pick psycopg2, which is not installed.
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    return target


def _json(value: object) -> str:
    # Arabic as UTF-8, not as \uXXXX escapes: a third of the size.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, json_serializer=_json)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, json_serializer=_json)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL: readers (search, the web UI) do not block an ingest running beside them.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def applied_migrations(engine: Engine) -> list[str] | None:
    """The migrations alembic recorded as applied, read in one query (what opening a database at
    the newest migration costs); None for a database without rasd's tables."""
    try:
        with engine.connect() as connection:
            return list(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    except DBAPIError:
        # Most often a new database. Anything else (a file that is no database, no server) the
        # inspector raises again, so the caller reports it as before.
        if inspect(engine).has_table("alembic_version"):
            raise
        return None


def upgrade(engine: Engine, applied: list[str] | None) -> None:
    """Bring the schema to the newest migration shipped in the package (no alembic.ini needed);
    ``applied``: what ``applied_migrations`` read."""
    if applied == [HEAD]:
        return
    from alembic import command
    from alembic.config import Config

    with as_file(files("rasd.store") / "migrations") as location, engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Two processes opening a fresh database must not both create the tables.
            connection.execute(text("SELECT pg_advisory_xact_lock(7287364)"))
        config = Config()
        config.set_main_option("script_location", str(location))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
