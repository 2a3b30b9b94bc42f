"""Arabic proclitics (و ف ب ل ك, and the article ال) on normalised words.

Used twice: as tagger features (a word's stem is what the gazetteers know) and to trim a mention's
surface form («والجزائر» → «الجزائر»), where only the conjunctions and prepositions go and ال stays.
"""

from __future__ import annotations

from functools import lru_cache

# Longest first. «لل» is ل + ال with the alef dropped; the stem gets its ال back for look-ups.
_PROCLITICS = (
    "وبال",
    "وكال",
    "فبال",
    "وال",
    "فال",
    "بال",
    "كال",
    "ولل",
    "فلل",
    "لل",
    "وب",
    "ول",
    "وك",
    "فب",
    "فل",
    "و",
    "ف",
    "ب",
    "ل",
    "ك",
)
_SINGLE = frozenset("وفبلك")
MIN_STEM = 2
# The proclitics by first letter, in the order above: most words start with none of these letters.
_BY_FIRST = {first: tuple(c for c in _PROCLITICS if c[0] == first) for first in _SINGLE}


def split_proclitics(word: str) -> tuple[str, str]:
    """(proclitics, stem) of a normalised word; the stem keeps ال (and gets it back after لل)."""
    for clitic in _BY_FIRST.get(word[:1], ()):
        if word.startswith(clitic) and len(word) - len(clitic) >= MIN_STEM:
            stem = word[len(clitic) :]
            if clitic.endswith("ال"):
                return clitic[:-2], "ال" + stem
            if clitic.endswith("لل"):
                return clitic[:-1], "ال" + stem
            return clitic, stem
    return "", word


@lru_cache(maxsize=200_000)  # gazetteer matching asks for every token of every sentence
def proclitic_readings(word: str) -> tuple[str, ...]:
    """Every stem the word can have under one of the proclitic strings, longest clitic first
    («وبلمختار» → «لمختار» (و+ب), «بلمختار» (و)); the greedy ``split_proclitics`` gives only one."""
    stems: list[str] = []
    for clitic in _BY_FIRST.get(word[:1], ()):
        if word.startswith(clitic) and len(word) - len(clitic) >= MIN_STEM:
            rest = word[len(clitic) :]
            stem = "ال" + rest if clitic.endswith(("ال", "لل")) else rest
            if stem not in stems:
                stems.append(stem)
    return tuple(stems)


def proclitic_forms(stem: str) -> set[str]:
    """Every word of which ``stem`` is one of the ``proclitic_readings`` (their inverse):
    «الجزائر» → «والجزائر», «للجزائر», «بالجزائر» …; «مختار» → «ومختار», «بمختار» …"""
    forms: set[str] = set()
    for clitic in _PROCLITICS:
        if clitic.endswith(("ال", "لل")):
            if stem.startswith("ال") and len(stem) - 2 >= MIN_STEM:
                forms.add(clitic + stem[2:])
        elif len(stem) >= MIN_STEM:
            forms.add(clitic + stem)
    return forms


def strip_article(word: str) -> str:
    """The word without a leading ال (normalised text)."""
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def leading_proclitic_chars(surface: str) -> int:
    """How many leading characters of a surface word could be one-letter proclitics (و ف ب ل ك).
    Whether to cut them is the caller's call: «لليبيا» → «ليبيا», but «للقاعدة» has no slice that
    is the bare name (its alef is not in the text)."""
    count = 0
    while count < 2 and len(surface) - count > MIN_STEM + 1 and surface[count] in _SINGLE:
        count += 1
    return count
