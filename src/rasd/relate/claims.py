"""Claims: who says it (kind of source, with the chain of who quotes whom) and how sure the text is.

A claim starts at a reporting verb («أكدت»، «قال»، «يعتقد»، «نفى») and runs to the next one or to the
end of its sentence. Its source is the source phrase nearest the verb (data: ``claims.json``). When
a claim's stretch holds no «أن/إن» it only introduces the next one («استنادا لما ذكرته وكالة فرنس
برس… فإن معلومات من مصدر أمني مالي تؤكد أن…»), so the two are one claim; an agency, newspaper or
document quoting a more direct source becomes the chain (``ClaimSource.via``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import cast

from rasd.datafiles import load_json
from rasd.record import Certainty, Claim, ClaimSource, Span
from rasd.relate.context import ArticleContext, MentionRef
from rasd.relate.matching import VERB_PROCLITICS, Hit, KeyedPattern, load_data, phrase_pattern
from rasd.text import normalize

_CERTAINTY_RANK = {"denied": 3, "believed": 2, "asserted": 1, "reported": 0}
_SOURCE_AFTER = 70  # VSO: «أكدت مصادر أمنية» — source follows the verb within a few words
_SOURCE_BEFORE = 45  # SVO: «مصادر متطابقة تشير»
_RELAY_WORDS = 4
# A word or one punctuation mark of the original text, for reading the noun phrase of who speaks.
_TOKEN = re.compile(r"[^\s،,:؛;.!؟?«»\"“”()\[\]]+|[،,:؛;.!؟?«»\"“”()\[\]]")
_NISBA = re.compile(
    r"^[وفبل]?ال\w+(?:ي|يه|يون|يين)$"
)  # «التونسية», «الأمريكيين»: adjectives of a noun phrase
_ADDRESSEE = re.compile(
    r"(?<!\w)[وف]?الي\s*$"
)  # words between «أن» and the next reporting verb that are only its source


@dataclass
class _Draft:
    start: int
    end: int
    verbs: list[Hit]
    sources: list[Hit] = field(default_factory=list)
    has_content: bool = False
    addressees: list[Hit] = field(default_factory=list)  # «لوكالة…», «لصحيفة…»: relays, not sources


@cache
def _verbs() -> KeyedPattern:
    return KeyedPattern(load_data("claims")["verbs"], clitics=VERB_PROCLITICS, inflect=True)


@cache
def _sources() -> KeyedPattern:
    return KeyedPattern(load_data("claims")["sources"], clitics=True)


@cache
def _complementizer() -> re.Pattern[str]:
    return re.compile(phrase_pattern(load_data("claims")["complementizers"]))


def _complementizer_at(ctx: ArticleContext, start: int, end: int) -> tuple[int, int] | None:
    """Original span of the first «أن/إن» in [start, end)."""
    m = _complementizer().search(ctx.ntext.norm, ctx.ntext.to_normal(start), ctx.ntext.to_normal(end))
    return ctx.ntext.to_original(m.start(), m.end()) if m else None


def extract_claims(ctx: ArticleContext) -> tuple[list[Claim], list[Span]]:
    """The article's claims, and the attribution stretches (verb + source, up to «أن») events skip."""
    claims: list[Claim] = []
    attributions: list[Span] = []
    last_source: tuple[str, str] | None = None
    for sentence in ctx.sentences:
        for draft in _drafts(ctx, sentence.start, sentence.end):
            claim, attribution = _to_claim(ctx, draft, last_source)
            if claim is None:
                continue
            claims.append(claim)
            attributions.append(attribution)
            if claim.source.kind != "unattributed":
                last_source = (claim.source.text, claim.source.kind)
    return claims, attributions


