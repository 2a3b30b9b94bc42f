"""Name keys for matching: normalised tokens with kunya and glued-prefix folding, proclitic variants.

Keys are for comparison only; offsets always come from the original text via ``normalize_with_map``.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from rasd.text import normalize

_WORD = re.compile(r"\w+")


@cache
def name_rules() -> dict[str, Any]:
    return json.loads(resources.files("rasd.data.kb").joinpath("name_rules.json").read_text("utf-8"))


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
                tok = tok[len(prefix):]
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
        rest = token[len(clitic):]
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
