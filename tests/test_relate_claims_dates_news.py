"""The claim and date mechanisms found on real news (issue 9), each on sentences written for this test."""

from __future__ import annotations

import pytest

from conftest import document_with_entities
from rasd.record import Document
from rasd.relate import find_dates, relate_document
from rasd.relate.claim_filter import probability
from rasd.relate.claims import extract_claims, propose_claims
from rasd.relate.context import ArticleContext
from rasd.relate.dates import parse_reference


def _dates(text: str, published: str | None) -> list[tuple[str, str | None, str]]:
    return [(d.text, d.value, d.precision) for d in find_dates(text, published)]


# --- dates -----------------------------------------------------------------------------------------


def test_a_reference_may_be_a_year_or_a_month() -> None:
    assert parse_reference("2012") is not None and parse_reference("2012").precision == "year"  # type: ignore[union-attr]
    assert parse_reference("2012-05").precision == "month"  # type: ignore[union-attr]
    assert parse_reference("2015-07-21T10:00").precision == "day"  # type: ignore[union-attr]
    assert parse_reference("قريبا") is None and parse_reference(None) is None


def test_relative_dates_against_a_year_keep_only_the_year() -> None:
    text = "وقعت اشتباكات أمس في المدينة، وكان هجوم مماثل قد وقع العام الفائت، وقبل عامين أغلقت الحدود."
    assert _dates(text, "2012") == [
        ("أمس", "2012", "year"),
        ("العام الفائت", "2011", "year"),
        ("قبل عامين", "2010", "year"),
    ]


def test_a_month_or_day_named_without_a_year_is_in_the_reference_year() -> None:
    text = "وقعت المجزرة في فبراير الماضي، وتجري الانتخابات في السابع من يوليو، وتستأنف المحاكمة شهر مايو المقبل."
    values = [v for _t, v, _p in _dates(text, "2012")]
    assert values == ["2012-02", "2012-07-07", "2012-05"]


def test_a_month_reference_keeps_the_month() -> None:
    assert _dates("قال المتحدث أمس إن القوات انسحبت.", "2013-03") == [("أمس", "2013-03", "month")]


def test_a_dateline_dates_an_undated_article() -> None:
    text = (
        "الحدود المشتعلة بتاريخ 7-7-1433 هـ كتبه فلان. تستأنف المحادثات بين الوفدين غدا الثلاثاء في العاصمة."
    )
    found = _dates(text, None)
    assert found[0][1] == "2012-05-28"
    assert ("غدا الثلاثاء", "2012-05-29", "day") in found


def test_a_weekday_named_with_today_moves_a_late_corpus_date_back() -> None:
    # 2015-07-24 was a Friday: the article was written on the Monday it names
    text = "أطلق جندي النار على زملائه داخل ثكنة اليوم الاثنين، ووقع الحادث اليوم في المنطقة نفسها."
    assert _dates(text, "2015-07-24") == [
        ("اليوم الاثنين", "2015-07-20", "day"),
        ("اليوم", "2015-07-20", "day"),
    ]
    # a weekday that agrees with the date changes nothing
    assert _dates("وصل الوفد أمس الخميس إلى المدينة.", "2015-07-24") == [("أمس الخميس", "2015-07-23", "day")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("محمد بن علي من مواليد 23-03- 1969 في مدينة صفاقس", "1969-03-23"),
        ("وهو من مواليد 08-01 1982 بالمهدية", "1982-01-08"),
        ("كما حدث في الحادي عشر من سبتمبر بالعام 2001 في نيويورك", "2001-09-11"),
        ("وقع التفجير في يوليو العام 2005 في لندن", "2005-07"),
    ],
)
def test_numeric_dates_with_spaces_and_years_with_the_article(text: str, value: str) -> None:
    assert [v for _t, v, _p in _dates(text, "2015-11-23")] == [value]


def test_the_first_of_a_month_without_min() -> None:
    assert _dates("قتل المشجعون في أول فبراير الماضي", "2012-05-10") == [
        ("أول فبراير الماضي", "2012-02-01", "day")
    ]


def test_each_year_of_a_list_and_a_birth_year() -> None:
    found = _dates("تتسلم القاهرة ثلاث طائرات سنويا في أعوام 2015 و2016 و2017، وقائدها من مواليد 1983.", None)
    assert [v for _t, v, _p in found] == ["2015", "2016", "2017", "1983"]


def test_since_two_days_is_a_day_since_two_years_a_span() -> None:
    assert _dates("اعتقلت قوات الأمن العنصرين منذ يومين.", "2015-07-31") == [
        ("منذ يومين", "2015-07-29", "day")
    ]
    assert _dates("يعيش في المدينة منذ عامين.", "2015-07-31") == []


def test_a_bare_season_is_not_a_date() -> None:
    assert _dates("تطورات ما يسمى بالربيع العربي في المنطقة", "2012") == []
    assert _dates("وقع الهجوم صيف 2015", None) == [("صيف 2015", "2015", "year")]


