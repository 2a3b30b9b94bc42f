"""Title, date line and byline at the head of a scrape; date parsing in every region's month names."""

from __future__ import annotations

import pytest

from rasd.clean.dates import parse_date_line, parse_published
from rasd.clean.header import is_headline, split_header

BODY = "أعلنت السلطات المحلية أنها عززت الإجراءات الأمنية في محيط المدينة بعد سلسلة من الهجمات المسلحة خلال الأسبوع الماضي."


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("23 أبريل 2024 , 15:44", "2024-04-23T15:44"),
        ("الأربعاء 14 أكتوبر 2020 - 21:23", "2020-10-14T21:23"),
        ("نشر في: 5 جويلية 2019", "2019-07-05"),
        ("الخميس 2 أوت 2018", "2018-08-02"),
        ("3 تشرين الأول 2017 الساعة 3:05 م", "2017-10-03T15:05"),
        ("١٢ ماي ٢٠٢١", "2021-05-12"),
        ("14/10/2020 - 09:30", "2020-10-14T09:30"),
        ("آخر تحديث: 1 أيلول 2015 (17 ذو القعدة 1436)", "2015-09-01"),
    ],
)
def test_date_lines(line: str, iso: str) -> None:
    assert parse_date_line(line) == iso


@pytest.mark.parametrize(
    "line",
    ["قال الوزير في 14 أكتوبر 2020 إن الوضع هادئ", "أكتوبر 2020", "30 فبراير 2020", "الساحل 2020"],
)
def test_prose_and_incomplete_dates_are_not_date_lines(line: str) -> None:
    assert parse_date_line(line) is None


def test_container_dates() -> None:
    assert parse_published("2021-03-05T10:20:00+00:00") == "2021-03-05T10:20"
    assert parse_published("2021-03-05") == "2021-03-05"
    assert parse_published("الأحد 7 مارس 2021") == "2021-03-07"
    assert parse_published("yesterday") is None
    assert parse_published(None) is None


def test_date_then_title_then_body() -> None:
    header, body = split_header(["23 أبريل 2024 , 15:44", "تنسيق أمني بين البلدين", BODY])
    assert (header.title, header.published) == ("تنسيق أمني بين البلدين", "2024-04-23T15:44")
    assert body == [BODY]


def test_repeated_title_byline_and_date() -> None:
    lines = [
        "رسالة مسربة: اتفاق سري",
        "رسالة مسربة: اتفاق سري",
        "الصحيفة – بديع الحمداني",
        "الأربعاء 14 أكتوبر 2020 - 21:23",
        BODY,
    ]
    header, body = split_header(lines)
    assert header.title == "رسالة مسربة: اتفاق سري"
    assert (header.outlet, header.byline, header.published) == (
        "الصحيفة",
        "بديع الحمداني",
        "2020-10-14T21:23",
    )
    assert body == [BODY]


def test_prefixed_byline() -> None:
    header, body = split_header(["عنوان الخبر هنا", "بقلم: سعاد المختار", BODY])
    assert header.byline == "سعاد المختار"
    assert body == [BODY]


def test_a_sentence_is_not_a_title_and_a_lone_line_is_the_body() -> None:
    header, body = split_header(["قتل جنديان في هجوم.", BODY])
    assert header.title is None and len(body) == 2
    header, body = split_header(["عنوان وحيد"])
    assert header.title is None and body == ["عنوان وحيد"]


def test_known_title_from_the_container_is_not_repeated() -> None:
    header, body = split_header(["هجوم على قافلة", BODY], known_title="هجوم على قافلة")
    assert header.title == "هجوم على قافلة" and body == [BODY]


def test_headline_shape() -> None:
    assert is_headline("هل تعلن الجماعات الولاء لداعش؟")
    assert not is_headline(BODY)
    assert not is_headline("+ -")
    assert not is_headline("Breaking news")
