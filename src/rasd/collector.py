"""Pausing Python's cyclic garbage collector where it only costs time.

Loading (imports of SQLAlchemy and psycopg, the gazetteer, the KB, compiled patterns) makes hundreds
of thousands of long-lived objects and almost no reference cycles; the collector, triggered every
700 allocations, would scan them again and again as they are made: a third of the models' load
time, a sixth of the CPU of a `rasd search`. Garbage made meanwhile is collected once it runs again.
(At exit the command line leaves everything to the system: ``rasd/cli/__init__.py``.)
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection in the block (left as it was found: a nested pause, or a caller
    that had disabled the collector, stays paused)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
