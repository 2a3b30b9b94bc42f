"""Context aggregation for the second-stage CRF (Krishnan & Manning 2006, simplified).

The first-stage CRF tags each sentence on its own. The second stage sees, besides the first
stage's features, what the first stage said about the *same word* and the *same name* elsewhere
in the article: a name tagged ORG three times and missed once is probably ORG the fourth time too.
ANERcorp has no article breaks, so the "article" of a sentence is the ``window`` sentences before
and after it; running text uses the whole article (every sentence within the window).

Features added to token ``i`` (all as strings for crfsuite; the first stage's own tag of the word
is *not* one of them: with it, cross-validation scored lower, 74.2 against 74.8, see docs/ner.md):

- ``tok=<TYPE>`` / ``tokf=<TYPE>:<band>``: the type other occurrences of the word mostly have in
  the window, and the share of them that have it (bands 0–3); a word is keyed by its normalised
  form and by every stem it has under proclitics («لبلمختار» meets «بلمختار»), the first key
  with any occurrences wins;
- ``ent=B-<TYPE>`` / ``ent=I-<TYPE>``: the word lies in a run of words that the first stage tagged
  as a whole name somewhere else in the window (longest match, majority type; the first word may
  carry proclitics).

The first stage's tags of the training data must come from models that did not see those
sentences (jackknifing, done in ``training``); otherwise the second stage learns to copy them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rasd.recognise.clitics import proclitic_readings
from rasd.recognise.spans import bio_spans
from rasd.text import normalize

WINDOW = 40  # sentences each side (ANERcorp has no article breaks)
MAX_NAME = 5  # longest name, in tokens, that ``ent=`` looks for
_TYPES = ("PER", "ORG", "LOC", "MISC")


def keys_of(words: Sequence[str]) -> list[tuple[str, ...]]:
    """Each word's keys: its normalised form, then its stems under proclitics (``proclitic_readings``)."""
    out: list[tuple[str, ...]] = []
    for w in words:
        norm = normalize(w) or w
        out.append((norm, *proclitic_readings(norm)) if len(norm) >= 2 and norm.isalpha() else ())
    return out


def _sentence_counts(keys: Sequence[tuple[str, ...]], tags: Sequence[str]) -> tuple[Counter, Counter]:
    """(key, type) counts of one sentence (type O included), and (key tuple, type) counts of its names."""
    tokens: Counter = Counter()
    for word_keys, tag in zip(keys, tags, strict=True):
        type_ = tag[2:] if tag != "O" else "O"
        for key in word_keys:
            tokens[(key, type_)] += 1
    names: Counter = Counter()
    for label, a, b in bio_spans(tags):
        if b - a <= MAX_NAME and all(keys[a:b]):
            rest = tuple(k[0] for k in keys[a + 1 : b])
            for first in keys[a]:
                names[((first, *rest), label)] += 1
    return tokens, names


def context_features(
    sentences: Sequence[Sequence[str]], first: Sequence[Sequence[str]], window: int = WINDOW
) -> list[list[list[str]]]:
    """Second-stage extra features for consecutive sentences given the first stage's tags ``first``."""
    keys = [keys_of(s) for s in sentences]
    counts = [_sentence_counts(s, t) for s, t in zip(keys, first, strict=True)]
    n = len(sentences)
    tok_window: Counter = Counter()
    name_window: Counter = Counter()
    lo, hi = 0, 0  # the window is sentences [lo, hi)
    out: list[list[list[str]]] = []
    for k in range(n):
        while hi < min(n, k + window + 1):
            tok_window.update(counts[hi][0])
            name_window.update(counts[hi][1])
            hi += 1
        while lo < k - window:
            tok_window.subtract(counts[lo][0])
            name_window.subtract(counts[lo][1])
            lo += 1
        # The sentence's own counts are left out: only what the first stage said elsewhere counts.
        own_tok, own_names = counts[k]
        out.append(_features(keys[k], tok_window, own_tok, name_window, own_names))
    return out


def _features(
    keys: list[tuple[str, ...]],
    tok_window: Counter,
    own_tok: Counter,
    name_window: Counter,
    own_names: Counter,
) -> list[list[str]]:
    m = len(keys)
    feats: list[list[str]] = [[] for _ in range(m)]
    for i in range(m):
        by_type: dict[str, int] = {}
        total = 0
        for key in keys[i]:
            by_type = {t: tok_window[(key, t)] - own_tok[(key, t)] for t in (*_TYPES, "O")}
            total = sum(by_type.values())
            if total > 0:
                break
        if total <= 0:
            continue
        named = {t: c for t, c in by_type.items() if t != "O" and c > 0}
        if named:
            best = max(named, key=lambda t: (named[t], t))
            share = named[best] / total
            feats[i].append("tok=" + best)
            feats[i].append(f"tokf={best}:{min(3, int(share * 4))}")
        else:
            feats[i].append("tok=O")
    # Names tagged elsewhere in the window: longest match first, left to right.
    i = 0
    while i < m:
        matched = 0
        for length in range(min(MAX_NAME, m - i), 0, -1):
            if not all(keys[i : i + length]):
                continue
            rest = tuple(k[0] for k in keys[i + 1 : i + length])
            found: dict[str, int] = {}
            for first in keys[i]:
                name = (first, *rest)
                counts = {t: name_window[(name, t)] - own_names[(name, t)] for t in _TYPES}
                found = {t: c for t, c in counts.items() if c > 0}
                if found:
                    break
            if found:
                by_type = found
                best = max(by_type, key=lambda t: (by_type[t], t))
                feats[i].append("ent=B-" + best)
                for j in range(i + 1, i + length):
                    feats[j].append("ent=I-" + best)
                if length > 1:
                    feats[i].append("entlong")
                matched = length
                break
        i += matched or 1
    return feats
