"""Repair text that was decoded with the wrong code page before it reached us.

Three breakages are common in scraped Arabic: UTF-8 read as cp1252/latin-1 («Ø§Ù„…», ftfy fixes
it), windows-1256 read as cp1252 («ÇáÌÒÇÆÑ», undone by re-encoding), and guillemets exported
as other glyphs (Œ…˜, a data list; the side of the word decides « or »). Code-page repairs run
per line, so one broken paragraph in an otherwise sound article is fixed without touching the rest.
"""

from __future__ import annotations

import re
from functools import cache

import ftfy

from rasd.clean.rules import load_rules

_ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
# Latin-1 letters and the cp1252 extras: what Arabic bytes look like when read as cp1252.
_SUSPECT = re.compile(
    r"[\u00C0-\u00FF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2018-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122]"
)


@cache
def _quote_glyph() -> re.Pattern[str]:
    glyphs = "".join(re.escape(g) for g in load_rules("mojibake")["arabic_quote_glyphs"])
    return re.compile(f"[{glyphs}]")


def _as_guillemet(match: re.Match[str]) -> str:
    """« when the glyph stands before a word (not after one), else »."""
    text, i = match.string, match.start()
    after_word = i > 0 and text[i - 1].isalnum()
    before_word = i + 1 < len(text) and text[i + 1].isalnum()
    return "«" if before_word and not after_word else "»"


def repair_mojibake(text: str) -> str:
    if _SUSPECT.search(text) is None:
        return text
    lines = [_repair_line(line) if _SUSPECT.search(line) else line for line in text.split("\n")]
    text = "\n".join(lines)
    if _ARABIC_LETTER.search(text):
        text = _quote_glyph().sub(_as_guillemet, text)
    return text


def _repair_line(line: str) -> str:
    suspects = len(_SUSPECT.findall(line))
    if suspects < 3 or suspects < len(_ARABIC_LETTER.findall(line)):
        return line  # a few Latin letters or quotes in Arabic prose are genuine
    best, best_arabic = line, 0
    for candidate in (ftfy.fix_encoding(line), _cp1256_read_as_cp1252(line)):
        if candidate is None:
            continue
        arabic = len(_ARABIC_LETTER.findall(candidate))
        if arabic > best_arabic and arabic >= len(_SUSPECT.findall(candidate)):
            best, best_arabic = candidate, arabic
    return best


def _cp1256_read_as_cp1252(line: str) -> str | None:
    data = bytearray()
    for ch in line:
        try:
            data += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None  # not something a cp1252 reading could have produced
            data.append(ord(ch))  # bytes cp1252 leaves undefined come through as U+0080–U+009F
    return data.decode("cp1256", errors="replace")
