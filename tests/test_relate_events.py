"""Coded events: type and ACLED mapping, place, date, fatalities, participants, modality."""

from __future__ import annotations

from conftest import document_with_entities
from rasd.record import Document
from rasd.relate import relate_document


def _related(text: str, entities: dict, published: str | None = "2012-04-08") -> Document:
    doc = document_with_entities(text, entities, published)
    relate_document(doc)
    return doc


GAO = {"type": "LOC", "names": ["غاو"], "geo": [16.27, -0.04]}
MALI = {"type": "LOC", "names": ["مالي"], "geo": [17.0, -4.0]}
MUJAO = {"type": "ORG", "names": ["حركة التوحيد والجهاد"]}


def test_kidnapping_is_coded_with_acled_place_geo_date_and_actor() -> None:
    doc = _related(
        "اختطف مسلحون من حركة التوحيد والجهاد القنصل الجزائري من داخل القنصلية في مدينة غاو المالية الخميس الماضي.",
        {"mujao": MUJAO, "gao": GAO},
    )
    (event,) = doc.events
    assert event.type == "kidnapping"
    assert (event.acled.event_type, event.acled.sub_event_type) == (
        "Violence against civilians",
        "Abduction/forced disappearance",
    )
    assert event.location == "gao" and event.geo is not None and event.geo.lat == 16.27
    assert event.date is not None and (event.date.value, event.date.precision) == ("2012-04-05", "day")
    assert event.actors == ["mujao"]
    assert doc.text[event.trigger.start : event.trigger.end] == event.trigger.text == "اختطف"
    assert event.modality == "asserted"


def test_place_is_the_one_governed_by_a_preposition_not_any_place_nearby() -> None:
    doc = _related(
        "قال مسؤول من مالي إن طائرة مسيرة نفذت غارة جوية في منطقة ميناكا أمس.",
        {"mali": MALI, "menaka": {"type": "LOC", "names": ["ميناكا"]}},
    )
    (event,) = doc.events
    assert (event.type, event.location) == ("airstrike", "menaka")
    assert (event.acled.event_type, event.acled.sub_event_type) == (
        "Explosions/Remote violence",
        "Air/drone strike",
    )


def test_fatalities_in_digits_and_words_attach_to_the_event() -> None:
    digits = _related(
        "وقع الهجوم على القنصلية في بنغازي، الذي أدى إلى مقتل 4 أشخاص.",
        {"b": {"type": "LOC", "names": ["بنغازي"]}},
    )
    words = _related("قتل ستة جنود في هجوم على ثكنة في غاو.", {"gao": GAO})
    assert [(e.type, e.fatalities) for e in digits.events] == [("attack", 4)]
    assert [(e.type, e.fatalities) for e in words.events] == [("attack", 6)]
    # A military target makes an attack a battle in ACLED's terms.
    assert words.events[0].acled.event_type == "Battles"


def test_arrest_maps_to_strategic_developments() -> None:
    doc = _related(
        "أوقفت مصالح الأمن يوم الإثنين في ولاية ورقلة إرهابيا موريتانيا.",
        {"o": {"type": "LOC", "names": ["ورقلة"]}},
    )
    (event,) = doc.events
    assert (event.type, event.acled.event_type, event.acled.sub_event_type) == (
        "arrest",
        "Strategic developments",
        "Arrests",
    )
    assert event.location == "o" and event.date.value == "2012-04-02"


def test_planned_feared_denied_and_hypothetical_events_are_not_facts() -> None:
    planned = _related("تتحدث مصادر عن اجتماع مرتقب لأمراء الجماعات في كيدال.", {})
    feared = _related("يخشى خبراء وقوع هجمات في العاصمة.", {})
    denied = _related("نفت الجماعة في بيان مقتل زعيمها.", {})
    hypothetical = _related("في حال انسحاب القوات قد تتجدد الاشتباكات في الشمال.", {})
    assert [e.modality for e in planned.events] == ["planned"]
    assert [e.modality for e in feared.events] == ["feared"]
    assert [(e.type, e.modality) for e in denied.events] == [("killing", "denied")]
    assert [e.modality for e in hypothetical.events] == ["hypothetical"]


