"""clean_article end to end: a scrape with every kind of noise, container metadata, and the five seeds."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from rasd.clean import clean_article
from rasd.read import RawArticle, ReadError, iter_articles

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

SCRAPE = """الأحد 7 مارس 2021 - 10:05

اشتباكات عنيفة قرب الحدود

+ -

a94b3c0d5e6f7a8b9c0d1e2f3a4b5c6d_Xأفادت مصادر محلية أن اشتباكات اندلعت بين الجيش ومسلحين،وأن قوات الولاياتالمتحدة قدمت دعما جويا.وأكدت المصادر سقوط قتلى.

عناصر من الجيش خلال دورية سابقة (أرشيف)

وقال مسؤول إن Œالجماعة المسلحة˜ انسحبت نحو الجبال بعد ساعات من القتال.

وكالة الساحل(بتصرف)

شاهد أيضاً

انفجار لغم في طريق صحراوي

قال شهود إن الانفجار وقع صباح اليوم قرب…

اترك تعليقاً

لن يتم نشر عنوان بريدك الإلكتروني.
"""


def _clean(text: str, **fields) -> object:
    return clean_article(RawArticle(source="t.txt", text=text, **fields))


def test_noisy_scrape_comes_out_clean() -> None:
    doc = _clean(SCRAPE)
    assert doc.title == "اشتباكات عنيفة قرب الحدود"
    assert doc.published == "2021-03-07T10:05"
    assert doc.outlet == "وكالة الساحل"
    assert doc.text == (
        "اشتباكات عنيفة قرب الحدود\n\n"
        "أفادت مصادر محلية أن اشتباكات اندلعت بين الجيش ومسلحين، وأن قوات الولايات المتحدة قدمت دعما جويا."
        " وأكدت المصادر سقوط قتلى.\n\n"
        "وقال مسؤول إن «الجماعة المسلحة» انسحبت نحو الجبال بعد ساعات من القتال."
    )
    assert doc.id == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def test_letters_and_diacritics_are_kept_exactly() -> None:
    text = "أكّدَت مصادرُ أمنيّة أنّ الإرهابيين انسحبوا إلى الأراضي الليبيـة  قبل يومين، وأن «الوضع» هادئ."
    assert _clean(text).text == text


def test_container_metadata_wins_and_its_date_is_iso() -> None:
    doc = _clean(
        "هجوم على قافلة\n" + SCRAPE.split("\n\n", 3)[3],
        title="هجوم على قافلة",
        published="2022-06-18T08:45:00Z",
        byline="مراسلنا",
        outlet="صحيفة الرمال",
    )
    assert doc.text.startswith("هجوم على قافلة\n\n")
    assert doc.text.count("هجوم على قافلة") == 1
    assert (doc.published, doc.byline, doc.outlet) == ("2022-06-18T08:45", "مراسلنا", "صحيفة الرمال")


def test_nothing_left_is_a_read_error() -> None:
    with pytest.raises(ReadError, match="no article text left"):
        _clean("+ -\n\nشارك\n")


@pytest.fixture(scope="module")
def seeds() -> dict[str, object]:
    if not SEEDS.is_dir():
        pytest.skip("shared seeds not available")
    return {Path(raw.source).name[:3]: (raw, clean_article(raw)) for raw in iter_articles([SEEDS])}


NOISE = (
    "Œ",
    "˜",
    "_L",
    "اترك تعليق",
    "شاهد أيضاً",
    "تعليقات",
    "مؤرشف",
    "تسجيل الدخول",
    "+ -",
    "(خاص)",
    "(بتصرف)",
    "إهانة موسمية",
    "بريدك الإلكتروني",
)


def test_every_seed_is_clean(seeds) -> None:
    assert sorted(seeds) == ["000", "001", "002", "003", "004"]
    for raw, doc in seeds.values():
        for noise in NOISE:
            assert noise not in doc.text, (raw.source, noise)
        assert "\n\n\n" not in doc.text and doc.text == doc.text.strip()
        assert doc.id == hashlib.sha256(doc.text.encode()).hexdigest()
        if doc.title:
            assert doc.text.split("\n", 1)[0] == doc.title


def test_seed_000_is_already_clean_and_kept_exactly(seeds) -> None:
    raw, doc = seeds["000"]
    assert doc.text == raw.text.strip() and doc.title is None


def test_seed_001(seeds) -> None:
    _, doc = seeds["001"]
    assert doc.title == "تنسيق أمني بين القاهرة والجزائر بعد رصد اتصالات بين درودكال وجماعة أنصار بيت المقدس"
    assert doc.published == "2024-04-23T15:44"
    assert doc.outlet == "المحور"
    assert doc.text.split("\n\n")[1].startswith("قالت مصادر موثوقة")
    for fixed in ("المصري، قَدِموا", "للتحقيق حول", "وأكّدت أن", "«القاعدة في بلاد المغرب الإسلامي»", "درودكال"):
        assert fixed in doc.text
    assert doc.text.endswith("وخاصة في سوريا.")


def test_seed_002(seeds) -> None:
    _, doc = seeds["002"]
    assert "الولايات المتحدة الأمريكية" in doc.text and "ألقذافي" in doc.text


def test_seed_003(seeds) -> None:
    _, doc = seeds["003"]
    assert doc.title == "هل تعلن الجماعات الإرهابية في الساحل والصحراء الولاء لداعش؟"
    for fixed in ("والقتال. رفعت", "عام 2013. ورصدت", "أزواد وتلاحق"):
        assert fixed in doc.text
    assert doc.text.endswith("على حمل السلاح والقتال.")


def test_seed_004(seeds) -> None:
    _, doc = seeds["004"]
    assert doc.title.startswith("رسالة مُسربة من بريد هيلاري كلينتون")
    assert doc.text.count("رسالة مُسربة من بريد هيلاري كلينتون") == 1
    assert (doc.outlet, doc.byline, doc.published) == ("الصحيفة", "بديع الحمداني", "2020-10-14T21:23")
    assert doc.text.endswith("أنه لا زال حيا يُرزق.")


def test_html_page_cleans_to_title_then_paragraphs() -> None:
    [raw] = list(iter_articles([Path(__file__).parent / "fixtures" / "read" / "article.html"]))
    doc = clean_article(raw)
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0] == doc.title == "هجوم على قافلة عسكرية قرب الحدود"
    assert len(paragraphs) == 4 and doc.text.count(doc.title) == 1
    assert (doc.published, doc.byline, doc.outlet) == ("2022-06-18T08:45", "سليمة بن يوسف", "صحيفة الرمال")


def test_cleaning_is_idempotent(seeds) -> None:
    for _, doc in seeds.values():
        again = clean_article(RawArticle(source=doc.source, text=doc.text))
        assert (again.text, again.title) == (doc.text, doc.title)
