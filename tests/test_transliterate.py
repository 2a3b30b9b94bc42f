"""Arabic → Latin place-name matching: the skeleton rules and the similarity that ranks candidates."""

from __future__ import annotations

import pytest

from rasd.kb.names import name_key
from rasd.resolve.transliterate import arabic_skeletons, latin_skeleton, romanize, similarity


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("تيلابيري", "Tillabéri"),  # doubled letter, accent, long vowels
        ("واغادوغو", "Ouagadougou"),  # و for «ou», غ for g
        ("مايدوغوري", "Maiduguri"),  # Kanuri: غ for g
        ("تنبكتو", "Tombouctou"),  # نب read mb
        ("ورڤلة", "Ouargla"),  # Algerian ڤ for g
        ("قاو", "Gao"),  # ق for g
        ("جيبو", "Djibo"),  # ج for French «dj»
        ("أبيدجان", "Abidjan"),  # دج for «dj»
        ("دوينتزا", "Douentza"),
        ("تين زواتين", "Tin Zaouatine"),
        ("عين صالح", "In Salah"),
        ("الخليل", "Khalil"),  # the article
        ("أيورو", "Ayorou"),
    ],
)
def test_both_scripts_share_a_skeleton(arabic: str, latin: str) -> None:
    assert latin_skeleton(latin) in arabic_skeletons(name_key(arabic))


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("تيسيت", "Tessit"),
        ("بوني", "Boni"),
        ("غوزا", "Gwoza"),
        ("أيورو", "Ayorou"),
        ("بني مراد", "Beni Mered"),
    ],
)
def test_similarity_reads_the_arabic_as_french_papers_write_it(arabic: str, latin: str) -> None:
    assert similarity(name_key(arabic), latin) >= 85


def test_unrelated_names_do_not_read_alike() -> None:
    assert similarity(name_key("تيسيت"), "Tombouctou") < 60
    assert latin_skeleton("Tessit") not in arabic_skeletons(name_key("كيدال"))


def test_romanize_gives_a_french_style_reading() -> None:
    assert romanize(name_key("واغادوغو")) == "wagadougou"
    assert romanize(name_key("تيلابيري")) == "tilabiri"
