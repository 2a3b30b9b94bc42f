"""The random place-mention gold set (issue 10, item 5): a seeded draw of articles and, in each, every
candidate place mention an annotator then keeps or rejects (``tests/gold/places-random``).

Articles: each of the three corpora's non-empty articles, in file order, minus the articles of the
news gold sample (``draw_sample``: dev and blind), shuffled with ``PLACES_SEED``; the three shuffled
lists are then interleaved (one article of each corpus in turn), so a prefix of any length holds the
corpora alike. Annotators take articles in this order and annotate every place each one names.

Candidates do not come from rasd's recogniser alone, so that what it misses can be found:

* ``gazetteer``: every run of one to four words (a glued proclitic allowed) whose name key is an
  Arabic name of the shipped gazetteer or a place of the knowledge base;
* ``ner``: every span the recogniser tags LOC;
* ``cue``: the one to three words after a place cue word (مدينة، بلدة، قرية، ولاية، منطقة…, the
  compass words جنوب/شمال/شرق/غرب).

The annotator also adds the places the article names that no candidate caught while reading it.

The development set (``tests/gold/places-dev``) is drawn the same way with ``PLACES_DEV_SEED``
(``dev_articles``), without the test set's articles; its draw indices 0–129 of at most 5,000
characters were read.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

from rasd.evaluate.news_corpus import CORPORA, NewsArticle, draw_sample, iter_corpus

if TYPE_CHECKING:
    from rasd.kb import KnowledgeBase
    from rasd.recognise.base import Recogniser
    from rasd.resolve.geocode import Gazetteer

PLACES_SEED: Final = 20261129
# The development set (tests/gold/places-dev): another seed, and never an article of the test set.
PLACES_DEV_SEED: Final = 20261130
PLACES_RANDOM_READ: Final = 106  # articles of the PLACES_SEED draw read for tests/gold/places-random
PLACES_DEV_READ: Final = 130  # draw indices of the PLACES_DEV_SEED draw read for tests/gold/places-dev
PLACES_DEV_MAX_CHARS: Final = 5000  # longer articles of those were left unread
MAX_WORDS: Final = 4
CUE_WORDS: Final = frozenset(
    {
        "مدينة",
        "بلدة",
        "قرية",
        "ولاية",
        "منطقة",
        "محافظة",
        "إقليم",
        "اقليم",
        "مقاطعة",
        "معتمدية",
        "بلدية",
        "عاصمة",
        "جنوب",
        "شمال",
        "شرق",
        "غرب",
        "جنوبي",
        "شمالي",
        "شرقي",
        "غربي",
        "مخيم",
        "حي",
        "جزيرة",
        "صحراء",
        "جبل",
        "وادي",
        "بحيرة",
        "دولة",
        "جمهورية",
        "مملكة",
    }
)
_WORD = re.compile(r"[\u0621-\u064A\u0660-\u0669\u0671-\u06D3\u064B-\u0652]+")
_CLITICS = ("و", "ب", "ل", "ف", "ك", "وب", "ول", "فب")


@dataclass
class Candidate:
    start: int
    end: int
    surface: str
    sources: set[str] = field(default_factory=set)


def draw_articles(shared: Path, seed: int = PLACES_SEED) -> Iterator[NewsArticle]:
    """The articles in draw order (see the module docstring)."""
    excluded = set(draw_sample(shared))
    rng = random.Random(seed)
    lists: list[list[NewsArticle]] = []
    for corpus, _file, _n in CORPORA:
        arts = [a for a in iter_corpus(shared, corpus) if a.text.strip() and (corpus, a.id) not in excluded]
        rng.shuffle(arts)
        lists.append(arts)
    for i in range(max(map(len, lists))):
        for arts in lists:
            if i < len(arts):
                yield arts[i]


def dev_articles(shared: Path) -> Iterator[tuple[int, NewsArticle]]:
    """The development draw (``tests/gold/places-dev``): (draw index, article) in the order of the
    ``PLACES_DEV_SEED`` draw, leaving out the articles read for the test set (``places-random``); the
    left-out articles keep their draw index, so indices are those of ``draw_articles`` itself."""
    from itertools import islice

    test = {(a.corpus, a.id) for a in islice(draw_articles(shared), PLACES_RANDOM_READ)}
    for i, art in enumerate(draw_articles(shared, PLACES_DEV_SEED)):
        if (art.corpus, art.id) not in test:
            yield i, art


def _words(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def candidates(
    text: str, gazetteer: Gazetteer, kb: KnowledgeBase, recogniser: Recogniser | None
) -> list[Candidate]:
    """Every candidate place mention of ``text``, longest first where they overlap, by offset."""
    from rasd.kb.names import name_key
    from rasd.record import Document

    found: dict[tuple[int, int], Candidate] = {}

    def add(s: int, e: int, source: str) -> None:
        found.setdefault((s, e), Candidate(s, e, text[s:e])).sources.add(source)

    def known(surface: str) -> bool:
        key = name_key(surface)
        if not key:
            return False
        if key in gazetteer.by_arabic:
            return True
        return any(
            (ent := kb.entities.get(eid)) is not None and ent.type == "LOC" for eid, _ in kb.lookup(key)
        )

    words = _words(text)
    for i, (s, _e) in enumerate(words):
        for n in range(1, MAX_WORDS + 1):
            if i + n > len(words):
                break
            e = words[i + n - 1][1]
            if "\n" in text[s:e] or "." in text[s:e] or "،" in text[s:e]:
                break
            surface = text[s:e]
            if known(surface):
                add(s, e, "gazetteer")
                continue
            for clitic in _CLITICS:
                if (
                    surface.startswith(clitic)
                    and len(surface) - len(clitic) >= 3
                    and known(surface[len(clitic) :])
                ):
                    add(s + len(clitic), e, "gazetteer")
                    break
        word = text[s:_e]
        bare = word[1:] if word[:1] in "وبلف" and word[1:] in CUE_WORDS else word
        if bare in CUE_WORDS:
            for n in range(1, 4):
                if i + n < len(words):
                    add(words[i + 1][0], words[i + n][1], "cue")
    if recogniser is not None:
        doc = Document(id="candidates", source="places-sample", text=text)
        recogniser.recognise(doc)
        for span in doc.spans:
            if span.label == "LOC":
                add(span.start, span.end, "ner")
    return sorted(found.values(), key=lambda c: (c.start, c.start - c.end))
