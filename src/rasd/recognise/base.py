"""The recogniser interface. Every model (CRF, transformer) fills ``Document.spans``.

``load_recogniser()`` gives the CRF model shipped in ``data/ner/``. A user with a Hugging Face
token-classification checkpoint on disk selects it with ``load_recogniser("transformer", path=DIR)``
or by setting ``RASD_NER_MODEL=DIR`` (a directory with ``config.json`` is read as a transformer, one
with ``model.crfsuite`` as a CRF model trained by ``rasd train ner``).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from rasd.recognise.gazetteer import Gazetteer
from rasd.record import Document

ENV_MODEL = "RASD_NER_MODEL"


class Recogniser(Protocol):
    name: str

    def recognise(self, doc: Document) -> None:
        """Add typed spans (``TaggedSpan``) with exact offsets into ``doc.text`` to ``doc.spans``."""


class TokenTagger(Protocol):
    """A recogniser that also tags given tokens (what ``rasd tag`` and ``rasd eval ner`` need)."""

    name: str
    gazetteer: Gazetteer

    def tag(self, words: Sequence[str]) -> list[str]:
        """BIO tags for one sentence of tokens."""

    def recognise(self, doc: Document) -> None: ...


class NullRecogniser:
    name = "none"

    def recognise(self, doc: Document) -> None:
        return None


def load_recogniser(name: str = "default", path: str | Path | None = None) -> Recogniser:
    """A recogniser by name: ``default`` (env ``RASD_NER_MODEL``, else the shipped CRF), ``crf``,
    ``transformer`` (needs ``path`` or the env variable, and the optional ``transformers`` package)
    or ``none``."""
    if name == "none":
        return NullRecogniser()
    if path is None and (env := os.environ.get(ENV_MODEL)):
        path = env
    if name == "default" and path is not None:
        name = "transformer" if (Path(path) / "config.json").exists() else "crf"
    if name == "transformer":
        if path is None:
            raise ValueError(f"the transformer recogniser needs a model directory (path= or {ENV_MODEL})")
        from rasd.recognise.transformer import TransformerRecogniser

        return TransformerRecogniser(path)
    if name not in ("default", "crf"):
        raise ValueError(f"unknown recogniser {name!r} (default, crf, transformer, none)")
    from rasd.recognise.recogniser import CRFRecogniser

    try:
        return CRFRecogniser(path)
    except FileNotFoundError:
        if path is not None:
            raise
        warnings.warn("the shipped NER model is missing; no entities will be recognised", stacklevel=2)
        return NullRecogniser()
