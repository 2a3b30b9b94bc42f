"""Date resolution against the publication date: every regional month name, relative forms, Hijri."""

from __future__ import annotations

import pytest

from rasd.relate import find_dates


def _one(text: str, published: str | None) -> tuple[str | None, str]:
    found = find_dates(text, published)
    assert len(found) == 1, found
    return found[0].value, found[0].precision


@pytest.mark.parametrize(
    ("text", "published", "value", "precision"),
    [
        ("وقع الهجوم أول أمس في المنطقة", "2014-10-22", "2014-10-20", "day"),
        ("وقع الهجوم أمس في المنطقة", "2014-10-22", "2014-10-21", "day"),
        ("اختتم أعماله يوم الإثنين", "2014-10-22", "2014-10-20", "day"),  # Wednesday → Monday before
        ("اختتم أعماله يوم الأربعاء", "2014-10-22", "2014-10-22", "day"),  # on publication day itself
        ("وصل الخميس الماضي", "2012-04-08", "2012-04-05", "day"),
        ("حدث ذلك الشهر الماضي", "2016-03-21", "2016-02", "month"),
        ("حدث ذلك الشهر الماضي", "2016-01-05", "2015-12", "month"),
        ("الهجوم يوم 11 سبتمبر الماضي", "2012-10-15", "2012-09-11", "day"),
        ("الهجوم يوم 11 سبتمبر الماضي", "2013-03-01", "2012-09-11", "day"),
        ("أرسلوا مبعوثا بداية شهر أكتوبر", "2014-10-22", "2014-10", "month"),
        ("تراجعت الهجمات العام الماضي", "2014-10-22", "2013", "year"),
        ("قتل في غارة في يونيو 2015", "2016-01-01", "2015-06", "month"),
        ("أعلن الولاء قبل عدة أشهر", "2014-10-22", "2014", "year"),
        ("بدأت قبل أسبوعين", "2020-10-09", "2020-09", "month"),
        ("بادرت شهر ماي الماضي", "2011-11-12", "2011-05", "month"),
        ("في جوان 2015", None, "2015-06", "month"),
        ("في جويلية 2013", None, "2013-07", "month"),
        ("يوم 11 أوت الماضي", "2015-09-15", "2015-08-11", "day"),
        ("في 28 كانون الثاني 2013", None, "2013-01-28", "day"),
        ("الأربعاء 14 أكتوبر 2020", None, "2020-10-14", "day"),
        ("مساء السبت 14 نيسان 2018", None, "2018-04-14", "day"),
        ("بتاريخ 18 يناير 2013", None, "2013-01-18", "day"),
        ("يوم 3 ربيع الثاني 1435 هـ", None, "2014-02-03", "day"),
        ("خلال شهر رمضان الماضي", "2019-06-18", "2019-05", "month"),
        ("في عام 2013", None, "2013", "year"),
        ("صدر بتاريخ 14/10/2020", None, "2020-10-14", "day"),
    ],
)
def test_resolves_against_publication_date(
    text: str, published: str | None, value: str, precision: str
) -> None:
    assert _one(text, published) == (value, precision)


@pytest.mark.parametrize(
    "text",
    ["وقع الهجوم أول أمس", "اختتم أعماله يوم الإثنين", "الشهر الماضي", "قبل بضعة أسابيع", "العام الماضي"],
)
def test_relative_dates_stay_unresolved_without_publication_date(text: str) -> None:
    assert _one(text, None) == (None, "unknown")


def test_day_and_month_without_year_keep_what_is_known() -> None:
    assert _one("الهجوم يوم 11 سبتمبر الماضي", None) == ("--09-11", "unknown")


def test_first_day_before_yesterday_is_not_read_as_yesterday() -> None:
    found = find_dates("أكدت مصادر أول أمس وأمس", "2014-10-22")
    assert [(d.text, d.value) for d in found] == [("أول أمس", "2014-10-20"), ("أمس", "2014-10-21")]


def test_spans_index_the_original_text_with_diacritics_and_clitics() -> None:
    text = "وبدايةَ شهرِ أكتوبر، وصلَ المبعوث"
    (d,) = find_dates(text, "2014-10-22")
    assert text[d.start : d.end] == d.text == "بدايةَ شهرِ أكتوبر"


