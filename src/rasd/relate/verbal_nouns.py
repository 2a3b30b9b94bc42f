"""Verbal nouns (masdars) of the trigger verbs, generated from the verb's pattern.

News names an event by its verb («اختطف مسلحون…») as often as by the verbal noun («اختطاف»، «عملية
الاستيلاء على…»، «بعد استيلائهم على تمبكتو»). The lexicon writes each verb once, as the past tense of
the third person masculine; the derived forms build their verbal noun regularly, so it is generated
rather than listed:

| form | verb | verbal noun |
|---|---|---|
| X   | استهدف، استولى   | استهداف، استيلاء |
| VIII | اختطف، اجتاح، اعتدى، احتل | اختطاف، اجتياح، اعتداء، احتلال |
| VII | انفجر، انضم     | انفجار، انضمام |
| IV  | أطلق، أوقف      | إطلاق، إيقاف |
| III | هاجم، بايع      | مهاجمة، مبايعة |
| II  | فكك، حرر        | تفكيك، تحرير |

Form I has no single pattern (قتل/قتل، خطف/خطف، قصف/قصف): its bare verb already reads as the noun. A
noun in «ـاء» writes its hamza on «ئ» before a pronoun («استيلائهم»); those forms are generated too.
Words after the verb («على»، «سراح») are kept.
"""

from __future__ import annotations

_PRONOUNS = ("ه", "ها", "هم", "هما", "هن")


def verbal_nouns(lemma: str) -> list[str]:
    """The verbal noun of a derived-form verb lemma, with its hamza-seat forms; [] for form I."""
    head, _, rest = lemma.partition(" ")
    noun = _masdar(head)
    if noun is None:
        return []
    forms = [noun]
    if noun.endswith("اء"):  # «استيلاء» → «استيلائهم»
        forms += [noun[:-1] + "ئ" + p for p in _PRONOUNS]
    return [f"{form} {rest}" if rest else form for form in forms]


def _masdar(verb: str) -> str | None:
    v = verb
    if v.startswith("است") and len(v) == 6:  # X
        if v.endswith("ى"):  # استولى → استيلاء
            return "است" + ("ي" if v[3] == "و" else v[3]) + v[4] + "اء"
        return v[:5] + "ا" + v[5]
    if v[0] in "اإ" and len(v) == 5 and v[2] in "تط":  # VIII
        if v.endswith("ى"):  # اعتدى → اعتداء
            return "ا" + v[1:4] + "اء"
        if v[3] == "ا":  # اجتاح → اجتياح
            return "ا" + v[1:3] + "يا" + v[4]
        return "ا" + v[1:4] + "ا" + v[4]
    if v[0] == "ا" and len(v) == 5 and v[1] == "ن":  # VII
        return v[:4] + "ا" + v[4]
    if v[0] == "ا" and len(v) == 4 and (v[2] in "تط" or v[1] == "ن"):  # VIII, VII doubled: احتل، انضم
        return v + "ا" + v[3]
    if v[0] in "أإ" and len(v) == 4 and v[2] == "ا":  # IV, hollow: أحال → إحالة
        return "إ" + v[1] + "ا" + v[3] + "ة"
    if v[0] in "أإ" and len(v) == 4 and v[3] in "أء":  # IV, hamza last: أرجأ → إرجاء
        return "إ" + v[1] + v[2] + "اء"
    if v[0] in "أإ" and len(v) == 4:  # IV
        return "إ" + ("ي" if v[1] == "و" else v[1]) + v[2] + "ا" + v[3]
    if len(v) == 4 and v[1] == "ا" and v[0] not in "اأت":  # III
        return "م" + v + "ة"
    if len(v) == 3 and v[1] == v[2]:  # II, its doubled middle written once: فكك → تفكيك
        return "ت" + v[0] + v[1] + "ي" + v[2]
    return None
