"""The compact word-frequency table answers as wordfreq does, on every word of real news."""

from __future__ import annotations

from itertools import islice, pairwise
from pathlib import Path

import pytest
from wordfreq import zipf_frequency as wordfreq_zipf

from rasd.text import normalize, tokenize
from rasd.text.zipf import read_table, table_bytes, table_path, write_table, zipf_frequency

SHARED = Path(__file__).resolve().parents[2] / "shared"

EDGE_WORDS = [
    "مالي",
    "الأحد",
    "آمن",
    "إرهاب",
    "مسؤول",
    "ئ",
    "بلمختار",
    "درودكال",
    "الولاياتالمتحدةالأمريكية",
    "كِتَاب",  # marks: wordfreq removes them
    "كتـــاب",  # tatweel
    "2015",
    "١٤",
    "ISIS",
    "Mali",
    "the",
    "AQIM",
    "abc123",
    "مالي2",
    "Maliمالي",
    "",
    "-",
    "ﻻ",  # a presentation form: NFKC changes it
    "شمال مالي",  # several words: wordfreq combines their frequencies
    "جمهورية مالي الشقيقة",
    "شمال xyzqw",
    "Sahel مالي",
    "مالي  غاو",
]


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory):
    return read_table(table_bytes("ar"))


def _words() -> set[str]:
    from rasd.evaluate.news_corpus import CORPORA, iter_corpus

    found: set[str] = set(EDGE_WORDS)
    for corpus, _, _ in CORPORA:
        for article in islice(iter_corpus(SHARED, corpus), 60):
            tokens = [token.text for token in tokenize(article.text)]
            found.update(tokens)
            found.update(normalize(token) for token in tokens)
            found.update(f"{first} {second}" for first, second in pairwise(tokens))
    return found


def test_plain_words_and_the_rest_get_wordfreqs_value() -> None:
    words = set(EDGE_WORDS)
    if (SHARED / "data" / "news").is_dir():
        words = _words()
    else:
        pytest.skip(f"no real news at {SHARED}/data/news: the edge words alone are checked below")
    differ = [(w, zipf_frequency(w, "ar"), wordfreq_zipf(w, "ar")) for w in sorted(words)]
    differ = [d for d in differ if d[1] != d[2]]
    assert len(words) > 5000
    assert differ == []


def test_edge_words(table) -> None:
    assert len(table) > 500_000
    for word in EDGE_WORDS:
        assert zipf_frequency(word, "ar") == wordfreq_zipf(word, "ar"), word
    assert zipf_frequency("Mali", "en") == wordfreq_zipf("Mali", "en")


def test_the_table_is_kept_and_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table) -> None:
    monkeypatch.setenv("RASD_CACHE_DIR", str(tmp_path))
    path = table_path("ar")
    assert path.parent == tmp_path and "wordfreq" in path.name
    data = table_bytes("ar")
    write_table(path, data)
    again = read_table(path.read_bytes())
    assert len(again) == len(table) and again.zipf("مالي") == table.zipf("مالي") > 4
    with pytest.raises(ValueError):
        read_table(data[:-10])
    with pytest.raises(ValueError):
        read_table(b"something else")
