"""The alerts page: what ``rasd watch`` raised, newest first, read through the watch package's own
readers (``WatchState.alerts_since``, ``Watchlist.all``) rather than SQL of its own."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from rasd.watch.state import WatchState
from rasd.watch.watchlists import Watchlist
from rasd.web.workbench import BadRequest

ALERT_KINDS = ("event", "relation", "claim", "contradiction")
ALERTS_PER_PAGE = 100
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class AlertFilters:
    since: str | None = None  # YYYY-MM-DD, or YYYY-MM-DDTHH:MM (UTC): when the alert was raised
    watch: int | None = None  # a watchlist entry's number (as `rasd watchlist list` shows it)
    kind: str | None = None  # event | relation | claim | contradiction
    page: int = 1

    def as_dict(self) -> dict[str, Any]:
        return {"since": self.since, "watch": self.watch, "kind": self.kind, "page": self.page}


def since_datetime(value: str | None) -> datetime:
    """The start of the period (UTC); a 400 for a date that does not exist."""
    if not value:
        return _EPOCH
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"since: {value!r} is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM)") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def alerts_view(engine: Engine, f: AlertFilters) -> dict[str, Any]:
    """One page of alerts (newest first) with counts by kind and by watch over the whole period."""
    period = WatchState(engine).alerts_since(since_datetime(f.since))
    by_kind = Counter(str(r.get("kind")) for r in period if f.watch is None or f.watch in _watch_ids(r))
    by_watch = Counter(i for r in period if f.kind in (None, r.get("kind")) for i in _watch_ids(r))
    kept = [r for r in reversed(period) if f.kind in (None, r.get("kind"))]
    if f.watch is not None:
        kept = [r for r in kept if f.watch in _watch_ids(r)]
    pages = max(1, -(-len(kept) // ALERTS_PER_PAGE))
    shown = kept[(f.page - 1) * ALERTS_PER_PAGE : f.page * ALERTS_PER_PAGE]
    watches = [{**w.as_dict(), "alerts": by_watch.get(w.id, 0)} for w in Watchlist(engine).all()]
    return {
        "query": f.as_dict(),
        "alerts": [_view(r) for r in shown],
        "total": len(kept),
        "page": f.page,
        "pages": pages,
        "per_page": ALERTS_PER_PAGE,
        "kinds": [{"value": k, "alerts": by_kind.get(k, 0)} for k in ALERT_KINDS],
        "watches": watches,
    }


def _watch_ids(record: dict[str, Any]) -> set[int]:
    return {w["id"] for w in record.get("watched", []) if isinstance(w.get("id"), int)}


def _view(record: dict[str, Any]) -> dict[str, Any]:
    """The stored record as it went out, plus what the page needs: the article at its sentence in
    the workbench, and the outlet's page only when it is a web address (never file: or javascript:)."""
    span = record.get("span")
    doc = record.get("document")
    link = record.get("link") or ""
    return {
        **record,
        "article": {"id": doc, "start": span[0], "end": span[1]} if doc and span else None,
        "web_link": link if link.startswith(("http://", "https://")) else None,
    }
