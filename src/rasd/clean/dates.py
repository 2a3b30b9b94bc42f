"""Publication dates: a scrape's date line, or a container's date field → ISO 8601.

``23 أبريل 2024 , 15:44`` → ``2024-04-23T15:44``; ``الأربعاء 14 أكتوبر 2020 - 21:23`` →
``2020-10-14T21:23``. Month names of every region come from ``rasd.text.months``. A line counts as
a date line only when every word in it is a weekday, a month, or a known filler word, so a
sentence that merely mentions a date is never taken for one.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from rasd.clean.rules import load_rules
from rasd.text import normalize
from rasd.text.months import gregorian_months, weekdays

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2}))?")
_NUMERIC = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\D+(\d{1,2}):(\d{2}))?\s*$")
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_TOKEN = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?|\d+|[^\W\d_]+")
_MAX_TOKENS = 12


@cache
def _vocabulary() -> tuple[tuple[str, ...], frozenset[str], frozenset[str]]:
    rules = load_rules("header")
    prefixes = tuple(sorted((normalize(p) for p in rules["date_prefixes"]), key=len, reverse=True))
    return (
        prefixes,
        frozenset(normalize(w) for w in rules["date_fillers"]),
        frozenset(normalize(w) for w in rules["afternoon_words"]),
    )


def parse_published(value: str | None) -> str | None:
    """A date from a container field (ISO, dd/mm/yyyy or Arabic words) in ISO form, else None."""
    if not value:
        return None
    value = value.translate(_DIGITS)
    iso = _ISO.match(value)
    if iso:
        return _format(*iso.groups())
    return parse_date_line(value)


def parse_date_line(line: str) -> str | None:
    """The ISO date of a line that is nothing but a date (and time), else None."""
    prefixes, fillers, afternoon = _vocabulary()
    text = normalize(_PARENTHESES.sub(" ", line.translate(_DIGITS)))
    for prefix in prefixes:
        if text.startswith(prefix):
            text = text[len(prefix) :].lstrip(" :：-–—")
            break
    numeric = _NUMERIC.match(text)
    if numeric:
        day, month, year, hour, minute = numeric.groups()
        return _format(year, month, day, hour, minute)
    tokens = _TOKEN.findall(text)
    if not tokens or len(tokens) > _MAX_TOKENS:
        return None
    day = month = year = hour = minute = None
    pm = False
    months = gregorian_months()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        pair = f"{token} {tokens[i + 1]}" if i + 1 < len(tokens) else None
        if (
            pair is not None and pair in months and month is None
        ):  # two-word months: تشرين الأول, كانون الثاني
            month, i = months[pair], i + 2
            continue
        if ":" in token and hour is None:
            hour, minute = token.split(":")[:2]
        elif token.isdigit() and len(token) == 4 and year is None:
            year = token
        elif token.isdigit() and len(token) <= 2 and day is None:
            day = token
        elif token in months and month is None:
            month = months[token]
        elif token in afternoon:
            pm = True
        elif token not in weekdays() and token not in fillers:
            return None  # a word that has no place in a date line: this is prose
        i += 1
    if pm and hour is not None and int(hour) < 12:
        hour = str(int(hour) + 12)
    return _format(year, month, day, hour, minute)


def _format(year, month, day, hour=None, minute=None) -> str | None:
    if year is None or month is None or day is None:
        return None
    try:
        found = date(int(year), int(month), int(day))
    except ValueError:
        return None
    if hour is not None and minute is not None and int(hour) < 24 and int(minute) < 60:
        return f"{found.isoformat()}T{int(hour):02d}:{int(minute):02d}"
    return found.isoformat()
