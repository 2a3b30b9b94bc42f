"""Glued words split by word frequency; real rare names kept; missing spaces after punctuation added."""

from __future__ import annotations

import pytest

from rasd.clean.glued import add_missing_spaces, split_glued_words


@pytest.mark.parametrize(
    ("glued", "split"),
    [
        ("الولاياتالمتحدةالأمريكية", "الولايات المتحدة الأمريكية"),
        ("مهمة للتحقيقحول شبهات", "مهمة للتحقيق حول شبهات"),
        ("وأكّدتأن القادة", "وأكّدت أن القادة"),  # the shadda stays where it was
        ("في إقليم أزوادوتلاحق القوات", "في إقليم أزواد وتلاحق القوات"),
        ("غيرالمشروط", "غير المشروط"),
        ("المدينةالقديمة", "المدينة القديمة"),
    ],
)
def test_glued_words_are_split(glued: str, split: str) -> None:
    assert split_glued_words(glued) == split


@pytest.mark.parametrize(
    "word",
    ["بلمختار", "درودكال", "لبلمختار", "ألقذافي", "وبصواريخهم", "عبدالمالك", "والاستخباراتية", "إيفوغاس"],
)
def test_names_and_real_words_are_kept(word: str) -> None:
    assert split_glued_words(word) == word


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("جهاز المخابرات المصري،قَدِموا إلى", "جهاز المخابرات المصري، قَدِموا إلى"),
        ("حمل السلاح والقتال.رفعت الجزائر", "حمل السلاح والقتال. رفعت الجزائر"),
        ("من عام 2013.ورصدت مصالح الأمن", "من عام 2013. ورصدت مصالح الأمن"),
        ("ليبية،ومصرية", "ليبية، ومصرية"),
        ("وقال:إن الوضع", "وقال: إن الوضع"),
        ("هل انتهى؟نعم", "هل انتهى؟ نعم"),
        ("في العام،2012", "في العام، 2012"),
    ],
)
def test_missing_space_after_punctuation_is_added(before: str, after: str) -> None:
    assert add_missing_spaces(before) == after


@pytest.mark.parametrize(
    "text",
    [
        "نمو بنسبة 1.5 بالمئة",
        "الساعة 15:44",
        "نقلا عن أ.ف.ب اليوم",
        "الموقع example.com نشر",
        "2.000 دولار",
        "قال: إن",
    ],
)
def test_numbers_initials_and_correct_text_are_untouched(text: str) -> None:
    assert add_missing_spaces(text) == text
