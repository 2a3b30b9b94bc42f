"""Page furniture in plain-text scrapes: trailers, "see also" boxes, widgets, captions, debris.

Works on the list of the article's lines (paragraphs). Which phrases count is data
(``data/clean/boilerplate.json``, ``data/clean/debris.json``); the rules here are only how a kind
of furniture is laid out: a trailer runs to the end of the page, a "see also" box is its marker
plus the teasers under it, a widget is a line made of nothing but widget words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rasd.clean.rules import MAX_KEY_CHARS, compile_all, line_key, load_rules, phrase_set

_HAS_WORD = re.compile(r"[^\W_]")  # any letter or digit, in any script
_ELLIPSIS_END = re.compile(r"(?:…|\.\.\.)\s*$")
_SENTENCE_END = re.compile(r"[.!?؟]\s*[\"'»”)]*\s*$")
_TEASER_MAX_WORDS = 20
_MARKER_MAX_WORDS = 30
_PARAGRAPH_MIN_WORDS = 12  # a trailer only ends an article that has had a real paragraph


@dataclass(frozen=True, slots=True)
class _Rules:
    cut_exact: frozenset[str]
    cut_prefix: tuple[str, ...]
    see_also: tuple[str, ...]
    widget: re.Pattern[str]
    caption: re.Pattern[str]
    caption_max_words: int
    credit_lines: list[re.Pattern[str]]
    debris: list[re.Pattern[str]]


@cache
def _rules() -> _Rules:
    data = load_rules("boilerplate")
    widgets = sorted(phrase_set(data["widget_phrases"]["phrases"]), key=len, reverse=True)
    credits = "|".join(re.escape(c) for c in data["photo_caption"]["credits"])
    return _Rules(
        cut_exact=phrase_set(data["cut_rest"]["exact"]),
        cut_prefix=tuple(phrase_set(data["cut_rest"]["prefix"])),
        see_also=tuple(phrase_set(data["see_also"]["prefix"])),
        widget=re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(w) for w in widgets) + r")(?!\w)", re.IGNORECASE
        ),
        caption=re.compile(rf"(?<![.!؟?])\s*\(\s*(?:{credits})\s*\)\s*$"),
        caption_max_words=data["photo_caption"]["max_words"],
        credit_lines=compile_all(data["credit_line"]["patterns"]),
        debris=compile_all(load_rules("debris")["inline"]),
    )


def remove_debris(text: str) -> str:
    for pattern in _rules().debris:
        text = pattern.sub("", text)
    return text


def cut_trailer(lines: list[str]) -> list[str]:
    """Drop everything from the first trailer marker (comment box, paywall note) on.

    A marker seen before any real paragraph (a comment counter under the headline) drops only
    its own line: cutting there would throw the article away.
    """
    rules = _rules()
    kept: list[str] = []
    seen_paragraph = False
    for line in lines:
        key = line_key(line)
        if line and (
            key in rules.cut_exact
            or (key.startswith(rules.cut_prefix) and len(key.split()) <= _MARKER_MAX_WORDS)
        ):
            if seen_paragraph:
                return kept
            continue
        seen_paragraph = seen_paragraph or len(line.split()) >= _PARAGRAPH_MIN_WORDS
        kept.append(line)
    return kept


def drop_see_also(lines: list[str]) -> list[str]:
    """Drop each "see also" marker with the teasers that follow it."""
    rules = _rules()
    kept: list[str] = []
    in_box = False
    for i, line in enumerate(lines):
        if i > 0 and _is_see_also(line, rules):
            in_box = True
            continue
        if in_box and (not line or _is_teaser(line)):
            continue
        in_box = False
        kept.append(line)
    return kept


def _is_see_also(line: str, rules: _Rules) -> bool:
    key = line_key(line)
    return key.startswith(rules.see_also) and len(key.split()) <= _TEASER_MAX_WORDS


def _is_teaser(line: str) -> bool:
    """A teaser headline (short, no full stop) or a teaser snippet (cut off with an ellipsis)."""
    if _ELLIPSIS_END.search(line):
        return True
    return len(line.split()) <= _TEASER_MAX_WORDS and not _SENTENCE_END.search(line)


def is_widget(line: str) -> bool:
    """A line with no words, or only widget words (share, login, font size: «+ -»)."""
    if not _HAS_WORD.search(line):
        return True
    if len(line) > MAX_KEY_CHARS:
        return False
    rest = _rules().widget.sub(" ", line_key(line))
    return not _HAS_WORD.search(rest)


def is_photo_caption(line: str) -> bool:
    rules = _rules()
    return len(line.split()) <= rules.caption_max_words and rules.caption.search(line) is not None


def credit_outlet(line: str) -> str | None:
    """The outlet named by a source-credit line («المحور(بتصرف)», «المصدر: …»), else None."""
    for pattern in _rules().credit_lines:
        match = pattern.match(line)
        if match:
            return match.group("outlet").strip()
    return None
