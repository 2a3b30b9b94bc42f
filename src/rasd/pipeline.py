"""The ordered stages: read → clean → recognise → resolve → relate.

One ``Document`` flows through; each stage adds to it and none reaches back. Stages are built by name
from one ``Resources`` (``rasd.stages``) and checked when the pipeline is built. ``Pipeline.run``
streams many inputs: a bad input yields a ``ReadError`` (one line for the user) and the batch goes on.
"""

from __future__ import annotations

import gc
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import chain, islice
from multiprocessing import get_context
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Any, TypeVar, overload

from rasd.collector import collector_paused
from rasd.read import RawArticle, ReadError, iter_articles
from rasd.record import Document
from rasd.resources import Resources
from rasd.stages import (
    DEFAULT_FACTORIES,
    DEFAULT_STAGES,
    PipelineError,
    Stage,
    StageFactory,
    check_stages,
    start_document,
)

__all__ = ["Pipeline", "PipelineError", "Stage"]

T = TypeVar("T")

# One article may not hold up a batch: past this many seconds it is given up (rasd ingest, extract).
DEFAULT_BUDGET_S = 120.0

# Articles handed to the workers and not yet taken back, per worker: enough that a slow article or
# a slow consumer (the store) leaves no worker idle, few enough that memory stays flat on any corpus.
IN_FLIGHT_PER_JOB = 8
BATCH = 4  # articles per message to and from a worker


class Pipeline:
    def __init__(
        self,
        resources: Resources | None = None,
        stages: Sequence[str] = DEFAULT_STAGES,
        *,
        factories: Mapping[str, StageFactory] | None = None,
        budget_s: float | None = DEFAULT_BUDGET_S,
    ) -> None:
        """Stages by name, in order; ``factories`` adds or overrides stage factories by name
        (a second recogniser, a learned relation classifier, a user's own stage). ``budget_s``: the
        time one article may take before it is given up with a one-line error (None: no limit)."""
        self.budget_s = budget_s
        if resources is None:
            # Only what the stages use is ever loaded: a clean-only pipeline loads no model.
            resources = Resources(recogniser_name="default" if "recognise" in stages else "none")
        self.resources = resources
        known = {**DEFAULT_FACTORIES, **(factories or {})}
        unknown = [name for name in stages if name not in known]
        if unknown:
            raise PipelineError(f"unknown stage {unknown[0]!r} (known: {', '.join(sorted(known))})")
        with collector_paused():  # the stages load their resources as they are built
            self.stages: list[Stage] = [known[name](resources) for name in stages]
        check_stages(self.stages)

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    def process(self, raw: RawArticle) -> Document:
        doc = start_document(raw)
        for stage in self.stages:
            stage(doc)
        doc.raw = None
        return doc

    def process_safely(self, raw: RawArticle) -> Document | ReadError:
        try:
            with _time_budget(self.budget_s):
                return self.process(raw)
        except ReadError as exc:
            return exc
        except _OverBudget:
            return ReadError(raw.source, f"took longer than {self.budget_s:g} s to analyse; skipped")
        except Exception as exc:  # one broken article must not stop a batch
            return ReadError(raw.source, f"could not be processed ({type(exc).__name__}: {exc})")

    @overload
    def run(
        self, paths: Iterable[str | Path | RawArticle | ReadError], jobs: int = 1
    ) -> Iterator[Document | ReadError]: ...

    @overload
    def run(
        self,
        paths: Iterable[str | Path | RawArticle | ReadError],
        jobs: int = 1,
        *,
        then: Callable[[Document], T],
    ) -> Iterator[T | ReadError]: ...

    def run(
        self,
        paths: Iterable[str | Path | RawArticle | ReadError],
        jobs: int = 1,
        *,
        then: Callable[[Document], Any] | None = None,
    ) -> Iterator[Any]:
        """Documents (or errors) in input order. ``jobs`` > 1 analyses in that many forked processes,
        which share what this process loaded before the fork; reading stays in this process, and
        results stream back while the caller consumes them (storing overlaps with analysis).

        ``then``: what to make of each document where it was analysed, yielded instead of it (for
        ``rasd extract``, ``Document.to_json``: a worker sends back the line to print, which this
        process writes as it comes; a document itself costs it 1.4 ms to unpickle, eight times
        what the worker takes to serialise it)."""
        finish = then or _same
        items = iter_articles(paths)
        # The stages loaded their resources when built; what they load on first use (word
        # frequencies, compiled patterns, the KB's look-ups) loads with the first article, analysed
        # here before any fork, so forked workers share all of it (copy-on-write) instead of each
        # loading it; with the collector paused, as building the stages is.
        for item in items:
            if isinstance(item, ReadError):
                yield item
                continue
            with collector_paused():
                done = self.process_safely(item)
            if isinstance(done, ReadError):
                yield done
                continue
            yield finish(done)
            break
        if jobs <= 1:
            for item in items:
                yield item if isinstance(item, ReadError) else _finished(self, item, finish)
            return
        following = next(items, None)
        if following is not None:  # one article in all needs no workers
            # What is loaded now lives as long as the workers: frozen, the collector neither scans
            # it again nor writes to its pages (which would copy them into every worker).
            gc.freeze()
            try:
                yield from self._run_forked(chain([following], items), jobs, finish)
            finally:
                gc.unfreeze()

    def _run_forked(
        self, items: Iterator[RawArticle | ReadError], jobs: int, finish: Callable[[Document], Any]
    ) -> Iterator[Any]:
        # A forked worker inherits this pipeline and ``finish`` through the initializer's arguments
        # (no pickling). Articles travel in small batches: one message each way per batch, not per
        # article, keeps this process's share of the work (the pool's threads, locks and wake-ups)
        # small beside the workers'. Read errors travel in their batch, so everything comes back in
        # input order.
        with get_context("fork").Pool(jobs, initializer=_adopt, initargs=(self, finish)) as pool:
            pending: deque[AsyncResult[list[Any]]] = deque()
            while batch := list(islice(items, BATCH)):
                pending.append(pool.apply_async(_process_in_worker, (batch,)))
                while len(pending) * BATCH >= IN_FLIGHT_PER_JOB * jobs:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()


def _same(doc: Document) -> Document:
    return doc


def _finished(pipeline: Pipeline, raw: RawArticle, finish: Callable[[Document], Any]) -> Any:
    """The article analysed, and made into what the caller asked for; a ReadError as it is."""
    done = pipeline.process_safely(raw)
    return done if isinstance(done, ReadError) else finish(done)


class _OverBudget(Exception):
    pass


@contextmanager
def _time_budget(seconds: float | None) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (a real-time timer; only in a process's main thread,
    where signals are delivered: elsewhere, as in a web server's threads, there is no limit)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def over(_signum: int, _frame: object) -> None:
        raise _OverBudget

    previous = signal.signal(signal.SIGALRM, over)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# Set only inside a forked worker, by the pool's initializer: the worker's own pipeline, and what
# to make of each document.
_worker: tuple[Pipeline, Callable[[Document], Any]] | None = None


def _adopt(pipeline: Pipeline, finish: Callable[[Document], Any]) -> None:
    global _worker
    _worker = pipeline, finish


def _process_in_worker(batch: list[RawArticle | ReadError]) -> list[Any]:
    assert _worker is not None, "set by the pool initializer"
    pipeline, finish = _worker
    return [item if isinstance(item, ReadError) else _finished(pipeline, item, finish) for item in batch]
