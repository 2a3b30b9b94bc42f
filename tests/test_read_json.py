"""JSON and JSONL containers: field names, one object or a list, per-line errors that do not stop the batch."""

from __future__ import annotations

import json
from pathlib import Path

from rasd.read import RawArticle, ReadError, iter_articles

TEXT = "أعلنت وزارة الدفاع أن وحداتها أحبطت محاولة تسلل عبر الحدود الجنوبية، وضبطت أسلحة وذخائر."


def _read(path: Path) -> list[RawArticle | ReadError]:
    return list(iter_articles([path]))


def test_json_object_with_common_field_names(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(
        json.dumps(
            {
                "headline": "إحباط محاولة تسلل",
                "maintext": TEXT,
                "link": "https://example.org/a/1",
                "date_publish": "2023-02-01 10:05:00",
                "authors": ["مراسلنا"],
                "source_domain": "example.org",
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    [article] = _read(path)
    assert isinstance(article, RawArticle)
    assert (article.source, article.title, article.text) == (str(path), "إحباط محاولة تسلل", TEXT)
    assert (article.url, article.published, article.byline, article.outlet) == (
        "https://example.org/a/1",
        "2023-02-01 10:05:00",
        "مراسلنا",
        "example.org",
    )


def test_json_list_gives_one_article_per_object(tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    path.write_text(
        json.dumps([{"body": TEXT}, {"content": TEXT + " ثانيا."}, "not an article"], ensure_ascii=False),
        encoding="utf-8",
    )
    items = _read(path)
    assert [item.source for item in items] == [f"{path}#1", f"{path}#2", f"{path}#3"]
    assert isinstance(items[0], RawArticle) and isinstance(items[1], RawArticle)
    assert isinstance(items[2], ReadError) and "not an object" in str(items[2])


def test_jsonl_sources_are_line_numbers_and_bad_lines_do_not_stop_the_file(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"text": TEXT, "title": "أول"}, ensure_ascii=False),
        "",
        "[1, 2, 3]",
        json.dumps({"title": "بلا نص"}, ensure_ascii=False),
        '{"text": "نص مقطوع',
        json.dumps({"article": TEXT}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read(path)
    assert [item.source for item in items] == [f"{path}#{n}" for n in (1, 3, 4, 5, 6)]
    kinds = [type(item).__name__ for item in items]
    assert kinds == ["RawArticle", "ReadError", "ReadError", "ReadError", "RawArticle"]
    assert "JSON value is list, not an object" in str(items[1])
    assert "no article text" in str(items[2])
    assert "invalid JSON line" in str(items[3])
    assert all("\n" not in str(item) for item in items if isinstance(item, ReadError))


def test_invalid_json_file_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"text": "نص", ', encoding="utf-8")
    [error] = _read(path)
    assert isinstance(error, ReadError)
    assert str(error).startswith(f"{path}: invalid JSON (")


def test_jsonl_in_utf16(tmp_path: Path) -> None:
    path = tmp_path / "wide.jsonl"
    rows = [json.dumps({"text": TEXT}, ensure_ascii=False), json.dumps({"text": TEXT}, ensure_ascii=False)]
    path.write_bytes("\n".join(rows).encode("utf-16"))
    items = _read(path)
    assert [item.text for item in items] == [TEXT, TEXT]
    assert [item.source for item in items] == [f"{path}#1", f"{path}#2"]


def test_jsonl_line_over_the_limit_is_an_error_for_that_line_only(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    long = json.dumps({"text": "ب" * 5000})
    path.write_text(json.dumps({"text": TEXT}, ensure_ascii=False) + "\n" + long + "\n", encoding="utf-8")
    items = list(iter_articles([path], max_bytes=2000))
    assert isinstance(items[0], RawArticle)
    assert isinstance(items[1], ReadError) and "line too large" in str(items[1])


def test_html_inside_a_json_text_field_goes_through_the_html_reader(tmp_path: Path) -> None:
    page = (Path(__file__).parent / "fixtures" / "read" / "article.html").read_text(encoding="utf-8")
    path = tmp_path / "page.json"
    path.write_text(
        json.dumps({"content": page, "url": "https://example.org/x"}, ensure_ascii=False), encoding="utf-8"
    )
    [article] = _read(path)
    assert isinstance(article, RawArticle)
    assert "<p>" not in article.text and "هاجموا فجر السبت" in article.text
    assert article.title == "هجوم على قافلة عسكرية قرب الحدود"
