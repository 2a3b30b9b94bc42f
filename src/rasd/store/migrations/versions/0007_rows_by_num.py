"""The extraction's rows name their article by ``documents.num``, not by its 64-character id.

``mentions``, ``relations``, ``events`` and ``claims`` become ``mention_rows``, ``relation_rows``,
``event_rows`` and ``claim_rows``: the same rows with the same ids, ``doc_id`` replaced by ``num``
(an integer of 1–3 bytes on SQLite) and the index on ``doc_id`` by one on ``num``. On real news an
article has about 20 such rows; the id in each row and in each index entry was 2.7 KB of the 16.6 KB
an article took on SQLite (docs/storage.md).

``document_sources`` is keyed by (``num``, ``source``) too, and on SQLite is its key (``WITHOUT
ROWID``): its key index held a second copy of every row.

The old names stay, as read-only views with the old columns (``doc_id`` joined from ``documents``),
so that every reader outside the store (the workbench, ``rasd watch``) reads what it read before. On
SQLite the view is an inner join (a filter on ``doc_id`` goes through the documents' id index, then
``num``); on PostgreSQL a LEFT JOIN, which the planner drops when no documents column is read
(``max(id)``), and turns into an inner join under a filter on ``doc_id``.

Every row is copied, ids kept (they order an article's items); nothing is lost. On SQLite the file
keeps its size until a ``VACUUM`` gives the freed pages back. ``downgrade`` copies them back.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def _columns(name: str) -> list[sa.Column]:
    """The columns of a table after ``id`` and ``doc_id``/``num``: frozen here, not read from
    ``rasd.store.schema``, so that later changes there do not change what this migration does."""
    text = [sa.Column("start", sa.Integer, nullable=False), sa.Column("end", sa.Integer, nullable=False)]
    if name == "mentions":
        return [
            sa.Column("entity_id", sa.String(200), sa.ForeignKey("entities.id"), nullable=False),
            *text,
            sa.Column("text", sa.Text, nullable=False),
        ]
    if name == "relations":
        return [
            sa.Column("type", sa.String(60), nullable=False),
            sa.Column("subject", sa.String(200), nullable=False),
            sa.Column("object", sa.String(200), nullable=False),
            *text,
            sa.Column("confidence", sa.Float, nullable=False),
            sa.Column("record", _JSON, nullable=False),
        ]
    if name == "events":
        return [
            sa.Column("type", sa.String(60), nullable=False),
            sa.Column("date", sa.String(16)),
            sa.Column("location", sa.String(200)),
            *text,
            sa.Column("record", _JSON, nullable=False),
        ]
    return [  # claims
        sa.Column("certainty", sa.String(16), nullable=False),
        sa.Column("source_kind", sa.String(40), nullable=False),
        *text,
        sa.Column("record", _JSON, nullable=False),
    ]


# the table before → the table after; the view keeps the name before
_NEW = {
    "mentions": "mention_rows",
    "relations": "relation_rows",
    "events": "event_rows",
    "claims": "claim_rows",
}


def _sources(key: str) -> None:
    """``document_sources`` rebuilt by ``key``: "num" (after 0007) or "doc_id" (before)."""
    by_num = key == "num"
    column, other = ("d.num", "d.id = s.doc_id") if by_num else ("d.id", "d.num = s.num")
    op.execute(
        f"CREATE TABLE document_sources_copy AS SELECT {column} AS {key}, s.source AS source, "
        f"s.seen_at AS seen_at FROM document_sources s JOIN documents d ON {other}"
    )
    op.drop_table("document_sources")
    op.create_table(
        "document_sources",
        sa.Column(key, sa.Integer, sa.ForeignKey("documents.num", ondelete="CASCADE"), primary_key=True)
        if by_num
        else sa.Column(
            key, sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sqlite_with_rowid=not by_num,  # the key is the table: no second copy of each row in an index
    )
    op.execute(
        f"INSERT INTO document_sources ({key}, source, seen_at) "
        f"SELECT {key}, source, seen_at FROM document_sources_copy ORDER BY {key}, source"
    )
    op.drop_table("document_sources_copy")


def upgrade() -> None:
    conn = op.get_bind()
    postgres = conn.dialect.name == "postgresql"
    _sources("num")
    for old, new in _NEW.items():
        columns = _columns(old)
        names = ", ".join(f'"{c.name}"' for c in columns)
        op.create_table(
            new,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("num", sa.Integer, sa.ForeignKey("documents.num", ondelete="CASCADE"), nullable=False),
            *columns,
        )
        # Rows whose article is gone (none, with the foreign key) could not be read anyway.
        op.execute(
            f"INSERT INTO {new} (id, num, {names}) SELECT o.id, d.num, "
            + ", ".join(f'o."{c.name}"' for c in columns)
            + f" FROM {old} o JOIN documents d ON d.id = o.doc_id ORDER BY o.id"
        )
        if postgres:  # the copied ids: new rows continue after them
            op.execute(
                f"SELECT setval(pg_get_serial_sequence('{new}', 'id'), coalesce(max(id), 0) + 1, false) FROM {new}"
            )
        op.drop_table(old)
        op.create_index(f"ix_{new}_num", new, ["num"])
        if old == "mentions":
            op.create_index("ix_mention_rows_entity_id", new, ["entity_id"])
        join = "LEFT JOIN" if postgres else "JOIN"
        op.execute(
            f"CREATE VIEW {old} AS SELECT r.id AS id, d.id AS doc_id, "
            + ", ".join(f'r."{c.name}" AS "{c.name}"' for c in columns)
            + f" FROM {new} r {join} documents d ON d.num = r.num"
        )


def downgrade() -> None:
    """The tables as 0006 left them (rows by ``doc_id``), the same rows and ids."""
    postgres = op.get_bind().dialect.name == "postgresql"
    _sources("doc_id")
    for old, new in _NEW.items():
        columns = _columns(old)
        names = ", ".join(f'"{c.name}"' for c in columns)
        op.execute(f"DROP VIEW {old}")
        op.create_table(
            old,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column(
                "doc_id", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
            ),
            *columns,
        )
        op.execute(
            f"INSERT INTO {old} (id, doc_id, {names}) SELECT r.id, d.id, "
            + ", ".join(f'r."{c.name}"' for c in columns)
            + f" FROM {new} r JOIN documents d ON d.num = r.num ORDER BY r.id"
        )
        if postgres:
            op.execute(
                f"SELECT setval(pg_get_serial_sequence('{old}', 'id'), coalesce(max(id), 0) + 1, false) FROM {old}"
            )
        op.drop_table(new)
        op.create_index(f"ix_{old}_doc_id", old, ["doc_id"])
        if old == "mentions":
            op.create_index("ix_mentions_entity_id", old, ["entity_id"])
