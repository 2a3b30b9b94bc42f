"""Claims by morphology and discourse (issue 9): reporting verbs generated from their lemmas, participle
clauses and subjectless verbs that go on with the speaker, back-references to a speaker named before,
coordinated «وأن» clauses, and what is not a report (negated, in a relative clause, inside a quotation).
Each on sentences written for this test; the rules are checked unscreened (``screened=False``)."""

from __future__ import annotations

import pytest

from conftest import document_with_entities
from rasd.record import Claim
from rasd.relate.claims import extract_claims
from rasd.relate.context import ArticleContext
from rasd.relate.reporting_verbs import reporting_forms


def _claims(text: str, entities: dict | None = None) -> list[Claim]:
    doc = document_with_entities(text, entities or {}, "2015-07-20")
    claims, _ = extract_claims(ArticleContext.build(doc), screened=False)
    return claims


def _said(text: str, claim: Claim) -> str:
    return text[claim.evidence.start : claim.evidence.end]


@pytest.mark.parametrize(
    ("lemma", "finite", "participle"),
    [
        ("أكّد", ["أكد", "يؤكد"], "مؤكدا"),  # II, hamza first
        ("حذّر", ["حذر", "يحذر"], "محذرة"),  # II
        ("أشار", ["أشار", "يشير"], "مشيرين"),  # IV hollow
        ("أوضح", ["أوضح", "يوضح"], "موضحا"),  # IV
        ("أبدى", ["أبدى", "يبدي"], "مبديا"),  # IV defective
        ("نفى", ["نفى", "ينفي"], "نافيا"),  # I defective
        ("قال", ["قال"], "قائلا"),  # I hollow (its imperfect is listed, not generated)
        ("طالب", ["طالب", "يطالب"], "مطالبا"),  # III
        ("اعتبر", ["اعتبر", "يعتبر"], "معتبرا"),  # VIII
        ("استبعد", ["استبعد", "يستبعد"], "مستبعدة"),  # X
        ("عبّر عن", ["عبر عن", "يعبر عن"], "معبرا عن"),  # a particle after the verb is kept
    ],
)
def test_reporting_forms_are_generated_from_the_lemma(lemma: str, finite: list[str], participle: str) -> None:
    forms, participles = reporting_forms(lemma)
    assert all(f in forms for f in finite)
    assert participle in participles


def test_a_participle_clause_is_a_claim_of_the_same_speaker() -> None:
    text = "وقال مصدر أمني إن المسلحين هاجموا الثكنة، مشيرا إلى أن الهجوم أسفر عن مقتل جنديين."
    claims = _claims(text)
    assert [(c.source.text, c.certainty) for c in claims] == [
        ("مصدر أمني", "reported"),
        ("مصدر أمني", "reported"),
    ]
    assert _said(text, claims[1]).startswith("مشيرا")


def test_a_subjectless_assertion_or_denial_goes_on_with_the_speaker() -> None:
    text = "وقال مصدر أمني إن الجماعة انسحبت من البلدة. وأكد أن الجيش يسيطر على الطريق، نافيا مقتل المدنيين."
    claims = _claims(text)
    assert [(c.source.text, c.certainty) for c in claims] == [
        ("مصدر أمني", "reported"),
        ("مصدر أمني", "asserted"),
        ("مصدر أمني", "denied"),
    ]


def test_an_impersonal_belief_stays_unattributed() -> None:
    claims = _claims("وقال مصدر أمني إن الجماعة انسحبت. ويرجح أن يعقد قادتها اجتماعا في كيدال.")
    assert [(c.source.kind, c.certainty) for c in claims] == [
        ("anonymous_official", "reported"),
        ("unattributed", "believed"),
    ]


def test_a_definite_noun_refers_back_to_the_speaker_that_holds_it() -> None:
    text = (
        "وقال مرصد الفتاوى التكفيرية التابع لدار الإفتاء إن التنظيم يجند الشباب عبر الإنترنت. "
        "وأضاف المرصد أن الجماعات المتطرفة تستغل الأزمات."
    )
    claims = _claims(text, {"o": {"type": "ORG", "names": ["مرصد الفتاوى التكفيرية"]}})
    first, second = (c.source.text for c in claims)
    assert first.startswith("مرصد الفتاوى التكفيرية")
    assert second == first


def test_each_coordinated_that_clause_is_a_claim() -> None:
    text = "وأكد الوزير أن الجيش استعاد البلدة، وأن المسلحين فروا نحو الحدود."
    claims = _claims(text)
    assert [c.certainty for c in claims] == ["asserted", "asserted"]
    assert claims[0].source == claims[1].source
    assert _said(text, claims[1]).startswith("وأن المسلحين")


def test_a_negated_report_is_no_claim() -> None:
    assert _claims("ولم يعلن أي طرف عن الهجوم حتى اليوم.") == []
    assert _claims("وقتل القائد في الغارة دون أن يؤكد الجيش ذلك.") == []


def test_a_report_in_a_relative_clause_folds_into_the_denial() -> None:
    text = "نفت وزارة الدفاع الأنباء التي تحدثت عن اعتقال القيادي، مؤكدة أنه لا يزال فارا."
    claims = _claims(text)
    assert [c.certainty for c in claims] == ["denied"]
    assert claims[0].source.text.startswith("وزارة")


def test_names_inside_the_quotation_do_not_speak() -> None:
    text = 'وقال الوزير :"نحن في وزارة الدفاع لم نتلق أي طلب من الجيش".'
    claims = _claims(text)
    assert [c.source.text for c in claims] == ["الوزير"]


def test_nouns_that_look_like_generated_forms_are_not_verbs() -> None:
    # «مقرا» (headquarters), «بين» (between), «متابعة» (follow-up), «سنوات» are not reports
    assert _claims("ويتخذ التنظيم من البلدة مقرا له بين الجبال منذ سنوات رغم متابعة الجيش.") == []
