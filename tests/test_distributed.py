"""`rasd ingest --engine dask`: partitions read as a one-process ingest reads, and a Dask cluster of
two worker processes stores exactly what one process stores, on SQLite and PostgreSQL, also when a
worker is killed mid-run and when the same input is ingested twice.

One local cluster (two worker processes, one thread each) serves the module; the CLI test starts
its own, as `rasd ingest --engine dask -j 2` does without --scheduler.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

distributed = pytest.importorskip("distributed", reason="dask distributed is not installed")

from rasd.cli import app  # noqa: E402
from rasd.distributed.engine import RunStats, ingest  # noqa: E402
from rasd.distributed.partitions import Partition, Piece, plan, read_partition  # noqa: E402
from rasd.distributed.worker import Done, _Deadline  # noqa: E402
from rasd.read import RawArticle, ReadError, iter_articles  # noqa: E402
from rasd.store import Store  # noqa: E402

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

CITIES = ("غاو", "تمبكتو", "كيدال", "موبتي", "نيامي", "أغاديس", "نواكشوط", "سبها", "بنغازي", "تمنراست")
GROUPS = ("جماعة نصرة الإسلام والمسلمين", "تنظيم القاعدة في بلاد المغرب الإسلامي", "جماعة بوكو حرام")
MONTHS = ("يناير", "فبراير", "مارس", "أبريل")


def _article(n: int) -> str:
    city, group, month = CITIES[n % len(CITIES)], GROUPS[n % len(GROUPS)], MONTHS[n % len(MONTHS)]
    return (
        f"أعلن مصدر أمني أن مسلحين من {group} هاجموا موقعا للجيش قرب مدينة {city} يوم {n % 27 + 1} "
        f"{month} 2015، ما أسفر عن مقتل {n % 9 + 2} جنود وإصابة آخرين. وقال المتحدث باسم الجيش إن "
        f"القوات طاردت المهاجمين في المنطقة الواقعة شمال {city}، واعتقلت {n % 5 + 1} من المشتبه بهم. "
        "ولم تعلن أي جهة مسؤوليتها عن الهجوم حتى الآن."
    )


def _write_corpus(root: Path) -> Path:
    """A JSONL file (split into ranges in the tests) with bad lines among good ones, and a folder of
    files of other kinds, one an exact copy of another (read in one partition: see docs/scaling.md)."""
    root.mkdir(parents=True, exist_ok=True)
    lines: list[bytes] = []
    for n in range(18):
        record = {"id": f"a{n}", "title": f"هجوم قرب {CITIES[n % len(CITIES)]}", "text": _article(n)}
        if n % 3 == 0:
            record["date"] = f"2015-0{n % 4 + 1}-{n % 27 + 1:02d}"
        lines.append(json.dumps(record, ensure_ascii=False).encode("utf-8"))
        if n == 4:
            lines.append(b'{"text": "broken')  # invalid JSON: one error line, the partition goes on
        if n == 7:
            lines.append(b"")
            lines.append(json.dumps({"text": "An English article, not Arabic text at all."}).encode())
        if n == 11:  # undecodable bytes in an otherwise UTF-8 line: replaced, counted
            bad = json.dumps({"id": "bad-bytes", "text": _article(100)}, ensure_ascii=False).encode()
            lines.append(bad.replace("الجيش".encode(), b"\xff\xfe", 1))
    (root / "corpus.jsonl").write_bytes(b"\r\n".join(lines[:3]) + b"\r\n" + b"\n".join(lines[3:]) + b"\n")
    folder = root / "folder"
    folder.mkdir()
    for n in range(3):
        (folder / f"article{n}.txt").write_text(_article(200 + n), encoding="utf-8")
    (folder / "copy.txt").write_text(_article(200), encoding="utf-8")
    (folder / "cp1256.txt").write_bytes(_article(300).encode("cp1256"))
    listing = [{"headline": "خبر", "body": _article(400)}, {"body": _article(401)}]
    (folder / "list.json").write_text(json.dumps(listing, ensure_ascii=False), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return root


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = _write_corpus(tmp_path_factory.mktemp("distributed") / "input")
    paths = [root / "corpus.jsonl", root / "folder"]
    if SEEDS.is_dir():
        seeds = root / "seeds"
        shutil.copytree(SEEDS, seeds)
        paths.append(seeds)
    return paths


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.Client]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=50
        ) as local,
        distributed.Client(local) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def baseline(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What a one-process `rasd ingest` stores from the corpus."""
    url = f"sqlite:///{tmp_path_factory.mktemp('baseline') / 'one.db'}"
    result = _cli("ingest", *map(str, corpus), "--db", url, "-j", "1")
    assert result.exit_code == 1, result.output  # the bad inputs
    snapshot = _snapshot(url)
    assert snapshot["stats"]["documents"] > 20
    return snapshot


