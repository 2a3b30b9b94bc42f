"""The forms of a reporting verb, generated from its lemma (the past tense, third person masculine).

News reports speech in every person and tense («أكد»، «أكدت»، «يؤكد»، «تؤكدان») and, as often, with
a circumstantial participle that keeps the subject of the main verb («…، مؤكدا أن»، «مشيرةً إلى أن»،
«نافيين»). The lexicon (``claims.json``, ``verb_lemmas``) writes each verb once; its derived form is
read from the lemma's shape, a shadda marking form II («أكّد»، «حذّر»، «بيّن»):

| form | lemma | imperfect | participle |
|---|---|---|---|
| I    | ذكر، قال، نفى، رأى | يذكر (and listed irregulars) | ذاكر، قائل، ناف(يا) |
| II   | أكّد، حذّر          | يؤكد، يحذر | مؤكد، محذر |
| III  | طالب، تابع         | يطالب | مطالب |
| IV   | أوضح، أشار، أبدى   | يوضح، يشير، يبدي | موضح، مشير، مبدي |
| V    | تحدّث              | يتحدث | متحدث |
| VIII | اعتبر، اعترف       | يعتبر | معتبر |
| X    | استبعد             | يستبعد | مستبعد |

Person, number and object suffixes («أكدوا»، «مؤكدين»، «أوردته») come from the matcher's inflection
(``matching.INFLECTION``); a word after the verb («عبّر عن») is kept.
"""

from __future__ import annotations

_SHADDA = "\u0651"
_DIACRITICS = frozenset("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652")
_HAMZA_ALIF = "أإآ"


def reporting_forms(lemma: str) -> tuple[list[str], list[str]]:
    """The finite forms (past and imperfect stems, to which the matcher adds person suffixes) and the
    circumstantial participles (with their accusative endings: «مؤكدا»، «مؤكدة»، «مؤكدين») of one
    reporting-verb lemma, unnormalised. The participles are given whole because a bare participle
    is as often a noun («مقر»، «مدير»)."""
    head, _, rest = lemma.partition(" ")
    doubled = _SHADDA in head
    verb = "".join(ch for ch in head if ch not in _DIACRITICS)
    finite = [verb, *_imperfect(verb, doubled)]
    participles = [stem + ending for stem in _participle(verb, doubled) for ending in _ACCUSATIVE]
    return _with(finite, rest), _with(participles, rest)


_ACCUSATIVE = ("ا", "ة", "ين", "تين")


def _with(forms: list[str], rest: str) -> list[str]:
    out: list[str] = []
    for form in forms:
        phrase = f"{form} {rest}" if rest else form
        if phrase not in out:
            out.append(phrase)
    return out


def _imperfect(v: str, doubled: bool) -> list[str]:
    if doubled and v[0] in _HAMZA_ALIF:  # II with a hamza first: أكّد → يؤكد
        stems = ["ؤ" + v[1:]]
    elif len(v) == 4 and v[0] in _HAMZA_ALIF and v[2] == "ا":  # IV hollow: أشار → يشير
        stems = [v[1] + "ي" + v[3]]
    elif len(v) == 4 and v[0] in _HAMZA_ALIF and v[3] == "ى":  # IV defective: أبدى → يبدي
        stems = [v[1:3] + "ي"]
    elif v[0] in "اأإ" and len(v) >= 4:  # IV, VII, VIII, X drop the alif: أوضح → يوضح، اعتبر → يعتبر
        stems = [v[1:-1] + ("ي" if v.endswith("ى") else v[-1])]
    elif v.endswith("ى"):  # I defective: نفى → ينفي
        stems = [v[:-1] + "ي"]
    elif len(v) == 3 and v[1] == "ا":  # I hollow: its vowel is not in the lemma (قال/يقول، زاد/يزيد)
        stems = []
    else:
        stems = [v]
    return [prefix + stem for stem in stems for prefix in "يتن"]


def _participle(v: str, doubled: bool) -> list[str]:
    """The active participle (without its case or gender ending, which inflection adds)."""
    if doubled:  # II: أكّد → مؤكد، حذّر → محذر
        return ["م" + ("ؤ" + v[1:] if v[0] in _HAMZA_ALIF else v)]
    if len(v) == 3:  # I
        if v[1] == "ا":  # hollow: قال → قائل
            return [v[0] + "ائ" + v[2]]
        if v.endswith("ى") or v.endswith("ا"):  # defective: نفى → نافي(ا)، دعا → داعي(ا)
            return [v[0] + "ا" + v[1] + "ي"]
        if v[0] in _HAMZA_ALIF:  # أمر → آمر
            return ["آ" + v[1:]]
        return [v[0] + "ا" + v[1:]]  # ذكر → ذاكر
    if len(v) == 4 and v[1] == "ا" and v[0] not in "اأإت":  # III: طالب → مطالب
        return ["م" + v]
    if len(v) == 4 and v[0] in _HAMZA_ALIF:  # IV
        if v[2] == "ا":  # hollow: أشار → مشير
            return ["م" + v[1] + "ي" + v[3]]
        if v[3] == "ى":  # defective: أبدى → مبدي(ا)
            return ["م" + v[1:3] + "ي"]
        return ["م" + v[1:]]  # أوضح → موضح
    if v.startswith("ت") and len(v) == 4:  # V / VI: تحدث → متحدث
        return ["م" + v]
    if v[0] in "اإ" and len(v) >= 5:  # VII, VIII, X: اعتبر → معتبر، استبعد → مستبعد
        return ["م" + v[1:-1] + ("ي" if v.endswith("ى") else v[-1])]
    return []
