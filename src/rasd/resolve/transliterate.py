"""Arabic ↔ Latin place-name matching for names that no gazetteer holds in Arabic.

Most towns of the Sahel have a Latin/French name in GeoNames and no Arabic one. Arabic papers write
them by ear: Hausa, Fulani, Tamasheq and Kanuri *g* as غ, ق or ج (ڤ in Algeria), French *ou* as و,
*i*/*y* as ي, long vowels as letters and short ones not at all, the article ال glued or not. So
both scripts are reduced to a **consonant skeleton** over classes that those spellings share
(«تيلابيري» and «Tillabéri» both give ``TLBR``); the skeleton is a blocking key, and candidates that
share it are ranked by ``rapidfuzz`` between a vowelled romanisation of the Arabic and the Latin name.

The rules are hand-written from the spelling conventions above; ``rasd eval transliterate`` measures
them on GeoNames rows that carry both scripts (rows the matcher never sees in Arabic).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Mapping
from typing import NamedTuple

# Bump when a rule changes: the shipped gazetteer stores Latin skeletons built with these rules.
RULES_VERSION = "1"

# Arabic letters (after rasd.text.normalize) → skeleton classes; a tuple lists the readings papers use.
# Vowel letters, hamza, ع, ح and ه give nothing: Latin spellings drop or vowel them.
_AR_CLASSES: dict[str, tuple[str, ...]] = {
    "ب": ("B",),
    "پ": ("B",),
    "ت": ("T",),
    "ط": ("T",),
    "د": ("T",),
    "ض": ("T",),
    "ث": ("T", "S"),
    "ذ": ("T", "S"),
    "ظ": ("S", "T"),
    "س": ("S",),
    "ص": ("S",),
    "ز": ("S",),
    "ش": ("S",),
    "چ": ("S",),
    "ج": ("J", "K"),
    "ك": ("K",),
    "ق": ("K",),
    "غ": ("K",),
    "خ": ("K",),
    "ف": ("F",),
    "ل": ("L",),
    "ر": ("R",),
    "م": ("M",),
    "ن": ("N",),
}
_AR_SILENT = set("اأإآىيوؤئءةهحع")

# Latin, after accents are folded and the name lower-cased: digraphs first, then single letters.
_LATIN_DIGRAPHS = (
    ("tch", "TS"),
    ("sch", "S"),
    ("kh", "K"),
    ("gh", "K"),
    ("ch", "S"),
    ("sh", "S"),
    ("th", "T"),
    ("dh", "T"),
    ("ph", "F"),
    ("dj", "J"),
    ("dz", "J"),
    ("qu", "K"),
    ("ck", "K"),
)
_LATIN_SINGLE = {
    "b": "B",
    "p": "B",
    "t": "T",
    "d": "T",
    "s": "S",
    "z": "S",
    "j": "J",
    "k": "K",
    "q": "K",
    "g": "K",
    "f": "F",
    "v": "F",
    "l": "L",
    "r": "R",
    "m": "M",
    "n": "N",
    "x": "KS",
}
# Articles and generic heads that one script writes and the other often leaves out.
_LATIN_ARTICLES = re.compile(r"\b(?:el|al|ed|es|en|er|et|ez|ad|an|ar|as|at|az|ash|le|la|les)\b[\s'-]*")
_AR_ARTICLE = re.compile(r"(?:^|(?<=\s))ال(?=\S{2,})")
_NON_LETTER = re.compile(r"[^a-z]")
_VOWELS = re.compile(r"[aeiouy]")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_NOT_A_TO_Z = re.compile(r"[^a-z]+")


def fold_latin(name: str) -> str:
    """«Tillabéri» → «tillaberi»: accents off, lower case, letters and spaces only."""
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", name.casefold()))
    text = text.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    return _NOT_A_TO_Z.sub(" ", text).strip()


def _collapse(skeleton: str) -> str:
    """Doubled letters are one (Latin doubles, Arabic writes the shadda we dropped), ``NB`` is ``MB``."""
    skeleton = skeleton.replace("NB", "MB").replace("TJ", "J")  # «أبيدجان» writes French «dj» as دج
    return "".join(ch for ch, _ in itertools.groupby(skeleton))


def latin_skeleton(name: str) -> str:
    text = _LATIN_ARTICLES.sub("", fold_latin(name))
    text = _NON_LETTER.sub("", text)
    out: list[str] = []
    i = 0
    while i < len(text):
        for digraph, cls in _LATIN_DIGRAPHS:
            if text.startswith(digraph, i):
                out.append(cls)
                i += len(digraph)
                break
        else:
            ch = text[i]
            if ch == "c":  # French: soft before e/i/y, hard elsewhere
                out.append("S" if text[i + 1 : i + 2] in ("e", "i", "y") else "K")
            else:
                out.append(_LATIN_SINGLE.get(ch, ""))
            i += 1
    return _collapse("".join(out))


def arabic_skeletons(key: str, limit: int = 8) -> list[str]:
    """The skeletons an Arabic name key (``rasd.kb.names.name_key``) may stand for, likeliest first;
    with the article kept too where the name starts with one («الأغواط» is Latin «Laghouat»)."""
    out: list[str] = []
    texts = [_AR_ARTICLE.sub("", key)] + ([key] if key.startswith("ال") else [])
    for text in texts:
        choices = [_AR_CLASSES[ch] for ch in text if ch in _AR_CLASSES]
        for n, combo in enumerate(itertools.product(*choices)):
            skeleton = _collapse("".join(combo))
            if skeleton not in out:
                out.append(skeleton)
            if n + 1 >= limit:
                break
    return out


# A vowelled reading of the Arabic, as a French-writing paper would spell it, for ranking.
_ROMAN = {
    "ا": "a",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "dj",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "ch",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "a",
    "غ": "g",
    "ف": "f",
    "ق": "g",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "a",
    "ء": "",
    "پ": "p",
    "چ": "tch",
}


# The Maghreb's and English spellings where they differ from the Sahel's French ones:
# «القصرين» Kasserine, «غات» Ghat, «جالينجو» Jalingo, «الشريف» Sharif.
_ROMAN_OTHER = {"ق": "k", "غ": "gh", "ج": "j", "ش": "sh"}


def romanize(key: str, other: bool = False, article: bool = False) -> str:
    """«واغادوغو» → «ouagadougou», «تيلابيري» → «tilabiri»: a reading for fuzzy ranking only;
    ``other``: the Maghreb's and English letters (``_ROMAN_OTHER``); ``article``: «ال» kept as «l»."""
    table = {**_ROMAN, **_ROMAN_OTHER} if other else _ROMAN
    out: list[str] = []
    text = key if article else _AR_ARTICLE.sub("", key)
    for word in text.split():
        if article and word.startswith("ال") and len(word) > 3:
            out.append("l")
            word = word[2:]
        letters: list[str] = []
        for i, ch in enumerate(word):
            nxt = word[i + 1 : i + 2]
            if ch == "و":
                letters.append("w" if nxt == "ا" and i == 0 else "ou")
            elif ch == "ي":  # a consonant next to a long vowel («أيورو» Ayorou), else «i»
                prev = word[i - 1 : i]
                glide = nxt in ("ا", "و") or (prev == "ا" and nxt) or (i == 0 and nxt)
                letters.append("y" if glide else "i")
            elif ch == "ه" and i < len(word) - 1:
                letters.append("h")
            else:
                letters.append(table.get(ch, ""))
        out.append("".join(letters))
    return " ".join(out)


