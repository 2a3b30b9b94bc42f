"""Normalisation for matching only (search, gazetteers, name comparison).

Normalised text is never shown or stored as offsets: ``normalize_with_map`` returns, for every
character of the normalised string, the index of the original character it came from, so a match
found in normalised text maps back to an exact span of the original.
"""

from __future__ import annotations

import re

# Harakat, tanwin, shadda, sukun, superscript alef, Quranic marks, and tatweel: removed.
_DROP = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + ["\u200c", "\u200d", "\u200e", "\u200f", "\u061c"]
)

# Letter variants folded to one form. Hamza carriers fold to their bare letter; ta marbuta to ha;
# alef maksura to ya; Persian/Maghrebi letters (ڤ ڨ گ ک ی) to their usual Arabic spelling.
_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ئ": "ي",
    "ة": "ه", "ۀ": "ه",
    "ؤ": "و",
    "ڤ": "ق", "ڨ": "ق", "گ": "ك", "ک": "ك",
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4",
    "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
}

_SPACES = re.compile(r"\s+")
# The same folding as one translate table: normalize() runs on every stored text, so it must be fast.
_TABLE = str.maketrans({**dict.fromkeys(_DROP), **_FOLD})


def _fold_char(ch: str) -> str:
    if ch in _DROP:
        return ""
    ch = _FOLD.get(ch, ch)
    if ch.isspace():
        return " "
    return ch.lower()


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` for matching; return it with the source index of each output character."""
    out: list[str] = []
    index: list[int] = []
    # No Unicode normalisation first: it could change lengths and break the index map. Decomposed
    # hamza (ا + U+0654) still folds, because combining marks are dropped.
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        if not folded:
            continue
        if folded == " " and out and out[-1] == " ":
            continue
        out.append(folded)
        index.append(i)
    return "".join(out), index


def normalize(text: str) -> str:
    """Fold diacritics, tatweel and alef/ya/ta-marbuta/hamza variants; collapse spaces."""
    if not text:
        return ""
    return _SPACES.sub(" ", text.translate(_TABLE).lower()).strip()
