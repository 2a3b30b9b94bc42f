"""Mojibake repair: UTF-8 read as cp1252, windows-1256 read as cp1252, guillemets lost as Œ…˜."""

from __future__ import annotations

import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252", the decoding browsers really apply)

from rasd.clean.mojibake import repair_mojibake

ARABIC = "أعلن الجيش المالي مقتل عشرة مسلحين في اشتباك قرب الحدود"


def test_utf8_read_as_cp1252_is_repaired() -> None:
    broken = ARABIC.encode("utf-8").decode("sloppy-windows-1252")
    assert "Ø" in broken
    assert repair_mojibake(broken) == ARABIC


def test_windows1256_read_as_cp1252_is_repaired() -> None:
    broken = ARABIC.encode("cp1256").decode("cp1252", errors="replace")
    assert "Ç" in broken
    assert repair_mojibake(broken) == ARABIC


def test_only_the_broken_line_is_touched() -> None:
    broken = ARABIC.encode("cp1256").decode("cp1252")
    text = f"{ARABIC}\n{broken}\nCafé Müller à Paris"
    assert repair_mojibake(text) == f"{ARABIC}\n{ARABIC}\nCafé Müller à Paris"


def test_guillemets_lost_as_other_glyphs_come_back_in_arabic_text() -> None:
    assert (
        repair_mojibake("قادة تنظيم Œالقاعدة في بلاد المغرب˜ يسافرون")
        == "قادة تنظيم «القاعدة في بلاد المغرب» يسافرون"
    )


def test_latin_text_and_clean_arabic_are_left_alone() -> None:
    for text in ("Œuvre complète", ARABIC, "مدينة Tombouctou وغاو", "“داعش” و«القاعدة»"):
        assert repair_mojibake(text) == text


def test_a_lone_quote_glyph_before_a_word_opens_a_quotation() -> None:
    assert repair_mojibake("أكدت أن قادة التنظيم ˜يسافرون بانتظام") == "أكدت أن قادة التنظيم «يسافرون بانتظام"
    assert repair_mojibake("عن حركة Œأنصار الشريعة˜، وغيرها") == "عن حركة «أنصار الشريعة»، وغيرها"
