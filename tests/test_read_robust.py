"""Inputs a scraper user hands rasd: their field names, their own ids, a mapping for the rest; and
inputs that must not stop a batch: deep JSON, stray bytes, garbage, deeply nested HTML, symlinks."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from rasd.read import RawArticle, ReadError, iter_articles
from rasd.read.decode import decode
from rasd.read.records import parse_field_map

TEXT = "أعلنت وزارة الدفاع أن وحداتها أحبطت محاولة تسلل عبر الحدود الجنوبية، وضبطت أسلحة وذخائر."


def _read(*paths: Path, **options) -> list[RawArticle | ReadError]:
    return list(iter_articles(list(paths), **options))


def _jsonl(path: Path, *rows: dict | str) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"date_extracted": "2024-03-01T08:00:00", "id": "a-17"}, ("2024-03-01T08:00:00", "a-17")),
        ({"published_at": "2024-03-02", "guid": "urn:x:1"}, ("2024-03-02", "urn:x:1")),
        ({"pubDate": "Sat, 02 Mar 2024 10:00:00 GMT", "_id": 42}, ("Sat, 02 Mar 2024 10:00:00 GMT", "42")),
        # A publication date wins over the crawl time, whatever the order of the keys.
        ({"date_extracted": "2024-03-05", "date_publish": "2024-03-01"}, ("2024-03-01", None)),
    ],
)
def test_scraper_field_names(tmp_path: Path, row: dict, expected: tuple) -> None:
    path = _jsonl(tmp_path / "scrape.jsonl", {"maintext": TEXT, **row})
    [article] = _read(path)
    assert isinstance(article, RawArticle)
    assert (article.published, article.source_id) == expected


def test_authors_list_and_source_domain(tmp_path: Path) -> None:
    row = {"text": TEXT, "authors": [{"name": "مراسلنا"}, "وكالات"], "source_domain": "alwasat.ly"}
    [article] = _read(_jsonl(tmp_path / "a.jsonl", row))
    assert isinstance(article, RawArticle)
    assert (article.byline, article.outlet) == ("مراسلنا\nوكالات", "alwasat.ly")


def test_field_mapping_reads_keys_and_dotted_paths(tmp_path: Path) -> None:
    row = {"nass": TEXT, "meta": {"when": "2024-01-09", "ref": "N-1"}, "date": "1999-01-01"}
    path = _jsonl(tmp_path / "own.jsonl", row)
    mapping = parse_field_map(["text=nass", "published=meta.when", "source_id=meta.ref"])
    [article] = _read(path, fields=mapping)
    assert isinstance(article, RawArticle)
    assert (article.text, article.published, article.source_id) == (TEXT, "2024-01-09", "N-1")
    # Without the mapping there is no text field rasd knows.
    [error] = _read(path)
    assert isinstance(error, ReadError) and "no article text" in error.reason


@pytest.mark.parametrize("option", ["published", "when=date", "published="])
def test_field_mapping_errors_say_what_is_wrong(option: str) -> None:
    with pytest.raises(ValueError, match="--field"):
        parse_field_map([option])


def test_deep_json_is_one_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "deep.json").write_text(deep, encoding="utf-8")
    lines = _jsonl(tmp_path / "lines.jsonl", {"text": TEXT}, deep, {"text": TEXT + " ثانيا"})
    items = _read(tmp_path / "deep.json", lines)
    errors = [i for i in items if isinstance(i, ReadError)]
    assert [e.reason for e in errors] == ["JSON nested too deeply to be an article"] * 2
    assert errors[1].source.endswith("lines.jsonl#2")
    assert [i.text for i in items if isinstance(i, RawArticle)] == [TEXT, TEXT + " ثانيا"]


def test_a_stray_byte_is_replaced_and_counted(tmp_path: Path) -> None:
    body = (TEXT + "\n") * 90  # about 8 KB
    data = body.encode("utf-8")
    path = tmp_path / "stray.txt"
    at = data.index(b" ", 4000)  # between two characters: one invalid byte, one replacement
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    [article] = _read(path)
    assert isinstance(article, RawArticle)
    assert article.replaced == 1 and article.text.count("\ufffd") == 1 and article.encoding == "utf-8"
    # A U+FFFD already in the text is not counted as a replacement.
    assert decode(("\ufffd" + body).encode("utf-8")).replaced == 0
    # The same in a JSONL line.
    line = json.dumps({"text": body}, ensure_ascii=False).encode("utf-8")
    at = line.index(b" ", 3000)
    (tmp_path / "stray.jsonl").write_bytes(line[:at] + b"\xfe" + line[at:] + b"\n")
    [from_line] = _read(tmp_path / "stray.jsonl")
    assert isinstance(from_line, RawArticle) and from_line.replaced == 1


def test_windows_1256_is_still_windows_1256(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(((TEXT + "\n") * 20).encode("cp1256"))
    [article] = _read(path)
    assert isinstance(article, RawArticle)
    assert article.replaced == 0 and article.text.startswith(TEXT) and article.encoding != "utf-8"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x8a\x9b\xc3", "not Arabic text"),
        (b"abc", "not Arabic text"),
        (
            ("The ministry of defence said its units stopped an infiltration. " * 20).encode(),
            "not Arabic text",
        ),
        (bytes(range(256)) * 8, "binary file"),
    ],
)
def test_garbage_is_refused(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "garbage.txt"
    path.write_bytes(content)
    [error] = _read(path)
    assert isinstance(error, ReadError) and reason in error.reason, error


def test_deeply_nested_html_still_yields_its_text(tmp_path: Path) -> None:
    paragraph = "<p>" + TEXT * 3 + "</p>"
    depth = 200_000
    page = "<html><body>" + "<div>" * depth + paragraph * 6 + "</div>" * depth + "</body></html>"
    path = tmp_path / "nested.html"
    path.write_text(page, encoding="utf-8")
    [article] = _read(path)
    assert isinstance(article, RawArticle), article
    assert TEXT in article.text


def test_a_file_reached_twice_is_read_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(TEXT, encoding="utf-8")
    os.symlink(corpus / "a.txt", corpus / "link.txt")
    items = _read(corpus, corpus / "a.txt", corpus / "link.txt")
    assert [i.source for i in items] == [str(corpus / "a.txt")]


def test_articles_already_read_pass_through(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "own.jsonl", {"nass": TEXT})
    first = iter_articles([path], fields={"text": "nass"})
    [article] = list(iter_articles(first))  # as Pipeline.run does with what it is given
    assert isinstance(article, RawArticle) and article.text == TEXT
