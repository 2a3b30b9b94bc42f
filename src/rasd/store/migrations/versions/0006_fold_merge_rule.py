"""The stored fold under the merge rule that never bridges (docs/fold.md, "Which reports merge"):
groups of day-dated reports, floating reports (undated: their article's publication window; month,
year) joining one of them or none, keys of part f/g per floating report.

Groups and keys stored under the old rule (any undated or coarse report joining every compatible
group) are not the new rule's: the fold's rows are emptied, and the first command that reads the fold
folds every stored article again (``fold.catch_up``, as after 0003: folding needs the analysis code,
which a migration must not import). The keys' indexes take the date as well: a lookup reads the keys
of its days (a window, a month, a year) at its place, not those of every date there.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Children first: fold_docs last (its absence is what ``catch_up`` looks for).
_TABLES = (
    "fold_keys",
    "fold_part_keys",
    "fold_items",
    "fold_statements",
    "fold_relations",
    "fold_entities",
    "fold_entity_variants",
    "fold_docs",
)


_INDEXES = {  # name: (table, columns before, columns after)
    "ix_fold_keys_place": ("fold_keys", ["type", "location"], ["type", "location", "date"]),
    "ix_fold_keys_name": ("fold_keys", ["type", "location_name"], ["type", "location_name", "date"]),
    "ix_fold_keys_geo": ("fold_keys", ["type", "lat"], ["type", "date", "lat"]),
    "ix_fold_part_keys_entity": ("fold_part_keys", ["entity_id", "type"], ["entity_id", "type", "date"]),
}


def upgrade() -> None:
    _empty()
    for name, (table, _before, after) in _INDEXES.items():
        op.drop_index(name, table_name=table)
        op.create_index(name, table, after)


def downgrade() -> None:
    # The old rule's groups are rebuilt the same way: empty, folded again on first read.
    _empty()
    for name, (table, before, _after) in _INDEXES.items():
        op.drop_index(name, table_name=table)
        op.create_index(name, table, before)


def _empty() -> None:
    for table in _TABLES:
        op.execute(f"DELETE FROM {table}")
