"""Initial schema: documents, entities, mentions, relations, events, claims, judgements, search index.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)
_JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def _doc_fk() -> sa.ForeignKey:
    return sa.ForeignKey("documents.id", ondelete="CASCADE")


def _extraction_table(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(64), _doc_fk(), nullable=False),
        *columns,
    )
    op.create_index(f"ix_{name}_doc_id", name, ["doc_id"])


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("num", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64), nullable=False, unique=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.String(16)),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("byline", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("text_norm", sa.Text, nullable=False),
        sa.Column("record", _JSON, nullable=False),
        sa.Column("ingested_at", _TZ, nullable=False),
        sa.Column("updated_at", _TZ, nullable=False),
    )
    op.create_table(
        "document_sources",
        sa.Column("doc_id", sa.String(64), _doc_fk(), primary_key=True),
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("seen_at", _TZ, nullable=False),
    )
    op.create_table(
        "entities",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("type", sa.String(8), nullable=False),
        sa.Column("subtype", sa.String(40)),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("aliases", _JSON, nullable=False),
        sa.Column("kb", _JSON),
        sa.Column("geo", _JSON),
    )
    _extraction_table(
        "mentions",
        sa.Column("entity_id", sa.String(200), sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_mentions_entity_id", "mentions", ["entity_id"])
    _extraction_table(
        "relations",
        sa.Column("type", sa.String(60), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("object", sa.String(200), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("record", _JSON, nullable=False),
    )
    _extraction_table(
        "events",
        sa.Column("type", sa.String(60), nullable=False),
        sa.Column("date", sa.String(16)),
        sa.Column("location", sa.String(200)),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("record", _JSON, nullable=False),
    )
    _extraction_table(
        "claims",
        sa.Column("certainty", sa.String(16), nullable=False),
        sa.Column("source_kind", sa.String(40), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("record", _JSON, nullable=False),
    )
    op.create_table(
        "judgements",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("entity_a", sa.String(200), nullable=False),
        sa.Column("entity_b", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("created_at", _TZ, nullable=False),
    )
    _create_search_index()


def _create_search_index() -> None:
    """Substring search over the normalised text, so «بلمختار» finds «وبلمختار» (clitics)."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # External-content FTS5 over documents.text_norm, kept in step by triggers.
        op.execute(
            "CREATE VIRTUAL TABLE documents_fts USING fts5("
            "text_norm, content='documents', content_rowid='num', tokenize='trigram')"
        )
        op.execute(
            "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
            "INSERT INTO documents_fts(rowid, text_norm) VALUES (new.num, new.text_norm); END"
        )
        op.execute(
            "CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
            "INSERT INTO documents_fts(documents_fts, rowid, text_norm) "
            "VALUES ('delete', old.num, old.text_norm); END"
        )
        op.execute(
            "CREATE TRIGGER documents_fts_update AFTER UPDATE OF text_norm ON documents BEGIN "
            "INSERT INTO documents_fts(documents_fts, rowid, text_norm) "
            "VALUES ('delete', old.num, old.text_norm); "
            "INSERT INTO documents_fts(rowid, text_norm) VALUES (new.num, new.text_norm); END"
        )
    elif dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_documents_text_norm_trgm ON documents USING gin (text_norm gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS documents_fts")
    for name in (
        "judgements",
        "claims",
        "events",
        "relations",
        "mentions",
        "entities",
        "document_sources",
        "documents",
    ):
        op.drop_table(name)
