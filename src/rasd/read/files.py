"""Walk files and folders and yield one RawArticle per article, or a ReadError per bad input.

The order is deterministic: paths as given, each folder walked recursively in sorted order. Inside
a folder, hidden entries and files of other types are skipped silently (a corpus folder often holds
a README or a .DS_Store); named explicitly, they are an error. A bad input never stops the batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from rasd.read.article import RawArticle, ReadError
from rasd.read.decode import DecodeError, decode_bytes
from rasd.read.html import HtmlError, article_from_html
from rasd.read.records import articles_from_json, articles_from_json_lines

MAX_FILE_BYTES = 10 * 1024 * 1024  # a news article is kilobytes; bigger files are dumps or mistakes
TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES
_JSONL_SAMPLE = 65536


def iter_articles(
    paths: Iterable[str | Path], *, max_bytes: int = MAX_FILE_BYTES
) -> Iterator[RawArticle | ReadError]:
    """Articles from files and folders; ``max_bytes`` caps one file (one line for JSONL)."""
    if isinstance(paths, str | Path):  # one path given bare: not an iterable of characters
        paths = [paths]
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file in _walk(path):
                yield from read_file(file, max_bytes=max_bytes)
        elif path.exists():
            yield from read_file(path, max_bytes=max_bytes)
        else:
            yield ReadError(str(path), "no such file or directory")


def read_file(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> Iterator[RawArticle | ReadError]:
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
            yield from _read_jsonl(path, source, max_bytes)
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
        text, encoding = decode_bytes(data)
    except DecodeError as exc:
        yield ReadError(source, str(exc))
        return
    if not text.strip():
        yield ReadError(source, "empty file (only whitespace)")
        return
    text = _unify_newlines(text)
    if suffix in HTML_SUFFIXES:
        try:
            yield article_from_html(text, source, encoding)
        except HtmlError as exc:
            yield ReadError(source, str(exc))
    elif suffix in JSON_SUFFIXES:
        yield from articles_from_json(text, source, encoding)
    else:
        yield RawArticle(source=source, text=text, encoding=encoding)


def _walk(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).parts
        if any(part.startswith(".") for part in relative):
            continue
        if path.suffix.lower() in SUPPORTED_SUFFIXES and path.is_file():
            yield path


def _read_jsonl(path: Path, source: str, max_bytes: int) -> Iterator[RawArticle | ReadError]:
    """Stream a JSONL file line by line, so a corpus dump of any size can be read."""
    with path.open("rb") as handle:
        sample = handle.read(_JSONL_SAMPLE)
        if not sample.strip():
            yield ReadError(source, "empty file")
            return
        try:
            # Cut the sample at a line end so a multi-byte character is not split.
            cut = sample.rfind(b"\n") if len(sample) == _JSONL_SAMPLE else -1
            _, encoding = decode_bytes(sample[: cut + 1] if cut > 0 else sample)
        except DecodeError as exc:
            yield ReadError(source, str(exc))
            return
        handle.seek(0)
        if encoding.startswith(("utf-16", "utf-32")):  # a newline byte split does not work for these
            if path.stat().st_size > max_bytes:
                yield ReadError(
                    source,
                    f"file too large for {encoding} ({_mb(path.stat().st_size)} > limit {_mb(max_bytes)})",
                )
                return
            text, _ = decode_bytes(handle.read())
            lines: Iterator[tuple[int, str | ReadError]] = enumerate(
                _unify_newlines(text).split("\n"), start=1
            )
        else:
            lines = _decoded_lines(handle, encoding, max_bytes, source)
        yield from articles_from_json_lines(lines, source, encoding)


def _decoded_lines(
    handle, encoding: str, max_bytes: int, source: str
) -> Iterator[tuple[int, str | ReadError]]:
    for number, raw in enumerate(handle, start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if len(raw) > max_bytes:
            yield number, ReadError(source, f"line too large ({_mb(len(raw))} > limit {_mb(max_bytes)})")
            continue
        try:
            yield number, raw.decode(encoding).rstrip("\r\n")
        except UnicodeDecodeError:
            yield number, ReadError(source, f"undecodable bytes in this line (file is {encoding})")


def _unify_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
