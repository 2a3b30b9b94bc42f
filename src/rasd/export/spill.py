"""Spilling to a private temporary SQLite database, so that an export holds neither every stored
record nor every object it writes.

Formats write their objects sorted (by id, so reruns are byte-identical), and an object is often
complete only at the end (a STIX report lists everything its article supports): objects are
serialised as they are made into a temporary table keyed by their sort key, and read back in order.
SQLite keeps only its page cache in memory and sorts through its index on disk. The database is a
file that SQLite deletes when it is closed (``sqlite3.connect("")``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

_BATCH = 2000  # rows written at once (one executemany)
_CACHE_KB = 8_000  # SQLite's page cache: what a spill holds in memory however much it holds on disk


class Spill:
    """One temporary database; its tables are the sorted outputs and lookups of one export."""

    def __init__(self) -> None:
        self.db = sqlite3.connect("", check_same_thread=False)  # one user at a time, any thread
        for pragma in ("journal_mode=OFF", "synchronous=OFF", f"cache_size=-{_CACHE_KB}", "temp_store=FILE"):
            self.db.execute(f"PRAGMA {pragma}")
        self.tables = 0

    def table(self, columns: str) -> str:
        self.tables += 1
        name = f"t{self.tables}"
        self.db.execute(f"CREATE TABLE {name} ({columns})")
        return name

    def close(self) -> None:
        self.db.close()


class SortedOutput:
    """Serialised objects, read back in the order of their keys (``str`` order: SQLite compares UTF-8
    bytes, which order as code points do). With ``unique``, the last object of a key replaces the
    earlier ones (as a dict keyed by id keeps the last); otherwise equal keys keep their order of
    arrival (a stable sort). Rows are appended as they come and indexed once, when read: an index
    kept while writing would be updated at random places for every object."""

    def __init__(self, spill: Spill, *, unique: bool) -> None:
        self.spill, self.unique = spill, unique
        self.name = spill.table("key TEXT NOT NULL, body BLOB NOT NULL")
        self.pending: list[tuple[str, bytes]] = []

    def add(self, key: str, body: bytes) -> None:
        self.pending.append((key, body))
        if len(self.pending) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        self.spill.db.executemany(f"INSERT INTO {self.name} VALUES (?, ?)", self.pending)
        self.pending = []

    def __len__(self) -> int:
        self._flush()
        count = "count(DISTINCT key)" if self.unique else "count(*)"
        return int(self.spill.db.execute(f"SELECT {count} FROM {self.name}").fetchone()[0])

    def __iter__(self) -> Iterator[bytes]:
        self._flush()
        # An index on key holds the rowid too: it orders (key, arrival).
        self.spill.db.execute(f"CREATE INDEX IF NOT EXISTS {self.name}_key ON {self.name} (key)")
        rows = self.spill.db.execute(f"SELECT key, body FROM {self.name} ORDER BY key, rowid")
        if not self.unique:
            yield from (body for _key, body in rows)
            return
        last: tuple[str, bytes] | None = None
        for row in rows:
            if last is not None and row[0] != last[0]:
                yield last[1]
            last = row
        if last is not None:
            yield last[1]


class Lookup:
    """A multimap from an article's position (0, 1, …) to distinct values, kept on disk. ``values``
    asked in increasing positions (as the articles are walked) reads one sorted scan; any other
    order queries."""

    def __init__(self, spill: Spill) -> None:
        self.spill = spill
        self.name = spill.table("key INTEGER NOT NULL, value TEXT NOT NULL")
        self.pending: list[tuple[int, str]] = []
        self.rows: Iterator[tuple[int, str]] | None = None
        self.ahead: tuple[int, str] | None = None  # the next row of the scan, not yet given
        self.asked = -1  # the last position asked

    def add(self, key: int, value: str) -> None:
        self.pending.append((key, value))
        if len(self.pending) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        self.spill.db.executemany(f"INSERT INTO {self.name} VALUES (?, ?)", self.pending)
        self.pending = []

    def values(self, key: int) -> list[str]:
        if key <= self.asked:  # asked again, or out of order: the scan has passed it
            return self._query(key)
        self.asked = key
        if self.rows is None:
            self._flush()
            query = f"SELECT DISTINCT key, value FROM {self.name} ORDER BY key, value"
            self.rows = iter(self.spill.db.execute(query))
            self.ahead = next(self.rows, None)
        while self.ahead is not None and self.ahead[0] < key:
            self.ahead = next(self.rows, None)
        found = []
        while self.ahead is not None and self.ahead[0] == key:
            found.append(self.ahead[1])
            self.ahead = next(self.rows, None)
        return found

    def _query(self, key: int) -> list[str]:
        rows = self.spill.db.execute(
            f"SELECT DISTINCT value FROM {self.name} WHERE key = ? ORDER BY value", (key,)
        )
        return [value for (value,) in rows]
