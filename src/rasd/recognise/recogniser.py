"""The default recogniser: the shipped CRF tagger applied to a document's cleaned text."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rasd.recognise.crf import CRFTagger
from rasd.recognise.gazetteer import Gazetteer
from rasd.recognise.mentions import find_mentions
from rasd.record import Document


class CRFRecogniser:
    name = "crf"

    def __init__(self, model_dir: str | Path | None = None) -> None:
        self.tagger = CRFTagger(model_dir)
        self.gazetteer: Gazetteer = self.tagger.features.gazetteer

    def tag(self, words: Sequence[str]) -> list[str]:
        """The model's BIO tags for one sentence of tokens (no article-level passes)."""
        return self.tagger.tag(words)

    def recognise(self, doc: Document) -> None:
        doc.spans.extend(find_mentions(doc.text, self.tag, self.gazetteer, tag_many=self.tag_many))

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """The model's tags for consecutive sentences (both stages where the model has two)."""
        return self.tagger.tag_many(sentences)