def _drafts(ctx: ArticleContext, start: int, end: int) -> list[_Draft]:
    verbs = [v for v in _verbs().hits(ctx.ntext, start, end) if _is_report(ctx, v, end)]
    if not verbs:
        return []
    sources = _sources().hits(ctx.ntext, start, end)
    drafts: list[_Draft] = []
    for i, verb in enumerate(verbs):
        seg_end = verbs[i + 1].start if i + 1 < len(verbs) else end
        draft = _Draft(verb.start, seg_end, [verb])
        comp = _complementizer_at(ctx, verb.end, seg_end)
        # Who speaks stands between the verb and «أن»; names after «أن» are what is said.
        source_end = min(verb.end + _SOURCE_AFTER, seg_end, comp[0] if comp else seg_end)
        # «كشفت رسالة بعث بها مستشار إلى وزير الخارجية»: the addressee after «إلى» does not speak.
        after = [
            s
            for s in sources
            if verb.end <= s.start < source_end and not _ADDRESSEE.search(ctx.ntext.slice(verb.end, s.start))
        ]
        before = [s for s in sources if verb.start - _SOURCE_BEFORE <= s.start and s.end <= verb.start]
        if _is_relay(ctx, verb):
            before = []  # «حسب»، «وفق»، «نقلا عن» name their source after them, never before
        # «في تصريح لوكالة تونس إفريقيا للأنباء»: the outlet spoken to relays the claim, it does not
        # make it (the speaker is named before, or is the last one named)
        addressed = [s for s in after if _is_addressee(ctx, s)]
        after = [s for s in after if s not in addressed]
        draft.sources = after[:2] if after else before[-1:]
        draft.addressees = addressed
        if before and not after:
            draft.start = before[-1].start
        # «ذكرت صحيفة أن تقارير استخباراتية تؤكد أن…»: only a source between «أن» and the next verb
        # makes the stretch a relay of the next claim, not a claim of its own.
        draft.has_content = comp is not None and (
            i + 1 == len(verbs) or len(ctx.ntext.slice(comp[1], seg_end).split()) > _RELAY_WORDS
        )
        drafts.append(draft)
    # A stretch with no «أن» only introduces the next one: fold it forward.
    merged: list[_Draft] = []
    carry: _Draft | None = None
    for draft in drafts:
        if carry is not None:
            draft = _Draft(
                carry.start,
                draft.end,
                carry.verbs + draft.verbs,
                carry.sources + draft.sources,
                draft.has_content,
                carry.addressees + draft.addressees,
            )
            carry = None
        if not draft.has_content and draft is not drafts[-1] and _is_relay(ctx, draft.verbs[-1]):
            carry = draft
            continue
        merged.append(draft)
    if carry is not None:
        merged.append(carry)
    return merged


@cache
def _word_sets() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    data = load_data("claims")
    acts = re.compile(r"^\s*" + phrase_pattern(data["act_objects"], clitics=False))
    noun = re.compile(phrase_pattern(data["noun_before"], clitics=False) + r"\s*$")
    return acts, noun, frozenset(normalize(w) for w in data["back_reference"])


def _is_report(ctx: ArticleContext, verb: Hit, end: int) -> bool:
    """Not a noun after a preposition («في رصد الجماعات»), not an act («أعلنت ولاءها لـ…»)."""
    acts, noun, _ = _word_sets()
    before = ctx.ntext.slice(max(0, verb.start - 12), verb.start)
    after = ctx.ntext.slice(verb.end, min(end, verb.end + 30))
    return not noun.search(before) and not acts.match(after)


@cache
def _relay_verbs() -> re.Pattern[str]:
    return re.compile(phrase_pattern(load_data("claims")["relay_verbs"], clitics=True))


@cache
def _group_words() -> frozenset[str]:
    return frozenset(normalize(w) for w in load_data("claims")["group_words"])


@cache
def _state_words() -> re.Pattern[str]:
    return re.compile(phrase_pattern(load_data("claims")["state_words"], clitics=True))


@cache
def _subject_stops() -> frozenset[str]:
    return frozenset(normalize(w) for w in load_data("claims")["subject_stops"])


@cache
def _title_words() -> frozenset[str]:
    """Titles of people («الوزير», «المستشار», «القاضي»): the recogniser's trigger words."""
    return frozenset(normalize(w) for w in load_json("ner/triggers")["per_title"])


def _is_title(word: str) -> bool:
    """A title, also with a glued «و» («والوزير»)."""
    return word in _title_words() or (word.startswith("و") and word[1:] in _title_words())


def _noun_phrase(ctx: ArticleContext, start: int, limit: int) -> tuple[int, int] | None:
    """The noun phrase that starts at ``start``: its words up to punctuation, a word that opens what
    follows (``subject_stops``: «إن», «في», «لوكالة»…), a date, or ``subject_max_words`` words; a stop
    word inside a name («جبهة النضال الوطني») does not end it."""
    text = ctx.doc.text
    stops, most = _subject_stops(), int(load_data("claims")["subject_max_words"])
    names = [(m.start, m.end) for m in ctx.mentions_in(start, limit)]
    dates = [(d.start, d.end) for d in ctx.dates_in(start, limit)]
    first = end = None
    for words, token in enumerate(_TOKEN.finditer(text, start, limit), start=1):
        inside_name = any(s <= token.start() and token.end() <= e for s, e in names)
        if not inside_name and (
            not token.group()[0].isalnum()
            or normalize(token.group()) in stops
            or any(s < token.end() and token.start() < e for s, e in dates)
        ):
            break
        first = token.start() if first is None else first
        end = token.end()
        if words >= most:
            break
    return (first, end) if first is not None and end is not None else None


