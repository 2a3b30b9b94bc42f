"""The monitor's memory in the store's database: sources' offsets, items seen, alerts raised.

Every write that decides "this was handled" is one transaction: an item's row and its alerts go in
together, after its document was stored (storing is idempotent by content hash). A crash before
that transaction leaves the item unseen, and the next poll does it again without duplicating
anything; a crash after it leaves nothing to redo.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Insert, Table, and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from rasd.store import schema

MAX_ATTEMPTS = 3  # a page that fails this many polls in a row is given up (and said so)


def item_id(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass
class ItemRow:
    key: str
    source: str
    status: str  # ingested | skipped | failed | gave_up
    url: str | None = None
    doc_id: str | None = None
    story_id: str | None = None
    signature: bytes | None = None
    title: str | None = None
    outlet: str | None = None
    error: str | None = None


@dataclass
class AlertRow:
    key: str
    story_key: str | None
    kind: str
    doc_id: str | None
    record: dict[str, Any]


class WatchState:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- sources ---------------------------------------------------------------------------------

    def source_state(self, source: str) -> dict[str, Any]:
        s = schema.watch_sources
        with self.engine.connect() as conn:
            state = conn.execute(select(s.c.state).where(s.c.source == source)).scalar_one_or_none()
        return dict(state or {})

    def save_source(self, source: str, state: dict[str, Any] | None, error: str | None) -> None:
        s = schema.watch_sources
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            row = conn.execute(select(s.c.state, s.c.failures).where(s.c.source == source)).one_or_none()
            if row is None:
                conn.execute(
                    s.insert().values(
                        source=source,
                        state=state or {},
                        polled_at=now,
                        error=error,
                        failures=int(bool(error)),
                    )
                )
                return
            values: dict[str, Any] = {"polled_at": now, "error": error}
            values["failures"] = row.failures + 1 if error else 0
            if state is not None:
                values["state"] = state
            conn.execute(update(s).where(s.c.source == source).values(**values))

    def sources(self) -> list[dict[str, Any]]:
        s = schema.watch_sources
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(s).order_by(s.c.source))]

    def items_by_source(self) -> dict[str, dict[str, int]]:
        """source → status → number of items."""
        i = schema.watch_items
        out: dict[str, dict[str, int]] = {}
        with self.engine.connect() as conn:
            rows = conn.execute(select(i.c.source, i.c.status, func.count()).group_by(i.c.source, i.c.status))
            for source, status, count in rows:
                out.setdefault(source, {})[status] = count
        return out

    # -- items -----------------------------------------------------------------------------------

    def attempts(self, key: str) -> int | None:
        """None: never seen; else how often it failed (0 for an item handled for good)."""
        i = schema.watch_items
        with self.engine.connect() as conn:
            row = conn.execute(select(i.c.status, i.c.attempts).where(i.c.id == item_id(key))).one_or_none()
        if row is None:
            return None
        return row.attempts if row.status == "failed" else 0

    def done(self, key: str, url: str | None = None) -> bool:
        """Handled for good: stored, skipped on purpose or given up; also when its URL was."""
        i = schema.watch_items
        settled = i.c.status != "failed"
        where = i.c.id == item_id(key)
        if url:
            where = or_(where, i.c.url == url)
        with self.engine.connect() as conn:
            return conn.execute(select(i.c.id).where(and_(where, settled)).limit(1)).first() is not None

    def settled(self, keys: list[str], urls: list[str]) -> set[str]:
        """Which of these keys and URLs were handled for good (one query per 500, not one each)."""
        i = schema.watch_items
        out: set[str] = set()
        ids = {item_id(k): k for k in keys}
        id_list, url_list = sorted(ids), sorted(set(urls))
        with self.engine.connect() as conn:
            for n in range(0, len(id_list), 500):
                rows = conn.execute(
                    select(i.c.id).where(i.c.id.in_(id_list[n : n + 500]), i.c.status != "failed")
                )
                out.update(ids[r.id] for r in rows)
            for n in range(0, len(url_list), 500):
                rows = conn.execute(
                    select(i.c.url).where(i.c.url.in_(url_list[n : n + 500]), i.c.status != "failed")
                )
                out.update(r.url for r in rows)
        return out

    def story_of_document(self, doc_id: str) -> str | None:
        """The story of an identical article seen before (another URL, same content hash)."""
        i = schema.watch_items
        with self.engine.connect() as conn:
            return conn.execute(
                select(i.c.story_id).where(i.c.doc_id == doc_id, i.c.story_id.is_not(None)).limit(1)
            ).scalar_one_or_none()

    def signatures(self, days: int = 30) -> Iterator[tuple[str, str, bytes]]:
        """(doc id, story id, MinHash) of the items of the last ``days`` days, oldest first."""
        i = schema.watch_items
        since = datetime.now(UTC) - timedelta(days=days)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(i.c.doc_id, i.c.story_id, i.c.signature)
                .where(i.c.seen_at >= since, i.c.signature.is_not(None), i.c.doc_id.is_not(None))
                .order_by(i.c.seen_at)
            ).all()
        for row in rows:
            yield row.doc_id, row.story_id, row.signature

    def record(self, item: ItemRow, alerts: list[AlertRow] = ()) -> list[int]:  # type: ignore[assignment]
        """The item and its alerts in one transaction; the ids of alerts that are new facts."""
        i = schema.watch_items
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            old = conn.execute(select(i.c.attempts).where(i.c.id == item_id(item.key))).scalar_one_or_none()
            attempts = (old or 0) + 1 if item.status == "failed" else (old or 0)
            status = "gave_up" if item.status == "failed" and attempts >= MAX_ATTEMPTS else item.status
            values = {
                "key": item.key,
                "source": item.source,
                "url": item.url,
                "doc_id": item.doc_id,
                "story_id": item.story_id,
                "signature": item.signature,
                "title": item.title,
                "outlet": item.outlet,
                "status": status,
                "attempts": attempts,
                "error": item.error,
                "seen_at": now,
            }
            if old is None:
                conn.execute(i.insert().values(id=item_id(item.key), **values))
            else:
                conn.execute(update(i).where(i.c.id == item_id(item.key)).values(**values))
            return [new for alert in alerts if (new := _insert_alert(conn, alert, now)) is not None]

    def add_alerts(self, alerts: list[AlertRow]) -> list[int]:
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            return [new for alert in alerts if (new := _insert_alert(conn, alert, now)) is not None]

    def stories(self, doc_ids: list[str]) -> dict[str, str]:
        i = schema.watch_items
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(i.c.doc_id, i.c.story_id).where(i.c.doc_id.in_(doc_ids), i.c.story_id.is_not(None))
            )
            return {r.doc_id: r.story_id for r in rows}

    def outlets(self, story_ids: list[str]) -> dict[str, list[tuple[str | None, str | None, str]]]:
        """story → [(outlet, url, item key: the URL or path#line)] of every item in it, first seen first."""
        i = schema.watch_items
        out: dict[str, list[tuple[str | None, str | None, str]]] = {}
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(i.c.story_id, i.c.outlet, i.c.url, i.c.key)
                .where(i.c.story_id.in_(story_ids))
                .order_by(i.c.seen_at)
            )
            for r in rows:
                out.setdefault(r.story_id, []).append((r.outlet, r.url, r.key))
        return out

    # -- alerts ----------------------------------------------------------------------------------

    def unemitted(self) -> list[tuple[int, dict[str, Any]]]:
        a = schema.alerts
        with self.engine.connect() as conn:
            rows = conn.execute(select(a.c.id, a.c.record).where(a.c.emitted_at.is_(None)).order_by(a.c.id))
            return [(r.id, r.record) for r in rows]

    def mark_emitted(self, ids: list[int]) -> None:
        if ids:
            a = schema.alerts
            with self.engine.begin() as conn:
                conn.execute(update(a).where(a.c.id.in_(ids)).values(emitted_at=datetime.now(UTC)))

    def webhook_due(self, max_attempts: int) -> list[tuple[int, dict[str, Any]]]:
        a = schema.alerts
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(a.c.id, a.c.record)
                .where(a.c.webhook_at.is_(None), a.c.webhook_attempts < max_attempts)
                .order_by(a.c.id)
            )
            return [(r.id, r.record) for r in rows]

    def mark_webhook(self, alert_id: int, delivered: bool) -> None:
        a = schema.alerts
        values: dict[str, Any] = {"webhook_attempts": a.c.webhook_attempts + 1}
        if delivered:
            values["webhook_at"] = datetime.now(UTC)
        with self.engine.begin() as conn:
            conn.execute(update(a).where(a.c.id == alert_id).values(**values))

    def alerts_since(self, since: datetime) -> list[dict[str, Any]]:
        a = schema.alerts
        with self.engine.connect() as conn:
            rows = conn.execute(select(a.c.record).where(a.c.created_at >= since).order_by(a.c.id))
            return [r.record for r in rows]


def _insert_alert(conn: Connection, alert: AlertRow, now: datetime) -> int | None:
    """A new fact's alert id; None when this fact (or this fact within its story) was alerted before."""
    a = schema.alerts
    if alert.story_key is not None:
        known = conn.execute(select(a.c.id).where(a.c.story_key == alert.story_key).limit(1)).first()
        if known is not None:
            return None
    inserted = conn.execute(
        _insert_ignoring(conn, a, ["key"])
        .values(
            key=alert.key,
            story_key=alert.story_key,
            kind=alert.kind,
            doc_id=alert.doc_id,
            record={**alert.record, "created_at": now.isoformat(timespec="seconds")},
            created_at=now,
            webhook_attempts=0,
        )
        .returning(a.c.id)
    ).first()
    return inserted[0] if inserted is not None else None


def _insert_ignoring(conn: Connection, table: Table, keys: list[str]) -> Insert:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing(index_elements=keys)
