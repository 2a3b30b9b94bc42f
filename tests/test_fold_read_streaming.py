"""The reading commands stream the stored fold (issues 17, 18): `rasd events` (table, csv, jsonl,
--all), `rasd contradictions` and `rasd stats` hold a page of groups at a time, never every record,
so their memory does not grow with the store. Real SQLite and PostgreSQL (``db_url``).

No timings: the Python heap's peak (tracemalloc) while a command runs on a store of N articles and
on one of 4N, with pages made small so that a few hundred articles span many pages; and, on
PostgreSQL, that the group labels come through a server-side cursor (psycopg would otherwise fetch
the whole result into the client)."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import os
import sys
import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest
from rich.console import Console
from sqlalchemy import event, select
from typer.testing import CliRunner

from conftest import document_with_entities
from rasd.cli import app
from rasd.cli import relate as relate_cli
from rasd.record import Document, Event, EventDate, Mention, Span
from rasd.store import Store, fold_read, schema

# A person said to be killed in one article and alive in the next: one status contradiction per pair.
KILLED = "قتل مختار بلمختار في غارة جوية على مزرعة."
ALIVE = "أكد تنظيم المرابطون في بيان أن بلمختار لا زال حيا."


def _article(i: int) -> Document:
    """Article i: a status statement about person i // 2, and an event of its own (a day-precise date
    three days from any other's, so that every article's event is a merged event of its own)."""
    person = {f"p-{i // 2}": {"type": "PER", "names": ["مختار بلمختار", "بلمختار"]}}
    text = f"{KILLED if i % 2 == 0 else ALIVE} ({i})"
    doc = document_with_entities(text, person, "2015-06-16", f"a{i}.txt")
    doc.id = Document.text_id(text)
    day = (dt.date(1990, 1, 1) + dt.timedelta(days=3 * i)).isoformat()
    trigger = Mention(start=0, end=3, text=text[:3])
    doc.events = [
        Event(
            type="airstrike",
            acled=None,
            trigger=trigger,
            actors=[f"p-{i // 2}"],
            date=EventDate(value=day, text=day, precision="day"),
            fatalities=i,
            evidence=Span(start=0, end=len(text)),
        )
    ]
    return doc


def _store(url: str, count: int) -> Store:
    store = Store.open(url)
    for i in range(count):
        assert store.ingest(_article(i)) == "added"
    return store


def _clear_rich_caches() -> None:
    """rich keeps each string it measured in a few ``lru_cache`` (up to 16,384 entries): bounded, but
    at these sizes they fill as the store grows and would read as growth."""
    for name, module in list(sys.modules.items()):
        if name == "rich" or name.startswith("rich."):
            for value in vars(module).values():
                for item in (value, *(vars(value).values() if isinstance(value, type) else ())):
                    clear = getattr(item, "cache_clear", None)
                    if callable(clear):
                        clear()


def _live_peak(run: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> int:
    """The most live memory (Python heap, garbage collected first) that ``run`` holds above what was
    held before, sampled as it merges events and finds contradictions: what it keeps, not the cyclic
    garbage a collector has not yet reached (which depends on when the collector runs)."""
    most, calls = [0], [0]

    def sampled(function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[0] += 1
            if calls[0] % 4 == 0:
                _clear_rich_caches()
                gc.collect()
                most[0] = max(most[0], tracemalloc.get_traced_memory()[0] - base)
            return function(*args, **kwargs)

        return wrapper

    with monkeypatch.context() as patch:
        for name in ("merge_reports", "event_contradictions", "status_contradictions"):
            patch.setattr(fold_read, name, sampled(getattr(fold_read, name)))
        gc.collect()
        tracemalloc.start()
        try:
            base = tracemalloc.get_traced_memory()[0]
            run()
        finally:
            tracemalloc.stop()
    assert calls[0] >= 8, "sampled too rarely"
    return most[0]


def _order_held(url: str) -> int:
    """The most live memory held while reading ``event_order`` (sampled every 8 labels)."""
    with Store.open(url) as store:
        list(fold_read.event_order(store.engine))  # warm
        gc.collect()
        tracemalloc.start()
        try:
            base, most = tracemalloc.get_traced_memory()[0], 0
            for k, _label in enumerate(fold_read.event_order(store.engine, include_non_asserted=True)):
                if k % 8 == 0:
                    gc.collect()
                    most = max(most, tracemalloc.get_traced_memory()[0] - base)
        finally:
            tracemalloc.stop()
    return most


def _commands(url: str) -> dict[str, Callable[[], Any]]:
    def cli(*args: str) -> Callable[[], Any]:
        def run() -> None:
            # The commands themselves, in this process (CliRunner would keep the whole output).
            with open(os.devnull, "w", encoding="utf-8") as sink, contextlib.redirect_stdout(sink):
                app([*args, "--db", url], standalone_mode=False)

        return run

    return {
        "events": cli("events"),
        "events --all": cli("events", "--all"),
        "events --format jsonl": cli("events", "--format", "jsonl"),
        "events --format csv": cli("events", "--format", "csv"),
        "contradictions": cli("contradictions"),
        "contradictions --format jsonl": cli("contradictions", "--format", "jsonl"),
    }


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pages of 4 groups (labels fetched 16 at a time) and tables printed 10 rows at a time: a store
    # of a few hundred articles is many pages, as 50,000 articles are with the real sizes.
    monkeypatch.setattr(fold_read, "_PAGE", 4)
    monkeypatch.setattr(relate_cli, "_TABLE_PAGE", 10, raising=False)
    # Printing to a file, not a terminal, whatever runs the tests (rich's console follows sys.stdout).
    monkeypatch.setattr(relate_cli, "console", Console(width=80))


def test_reading_commands_do_not_grow_with_the_store(
    db_url: str, small_pages: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    n = 60
    _store(db_url, n).close()
    peaks: dict[str, list[int]] = {}
    for name, run in _commands(db_url).items():
        run()  # warm: imports, compiled statements, caches that any size pays for once
        peaks[name] = [_live_peak(run, monkeypatch)]
    held = [_order_held(db_url)]
    with Store.open(db_url) as store:  # 4N: the same store, three times as many articles again
        for i in range(n, 4 * n):
            store.ingest(_article(i))
        assert fold_read.counts(store.engine)["merged_events"] == 4 * n
        assert sum(1 for _ in fold_read.contradictions(store.engine)) == 2 * n
    for name, run in _commands(db_url).items():
        peaks[name].append(_live_peak(run, monkeypatch))
    # Holding every record (a list of 4N rows or groups, their events, the table's rows) adds tens of
    # kilobytes per hundred articles; a page at a time adds nothing but noise.
    # (Measured: 2–25 KB here; holding the table's rows or the contradictions added 65–440 KB.)
    grown = {name: after - before for name, (before, after) in peaks.items() if after - before > 40_000}
    assert not grown, f"peak heap grew from {n} to {4 * n} articles (bytes): {grown}; peaks {peaks}"
    # The order of `rasd events` comes from the database, sorted there, a few labels at a time: what is
    # held while reading it does not grow with the groups (a dict of every group added 45 KB here).
    held.append(_order_held(db_url))
    assert held[1] - held[0] < 15_000, held


def test_group_labels_come_through_a_streamed_cursor(db_url: str) -> None:
    """``fold_read._streamed`` hands rows over a few at a time: on PostgreSQL through a server-side
    (named) cursor, which holds the result on the server; on SQLite the cursor steps through it."""
    with _store(db_url, 12) as store:
        cursors: list[Any] = []

        @event.listens_for(store.engine, "after_cursor_execute")
        def seen(conn, cursor, statement, parameters, context, executemany) -> None:
            cursors.append(cursor)

        rows = fold_read._streamed(store.engine, select(schema.fold_items.c.egroup), size=2)
        assert next(rows) is not None
        if store.engine.dialect.name == "postgresql":
            import psycopg

            assert isinstance(cursors[-1], psycopg.ServerCursor)
        assert len(list(rows)) == 11
        labels = list(fold_read.event_order(store.engine))
        assert len(labels) == 12 and all(size == 1 for _label, size in labels)


def test_a_long_events_table_is_what_rich_would_print(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past one page, `rasd events` writes the table's rows itself (rich's layout of thousands of rows
    was most of the command's time): the output must be exactly rich's table of every row."""
    db = str(tmp_path / "table.db")
    with _store(db, 30) as store:
        rows = [
            relate_cli._event_row(m, names)
            for m, names in fold_read.events_with_names(store.engine, include_non_asserted=True)
        ]
    rows[3][3] = "عبد الرحمن بن عبد الله الطويل جدا"  # cut with …
    rows[4][2] = "東京都"  # wide characters
    for width, every in ((80, False), (80, True), (50, True), (200, True)):
        shown = [c for c in relate_cli._EVENT_COLUMNS if every or c != "modality"]
        expected = Console(width=width, file=io.StringIO())
        table = relate_cli._event_table(shown, fixed=True)
        for row in rows:
            table.add_row(*(v for c, v in zip(relate_cli._EVENT_COLUMNS, row, strict=True) if c in shown))
        expected.print(table)
        monkeypatch.setattr(relate_cli, "console", Console(width=width, file=io.StringIO()))
        header, widths, bottom = relate_cli._fixed_layout(shown)
        picked = [
            [v for c, v in zip(relate_cli._EVENT_COLUMNS, row, strict=True) if c in shown] for row in rows
        ]
        written = (
            header + "".join(relate_cli._fixed_line(shown, widths, row) + "\n" for row in picked) + bottom
        )
        assert written == expected.file.getvalue()  # type: ignore[attr-defined]


