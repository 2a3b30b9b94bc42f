"""The CRF tagger: python-crfsuite over ``features.FeatureExtractor`` features.

A model directory holds ``model.crfsuite``, the ``gazetteer.tsv`` it was trained with and
``meta.json`` (training settings and development scores). The shipped one is ``data/ner/``.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from importlib import resources
from pathlib import Path

import pycrfsuite

from rasd.recognise.entity_lexicon import read_entity_lexicon
from rasd.recognise.features import FeatureExtractor
from rasd.recognise.gazetteer import Gazetteer

MODEL_FILE = "model.crfsuite"
GAZETTEER_FILE = "gazetteer.tsv"
META_FILE = "meta.json"
LEXICON_FILE = "entity_lexicon.tsv"


class CRFTagger:
    def __init__(self, model_dir: str | Path | None = None) -> None:
        self._files = ExitStack()  # keeps a packaged model on disk for as long as the tagger lives
        if model_dir is None:
            model_dir = self._files.enter_context(resources.as_file(resources.files("rasd.data").joinpath("ner")))
        model_dir = Path(model_dir)
        model = model_dir / MODEL_FILE
        if not model.exists():
            raise FileNotFoundError(f"no NER model at {model} (train one with `rasd train ner --out DIR`)")
        self.model_dir = model_dir
        self.features = FeatureExtractor(
            Gazetteer.read(model_dir / GAZETTEER_FILE),
            read_entity_lexicon(model_dir / LEXICON_FILE),
        )
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model))

    def tag(self, words: Sequence[str]) -> list[str]:
        """BIO tags (PER/ORG/LOC/MISC) for one sentence of tokens."""
        if not words:
            return []
        return self._tagger.tag(self.features.sentence(words))

    def close(self) -> None:
        self._tagger.close()
        self._files.close()
