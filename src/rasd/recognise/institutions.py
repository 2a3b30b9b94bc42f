"""Institution names by their grammar: a head noun from a closed class of institution heads, its
genitive complement and the adjectives that agree with it («وزارة الدفاع النيجيرية», «مجلس النواب
الليبي», «الحكومة المصرية», «قوات حفظ السلام», «حكومة مالي», «الصليب الأحمر»).

ANERcorp tags few such names, so the model rarely finds them in real news, where they are the actors
of most sentences. The phrase is bounded by morphology, not by listing names:

- an indefinite head (construct state: «وزارة», «مجلس») takes a complement: at most one more
  indefinite noun, then a definite noun («قوات حفظ السلام») or a name the article tagged («حكومة
  مالي»), and «و» + a definite noun after it («حزب العدالة والتنمية»);
- a definite head («الحكومة», «الجيش») takes no complement (the definite noun after it starts the
  object of a verb-subject-object sentence: «حذرت الخارجية المواطنين»);
- then adjectives: definite nisbas («النيجيرية», «الوطني», «الدولية») and a short list of other
  adjectives («المسلحة», «العامة», «الأحمر»), never dates («الماضي», «الجاري»).

A definite head needs at least one adjective: «الحكومة» alone is a back-reference to a named body
or a common noun, left to the model. Elliptic ministries («الداخلية التونسية»)
need a nisba too. Tribes: «قبيلة»/«قبائل» + a name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rasd.recognise.clitics import split_proclitics, strip_article
from rasd.recognise.features import frequency_band
from rasd.text import normalize


def _norm(words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words.split())


# Institution heads (without ال). The head decides nothing but that the phrase is an organisation;
# its subtype comes from the recogniser's trigger lists as for every ORG mention.
HEADS = _norm(
    """
    وزارة حكومة سلطات إدارة رئاسة مجلس برلمان جمعية حزب حركة جبهة تحالف ائتلاف نقابة
    اتحاد سفارة قنصلية شرطة حرس جيش قوات قوة سلاح بحرية مخابرات استخبارات جهاز محكمة نيابة ادعاء
    هيئة مفوضية منظمة بعثة مؤسسة وكالة مرصد مجمع رابطة لجنة ديوان مديرية بلدية جماعة
    تنظيم كتيبة لواء فرقة فوج وحدة وحدات حماية دار أكاديمية جامعة كلية مكتب قطب هلال صليب
    """
)
# Heads that are also everyday words or masdars («قوة الانفجار», «حماية المدنيين», «إدارة الأزمة»):
# the phrase must end in a nisba («قوة الاتحاد الأفريقي», «السلطات المصرية») or a name.
NISBA_ONLY = _norm("دار قوة وحدة وحدات إدارة مكتب قطب حماية مؤسسة سلطات تنظيم وكالة")
# Heads that are institutions only in construct: «سلاح الجو», but «السلاح النووي» is a weapon.
CONSTRUCT_ONLY = _norm("سلاح مكتب جهاز")
# «قوات الأمن», «قوات الجيش»: forces named by another body alone are a description, not a name.
FORCES = _norm("قوات قوة")
FORCES_OF = _norm("الأمن الجيش الشرطة الحكومة الدولة النظام الاحتلال")
# Adjectives that describe rather than name («القوات الحكومية», «القوات الأمنية»): a phrase ending
# in one is left out.
GENERIC = _norm("الحكومية الأجنبية الأمنية المحلية العسكرية الأمني العسكري المحلي الأجنبي الحكومي")
# Ministries named by their portfolio alone, with a nisba: «الداخلية التونسية», «الخارجية المصرية».
# The nisba must be feminine, agreeing with the ministry («وزير الخارجية البريطاني» is the minister),
# and no minister before it («وزيرة الخارجية الأمريكية»).
ELLIPTIC = _norm("الداخلية الخارجية")
MINISTERS = _norm("وزير وزيرة وزراء")
# Heads that are also verbal nouns of motion: with people after them they are movements of people.
MASDARS = _norm("حركة")
_ELLIPTIC_ENDS = tuple(w[2:] for w in ELLIPTIC)  # without ال: «للداخلية» is ل + «الداخلية»
TRIBE_HEADS = _norm("قبيلة قبائل عشيرة")
# Named places and buildings by the same grammar (LOC): «مسجد الحسين بن علي», «ميدان التحرير», «سجن
# طرة», «مطار زويتينة». Indefinite heads only; words that are also everyday nouns are left out («سد
# الفراغ», «ساحة المعركة», «قاعدة بيانات», «قصر النظر», «قناة الجزيرة»).
FACILITY_HEADS = _norm("مسجد جامع ميدان شارع سجن مطار جبل جزيرة مضيق فندق نزل ثكنة كنيسة ميناء معبر حي")
RARE_BAND = 3  # wordfreq Zipf band: an indefinite word this rare after a place head is its name
# Adjectives that are not nisbas but follow institution names.
ADJECTIVES = _norm(
    """
    المسلحة المسلح العامة العام الخاصة الخاص العليا الأعلى المتحدة الأحمر الحاكم الكبرى الموحد
    المستقلة المستقل الحر الحرة المختصة المختص المؤقتة المؤقت الموازية المسلمين المسلمون الشرعية
    الموحدة المشتركة المركزية الفدرالية الفيدرالية
    """
)
# Definite words shaped like nisbas or adjectives that are dates, ordinals or order words.
NOT_ADJECTIVES = _norm(
    """
    الماضي الماضية الحالي الحالية الجاري الجارية المقبل المقبلة الثاني الثانية الأولى الأول الثالث
    الثالثة الأخير الأخيرة السابق السابقة الذي التي الذين اللذين اللتين اللاتي الحادي الليلي
    الإرهابية الإرهابي الإرهابيين التكفيرية التكفيري الجهادية المتطرفة الصحفي الصحافي
    القرية العملية القضية الضحية الهوية الأغلبية المسؤولية الاتفاقية الشخصية الأولوية الحرية
    """
)
# Definite words that never stand as a genitive complement of an institution head.
NOT_COMPLEMENTS = NOT_ADJECTIVES | _norm(
    """
    الآن اليوم الأمس أمس الغد الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت الذي
    التي الذين الجميع الكل
    """
)
MAX_TOKENS = 7


@dataclass(frozen=True, slots=True)
class Phrase:
    start: int  # token index
    end: int  # exclusive
    label: str  # ORG


def _stem(word: str) -> str:
    return split_proclitics(word)[1]


def _is_definite(word: str) -> bool:
    return word.startswith("ال") and len(word) > 3 and word.isalpha()


def is_adjective(word: str) -> bool:
    """A definite adjective that can agree with an institution name (normalised word)."""
    if not _is_definite(word) or word in NOT_ADJECTIVES:
        return False
    # singular nisbas only: an institution is not a human plural («حماية المدنيين»)
    return word in ADJECTIVES or (word.endswith(("ي", "يه")) and len(word) >= 5)


@lru_cache(maxsize=200_000)  # asked for every token of every article; a pure function of the word
def head_of(word: str) -> tuple[str, bool] | None:
    """(head without ال, definite?) where the normalised word, as written or proclitics off, is an
    institution head («وزارة» is a head, not و + «زارة»)."""
    for stem in (word, _stem(word)):
        core = strip_article(stem)
        if core in HEADS or core in TRIBE_HEADS or core in FACILITY_HEADS:
            return core, stem != core
    return None


def institution_phrases(norms: Sequence[str], tags: Sequence[str]) -> list[Phrase]:
    """Institution phrases over one sentence's normalised tokens; ``tags`` are the BIO tags found so
    far (a tagged name may be the complement: «حكومة مالي»)."""
    found: list[Phrase] = []
    i, n = 0, len(norms)
    while i < n:
        word = norms[i]
        if head_of(word) is None and not word.endswith(_ELLIPTIC_ENDS):
            i += 1  # most words: ``_phrase_at`` would find no phrase there (the same test, first)
            continue
        phrase = _phrase_at(norms, tags, i)
        if phrase is None:
            i += 1
            continue
        found.append(phrase)
        i = phrase.end
    return found


def _phrase_at(norms: Sequence[str], tags: Sequence[str], i: int) -> Phrase | None:
    n = len(norms)
    head = head_of(norms[i])
    if head is None:
        if not norms[i].endswith(_ELLIPTIC_ENDS):
            return None
        stem = _stem(norms[i])
        # «الداخلية التونسية»: a portfolio standing for its ministry, with a nisba
        after_minister = i > 0 and (norms[i - 1] in MINISTERS or _stem(norms[i - 1]) in MINISTERS)
        if (
            stem in ELLIPTIC
            and i + 1 < n
            and _nisba(norms[i + 1])
            and norms[i + 1].endswith("يه")
            and not after_minister
        ):
            return _checked(Phrase(i, _adjectives(norms, i + 1), "ORG"), norms)
        return None
    core, definite = head
    j = i + 1
    if core in FACILITY_HEADS:
        return None if definite else _facility_at(norms, tags, i)
    if definite:
        if core in TRIBE_HEADS or core in CONSTRUCT_ONLY:
            return None
        end = _adjectives(norms, j)
        if end == j or (core in NISBA_ONLY and not _nisba(norms[end - 1])):
            return None
        return _checked(Phrase(i, end, "ORG"), norms)
    # indefinite head: a complement is required
    if core in TRIBE_HEADS:
        # a tribe's name is one word, often indefinite («قبيلة تبو», «قبيلة الزوية»), or a tagged name
        if j >= n:
            return None
        end = _name_end(tags, j) or j + 1
        word = norms[j]
        ok = _name_end(tags, j) or (_is_definite(word) and word not in NOT_COMPLEMENTS) or _plain_noun(word)
        return Phrase(i, end, "ORG") if ok else None
    complement = _complement(norms, tags, j)
    if complement is None:
        return None
    end, named = complement
    if core in MASDARS and norms[end - 1].endswith(("ين", "ون")):
        return None  # «حركة المسافرين» is traffic, «حركة الشباب» a movement
    with_adjectives = _adjectives(norms, end)
    if core in NISBA_ONLY and not named and not _nisba(norms[with_adjectives - 1]):
        return None
    if core in FORCES and with_adjectives == end and norms[end - 1] in FORCES_OF:
        return None
    return _checked(Phrase(i, with_adjectives, "ORG"), norms)


def _facility_at(norms: Sequence[str], tags: Sequence[str], i: int) -> Phrase | None:
    """A place head and its name: a tagged place or person («شارع أحمد عرابي»), a definite noun, or
    a rare word; then nisbas. A tagged organisation after it («قناة الجزيرة») is not a place."""
    j = i + 1
    if j >= len(norms) or norms[j].startswith("وال"):
        return None
    if tags[j] in ("B-LOC", "B-PER"):
        end = j + 1
        while end < len(tags) and tags[end].startswith("I-"):
            end += 1
    elif tags[j] != "O":
        return None
    elif _place_name_word(norms[j]):
        end = j + 1
        if end < len(tags) and tags[end] == "B-PER":  # a title, then the person: «مسجد الإمام علي …»
            end += 1
            while end < len(tags) and tags[end].startswith("I-"):
                end += 1
    else:
        return None
    return Phrase(i, _adjectives(norms, end), "LOC")


def _place_name_word(word: str) -> bool:
    """A definite noun, or a rare indefinite word that is no nisba adjective («ثكنة عسكرية»: a
    normalised «عسكريه» looks rare to wordfreq)."""
    definite = _is_definite(word) and word not in NOT_COMPLEMENTS and not is_adjective(word)
    rare = _plain_noun(word) and not word.endswith(("ي", "يه")) and _rare(word)
    return definite or rare


def _rare(word: str) -> bool:
    """Rare in general Arabic under each spelling the normalised word may stand for: normalising
    writes ة as ه and ى as ي, and wordfreq knows «مدينة», not «مدينه»."""
    spellings = [word]
    if word.endswith("ه"):
        spellings.append(word[:-1] + "ة")
    if word.endswith("ي"):
        spellings.append(word[:-1] + "ى")
    return all(int(frequency_band(w)) <= RARE_BAND for w in spellings)


def _checked(phrase: Phrase, norms: Sequence[str]) -> Phrase | None:
    return None if any(w in GENERIC for w in norms[phrase.start + 1 : phrase.end]) else phrase


def _nisba(word: str) -> bool:
    return is_adjective(word) and word not in ADJECTIVES


def _adjectives(norms: Sequence[str], j: int) -> int:
    while j < len(norms) and is_adjective(norms[j]):
        j += 1
    return j


def _name_end(tags: Sequence[str], j: int) -> int | None:
    """End of a tagged place name that starts at token ``j``, else None."""
    if j >= len(tags) or tags[j] != "B-LOC":
        return None
    k = j + 1
    while k < len(tags) and tags[k].startswith("I-"):
        k += 1
    return k


def _complement(norms: Sequence[str], tags: Sequence[str], j: int) -> tuple[int, bool] | None:
    """(end, is a tagged name) of a genitive complement starting at ``j``: [indefinite noun] definite
    noun | a tagged place («حكومة مالي»); then «و» + definite noun. None where there is none."""
    n = len(norms)
    end: int | None = None
    named = False
    for k in (j, j + 1):  # at most one indefinite noun before the definite one («قوات حفظ السلام»)
        if k >= n:
            return None
        if tags[k] != "O" and tags[k] != "B-LOC":
            # an organisation or person named after the head («جماعة أنصار الدين») keeps the
            # boundaries the model or the lists gave it
            return None
        name_end = _name_end(tags, k) if not norms[k].startswith("وال") else None
        if name_end is not None:
            end, named = name_end, True
            break
        word = norms[k]
        if word.startswith("وال"):  # «و» + a definite noun: coordination, not a complement
            return None
        # «مجلس الإدارة», «قوات الحماية»: an everyday head as the whole complement is no name
        if _is_definite(word) and word not in NOT_COMPLEMENTS and strip_article(word) not in NISBA_ONLY:
            end = k + 1
            break
        # the one indefinite noun inside a construct is a bare noun («حفظ», «نواب», «استئناف»): not
        # a preposition's object («لمواجهة», «بحي»), a head, or an adjective («حكومة وطنية»)
        if (
            k > j
            or not _plain_noun(word)
            or word[0] in "بلكوف"
            or head_of(word) is not None
            or word.endswith("يه")
        ):
            return None
    if end is None:
        return None
    # coordination inside the name: «العدالة والتنمية», «الشريعة والقانون»
    while end < n and end - j < MAX_TOKENS - 2:
        word = norms[end]
        if (
            word.startswith("وال")
            and len(word) > 4
            and word[1:] not in NOT_COMPLEMENTS
            and not word.endswith(("ين", "ون"))  # «والمواطنين»: people joined to it, not its name
        ):
            end += 1
            continue
        break
    return end, named


def _plain_noun(word: str) -> bool:
    """An indefinite word that can be a noun inside a construct («حفظ», «نواب», «قناة»): Arabic
    letters only, not a particle (particles are short or listed in the stop list)."""
    return word.isalpha() and len(word) >= 3 and word not in _PARTICLES and not word.startswith("ال")


_PARTICLES = _norm(
    """
    على إلى عن من في مع بعد قبل منذ خلال حول ضد بين عند لدى أن إن أنه إنه لكن التي الذي كما
    حيث حتى غير دون تحت فوق أمام وراء عبر نحو ضمن لأن كان كانت قد لقد لم لن ما لا هذا هذه ذلك تلك
    هو هي هم أمس اليوم يوم قال قالت أعلن أعلنت أكد أكدت وقال وقالت كل بعض منها منه منهم فيها فيه
    عليها عليه عنها عنه إنها أنها
    """
)
