"""What each Dask worker process holds, and the task that analyses one partition there.

Two Dask worker plugins, set up once in every worker process (and again in one that replaces a
dead worker): ``WorkerResources`` loads the models and gazetteer once for the life of the process;
``RasdWorker``, registered for each run, builds the run's pipeline on them with the knowledge base
read afresh, and opens the ``Store`` when the workers write to the database themselves
(PostgreSQL). The task finds both on the plugin: nothing is loaded per partition, and nothing lives
at module level.

A bad article never fails its partition: reading and analysis errors, and a database's refusal of
one document, come back as ``ReadError`` lines. What does fail a partition (a lost database
connection, a dead worker) makes Dask run it again; the store's ingest is idempotent, so a partition
written twice changes nothing the second time.
"""

from __future__ import annotations

import ctypes
import threading
import time
from dataclasses import dataclass, field
from types import TracebackType

from distributed import Worker, get_worker
from distributed.diagnostics.plugin import WorkerPlugin
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from rasd.distributed.partitions import Partition, read_partition
from rasd.kb.judgements import Judgement, apply_judgements
from rasd.pipeline import DEFAULT_BUDGET_S, Pipeline
from rasd.read import RawArticle, ReadError
from rasd.read.files import MAX_FILE_BYTES
from rasd.read.records import FieldMap
from rasd.record import Document
from rasd.resources import Resources
from rasd.store import IngestOutcome, Store

# How often a worker tells the client how far it is (a Dask event per partition at most this often).
PROGRESS_EVERY_S = 0.5


@dataclass(frozen=True, slots=True)
class Done:
    """One article analysed: stored by the worker (``outcome``), or to be stored by the client
    (``document``)."""

    source: str
    replaced: int = 0  # undecodable bytes replaced while reading (the client warns)
    outcome: IngestOutcome | None = None
    document: Document | None = None


@dataclass(slots=True)
class PartitionResult:
    index: int
    worker: str
    items: list[Done | ReadError] = field(default_factory=list)
    seconds: float = 0.0
    cpu_s: float = 0.0  # the worker process's CPU time over the partition


class WorkerResources(WorkerPlugin):
    """The models and gazetteer of one worker process, loaded once for the life of the process (a
    long-lived cluster serves many runs; a new model is picked up by restarting the workers)."""

    name = "rasd-resources"
    idempotent = True  # registered by every run: only the first registration loads anything

    def __init__(self) -> None:
        self.resources: Resources | None = None

    def setup(self, worker: object) -> None:
        self.resources = Resources().load_all()


class RasdWorker(WorkerPlugin):
    """The run's settings, and (after ``setup``, in the worker) its pipeline and store."""

    def __init__(
        self,
        *,
        db_url: str | None,
        judgements: list[Judgement] | None = None,
        fields: FieldMap | None = None,
        max_bytes: int = MAX_FILE_BYTES,
        budget_s: float | None = DEFAULT_BUDGET_S,
        progress_topic: str | None = None,
    ) -> None:
        self.db_url = db_url  # None: the client writes (SQLite, which one process must write)
        self.judgements = list(judgements or [])
        self.fields = dict(fields) if fields else None
        self.max_bytes = max_bytes
        self.budget_s = budget_s
        self.progress_topic = progress_topic
        self.pipeline: Pipeline | None = None
        self.store: Store | None = None

    def setup(self, worker: Worker) -> None:
        # The knowledge base is read afresh for each run (an analyst's corrections since the last),
        # the models are the process's. The time budget is kept here (``_Deadline``): Pipeline's
        # needs the main thread, and Dask runs tasks in a pool thread.
        held = worker.plugins.get(WorkerResources.name)
        loaded = held.resources if isinstance(held, WorkerResources) else None
        resources = loaded.reload_kb().load_all() if loaded is not None else Resources().load_all()
        self.pipeline = Pipeline(resources, budget_s=None)
        if self.db_url:
            self.store = Store.open(self.db_url)

    def teardown(self, worker: Worker) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def analyse(self, raw: RawArticle) -> Document | ReadError:
        assert self.pipeline is not None, "checked by analyse_partition"
        over = ReadError(raw.source, f"took longer than {self.budget_s:g} s to analyse; skipped")
        try:
            with _Deadline(self.budget_s) as deadline:
                item = self.pipeline.process_safely(raw)
        except _OverBudget:
            return over
        if deadline.fired:
            return over
        if isinstance(item, Document) and self.judgements:
            apply_judgements(item, self.judgements, self.pipeline.resources.kb)
        return item

    def store_document(self, doc: Document) -> IngestOutcome | ReadError:
        assert self.store is not None
        try:
            return self.store.ingest_merging(doc)
        except (OperationalError, InterfaceError):
            raise  # the database, not the document: the partition is run again
        except DBAPIError as exc:  # this document refused (a value the database cannot hold)
            reason = str(exc.orig or exc).splitlines()[0]
            return ReadError(doc.source, f"could not be stored ({type(exc).__name__}: {reason})")


