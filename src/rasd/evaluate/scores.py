"""Precision, recall and F1 from counts: the one scorer behind every evaluation command."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

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

    def add(self, gold: Iterable[Any], predicted: Iterable[Any]) -> None:
        """Count one item's gold and predicted answers, matched as multisets."""
        remaining = list(gold)
        for item in predicted:
            if item in remaining:
                remaining.remove(item)
                self.tp += 1
            else:
                self.fp += 1
        self.fn += len(remaining)

    def as_dict(self, scale: float = 1.0, digits: int = 3) -> dict[str, float | int]:
        """P/R/F1 (times ``scale``: 100 for percentages) and the counts behind them."""
        return {
            "precision": round(scale * self.precision, digits),
            "recall": round(scale * self.recall, digits),
            "f1": round(scale * self.f1, digits),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "support": self.tp + self.fn,
        }
