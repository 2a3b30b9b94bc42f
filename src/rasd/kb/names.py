"""Name keys for matching: normalised tokens with kunya and glued-prefix folding, proclitic variants.

Keys are for comparison only; offsets always come from the original text via ``normalize_with_map``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any

from rasd.datafiles import load_json
from rasd.text import normalize

_WORD = re.compile(r"\w+")


@cache
def name_rules() -> Mapping[str, Any]:
    return load_json("kb/name_rules")


def fold_tokens(tokens: list[str]) -> list[str]:
    """Fold already-normalised word tokens: «عبدالمالك» → «عبد المالك», «أبي X» → «ابو X»."""
    rules = name_rules()
    kunya: dict[str, str] = rules["kunya_forms"]
    out: list[str] = []
    tokens = glue_conjunctions(tokens)
    for i, tok in enumerate(tokens):
        for prefix in rules["glued_prefixes"]:
            # «عبدالمالك» is written both glued and apart; split so both give one key.
            if tok.startswith(prefix + "ال") and len(tok) > len(prefix) + 3:
                out.append(prefix)
                tok = tok[len(prefix) :]
                break
        if i + 1 < len(tokens) and tok in kunya:
            tok = kunya[tok]
        out.append(tok)
    return out


def glue_conjunctions(tokens: list[str]) -> list[str]:
    """«التوحيد و الجهاد» → «التوحيد والجهاد»: a detached و belongs to the next word."""
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if out and out[-1] == "و" and i > 1:
            out[-1] = "و" + tok
        else:
            out.append(tok)
    return out


def name_tokens(text: str) -> list[str]:
    return fold_tokens(_WORD.findall(normalize(text)))


@lru_cache(maxsize=200_000)
def name_key(text: str) -> str:
    """The comparison key of a name: «أبي العباس» and «ابو العباس» give the same key."""
    return " ".join(name_tokens(text))


@lru_cache(maxsize=200_000)
def proclitic_variants(token: str) -> tuple[tuple[str, int], ...]:
    """``token`` and its forms without a glued proclitic (و ب ل ك ف), with how many letters were cut."""
    out = [(token, 0)]
    for clitic in name_rules()["proclitics"]:
        rest = token[len(clitic) :]
        if not token.startswith(clitic) or len(rest) < 3:
            continue
        if clitic.endswith("ل") and rest.startswith("ل"):
            # «للقاعدة»: the article's alef is elided after لـ; the name is the whole word.
            out.append(("ا" + rest, 0))
        else:
            out.append((rest, len(clitic)))
    return tuple(out)


def strip_proclitic_key(key: str) -> list[str]:
    """Keys of ``key`` with a proclitic cut from its first word (for spans that include one)."""
    head, _, tail = key.partition(" ")
    return [" ".join(filter(None, [v, tail])) for v, _ in proclitic_variants(head)[1:]]


# --- systematic spelling variants (Maghrebi/Sahelian transliteration) -------------------------------


@cache
def _variant_rules() -> tuple[Mapping[int, str], frozenset[str], str, int]:
    spec = name_rules()["spelling_variants"]
    table = {ord(ch): cls[0] for cls in spec["letter_classes"] for ch in cls[1:]}
    return MappingProxyType(table), frozenset(spec["long_vowels"]), spec["article"], int(spec["min_word"])


def _bare_word(word: str, first: bool) -> str:
    """A word with its letter classes merged and, unless it is a name's first word, its article cut."""
    table, _, article, min_word = _variant_rules()
    if not first and word.startswith(article) and len(word) - len(article) >= min_word:
        word = word[len(article) :]
    return word.translate(table)


def _drop_vowels(word: str) -> str:
    _, vowels, _, _ = _variant_rules()
    return word[:1] + "".join(ch for ch in word[1:] if ch not in vowels)


@lru_cache(maxsize=200_000)
def name_skeleton(key: str) -> str:
    """The most tolerant form of a name key, for finding candidates only (``same_name_words`` decides):
    «اياد اق غالي» and «اياد اغ غالي», «ابو قمقم» and «ابو قمقوم», «محمد خيري» and «محمد الخيري» share one."""
    return " ".join(_drop_vowels(_bare_word(w, i == 0)) for i, w in enumerate(key.split(" ")))


def _inserted_vowels(short: str, long: str) -> bool:
    """``long`` is ``short`` with long-vowel letters added after the first letter (قمقم → قمقوم)."""
    _, vowels, _, _ = _variant_rules()
    if short[:1] != long[:1]:
        return False
    i = 1
    for ch in long[1:]:
        if i < len(short) and ch == short[i]:
            i += 1
        elif ch not in vowels:
            return False
    return i == len(short)


def same_name_word(a: str, b: str, first: bool = False) -> bool:
    """Two spellings of one name word: equal, or equal once the letter classes (ق/غ/ك for the g sound)
    are merged and a family name's article is cut, or one has long vowels the other leaves out
    (both at least 4 letters: «عمر» and «عامر» stay two names)."""
    if a == b:
        return True
    x, y = _bare_word(a, first), _bare_word(b, first)
    if x == y:
        return True
    short, long = sorted((x, y), key=len)
    return len(short) >= 4 and len(long) > len(short) and _inserted_vowels(short, long)


def same_name(a: str, b: str, person: bool) -> bool:
    """Two keys of one name: word by word ``same_name_word``; a person's first name must be equal."""
    wa, wb = a.split(" "), b.split(" ")
    if len(wa) != len(wb) or (person and wa[0] != wb[0]):
        return False
    return all(same_name_word(x, y, i == 0) for i, (x, y) in enumerate(zip(wa, wb, strict=True)))


@cache
def rule_words(name: str) -> frozenset[str]:
    """A word list of ``name_rules.json`` in normalised spelling («كتائب» → «كتايب»)."""
    return frozenset(normalize(w) for w in name_rules()[name])
