"""The span scorer counts exact-match spans the way seqeval does."""

from __future__ import annotations

import pytest

from rasd.evaluate.ner import score_spans
from rasd.recognise.spans import bio_spans


def test_bio_spans_follow_seqeval_reading() -> None:
    tags = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC", "I-ORG"]
    assert bio_spans(tags) == [("PER", 0, 2), ("LOC", 3, 5), ("LOC", 5, 6), ("ORG", 6, 7)]


def test_scores_per_type_and_micro() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "I-ORG", "B-MISC"]]
    pred = [["B-PER", "O", "O", "B-LOC"], ["B-ORG", "I-ORG", "O"]]
    scores = score_spans(gold, pred)
    assert (scores["LOC"].tp, scores["ORG"].tp, scores["PER"].fn, scores["PER"].fp) == (1, 1, 1, 1)
    assert scores["micro"].precision == pytest.approx(2 / 3)
    assert scores["micro"].recall == pytest.approx(2 / 3)
    assert scores["micro_all"].recall == pytest.approx(2 / 4)  # MISC counts only in micro_all
