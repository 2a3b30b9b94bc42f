"""What the training data says about single words: the entity type a word mostly carries.

A CRF that sees this for its own training sentences learns to trust it blindly, so training uses
jackknifed lexicons (each half of the data gets the lexicon of the other half); the shipped
lexicon is built from all training data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from rasd.recognise.clitics import split_proclitics
from rasd.recognise.spans import Sentence
from rasd.text import normalize

MIN_COUNT = 2
MIN_SHARE = 0.6
WEAK_SHARE = 0.3


def build_entity_lexicon(sentences: Iterable[Sentence]) -> dict[str, str]:
    seen: Counter[str] = Counter()
    typed: dict[str, Counter[str]] = {}
    for sentence in sentences:
        for token, tag in sentence:
            stem = split_proclitics(normalize(token) or token)[1]
            seen[stem] += 1
            if tag != "O":
                typed.setdefault(stem, Counter())[tag[2:]] += 1
    lexicon: dict[str, str] = {}
    for stem, counts in typed.items():
        type_, n = counts.most_common(1)[0]
        if n >= MIN_COUNT and n / seen[stem] >= MIN_SHARE:
            lexicon[stem] = type_
        elif n / seen[stem] >= WEAK_SHARE:
            lexicon[stem] = type_ + "?"  # seen as a name, but rarely or not mostly
    return lexicon


def write_entity_lexicon(lexicon: dict[str, str], path: Path) -> None:
    path.write_text("".join(f"{w}\t{t}\n" for w, t in sorted(lexicon.items())), encoding="utf-8")
