"""What `rasd search` costs before the query (issue 18): opening a store at the newest migration reads
the version in one statement (no inspector, no alembic), and the command in a fresh interpreter loads
neither alembic, the ORM, the KB nor pydantic. Nothing is timed (speed: benchmarks/bench_search.py);
real SQLite and PostgreSQL stores, a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from sqlalchemy import Engine, event

from rasd.store import Store

_LOADED = """
import json, sys
sys.argv = ["rasd", "search", "هجوم", "--exact", "--db", sys.argv[1]]
from rasd.cli import app
try:
    app()
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""
NOT_LOADED = ("alembic", "sqlalchemy.orm", "rasd.kb", "pydantic")


def test_opening_a_store_at_head_reads_one_version_statement(db_url, build_document) -> None:
    with Store.open(db_url) as store:
        store.ingest(build_document("هجوم مسلح على دورية قرب غاو."))
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        with Store.open(db_url, create=False) as store:
            pass
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    about_schema = [s for s in statements if "alembic_version" in s or "pg_catalog.pg_class" in s]
    assert about_schema == ["SELECT version_num FROM alembic_version"]
    assert not any("sqlite_master" in s for s in statements)


def test_search_loads_only_what_it_needs(db_url, build_document) -> None:
    with Store.open(db_url) as store:
        store.ingest(build_document("هجوم مسلح على دورية قرب غاو."))
    done = subprocess.run(
        [sys.executable, "-c", _LOADED, db_url],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        check=False,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["code"] in (None, 0), done.stderr
    assert "[هجوم]" in done.stdout  # printed plainly: stdout is a pipe
    loaded = [m for m in report["modules"] if any(m == x or m.startswith(x + ".") for x in NOT_LOADED)]
    assert loaded == []
