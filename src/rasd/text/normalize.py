"""Normalisation for matching only (search, gazetteers, name comparison).

Normalised text is never shown or stored as offsets: ``normalize_with_map`` returns, for every
character of the normalised string, the index of the original character it came from, so a match
found in normalised text maps back to an exact span of the original.
"""

from __future__ import annotations

import re
from itertools import chain, compress

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
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ى": "ي",
    "ی": "ي",
    "ئ": "ي",
    "ة": "ه",
    "ۀ": "ه",
    "ؤ": "و",
    "ڤ": "ق",
    "ڨ": "ق",
    "گ": "ك",
    "ک": "ك",
    "٠": "0",
    "١": "1",
    "٢": "2",
    "٣": "3",
    "٤": "4",
    "٥": "5",
    "٦": "6",
    "٧": "7",
    "٨": "8",
    "٩": "9",
}

_SPACES = re.compile(r"\s+")
_SPACE_RUN = re.compile(" {2,}")
_GONE = "\uffff"  # a noncharacter: marks dropped characters while lengths still match the input


def _table() -> dict[int, str | None]:
    """One translate table for both functions: letter folds, whitespace to one space, and the
    lowercase of Latin letters whose lowercase is one character (so lengths are kept)."""
    table: dict[int, str | None] = {}
    for code in range(0x250):
        ch = chr(code)
        if ch.isspace():
            table[code] = " "
        elif len(ch.lower()) == 1 and ch.lower() != ch:
            table[code] = ch.lower()
    for space in ("\u2028", "\u2029", "\u3000", "\u202f", "\u205f", *map(chr, range(0x2000, 0x200B))):
        table[ord(space)] = " "
    table.update({ord(k): v for k, v in _FOLD.items()})
    table.update(dict.fromkeys(map(ord, _DROP), _GONE))
    return table


_TABLE = _table()


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` for matching; return it with the source index of each output character.

    Runs on every text the resolver and relate stages read, so it works with ``str.translate`` and
    regular expressions rather than a Python loop over characters."""
    # No Unicode normalisation first: it could change lengths and break the index map. Decomposed
    # hamza (ا + U+0654) still folds, because combining marks are dropped.
    folded = text.translate(_TABLE)
    if _GONE in folded:
        index = list(compress(range(len(folded)), [ch != _GONE for ch in folded]))
        folded = folded.replace(_GONE, "")
    else:
        index = list(range(len(folded)))
    runs = [(m.start() + 1, m.end()) for m in _SPACE_RUN.finditer(folded)]
    if runs:  # keep the first space of each run
        keep = (
            [(0, runs[0][0])]
            + [(runs[i][1], runs[i + 1][0]) for i in range(len(runs) - 1)]
            + [(runs[-1][1], len(folded))]
        )
        folded = "".join(folded[a:b] for a, b in keep)
        index = list(chain.from_iterable(index[a:b] for a, b in keep))
    return folded, index


def normalize(text: str) -> str:
    """Fold diacritics, tatweel and alef/ya/ta-marbuta/hamza variants; collapse spaces."""
    if not text:
        return ""
    return _SPACES.sub(" ", text.translate(_TABLE).replace(_GONE, "")).strip()
