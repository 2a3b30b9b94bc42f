"""Idioms that are not dates, dates from the reporting verb, one event per real event in an article,
plausible actors, controls over listed places, founded (own paragraphs)."""

from __future__ import annotations

from conftest import document_with_entities
from rasd.record import Document
from rasd.relate import find_dates, relate_document

BEL = {"type": "PER", "names": ["مختار بلمختار", "بلمختار"]}
GAO = {"type": "LOC", "names": ["غاو"], "geo": [16.27, -0.04]}


def _related(text: str, entities: dict, published: str | None = "2020-10-14") -> Document:
    doc = document_with_entities(text, entities, published)
    relate_document(doc)
    return doc


def test_to_this_day_and_nowadays_are_not_dates() -> None:
    for text in (
        "ظل مصير الرهائن لغزا إلى اليوم.",
        "لم تعلن أي جماعة مسؤوليتها حتى اليوم.",
        "وتبقى المنطقة خارج سيطرة الدولة إلى يومنا هذا.",
        "لم يتبن أحد الهجوم حتى الآن.",
        "لا يزال التنظيم ينشط اليوم في الصحراء.",
    ):
        assert find_dates(text, "2020-10-14") == [], text
    (today,) = find_dates("وصل الوفد اليوم إلى العاصمة.", "2020-10-14")
    assert today.value == "2020-10-14"


def test_event_takes_the_date_of_the_reporting_verb_not_the_idiom() -> None:
    doc = _related(
        "وبقي مصير القيادي لغزا حتى اليوم، إذ أعلنت الحكومة الليبية في مارس 2016 أن بلمختار قتل في غارة جوية فرنسية.",
        {"bel": BEL},
    )
    (strike,) = doc.events
    assert strike.type == "airstrike"
    assert strike.date is not None and (strike.date.value, strike.date.precision) == ("2016-03", "month")
    assert strike.targets == ["bel"]


def test_a_date_of_the_event_clause_beats_the_reporting_date() -> None:
    doc = _related("أعلن الجيش في مارس 2016 أن طائرة نفذت غارة جوية يوم 12 فبراير 2016 على معسكر.", {})
    (strike,) = doc.events
    assert strike.date is not None and strike.date.value == "2016-02-12"


def test_yesterday_of_the_report_does_not_date_the_event() -> None:
    doc = _related("أكدت مصادر أمنية أمس أن مسلحين اختطفوا مهندسا أجنبيا.", {})
    (kidnapping,) = doc.events
    assert kidnapping.date is None


def test_one_kidnapping_told_three_times_is_one_event() -> None:
    doc = _related(
        "وتعود القضية إلى أبريل 2012، عندما قام مسلحون ينتمون إلى جماعة بلمختار باختطاف دبلوماسيين في مدينة غاو. "
        "وانتهت الأزمة بإطلاق سراح الرهائن بعد أشهر، ولم تعرف الجهة التي مولت عملية الاختطاف. "
        "وتقول الوثيقة إن حادثة اختطاف الدبلوماسيين في غاو وقعت في أبريل 2012.",
        {"bel": BEL, "gao": GAO},
    )
    kidnappings = [e for e in doc.events if e.type == "kidnapping"]
    assert len(kidnappings) == 1
    (k,) = kidnappings
    assert k.date is not None and k.date.value == "2012-04"
    assert k.location == "gao" and k.actors == ["bel"]
    assert doc.text[k.evidence.start : k.evidence.end].startswith("وتعود القضية")


def test_events_with_other_places_or_another_marker_stay_apart() -> None:
    doc = _related(
        "هاجم مسلحون ثكنة في مدينة غاو. وبعد يومين هاجم مسلحون ثكنة في مدينة ميناكا. ووقع هجوم آخر قرب الحدود.",
        {"gao": GAO, "menaka": {"type": "LOC", "names": ["ميناكا"]}},
    )
    assert len([e for e in doc.events if e.type == "attack"]) == 3


def test_agreement_parties_and_anaphora() -> None:
    doc = _related(
        "وتحدثت الوثيقة عن اتفاق بين الحكومة المالية وجماعة بلمختار. "
        "ولم يمنع الاتفاق المذكور الجماعة من مواصلة نشاطها، بحسب مراقبين.",
        {"bel": BEL, "gov": {"type": "ORG", "names": ["الحكومة المالية"]}},
    )
    (agreement,) = [e for e in doc.events if e.type == "agreement"]
    assert set(agreement.actors) == {"gov", "bel"}