def _cli(*args: str):
    return CliRunner().invoke(app, list(args))


def _snapshot(url: str) -> dict:
    """Everything the comparison covers: counts, each document's record and sources, the FtM export."""
    with Store.open(url, create=False) as store:
        docs = {doc.id: doc.to_dict() for doc in store.iter_documents()}
        sources = {doc_id: sorted(store.sources(doc_id)) for doc_id in docs}
        stats = store.stats()
    export = _cli("export", "ftm", "--db", url)
    assert export.exit_code == 0, export.output
    return {"stats": stats, "docs": docs, "sources": sources, "ftm": sorted(export.stdout.splitlines())}


def _run(client: distributed.Client, corpus: list[Path], url: str, **options) -> list[Done | ReadError]:
    with Store.open(url) as store:
        return list(ingest(corpus, store, scheduler=client.scheduler.address, range_bytes=2048, **options))


def _kill_one_worker_after_first(items: Iterator[Done | ReadError], client: distributed.Client) -> list:
    """Consume the run; after its first item, kill one worker process (SIGKILL: no goodbye)."""
    killed = sorted(client.run(os.getpid).values())[0]
    taken = [next(items)]
    os.kill(killed, signal.SIGKILL)
    taken.extend(items)
    assert killed not in client.run(os.getpid).values()  # it died mid-run, and the run completed
    return taken


# -- partitions ---------------------------------------------------------------------------------


def _read(items) -> list[tuple]:
    return [
        (i.source, i.text, i.title, i.replaced) if isinstance(i, RawArticle) else (i.source, i.reason)
        for i in items
    ]


@pytest.mark.parametrize(("workers", "range_bytes"), [(1, 512), (2, 2048), (3, 10**9)])
def test_partitions_read_what_one_process_reads(corpus, workers, range_bytes):
    parts = [
        p for p in plan(corpus, workers=workers, range_bytes=range_bytes) if not isinstance(p, ReadError)
    ]
    got = [item for part in parts for item in read_partition(part)]
    assert _read(got) == _read(iter_articles(corpus))
    assert [p.index for p in parts] == list(range(len(parts)))
    if range_bytes < 10**9:
        assert sum(p.pieces[0].end is not None for p in parts) > 2  # the JSONL was cut into ranges


def test_a_range_starts_at_the_first_line_after_its_offset(corpus, tmp_path):
    """Ranges cut anywhere (mid-line, on a newline) together read each line once."""
    jsonl = corpus[0]
    parts = [p for p in plan([jsonl], range_bytes=700) if not isinstance(p, ReadError)]
    first = parts[1].pieces[0]
    for start in (first.start - 1, first.start):
        piece = Piece(first.path, first.name, start, first.end, first.first_line, first.encoding)
        assert _read(read_partition(Partition(1, (piece,), 0))) == _read(read_partition(parts[1]))


def test_planning_reports_missing_paths_and_reads_a_file_reached_twice_once(corpus, tmp_path):
    link = tmp_path / "link.jsonl"
    link.symlink_to(corpus[0])
    planned = list(plan([corpus[0], tmp_path / "missing.txt", link], range_bytes=10**9))
    errors = [p for p in planned if isinstance(p, ReadError)]
    assert [str(e) for e in errors] == [f"{tmp_path / 'missing.txt'}: no such file or directory"]
    assert len(planned) == 2


