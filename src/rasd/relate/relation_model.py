"""The learned relation model: a multinomial logistic regression over the features of
``relation_features``, shipped as coefficients in ``data/relate/relation_model.json`` (built by
``rasd train relations``; schema ``rasd.datafiles.RelationModelFile``).

It scores every candidate pair of mentions (``relation_candidates``) and keeps, for each pair of
entities, the most probable relation type over all the sentences where they meet, when its probability
reaches the model's threshold for that type. The probability is the relation's confidence. Loaded once
per ``rasd.resources.Resources`` and passed in; nothing is kept at module level.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np

from rasd.datafiles import load_json, validate_data
from rasd.record import Relation, Span
from rasd.relate.context import ArticleContext
from rasd.relate.relation_candidates import Candidate, candidates
from rasd.relate.relation_features import features
from rasd.relate.relations import anaphor_mentions, cue_classes

MODEL_FORMAT = "rasd-relation-model/1"
NONE = "none"  # the class of a pair that holds no relation
SYMMETRIC = frozenset({"allied_with"})


class RelationModel:
    def __init__(
        self,
        classes: Sequence[str],
        signatures: Mapping[str, Sequence[str]],
        intercept: Sequence[float],
        weights: Mapping[str, Sequence[float]],
        thresholds: Mapping[str, float],
        meta: Mapping[str, Any] | None = None,
    ) -> None:
        if classes[0] != NONE:
            raise ValueError(f"the first class of a relation model must be {NONE!r}")
        self.classes = tuple(classes)
        self.signatures = {k: tuple(v) for k, v in signatures.items()}
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.index = {f: i for i, f in enumerate(weights)}
        self.matrix = (
            np.asarray([list(w) for w in weights.values()], dtype=np.float64)
            if weights
            else np.zeros((0, len(self.classes)))
        )
        self.thresholds = dict(thresholds)
        self.meta: dict[str, Any] = _thaw(meta or {})
        self._class_index = {c: i for i, c in enumerate(self.classes)}
        self._columns: dict[str, tuple[tuple[str, ...], list[int]]] = {}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> RelationModel:
        return cls(
            data["classes"],
            data["signatures"],
            data["intercept"],
            data["weights"],
            data["thresholds"],
            data.get("meta"),
        )

    @classmethod
    def shipped(cls) -> RelationModel | None:
        """The model under ``data/relate/``, or None before one was trained (the rules then work alone)."""
        if not files("rasd.data").joinpath("relate/relation_model.json").is_file():
            return None
        return cls.load()

    @classmethod
    def load(cls, path: Path | None = None) -> RelationModel:
        """The shipped model, or a model file written by ``rasd train relations --out``."""
        if path is None:
            return cls.from_data(load_json("relate/relation_model"))
        return cls.from_data(validate_data("relate/relation_model", path))

    def to_data(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "classes": list(self.classes),
            "signatures": {k: list(v) for k, v in self.signatures.items()},
            "thresholds": self.thresholds,
            "intercept": [round(float(x), 3) for x in self.intercept],
            "weights": {f: [round(float(x), 3) for x in self.matrix[i]] for f, i in self.index.items()},
            "meta": self.meta,
        }

    def probabilities(self, feats: Iterable[str], signature: str) -> dict[str, float]:
        """P(type) for a candidate over «none» and the types its signature allows (softmax over those)."""
        allowed, columns = self._allowed(signature)
        get = self.index.get
        rows = [i for i in map(get, set(feats)) if i is not None]
        scores = (
            (self.intercept + self.matrix[rows].sum(axis=0))[columns] if rows else self.intercept[columns]
        )
        exp = np.exp(scores - scores.max())
        probs = exp / exp.sum()
        return dict(zip(allowed, probs.tolist(), strict=True))

    def _allowed(self, signature: str) -> tuple[tuple[str, ...], list[int]]:
        """The classes a signature allows («none» first) and their columns, computed once per signature."""
        if signature not in self._columns:
            allowed = tuple(c for c in (NONE, *self.signatures.get(signature, ())) if c in self._class_index)
            self._columns[signature] = (allowed, [self._class_index[c] for c in allowed])
        return self._columns[signature]

    def threshold(self, relation_type: str) -> float:
        return self.thresholds.get(relation_type, self.thresholds.get("default", 0.5))


def _thaw(value: Any) -> Any:
    """Loaded (frozen) data as plain dicts and lists again, to be written back as JSON."""
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_thaw(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class Scored:
    candidate: Candidate
    type: str
    probability: float


Featurize = Callable[[ArticleContext, Candidate], list[str]]


def score_candidates(
    ctx: ArticleContext,
    model: RelationModel,
    featurize: Featurize = features,
    skip: frozenset[frozenset[str]] = frozenset(),
) -> list[Scored]:
    """Each candidate with its most probable relation type other than «none», and that probability
    (pairs of entities in ``skip`` are not scored)."""
    out = []
    for cand in candidates(ctx, model.signatures, anaphor_mentions(ctx)):
        if frozenset((cand.subject.entity.id, cand.object.entity.id)) in skip:
            continue
        probs = model.probabilities(featurize(ctx, cand), cand.signature)
        best = max((c for c in probs if c != NONE), key=lambda c: probs[c], default=NONE)
        out.append(Scored(cand, best, probs.get(best, 0.0) if best != NONE else 0.0))
    return out


def learned_relations(
    ctx: ArticleContext, model: RelationModel, known: Sequence[Relation] = (), featurize: Featurize = features
) -> list[Relation]:
    """The model's relations between entity pairs the ``known`` relations (the rules') leave unrelated:
    per pair of entities the best type over all their candidates, kept at or above its threshold."""
    related = frozenset(frozenset((r.subject, r.object)) for r in known)
    best: dict[frozenset[str], Scored] = {}
    for scored in score_candidates(ctx, model, featurize, related):
        if scored.type == NONE or scored.probability < model.threshold(scored.type):
            continue
        pair = frozenset((scored.candidate.subject.entity.id, scored.candidate.object.entity.id))
        if pair in related or _contradicts_cue(ctx, scored):
            continue
        if pair not in best or best[pair].probability < scored.probability:
            best[pair] = scored
    return [_relation(ctx, s) for s in best.values()]


# Cues that state one relation only: where one stands between the pair, the model may not read another
# («…، المنشق عن القاعدة، أعلن مبايعته لداعش» is no part_of).
_DECISIVE_CUES = frozenset({"pledged_allegiance_to", "split_from", "founded", "allied_with", "controls"})


def _contradicts_cue(ctx: ArticleContext, scored: Scored) -> bool:
    cand = scored.candidate
    cues = {c.split(":")[0] for c in cue_classes(ctx.ntext.slice(cand.first.end, cand.second.start))}
    return bool(cues & _DECISIVE_CUES) and scored.type not in cues


def _relation(ctx: ArticleContext, scored: Scored) -> Relation:
    cand = scored.candidate
    start = ctx.clause_of(cand.sentence, cand.first.start).start
    end = ctx.clause_of(cand.sentence, cand.second.start).end
    return Relation(
        type=scored.type,
        subject=cand.subject.entity.id,
        object=cand.object.entity.id,
        evidence=Span(start=start, end=end),
        confidence=round(scored.probability, 3),
    )
