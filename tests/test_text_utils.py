"""The one normaliser, tokeniser and sentence splitter."""

from __future__ import annotations

from rasd.text import normalize, normalize_with_map, sentence_spans, tokenize
from rasd.text.months import gregorian_months, month_number


def test_normalize_folds_variants() -> None:
    assert normalize("أَكّدت") == normalize("اكدت")
    assert normalize("القاعـــدة") == "القاعده"
    assert normalize("إلى") == "الي"
    assert normalize("ورڤلة") == normalize("ورقلة")
    assert normalize("  a \n b ") == "a b"


def test_normalize_map_points_back_to_original() -> None:
    text = "قَدِموا إلى الجزائر"
    norm, index = normalize_with_map(text)
    start = norm.index("الجزاير")
    end = start + len("الجزاير")
    assert text[index[start] : index[end - 1] + 1] == "الجزائر"


def test_tokenize_offsets() -> None:
    text = "قال مصدر أمني، إن 100 جزائري (سي آي إيه)."
    toks = tokenize(text)
    assert all(text[t.start : t.end] == t.text for t in toks)
    assert [t.text for t in toks][:4] == ["قال", "مصدر", "أمني", "،"]
    assert "100" in [t.text for t in toks]


def test_sentences_split_glued_full_stop_not_numbers() -> None:
    text = "انتهى القتال.رفعت الجزائر مستوى التنسيق بنسبة 1.5 بالمئة. ثم ماذا؟ لا شيء"
    got = [text[s.start : s.end] for s in sentence_spans(text)]
    assert got == ["انتهى القتال.", "رفعت الجزائر مستوى التنسيق بنسبة 1.5 بالمئة.", "ثم ماذا؟", "لا شيء"]


def test_months_of_every_region() -> None:
    assert month_number("جوان") == 6 and month_number("حزيران") == 6 and month_number("يونيو") == 6
    assert month_number("أوت") == 8 and month_number("تشرين الأول") == 10 and month_number("ماي") == 5
    assert len(set(gregorian_months().values())) == 12
