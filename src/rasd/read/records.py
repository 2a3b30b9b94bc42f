"""JSON and JSONL containers: one article per object, fields under their common names.

Field names are matched without regard to case, ``_`` or ``-`` (``pubDate``, ``pub_date`` and
``pubdate`` are one name), in the order ``FIELD_NAMES`` lists them. What they do not cover is mapped
by the user (``rasd ingest --field published=meta.date``): a ``FieldMap`` names, per field, the key
to read, a dotted path reaching into nested objects. A JSON value nested deeper than Python's parser
can follow is refused with one line, and the next line of a JSONL file is read as usual.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from rasd.read.article import RawArticle, ReadError
from rasd.read.html import HtmlError, article_from_html

# The names scrapers and dataset tools (news-please, trafilatura, newspaper, Scrapy feeds, RSS, CCNews,
# GDELT, Webz.io) use for each field, in order of preference. A crawl time (date_extracted,
# date_download) comes last under ``published``: an upper bound on the publication date, better than
# none for resolving «أمس» (yesterday), and only used when the record gives no publication date.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "maintext", "full_text", "article_text", "content_text"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url", "canonical_url", "uri"),
    "published": (
        "date",
        "published",
        "pubdate",
        "date_publish",
        "published_at",
        "publish_date",
        "date_published",
        "publication_date",
        "datetime",
        "created_at",
        "date_extracted",
        "date_download",
        "crawled",
    ),
    "byline": ("author", "byline", "authors", "creator"),
    "outlet": ("source", "site", "outlet", "sitename", "site_name", "source_name", "source_domain", "domain"),
    "source_id": ("id", "guid", "_id", "uuid", "article_id", "doc_id"),
}
FIELDS = tuple(FIELD_NAMES)

# A user's mapping: field → the key (or dotted path) that holds it in their records.
FieldMap = Mapping[str, str]


def parse_field_map(options: Iterable[str]) -> dict[str, str]:
    """``["published=meta.date", "text=body_html"]`` → a FieldMap; ValueError with the reason."""
    mapping: dict[str, str] = {}
    for option in options:
        name, sep, key = option.partition("=")
        name, key = name.strip(), key.strip()
        if not sep or not name or not key:
            raise ValueError(f"--field {option!r}: expected FIELD=KEY, e.g. published=date_extracted")
        if name not in FIELD_NAMES:
            raise ValueError(f"--field {option!r}: unknown field {name!r} (one of {', '.join(FIELDS)})")
        mapping[name] = key
    return mapping


def _key(name: str) -> str:
    return re.sub(r"[_\-\s]", "", name).lower()


_LOOKUP = {field: tuple(dict.fromkeys(_key(k) for k in keys)) for field, keys in FIELD_NAMES.items()}


def articles_from_json(
    text: str, source: str, encoding: str | None = None, fields: FieldMap | None = None
) -> Iterator[RawArticle | ReadError]:
    """A .json file: one object, or a list of objects (sources ``path#1``, ``path#2``…)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield ReadError(source, f"invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})")
        return
    except RecursionError:
        yield ReadError(source, "JSON nested too deeply to be an article")
        return
    if isinstance(value, list):
        if not value:
            yield ReadError(source, "JSON list holds no articles")
        for n, item in enumerate(value, start=1):
            yield article_from_object(item, f"{source}#{n}", encoding, fields)
    else:
        yield article_from_object(value, source, encoding, fields)


def articles_from_json_lines(
    lines: Iterator[tuple[int, str | ReadError]],
    source: str,
    encoding: str | None = None,
    fields: FieldMap | None = None,
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
        except RecursionError:
            yield ReadError(where, "JSON nested too deeply to be an article")
            continue
        yield article_from_object(value, where, encoding, fields)


def article_from_object(
    value: Any, source: str, encoding: str | None = None, mapping: FieldMap | None = None
) -> RawArticle | ReadError:
    if not isinstance(value, dict):
        return ReadError(source, f"JSON value is {type(value).__name__}, not an object with an article")
    mapping = mapping or {}
    keys = {_key(k): k for k in reversed(list(value))}  # the first spelling wins on a clash
    fields: dict[str, str | None] = {}
    for name in FIELDS:
        if name in mapping:
            fields[name] = _value(_path(value, mapping[name]))
        else:
            fields[name] = next(
                (v for v in (_value(value[keys[k]]) for k in _LOOKUP[name] if k in keys) if v), None
            )
    text = fields.pop("text")
    if not text:
        expected = mapping.get("text") or "|".join(FIELD_NAMES["text"])
        return ReadError(source, f"JSON object has no article text (expected a non-empty field {expected})")
    if _looks_like_html(text):
        try:
            from_page = article_from_html(text, source, encoding)
        except HtmlError as exc:
            return ReadError(source, str(exc))
        text = from_page.text
        for name in ("title", "published", "byline", "outlet"):
            fields[name] = fields[name] or getattr(from_page, name)
    return RawArticle(
        source=source,
        text=text,
        encoding=encoding,
        title=fields["title"],
        published=fields["published"],
        url=fields["url"],
        byline=fields["byline"],
        outlet=fields["outlet"],
        source_id=fields["source_id"],
    )


def _path(obj: dict[str, Any], path: str) -> Any:
    """The value at a key, or at a dotted path into nested objects (``meta.date``); None if absent."""
    if path in obj:
        return obj[path]
    value: Any = obj
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _value(value: Any, depth: int = 0) -> str | None:
    if isinstance(value, list):  # paragraphs, or several authors ({"name": ...} objects too)
        if depth > 2:  # lists of lists of lists are not a field of an article
            return None
        value = "\n".join(s for s in (_value(v, depth + 1) for v in value) if s)
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
