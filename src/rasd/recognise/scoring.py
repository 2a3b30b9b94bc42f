"""Span-level precision, recall and F1 per type and micro-averaged (exact match, as seqeval)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rasd.recognise.spans import bio_spans

MAIN_TYPES = ("PER", "ORG", "LOC")


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(100 * self.precision, 2), "recall": round(100 * self.recall, 2),
                "f1": round(100 * self.f1, 2), "support": self.tp + self.fn}


def score_spans(gold: Iterable[Sequence[str]], predicted: Iterable[Sequence[str]]) -> dict[str, Score]:
    """Scores per type, plus ``micro`` over PER/ORG/LOC and ``micro_all`` over every type seen."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for gold_tags, pred_tags in zip(gold, predicted, strict=True):
        g = set(bio_spans(gold_tags))
        p = set(bio_spans(pred_tags))
        for type_, *_ in g & p:
            tp[type_] += 1
        for type_, *_ in p - g:
            fp[type_] += 1
        for type_, *_ in g - p:
            fn[type_] += 1
    types = sorted(set(tp) | set(fp) | set(fn))
    scores = {t: Score(tp[t], fp[t], fn[t]) for t in types}

    def total(selected: Iterable[str]) -> Score:
        sel = list(selected)
        return Score(sum(tp[t] for t in sel), sum(fp[t] for t in sel), sum(fn[t] for t in sel))

    scores["micro"] = total(MAIN_TYPES)
    scores["micro_all"] = total(types)
    return scores


def format_scores(scores: dict[str, Score]) -> str:
    lines = [f"{'type':<10} {'precision':>9} {'recall':>7} {'f1':>7} {'support':>8}"]
    for name, s in scores.items():
        d = s.as_dict()
        lines.append(f"{name:<10} {d['precision']:>9.2f} {d['recall']:>7.2f} {d['f1']:>7.2f} {d['support']:>8}")
    return "\n".join(lines)
