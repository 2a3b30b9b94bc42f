"""Claim or chatter: a learned screen over the claims the reporting-verb rules propose.

Real news attributes nearly everything, but an analyst codes only the statements that carry security
information: an interviewee's view of an election, a scholar's sermon or a columnist's «يرى كثيرون»
is not a claim to weigh. The rules see a reporting verb and a speaker; a logistic regression over
features of the proposed claim (its verb, certainty, the kind of source and how it was found, what
the content names: armed groups, places, event words, numbers) and of its place in the article gives
the probability that an analyst codes it; claims below the shipped threshold are dropped (their
attribution still keeps events out of the reporting clause).

Weights live in ``data/relate/claim_filter.json`` (trained by ``python -m rasd.train.claim_filter``
on the development articles of ``tests/gold/news-dev``, cross-validated by article; never on the
blind set). Scoring is a dot product over named features: nothing but the JSON is loaded.
"""

from __future__ import annotations

import math
import re
from functools import cache

from rasd.record import Claim
from rasd.relate.context import ArticleContext
from rasd.relate.matching import load_data, phrase_pattern, verb_forms

_CLITICS = re.compile(r"^(?:[وف])?(?:[لس])?")
_QUOTES = '«»"“”'


@cache
def _event_words() -> re.Pattern[str]:
    """Any event trigger or verb of the event lexicon: does the content tell a security event?"""
    types = load_data("events")["types"]
    words = [w for t in types.values() for w in t["triggers"]]
    words += [form for t in types.values() for lemma in t.get("verbs", []) for form in verb_forms(lemma)]
    return re.compile(phrase_pattern(words, clitics=True, inflect=True))


def claim_features(
    ctx: ArticleContext, claim: Claim, how: str, verb: str, index: int, total: int
) -> dict[str, float]:
    """Named features of one proposed claim (the same at training and at run time). ``how``: how its
    source was found; ``verb``: its reporting verb as written; ``index`` / ``total``: its rank among
    the article's proposed claims."""
    start, end = claim.evidence.start, claim.evidence.end
    content = ctx.ntext.slice(start, end)
    sentence = ctx.sentence_index(start)
    names = [m for m in ctx.mentions_in(start, end)]
    kinds = {m.entity.type for m in names} | {f"{m.entity.type}:{m.entity.subtype}" for m in names}
    words = len(content.split())
    f = {
        f"verb={_CLITICS.sub('', verb)}": 1.0,
        f"certainty={claim.certainty}": 1.0,
        f"kind={claim.source.kind}": 1.0,
        f"how={how}": 1.0,
        f"sentence={min(sentence, 6)}": 1.0,
        f"words={min(words // 10, 5)}": 1.0,
        f"claims={min(total // 4, 5)}": 1.0,
        f"late={index * 3 // max(total, 1)}": 1.0,
        f"events={min(len(_event_words().findall(content)), 3)}": 1.0,
    }
    f.update({f"names:{k}": 1.0 for k in kinds})
    flags = {
        "via": bool(claim.source.via),
        "about": bool(claim.about),
        "quoted": any(q in ctx.doc.text[start:end] for q in _QUOTES),
        "digit": bool(re.search(r"\d", content)),
        "question": "؟" in content or "?" in content,
        "long_source": len(claim.source.text.split()) > 2,
    }
    f.update({k: 1.0 for k, on in flags.items() if on})
    return f


def probability(features: dict[str, float]) -> float:
    model = load_data("claim_filter")
    weights = model["weights"]
    z = float(model["intercept"]) + sum(weights.get(k, 0.0) * v for k, v in features.items())
    return 1.0 / (1.0 + math.exp(-z))


def keep(features: dict[str, float]) -> bool:
    """Whether an analyst would code the claim: the model gives it at least the shipped threshold."""
    return probability(features) >= float(load_data("claim_filter")["threshold"])
