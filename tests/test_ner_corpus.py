"""Corpus readers: ANERcorp's broken lines, Wojood's nesting, CoNLL blocks, the contiguous dev split."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasd.train.ner_corpus import (
    map_tag,
    read_anercorp,
    read_conll_tagged,
    read_wojood,
    split_dev,
    write_conll,
)


def test_anercorp_splits_sentences_and_survives_malformed_lines(tmp_path: Path) -> None:
    path = tmp_path / "aner.txt"
    path.write_text(
        "زار B-PERS\n"  # a sentence-initial I-/B- tag, PERS → PER
        "سمير I-PERS\n"
        " O\n"  # a tag with no token: dropped
        "تونسB-LOC\n"  # tag glued to its word
        "اليوم\n"  # a token with no tag: O
        ". O\n"
        "ثم O\n"
        "عاد I-ORG\n",  # I- that continues nothing starts an entity
        encoding="utf-8",
    )
    sentences = read_anercorp(path)
    assert sentences == [
        [("زار", "B-PER"), ("سمير", "I-PER"), ("تونس", "B-LOC"), ("اليوم", "O"), (".", "O")],
        [("ثم", "O"), ("عاد", "B-ORG")],
    ]


def test_wojood_keeps_the_outermost_level_of_our_types(tmp_path: Path) -> None:
    path = tmp_path / "wojood.txt"
    path.write_text(
        "سكرتير B-OCC\nالنادي I-OCC B-ORG\nفي I-OCC\nنابلس I-OCC B-GPE\nأمس B-DATE\n$#$ O\n\n"
        "مطار B-FAC\nقرطاج I-FAC B-GPE\n",
        encoding="utf-8",
    )
    assert read_wojood(path) == [
        [("سكرتير", "O"), ("النادي", "B-ORG"), ("في", "O"), ("نابلس", "B-LOC"), ("أمس", "O")],
        [("مطار", "B-LOC"), ("قرطاج", "I-LOC")],
    ]


def test_conll_reader_takes_first_and_last_columns(tmp_path: Path) -> None:
    path = tmp_path / "gold.conll"
    path.write_text("عمان x B-LOC\nاليوم x O\n\nالأردن B-LOC\n", encoding="utf-8")
    assert read_conll_tagged(path) == [[("عمان", "B-LOC"), ("اليوم", "O")], [("الأردن", "B-LOC")]]
    write_conll(read_conll_tagged(path), tmp_path / "again.conll")
    assert read_conll_tagged(tmp_path / "again.conll") == read_conll_tagged(path)


def test_dev_split_is_the_contiguous_tail() -> None:
    sentences = [[(str(i), "O")] for i in range(20)]
    train, dev = split_dev(sentences, 0.1)
    assert train == sentences[:18] and dev == sentences[18:]


def test_random_dev_split_is_seeded_disjoint_and_keeps_corpus_order() -> None:
    sentences = [[(str(i), "O")] for i in range(50)]
    train, dev = split_dev(sentences, 0.1, "random", seed=13)
    assert len(dev) == 5 and len(train) == 45
    assert sorted(train + dev, key=lambda s: int(s[0][0])) == sentences
    assert dev != sentences[45:] and dev == sorted(dev, key=lambda s: int(s[0][0]))
    assert split_dev(sentences, 0.1, "random", seed=13) == (train, dev)
    with pytest.raises(ValueError, match="unknown development split"):
        split_dev(sentences, 0.1, "by-topic")


def test_map_tag_drops_types_we_do_not_use() -> None:
    assert map_tag("B-GPE") == "B-LOC" and map_tag("I-PERS") == "I-PER" and map_tag("B-DATE") == "O"