def analyse_partition(partition: Partition, plugin_name: str) -> PartitionResult:
    """The Dask task: read, analyse and (PostgreSQL) store every article of ``partition``."""
    worker = get_worker()
    plugin = worker.plugins.get(plugin_name)
    if not isinstance(plugin, RasdWorker) or plugin.pipeline is None:
        # A worker that replaced a dead one and could not load the pipeline: Dask retries elsewhere.
        raise RuntimeError(f"the pipeline is not loaded on worker {worker.address}")
    started = last_report = time.monotonic()
    cpu = time.process_time()
    result = PartitionResult(partition.index, worker.address)
    unreported = 0
    for raw in read_partition(partition, max_bytes=plugin.max_bytes, fields=plugin.fields):
        result.items.append(_analysed(plugin, raw))
        unreported += 1
        now = time.monotonic()
        if plugin.progress_topic and now - last_report >= PROGRESS_EVERY_S:
            worker.log_event(
                plugin.progress_topic,
                {"partition": partition.index, "worker": worker.address, "done": unreported},
            )
            unreported, last_report = 0, now
    result.seconds = time.monotonic() - started
    result.cpu_s = time.process_time() - cpu
    return result


def _analysed(plugin: RasdWorker, raw: RawArticle | ReadError) -> Done | ReadError:
    if isinstance(raw, ReadError):
        return raw
    doc = plugin.analyse(raw)
    if isinstance(doc, ReadError):
        return doc
    if plugin.store is None:
        return Done(doc.source, raw.replaced, document=doc)
    outcome = plugin.store_document(doc)
    if isinstance(outcome, ReadError):
        return outcome
    return Done(doc.source, raw.replaced, outcome=outcome)


class _OverBudget(Exception):
    pass


class _Deadline:
    """Interrupt the calling thread after ``seconds`` by raising ``_OverBudget`` in it.

    SIGALRM (what ``Pipeline`` uses) reaches only a process's main thread, and Dask runs tasks in a
    pool thread, so the exception is set asynchronously in this thread instead (CPython's
    ``PyThreadState_SetAsyncExc``). Like the signal, it lands between two Python bytecodes. A lock
    makes the timer and the exit exclusive, and a pending exception is withdrawn on exit.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.fired = False
        self._done = False
        self._lock = threading.Lock()
        self._thread = threading.get_ident()
        self._timer: threading.Timer | None = None

    def __enter__(self) -> _Deadline:
        if self.seconds:
            self._timer = threading.Timer(self.seconds, self._fire)
            self._timer.daemon = True
            self._timer.start()
        return self

    def _fire(self) -> None:
        with self._lock:
            if not self._done:
                self.fired = True
                _raise_in(self._thread, _OverBudget)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool:
        with self._lock:
            self._done = True
            if self._timer is not None:
                self._timer.cancel()
            if self.fired:
                _raise_in(self._thread, None)  # withdraw it, if not yet delivered
        return exc_type is _OverBudget


def _raise_in(thread_id: int, exc_type: type[BaseException] | None) -> None:
    """Set (or, given None, withdraw: a NULL pointer) the exception pending in a thread."""
    exc = ctypes.py_object(exc_type) if exc_type is not None else ctypes.c_void_p(None)
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), exc)
