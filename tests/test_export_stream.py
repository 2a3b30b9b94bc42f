"""Exports from a store stream (issues 17 and 18): what a writer holds while it writes does not grow
with the store, the store's events and articles are read back a page at a time, and a re-export is
byte-identical in a new process (STIX's property order once changed with Python's string hashing)."""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from rasd.export import Knowledge, knowledge, spill, writer
from rasd.export.acled import write_acled
from rasd.record import Document, EventDate
from rasd.store import Store, export_read, fold_read

SMALL = 30  # articles; the large store has 4 × as many
STREAMED = ("ftm", "stix", "geojson", "acled")  # GraphML and GEXF: networkx builds the whole graph


def _copies(seeds: list[Document], count: int, *, own_events: bool = False) -> list[Document]:
    """Distinct articles (a numbered last line) whose entities and relations repeat; their events
    repeat too, or with ``own_events`` are dated a year of their own (no two copies' events merge)."""
    out = []
    for i in range(count):
        base = seeds[i % len(seeds)]
        text = f"{base.text}\n({i})"
        update: dict[str, object] = {"id": Document.text_id(text), "text": text, "source": f"c/{i}.txt"}
        if own_events:
            when = EventDate(value=str(1000 + i), text=str(1000 + i), precision="year")
            update["events"] = [ev.model_copy(update={"date": when}) for ev in base.events]
        out.append(base.model_copy(update=update))
    return out


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory, seed_documents: list[Document]) -> dict[int, str]:
    made = {}
    for size in (SMALL, 4 * SMALL):
        url = f"sqlite:///{tmp_path_factory.mktemp('stream') / f'{size}.db'}"
        with Store.open(url) as store:
            for doc in _copies(seed_documents, size, own_events=True):
                store.ingest(doc)
        made[size] = url
    return made


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages far smaller than the small store, so that the small store already fills them: what
    grows from the small store to the large one is then what is held beyond a page (the copies'
    events do not merge, so that an event, and so a page, is as large in both stores)."""
    monkeypatch.setattr(fold_read, "_PAGE", 5)
    monkeypatch.setattr(export_read, "_PAGE", 5)
    monkeypatch.setattr(knowledge, "_EVENT_PAGE", 5)
    monkeypatch.setattr(spill, "_BATCH", 5)


class _Sink:
    """A binary file that keeps only how much was written to it."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)


def _writing(url: str, fmt: str) -> tuple[int, int]:
    """(the most memory Python held at once while writing, bytes written), the knowledge read first."""
    with Store.open(url) as store:
        read = Knowledge.from_store(store, full_documents=False, with_text=fmt == "ftm")
    sink = _Sink()
    tracemalloc.start()
    try:
        if fmt == "acled":  # its rows, and the events it could not code (most of the copies')
            write_acled(read, sink, sink)  # type: ignore[arg-type]
        else:
            writer(fmt)(read, sink)  # type: ignore[arg-type]
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, sink.size


@pytest.mark.usefixtures("small_pages")
@pytest.mark.parametrize("fmt", STREAMED)
def test_what_a_writer_holds_does_not_grow_with_the_store(stores: dict[int, str], fmt: str) -> None:
    _writing(stores[SMALL], fmt)  # first use: libraries fill their caches (followthemoney's model…)
    small, small_bytes = _writing(stores[SMALL], fmt)
    large, large_bytes = _writing(stores[4 * SMALL], fmt)
    assert large_bytes > 1.8 * small_bytes  # four times the articles: more output (events merge)
    # Holding every record or every object would hold about four times as much; a page, the same.
    assert large < 1.5 * small, (fmt, small, large, small_bytes, large_bytes)


@pytest.mark.usefixtures("small_pages")
def test_stored_events_are_read_back_in_pages_in_the_stable_order(
    stores: dict[int, str], seed_documents: list[Document]
) -> None:
    with Store.open(stores[SMALL]) as store:
        stored = Knowledge.from_store(store, full_documents=False)
    in_memory = Knowledge.from_documents(_copies(seed_documents, SMALL, own_events=True))
    assert isinstance(stored.events, knowledge.StoredEvents)
    assert len(stored.events) == len(in_memory.events) > 5
    once = [e.model_dump() for e in stored.events]
    assert once == [e.model_dump() for e in in_memory.events]
    assert [e.model_dump() for e in stored.events] == once  # read again: the same
    with Store.open(stores[SMALL]) as store:
        light = list(export_read.articles(store.engine, text=True))
    assert [d.id for d in light] == [d.id for d in in_memory.documents]
    assert [d.text for d in light] == [d.text for d in in_memory.documents]
    # The entities an article names, judgements applied: what FollowTheMoney links it to.
    assert [sorted({e.id for e in d.entities}) for d in light] == [
        sorted({e.id for e in d.entities}) for d in in_memory.documents
    ]


def test_stix_is_the_same_in_every_process(tmp_path: Path, seed_documents: list[Document]) -> None:
    records = tmp_path / "seeds.jsonl"
    records.write_text("".join(d.to_json() + "\n" for d in seed_documents), encoding="utf-8")
    made = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.stix.json"
        cli = "from rasd.cli import app; app()"
        command = [sys.executable, "-c", cli, "export", "stix", "--jsonl", str(records), "--out", str(out)]
        done = subprocess.run(
            command, env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        made.append(out.read_bytes())
    assert made[0] == made[1]