def test_a_bare_season_is_no_date_even_without_a_reference() -> None:
    assert _dates("لم يكن الربيع العربي إلا شتاء طويلا", None) == []
    assert _dates("يعود الوفد الشتاء المقبل", "2015-07-31") == [("الشتاء المقبل", "2015", "year")]


def test_a_range_of_days_is_dated_by_its_first_day() -> None:
    assert _dates("عقد الاجتماع في الرباط 3 ــ 6 مايو الماضي", "2015-07-31") == [
        ("3 ــ 6 مايو الماضي", "2015-05-03", "day")
    ]
    assert _dates("من 12 إلى 14 يونيو 2014", None) == [("12 إلى 14 يونيو 2014", "2014-06-12", "day")]


def test_a_count_back_from_another_event_is_not_dated_from_publication() -> None:
    assert _dates("تلقى المسؤول تحذيرا قبل يومين من الهجوم", "2015-07-31") == []
    assert _dates("وقبل أسبوع على الاقتراع امتلأت الشوارع", "2015-07-31") == []
    assert _dates("غادر البلاد قبل عامين من الآن", "2015-07-31") == [("قبل عامين", "2013", "year")]


def test_the_next_day_counts_from_the_day_told_before() -> None:
    text = (
        "هاجم مسلحون دورية في 12 مارس الجاري، ثم تم في اليوم الموالي اعتقال أحدهم، وفي اليوم التالي أفرج عنه."
    )
    assert _dates(text, "2017-03-27") == [
        ("12 مارس الجاري", "2017-03-12", "day"),
        ("اليوم الموالي", "2017-03-13", "day"),
        ("اليوم التالي", "2017-03-14", "day"),
    ]
    # with no day told before, «اليوم التالي» dates nothing (and is never today)
    assert _dates("وفي اليوم التالي عاد الهدوء إلى المدينة", "2017-03-27") == []


def test_more_than_a_count_back_is_no_point_in_time() -> None:
    assert _dates("حذر منه الإداري قبل أكثر من 60 سنة", "2012-06-01") == []
    assert _dates("حذر منه الإداري قبل 60 سنة", "2012-06-01") == [("قبل 60 سنة", "1952", "year")]


def test_ramadan_named_with_its_month_word() -> None:
    # Ramadan 1436 began on 2015-06-18; the article is of late July
    assert _dates("خطط التنظيم لعمليات خلال شهر رمضان", "2015-07-21") == [("شهر رمضان", "2015-06", "month")]


# --- claims ----------------------------------------------------------------------------------------


def _claims(text: str, entities: dict | None = None, published: str = "2017-03-06") -> Document:
    doc = document_with_entities(text, entities or {}, published)
    relate_document(doc)
    return doc


SLITI = {"type": "PER", "names": ["سفيان السليطي", "السليطي"]}


def test_a_later_short_name_takes_the_speaker_s_full_phrase() -> None:
    doc = _claims(
        "قال الناطق الرسمي باسم المحكمة الابتدائية بتونس والقطب القضائي لمكافحة الإرهاب سفيان السليطي إن "
        "التهم وجهت إلى 74 شخصا في قضية الهجوم على الثكنة. وأكد السليطي أن 42 منهم موقوفون.",
        {"s": SLITI},
    )
    first, second = (c.source.text for c in doc.claims)
    assert first.endswith("سفيان السليطي") and first.startswith("الناطق الرسمي")
    assert second == first


def test_a_speaker_the_lexicon_does_not_know_is_the_noun_phrase_before_that() -> None:
    doc = _claims("وقال مكتب الادعاء الفدرالي إن المشتبه به لا يزال رهن الاعتقال بسبب الهجوم.")
    assert [(c.source.text, c.certainty) for c in doc.claims] == [("مكتب الادعاء الفدرالي", "reported")]
    doc = _claims("ويشتبه المحققون التونسيون في أن اللاجئ شارك في الهجوم على المتحف.")
    assert [(c.source.text, c.certainty) for c in doc.claims] == [("المحققون التونسيون", "believed")]


def test_a_nominal_report_with_an_unknown_source() -> None:
    doc = _claims("أصيب ثلاثة عسكريين في انفجار لغم أثناء عمليات التمشيط، وفق معطيات أولية.")
    assert [c.source.text for c in doc.claims] == ["معطيات أولية"]


def test_an_adverb_after_the_verb_is_not_a_speaker() -> None:
    doc = _claims("وقال مصدر أمني إن الهجوم أوقع قتلى. وأضاف قائلا إن المسلحين فروا نحو الجبل.")
    assert [c.source.text for c in doc.claims] == ["مصدر أمني", "مصدر أمني"]


