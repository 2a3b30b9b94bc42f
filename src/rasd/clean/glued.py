"""Words a scraper glued together, and punctuation that lost its following space.

A token is split only when wordfreq has never seen it (zipf 0), or has seen it only rarely next to
parts a thousand times more frequent (scrapes glue «الولاياتالمتحدة» often enough to be listed), and
it divides into parts that wordfreq knows well for their length: «الولاياتالمتحدةالأمريكية» → «الولايات المتحدة الأمريكية».
A rare name that wordfreq does know (بلمختار, درودكال) is never touched; short parts must be very
common words (chance finds «تين» inside «إجراميتين»), and parts that are really clitics or
affixes (ها، هم، ال، تين…) are refused. Of the splits allowed, the one with the fewest parts and
then the highest product of part frequencies wins. Lookups are cached: words recur.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rasd.clean.rules import load_rules
from rasd.text.frequency import arabic_zipf

# Arabic words long enough to be two glued words (diacritics count here; split_token counts letters).
_LONG_ARABIC_WORD = re.compile(r"[\u0621-\u064A\u0671-\u06D3][\u0621-\u065F\u0670-\u06D3\u0640]{6,}")
_MARKS = frozenset([chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", "\u0640"])
_SPACE_AFTER = (
    # Arabic comma/semicolon glued to a word or number: «المصري،قَدِموا» («،» is never a decimal mark).
    (re.compile(r"(?<=\S)([،؛])(?=[\u0621-\u064A\d])"), r"\1 "),
    # Question/exclamation mark or colon glued to the next Arabic word.
    (re.compile(r"(?<=[\u0621-\u065F\d])([؟!:])(?=[\u0621-\u064A])"), r"\1 "),
    # Full stop glued to the next Arabic word of 2+ letters: «القتال.رفعت», «2013.ورصدت»; not 1.5
    # (no digit after) and not initials such as «أ.ف.ب» (single letters on both sides).
    (
        re.compile(
            r"(?<=[\u0621-\u064A\u064B-\u0652\d][\u0621-\u064A\u064B-\u0652\d])\.(?=[\u0621-\u064A][\u0621-\u064A\u064B-\u0652])"
        ),
        ". ",
    ),
)


@dataclass(frozen=True, slots=True)
class _Settings:
    min_letters: int
    max_token_zipf: float
    min_gain: float
    max_parts: int
    min_longest_part: int
    short_words: frozenset[str]
    min_part_zipf: dict[int, float]
    never_first: frozenset[str]
    never_last: frozenset[str]
    article_prefixes: tuple[str, ...]
    article_part_min_letters: int
    never_split_prefixes: tuple[str, ...]

    def needed_zipf(self, letters: int) -> float:
        longest = max(self.min_part_zipf)
        return self.min_part_zipf.get(letters, self.min_part_zipf[longest] if letters > longest else 99.0)


@cache
def _settings() -> _Settings:
    rules = load_rules("glued")
    return _Settings(
        min_letters=rules["min_letters"],
        max_parts=rules["max_parts"],
        min_longest_part=rules["min_longest_part_letters"],
        max_token_zipf=rules["max_token_zipf"],
        min_gain=rules["min_gain_over_token"],
        short_words=frozenset(rules["short_words"]),
        min_part_zipf={int(k): v for k, v in rules["min_part_zipf"].items()},
        never_first=frozenset(rules["never_first_part"]),
        never_last=frozenset(rules["never_last_part"]),
        article_prefixes=tuple(rules["article_prefixes"]),
        article_part_min_letters=rules["article_part_min_letters"],
        never_split_prefixes=tuple(rules["never_split_prefixes"]),
    )


@lru_cache(maxsize=200_000)
def word_zipf(word: str) -> float:
    return arabic_zipf(word)


def add_missing_spaces(text: str) -> str:
    for pattern, replacement in _SPACE_AFTER:
        text = pattern.sub(replacement, text)
    return text


def split_glued_words(text: str) -> str:
    return _LONG_ARABIC_WORD.sub(lambda m: split_token(m.group()), text)


@lru_cache(maxsize=100_000)
def split_token(token: str) -> str:
    """The token with spaces where it was glued, or unchanged."""
    settings = _settings()
    if _letters(token) < settings.min_letters or token.startswith(settings.never_split_prefixes):
        return token
    token_zipf = word_zipf(token)
    if token_zipf > settings.max_token_zipf:
        return token
    best = _best_split(token, settings.max_parts, first=True, settings=settings)
    if best is None or max(_letters(part) for part in best[1]) < settings.min_longest_part:
        return token
    if token_zipf > 0 and min(word_zipf(part) for part in best[1]) < token_zipf + settings.min_gain:
        return token  # a rare word, but not rare enough next to its parts to be a glue
    return " ".join(best[1])


def _best_split(
    token: str, parts_left: int, *, first: bool, settings: _Settings
) -> tuple[float, list[str]] | None:
    """Fewest parts first, then the highest summed zipf (the product of the part frequencies)."""
    best: tuple[float, list[str]] | None = None
    for cut in range(2, len(token) - 1):
        if token[cut] in _MARKS:
            continue  # never separate a letter from its diacritics
        head, tail = token[:cut], token[cut:]
        head_score = _part_score(head, settings, first=first)
        if head_score is None:
            continue
        tail_score = _part_score(tail, settings, first=False, last=True)
        if tail_score is not None:
            candidate = (head_score + tail_score, [head, tail])
        elif parts_left > 2:
            rest = _best_split(tail, parts_left - 1, first=False, settings=settings)
            if rest is None:
                continue
            candidate = (head_score + rest[0], [head, *rest[1]])
        else:
            continue
        if best is None or (len(candidate[1]), -candidate[0]) < (len(best[1]), -best[0]):
            best = candidate
    return best


def _part_score(part: str, settings: _Settings, *, first: bool, last: bool = False) -> float | None:
    bare = "".join(ch for ch in part if ch not in _MARKS)
    if (not last and bare in settings.never_first) or (not first and bare in settings.never_last):
        return None
    if bare.startswith(settings.article_prefixes) and len(bare) < settings.article_part_min_letters:
        return None
    zipf = word_zipf(part)
    if bare in settings.short_words:
        return zipf
    return zipf if zipf >= settings.needed_zipf(len(bare)) else None


def _letters(word: str) -> int:
    return sum(1 for ch in word if ch not in _MARKS)
