"""Mentions in running text: exact offsets, proclitics trimmed only when the rest is the name, subtypes."""

from __future__ import annotations

from collections.abc import Sequence

from rasd.recognise.clitics import split_proclitics
from rasd.recognise.gazetteer import Gazetteer, listed_names
from rasd.recognise.mentions import find_mentions
from rasd.text import normalize

GAZ = Gazetteer.from_rows(
    [
        ("LOC", "country", normalize("مالي")),
        ("LOC", "city", normalize("باماكو")),
        ("ORG", "armed_group", normalize("أنصار الدين")),
    ]
)
GAZ.trusted = listed_names()  # the hand-written Sahel list, as the shipped recogniser has it


def fixed_tagger(entities: dict[str, str]):
    """A tagger that tags the given words (surface → BIO tag): the mention logic is what is tested."""

    def tag(words: Sequence[str]) -> list[str]:
        return [entities.get(w, "O") for w in words]

    return tag


def test_offsets_are_exact_and_proclitics_go_only_with_evidence() -> None:
    text = "التقى وفد من والجزائر بممثلي لبلمختار في باماكو، ثم عاد بلمختار إلى ليبيا."
    tag = fixed_tagger(
        {"والجزائر": "B-LOC", "لبلمختار": "B-PER", "باماكو": "B-LOC", "بلمختار": "B-PER", "ليبيا": "B-LOC"}
    )
    spans = find_mentions(text, tag, GAZ)
    assert all(text[s.start : s.end] == s.text for s in spans)
    # «وال…» loses its conjunction; «لبلمختار» its preposition because the text also has «بلمختار»;
    # «بلمختار» and «ليبيا» start with clitic-like letters that belong to the name.
    assert [s.text for s in spans] == ["الجزائر", "بلمختار", "باماكو", "بلمختار", "ليبيا"]


def test_subtypes_from_gazetteer_and_trigger_words() -> None:
    text = "قال مسؤول في وكالة الأنباء إن جماعة أنصار الدين هاجمت مدينة غاو في مالي."
    tag = fixed_tagger(
        {"الأنباء": "B-ORG", "أنصار": "B-ORG", "الدين": "I-ORG", "غاو": "B-LOC", "مالي": "B-LOC"}
    )
    by_text = {s.text: (s.label, s.subtype) for s in find_mentions(text, tag, GAZ)}
    assert by_text == {
        "الأنباء": ("ORG", "media"),
        "أنصار الدين": ("ORG", "armed_group"),
        "غاو": ("LOC", "city"),
        "مالي": ("LOC", "country"),
    }


def test_misc_is_not_reported() -> None:
    assert find_mentions("كأس العالم", fixed_tagger({"كأس": "B-MISC", "العالم": "I-MISC"}), GAZ) == []


def test_split_proclitics_gives_the_article_back() -> None:
    assert split_proclitics("والجزاير") == ("و", "الجزاير")
    assert split_proclitics("للامم") == ("ل", "الامم")
    assert split_proclitics("مالي") == ("", "مالي")


def test_listed_names_fill_what_the_model_left_out() -> None:
    text = "هاجمت جماعة أنصار الدين مواقع في الساحل."
    spans = find_mentions(text, fixed_tagger({}), GAZ)  # the model finds nothing
    assert {(s.text, s.label, s.subtype) for s in spans} == {
        ("أنصار الدين", "ORG", "armed_group"),  # a name of several words in the gazetteer
        ("الساحل", "LOC", "region"),  # the hand-written Sahel list (data/ner/sahel_names.tsv)
    }


def test_a_name_found_once_is_found_again_in_the_same_article() -> None:
    def tag(words: Sequence[str]) -> list[str]:
        # The model sees the full name only; the family name alone it misses.
        return [
            "B-PER" if w == "مختار" else "I-PER" if w == "بلمختار" and "مختار" in words else "O"
            for w in words
        ]

    text = "قال مختار بلمختار إنه باق. وتحدثت مصادر عن عودة لبلمختار، وبلمختار لم يرد."
    spans = find_mentions(text, tag, GAZ)
    assert [(s.text, s.label) for s in spans] == [
        ("مختار بلمختار", "PER"),
        ("بلمختار", "PER"),
        ("بلمختار", "PER"),
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_a_listed_name_wins_over_a_name_the_model_found_inside_it() -> None:
    text = "أعلنت كتيبة عقبة بن نافع مسؤوليتها."
    spans = find_mentions(text, fixed_tagger({"بن": "B-PER", "نافع": "I-PER"}), GAZ)
    assert [(s.text, s.label, s.subtype) for s in spans] == [("كتيبة عقبة بن نافع", "ORG", "armed_group")]


def test_tag_sentences_repeats_names_within_a_window_of_sentences() -> None:
    from rasd.recognise.mentions import tag_sentences

    def tag(words: Sequence[str]) -> list[str]:
        return [
            "B-PER" if w == "مختار" else "I-PER" if w == "بلمختار" and "مختار" in words else "O"
            for w in words
        ]

    sentences = [["قال", "مختار", "بلمختار", "."], ["عاد", "بلمختار", "."]]
    assert tag_sentences(sentences, tag, GAZ)[1] == ["O", "B-PER", "O"]
    assert tag_sentences(sentences, tag, GAZ, window=1)[1] == ["O", "O", "O"]  # another "article"
