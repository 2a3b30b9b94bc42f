"""A lean store: the record kept once, packed; no normalised copy of the text on SQLite.

- ``documents.record`` (the whole record as JSON) becomes ``documents.packed``: only what the
  columns, the text and the extraction tables do not hold (entities without their mentions, url,
  source_id), zlib-compressed JSON (``rasd.store.packing``), and ``documents.digest``, the sha256 of
  the whole record less its source, which tells an unchanged re-ingest.
- SQLite: ``text_norm`` is emptied (NULL) and the FTS5 index becomes contentless, over each
  word's trigrams (``rasd.store.search.index_tokens``): half the size of the ``trigram`` tokenizer.
- PostgreSQL keeps ``text_norm`` (its pg_trgm index covers it), rewritten as ``index_text`` (word
  separators one space, padded), which lets words of one or two letters be found as whole words
  through the index.

Every stored article is converted; nothing of its record is lost.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import hashlib
import json
import zlib
from typing import Any

import sqlalchemy as sa
from alembic import op

from rasd.store.search import index_text, index_tokens
from rasd.text import normalize

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_PAGE = 500
# Format 1 of rasd.store.packing, frozen here: later changes to that module must not change what
# this migration writes.
_COLUMNS = ("id", "source", "title", "published", "language", "byline", "outlet")
_ROWS = ("relations", "events", "claims")


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def _pack(record: dict[str, Any]) -> tuple[bytes, bytes]:
    digest = hashlib.sha256(_json({k: v for k, v in record.items() if k not in ("source", "text")})).digest()
    rest: dict[str, Any] = {k: v for k, v in record.items() if k not in (*_COLUMNS, *_ROWS, "text")}
    entities = record.get("entities", [])
    if len({e["id"] for e in entities}) == len(entities):
        rest["entities"] = [{k: v for k, v in e.items() if k != "mentions"} for e in entities]
    else:
        rest["entities"] = list(entities)
    return b"\x01" + zlib.compress(_json(rest), 9), digest


def _pages(conn: sa.Connection, columns: str) -> Any:
    last = 0
    while True:
        rows = conn.execute(
            sa.text(f"SELECT num, {columns} FROM documents WHERE num > :last ORDER BY num LIMIT :page"),
            {"last": last, "page": _PAGE},
        ).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _pack_records(conn: sa.Connection) -> None:
    for rows in _pages(conn, "record"):
        values = []
        for num, record in rows:
            packed, digest = _pack(json.loads(record) if isinstance(record, str) else record)
            values.append({"num": num, "packed": packed, "digest": digest})
        conn.execute(
            sa.text("UPDATE documents SET packed = :packed, digest = :digest WHERE num = :num"), values
        )


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS documents_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS documents_fts")
        # Plain ALTER TABLE, not alembic's batch mode: that copies the table and drops the old one,
        # and with foreign keys on, dropping it would delete every mention, relation, event and claim.
        op.execute("ALTER TABLE documents ADD COLUMN packed BLOB NOT NULL DEFAULT x''")
        op.execute("ALTER TABLE documents ADD COLUMN digest BLOB NOT NULL DEFAULT x''")
        _pack_records(conn)
        op.execute("ALTER TABLE documents DROP COLUMN record")
        op.execute("ALTER TABLE documents DROP COLUMN text_norm")
        op.execute("ALTER TABLE documents ADD COLUMN text_norm TEXT")
        op.execute("CREATE VIRTUAL TABLE documents_fts USING fts5(body, content='', tokenize='unicode61')")
        for rows in _pages(conn, "text"):
            conn.execute(
                sa.text("INSERT INTO documents_fts(rowid, body) VALUES (:num, :body)"),
                [{"num": num, "body": index_tokens(normalize(text))} for num, text in rows],
            )
        return
    op.add_column("documents", sa.Column("packed", sa.LargeBinary))
    op.add_column("documents", sa.Column("digest", sa.LargeBinary))
    _pack_records(conn)
    op.alter_column("documents", "packed", nullable=False)
    op.alter_column("documents", "digest", nullable=False)
    op.drop_column("documents", "record")
    op.alter_column("documents", "text_norm", nullable=True)
    for rows in _pages(conn, "text"):
        conn.execute(
            sa.text("UPDATE documents SET text_norm = :norm WHERE num = :num"),
            [{"num": num, "norm": index_text(text)} for num, text in rows],
        )


def downgrade() -> None:
    raise NotImplementedError(
        "0004 (the lean store) cannot be undone: restore a copy of the database made before"
    )
