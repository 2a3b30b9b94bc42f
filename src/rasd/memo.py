"""A memo that stays bounded over any number of articles.

The stages memoise pure functions of words and names (a word's tagger features, a name's gazetteer
candidates, a fuzzy KB match) on the objects that hold their resources. Those keys come from an open
vocabulary: over a long ingest (tens of thousands of articles in one process or Dask worker) an
unbounded dict grows by the hundreds of megabytes. A ``Memo`` forgets everything once it holds
``limit`` entries; the frequent words are back within a few articles, so the hit rate barely moves,
and the results never change (the memoised functions are pure).
"""

from __future__ import annotations

from typing import TypeVar

# Word types (a tagger's features: a few KB each) and names (small results).
WORD_MEMO = 30_000
NAME_MEMO = 100_000

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V]):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: K, value: V) -> None:
        if len(self) >= self.limit and key not in self:
            self.clear()
        super().__setitem__(key, value)