def test_suicide_car_bomb_is_one_event_not_three() -> None:
    doc = _related(
        "فجر انتحاري يقود سيارة مفخخة نفسه داخل معسكر في مدينة غاو، ما أسفر عن مقتل 60 شخصا.", {"gao": GAO}
    )
    assert [(e.type, e.location, e.fatalities) for e in doc.events] == [("suicide_bombing", "gao", 60)]
    assert doc.events[0].acled.sub_event_type == "Suicide bomb"


def test_reporting_date_is_not_the_event_date() -> None:
    doc = _related(
        "أكدت مصادر أمنية أمس أن مسلحين اختطفوا أول أمس ثلاثة عمال في بلدة أيورو.",
        {"a": {"type": "LOC", "names": ["أيورو"]}},
        "2021-03-14",
    )
    (event,) = doc.events
    assert event.date.text == "أول أمس" and event.date.value == "2021-03-12"


def test_a_definite_trigger_in_a_later_sentence_refers_back() -> None:
    doc = _related(
        "شنت طائرات فرنسية أمس غارات جوية في منطقة تساليت. وقال مصدر عسكري إن الغارات دمرت مخازن.",
        {"t": {"type": "LOC", "names": ["تساليت"]}},
    )
    assert [e.type for e in doc.events] == ["airstrike"]


def test_every_event_type_in_the_lexicon_has_an_acled_mapping() -> None:
    from rasd.relate.matching import load_data

    types = load_data("events")["types"]
    for name, spec in types.items():
        target = types[spec.get("same_as", name)]
        assert len(target["acled"]) == 2 and all(target["acled"]), name


def test_a_verb_that_only_starts_like_the_article_is_not_an_anaphor() -> None:
    doc = _related(
        "نفت الوزارة اعتقال القيادي في مدينة النعمة. وكانت صحيفة قد ذكرت أن وحدة من الجيش ألقت القبض عليه.",
        {"n": {"type": "LOC", "names": ["النعمة"]}},
    )
    assert [(e.type, e.modality) for e in doc.events] == [("arrest", "denied"), ("arrest", "asserted")]


def test_planned_event_is_not_dated_by_a_past_date_in_another_clause() -> None:
    doc = _related(
        "أرسلت الجماعة مبعوثا بداية شهر أكتوبر، ومن المقرر أن يعقد الطرفان اجتماعا في منطقة كيدال.",
        {"k": {"type": "LOC", "names": ["كيدال"]}},
        "2014-10-22",
    )
    (meeting,) = [e for e in doc.events if e.type == "meeting"]
    assert (meeting.modality, meeting.location, meeting.date) == ("planned", "k", None)


def test_place_after_ala_only_with_a_place_word() -> None:
    doc = _related(
        "تمكن المجلس من السيطرة على مدينة درنة في جوان 2015.", {"d": {"type": "LOC", "names": ["درنة"]}}
    )
    (event,) = doc.events
    assert (event.type, event.location, event.date.value) == ("territory_takeover", "d", "2015-06")
    assert event.acled.sub_event_type == "Non-state actor overtakes territory"


def test_a_contrasting_clause_does_not_inherit_place_or_date() -> None:
    doc = _related(
        "عقد وزراء الداخلية اجتماعا في نيامي أمس، في حين تتواصل عمليات تهريب الأسلحة عبر الحدود.",
        {"n": {"type": "LOC", "names": ["نيامي"]}},
    )
    trafficking = next(e for e in doc.events if e.type == "arms_trafficking")
    assert (trafficking.location, trafficking.date) == (None, None)
    meeting = next(e for e in doc.events if e.type == "meeting")
    assert meeting.location == "n" and meeting.date.value == "2012-04-07"
