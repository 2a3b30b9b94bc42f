"""The general mechanisms the real-news development set called for (issue 9), on sentences written
here: a source is the whole phrase that speaks, the outlet told is not the source, verbs match in every
form, an event takes the lead's place, and a group's claim of responsibility names the actor. These are
regression tests; rasd's quality is measured on real articles (``rasd eval relate --gold tests/gold/news-dev``)."""

from __future__ import annotations

from conftest import document_with_entities
from rasd.record import Document
from rasd.relate import relate_document
from rasd.relate.matching import verb_forms

MALI = {"type": "LOC", "subtype": "country", "names": ["مالي"], "geo": [17.0, -4.0]}
GAO = {"type": "LOC", "subtype": "city", "names": ["غاو"], "geo": [16.27, -0.04]}
JNIM = {"type": "ORG", "subtype": "armed_group", "names": ["جماعة نصرة الإسلام والمسلمين"]}
MINISTER = {"type": "PER", "names": ["موسى كوناتي"]}


def _related(text: str, entities: dict, published: str | None = "2020-03-12") -> Document:
    doc = document_with_entities(text, entities, published)
    relate_document(doc)
    return doc


def test_the_source_is_the_whole_phrase_that_speaks() -> None:
    doc = _related(
        "قال وزير الدفاع المالي موسى كوناتي إن الجيش استعاد السيطرة على الطريق.", {"minister": MINISTER}
    )
    (claim,) = doc.claims
    assert claim.source.text == "وزير الدفاع المالي موسى كوناتي"


def test_the_outlet_told_relays_the_claim_and_does_not_make_it() -> None:
    doc = _related(
        "قال موسى كوناتي إن الهجوم فشل. وأضاف في تصريح لوكالة الأنباء المالية أن المهاجمين فروا.",
        {"minister": MINISTER},
    )
    second = doc.claims[-1]
    assert second.source.text == "موسى كوناتي"
    assert second.source.via == ["وكالة الأنباء المالية"]


def test_what_is_said_after_the_verb_is_not_who_says_it() -> None:
    doc = _related("أكد البيان مقتل موسى كوناتي في الهجوم.", {"minister": MINISTER})
    assert all(c.source.text != "مقتل موسى كوناتي" for c in doc.claims)


def test_a_verb_is_written_once_and_matched_in_every_form() -> None:
    assert verb_forms("اعتقل") == ["اعتقل", "يعتقل", "تعتقل", "نعتقل"]
    assert verb_forms("أطلق سراح")[1] == "يطلق سراح"
    assert verb_forms("اعتدى على")[1] == "يعتدي على"
    doc = _related("وكانت قوات الأمن تعتقلهم في غاو أمس.", {"gao": GAO})
    assert [e.type for e in doc.events] == ["arrest"]


def test_an_event_whose_sentence_names_no_place_takes_the_leads_place() -> None:
    doc = _related(
        "شهدت مدينة غاو في شمال مالي أمس يوما داميا. وهاجم مسلحون سوقا شعبيا وقتلوا خمسة مدنيين.",
        {"gao": GAO, "mali": MALI},
    )
    attack = next(e for e in doc.events if e.type == "attack")
    assert attack.location == "gao"


def test_a_pledge_does_not_take_the_leads_place() -> None:
    doc = _related("شهدت مدينة غاو اشتباكات أمس. وأعلنت الجماعة مبايعتها لتنظيم آخر.", {"gao": GAO})
    pledge = next(e for e in doc.events if e.type == "allegiance_pledge")
    assert pledge.location is None


def test_the_group_that_claims_an_attack_is_its_actor() -> None:
    doc = _related(
        "قتل خمسة جنود في هجوم على معسكر في غاو أمس. وتبنت جماعة نصرة الإسلام والمسلمين الهجوم في بيان.",
        {"gao": GAO, "jnim": JNIM},
    )
    attack = next(e for e in doc.events if e.type in ("attack", "armed_clash"))
    assert attack.actors == ["jnim"]
