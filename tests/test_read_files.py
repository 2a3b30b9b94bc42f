"""Reading files and folders: order, types, encodings detected from bytes, and every bad input."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from rasd.read import RawArticle, ReadError, iter_articles
from rasd.read.decode import DecodeError, decode_bytes

ARTICLE = (
    "قالت مصادر أمنية إن وحدات من الجيش استعادت السيطرة على بلدة صغيرة في الشمال بعد اشتباكات عنيفة.\n"
    "وأضافت المصادر أن الوضع هادئ الآن، وأن دوريات مشتركة تجوب المنطقة منذ صباح الأحد."
)


def _read(*paths: Path | str, **kwargs) -> list[RawArticle | ReadError]:
    return list(iter_articles(paths, **kwargs))


def _only_error(items: list[RawArticle | ReadError]) -> ReadError:
    assert len(items) == 1 and isinstance(items[0], ReadError), items
    return items[0]


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8"),
        ("utf-16", "utf-16-le"),  # Python writes a little-endian BOM
        ("utf-16-le", "utf-16-le"),  # no BOM
        ("utf-16-be", "utf-16-be"),  # no BOM
        ("cp1256", "cp1256"),
    ],
)
def test_encoding_is_detected_from_the_bytes(tmp_path: Path, encoding: str, detected: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(ARTICLE.encode(encoding))
    [article] = _read(path)
    assert isinstance(article, RawArticle)
    assert article.text == ARTICLE
    assert article.encoding == detected


def test_utf16_with_big_endian_bom(tmp_path: Path) -> None:
    path = tmp_path / "be.txt"
    path.write_bytes(b"\xfe\xff" + ARTICLE.encode("utf-16-be"))
    [article] = _read(path)
    assert article.text == ARTICLE


def test_extension_does_not_decide_the_encoding(tmp_path: Path) -> None:
    # windows-1256 bytes in a .json file: still read correctly.
    path = tmp_path / "win.json"
    payload = json.dumps({"title": "عنوان الخبر", "text": ARTICLE}, ensure_ascii=False)
    path.write_bytes(payload.encode("cp1256"))
    [article] = _read(path)
    assert article.text == ARTICLE
    assert article.title == "عنوان الخبر"


def test_crlf_line_ends_become_newlines(tmp_path: Path) -> None:
    path = tmp_path / "dos.txt"
    path.write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    assert _read(path)[0].text == ARTICLE


def test_utf8_cut_inside_the_last_character_is_salvaged(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    path.write_bytes(ARTICLE.rstrip(".").encode("utf-8")[:-1])  # half of the last Arabic letter
    [article] = _read(path)
    assert isinstance(article, RawArticle)
    assert ARTICLE.startswith(article.text)


def test_folder_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    for name in ["b/2.txt", "a/9.txt", "a/10.txt", "c.txt"]:
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    sources = [Path(a.source).relative_to(tmp_path).as_posix() for a in _read(tmp_path)]
    assert sources == ["a/10.txt", "a/9.txt", "b/2.txt", "c.txt"]
    assert sources == [Path(a.source).relative_to(tmp_path).as_posix() for a in _read(tmp_path)]


def test_folder_walk_skips_hidden_and_unsupported_files(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    (tmp_path / "README.md").write_text("# corpus", encoding="utf-8")
    items = _read(tmp_path)
    assert [Path(a.source).name for a in items] == ["ok.txt"]


def test_unsupported_file_given_explicitly_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4")
    error = _only_error(_read(path))
    assert "unsupported file type '.pdf'" in str(error)


def test_nonexistent_path_is_an_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    items = _read(tmp_path / "missing.txt", good)
    assert isinstance(items[0], ReadError) and "no such file or directory" in str(items[0])
    assert isinstance(items[1], RawArticle)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t \n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)), "binary file"),
        (bytes((i * 37 + 11) % 128 + 128 for i in range(3000)), "undecodable bytes"),
    ],
    ids=["empty", "whitespace", "binary", "undecodable"],
)
def test_bad_bytes_give_one_clear_line(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    error = _only_error(_read(path))
    message = str(error)
    assert message.startswith(str(path) + ": ")
    assert reason in message
    assert "\n" not in message and "Traceback" not in message


def test_file_over_the_size_limit_is_rejected_without_reading_it(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # 30 MB, sparse: cheap to make
        handle.truncate(30 * 1024 * 1024)

    def refuse(*_args, **_kwargs):
        raise AssertionError("a file over the limit must not be read")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    started = time.perf_counter()
    error = _only_error(_read(path))
    assert time.perf_counter() - started < 1.0
    assert "file too large (30.0 MB > limit 10.0 MB)" in str(error)


def test_size_limit_is_an_option(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert isinstance(_read(path, max_bytes=100)[0], ReadError)
    assert isinstance(_read(path, max_bytes=10_000)[0], RawArticle)


def test_decode_bytes_rejects_a_wrong_script_guess() -> None:
    with pytest.raises(DecodeError):
        decode_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 100)
