"""``rasd ingest --engine dask``: plan the partitions, run them on a Dask cluster, store the results.

The workers send the documents back and the client writes them, in input order, so the store is
exactly the one a one-process ingest writes. With PostgreSQL the workers can write instead
(``workers_write``), each document as they finish it, in parallel. Either way each document goes
through ``Store.ingest_merging``, one transaction per document, as in a one-process ingest, so what
the store does on ingest follows.

At most a few partitions per worker are in flight (planned lazily, submitted as others finish), so
neither the client nor the scheduler holds a million inputs at once. A partition whose worker dies
is run again by Dask on another worker; one that keeps failing is reported as one error line, and
the run goes on.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sized
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from distributed import Client, Future, LocalCluster, as_completed
from rich.progress import Progress, TaskID

from rasd.distributed.partitions import DEFAULT_RANGE_BYTES, Partition, plan
from rasd.distributed.worker import Done, PartitionResult, RasdWorker, WorkerResources, analyse_partition
from rasd.pipeline import DEFAULT_BUDGET_S
from rasd.read import ReadError
from rasd.read.files import MAX_FILE_BYTES
from rasd.read.records import FieldMap
from rasd.store import Store

# A partition is tried this many more times after an exception in it (a worker's death is counted
# apart, by the scheduler's distributed.scheduler.allowed-failures).
RETRIES = 2
IN_FLIGHT_PER_WORKER = 2


class WorkerSetupError(RuntimeError):
    """A worker could not load the pipeline (a missing model file, a knowledge base that does not load)."""


@dataclass
class RunStats:
    """What the run did, for the summary line and the benchmark."""

    workers: int = 0
    documents: int = 0
    seconds: float = 0.0
    worker_cpu_s: float = 0.0  # the workers' CPU time over the partitions that completed
    by_worker: Counter[str] = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    def worker_rates(self) -> list[float]:
        return [n / self.seconds for _, n in sorted(self.by_worker.items())] if self.seconds else []


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    *,
    scheduler: str | None = None,
    workers: int = 1,
    fields: FieldMap | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    budget_s: float | None = DEFAULT_BUDGET_S,
    range_bytes: int = DEFAULT_RANGE_BYTES,
    progress: Progress | None = None,
    stats: RunStats | None = None,
    workers_write: bool = False,
) -> Iterator[Done | ReadError]:
    """Analyse ``paths`` on the cluster at ``scheduler`` (else a local one of ``workers`` processes)
    and store each document in ``store``; yields what happened to each input (``Done`` with its
    ``outcome``, or a ``ReadError``). ``stats`` is filled in as the run goes.

    The client writes the documents in input order, so the store is the one a one-process ingest
    writes. ``workers_write`` (PostgreSQL only): each worker writes its documents as it finishes
    them, in parallel; documents are then numbered in finishing order (see docs/scaling.md)."""
    if workers_write and store.engine.dialect.name != "postgresql":
        raise ValueError("the workers can write only to PostgreSQL (SQLite has one writer: the client)")
    stats = stats if stats is not None else RunStats()
    run = uuid.uuid4().hex[:12]
    direct = workers_write
    settings = RasdWorker(
        db_url=store.url if direct else None,
        judgements=store.judgements(),
        fields=fields,
        max_bytes=max_bytes,
        budget_s=budget_s,
        progress_topic=f"rasd-progress-{run}",
    )
    with _client(scheduler, workers) as client:
        stats.workers = len(client.scheduler_info(n_workers=-1)["workers"]) or workers
        plugin = f"rasd-{run}"
        try:
            client.register_plugin(WorkerResources(), name=WorkerResources.name)
            client.register_plugin(settings, name=plugin)
        except Exception as exc:  # the worker's own exception, sent back by Dask
            raise WorkerSetupError(
                f"a Dask worker could not load the pipeline ({type(exc).__name__}: {exc})"
            ) from exc
        meter = _Meter(progress, stats)
        assert settings.progress_topic is not None
        client.subscribe_topic(settings.progress_topic, meter.event)
        try:
            partitions = plan(paths, workers=stats.workers, range_bytes=range_bytes)
            # Finished partitions the client holds until the ones before them are written count
            # toward the window: else a slow partition lets the others pile up in the client.
            early: dict[int, tuple[Partition, PartitionResult | BaseException]] = {}
            window = IN_FLIGHT_PER_WORKER * stats.workers + 2
            results = _run(client, partitions, plugin, run, window, meter, held=early)
            yield from _stored(results, store, ordered=not direct, early=early)
        finally:
            meter.stop()
            # A cluster that is gone (the reason the run stopped) must not hide that reason.
            with suppress(Exception):
                client.unsubscribe_topic(settings.progress_topic)
                client.unregister_worker_plugin(plugin)  # its teardown closes the workers' store


@contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator[Client]:
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    # Processes, one thread each: the analysis is pure Python and holds the GIL.
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # a free port: several clusters on one machine
            silence_logs=logging.CRITICAL,  # failures reach the run as exceptions
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _run(
    client: Client,
    partitions: Iterator[Partition | ReadError],
    plugin: str,
    run: str,
    window: int,
    meter: _Meter,
    held: Sized = (),
) -> Iterator[tuple[Partition, PartitionResult | BaseException] | ReadError]:
    """Each partition with its result (or the exception that failed it for good), as they finish;
    planning errors as they are met. At most ``window`` partitions are running or ``held`` (finished,
    waiting in the client to be written in order). The partition the client waits for is always
    running, so a full window never stalls the run."""
    waiting: dict[Future, Partition] = {}
    done = as_completed()
    planned = iter(partitions)
    exhausted = False
    while True:
        while not exhausted and len(waiting) + len(held) < window:
            item = next(planned, None)
            if item is None:
                exhausted = True
            elif isinstance(item, ReadError):
                yield item
            else:
                future = client.submit(
                    analyse_partition, item, plugin, key=f"rasd-{run}-{item.index}", retries=RETRIES
                )
                waiting[future] = item
                done.add(future)
        if not waiting:
            return
        future = next(done)
        partition = waiting.pop(future)
        if future.status == "error":
            yield partition, future.exception()
        else:
            result = future.result()
            meter.finished(result)
            yield partition, result
        future.release()


def _stored(
    results: Iterator[tuple[Partition, PartitionResult | BaseException] | ReadError],
    store: Store,
    *,
    ordered: bool,
    early: dict[int, tuple[Partition, PartitionResult | BaseException]] | None = None,
) -> Iterator[Done | ReadError]:
    """Each partition's items, the documents written by the client when the workers did not; in
    input order when ``ordered`` (then the store is written exactly as a one-process ingest writes
    it: the same first source for an article read twice, the same merges)."""
    early = early if early is not None else {}
    following = 0
    for item in results:
        if isinstance(item, ReadError):
            yield item
            continue
        if not ordered:
            yield from _items(*item, store)
            continue
        early[item[0].index] = item
        while following in early:
            yield from _items(*early.pop(following), store)
            following += 1


def _items(
    partition: Partition, result: PartitionResult | BaseException, store: Store
) -> Iterator[Done | ReadError]:
    if isinstance(result, BaseException):
        reason = str(result).splitlines()[0] if str(result) else ""
        yield ReadError(
            partition.label,
            f"partition failed ({type(result).__name__}: {reason}); its articles may not all be stored "
            "(the same ingest again completes it)",
        )
        return
    for item in result.items:
        if isinstance(item, Done) and item.document is not None:
            yield Done(item.source, item.replaced, outcome=store.ingest_merging(item.document))
        else:
            yield item


class _Meter:
    """Documents done, per second and per worker, from the workers' progress events (as they go)
    and their partitions' results (exact: a partition run twice is counted once)."""

    def __init__(self, progress: Progress | None, stats: RunStats) -> None:
        self.progress = progress
        self.stats = stats
        self.started = time.monotonic()
        self._lock = threading.Lock()
        self._running: Counter[tuple[int, str]] = Counter()  # (partition, worker) → reported so far
        self._task: TaskID | None = progress.add_task("ingesting", total=None) if progress else None

    def event(self, event: tuple[float, dict]) -> None:  # called on the client's event-loop thread
        msg = event[1]
        with self._lock:
            self._running[msg["partition"], msg["worker"]] += msg["done"]
            self.stats.by_worker[msg["worker"]] += msg["done"]
            self._show()

    def finished(self, result: PartitionResult) -> None:
        with self._lock:
            reported = self._running[result.index, result.worker]
            self.stats.by_worker[result.worker] += max(len(result.items) - reported, 0)
            for key in [key for key in self._running if key[0] == result.index]:
                del self._running[key]
            self.stats.documents += len(result.items)
            self.stats.worker_cpu_s += result.cpu_s
            self._show()

    def stop(self) -> None:
        with self._lock:
            self.stats.seconds = time.monotonic() - self.started

    def _show(self) -> None:
        self.stats.seconds = time.monotonic() - self.started
        if self.progress is None or self._task is None:
            return
        done = self.stats.documents + sum(self._running.values())
        rates = " ".join(f"{r:.1f}" for r in self.stats.worker_rates())
        rate = done / self.stats.seconds if self.stats.seconds else 0.0
        self.progress.update(
            self._task,
            completed=done,
            description=f"ingesting on {self.stats.workers} workers · {rate:.1f}/s · per worker {rates}",
        )
