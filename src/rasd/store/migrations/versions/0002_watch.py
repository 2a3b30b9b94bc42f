"""Monitoring: watched sources, seen items and their stories, the watchlist, alerts (``rasd watch``).

Revision ID: 0002_watch
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002_watch"
down_revision = "0001"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)
_JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "watch_sources",
        sa.Column("source", sa.String(2000), primary_key=True),
        sa.Column("state", _JSON, nullable=False),
        sa.Column("polled_at", _TZ),
        sa.Column("error", sa.Text),
        sa.Column("failures", sa.Integer, nullable=False),
    )
    op.create_table(
        "watch_items",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("source", sa.String(2000), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("doc_id", sa.String(64)),
        sa.Column("story_id", sa.String(64)),
        sa.Column("signature", sa.LargeBinary),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("seen_at", _TZ, nullable=False),
    )
    op.create_index("ix_watch_items_url", "watch_items", ["url"])
    op.create_index("ix_watch_items_doc_id", "watch_items", ["doc_id"])
    op.create_index("ix_watch_items_story_id", "watch_items", ["story_id"])
    op.create_table(
        "watchlist",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("radius_km", sa.Float),
        sa.Column("created_at", _TZ, nullable=False),
        sa.UniqueConstraint("kind", "value", name="uq_watchlist_kind_value"),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("story_key", sa.String(64)),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("doc_id", sa.String(64)),
        sa.Column("record", _JSON, nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("emitted_at", _TZ),
        sa.Column("webhook_at", _TZ),
        sa.Column("webhook_attempts", sa.Integer, nullable=False),
    )
    op.create_index("ix_alerts_story_key", "alerts", ["story_key"])
    op.create_index("ix_alerts_created_at", "alerts", ["created_at"])


def downgrade() -> None:
    for name in ("alerts", "watchlist", "watch_items", "watch_sources"):
        op.drop_table(name)