def _speaker_phrase(ctx: ArticleContext, start: int, limit: int) -> tuple[int, int, MentionRef | None] | None:
    """Who speaks, in the noun phrase at ``start``: titles, names and their adjectives, up to the last
    name reached that way («وزير الداخلية النيجري محمد بازوم», «رئيس "جبهة النضال الوطني" النائب وليد
    جنبلاط», «القوات المسلحة المالية»); without a name, a title and the words after it («المستشار
    الحفناوي»). None when another word comes first: «أكد مقتل بلمختار» names what is said, not who."""
    phrase = _noun_phrase(ctx, start, limit)
    if phrase is None:
        return None
    text = ctx.doc.text
    mentions = ctx.mentions_in(*phrase)
    first_name: MentionRef | None = None
    end = None
    position = phrase[0]
    for token in _TOKEN.finditer(text, phrase[0], phrase[1]):
        if token.start() < position:
            continue  # inside a name already taken
        mention = next((m for m in mentions if m.start <= token.start() < m.end), None)
        word = normalize(token.group())
        if mention is not None:
            first_name = first_name or mention
            end = position = mention.end
        elif end is not None and _NISBA.match(word):
            end = token.end()  # an adjective of the name before it
        elif not (_is_title(word) or word in _group_words() or _NISBA.match(word)):
            break
    if first_name is not None and end is not None:
        return phrase[0], end, first_name
    first = _TOKEN.match(text, phrase[0])
    if first and _is_title(normalize(first.group())):
        return phrase[0], phrase[1], None
    return None


def _speaker_kind(entity_type: str, words: str) -> str:
    """A person or a country («أعلنت الولايات المتحدة») speaks officially; so do an army or a ministry
    («أعلنت القوات المسلحة المالية»); a group («جماعة نصرة الإسلام») makes a statement of its own."""
    if entity_type != "ORG" or _state_words().search(words):
        return "named_official"
    if any(w in _group_words() for w in words.split()):
        return "group_statement"
    return "organisation"


def _is_addressee(ctx: ArticleContext, source: Hit) -> bool:
    """A source phrase with a glued «ل» («لوكالة», «لصحيفة», «لـ»): whom it was said to."""
    text = ctx.doc.text
    return text[source.start] == "ل" and not ctx.ntext.slice(source.start, source.end).startswith("ال")


def _is_relay(ctx: ArticleContext, verb: Hit) -> bool:
    """«حسب»، «وفق»، «نقلا عن»: a verb that only introduces its source."""
    return bool(_relay_verbs().match(ctx.ntext.slice(verb.start, verb.end)))


def _to_claim(
    ctx: ArticleContext, draft: _Draft, last_source: tuple[str, str] | None
) -> tuple[Claim | None, Span]:
    """The claim a reporting verb introduces, and the span of its attribution (who says it)."""
    text = ctx.doc.text
    certainty = _certainty(draft)
    found = _named_source(ctx, draft, last_source) or _speaker_after_verb(ctx, draft, certainty, last_source)
    if found is None:
        return None, Span(start=draft.start, end=draft.start)
    source, source_spans = found
    start, end = _trim(text, draft.start, draft.end)
    comp = _complementizer_at(ctx, draft.verbs[-1].end, end)
    attribution_end = comp[0] if comp else draft.verbs[-1].end
    if source_spans:
        attribution_end = max(attribution_end, max(e for _s, e in source_spans))
    about: list[str] = []
    for m in ctx.mentions_in(attribution_end, end):  # what the claim says, not who says it
        if not any(s <= m.start < e for s, e in source_spans) and m.entity.id not in about:
            about.append(m.entity.id)
    claim = Claim(evidence=Span(start=start, end=end), source=source, certainty=certainty, about=about)
    return claim, Span(start=start, end=min(end, attribution_end))


def _certainty(draft: _Draft) -> Certainty:
    """The strongest verb's certainty; the content verb decides between asserted and reported, while
    denial and belief override both."""
    certainty = max((v.key for v in draft.verbs), key=lambda k: _CERTAINTY_RANK[k])
    if _CERTAINTY_RANK[certainty] < 2:
        certainty = draft.verbs[-1].key if draft.verbs[-1].key in ("asserted", "reported") else certainty
    return cast(Certainty, certainty)


_Source = tuple[ClaimSource, list[tuple[int, int]]]  # the source, and the spans that name it


