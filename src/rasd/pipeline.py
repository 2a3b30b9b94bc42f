"""The ordered stages: read → clean → recognise → resolve → relate.

One ``Document`` flows through; each stage adds to it and none reaches back. Stages are built by name
from one ``Resources`` (``rasd.stages``) and checked when the pipeline is built. ``Pipeline.run``
streams many inputs: a bad input yields a ``ReadError`` (one line for the user) and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from multiprocessing import get_context
from pathlib import Path

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


class Pipeline:
    def __init__(
        self,
        resources: Resources | None = None,
        stages: Sequence[str] = DEFAULT_STAGES,
        *,
        factories: Mapping[str, StageFactory] | None = None,
    ) -> None:
        """Stages by name, in order; ``factories`` adds or overrides stage factories by name
        (a second recogniser, a learned relation classifier, a user's own stage)."""
        if resources is None:
            # Only what the stages use is ever loaded: a clean-only pipeline loads no model.
            resources = Resources(recogniser_name="default" if "recognise" in stages else "none")
        self.resources = resources
        known = {**DEFAULT_FACTORIES, **(factories or {})}
        unknown = [name for name in stages if name not in known]
        if unknown:
            raise PipelineError(f"unknown stage {unknown[0]!r} (known: {', '.join(sorted(known))})")
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
            return self.process(raw)
        except ReadError as exc:
            return exc
        except Exception as exc:  # one broken article must not stop a batch
            return ReadError(raw.source, f"could not be processed ({type(exc).__name__}: {exc})")

    def run(self, paths: Iterable[str | Path], jobs: int = 1) -> Iterator[Document | ReadError]:
        """Documents (or errors) in input order. ``jobs`` > 1 analyses in that many forked processes,
        which share the resources loaded here before the fork; reading stays in this process."""
        items = iter_articles(paths)
        if jobs <= 1:
            for item in items:
                yield item if isinstance(item, ReadError) else self.process_safely(item)
            return
        self.resources.load_all()
        # A forked worker inherits this pipeline through the initializer's arguments (no pickling).
        with get_context("fork").Pool(jobs, initializer=_adopt, initargs=(self,)) as pool:
            # Bounded batches keep memory flat on large corpora while the workers stay busy.
            while batch := list(islice(items, 16 * jobs)):
                raws = [item for item in batch if not isinstance(item, ReadError)]
                done = iter(pool.map(_process_in_worker, raws, chunksize=4))
                for item in batch:
                    yield item if isinstance(item, ReadError) else next(done)


# Set only inside a forked worker, by the pool's initializer: the worker's own pipeline.
_worker_pipeline: Pipeline | None = None


def _adopt(pipeline: Pipeline) -> None:
    global _worker_pipeline
    _worker_pipeline = pipeline


def _process_in_worker(raw: RawArticle) -> Document | ReadError:
    assert _worker_pipeline is not None, "set by the pool initializer"
    return _worker_pipeline.process_safely(raw)
