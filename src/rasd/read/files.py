"""Walk files and folders and yield one RawArticle per article, or a ReadError per bad input.

The order is deterministic: paths as given, each folder walked recursively in sorted order. Inside
a folder, hidden entries and files of other types are skipped silently (a corpus folder often holds
a README or a .DS_Store); named explicitly, they are an error. A bad input never stops the batch.

One file is read once per batch however it is reached: a symlink, or a folder given twice, leads to
a file already read, which is skipped. What is read must be Arabic text: binary data, and text with
too few Arabic letters to be an Arabic article (three bytes of garbage, a page of English), is
refused with the reason. Bytes that are not valid UTF-8 in an otherwise UTF-8 file are replaced by
U+FFFD and counted in ``RawArticle.replaced`` (the commands warn once per file).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from rasd.read.article import RawArticle, ReadError
from rasd.read.decode import DecodeError, decode
from rasd.read.html import HtmlError, article_from_html
from rasd.read.records import FieldMap, articles_from_json, articles_from_json_lines

MAX_FILE_BYTES = 10 * 1024 * 1024  # a news article is kilobytes; bigger files are dumps or mistakes
TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES
_JSONL_SAMPLE = 65536
# An Arabic article has at least this many Arabic letters, and they are at least this share of its letters.
MIN_ARABIC_LETTERS = 20
MIN_ARABIC_SHARE = 0.5


def iter_articles(
    paths: Iterable[str | Path | RawArticle | ReadError],
    *,
    max_bytes: int = MAX_FILE_BYTES,
    fields: FieldMap | None = None,
) -> Iterator[RawArticle | ReadError]:
    """Articles from files and folders; ``max_bytes`` caps one file (one line for JSONL); ``fields``
    maps JSON keys to fields (``records.FieldMap``). Articles and errors already read (from an
    earlier ``iter_articles`` with its own options) pass through unchanged."""
    for item in input_files(paths):
        if isinstance(item, RawArticle | ReadError):
            yield item
        else:
            yield from read_file(item[0], max_bytes=max_bytes, fields=fields)


def input_files(
    paths: str | Path | Iterable[str | Path | RawArticle | ReadError],
) -> Iterator[tuple[Path, Path] | RawArticle | ReadError]:
    """Each input file once, as (the path given or found in a folder, its real path): folders walked,
    symlinks resolved so one file reached twice is read once, a missing path as a ``ReadError``.
    Articles and errors already read pass through. (``iter_articles`` and the distributed
    partitioner walk inputs this one way.)"""
    if isinstance(paths, str | Path):  # one path given bare: not an iterable of characters
        paths = [paths]
    seen: set[Path] = set()  # files already listed, symlinks resolved
    for given in paths:
        if isinstance(given, RawArticle | ReadError):
            yield given
            continue
        path = Path(given)
        files = _walk(path) if path.is_dir() else [path] if path.exists() else None
        if files is None:
            yield ReadError(str(path), "no such file or directory")
            continue
        for file in files:
            real = _real(file)
            if real not in seen:
                seen.add(real)
                yield file, real


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: reading will say so
        return path.absolute()


def read_file(
    path: Path, *, max_bytes: int = MAX_FILE_BYTES, fields: FieldMap | None = None
) -> Iterator[RawArticle | ReadError]:
    """The articles of one file (several for JSON lists and JSONL), each checked to be Arabic text."""
    for item in _read_file(path, max_bytes, fields):
        yield item if isinstance(item, ReadError) else _arabic_enough(item)


def _read_file(path: Path, max_bytes: int, fields: FieldMap | None) -> Iterator[RawArticle | ReadError]:
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        expected = ", ".join(sorted(SUPPORTED_SUFFIXES))
        yield ReadError(source, f"unsupported file type '{suffix or path.name}' (expected {expected})")
        return
    try:
        if not path.is_file():
            yield ReadError(source, "not a regular file")
            return
        size = path.stat().st_size
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(path, source, max_bytes, fields)
            return
        if size > max_bytes:  # checked before reading: a huge file must not be loaded at all
            yield ReadError(source, f"file too large ({_mb(size)} > limit {_mb(max_bytes)})")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield ReadError(source, f"cannot read ({exc.strerror or type(exc).__name__})")
        return
    if not data.strip():
        yield ReadError(source, "empty file")
        return
    try:
        decoded = decode(data)
    except DecodeError as exc:
        yield ReadError(source, str(exc))
        return
    text, encoding = decoded.text, decoded.encoding
    if not text.strip():
        yield ReadError(source, "empty file (only whitespace)")
        return
    text = _unify_newlines(text)
    if suffix in HTML_SUFFIXES:
        try:
            page = article_from_html(text, source, encoding)
        except HtmlError as exc:
            yield ReadError(source, str(exc))
            return
        page.replaced = decoded.replaced
        yield page
    elif suffix in JSON_SUFFIXES:
        for item in articles_from_json(text, source, encoding, fields):
            if isinstance(item, RawArticle):
                item.replaced = decoded.replaced
            yield item
    else:
        yield RawArticle(source=source, text=text, encoding=encoding, replaced=decoded.replaced)


def _arabic_enough(raw: RawArticle) -> RawArticle | ReadError:
    """The article, or why it is not Arabic text (garbage, a page in another language)."""
    arabic = letters = 0
    for ch in raw.text:
        if ch.isalpha():
            letters += 1
            if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufeff":
                arabic += 1
    if arabic < MIN_ARABIC_LETTERS or arabic < MIN_ARABIC_SHARE * letters:
        return ReadError(
            raw.source, f"not Arabic text ({arabic} Arabic letters of {letters}): garbage or another language"
        )
    return raw


def _walk(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).parts
        if any(part.startswith(".") for part in relative):
            continue
        if path.suffix.lower() in SUPPORTED_SUFFIXES and path.is_file():
            yield path


def _read_jsonl(
    path: Path, source: str, max_bytes: int, fields: FieldMap | None
) -> Iterator[RawArticle | ReadError]:
    """Stream a JSONL file line by line, so a corpus dump of any size can be read."""
    with path.open("rb") as handle:
        sample = handle.read(_JSONL_SAMPLE)
        if not sample.strip():
            yield ReadError(source, "empty file")
            return
        try:
            # Cut the sample at a line end so a multi-byte character is not split.
            cut = sample.rfind(b"\n") if len(sample) == _JSONL_SAMPLE else -1
            encoding = decode(sample[: cut + 1] if cut > 0 else sample).encoding
        except DecodeError as exc:
            yield ReadError(source, str(exc))
            return
        handle.seek(0)
        replaced: dict[int, int] = {}  # line number → invalid bytes replaced in it
        if encoding.startswith(("utf-16", "utf-32")):  # a newline byte split does not work for these
            if path.stat().st_size > max_bytes:
                yield ReadError(
                    source,
                    f"file too large for {encoding} ({_mb(path.stat().st_size)} > limit {_mb(max_bytes)})",
                )
                return
            text = decode(handle.read()).text
            lines: Iterator[tuple[int, str | ReadError]] = enumerate(
                _unify_newlines(text).split("\n"), start=1
            )
        else:
            lines = _decoded_lines(handle, encoding, max_bytes, source, replaced)
        for item in articles_from_json_lines(lines, source, encoding, fields):
            if isinstance(item, RawArticle):
                item.replaced = replaced.get(int(item.source.rpartition("#")[2]), 0)
            yield item


def _decoded_lines(
    handle: BinaryIO, encoding: str, max_bytes: int, source: str, replaced: dict[int, int]
) -> Iterator[tuple[int, str | ReadError]]:
    """Each line decoded; a UTF-8 line with a few invalid bytes has them replaced (counted in
    ``replaced`` by line number)."""
    for number, raw in enumerate(handle, start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if len(raw) > max_bytes:
            yield number, ReadError(source, f"line too large ({_mb(len(raw))} > limit {_mb(max_bytes)})")
            continue
        try:
            yield number, raw.decode(encoding).rstrip("\r\n")
            continue
        except UnicodeDecodeError:
            pass
        try:
            decoded = decode(raw) if encoding == "utf-8" else None
        except DecodeError:
            decoded = None
        if decoded is None or decoded.encoding != "utf-8":
            yield number, ReadError(source, f"undecodable bytes in this line (file is {encoding})")
            continue
        replaced[number] = decoded.replaced
        yield number, decoded.text.rstrip("\r\n")


def _unify_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
