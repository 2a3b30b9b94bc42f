"""Events on real news (issue 9, stop 11): who may act (a court tries, an outlet reports), trigger
forms (the future prefix, «لل»), several incidents listed in one sentence, the slots of an event a
relative clause describes, planned events dated by their own words, landmarks, and the date of a
condemnation. Every paragraph is written for these tests."""

from __future__ import annotations

from conftest import document_with_entities
from rasd.record import Document, Event
from rasd.relate import relate_document

GAO = {"type": "LOC", "names": ["غاو"], "geo": [16.27, -0.04], "country": "ML"}
KIDAL = {"type": "LOC", "names": ["كيدال"], "geo": [18.44, 1.41], "country": "ML"}
MENAKA = {"type": "LOC", "names": ["ميناكا"], "geo": [15.92, 2.40], "country": "ML"}
BAMAKO = {"type": "LOC", "names": ["باماكو"], "geo": [12.65, -8.0], "country": "ML"}
MALI = {"type": "LOC", "subtype": "country", "names": ["مالي"], "geo": [17.0, -4.0], "country": "ML"}
HOTEL = {"type": "LOC", "names": ["فندق النصر"]}
COURT = {
    "type": "ORG",
    "subtype": "state_agency",
    "names": ["المحكمة الابتدائية بباماكو", "المحكمة الابتدائية"],
}
AGENCY = {"type": "ORG", "subtype": "media", "names": ["وكالة الأنباء المالية"]}
ANSAR = {"type": "ORG", "subtype": "armed_group", "names": ["جماعة أنصار الدين"]}


def _related(text: str, entities: dict, published: str | None = "2020-10-16") -> Document:
    doc = document_with_entities(text, entities, published)
    relate_document(doc)
    return doc


def _of(doc: Document, kind: str) -> list[Event]:
    return [e for e in doc.events if e.type == kind]


def test_a_court_is_not_the_actor_of_the_attack_it_tries() -> None:
    doc = _related(
        "ونظرت المحكمة الابتدائية بباماكو في الهجوم على ثكنة في غاو.", {"court": COURT, "gao": GAO}
    )
    (attack,) = _of(doc, "attack")
    assert "court" not in attack.actors


def test_a_trial_is_acted_by_the_court_named_a_sentence_before() -> None:
    doc = _related(
        "انعقدت أمس جلسة المحكمة الابتدائية بباماكو بحضور جماعة أنصار الدين. وأصدرت أحكاما بالسجن على ثلاثة.",
        {"court": COURT, "ansar": ANSAR},
    )
    trials = _of(doc, "trial")
    assert trials and all(t.actors == ["court"] for t in trials)


def test_an_outlet_is_never_an_actor() -> None:
    doc = _related("ونقلت وكالة الأنباء المالية خبر اشتباكات في كيدال.", {"agency": AGENCY, "kidal": KIDAL})
    (clash,) = _of(doc, "armed_clash")
    assert "agency" not in clash.actors


def test_a_trigger_verb_takes_the_future_prefix() -> None:
    doc = _related("وقال المسؤول إن المتهمين سيمثلون أمام المحكمة الشهر المقبل.", {})
    assert _of(doc, "trial")


def test_a_trigger_with_the_article_takes_the_glued_lam() -> None:
    doc = _related("وحددت المحكمة جلسة 27 أكتوبر للنطق بالحكم في القضية.", {})
    (trial,) = _of(doc, "trial")
    assert trial.date is not None and trial.date.value == "2020-10-27"


def test_incidents_listed_in_one_sentence_in_different_towns_are_separate_events() -> None:
    doc = _related(
        "شملت العمليات استهداف دورية في غاو، واستهداف حاجز في كيدال، واستهداف مقر في ميناكا.",
        {"gao": GAO, "kidal": KIDAL, "menaka": MENAKA},
    )
    assert sorted(e.location or "" for e in _of(doc, "attack")) == ["gao", "kidal", "menaka"]


def test_a_site_named_after_the_town_of_the_attack_is_not_another_scene() -> None:
    doc = _related(
        "هاجم مسلحون مدينة غاو فجر الخميس، واستهدف المهاجمون فندق النصر.", {"gao": GAO, "hotel": HOTEL}
    )
    assert len(_of(doc, "attack")) == 1


def test_the_slots_of_an_event_a_relative_clause_describes_are_its_own() -> None:
    doc = _related(
        "وأصدر القاضي بطاقات إيداع بالسجن في حق المتهمين في الاعتداء الذي استهدف في 12 أكتوبر دورية في كيدال.",
        {"kidal": KIDAL},
    )
    (trial,) = _of(doc, "trial")
    assert trial.location != "kidal"
    assert trial.date is None or trial.date.value != "2020-10-12"


def test_a_threatened_event_is_planned_and_not_dated_by_the_threat() -> None:
    doc = _related("هدد تنظيم مسلح أمس الخميس بإعدام رهينة فرنسي.", {})
    (killing,) = _of(doc, "killing")
    assert killing.modality == "planned"
    assert killing.date is None


def test_a_place_a_distance_is_measured_from_is_no_scene() -> None:
    doc = _related("وقع هجوم على بلدة صغيرة تبعد 50 كلم عن باماكو.", {"bamako": BAMAKO})
    (attack,) = _of(doc, "attack")
    assert attack.location != "bamako"


def test_the_date_of_a_condemnation_is_not_the_event_date() -> None:
    doc = _related(
        "أدانت مالي اليوم الجمعة التفجير الذي استهدف أمس الخميس سوقا في غاو.", {"mali": MALI, "gao": GAO}
    )
    (bombing,) = _of(doc, "bombing")
    assert bombing.date is not None and bombing.date.value == "2020-10-15"


def test_a_meeting_with_no_place_of_its_own_is_where_the_story_is() -> None:
    doc = _related(
        "تشهد مدينة غاو توترا أمنيا منذ أسابيع. وعقد المسؤولون اجتماعا أمس لبحث الوضع.", {"gao": GAO}
    )
    (meeting,) = _of(doc, "meeting")
    assert meeting.location == "gao"


def test_a_killing_verb_with_an_object_is_an_act_beside_another_event() -> None:
    doc = _related(
        "وأفرج المسلحون عن الرهينة الثاني بعد أسبوع من الرهينة الأول الذي قتلته جماعة مسلحة في غاو.",
        {"gao": GAO},
    )
    assert _of(doc, "hostage_release") and _of(doc, "killing")
    # a death told with a noun stays the toll of the sentence's event
    doc = _related("وأسفر الهجوم على ثكنة في غاو عن مقتل جنديين.", {"gao": GAO})
    assert not _of(doc, "killing")


def test_a_trial_sits_where_its_court_does() -> None:
    court = {"type": "ORG", "subtype": "state_agency", "names": ["محكمة استئناف غاو"]}
    doc = _related(
        "عاد الهدوء إلى مالي بعد أسابيع من التوتر. وأصدرت محكمة استئناف غاو أحكاما بالسجن على عشرة متهمين.",
        {"court": court, "gao": GAO, "mali": MALI},
    )
    (trial,) = _of(doc, "trial")
    assert trial.actors == ["court"] and trial.location == "gao"