def test_a_name_in_quotes_after_a_group_word_speaks() -> None:
    doc = _claims(
        "وتبنى تنظيم “داعش” الهجوم على الثكنة في بيان نشره على الإنترنت.",
        {"isis": {"type": "ORG", "names": ["داعش"], "subtype": "armed_group"}},
    )
    assert [(c.source.text, c.source.kind) for c in doc.claims] == [("تنظيم “داعش”", "group_statement")]


def test_the_body_named_after_the_verb_speaks_not_the_statement_after_it() -> None:
    doc = _claims(
        "وأكدت القوات المسلحة المصرية، في بيان رسمي، أن وحداتها تسلمت ثلاث مقاتلات جديدة.",
        {"eaf": {"type": "ORG", "names": ["القوات المسلحة المصرية"]}},
    )
    (claim,) = doc.claims
    assert (claim.source.text, claim.source.kind, claim.certainty) == (
        "القوات المسلحة المصرية",
        "named_official",
        "asserted",
    )


def test_a_title_without_a_name_stops_before_the_object() -> None:
    doc = _claims("وأكد المتحدث الأمني إحباط عمليات إرهابية خطط لها التنظيم في المدينة.")
    assert [c.source.text for c in doc.claims] == ["المتحدث الأمني"]


def test_a_subjectless_verb_does_not_reach_back_over_unrelated_sentences() -> None:
    doc = _claims(
        "وقال مصدر أمني إن المسلحين فروا. وتعيش المدينة حالة من الهدوء الحذر. وشهدت الأسواق حركة عادية. "
        "ويقول إن الأسعار ارتفعت."
    )
    assert [c.source.text for c in doc.claims] == ["مصدر أمني"]


def test_scripture_quoted_and_in_addition_are_not_claims() -> None:
    assert _claims("قال تعالى إن الله لا يحب المعتدين.").claims == []
    doc = _claims("قتل ثلاثة جنود، إضافة لمقتل الجندي الذي فتح النار.")
    assert doc.claims == []


def test_explained_reports_rather_than_asserts() -> None:
    doc = _claims("وأوضح مصدر أمني أن الهجوم استهدف دورية للجيش.")
    assert [c.certainty for c in doc.claims] == ["reported"]


def test_the_screen_scores_every_proposal_and_keeps_the_security_claims() -> None:
    doc = document_with_entities(
        "وقال مصدر أمني إن مسلحين هاجموا ثكنة للجيش في مدينة غاو وقتلوا أربعة جنود.",
        {"gao": {"type": "LOC", "names": ["غاو"]}},
        "2017-03-06",
    )
    ctx = ArticleContext.build(doc)
    proposals, _ = propose_claims(ctx)
    assert len(proposals) == 1
    assert 0.0 < probability(proposals[0][1]) < 1.0
    kept, attributions = extract_claims(ctx)
    assert len(kept) == 1 and len(attributions) == 1
    unscreened, _ = extract_claims(ctx, screened=False)
    assert len(unscreened) == 1


def test_a_definite_noun_heading_the_speaker_before_continues_it() -> None:
    doc = _claims(
        "ينشط التنظيم في المنطقة، وفق تقرير أصدرته مجموعة الأزمات الدولية. "
        "وأضافت المجموعة أن التنظيم يفرض ضرائب على الصيادين.",
        {"icg": {"type": "ORG", "names": ["مجموعة الأزمات الدولية"], "subtype": "ngo"}},
    )
    assert [c.source.text for c in doc.claims][-1] == "مجموعة الأزمات الدولية"


def test_whoever_qawluhu_belongs_to_speaks_and_the_agency_relays() -> None:
    doc = _claims(
        "ونسبت وكالة الأنباء الليبية إلى حفتر قوله إن الجيش دمر مواقع الإرهابيين في درنة.",
        {
            "haftar": {"type": "PER", "names": ["حفتر"]},
            "lana": {"type": "ORG", "names": ["وكالة الأنباء الليبية"]},
        },
    )
    (claim,) = doc.claims
    assert (claim.source.text, claim.source.via) == ("حفتر", ["وكالة الأنباء الليبية"])


def test_a_speaker_slot_of_a_dash_only_is_no_speaker() -> None:
    """«وأشار ـ في تصريح … ـ إلى أن»: the words after the verb normalise to nothing (a tatweel used as a
    dash); this crashed the relate stage on real news (an IndexError), found by bench_linear."""
    from rasd.pipeline import Pipeline
    from rasd.read import RawArticle
    from rasd.record import Document

    text = (
        "وقال المدير إن العمل بدأ. وأشار ـ في تصريح هاتفي لـ(الصباح) مساء أمس ـ إلى أنه تم اختيار القوافل "
        "لأنها تمثل أكثر من نصف الشحنات العابرة للحدود، وكانت أكبرها بحمولة عشرة أطنان."
    )
    doc = Pipeline().process(RawArticle(source="dash.txt", text=text))
    assert isinstance(doc, Document), doc  # not a ReadError
    assert any(c.source.text.startswith("المدير") for c in doc.claims)
