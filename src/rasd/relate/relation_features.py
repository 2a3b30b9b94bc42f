"""General features of a relation candidate, for the learned relation model.

Nothing here names a phrasing: the features are the candidate's entity types and subtypes, the order
and distance of the two mentions, the words between and around them (normalised, with proclitics and
the article stripped, so «والناطق» and «الناطق» are one word), the head word of each name («وزارة»،
«جماعة»), the relation cues of ``relations.json`` found between or before them (as classes, not words),
and for two places what the gazetteer's hierarchy says (one inside the other, the same country).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache, lru_cache
from types import MappingProxyType

from rasd.datafiles import load_json
from rasd.recognise.clitics import split_proclitics
from rasd.relate.context import ArticleContext, MentionRef
from rasd.relate.relation_candidates import Candidate
from rasd.relate.relations import cue_classes, place_contains
from rasd.text import normalize

_WORD = re.compile(r"[^\W\d_]+|\d+")
_BREAK = re.compile(r"[،,؛;:]")
_DASH = re.compile(r"\s[–—-]|[–—-]\s")
_BRACKET = re.compile(r"[()«»\"]")
_NEAR_WORDS = 8  # gaps up to this many words are read whole; longer ones by their two ends
_WINDOW = 3  # words read before the first and after the second mention


@lru_cache(maxsize=200_000)  # every candidate reads the words around it again
def stem(word: str) -> str:
    """A normalised word without its proclitics (و ف ب ل ك) and article: «والناطق» → «ناطق»."""
    _, rest = split_proclitics(word)
    return rest[2:] if rest.startswith("ال") and len(rest) > 4 else rest


@cache
def word_classes() -> Mapping[str, str]:
    """Stemmed word → its class in the recogniser's trigger lexicon (``ner/triggers.json``: per_title,
    org_state, loc_city, loc_region, loc_prep …): «الناطق» and «وزير» generalise through their class."""
    table: dict[str, str] = {}
    for kind, entries in load_json("ner/triggers").items():
        for entry in entries:
            if isinstance(entry, str) and " " not in entry.strip():
                table.setdefault(stem(normalize(entry)), kind)
    return MappingProxyType(table)


def _shape(gap: list[str]) -> str:
    classes = word_classes()
    return "_".join(classes.get(w, w if len(w) == 1 else "w") for w in gap)


def words(ctx: ArticleContext, start: int, end: int) -> list[str]:
    return [stem(w) for w in _WORD.findall(ctx.ntext.slice(start, end))]


def _bucket(n: int) -> str:
    for limit, name in ((0, "0"), (1, "1"), (2, "2"), (3, "3"), (5, "4-5"), (8, "6-8"), (15, "9-15")):
        if n <= limit:
            return name
    return "16+"


def _head(ctx: ArticleContext, mention: MentionRef) -> str:
    found = words(ctx, mention.start, mention.end)
    return found[0] if found else ""


def features(ctx: ArticleContext, cand: Candidate) -> list[str]:
    subject, obj = cand.subject, cand.object
    first, second = cand.first, cand.second
    sig = cand.signature
    order = "so" if cand.subject_first else "os"
    key = f"{sig}:{order}"
    gap_text = ctx.ntext.slice(first.end, second.start)
    gap = [stem(w) for w in _WORD.findall(gap_text)]
    out = [
        f"sig={sig}",
        f"ord={key}",
        f"subt={sig}:{subject.entity.subtype}>{obj.entity.subtype}",
        f"ssub={subject.entity.subtype}",
        f"osub={obj.entity.subtype}",
        f"shead={_head(ctx, subject)}",
        f"ohead={_head(ctx, obj)}",
        f"gap={_bucket(len(gap))}",
        f"gap|{key}={_bucket(len(gap))}",
        f"nbetween={min(len(cand.between), 3)}",
        f"lead={cand.sentence_index == 0}",
    ]
    out += [f"btype={m.entity.type}" for m in cand.between]
    if _BREAK.search(gap_text):
        out.append(f"comma|{key}")
    if _DASH.search(gap_text):
        out.append("dash")
    if _BRACKET.search(gap_text):
        out.append("bracket")
    if len(gap) <= _NEAR_WORDS:
        out += [f"bw={w}" for w in gap]
        out += [f"bw|{order}={w}" for w in gap]
        if len(gap) <= 3:
            out.append(f"gapw|{key}={'_'.join(gap)}")
    else:
        out += [f"bwl={w}" for w in gap[:3]]
        out += [f"bwr={w}" for w in gap[-3:]]
    if gap:
        out += [f"g0={gap[0]}", f"g-1={gap[-1]}"]
    if len(gap) <= 4:
        out.append(f"shape|{key}={_shape(gap)}")
    classes = word_classes()
    out += [f"bwc|{order}={classes[w]}" for w in gap if w in classes]
    before = words(ctx, max(cand.sentence.start, first.start - 60), first.start)[-_WINDOW:]
    after = words(ctx, second.end, min(cand.sentence.end, second.end + 60))[:_WINDOW]
    out += [f"L{len(before) - i}={w}" for i, w in enumerate(before)]
    out += [f"R{i + 1}={w}" for i, w in enumerate(after)]
    out += [f"Lb|{order}={w}" for w in before]
    out += [f"Lc|{order}={classes[w]}" for w in before if w in classes]
    out += [f"Rc|{order}={classes[w]}" for w in after if w in classes]
    out += [f"cue|{order}={c}" for c in cue_classes(gap_text)]
    out += [
        f"precue|{order}={c}" for c in cue_classes(ctx.ntext.slice(cand.sentence.start, first.start)[-40:])
    ]
    if subject.entity.type == "LOC" and obj.entity.type == "LOC":
        out += _places(subject, obj)
    return out


def _places(subject: MentionRef, obj: MentionRef) -> list[str]:
    """What the gazetteer says about two places: which holds which, and their precisions."""
    a, b = subject.entity.geo, obj.entity.geo
    out = [f"sprec={a.precision if a else None}", f"oprec={b.precision if b else None}"]
    if place_contains(obj, subject):
        out.append("inside")
    elif place_contains(subject, obj):
        out.append("outside")
    if a and b and a.country and a.country == b.country:
        out.append("samecountry")
    elif a and b and a.country and b.country:
        out.append("othercountry")
    return out