def test_deadline_interrupts_a_pool_thread():
    outcome: dict[str, bool] = {}

    def spin() -> None:
        with _Deadline(0.05) as deadline:
            while True:
                pass
        outcome["fired"] = deadline.fired

    thread = threading.Thread(target=spin)
    thread.start()
    thread.join(timeout=30)
    assert outcome == {"fired": True}


# -- the cluster ------------------------------------------------------------------------------------


def test_cli_on_a_local_cluster_stores_what_one_process_stores(corpus, baseline, tmp_path):
    url = f"sqlite:///{tmp_path / 'dask.db'}"
    result = _cli("ingest", *map(str, corpus), "--db", url, "--engine", "dask", "-j", "2")
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("rasd: error:")]
    assert len(errors) == 3  # the broken JSON line, the English one, the empty file
    assert any("corpus.jsonl#6: invalid JSON line" in line for line in errors)
    assert "undecodable byte sequence(s) replaced" in result.stderr
    assert "on 2 Dask workers" in result.stderr
    assert _snapshot(url) == baseline


def test_sqlite_run_with_a_worker_killed_loses_and_duplicates_nothing(cluster, corpus, baseline, tmp_path):
    from rich.console import Console
    from rich.progress import Progress

    url = f"sqlite:///{tmp_path / 'killed.db'}"
    stats = RunStats()
    with Store.open(url) as store, Progress(console=Console(file=io.StringIO())) as progress:
        run = ingest(
            corpus,
            store,
            scheduler=cluster.scheduler.address,
            range_bytes=2048,
            progress=progress,
            stats=stats,
        )
        items = _kill_one_worker_after_first(run, cluster)
    assert sum(isinstance(i, ReadError) for i in items) == 3
    assert _snapshot(url) == baseline
    assert stats.documents == len(items)
    # and the same input again changes nothing
    again = _run(cluster, corpus, url)
    assert {i.outcome.result for i in again if isinstance(i, Done) and i.outcome} == {"unchanged"}
    assert _snapshot(url) == baseline


@pytest.mark.postgres
def test_postgresql_run_stores_what_one_process_stores_and_again_nothing(cluster, corpus, baseline, pg_url):
    """The client writes to PostgreSQL in input order: the same store as one process writes."""
    result = _cli("ingest", *map(str, corpus), "--db", pg_url, "--scheduler", cluster.scheduler.address)
    assert result.exit_code == 1, result.output
    assert _snapshot(pg_url) == baseline
    result = _cli("ingest", *map(str, corpus), "--db", pg_url, "--scheduler", cluster.scheduler.address)
    assert re.search(r"│ added +│ +0 │", result.stdout) and "│ updated" not in result.stdout
    assert _snapshot(pg_url) == baseline


@pytest.mark.postgres
def test_postgresql_workers_write_with_a_worker_killed(cluster, corpus, baseline, pg_url):
    """The workers write in parallel, one is killed mid-run: the same documents, records, sources
    and counts, and the same exported entities, events and relations (the ids of FtM); only what is
    read in ingest order (an event's first report, quoted as its summary) follows finishing order."""
    with Store.open(pg_url) as store:
        run = ingest(corpus, store, scheduler=cluster.scheduler.address, range_bytes=2048, workers_write=True)
        items = _kill_one_worker_after_first(run, cluster)
    assert sum(isinstance(i, ReadError) for i in items) == 3
    snapshot = _snapshot(pg_url)
    assert {key: snapshot[key] for key in ("stats", "docs", "sources")} == {
        key: baseline[key] for key in ("stats", "docs", "sources")
    }
    assert _ftm_ids(snapshot) == _ftm_ids(baseline)


def _ftm_ids(snapshot: dict) -> list[str]:
    return sorted(json.loads(line)["id"] for line in snapshot["ftm"])
