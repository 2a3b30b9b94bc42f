"""HTML pages through trafilatura: main text and metadata, truncated pages, pages with nothing."""

from __future__ import annotations

from pathlib import Path

from rasd.read import RawArticle, ReadError, iter_articles

FIXTURES = Path(__file__).parent / "fixtures" / "read"


def _one(path: Path) -> RawArticle | ReadError:
    [item] = list(iter_articles([path]))
    return item


def test_article_text_and_metadata_come_out_of_the_page() -> None:
    article = _one(FIXTURES / "article.html")
    assert isinstance(article, RawArticle)
    assert article.title == "هجوم على قافلة عسكرية قرب الحدود"
    assert article.published == "2022-06-18T08:45"
    assert article.byline == "سليمة بن يوسف"
    assert article.outlet == "صحيفة الرمال"
    assert "هاجموا فجر السبت قافلة عسكرية" in article.text
    assert "فتح تحقيق لتحديد هوية المنفذين" in article.text
    # Navigation, sidebars and the footer are not the article.
    for furniture in ("الرئيسية", "مباراة الأمس", "جميع الحقوق محفوظة"):
        assert furniture not in article.text


def test_truncated_page_keeps_complete_paragraphs_only() -> None:
    article = _one(FIXTURES / "truncated.html")
    assert isinstance(article, RawArticle)
    assert article.text.endswith("يصعب الوصول إليها.")
    assert "ولم تتبن أي جهة" not in article.text  # the paragraph the download cut


def test_page_cut_before_any_complete_paragraph_is_an_error() -> None:
    error = _one(FIXTURES / "truncated_early.html")
    assert isinstance(error, ReadError)
    assert "truncated HTML page" in str(error)


def test_page_without_article_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text(
        "<html><head><title>x</title></head><body><nav><a href='/'>home</a></nav></body></html>",
        encoding="utf-8",
    )
    error = _one(path)
    assert isinstance(error, ReadError)
    assert str(error) == f"{path}: no article text found in the HTML page"


def test_windows_1256_page_is_decoded(tmp_path: Path) -> None:
    page = (
        (FIXTURES / "article.html")
        .read_text(encoding="utf-8")
        .replace('charset="utf-8"', 'charset="windows-1256"')
    )
    path = tmp_path / "legacy.htm"
    path.write_bytes(page.replace("©", "(c)").encode("cp1256"))
    article = _one(path)
    assert isinstance(article, RawArticle)
    assert article.encoding == "cp1256"
    assert article.title == "هجوم على قافلة عسكرية قرب الحدود"
