"""Alembic environment: run with the connection that ``rasd.store.migrate`` hands over.

There is no alembic.ini at run time; ``rasd.store.migrate.upgrade`` builds the config in code.
"""

from __future__ import annotations

from alembic import context

from rasd.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when alembic is run by hand
    raise RuntimeError("run migrations through rasd.store.migrate.upgrade(engine)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
)
with context.begin_transaction():
    context.run_migrations()
