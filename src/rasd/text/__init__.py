"""Arabic text utilities shared by every stage: one normaliser, one tokeniser, one sentence splitter."""

from rasd.text.normalize import normalize, normalize_with_map
from rasd.text.sentences import sentence_spans
from rasd.text.tokens import Token, tokenize

__all__ = ["Token", "normalize", "normalize_with_map", "sentence_spans", "tokenize"]
