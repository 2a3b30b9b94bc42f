"""The recogniser's shortcuts (issue 17) give the answers of the long way round."""

from __future__ import annotations

import itertools
from dataclasses import replace

from rasd.recognise.clitics import proclitic_forms, proclitic_readings
from rasd.recognise.features import FeatureExtractor
from rasd.recognise.gazetteer import Gazetteer
from rasd.text import normalize

SENTENCES = [
    "قال وبلمختار إن كتيبة الملثمين وللجزائر وبالجزائر ومالي في باماكو",
    "هاجم مختار بلمختار والجزائر وفرنسا ولمختار بلمختار وكالجزائر الأحد",
    "زار وفد من فرنسا مدينة غاو وبغاو ثم عاد لفرنسا",
]


def test_proclitic_forms_are_every_word_a_reading_comes_from() -> None:
    # Every word of the clitic letters, ا and two others, up to six letters: each reading of it
    # lists the word among its forms, so a small gazetteer's reach misses no name.
    for length in range(1, 7):
        for letters in itertools.product("وفبلكاتن", repeat=length):
            word = "".join(letters)
            for reading in proclitic_readings(word):
                assert word in proclitic_forms(reading), (word, reading)


def test_a_small_gazetteer_matches_as_one_without_its_reach() -> None:
    rows = [
        ("PER", "", normalize("مختار بلمختار")),
        ("PER", "", normalize("بلمختار")),
        ("LOC", "", normalize("الجزائر")),
        ("LOC", "", normalize("غاو")),
        ("ORG", "", normalize("كتيبة الملثمين")),
    ]
    small = Gazetteer.from_rows(rows)
    assert small._reach is not None
    plain = replace(Gazetteer.from_rows(rows), _reach=None)
    for sentence in SENTENCES:
        norms = [normalize(w) for w in sentence.split()]
        assert small.matches(norms) == plain.matches(norms)
        assert small.matches(norms)  # each sentence has a name
    assert not Gazetteer.from_rows([]).matches(["في", "باماكو"])


def test_a_sentence_s_matches_are_remembered_but_not_shared() -> None:
    gazetteer = Gazetteer.from_rows([("LOC", "", normalize("غاو"))])
    norms = [normalize(w) for w in SENTENCES[2].split()]
    first = gazetteer.matches(norms)
    first.clear()  # a caller's list is its own
    assert gazetteer.matches(norms) == replace(gazetteer, _reach=None)._matches(norms) != []


def test_word_features_are_the_model_s_own_strings_in_the_same_order() -> None:
    gazetteer = Gazetteer.from_rows([("LOC", "city", "غاو")])
    words = "هاجم مسلحون من جماعة أنصار الدين مدينة غاو شمال مالي أمس".split()
    everything = FeatureExtractor(gazetteer).sentence(words)
    # a model that knows every second attribute it would be given
    known = frozenset(f for feats in everything for f in feats[::2])
    sifted = FeatureExtractor(gazetteer)
    sifted.known = known
    assert sifted.known == known
    got = sifted.sentence(words)
    assert got == [[f for f in feats if f in known] for feats in everything]
    canonical = {f: f for f in known}
    _norm, own, views = sifted._word(words[0])
    assert all(f is canonical[f] for f in [*own, *(f for fs in views.values() for f in fs)])
