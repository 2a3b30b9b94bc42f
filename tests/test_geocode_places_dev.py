"""The place-mention development set (``tests/gold/places-dev``, issue 10): it loads, holds no article
text, anchors to the corpus (sha1 and spans), has the documented size, and its articles come from the
development draw (``PLACES_DEV_SEED``), never from the test set (``tests/gold/places-random``) nor
from the dev/blind sample. The corpus tests need ``../shared``."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

import pytest

from conftest import check_places_gold
from rasd.evaluate.news_gold import load_gold_dir, span_problems
from rasd.evaluate.places_sample import (
    PLACES_DEV_MAX_CHARS,
    PLACES_DEV_READ,
    PLACES_DEV_SEED,
    PLACES_SEED,
    dev_articles,
)

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "tests" / "gold" / "places-dev"
SHARED = ROOT.parent / "shared"
# Documented in docs/geocoding.md: FILES articles name a place; PLACES places, PLACED with coordinates.
FILES, PLACES, PLACED = 87, 303, 296

needs_shared = pytest.mark.skipif(
    not (SHARED / "data" / "news").is_dir(), reason="../shared/data/news (the news corpora) is not present"
)


def test_the_set_loads_with_the_documented_size_and_holds_no_text() -> None:
    check_places_gold(FOLDER, FILES, PLACES, PLACED)


def test_the_development_set_shares_no_article_with_the_test_set() -> None:
    assert PLACES_DEV_SEED != PLACES_SEED
    dev = {(g.corpus, g.id) for g in load_gold_dir(FOLDER)}
    test = {(g.corpus, g.id) for g in load_gold_dir(ROOT / "tests" / "gold" / "places-random")}
    assert dev and test and not dev & test


@needs_shared
def test_the_set_anchors_to_the_read_articles_of_the_development_draw() -> None:
    golds = load_gold_dir(FOLDER)
    drawn = {(a.corpus, a.id): (i, a) for i, a in islice(dev_articles(SHARED), PLACES_DEV_READ)}
    for g in golds:
        index, article = drawn.get((g.corpus, g.id), (None, None))
        assert article is not None and index is not None, f"{g.id} is not in the development draw"
        assert index < PLACES_DEV_READ and len(article.text) <= PLACES_DEV_MAX_CHARS, g.id
        assert span_problems(g, article.text) == [], g.id