# Learned Latin spellings of Arabic words (``data/geo/transliteration.tsv``, ``rasd build
# transliteration``): Arabic word → its spellings, likeliest first.
LearnedWords = Mapping[str, tuple[str, ...]]


def arabic_words(arabic_key: str) -> list[str]:
    """A name key's words without the article, as ``romanize`` reads them."""
    return _AR_ARTICLE.sub("", arabic_key).split()


def latin_words(latin_name: str) -> list[str]:
    """A Latin name's words, folded, without the article (as ``latin_reading`` compares them)."""
    return _LATIN_ARTICLES.sub("", fold_latin(latin_name)).split()


def learned_readings(arabic_key: str, words: LearnedWords) -> list[str]:
    """Readings with every word the table knows spelt as learned («راس الواد» → «rasoued»): its
    likeliest spelling, then its second; the other words as ``romanize`` reads them."""
    ar = arabic_words(arabic_key)
    known = [words.get(w, ()) for w in ar]
    if not any(known):
        return []
    plain = romanize(" ".join(ar)).split()
    if len(plain) != len(ar):  # a word of no Arabic letters («2»): nothing to align
        return []
    out = []
    for rank in range(max(len(k) for k in known)):
        out.append("".join(k[min(rank, len(k) - 1)] if k else r for k, r in zip(known, plain, strict=True)))
    return out


