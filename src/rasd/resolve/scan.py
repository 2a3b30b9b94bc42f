"""Find the knowledge base's distinctive names in running text (names the recogniser may miss).

Matching runs on normalised text, word by word, so «وبلمختار» and «لتنظيم القاعدة في المغرب
الإسلامي» are found with their proclitic left out of the mention; offsets map back to the original.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Mapping
from functools import lru_cache
from itertools import accumulate
from types import MappingProxyType

from rapidfuzz import fuzz, process

from rasd.kb import KnowledgeBase
from rasd.kb.model import Strength
from rasd.kb.names import fold_tokens, name_key, name_rules, proclitic_variants
from rasd.resolve.candidates import Candidate
from rasd.text import normalize_with_map

_WORD = re.compile(r"\w+")
_JOINER = re.compile(r"[\s\-]*$")


@lru_cache(maxsize=16)
def normalized(text: str) -> tuple[str, tuple[int, ...]]:
    """``normalize_with_map`` of a whole article, kept for the few passes that read it."""
    norm, offsets = normalize_with_map(text)
    return norm, tuple(offsets)


@lru_cache(maxsize=16)
def word_positions(norm: str) -> tuple[tuple[str, int, int, int], ...]:
    """Normalised words (folded as name keys are) with start, end, and where the word proper starts.

    A detached «و» is glued to the next word, as in name keys («التوحيد و الجهاد»); for such a
    word the last field is where the word after the «و» starts, so a match can leave the «و» out.
    """
    words: list[tuple[str, int, int, int]] = []
    prefixes = [(prefix, prefix + "ال", len(prefix) + 3) for prefix in name_rules()["glued_prefixes"]]
    for m in _WORD.finditer(norm):
        tok, s = m.group(), m.start()
        if words and words[-1][0] == "و":
            words[-1] = ("و" + tok, words[-1][1], m.end(), s)
            continue
        for prefix, with_article, shortest in prefixes:
            if len(tok) > shortest and tok.startswith(with_article):
                words.append((prefix, s, s + len(prefix), s))
                tok, s = tok[len(prefix) :], s + len(prefix)
                break
        words.append((tok, s, m.end(), s))
    folded = fold_tokens([w[0] for w in words]) if words else []
    # fold_tokens only rewrites kunya forms here (prefixes are split, «و» glued), so lengths match.
    return tuple((f, s, e, proper) for f, (_, s, e, proper) in zip(folded, words, strict=True))


def _name_start(word: tuple[str, int, int, int], cut: int) -> int:
    """Normalised position where a name starts in ``word`` once ``cut`` proclitic letters are left out."""
    _, start, _, proper = word
    if proper != start and cut >= 1:  # glued «و X»: the «و» and the space go
        return proper + cut - 1
    return start + cut


def scan_kb_names(
    text: str,
    kb: KnowledgeBase,
    strengths: tuple[str, ...] = ("scan",),
    lookup: Callable[[str], list[tuple[str, Strength]]] | None = None,
    prefixes: set[str] | None = None,
) -> list[Candidate]:
    """KB names of these strengths in ``text``, longest first, with exact original offsets
    (``lookup`` and ``prefixes``: another name table to scan for, e.g. the beginnings of long names)."""
    if prefixes is None:
        prefixes = kb.scan_prefixes if strengths == ("scan",) else kb.context_prefixes
    lookup = lookup or kb.lookup
    norm, index = normalized(text)
    words = word_positions(norm)
    found: list[Candidate] = []
    i = 0
    while i < len(words):
        best: tuple[int, int, str] | None = None  # (last word index, letters cut, key)
        for variant, cut in proclitic_variants(words[i][0]):
            key, j = variant, i
            while key in prefixes:
                if any(s in strengths for _, s in lookup(key)) and (best is None or j > best[0]):
                    best = (j, cut, key)
                j += 1
                if (
                    j >= len(words)
                    or j - i >= kb.max_scan_tokens
                    or not _JOINER.match(norm, words[j - 1][2], words[j][1])
                ):
                    break  # a name does not run across punctuation («تنظيم “داعش”» is two things)
                key = f"{key} {words[j][0]}"
        if best is None:
            i += 1
            continue
        j, cut, key = best
        start, end = index[_name_start(words[i], cut)], index[words[j][2] - 1] + 1
        ids = [(eid, s) for eid, s in lookup(key) if s in strengths]
        etype = kb.entities[ids[0][0]].type
        found.append(Candidate(start, end, text[start:end], etype, origin="kb_scan", key=key, kb_names=ids))
        i = j + 1
    return found


def named_in_text(text: str, kb: KnowledgeBase) -> set[str]:
    """Entities an article names by any unshared name (even common-word ones): context evidence only."""
    return {c.kb_names[0][0] for c in scan_kb_names(text, kb, ("scan", "link")) if len(c.kb_names) == 1}


def find_key_occurrences(text: str, key: str) -> list[tuple[int, int]]:
    """Original-text spans where the name with this key appears (a proclitic may precede it)."""
    target = key.split(" ")
    if not key or len(key) < 3:
        return []
    norm, index = normalized(text)
    words = word_positions(norm)
    spans: list[tuple[int, int]] = []
    # Only the words that can start the name are tried (an article asks this for each alias it
    # states: a pass over all its words each time was quadratic in its length).
    for i, cut in _first_word_index(norm).get(target[0], ()):
        if i > len(words) - len(target):
            break
        if [w[0] for w in words[i + 1 : i + len(target)]] != target[1:]:
            continue
        spans.append((index[_name_start(words[i], cut)], index[words[i + len(target) - 1][2] - 1] + 1))
    return spans


@lru_cache(maxsize=16)
def _first_word_index(norm: str) -> Mapping[str, tuple[tuple[int, int], ...]]:
    """Each reading of the article's words (``proclitic_variants``) → the word positions, in order,
    where it is the first such reading, with the letters cut."""
    found: dict[str, list[tuple[int, int]]] = {}
    for i, word in enumerate(word_positions(norm)):
        for variant, cut in proclitic_variants(word[0]):
            places = found.setdefault(variant, [])
            if not places or places[-1][0] != i:  # a reading twice in one word: the first counts
                places.append((i, cut))
    return MappingProxyType({variant: tuple(places) for variant, places in found.items()})


VARIANT_CUTOFF = 88.0  # whole-name similarity for a multi-word variant of a name the article uses
SINGLE_WORD_CUTOFF = 90.0  # one-word variants must be closer, and keep first and last letters


def find_variants_of_linked(
    text: str, kb: KnowledgeBase, linked: set[str], taken: list[Candidate]
) -> list[Candidate]:
    """Misspelt forms of the names of entities this article already names («مختار بمختار»).

    Only the article's own entities are compared (never the whole KB), so a near-spelling can join
    the person the article is about but cannot introduce someone new.
    """
    norm, index = normalized(text)
    words = word_positions(norm)
    # a detached «و» is compared without it: «و مختار بمختار» → «مختار بمختار»
    bare = [w[0][1:] if w[3] != w[1] else w[0] for w in words]
    found: list[Candidate] = []
    taken_spans = _Spans(taken)
    for n, keys in sorted(_linked_keys_by_length(kb, linked).items(), reverse=True):
        choices = list(keys)
        for i in _window_starts(bare, keys, n):
            window = words[i : i + n]
            key = " ".join([bare[i], *(w[0] for w in window[1:])])
            if key in keys or len(key) < 5:
                continue
            hit = process.extractOne(
                key, choices, scorer=fuzz.ratio, score_cutoff=VARIANT_CUTOFF if n > 1 else SINGLE_WORD_CUTOFF
            )
            if hit is None or not _close_enough(key, hit[0], n, kb.entities[keys[hit[0]]].type == "PER"):
                continue
            cut = 1 if window[0][3] != window[0][1] else 0
            start, end = index[_name_start(window[0], cut)], index[window[-1][2] - 1] + 1
            if taken_spans.overlaps(start, end) or _overlaps(start, end, found):
                continue
            found.append(_variant(text, kb, keys[hit[0]], start, end, key, hit[0], hit[1]))
    return found


def _linked_keys_by_length(kb: KnowledgeBase, linked: set[str]) -> dict[int, dict[str, str]]:
    """Name keys of the article's linked people and organisations, by number of words → entity id."""
    by_len: dict[int, dict[str, str]] = {}
    for eid in sorted(linked):
        if kb.entities[eid].type == "LOC":
            continue
        for key in _entity_keys(eid, kb):
            by_len.setdefault(key.count(" ") + 1, {})[key] = eid
    return by_len