def test_sender_recipient_and_owner_are_not_actors() -> None:
    ents = {"bel": BEL, "hc": {"type": "PER", "names": ["هيلاري كلينتون", "هيلاري"]}}
    doc = _related(
        "وثيقة مسربة من بريد هيلاري كلينتون: الجزائر شجعت بلمختار على القيام بهجمات في المنطقة.", ents
    )
    (attack,) = doc.events
    assert attack.actors == ["bel"]
    doc = _related("بعث مستشار رسالة إلى وزيرة الخارجية هيلاري كلينتون تتحدث عن عملية الاختطاف.", ents)
    (kidnapping,) = doc.events
    assert "hc" not in kidnapping.actors
    doc = _related("ونقلت الرسالة لهيلاري معلومات عن اتفاق سري مع بلمختار.", ents)
    (agreement,) = doc.events
    assert "hc" not in agreement.actors


def test_agent_cue_keeps_a_governed_group_as_actor() -> None:
    doc = _related(
        "قام مسلحون ينتمون إلى جماعة بلمختار باختطاف القنصل في مدينة غاو.",
        {"bel": BEL, "gao": GAO},
    )
    (kidnapping,) = doc.events
    assert kidnapping.actors == ["bel"]


def test_controls_with_the_group_as_the_resolver_gives_it_and_a_list_of_places() -> None:
    doc = _related(
        "وأفادت الصحيفة أن «لواء الشهيد أبو سليم» تمكّن خلال الأشهر الأخيرة من السيطرة على مدينة درنة الليبية.",
        {
            "abusalim": {"type": "ORG", "names": ["لواء الشهيد أبو سليم"]},
            "derna": {"type": "LOC", "names": ["درنة"]},
        },
    )
    assert ("controls", "abusalim", "derna") in {(r.type, r.subject, r.object) for r in doc.relations}
    assert [e.type for e in doc.events] == ["territory_takeover"]
    doc = _related(
        "ويرى محللون أن جماعة نصرة الإسلام تسيطر حاليا على مناطق واسعة في وسط مالي وفي غابة واغادو.",
        {
            "jnim": {"type": "ORG", "names": ["جماعة نصرة الإسلام"]},
            "cm": {"type": "LOC", "names": ["وسط مالي"]},
            "wg": {"type": "LOC", "names": ["غابة واغادو"]},
        },
    )
    triples = {(r.type, r.subject, r.object) for r in doc.relations}
    assert {("controls", "jnim", "cm"), ("controls", "jnim", "wg")} <= triples


def test_founded_with_entities_as_the_resolver_gives_them() -> None:
    doc = _related(
        'وتحدثت الوثيقة عن اتفاق مع تنظيم مختار بلمختار مؤسس كتيبة "الموقعون بالدم" لتنفيذ عمليات.',
        {
            "bel": {"type": "PER", "names": ["مختار بلمختار"]},
            "mua": {"type": "ORG", "names": ["الموقعون بالدم"]},
        },
    )
    assert ("founded", "bel", "mua") in {(r.type, r.subject, r.object) for r in doc.relations}


def test_verb_first_control_and_places_given_as_examples() -> None:
    doc = _related(
        "استولت جماعة أنصار الدين على مدينة كيدال مطلع العام.",
        {"ad": {"type": "ORG", "names": ["جماعة أنصار الدين"]}, "kidal": {"type": "LOC", "names": ["كيدال"]}},
    )
    assert ("controls", "ad", "kidal") in {(r.type, r.subject, r.object) for r in doc.relations}
    doc = _related(
        "ويقول باحثون إن جماعة نصرة الإسلام تسيطر على مناطق واسعة في وسط مالي على غرار منطقة موبتي.",
        {
            "jnim": {"type": "ORG", "names": ["جماعة نصرة الإسلام"]},
            "cm": {"type": "LOC", "names": ["وسط مالي"]},
            "mopti": {"type": "LOC", "names": ["موبتي"]},
        },
    )
    triples = {(r.type, r.subject, r.object) for r in doc.relations}
    assert {("controls", "jnim", "cm"), ("controls", "jnim", "mopti")} <= triples


def test_addressee_of_a_letter_is_not_its_source() -> None:
    doc = _related("كشفت رسالة بعث بها مستشار إلى وزير الخارجية عن اتفاق سري بين الطرفين.", {})
    (claim,) = doc.claims
    assert claim.source.kind == "document"


def test_inflected_kidnapping_verb() -> None:
    doc = _related("وأكد الجيش أن مسلحين اختطفوهم قرب مدينة غاو.", {"gao": GAO})
    assert [(e.type, e.location) for e in doc.events] == [("kidnapping", "gao")]