def test_bare_month_name_that_is_also_a_word_is_not_a_date() -> None:
    assert find_dates("مارس التنظيم ضغوطا على السكان", "2014-10-22") == []


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31", "not a date", None])
def test_out_of_range_and_bad_input_never_raise(published: str | None) -> None:
    text = "قبل 99999999 يوم، أمس، يوم 29 فبراير، 31 فبراير 2015، في 1 محرم 1300 هـ، رمضان الماضي"
    for d in find_dates(text, published):
        assert text[d.start : d.end] == d.text
        assert d.value is None or d.value[:1].isdigit() or d.value.startswith("--")


def test_weekday_needs_a_time_word_or_direction() -> None:
    assert find_dates("قتلت قوات الأمن المهاجمين الاثنين بعد اشتباك", "2017-08-15") == []
    assert [d.value for d in find_dates("هاجم مسلحون مساء الأحد مطعما", "2017-08-15")] == ["2017-08-13"]
    assert [d.value for d in find_dates("وصل الخميس الماضي", "2017-08-15")] == ["2017-08-10"]


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        ("يتواجد منذ بضعة أسابيع في ليبيا", "2014-10-22", "2014-10"),
        ("تدور منذ 3 أسابيع", "2022-08-16", "2022-07"),
        ("منذ أكثر من شهر", "2014-10-22", "2014-09"),
    ],
)
def test_a_span_since_a_count_is_no_point_in_time_but_dates_its_start(
    text: str, published: str, value: str
) -> None:
    assert find_dates(text, published) == []
    (start,) = find_dates(text, published, spans=True)
    assert start.since and start.value == value


@pytest.mark.parametrize(
    ("text", "published", "value", "precision"),
    [
        ("في 25 يناير (كانون الثاني) 2011", "2015-07-21", "2011-01-25", "day"),
        ("تتسلمها في أغسطس (آب) المقبل", "2015-07-21", "2015-08", "month"),
        ("يوم 23 يوليو (تموز) الحالي", "2015-07-21", "2015-07-23", "day"),
        ("أرجئ الحكم إلى الثامن من أغسطس", "2015-07-31", "2015-08-08", "day"),
        ("في الحادي عشر من سبتمبر 2001", None, "2001-09-11", "day"),
        ("يوم السابع من الشهر الجاري", "2012-07-02", "2012-07-07", "day"),
        ("في جلسة يومي 30 و31 يوليو", "2015-08-02", "2015-07-30", "day"),
        ("تفجير مساء أمس الأول", "2015-07-22", "2015-07-20", "day"),
        ("الهجوم وقع الليلة قبل الماضية", "2015-07-22", "2015-07-20", "day"),
        ("الهجوم الذي وقع صيف 2015", None, "2015", "year"),
        ("الميناء مغلق منذ الخريف الماضي", "2015-07-25", "2014", "year"),
        ("أواخر 2007", None, "2007", "year"),
        ("في الجزائر سنة 1415 هـ", None, "1994", "year"),
        ("بتاريخ 7-7-1433 هـ", None, "2012-05-28", "day"),
        ("قال شهود الجمعة إن", "2015-07-25", "2015-07-24", "day"),  # a bare weekday
        ("موعد الاقتراع 27 سبتمبر", "2015-08-11", "2015-09-27", "day"),  # the nearest 27 September
    ],
)
def test_forms_of_real_news(text: str, published: str | None, value: str, precision: str) -> None:
    assert _one(text, published) == (value, precision)


@pytest.mark.parametrize(
    "text",
    [
        "قال النائب العام إن",  # the public prosecutor, not this year
        "الطعن في السنة النبوية",  # the Sunna
        "وفي اليوم التالي للهجوم",  # the day after an event, not publication day
        "وأضاف لـ(اليوم) أنه",  # the newspaper al-Yaum
        "قتل المهاجمين الاثنين",  # «the two attackers»
        "خلال ست سنوات من الحرب",  # a duration
    ],
)
def test_words_that_date_nothing(text: str) -> None:
    assert find_dates(text, "2015-07-22") == []
