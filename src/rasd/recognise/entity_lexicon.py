"""The shipped entity lexicon (``data/ner/entity_lexicon.tsv``): the entity type a word mostly carries
in the training data. Built by ``rasd.train.ner_lexicon``.

A CRF that sees this for its own training sentences learns to trust it blindly, so training uses
jackknifed lexicons (each half of the data gets the lexicon of the other half); the shipped
lexicon is built from all training data.
"""

from __future__ import annotations

from pathlib import Path


def read_entity_lexicon(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line)
    return {w: t for w, t in rows}
