"""The cross-article fold kept as articles arrive: events merged across articles, the statements and
event groups contradictions come from, and per-article entity summaries (``rasd.store.fold``).

The tables start empty; a store upgraded from 0002 is folded on first use (``fold.catch_up``, run by
every command that reads the fold), because folding needs the analysis code, which a migration must
not import.

Revision ID: 0003
Revises: 0002_watch
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002_watch"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "fold_docs",
        sa.Column(
            "num",
            sa.Integer,
            sa.ForeignKey("documents.num", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("url", sa.Text),
        sa.Column("source_id", sa.Text),
    )
    op.create_table(
        "fold_items",  # keyed by ord (documents.num * 100,000 + position): the rowid on SQLite
        sa.Column(
            "ord", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=False
        ),
        sa.Column("type", sa.String(60), nullable=False),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("date", sa.String(16)),
        sa.Column("date_rank", sa.Integer),
        sa.Column("location", sa.String(200)),
        sa.Column("location_name", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("fatalities", sa.Integer),
        sa.Column("egroup", sa.BigInteger, nullable=False),
        sa.Column("cgroup", sa.BigInteger),
        sa.Column("record", _JSON, nullable=False),
    )
    op.create_index("ix_fold_items_egroup", "fold_items", ["egroup", "ord"])
    op.create_index("ix_fold_items_cgroup", "fold_items", ["cgroup", "ord"])
    op.create_table(
        "fold_keys",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.BigInteger, nullable=False),
        sa.Column("grp", sa.BigInteger, nullable=False),
        sa.Column("part", sa.String(1), nullable=False),
        sa.Column("type", sa.String(60), nullable=False),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("date", sa.String(16)),
        sa.Column("location", sa.String(200), nullable=False),
        sa.Column("location_name", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.UniqueConstraint("key", "grp", name="uq_fold_keys_key_grp"),
    )
    op.create_index("ix_fold_keys_place", "fold_keys", ["type", "location"])
    op.create_index("ix_fold_keys_name", "fold_keys", ["type", "location_name"])
    op.create_index("ix_fold_keys_geo", "fold_keys", ["type", "lat"])
    op.create_index("ix_fold_keys_grp", "fold_keys", ["part", "grp"])
    op.create_table(
        "fold_part_keys",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.BigInteger, nullable=False),
        sa.Column("grp", sa.BigInteger, nullable=False),
        sa.Column("part", sa.String(1), nullable=False),
        sa.Column("type", sa.String(60), nullable=False),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("date", sa.String(16)),
        sa.Column("placed", sa.Integer, nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.UniqueConstraint("key", "grp", name="uq_fold_part_keys_key_grp"),
    )
    op.create_index("ix_fold_part_keys_entity", "fold_part_keys", ["entity_id", "type"])
    op.create_index("ix_fold_part_keys_grp", "fold_part_keys", ["part", "grp"])
    op.create_table(
        "fold_relations",
        sa.Column(
            "ord", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=False
        ),
        sa.Column("type", sa.String(60), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("object", sa.String(200), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
    )
    op.create_table(
        "fold_statements",
        sa.Column(
            "ord", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=False
        ),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("says", sa.String(16), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("record", _JSON, nullable=False),
    )
    op.create_index("ix_fold_statements_entity", "fold_statements", ["entity_id", "ord"])
    op.create_table(  # keyed by (entity, ord = documents.num * 100,000 + position): its only index
        "fold_entities",
        sa.Column("entity_id", sa.String(200), primary_key=True),
        sa.Column("ord", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("raw_ids", _JSON),
        sa.Column("mentions", sa.Integer, nullable=False),
        sa.Column("variant", sa.BigInteger, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "fold_entity_variants",
        sa.Column(
            "key", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=False
        ),
        sa.Column("record", _JSON, nullable=False),
    )


def downgrade() -> None:
    for name in (
        "fold_entity_variants",
        "fold_part_keys",
        "fold_keys",
        "fold_entities",
        "fold_statements",
        "fold_relations",
        "fold_items",
        "fold_docs",
    ):
        op.drop_table(name)
