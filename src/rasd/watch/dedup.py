"""Near-duplicates: the same agency story in five papers is one story with five outlets.

Each article's normalised word 3-grams go into a MinHash (datasketch); an LSH index finds earlier
articles whose estimated Jaccard similarity is at least ``threshold``. The signatures are stored
with the items (``watch_items.signature``), so the index is rebuilt after a restart.
"""

from __future__ import annotations

from collections.abc import Callable

from datasketch import LeanMinHash, MinHash, MinHashLSH

from rasd.text import normalize

NUM_PERM = 64
THRESHOLD = 0.5  # agency copies with a changed first line and a paper's own last paragraph score 0.6–0.9
_SHINGLE = 3


def signature(text: str) -> LeanMinHash:
    words = normalize(text).split()
    shingles = {" ".join(words[i : i + _SHINGLE]) for i in range(max(1, len(words) - _SHINGLE + 1))}
    m = MinHash(num_perm=NUM_PERM, seed=1)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return LeanMinHash(m)


def to_bytes(sig: LeanMinHash) -> bytes:
    # datasketch's own format: it carries the seed and the permutation scheme with the values.
    buffer = bytearray(sig.bytesize())
    sig.serialize(buffer)
    return bytes(buffer)


def from_bytes(data: bytes) -> LeanMinHash:
    return LeanMinHash.deserialize(bytearray(data))


class StoryIndex:
    """Story ids (the ``doc_id`` of a story's first article) found by near-duplicate text."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.story_of: dict[str, str] = {}
        self.signatures: dict[str, LeanMinHash] = {}
        self.threshold = threshold

    def add(self, doc_id: str, story_id: str, sig: LeanMinHash) -> None:
        if doc_id in self.story_of:
            return
        self.lsh.insert(doc_id, sig)
        self.story_of[doc_id] = story_id
        self.signatures[doc_id] = sig

    def story_for(self, doc_id: str, sig: LeanMinHash, accept: Callable[[str], bool] | None = None) -> str:
        """The story this article belongs to: that of the most similar earlier article that
        ``accept`` agrees with, else its own."""
        if doc_id in self.story_of:
            return self.story_of[doc_id]
        candidates = [c for c in self.lsh.query(sig) if c != doc_id]
        scored = sorted(((sig.jaccard(self.signatures[c]), c) for c in candidates), reverse=True)
        for score, other in scored:
            if score < self.threshold:
                break
            if accept is None or accept(other):
                return self.story_of[other]
        return doc_id


def same_names(a: set[str], b: set[str], threshold: float = 0.5) -> bool:
    """Formulaic dispatches («قتل X جنود في هجوم قرب Y») share most of their words; two of them are
    one story only if they also name mostly the same people, groups and places."""
    if not a or not b:
        return True
    return len(a & b) / len(a | b) >= threshold
