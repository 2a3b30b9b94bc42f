"""Aliases that the text itself states: «مختار بلمختار المعروف باسمه الحركي «خالد أبو العباس» أو
«بلعور»», «الملقب بـ»، «المكنى»، «واسمه الحقيقي»، acronyms in parentheses «(سي آي إيه)».

Patterns are data (``data/kb/alias_patterns.json``) matched on normalised text; each alias found
is returned with its exact span in the original text and the mention it names (the anchor).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from rasd.datafiles import load_json
from rasd.resolve.candidates import Candidate
from rasd.resolve.scan import normalized

_QUOTED = re.compile(r'\s*[«"“\']\s*([^»"”\'«]{2,60}?)\s*[»"”\']')
_WORD = re.compile(r"\s*([^\s«»\"“”(),.،؛:!?]+)")
_PAREN = re.compile(r"\s*\(\s*([^()]{2,40}?)\s*\)")
_GAP = re.compile(r"^[\s,،\-–—«»\"“”]{0,4}$")  # what may stand between a name and its alias phrase
_HAS_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class StatedAlias:
    anchor: int  # index of the candidate the alias belongs to
    start: int  # span of the alias in the original text
    end: int
    trigger: str


@cache
def alias_rules() -> Mapping[str, Any]:
    rules = load_json("kb/alias_patterns")
    triggers = sorted(rules["triggers"], key=lambda t: -len(t["phrase"]))
    regex = re.compile(r"(?<!\w)(" + "|".join(re.escape(t["phrase"]) for t in triggers) + r")(?!\w)")
    return MappingProxyType({**rules, "by_phrase": {t["phrase"]: t for t in triggers}, "regex": regex})


def _anchor_before(cands: list[Candidate], orig_pos: int, text: str) -> int | None:
    best = None
    for i, c in enumerate(cands):
        if (
            c.end <= orig_pos
            # _GAP matches at most 4 characters (5 with a final newline, before which $ matches):
            # slicing the text from every earlier candidate made a long article quadratic.
            and orig_pos - c.end <= 5
            and _GAP.match(text[c.end : orig_pos])
            and (best is None or c.end > cands[best].end)
        ):
            best = i
    return best


def _unquoted(
    norm: str, pos: int, trigger: Mapping[str, Any], rules: Mapping[str, Any]
) -> tuple[int, int] | None:
    """Span (in normalised text) of an unquoted alias starting at ``pos``: one word, a kunya
    («أبي قتادة»), or for full-name triggers («واسمه الحقيقي») up to ``max_words`` words."""
    words: list[re.Match[str]] = []
    at = pos
    limit = rules["max_words"] if trigger["multi_word"] else 1
    starter = False
    while len(words) < rules["max_words"]:
        m = _WORD.match(norm, at)
        if not m or m.group(1) in rules["stop_words"]:
            break
        words.append(m)
        at = m.end()
        if len(words) == 1:
            first = m.group(1)
            glued = trigger["glued_preposition"] and first.startswith("ب")
            starter = first in rules["name_starters"] or (glued and first[1:] in rules["name_starters"])
        if len(words) >= (max(limit, 2) if starter else limit):
            break
    if not words:
        return None
    return words[0].start(1), words[-1].end(1)


def find_stated_aliases(text: str, cands: list[Candidate], known_keys: set[str]) -> list[StatedAlias]:
    """Aliases stated by a trigger phrase or an acronym in parentheses right after a mention."""
    rules = alias_rules()
    norm, index = normalized(text)
    found: list[StatedAlias] = []
    for m in rules["regex"].finditer(norm):
        anchor = _anchor_before(cands, index[m.start()], text)
        if anchor is None:
            continue
        trigger = rules["by_phrase"][m.group(1)]
        pos = m.end()
        while True:
            span = _alias_span(norm, pos, trigger, rules, known_keys)
            if span is None:
                break
            s, e, pos = span
            found.append(StatedAlias(anchor, index[s], index[e - 1] + 1, m.group(1)))
            sep = re.match(
                r"\s*(" + "|".join(map(re.escape, rules["separators"])) + r")\s*(?=[«\"“])", norm[pos:]
            )
            if not sep:
                break
            pos += sep.end()
    for i, c in enumerate(cands):
        if c.label not in rules["acronym_anchor_types"]:
            continue
        p = _PAREN.match(text, c.end)
        if not p:
            continue
        inner = p.group(1)
        if len(inner.split()) <= rules["acronym_max_words"] and not _HAS_DIGIT.search(inner):
            found.append(StatedAlias(i, p.start(1), p.end(1), "parentheses"))
    return found


def _alias_span(
    norm: str, pos: int, trigger: Mapping[str, Any], rules: Mapping[str, Any], known_keys: set[str]
) -> tuple[int, int, int] | None:
    """(start, end, next position) of one alias after a trigger, in normalised text."""
    rest = norm[pos:]
    prep = re.match(r"\s*ب\s*(?=[«\"“'])", rest) if trigger["glued_preposition"] else None
    at = pos + (prep.end() if prep else 0)
    q = _QUOTED.match(norm, at)
    if q:
        return q.start(1), q.end(1), q.end()
    span = _unquoted(norm, at, trigger, rules)
    if span is None:
        return None
    s, e = span
    word = norm[s:e].split(" ")[0]
    if (
        trigger["glued_preposition"]
        and word.startswith("ب")
        and len(word) > 3
        and norm[s:e] not in known_keys
    ):
        s += 1  # «الملقب ببلعور»: the first ب is the preposition, unless the whole word is a known name
    return s, e, e
