"""Learn how the gazetteer's Latin names spell Arabic words (``rasd build transliteration``).

The hand-written romanisation (``rasd.resolve.transliterate.romanize``) reads a name letter by letter,
but the generic words of Maghreb and Sahel place names have spellings of their own that no letter
rule gives: «واد» is «Oued», «عين» «Aïn», «ذراع» «Draa», «قصر» «Ksar», «بئر» «Bir». They are learned
from the development half of the bilingual pairs (``rasd.evaluate.geocode.bilingual_pairs``: the
field's towns and units with both an Arabic and a Latin name; the held-apart half is never read):
each Arabic name is aligned word by word with the Latin name of as many words that reads most like
it, a word pair counts where the Latin word's consonant skeleton is one the Arabic word may stand
for, and a word keeps the spellings found for it in at least ``MIN_PAIRS`` places.

The table (``data/geo/transliteration.tsv``: Arabic word, Latin word, places) gives
``transliterate.readings`` one more reading of a name.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from rasd.resolve.transliterate import (
    arabic_skeletons,
    arabic_words,
    fold_latin,
    latin_skeleton,
    latin_words,
    similarity,
)

if TYPE_CHECKING:
    from rasd.resolve.geocode import Gazetteer

OUT = Path(__file__).resolve().parent.parent / "data" / "geo" / "transliteration.tsv"
MIN_PAIRS = 2  # places a spelling must be found in
MIN_SHARE = 0.2  # of the word's aligned places
MAX_SPELLINGS = 3


def _aligned(arabic_key: str, latin_names: tuple[str, ...]) -> list[tuple[str, str]]:
    """Word pairs of the Arabic name and the Latin name of as many words that reads most like it."""
    ar = arabic_words(arabic_key)
    if not ar:
        return []
    best: tuple[float, list[str]] | None = None
    for name in latin_names:
        words = latin_words(name)
        if len(words) == len(ar):
            sim = similarity(arabic_key, name)
            if best is None or sim > best[0]:
                best = (sim, words)
    if best is None:
        return []
    return [(a, w) for a, w in zip(ar, best[1], strict=True) if latin_skeleton(w) in arabic_skeletons(a)]


def learn(gazetteer: Gazetteer) -> list[tuple[str, str, int]]:
    """(Arabic word, Latin spelling, places) from the development half of the bilingual pairs."""
    from rasd.evaluate.geocode import bilingual_pairs
    from rasd.kb.names import name_key

    counts: dict[str, Counter[str]] = {}
    seen: set[tuple[str, str, int]] = set()
    for arabic, i in bilingual_pairs(gazetteer, "development"):
        place = gazetteer.places[i]
        for a, w in _aligned(name_key(arabic), (place.name, *place.latin)):
            if (a, w, i) not in seen:  # one place, one vote, however many spellings it has
                seen.add((a, w, i))
                counts.setdefault(a, Counter())[w] += 1
    rows: list[tuple[str, str, int]] = []
    for a, spellings in sorted(counts.items()):
        total = sum(spellings.values())
        for w, n in spellings.most_common(MAX_SPELLINGS):
            if n >= MIN_PAIRS and n / total >= MIN_SHARE:
                rows.append((a, fold_latin(w), n))
    return rows


def write(rows: list[tuple[str, str, int]], path: Path = OUT) -> None:
    lines = [
        "# Latin spellings of Arabic words in the field's place names, learned by rasd build transliteration",
        "# from the development half of the gazetteer's bilingual pairs: Arabic word, Latin word, places.",
        *("\t".join((a, w, str(n))) for a, w, n in rows),
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