def test_events_table_past_a_page_lists_every_event(tmp_path, small_pages) -> None:
    db = str(tmp_path / "pages.db")
    _store(db, 25).close()
    result = CliRunner().invoke(app, ["events", "--db", db])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert sum(1 for line in lines if "airstrike" in line) == 25
    assert lines[-1] == "25 events from 25 documents"
    dates = [line.split()[0] for line in lines if "airstrike" in line]
    assert dates == sorted(dates)  # by date, across pages


# -- `rasd search`: the stored entities a query may name, found by the database -------------------------

NAMES = [  # (id, name, aliases): spellings that normalise alike, diacritics, tatweel, Latin, merges
    ("per:a", "أبو الوليد الصحراوي", ["أبو الوليد"]),
    ("per:b", "ابو الوليد", []),  # no hamza
    ("per:c", "أَبُو الْوَلِيد", []),  # diacritics
    ("per:d", "أبـو الولـيد", []),  # tatweel
    ("per:e", "الملثم", ["خالد أبو العباس"]),
    ("org:f", "الدولة الإسلامية", ["داعش", "ISIS"]),
    ("org:g", "تنظيم الدولة", ["Islamic State"]),
    ("per:h", "الوليد أبو", []),  # the same words, in another order
    ("per:i", "أبو الوليدي", []),  # not the same word
]


