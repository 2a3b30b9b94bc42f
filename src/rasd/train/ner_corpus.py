"""Readers for tagged corpora: ANERcorp (flat, no sentence breaks), Wojood (nested), plain CoNLL.

Every reader yields sentences as lists of ``(token, tag)`` with tags in rasd's BIO vocabulary
(PER, ORG, LOC, MISC); anything the reader cannot use becomes ``O`` rather than an error, because
public corpora carry a few broken lines and one bad line must not cost a training run.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from rasd.recognise.spans import TYPE_MAP, Sentence, map_tag

_TAG = re.compile(r"^(?:O|[BI]-[A-Z]+)$")
_GLUED = re.compile(r"^(?P<word>.+?)(?P<tag>[BI]-(?:PERS|PER|LOC|ORG|MISC))$")
# ANERcorp has no sentence breaks: a sentence ends after one of these tokens.
_SENTENCE_END = frozenset({".", "!", "?", "؟", "...", "…"})


def _parse_flat_line(line: str) -> tuple[str, str] | None:
    """One ``token TAG`` line; None for lines that carry no token."""
    parts = line.split()
    if not parts:
        return None
    if len(parts) >= 2 and _TAG.match(parts[-1]):
        token, tag = "".join(parts[:-1]), parts[-1]
    elif (glued := _GLUED.match(parts[-1])) and len(parts) == 1:
        token, tag = glued.group("word"), glued.group("tag")
    elif _TAG.match(parts[0]) and len(parts) == 1:
        return None  # a tag with its token missing
    else:
        token, tag = "".join(parts), "O"  # a token with its tag missing
    return token, map_tag(tag)


def read_anercorp(path: str | Path) -> list[Sentence]:
    """ANERcorp's ``token TAG`` lines, split into sentences at sentence-final punctuation."""
    sentences: list[Sentence] = []
    current: Sentence = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        item = _parse_flat_line(line)
        if item is None:
            continue
        current.append(item)
        if item[0] in _SENTENCE_END:
            sentences.append(_repair_bio(current))
            current = []
    if current:
        sentences.append(_repair_bio(current))
    return sentences


def read_wojood(path: str | Path) -> list[Sentence]:
    """Wojood's nested CoNLL: token, then one tag per nesting level; keep the outermost level.

    Sentences end at a blank line or Wojood's ``$#$`` marker. PERS→PER, ORG→ORG, GPE/LOC/FAC→LOC;
    the other 18 types (dates, occupations, nationalities…) are dropped, and of the levels left the
    outermost wins.
    """
    sentences: list[Sentence] = []
    current: Sentence = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts or parts[0] == "$#$":
            if current:
                sentences.append(_repair_bio(current))
                current = []
            continue
        tags = [map_tag(p, _WOJOOD_TYPES) for p in parts[1:] if _TAG.match(p)]
        current.append((parts[0], _outermost(tags)))
    if current:
        sentences.append(_repair_bio(current))
    return sentences


_WOJOOD_TYPES = {k: v for k, v in TYPE_MAP.items() if v != "MISC"}


def _outermost(tags: list[str]) -> str:
    # Wojood lists the outer level first. Taking the outermost level that is one of OUR types keeps
    # «نابلس» a place inside «سكرتير … في نابلس» (an occupation, which we drop).
    return next((t for t in tags if t != "O"), "O")


def read_conll(lines: Iterable[str]) -> Iterator[list[list[str]]]:
    """CoNLL-style rows (whitespace-separated columns), one sentence per blank-line-separated block."""
    block: list[list[str]] = []
    for line in lines:
        parts = line.split()
        if not parts:
            if block:
                yield block
                block = []
            continue
        block.append(parts)
    if block:
        yield block


def read_conll_tagged(path: str | Path) -> list[Sentence]:
    """A CoNLL file whose first column is the token and last column the gold tag."""
    with Path(path).open(encoding="utf-8") as handle:
        return [
            _repair_bio([(row[0], map_tag(row[-1]) if len(row) > 1 else "O") for row in block])
            for block in read_conll(handle)
        ]


def _repair_bio(sentence: Sentence) -> Sentence:
    """An I- that follows nothing of its type starts an entity (seqeval reads it so too)."""
    repaired: Sentence = []
    previous = "O"
    for token, tag in sentence:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        repaired.append((token, tag))
        previous = tag
    return repaired


DEV_SPLITS = ("contiguous", "random")


def split_dev(
    sentences: list[Sentence], fraction: float = 0.1, how: str = "contiguous", seed: int = 13
) -> tuple[list[Sentence], list[Sentence]]:
    """(train, development) sentences, each in corpus order.

    ``contiguous`` (rasd's figure): the last ``fraction`` by position, so no article is split.
    ``random``: a seeded random ``fraction`` of sentences. ANERcorp has no article breaks, so an
    article's sentences fall on both sides and its names are seen in training: an optimistic
    figure, only for comparison with results published on such splits."""
    size = max(1, round(len(sentences) * fraction))
    if how == "contiguous":
        return sentences[:-size], sentences[-size:]
    if how != "random":
        raise ValueError(f"unknown development split {how!r} (one of {', '.join(DEV_SPLITS)})")
    chosen = set(random.Random(seed).sample(range(len(sentences)), size))
    return (
        [s for i, s in enumerate(sentences) if i not in chosen],
        [s for i, s in enumerate(sentences) if i in chosen],
    )


def write_conll(sentences: Iterable[Sentence], path: str | Path) -> None:
    """``token TAG`` lines, a blank line after each sentence (what ``rasd eval ner`` reads)."""
    with Path(path).open("w", encoding="utf-8") as handle:
        for sentence in sentences:
            handle.writelines(f"{token} {tag}\n" for token, tag in sentence)
            handle.write("\n")