def _window_starts(bare: list[str], keys: dict[str, str], n: int) -> list[int]:
    """Where an ``n``-word window may hold a misspelling of one of ``keys``. A cheap gate: a
    misspelling keeps at least one word of the name intact (or, for one word, its first and last
    letters), so only windows holding such a word go to rapidfuzz."""
    if n > 1:
        gate = {w for k in keys for w in k.split(" ")}
        return sorted(
            {
                s
                for j, w in enumerate(bare)
                if w in gate
                for s in range(max(0, j - n + 1), min(j, len(bare) - n) + 1)
            }
        )
    ends = {(k[0], k[-1]) for k in keys}
    return [j for j, w in enumerate(bare) if w and (w[0], w[-1]) in ends]


def _overlaps(start: int, end: int, candidates: list[Candidate]) -> bool:
    return any(c.start < end and start < c.end for c in candidates)


class _Spans:
    """``_overlaps`` over a fixed list, by bisection: the article's candidates, asked once per near
    spelling found (a pass over all of them each time was quadratic on a long text)."""

    def __init__(self, candidates: list[Candidate]) -> None:
        ordered = sorted(candidates, key=lambda c: c.start)
        self.starts = [c.start for c in ordered]
        self.reach = list(accumulate((c.end for c in ordered), max))  # furthest end so far

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)  # those starting before ``end``
        return i > 0 and self.reach[i - 1] > start


def _variant(
    text: str, kb: KnowledgeBase, eid: str, start: int, end: int, key: str, match: str, score: float
) -> Candidate:
    return Candidate(
        start,
        end,
        text[start:end],
        kb.entities[eid].type,
        kb.entities[eid].subtype,
        origin="kb_variant",
        key=key,
        linked=eid,
        reason=f"variant {score:.0f} «{key}»~«{match}» of a name the article uses",
    )


def _close_enough(key: str, match: str, n: int, person: bool) -> bool:
    from rasd.resolve.linking import words_align  # linking imports nothing from here; avoid a cycle

    if n > 1:
        return words_align(key, match, person)
    return key[0] == match[0] and key[-1] == match[-1]


def _entity_keys(entity_id: str, kb: KnowledgeBase) -> tuple[str, ...]:
    memo = kb.memo("scan.entity_keys")
    if entity_id not in memo:
        ent = kb.entities[entity_id]
        memo[entity_id] = tuple(
            dict.fromkeys(
                name_key(n) for n, s in ent.names.items() if s != "needs_context" and len(name_key(n)) >= 5
            )
        )
    return tuple(memo[entity_id])
