"""The stages' memos stay bounded over any number of articles and never change an answer."""

from __future__ import annotations

from rasd.memo import Memo
from rasd.recognise.features import FeatureExtractor
from rasd.recognise.gazetteer import Gazetteer


def test_a_memo_forgets_everything_at_its_limit_and_keeps_answering() -> None:
    memo: Memo[str, int] = Memo(3)
    for i, word in enumerate(["أ", "ب", "ج"]):
        memo[word] = i
    memo["ب"] = 5  # a key it holds is replaced, not a reason to forget
    assert len(memo) == 3 and memo["ب"] == 5
    memo["د"] = 9
    assert dict(memo) == {"د": 9}


def test_the_tagger_s_word_features_stay_within_their_bound_and_unchanged() -> None:
    gazetteer = Gazetteer.from_rows([("غاو", "LOC", "city")])
    words = "هاجم مسلحون من جماعة أنصار الدين مدينة غاو شمال مالي أمس".split()
    unbounded = FeatureExtractor(gazetteer)
    bounded = FeatureExtractor(gazetteer)
    assert isinstance(bounded._cache, Memo)
    bounded._cache = Memo(3)
    assert bounded.sentence(words) == unbounded.sentence(words)
    assert len(bounded._cache) <= 3
