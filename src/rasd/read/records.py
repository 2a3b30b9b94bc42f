"""JSON and JSONL containers: one article per object, fields under their common names."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from rasd.read.article import RawArticle, ReadError
from rasd.read.html import HtmlError, article_from_html

# The names scrapers and dataset tools (news-please, trafilatura, newspaper, CCNews) use for each
# field, in order of preference.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "maintext"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "published": ("date", "published", "pubdate", "date_publish", "datetime"),
    "byline": ("author", "byline", "authors"),
    "outlet": ("source", "site", "outlet", "sitename", "source_domain"),
}


def articles_from_json(
    text: str, source: str, encoding: str | None = None
) -> Iterator[RawArticle | ReadError]:
    """A .json file: one object, or a list of objects (sources ``path#1``, ``path#2``…)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield ReadError(source, f"invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})")
        return
    if isinstance(value, list):
        if not value:
            yield ReadError(source, "JSON list holds no articles")
        for n, item in enumerate(value, start=1):
            yield article_from_object(item, f"{source}#{n}", encoding)
    else:
        yield article_from_object(value, source, encoding)


def articles_from_json_lines(
    lines: Iterator[tuple[int, str | ReadError]], source: str, encoding: str | None = None
) -> Iterator[RawArticle | ReadError]:
    """A .jsonl file, given as (line number, decoded line); blank lines are skipped."""
    for number, line in lines:
        where = f"{source}#{number}"
        if isinstance(line, ReadError):
            yield ReadError(where, line.reason)
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(where, f"invalid JSON line ({exc.msg} at column {exc.colno})")
            continue
        yield article_from_object(value, where, encoding)


def article_from_object(value: Any, source: str, encoding: str | None = None) -> RawArticle | ReadError:
    if not isinstance(value, dict):
        return ReadError(source, f"JSON value is {type(value).__name__}, not an object with an article")
    fields = {name: _field(value, keys) for name, keys in FIELD_NAMES.items()}
    text = fields.pop("text")
    if not text:
        expected = "|".join(FIELD_NAMES["text"])
        return ReadError(source, f"JSON object has no article text (expected a non-empty field {expected})")
    if _looks_like_html(text):
        try:
            from_page = article_from_html(text, source, encoding)
        except HtmlError as exc:
            return ReadError(source, str(exc))
        text = from_page.text
        for name in ("title", "published", "byline", "outlet"):
            fields[name] = fields[name] or getattr(from_page, name)
    return RawArticle(source=source, text=text, encoding=encoding, **fields)


def _field(obj: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, list):  # paragraphs, or several authors
            value = "\n".join(str(v) for v in value if isinstance(v, str | int | float) and str(v).strip())
        elif isinstance(value, dict):  # e.g. {"name": ...} for an outlet or author
            value = value.get("name") or value.get("title")
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith("<") and ("<p" in text.lower() or "<html" in head or "<div" in head)
