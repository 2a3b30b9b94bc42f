"""Matching lexicon phrases in normalised text and mapping hits back to exact spans of the original.

Lexicons are written in ordinary Arabic in ``data/relate/*.json``; they are normalised once here with
the project's one normaliser, so «أكّدت» in a lexicon matches «اكدت» or «أكدت» in an article.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from rasd.datafiles import load_json
from rasd.text import normalize, normalize_with_map

# Proclitics an Arabic word may carry: conjunction و/ف, preposition ب/ل/ك, article ال.
PROCLITICS = r"(?:[وف])?(?:[بلك])?(?:ال)?"
# A verb takes و/ف and the future/purpose ل/س, never the article: «الإشارة» is not «أشار».
VERB_PROCLITICS = r"(?:[وف])?(?:[لس])?"
# Suffixes a trigger keeps without changing its meaning: pronouns, plural and feminine endings.
INFLECTION = r"(?:ه|ها|هم|هما|وا|ات|ا|ت|ين|ون|تم|ته|تها|وه|وها)?"


@cache
def load_data(name: str) -> Mapping[str, Any]:
    """One JSON file of ``rasd/data/relate``, validated and immutable (``rasd.datafiles``)."""
    return load_json(f"relate/{name}")


def phrase_pattern(phrases: Iterable[str], *, clitics: bool | str = False, inflect: bool = False) -> str:
    """A regex matching any of the normalised phrases as whole words, the longest where they share a start.

    A phrase ending in ``*`` takes any suffix; ``clitics``/``inflect`` allow the usual proclitics and
    inflectional suffixes around every phrase (``clitics`` may also be a proclitic regex of its own,
    such as ``VERB_PROCLITICS``). The phrases are merged into a trie so that the regex
    engine tries only the phrases that share the text's next letters (hundreds of triggers stay fast).
    """
    prefix = clitics if isinstance(clitics, str) else (PROCLITICS if clitics else "")
    return rf"(?<!\w){prefix}(?:{_trie_regex([_atoms(p, inflect) for p in set(phrases)])})"


def phrase_alternation(phrases: Iterable[str]) -> str:
    """Normalised phrases as a bare alternation (no boundaries), to embed in a larger pattern."""
    return _trie_regex([_atoms(p, False)[:-1] for p in set(phrases)])


def _atoms(phrase: str, inflect: bool) -> list[str]:
    """A phrase as regex pieces: its letters, the spaces between words, and how it may end."""
    words = normalize(phrase.rstrip("*")).split()
    atoms: list[str] = []
    for i, word in enumerate(words):
        atoms.extend(re.escape(ch) for ch in word)
        if i < len(words) - 1:
            # A one-letter word is a clitic written apart («لـ داعش») or glued («لداعش»): both match.
            atoms.append(r"\s*" if len(word) == 1 else r"\s+")
    if phrase.endswith("*"):
        atoms.append(r"\w*")
    elif len(words) > 1 and len(words[-1]) == 1:
        atoms.append("")  # ends in a glued clitic: the next word follows without a boundary
    elif inflect and words[-1].endswith("ه") and len(words[-1]) > 2:
        # A noun in «ة» (normalised «ه») keeps it as «ت» before a suffix and drops it in the plural:
        # «مبايعة» → «مبايعتها»، «مظاهرة» → «مظاهرات».
        atoms[-1] = r"(?:ه|ت(?:ه|ها|هم|هما|ين|ان|ي)|ات)"
        atoms.append(r"(?!\w)")
    else:
        atoms.append((INFLECTION if inflect else "") + r"(?!\w)")
    return atoms


def _trie_regex(sequences: list[list[str]]) -> str:
    trie: dict[str, Any] = {}
    for atoms in sequences:
        node = trie
        for atom in atoms:
            node = node.setdefault(atom, {})
        node.setdefault("", None)  # marks a phrase end
    return _node_regex(trie)


def _node_regex(node: dict[str, Any]) -> str:
    # Continuations before endings, so the longer phrase wins («تهريب السلاح» over «تهريب»).
    branches = []
    for atom in sorted(node, key=lambda a: (a == "" or a.endswith(r"(?!\w)"), a)):
        child = node[atom]
        branches.append(atom + (_node_regex(child) if child else ""))
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


@dataclass(frozen=True, slots=True)
class Hit:
    start: int  # offsets into the ORIGINAL text
    end: int
    key: str  # which lexicon entry matched (a type, a kind, ...)


class NormalText:
    """An article's normalised form with the map back to original offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm, self.index = normalize_with_map(text)

    def to_original(self, nstart: int, nend: int) -> tuple[int, int]:
        if nend <= nstart:
            pos = self.index[nstart] if nstart < len(self.index) else len(self.text)
            return pos, pos
        return self.index[nstart], self.index[nend - 1] + 1

    def to_normal(self, pos: int) -> int:
        """The first normalised position at or after original offset ``pos``."""
        return bisect.bisect_left(self.index, pos)

    def slice(self, start: int, end: int) -> str:
        """Normalised text of the original span [start, end)."""
        return self.norm[self.to_normal(start) : self.to_normal(end)]


def verb_forms(lemma: str) -> list[str]:
    """The forms of a verb given in the past tense, third person masculine («اختطف»), as news writes
    them without vowels: the past (its person, number and object suffixes come from ``INFLECTION``) and
    the imperfect with ي/ت/ن. Forms IV, VII, VIII and X drop their initial alif in the imperfect
    («أطلق» → «يطلق»، «اعتقل» → «يعتقل»), and a final «ى» becomes «ي» («اعتدى» → «يعتدي»). The words
    after the verb («سيطر على») are kept as they are."""
    head, _, rest = lemma.partition(" ")
    stem = head[1:] if head[0] in "اأإآ" else head
    if stem.endswith("ى"):
        stem = stem[:-1] + "ي"
    forms = [head, *(prefix + stem for prefix in "يتن")]
    return [f"{form} {rest}" if rest else form for form in forms]


class KeyedPattern:
    """One regex over several lexicon entries; a hit tells which entry (key) matched.

    Phrases of all keys compete longest-first, so «تهريب السلاح» (arms) beats «تهريب» (smuggling).
    Immutable once built (compiled patterns in a tuple), so lexicon modules may memoise one.
    """

    __slots__ = ("_by_key", "regex")

    def __init__(
        self, table: dict[str, list[str]], *, clitics: bool | str = False, inflect: bool = False
    ) -> None:
        self.regex = re.compile(
            phrase_pattern(
                [p for phrases in table.values() for p in phrases], clitics=clitics, inflect=inflect
            )
        )
        # Which entry matched is read back from the matched words alone (a few keys, short strings).
        self._by_key = tuple(
            (key, re.compile(phrase_pattern(phrases, clitics=clitics, inflect=inflect)))
            for key, phrases in table.items()
        )

    def key_of(self, matched: str) -> str:
        return next((key for key, regex in self._by_key if regex.fullmatch(matched)), "")

    def hits(self, ntext: NormalText, start: int = 0, end: int | None = None) -> list[Hit]:
        nstart = ntext.to_normal(start)
        nend = len(ntext.norm) if end is None else ntext.to_normal(end)
        out = []
        for m in self.regex.finditer(ntext.norm, nstart, nend):
            s, e = ntext.to_original(m.start(), m.end())
            out.append(Hit(s, e, self.key_of(m.group())))
        return out