def readings(arabic_key: str, words: LearnedWords | None = None) -> tuple[str, ...]:
    """The romanisations: the Sahel's French one, with و also read «o» or «u»; the Maghreb's and
    English letters; the article kept as «l» where the name starts with one; and with the learned
    spellings of its words (``words``, see ``learned_readings``)."""
    roman = romanize(arabic_key).replace(" ", "")
    out = [
        roman,
        roman.replace("ou", "o"),
        roman.replace("ou", "u"),
        romanize(arabic_key, other=True).replace(" ", ""),
    ]
    if arabic_key.startswith("ال"):
        out.append(romanize(arabic_key, article=True).replace(" ", ""))
    out += _french_readings(arabic_key)
    if words:
        out += learned_readings(arabic_key, words)
    return tuple(dict.fromkeys(out))


def _french_readings(arabic_key: str) -> list[str]:
    """French spellings the letter rules miss: a ta marbuta before another word is «et» («ساقيه
    سيدي يوسف» Sakiet Sidi Youssef, «قلعه سنان» Kalaat Senan), and و before ا starts a word as «ou»
    («الواد» Oued, «واحات» Ouahat)."""
    ar = arabic_words(arabic_key)
    roman = romanize(" ".join(ar)).split()
    if len(roman) != len(ar):
        return []
    changed = False
    for n, (a, r) in enumerate(zip(ar, roman, strict=True)):
        if n < len(ar) - 1 and a.endswith("ه") and r.endswith("a"):
            roman[n], changed = r[:-1] + "et", True
        if a.startswith("وا") and r.startswith("w"):
            roman[n], changed = "ou" + roman[n][1:], True
    return ["".join(roman)] if changed else []


def latin_reading(latin_name: str) -> str:
    return _LATIN_ARTICLES.sub("", fold_latin(latin_name)).replace(" ", "")


_HARD_C = re.compile(r"c(?![eiyh])")


def _vowel_fold(text: str) -> str:
    """Arabic writes one letter for i/e, for u/o, for f/v and for b/p: compare on that footing
    («سيفاري» is Sévaré)."""
    # Latin x is «كس», a hard c «ك» («Texas» تكساس, «Scotland» اسكتلندا); the Arabic's readings have
    # no x, and their c only in «ch»/«tch».
    text = _HARD_C.sub("k", text.replace("x", "ks"))
    text = text.replace("ou", "u").replace("e", "i").replace("o", "u").replace("y", "i")
    text = text.replace("v", "f").replace("p", "b")
    return "".join(ch for ch, _ in itertools.groupby(text))


class LatinForms(NamedTuple):
    """Latin names prepared for comparison: as spelt, vowels folded, consonants only."""

    spelt: list[str]
    folded: list[str]
    consonants: list[str]


def latin_forms(names: list[str]) -> LatinForms:
    spelt = [latin_reading(n) for n in names]
    folded = [_vowel_fold(n) for n in spelt]
    return LatinForms(spelt, folded, [_VOWELS.sub("", n) for n in folded])


def arabic_forms(arabic_key: str, words: LearnedWords | None = None) -> LatinForms:
    """The Arabic's readings (``readings``) in the same three forms."""
    spelt = list(readings(arabic_key, words))
    folded = [_vowel_fold(r) for r in spelt]
    return LatinForms(spelt, folded, [_VOWELS.sub("", r) for r in folded])


def similarities(arabic: LatinForms, latin: LatinForms) -> list[float]:
    """0-100 per Latin name: how well it reads as the Arabic. The best, over the Arabic's readings,
    of the plain ratio and the ratio with vowels folded; where the consonants are the very same and
    there are at least three (and the folded ratio is 70 or more), the mean of the latter and 100 (Arabic leaves short vowels out, so
    Latin «Beni Mered» is «بني مراد», but «Giza» is not «غزة»)."""
    # Imported here: a place name that needs no Latin comparison never loads NumPy.
    import numpy as np
    from rapidfuzz import fuzz, process

    plain = process.cdist(arabic.spelt, latin.spelt, scorer=fuzz.ratio, dtype=np.float32)
    folded = process.cdist(arabic.folded, latin.folded, scorer=fuzz.ratio, dtype=np.float32)
    consonants = process.cdist(arabic.consonants, latin.consonants, scorer=fuzz.ratio, dtype=np.float32)
    long_enough = np.array([len(a) >= 3 for a in arabic.consonants], dtype=bool)[:, None]
    same = (consonants == 100) & long_enough & (folded >= 70)
    best = np.maximum(np.maximum(plain, folded), np.where(same, (folded + 100) / 2, 0)).max(axis=0)
    return [float(x) for x in best]


def similarity(arabic_key: str, latin_name: str, words: LearnedWords | None = None) -> float:
    """``similarities`` for one Latin name."""
    return similarities(arabic_forms(arabic_key, words), latin_forms([latin_name]))[0]
