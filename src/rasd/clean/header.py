"""The head of a scrape: title, date line and byline, taken out of the body into fields.

Only the first few lines are looked at, and only while they are short: the first real paragraph
ends the head. A title is the first short line without a final full stop; the same line repeated
(pages often print the headline twice) is dropped; a date line goes to ``published``; a byline
(«الصحيفة – بديع الحمداني», «بقلم: …») goes to ``outlet``/``byline``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from rasd.clean.boilerplate import is_widget
from rasd.clean.dates import parse_date_line
from rasd.clean.rules import line_key, load_rules
from rasd.text import normalize

_ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
_DASH_BYLINE = re.compile(
    r"^(?P<outlet>[^\d\s–—\-:.،][^\d–—:.،]*?)\s+[–—-]\s+(?P<byline>[^\d–—\-:.،][^\d–—:.،]*)$"
)


@dataclass(slots=True)
class Header:
    title: str | None = None
    published: str | None = None
    byline: str | None = None
    outlet: str | None = None


@cache
def _rules() -> Mapping[str, Any]:
    rules = load_rules("header")
    prefixes = sorted((normalize(p) for p in rules["byline_prefixes"]), key=len, reverse=True)
    return MappingProxyType(
        {
            "lines": rules["header_lines"],
            "title": rules["title"],
            "byline_max_words": rules["byline_max_words"],
            "byline_prefix": re.compile(
                r"^(?:" + "|".join(re.escape(p) for p in prefixes) + r")\s*[:：]\s*(?P<name>.+)$"
            ),
        }
    )


def split_header(lines: list[str], known_title: str | None = None) -> tuple[Header, list[str]]:
    """Take title, date and byline lines off the top of ``lines`` (non-empty, stripped)."""
    rules = _rules()
    header = Header(title=known_title)
    title_key = (line_key(known_title) or None) if known_title else None
    i = 0
    while i < len(lines) and i < rules["lines"]:
        line = lines[i]
        rest = lines[i + 1 :]
        published = parse_date_line(line) if len(line) < 80 else None
        if published:
            header.published = header.published or published
        elif title_key is not None and line_key(line) == title_key:
            pass  # the headline printed twice
        elif _take_byline(line, header, after_title=title_key is not None):
            pass
        elif title_key is None and rest and is_headline(line):
            header.title, title_key = line, line_key(line)
        else:
            break
        i += 1
    return header, lines[i:]


def is_headline(line: str) -> bool:
    title = _rules()["title"]
    return (
        len(line) <= title["max_chars"]
        and len(line.split()) <= title["max_words"]
        and line[-1] not in title["no_final"]
        and _ARABIC_LETTER.search(line) is not None
        and not is_widget(line)
    )


def _take_byline(line: str, header: Header, *, after_title: bool) -> bool:
    rules = _rules()
    if len(line.split()) > rules["byline_max_words"]:
        return False
    prefixed = rules["byline_prefix"].match(normalize(line))
    if prefixed:
        # Keep the name as written: cut the same number of words off the original line.
        name_words = len(prefixed.group("name").split())
        header.byline = header.byline or " ".join(line.split()[-name_words:])
        return True
    dashed = _DASH_BYLINE.match(line) if after_title else None  # before the title it may be a headline
    # An outlet is a name of a few words; a person's name has at least two (given name and family).
    if dashed and len(dashed.group("outlet").split()) <= 3 and 2 <= len(dashed.group("byline").split()) <= 4:
        header.outlet = header.outlet or dashed.group("outlet").strip()
        header.byline = header.byline or dashed.group("byline").strip()
        return True
    return False
