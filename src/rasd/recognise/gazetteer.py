"""Gazetteers: names of places, people and organisations, matched over token sequences.

The shipped file ``data/ner/gazetteer.tsv`` (built by ``rasd train ner`` from offline data, see
``gazetteer_build``) holds ``TYPE<TAB>SUBTYPE<TAB>normalised name``. Matching is on normalised
tokens; the first token of a name may carry proclitics («والجزائر», «لمالي»).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from rasd.datafiles import read_tsv
from rasd.memo import Memo
from rasd.recognise.clitics import proclitic_forms, proclitic_readings
from rasd.text import normalize

MAX_NAME_TOKENS = 6
_HEADS_LIMIT = 300_000  # words whose name-starting readings a gazetteer keeps (then starts afresh)
# Sentences whose matches a gazetteer keeps: more than an article has, so the recogniser's pass over
# an article finds the matches the tagger's features found in the same sentences.
_SENTENCES_LIMIT = 10_000
# A gazetteer of up to this many first words (an article's names) lists every word that can start
# one of its names, so the other words of a text are passed over without reading their proclitics.
_SMALL = 1_000
# A name listed with several subtypes keeps the broadest: «الجزائر» is the country before Algiers.
_SUBTYPE_RANK = {
    "country": 0,
    "region": 1,
    "armed_group": 1,
    "state_agency": 2,
    "media": 2,
    "city": 3,
    "feature": 3,
    "": 9,
}


@dataclass(frozen=True, slots=True)
class GazetteerMatch:
    start: int  # token index
    end: int  # token index, exclusive
    types: frozenset[str]


@dataclass
class Gazetteer:
    # name (tuple of normalised tokens) → {TYPE: subtype or ""}
    names: dict[tuple[str, ...], dict[str, str]] = field(default_factory=dict)
    # normalised tokens that are part of a person's name in the sanctions list (given names, nasab)
    person_parts: frozenset[str] = frozenset()
    _firsts: frozenset[str] = frozenset()
    # Names trusted over the model's O (the hand-written Sahel list), loaded with the gazetteer.
    trusted: Gazetteer | None = None
    # word → the readings of it (itself, then without proclitics) that start a name: matching asks
    # for every token of every sentence, several times per article.
    _heads: Memo[str, tuple[str, ...]] = field(
        default_factory=lambda: Memo(_HEADS_LIMIT), repr=False, compare=False
    )
    # A small gazetteer's first words with every proclitic they may carry (None: not small).
    _reach: frozenset[str] | None = None
    # normalised sentence → its matches (the tagger's features, then the listed names' pass).
    _sentences: Memo[tuple[str, ...], tuple[GazetteerMatch, ...]] = field(
        default_factory=lambda: Memo(_SENTENCES_LIMIT), repr=False, compare=False
    )

    @classmethod
    def from_rows(cls, rows: Sequence[tuple[str, str, str]], person_parts: Sequence[str] = ()) -> Gazetteer:
        names: dict[tuple[str, ...], dict[str, str]] = {}
        for type_, subtype, name in rows:
            key = tuple(name.split())
            if 0 < len(key) <= MAX_NAME_TOKENS:
                types = names.setdefault(key, {})
                if (
                    _SUBTYPE_RANK.get(subtype, 5) < _SUBTYPE_RANK.get(types.get(type_, ""), 9)
                    or type_ not in types
                ):
                    types[type_] = subtype
        firsts = frozenset(k[0] for k in names)
        reach = None
        if len(firsts) <= _SMALL:
            reach = firsts.union(*(proclitic_forms(first) for first in firsts))
        return cls(names, frozenset(person_parts), firsts, _reach=reach)

    @classmethod
    def read(cls, path: str | Path) -> Gazetteer:
        rows: list[tuple[str, str, str]] = []
        parts: list[str] = []
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            type_, subtype, name = line.split("\t")
            if type_ == "PERPART":
                parts.append(name)
            else:
                rows.append((type_, subtype, name))
        return cls.from_rows(rows, parts)

    def lookup(self, tokens: Sequence[str]) -> dict[str, str] | None:
        """Types (→ subtype) of an exact normalised name, else None."""
        return self.names.get(tuple(tokens))

    def matches(self, normalised: Sequence[str]) -> list[GazetteerMatch]:
        """Longest non-overlapping matches, left to right, over normalised tokens."""
        if not self._firsts:  # an article without names to repeat
            return []
        key = tuple(normalised)
        known = self._sentences.get(key)
        if known is None:
            known = self._sentences[key] = tuple(self._matches(normalised))
        return list(known)

    def _matches(self, normalised: Sequence[str]) -> list[GazetteerMatch]:
        found: list[GazetteerMatch] = []
        i, n = 0, len(normalised)
        heads, reach = self._heads, self._reach
        while i < n:
            word = normalised[i]
            candidates = heads.get(word)
            if candidates is None:
                candidates = () if reach is not None and word not in reach else self._heads_of(word)
            match = self._longest_at(normalised, i, candidates) if candidates else None
            if match is None:
                i += 1
                continue
            found.append(match)
            i = match.end
        return found

    def _heads_of(self, word: str) -> tuple[str, ...]:
        """The readings of a word that start a name, kept in ``_heads`` (where the caller found none)."""
        firsts = self._firsts
        readings = proclitic_readings(word)
        if readings:
            heads = tuple(w for w in (word, *readings) if w in firsts)
        else:  # most words: no proclitic reading
            heads = (word,) if word in firsts else ()
        self._heads[word] = heads
        return heads

    def _longest_at(
        self, normalised: Sequence[str], i: int, candidates: tuple[str, ...]
    ) -> GazetteerMatch | None:
        for length in range(min(MAX_NAME_TOKENS, len(normalised) - i), 0, -1):
            rest = tuple(normalised[i + 1 : i + length])
            for head in candidates:
                types = self.names.get((head, *rest))
                if types:
                    return GazetteerMatch(i, i + length, frozenset(types))
        return None


def shipped_gazetteer() -> Gazetteer:
    """The gazetteer shipped with the CRF model, with the hand-written names it trusts."""
    with resources.as_file(resources.files("rasd.data").joinpath("ner/gazetteer.tsv")) as path:
        gazetteer = Gazetteer.read(path) if path.exists() else Gazetteer()
    gazetteer.trusted = listed_names()
    return gazetteer


def listed_names() -> Gazetteer:
    """The hand-written Sahel names (``data/ner/sahel_names.tsv``), trusted over the model's O."""
    return Gazetteer.from_rows(list(hand_written_names()))


def hand_written_names() -> Iterator[tuple[str, str, str]]:
    for type_, subtype, name in read_tsv("ner/sahel_names"):
        yield type_, subtype, normalize(name)
