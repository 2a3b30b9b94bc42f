"""The ordered stages: read → clean → recognise → resolve → relate.

One ``Document`` flows through; each stage adds to it and none reaches back. ``Pipeline.run``
streams many inputs: a bad input yields a ``ReadError`` (one line for the user) and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from multiprocessing import get_context
from pathlib import Path

from rasd.clean import clean_article
from rasd.read import RawArticle, ReadError, iter_articles
from rasd.recognise import Recogniser, load_recogniser
from rasd.record import Document
from rasd.relate import relate_document
from rasd.resolve import resolve_entities

Stage = Callable[[Document], None]


class Pipeline:
    def __init__(self, recogniser: Recogniser | None = None, *, analyse: bool = True) -> None:
        # analyse=False stops after cleaning (reading benchmarks, `rasd extract --clean-only`) and
        # loads no model.
        self.stages: list[tuple[str, Stage]] = []
        if analyse:
            recogniser = recogniser if recogniser is not None else load_recogniser()
            self.stages = [
                ("recognise", recogniser.recognise),
                ("resolve", resolve_entities),
                ("relate", relate_document),
            ]

    def process(self, raw: RawArticle) -> Document:
        doc = clean_article(raw)
        for _name, stage in self.stages:
            stage(doc)
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
        which share the models already loaded here; reading stays in this process."""
        items = iter_articles(paths)
        if jobs <= 1:
            for item in items:
                yield item if isinstance(item, ReadError) else self.process_safely(item)
            return
        global _forked_pipeline
        _forked_pipeline = self
        with get_context("fork").Pool(jobs) as pool:
            # Bounded batches keep memory flat on large corpora while the workers stay busy.
            while batch := list(islice(items, 16 * jobs)):
                raws = [item for item in batch if not isinstance(item, ReadError)]
                done = iter(pool.map(_process_in_fork, raws, chunksize=4))
                for item in batch:
                    yield item if isinstance(item, ReadError) else next(done)


_forked_pipeline: Pipeline | None = None


def _process_in_fork(raw: RawArticle) -> Document | ReadError:
    assert _forked_pipeline is not None, "set by Pipeline.run before forking"
    return _forked_pipeline.process_safely(raw)
