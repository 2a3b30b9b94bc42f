"""The ordered stages: read → clean → recognise → resolve → relate.

One ``Document`` flows through; each stage adds to it and none reaches back. ``Pipeline.run``
streams many inputs: a bad input yields a ``ReadError`` (one line for the user) and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
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

    def run(self, paths: Iterable[str | Path]) -> Iterator[Document | ReadError]:
        for item in iter_articles(paths):
            if isinstance(item, ReadError):
                yield item
                continue
            try:
                yield self.process(item)
            except ReadError as exc:
                yield exc
            except Exception as exc:  # one broken article must not stop a batch
                yield ReadError(item.source, f"could not be processed ({type(exc).__name__}: {exc})")
