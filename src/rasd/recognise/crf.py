"""The CRF tagger: python-crfsuite over ``features.FeatureExtractor`` features.

A model directory holds ``model.crfsuite``, the ``gazetteer.tsv`` it was trained with and
``meta.json`` (training settings and development scores). The shipped one is ``data/ner/``.
Where it also holds ``stage2.crfsuite``, the tagger is two-stage (``context``): ``tag`` still tags
one sentence with the first stage, ``tag_many`` tags consecutive sentences with both.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from importlib import resources
from pathlib import Path

import pycrfsuite

from rasd.recognise.clusters import model_clusters
from rasd.recognise.context import WINDOW, context_features
from rasd.recognise.entity_lexicon import read_entity_lexicon
from rasd.recognise.features import FeatureExtractor
from rasd.recognise.gazetteer import Gazetteer, listed_names

MODEL_FILE = "model.crfsuite"
GAZETTEER_FILE = "gazetteer.tsv"
META_FILE = "meta.json"
LEXICON_FILE = "entity_lexicon.tsv"
STAGE2_FILE = "stage2.crfsuite"


class CRFTagger:
    def __init__(self, model_dir: str | Path | None = None) -> None:
        self._files = ExitStack()  # keeps a packaged model on disk for as long as the tagger lives
        if model_dir is None:
            model_dir = self._files.enter_context(
                resources.as_file(resources.files("rasd.data").joinpath("ner"))
            )
        model_dir = Path(model_dir)
        model = model_dir / MODEL_FILE
        if not model.exists():
            raise FileNotFoundError(f"no NER model at {model} (train one with `rasd train ner --out DIR`)")
        self.model_dir = model_dir
        gazetteer = Gazetteer.read(model_dir / GAZETTEER_FILE)
        gazetteer.trusted = listed_names()
        clusters, cluster_window = model_clusters(model_dir, META_FILE)
        self.features = FeatureExtractor(
            gazetteer, read_entity_lexicon(model_dir / LEXICON_FILE), clusters, cluster_window
        )
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model))
        self._stage2: pycrfsuite.Tagger | None = None
        if (model_dir / STAGE2_FILE).exists():
            self._stage2 = pycrfsuite.Tagger()
            self._stage2.open(str(model_dir / STAGE2_FILE))
        self.features.known = frozenset(
            attr
            for tagger in (self._tagger, self._stage2)
            if tagger
            for attr, _label in tagger.info().state_features
        )

    @property
    def two_stage(self) -> bool:
        return self._stage2 is not None

    def tag(self, words: Sequence[str]) -> list[str]:
        """BIO tags (PER/ORG/LOC/MISC) for one sentence of tokens."""
        if not words:
            return []
        return self._tagger.tag(self.features.sentence(words))

    def tag_many(self, sentences: Sequence[Sequence[str]], window: int = WINDOW) -> list[list[str]]:
        """BIO tags for consecutive sentences (an article, or a corpus without article breaks): the
        first stage tags each sentence, the second re-tags it knowing what the first said about the
        same words and names within ``window`` sentences either side."""
        if self._stage2 is None:
            return [self.tag(words) for words in sentences]
        feats = [self.features.sentence(words) if words else [] for words in sentences]
        first = [self._tagger.tag(f) if f else [] for f in feats]
        extra = context_features(sentences, first, window)
        return [
            self._stage2.tag([a + b for a, b in zip(f, e, strict=True)]) if f else []
            for f, e in zip(feats, extra, strict=True)
        ]

    def close(self) -> None:
        self._tagger.close()
        if self._stage2 is not None:
            self._stage2.close()
        self._files.close()