def _named_source(ctx: ArticleContext, draft: _Draft, last_source: tuple[str, str] | None) -> _Source | None:
    """A source phrase of the lexicon («مصدر أمني», «وكالة الأنباء…»), with the relays it came through."""
    text = ctx.doc.text
    unique: list[Hit] = []
    for s in draft.sources:
        if all(s.start != u.start for u in unique):
            unique.append(s)
    via_kinds = set(load_data("claims")["via_kinds"])
    direct = [s for s in unique if s.key not in via_kinds]
    relays = [s for s in unique if s.key in via_kinds]
    spans = [(s.start, s.end) for s in unique]
    if direct:
        primary = direct[0]
        kind = primary.key
        if last_source is not None and ctx.ntext.slice(primary.start, primary.end) in _word_sets()[2]:
            kind = last_source[1]  # «وأضاف البيان»: the ministry's statement named before
        via = [text[r.start : r.end] for r in relays]
        # the whole phrase that speaks: «وزير» → «وزير العدل شكيب قرطباوي»
        phrase = _speaker_phrase(ctx, primary.start, draft.end)
        end = max(primary.end, phrase[1]) if phrase else primary.end
        spans = [(primary.start, end) if s == (primary.start, primary.end) else s for s in spans]
        return ClaimSource(text=text[primary.start : end], kind=kind, via=via), spans
    if relays:  # «ذكرت صحيفة أن تقارير استخباراتية تؤكد»: the last named is the nearest to the fact
        primary = relays[-1]
        via = [text[r.start : r.end] for r in relays[:-1]]
        return ClaimSource(text=text[primary.start : primary.end], kind=primary.key, via=via), spans
    return None


def _speaker_after_verb(
    ctx: ArticleContext, draft: _Draft, certainty: Certainty, last_source: tuple[str, str] | None
) -> _Source | None:
    """Without a source phrase: a name right after the verb («قال أحمد…»، «أعلنت جماعة المرابطون…»),
    else the source of the claim before («وأضاف المصدر…», «وأضاف»); beliefs and denials may stand
    unattributed."""
    text = ctx.doc.text
    verb_end = draft.verbs[-1].end
    via = [_relay_phrase(ctx, a, draft.end) for a in draft.addressees]
    phrase = _speaker_phrase(ctx, verb_end, draft.end)
    if phrase is not None:
        start, end, name = phrase
        kind = _speaker_kind(name.entity.type, ctx.ntext.slice(start, end)) if name else "named_official"
        return ClaimSource(text=text[start:end], kind=kind, via=via), [(start, end)]
    before = _speaker_before_verb(ctx, draft.verbs[0])
    if before is not None:
        start, end, name = before
        return ClaimSource(
            text=text[start:end], kind=_speaker_kind(name.entity.type, ctx.ntext.slice(start, end)), via=via
        ), [(start, end)]
    if certainty in ("believed", "denied") and not via:
        return ClaimSource(text="", kind="unattributed"), []
    if last_source is not None and (draft.verbs[0].key == "reported" or via):
        # «وأضاف في تصريح لوكالة…»: the speaker named before, told to the outlet
        return ClaimSource(text=last_source[0], kind=last_source[1], via=via), []
    return None


def _speaker_before_verb(ctx: ArticleContext, verb: Hit) -> tuple[int, int, MentionRef] | None:
    """SVO: a person or organisation named right before the verb in its clause («ولكن أوباما أقر…»,
    «أما الوزير علي قانصو فاعتبر…»), with the titles before the name."""
    text = ctx.doc.text
    names = [
        m for m in ctx.mentions_in(max(0, verb.start - 60), verb.start) if m.entity.type in ("PER", "ORG")
    ]
    if not names:
        return None
    name = names[-1]
    between = _TOKEN.findall(text[name.end : verb.start])
    if len(between) > 1 or not all(t[0].isalnum() for t in between):
        return None  # more than one word, or punctuation, between the name and the verb
    start = name.start
    for token in reversed(list(_TOKEN.finditer(text, max(0, name.start - 40), name.start))):
        if not _is_title(normalize(token.group())):
            break
        start = token.start()
    return start, name.end, name


def _relay_phrase(ctx: ArticleContext, hit: Hit, limit: int) -> str:
    """The outlet a claim was told to, as named: «وكالة تونس إفريقيا للأنباء» (without the «ل»)."""
    start = hit.start + 1  # past the glued «ل»
    phrase = _noun_phrase(ctx, start, limit)
    end = max(hit.end, phrase[1]) if phrase else hit.end
    return ctx.doc.text[start:end].strip()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and (text[end - 1].isspace() or text[end - 1] in "،,؛;"):
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end
