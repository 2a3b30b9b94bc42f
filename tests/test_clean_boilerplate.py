"""Trailers, "see also" boxes, widgets, photo captions, credit lines and debris."""

from __future__ import annotations

from rasd.clean.boilerplate import (
    credit_outlet,
    cut_trailer,
    drop_see_also,
    is_photo_caption,
    is_widget,
    remove_debris,
)

PARAGRAPH = (
    "قال مسؤول محلي إن قوات الأمن اعتقلت ثلاثة أشخاص يشتبه في انتمائهم إلى جماعة مسلحة تنشط في المنطقة."
)


def test_comment_box_cuts_the_rest_of_the_page() -> None:
    lines = [PARAGRAPH, "أضف تعليقاً", "اسمك", "بريدك الإلكتروني", PARAGRAPH]
    assert cut_trailer(lines) == [PARAGRAPH]


def test_paywall_note_cuts_the_rest_whatever_the_spelling() -> None:
    lines = [PARAGRAPH, "", "مقالٌ مؤرشف", "هذا المقال مؤرشف، اشترك لقراءته", "تسجيل الدخول"]
    assert cut_trailer(lines) == [PARAGRAPH, ""]
    lines = [PARAGRAPH, "هذا المقال مؤرشف, يتوجب عليك الاشتراك لقراءة المقالات المؤرشفة."]
    assert cut_trailer(lines) == [PARAGRAPH]


def test_trailer_marker_before_any_paragraph_drops_only_its_line() -> None:
    lines = ["عنوان الخبر", "تعليقات", PARAGRAPH]
    assert cut_trailer(lines) == ["عنوان الخبر", PARAGRAPH]


def test_a_paragraph_that_mentions_comments_is_not_a_trailer() -> None:
    lines = [
        PARAGRAPH,
        "وانتشرت تعليقات كثيرة على مواقع التواصل حول الحادثة خلال الساعات التي تلت الإعلان عنها.",
    ]
    assert cut_trailer(lines) == lines


def test_see_also_marker_goes_with_its_teasers_and_the_story_goes_on() -> None:
    lines = [
        PARAGRAPH,
        "اقرأ أيضا:",
        "انفجار لغم في طريق صحراوي",
        "قال شهود إن الانفجار وقع صباح اليوم قرب…",
        PARAGRAPH + " وأكد المصدر ذلك.",
    ]
    assert drop_see_also(lines) == [PARAGRAPH, PARAGRAPH + " وأكد المصدر ذلك."]


def test_see_also_with_the_teaser_on_the_same_line() -> None:
    lines = [PARAGRAPH, "اقرأ أيضاً: مقتل جنديين في هجوم", PARAGRAPH]
    assert drop_see_also(lines) == [PARAGRAPH, PARAGRAPH]


def test_widgets_are_lines_of_widget_words_or_no_words() -> None:
    for line in (
        "+ -",
        "A+ A-",
        "شارك",
        "فيسبوك تويتر واتساب",
        "تسجيل الدخول باقة الاشتراكات",
        "***",
        "|",
        "Share",
    ):
        assert is_widget(line), line
    for line in (PARAGRAPH, "شارك مئات الأشخاص في المسيرة", "X-Ray"):
        assert not is_widget(line), line


def test_photo_caption_with_a_credit_is_recognised() -> None:
    assert is_photo_caption("رسالة الوزيرة التي نشرت ضمن مئات الرسائل الأخرى (خاص)")
    assert is_photo_caption("عناصر من الجيش خلال دورية (صورة أرشيفية)")
    assert not is_photo_caption("وقال إن الاجتماع كان خاصا (خاص).")
    assert not is_photo_caption(PARAGRAPH)


def test_credit_line_names_the_outlet() -> None:
    assert credit_outlet("المحور(بتصرف)") == "المحور"
    assert credit_outlet("جريدة الخبر (بتصرّف)") == "جريدة الخبر"
    assert credit_outlet("المصدر: وكالة الأنباء") == "وكالة الأنباء"
    assert credit_outlet(PARAGRAPH) is None
    assert (
        credit_outlet("وقال الوزير إنه نقل الرسالة (بتصرف) إلى الرئيس ثم غادر القاعة مسرعا بعد اللقاء")
        is None
    )


def test_hash_debris_glued_to_the_first_word_is_removed() -> None:
    assert remove_debris("3f6cd9917d714abae7ef1edb995940fb_Lقالت مصادر") == "قالت مصادر"
    assert remove_debris("قالت\x00 مصادر\ufffd") == "قالت مصادر"
    # Ordinary numbers and words stay.
    assert remove_debris("الرقم 20240423 والمعرف abc") == "الرقم 20240423 والمعرف abc"