def test_stored_names_for_a_query_are_those_every_name_gives(db_url: str) -> None:
    """``Store.entity_names(query)`` reads only the entities that may carry a name of the query's words
    (a ``LIKE`` on the letters normalising keeps), yet expands the query exactly as every stored
    entity's names do, merged groups included."""
    from rasd.store.expand import expand

    with Store.open(db_url) as store:
        for n, (entity_id, name, aliases) in enumerate(NAMES):
            text = f"ذكر {name} في الخبر رقم {n}."
            doc = document_with_entities(
                text, {entity_id: {"type": "PER", "names": [name]}}, None, f"{n}.txt"
            )
            doc.id = Document.text_id(text)
            for entity in doc.entities:
                entity.aliases = list(aliases)
            store.ingest(doc)
        store.add_judgement("merge", "per:e", "per:a", "the same man")
        store.add_judgement("merge", "org:g", "org:f", "one group")
        every = store.entity_names()
        for query in (
            "أبو الوليد",
            "ابو الوليد",
            "الوليد",
            "داعش",
            "الدولة الاسلامية",
            "الملثم",
            "ISIS",
            "تنظيم الدولة",
        ):
            some = store.entity_names(query)
            assert len(some) <= len(every)
            assert expand(query, None, some) == expand(query, None, every), query
        assert len(store.entity_names("داعش")) < len(every)
