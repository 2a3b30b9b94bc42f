"""Names no source holds in that spelling: the learned Latin spellings of Arabic words, the French
readings, another Arabic spelling of a held name, the sentence's other places as support, and no
small foreign town held by an Arabic name where the article names far-away countries."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd.build.transliteration import OUT
from rasd.cli import app
from rasd.evaluate.geocode import bilingual_pairs
from rasd.kb.names import name_key
from rasd.resolve.geocode import Gazetteer, GeoContext, _vowel_deletions, learned_words
from rasd.resolve.transliterate import arabic_words, readings, similarity


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def test_the_shipped_table_spells_the_generic_words_of_place_names() -> None:
    words = learned_words()
    assert words["عين"][0] == "ain"
    assert "sidi" in words["سيدي"] and "bir" in words["بير"]


def test_a_learned_spelling_brings_a_name_closer_to_its_latin_form(gaz: Gazetteer) -> None:
    key = name_key("سيدي بوزيد")
    assert "sidibouzid" in readings(key, gaz.words)
    draa = name_key("ذراع بن خدة")  # «ذراع» is «Draa», no letter rule says so
    assert similarity(draa, "Draa Ben Khedda", gaz.words) > 95 > similarity(draa, "Draa Ben Khedda")


def test_french_readings_of_a_construct_ta_marbuta_and_an_initial_wa() -> None:
    assert any(r.startswith("sagiet") for r in readings(name_key("ساقية سيدي يوسف")))
    assert "ras" + "ouad" in readings(name_key("راس الواد"))


def test_the_shipped_table_is_what_the_build_learns_from_the_development_half(
    gaz: Gazetteer, tmp_path: Path
) -> None:
    out = tmp_path / "transliteration.tsv"
    result = CliRunner().invoke(app, ["build", "transliteration", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8") == OUT.read_text("utf-8")  # reproducible, and up to date
    rows = [line.split("\t") for line in out.read_text("utf-8").splitlines() if not line.startswith("#")]
    dev_words = {w for ar, _ in bilingual_pairs(gaz, "development") for w in arabic_words(name_key(ar))}
    assert rows and {a for a, _, _ in rows} <= dev_words  # the held-apart half is never read
    assert all(int(n) >= 2 for _, _, n in rows)


def test_another_arabic_spelling_of_a_held_name(gaz: Gazetteer) -> None:
    brussels = gaz.choose(name_key("بروكسيل"), GeoContext(countries={"SY"}))
    assert brussels is not None and brussels.how == "variant" and brussels.place.name == "Brussels"
    belgium = gaz.choose(name_key("بلجيكيا"), GeoContext(countries={"TN"}))
    assert belgium is not None and belgium.place.id == "country:BE"
    assert _vowel_deletions("بروكسيل") == {"بركسيل", "بروكسل"}  # long vowels only
    assert _vowel_deletions("ايوب") == {"اوب", "ايب"}  # never the first letter


def test_a_place_of_the_same_sentence_supports_a_closer_reading(gaz: Gazetteer) -> None:
    key = name_key("الشابة")  # a common word («the young woman») and Chebba, Tunisia
    assert gaz.choose(key, GeoContext(countries={"TN"})) is None
    near_mahdia = gaz.choose(key, GeoContext(countries={"TN"}, close_points=[(35.50, 11.06)]))
    assert near_mahdia is not None and near_mahdia.place.name == "Chebba"


def test_no_small_town_held_in_arabic_far_from_the_articles_countries(gaz: Gazetteer) -> None:
    key = name_key("العزيزية")  # a district of Doha, and a Libyan town of that Arabic name
    assert gaz.choose(key, GeoContext(countries={"QA"})) is None
    libyan = gaz.choose(key, GeoContext(countries={"LY"}))
    assert libyan is not None and libyan.place.country == "LY"
