"""Claims: source kind, the chain of who quotes whom, certainty, and what the claim is about."""

from __future__ import annotations

from conftest import document_with_entities
from rasd.record import Document
from rasd.relate import relate_document

BEL = {"type": "PER", "names": ["مختار بلمختار", "بلمختار"]}
LIBYA = {"type": "LOC", "names": ["ليبيا"]}


def _claims(text: str, entities: dict | None = None) -> Document:
    doc = document_with_entities(text, entities or {}, "2014-10-22")
    relate_document(doc)
    return doc


def test_anonymous_security_source_asserts() -> None:
    doc = _claims(
        "أكدت مصادر أمنية من مالي أول أمس أن مختار بلمختار يتواجد في ليبيا.", {"bel": BEL, "libya": LIBYA}
    )
    (claim,) = doc.claims
    assert (claim.source.text, claim.source.kind, claim.certainty) == (
        "مصادر أمنية",
        "anonymous_official",
        "asserted",
    )
    assert claim.about == ["bel", "libya"]
    assert doc.text[claim.evidence.start : claim.evidence.end].startswith("أكدت")


def test_news_agency_quoting_a_malian_source_is_a_chain() -> None:
    doc = _claims(
        "واستنادا لما ذكرته وكالة فرنس براس أمس، فإن معلومات استقتها من مصدر أمني مالي تؤكد أن بلمختار موجود في ليبيا.",
        {"bel": BEL, "libya": LIBYA},
    )
    (claim,) = doc.claims
    assert claim.source.kind == "anonymous_official"
    assert claim.source.text.startswith("مصدر أمني")
    assert claim.source.via == ["وكالة فرنس براس"]


def test_belief_denial_and_document_sources() -> None:
    believed = _claims("ويعتقد أن الإرهابي كان سيحضر الاجتماع.")
    denied = _claims("ونفت الجماعة في بيان مقتل زعيمها.")
    leaked = _claims("وكشفت رسالة مسربة أن المخابرات شجعت الهجمات.")
    assert [(c.source.kind, c.certainty) for c in believed.claims] == [("unattributed", "believed")]
    assert [(c.source.kind, c.certainty) for c in denied.claims] == [("group_statement", "denied")]
    assert [(c.source.kind, c.certainty) for c in leaked.claims] == [("document", "asserted")]


def test_later_verb_without_source_keeps_the_previous_source() -> None:
    doc = _claims("وقال مصدر أمني إن الاجتماع عقد في كيدال. وأضاف أن المسلحين غادروا المدينة.")
    assert [c.source.text for c in doc.claims] == ["مصدر أمني", "مصدر أمني"]
    assert [c.certainty for c in doc.claims] == ["reported", "reported"]


def test_is_called_is_not_a_claim() -> None:
    assert (
        _claims(
            "أوقفت مصالح الأمن إرهابيا يدعى سيدي ولد الطالب.",
            {"s": {"type": "PER", "names": ["سيدي ولد الطالب"]}},
        ).claims
        == []
    )


def test_a_verbal_noun_with_the_article_is_not_a_reporting_verb() -> None:
    assert _claims("وتجدر الإشارة إلى أن الجماعة نشطت في المنطقة.").claims == []


def test_an_army_speaks_officially_and_a_group_for_itself() -> None:
    ents = {
        "fama": {"type": "ORG", "names": ["القوات المسلحة المالية"]},
        "jnim": {"type": "ORG", "names": ["جماعة نصرة الإسلام والمسلمين"]},
    }
    doc = _claims(
        "أعلنت القوات المسلحة المالية أن وحداتها صدت هجوما. وتبنت جماعة نصرة الإسلام والمسلمين الهجوم.", ents
    )
    assert [(c.source.kind, c.certainty) for c in doc.claims] == [
        ("named_official", "asserted"),
        ("group_statement", "asserted"),
    ]


def test_a_reporting_word_after_a_preposition_is_a_noun_not_a_second_claim() -> None:
    doc = _claims(
        "قتل بلمختار في ليبيا، حسب ما أورده موقع متخصص في رصد الجماعات الجهادية أمس.",
        {"bel": BEL, "libya": LIBYA},
    )
    assert [(c.source.text, c.source.kind, c.certainty) for c in doc.claims] == [
        ("موقع", "media", "reported")
    ]


def test_a_pledge_is_an_act_not_a_report() -> None:
    doc = _claims("وكانت الجماعة قد أعلنت ولاءها لتنظيم داعش العام الماضي.")
    assert doc.claims == []
    assert [e.type for e in doc.events] == ["allegiance_pledge"]


def test_the_statement_named_before_keeps_its_kind_of_source() -> None:
    doc = _claims(
        "أوقفت قوات الجيش ثلاثة مهربين، حسب ما أفادت به وزارة الدفاع الوطني في بيان. "
        "وأضاف البيان أن الموقوفين كانوا ينشطون في تهريب الأسلحة."
    )
    assert [(c.source.text, c.source.kind) for c in doc.claims] == [
        ("وزارة", "named_official"),
        ("البيان", "named_official"),
    ]


def test_other_sources_and_a_crisis_group_report_are_attributed() -> None:
    doc = _claims(
        "ورجحت مصادر عسكرية أن يكون التنظيم وراء الهجوم، فيما نفت مصادر أخرى أن تكون الجماعة متورطة فيه."
    )
    assert [(c.source.kind, c.certainty) for c in doc.claims] == [
        ("anonymous_official", "believed"),
        ("anonymous_official", "denied"),
    ]
    doc = _claims(
        "يشن التنظيم هجمات متكررة في المنطقة، وفق تقرير أصدرته مجموعة الأزمات الدولية الشهر الجاري."
    )
    assert [c.source.kind for c in doc.claims] == ["ngo"]
