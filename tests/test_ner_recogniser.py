"""The shipped CRF recogniser on text we wrote and on the seed articles: exact offsets, real finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasd.recognise import load_recogniser
from rasd.recognise.recogniser import CRFRecogniser
from rasd.record import Document

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.txt"))


@pytest.fixture(scope="module")
def recogniser() -> CRFRecogniser:
    loaded = load_recogniser()
    assert isinstance(loaded, CRFRecogniser), "the shipped model must load"
    return loaded


def _spans(recogniser: CRFRecogniser, text: str) -> list[tuple[str, str]]:
    doc = Document(id="t", source="test", text=text)
    recogniser.recognise(doc)
    assert all(doc.text[s.start : s.end] == s.text for s in doc.spans)
    return [(s.text, s.label) for s in doc.spans]


def test_people_places_and_groups_in_a_sentence(recogniser: CRFRecogniser) -> None:
    text = (
        "قال وزير الخارجية الجزائري عبد القادر مساهل إن الجيش الجزائري عزز وجوده على الحدود مع مالي "
        "وليبيا، بعد هجوم تبناه تنظيم القاعدة في بلاد المغرب الإسلامي قرب مدينة تمنراست."
    )
    found = _spans(recogniser, text)
    assert ("عبد القادر مساهل", "PER") in found
    assert ("مالي", "LOC") in found and ("ليبيا", "LOC") in found  # «وليبيا» loses its «و»
    assert any(label == "ORG" and "القاعدة" in t for t, label in found)
    assert ("تمنراست", "LOC") in found


def test_tagging_tokens_gives_bio_tags(recogniser: CRFRecogniser) -> None:
    tags = recogniser.tagger.tag(["زار", "الرئيس", "الفرنسي", "إيمانويل", "ماكرون", "العاصمة", "باماكو", "."])
    assert tags[3:5] == ["B-PER", "I-PER"] and tags[6] == "B-LOC"


@pytest.mark.skipif(not EXAMPLES, reason="no example articles")
def test_seed_articles_yield_their_people_and_places(recogniser: CRFRecogniser) -> None:
    found: set[tuple[str, str]] = set()
    for path in EXAMPLES:
        found.update(_spans(recogniser, path.read_text(encoding="utf-8")))
    for expected in [("مالي", "LOC"), ("ليبيا", "LOC"), ("باماكو", "LOC"), ("بلمختار", "PER")]:
        assert any(t.endswith(expected[0]) and label == expected[1] for t, label in found), expected
    assert len(found) >= 40


def test_recognisers_are_chosen_by_name_or_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import rasd.data

    assert load_recogniser("none").name == "none"
    with pytest.raises(ValueError):
        load_recogniser("spacy")
    shipped = Path(rasd.data.__file__).parent / "ner"
    monkeypatch.setenv("RASD_NER_MODEL", str(shipped))  # a directory with model.crfsuite: a CRF
    assert load_recogniser().name == "crf"
    monkeypatch.setenv("RASD_NER_MODEL", str(shipped / "missing"))
    with pytest.raises(FileNotFoundError):
        load_recogniser()
