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
from rasd.relate.claim_filter import claim_features, keep
from rasd.relate.context import ArticleContext, MentionRef
from rasd.relate.matching import VERB_PROCLITICS, Hit, KeyedPattern, load_data, phrase_pattern
from rasd.text import normalize

_CERTAINTY_RANK = {"denied": 3, "believed": 2, "asserted": 1, "reported": 0}
_SOURCE_AFTER = 70  # VSO: «أكدت مصادر أمنية» — source follows the verb within a few words
_SOURCE_BEFORE = 45  # SVO: «مصادر متطابقة تشير»
_RELAY_WORDS = 4
_CONTINUATION_SENTENCES = 1  # how many sentences on a subjectless «وأضاف» still continues a speaker
# A word or one punctuation mark of the original text, for reading the noun phrase of who speaks.
_TOKEN = re.compile(r"[^\s،,:؛;.!؟?«»\"“”()\[\]]+|[،,:؛;.!؟?«»\"“”()\[\]]")
_SPACES = re.compile(r"\s*")
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


def extract_claims(ctx: ArticleContext, *, screened: bool = True) -> tuple[list[Claim], list[Span]]:
    """The article's claims, and the attribution stretches (verb + source, up to «أن») events skip.
    ``screened``: keep only the claims the learned screen (``claim_filter``) says an analyst codes;
    the attributions of all proposals are kept."""
    proposals, attributions = propose_claims(ctx)
    return [c for c, f in proposals if not screened or keep(f)], attributions


def propose_claims(ctx: ArticleContext) -> tuple[list[tuple[Claim, dict[str, float]]], list[Span]]:
    """Every claim the rules propose, with the features the screen reads, and the attributions."""
    claims: list[Claim] = []
    found: list[tuple[str, str]] = []  # how each source was found, and its verb as written
    attributions: list[Span] = []
    last_source: tuple[str, str] | None = None
    last_sentence = -1
    speakers = _Speakers()
    for index, sentence in enumerate(ctx.sentences):
        if index - last_sentence > _CONTINUATION_SENTENCES:
            last_source = None  # «وأضاف» continues a speaker of the sentences just before, no further
        for draft in _drafts(ctx, sentence.start, sentence.end):
            claim, attribution, how = _to_claim(ctx, draft, last_source)
            if claim is None:
                continue
            claim.source = speakers.introduced(ctx, claim.source, attribution)
            claims.append(claim)
            found.append((how, ctx.ntext.slice(draft.verbs[-1].start, draft.verbs[-1].end)))
            attributions.append(attribution)
            if claim.source.kind != "unattributed":
                last_source = (claim.source.text, claim.source.kind)
                last_sentence = index
    features = [
        claim_features(ctx, c, how, verb, i, len(claims))
        for i, (c, (how, verb)) in enumerate(zip(claims, found, strict=True))
    ]
    return list(zip(claims, features, strict=True)), attributions


class _Speakers:
    """Who has spoken so far, by entity: the phrase that introduced each («وزير الدفاع الليبي أسامة
    الجويلي»). A later claim naming the same person or body by a shorter form («قال الجويلي») takes
    that phrase, so that one speaker is one source across the article."""

    def __init__(self) -> None:
        self.phrases: dict[str, ClaimSource] = {}

    def introduced(self, ctx: ArticleContext, source: ClaimSource, attribution: Span) -> ClaimSource:
        if not source.text:
            return source
        names = [
            m.entity.id
            for m in ctx.mentions_in(attribution.start, attribution.end)
            if m.entity.type in ("PER", "ORG") and _names_in(ctx, m, source.text)
        ]
        for name in names:
            earlier = self.phrases.get(name)
            if earlier is not None and len(earlier.text) > len(source.text):
                return earlier.model_copy(update={"via": source.via or earlier.via})
        for name in names:
            self.phrases.setdefault(name, source)
        return source


def _names_in(ctx: ArticleContext, mention: MentionRef, phrase: str) -> bool:
    return normalize(ctx.doc.text[mention.start : mention.end]) in normalize(phrase)


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
        before = [
            s
            for s in sources
            if verb.start - _SOURCE_BEFORE <= s.start and s.end <= verb.start and not _is_addressee(ctx, s)
        ]
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
    acts = re.compile(r"^\s*" + phrase_pattern([*data["act_objects"], *data["scripture"]], clitics=False))
    noun = re.compile(phrase_pattern(data["noun_before"], clitics=False) + r"\s*$")
    return acts, noun, frozenset(normalize(w) for w in data["back_reference"])


def _is_report(ctx: ArticleContext, verb: Hit, end: int) -> bool:
    """Not a noun after a preposition («في رصد الجماعات»), not an act («أعلنت ولاءها لـ…»)."""
    acts, noun, _ = _word_sets()
    if ctx.ntext.slice(verb.start, verb.end) in _not_verbs():
        return False  # «إضافة إلى»: a noun that a generated verb form reaches
    before = ctx.ntext.slice(max(0, verb.start - 12), verb.start)
    after = ctx.ntext.slice(verb.end, min(end, verb.end + 30))
    return not noun.search(before) and not acts.match(after)


@cache
def _not_verbs() -> frozenset[str]:
    return frozenset(normalize(w) for w in load_data("claims")["not_verbs"])


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
    previous = ""
    for words, token in enumerate(_TOKEN.finditer(text, start, limit), start=1):
        inside_name = any(s <= token.start() and token.end() <= e for s, e in names)
        if (
            token.group() in _QUOTES
            and first is not None
            and _quotes_a_name(ctx, previous, token.end(), names)
        ):
            continue  # «تنظيم “داعش”», «موقع "المحور"»: a name in quotes stays in the phrase
        previous = token.group()
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


_QUOTES = frozenset('«»"“”')


def _quotes_a_name(ctx: ArticleContext, previous: str, after: int, names: list[tuple[int, int]]) -> bool:
    """A quotation mark after a group word or title, or before a name, encloses a name, not speech."""
    word = normalize(previous)
    if word in _group_words() or _is_title(word) or word in _medium_words():
        return True
    # matched in place: slicing off the rest of the text for each quotation mark was quadratic
    following = _SPACES.match(ctx.doc.text, after)
    at = following.end() if following else after
    return any(s == at for s, _e in names)


@cache
def _medium_words() -> frozenset[str]:
    """Source words of the lexicon written before a name («موقع», «صحيفة», «وكالة»)."""
    sources = load_data("claims")["sources"]
    return frozenset(normalize(w) for kind in ("media", "news_agency") for w in sources[kind] if " " not in w)


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
        if token.start() < position or token.group() in _QUOTES:
            continue  # inside a name already taken, or the quotation marks around a name
        mention = next((m for m in mentions if m.start <= token.start() < m.end), None)
        word = normalize(token.group())
        if mention is not None:
            first_name = first_name or mention
            end = position = mention.end
        elif end is not None and _NISBA.match(word):
            end = token.end()  # an adjective of the name before it
        elif not (_is_title(word) or word in _group_words() or _NISBA.match(word)):
            break
    first = _TOKEN.match(text, phrase[0])
    person = next((m for m in mentions if m.entity.type == "PER"), None)
    if first_name is None and person is not None and first and _is_title(normalize(first.group())):
        # «الناطق الرسمي باسم المحكمة الابتدائية بتونس… سفيان السليطي»: a title's description runs to
        # the person it names
        first_name, end = person, person.end
    if first_name is not None and end is not None:
        if text[end : end + 1] in '”»"' and any(q in text[phrase[0] : end] for q in '“«"'):
            end += 1  # the closing mark of a quoted name: «تنظيم “داعش”»
        return phrase[0], end, first_name
    if first and _is_title(normalize(first.group())):
        return phrase[0], _description_end(ctx, phrase), None
    return None


def _description_end(ctx: ArticleContext, phrase: tuple[int, int]) -> int:
    """A title without a name reaches over the words that describe it: titles, adjectives, definite
    genitives and an indefinite noun in construct («رئيس قسم العقيدة»), not the object a verb takes
    after it («وأكد المتحدث الأمني إحباط عمليات…»)."""
    tokens = list(_TOKEN.finditer(ctx.doc.text, *phrase))
    end = tokens[0].end()
    for i, token in enumerate(tokens[1:], start=1):
        word = normalize(token.group())
        construct = i + 1 < len(tokens) and normalize(tokens[i + 1].group()).startswith("ال")
        if not (
            word.startswith("ال") or _is_title(word) or _NISBA.match(word) or word == "باسم" or construct
        ):
            break
        end = token.end()
    return end


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
) -> tuple[Claim | None, Span, str]:
    """The claim a reporting verb introduces, the span of its attribution (who says it), and how its
    source was found (a feature of the screen)."""
    text = ctx.doc.text
    certainty = _certainty(draft)
    how = "speaker"
    found = _quoted_speaker(ctx, draft) or _speaker_before_source(ctx, draft)
    if found is None:
        how, found = "lexicon", _named_source(ctx, draft, last_source)
    if found is None:
        how, found = "after", _speaker_after_verb(ctx, draft, certainty, last_source)
    if found is None:
        return None, Span(start=draft.start, end=draft.start), ""
    source, source_spans = found
    if source.kind == "unattributed":
        how = "unattributed"
    elif not source_spans:
        how = "continued"
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
    return claim, Span(start=start, end=min(end, attribution_end)), how


_SAYING = re.compile(r"^\s*[،,]?\s*(?:قوله|قولها|قولهم|قولهما)(?!\w)")


def _quoted_speaker(ctx: ArticleContext, draft: _Draft) -> _Source | None:
    """«ونسبت وكالة الأنباء الليبية إلى حفتر قوله إن…», «نقلت الصحيفة عن الوزير قوله»: whoever «قوله»
    belongs to speaks; the outlet that tells it is the relay."""
    verb_end = draft.verbs[-1].end
    comp = _complementizer_at(ctx, verb_end, draft.end)
    limit = min(draft.end, verb_end + 2 * _SOURCE_AFTER, comp[0] if comp else draft.end)
    text = ctx.doc.text
    for m in ctx.mentions_in(verb_end, limit):
        if m.entity.type in ("PER", "ORG") and _SAYING.match(
            ctx.ntext.slice(m.end, min(limit + 12, draft.end))
        ):
            start = m.start
            for token in reversed(list(_TOKEN.finditer(text, max(verb_end, m.start - 40), m.start))):
                if not _is_title(normalize(token.group())):
                    break
                start = token.start()
            relay = _noun_phrase(ctx, verb_end, start)
            via = [text[relay[0] : relay[1]]] if relay and relay[1] < start else []
            kind = _speaker_kind(m.entity.type, ctx.ntext.slice(start, m.end))
            return ClaimSource(text=text[start : m.end], kind=kind, via=via), [(start, m.end)]
    return None


def _speaker_before_source(ctx: ArticleContext, draft: _Draft) -> _Source | None:
    """«وأكدت القوات المسلحة المصرية، في بيان رسمي، أن…»: a name right after the verb speaks; the
    statement or outlet the lexicon finds after it is only the medium (``via``)."""
    verb_end = draft.verbs[-1].end
    phrase = _speaker_phrase(ctx, verb_end, draft.end)
    if phrase is None:
        return None
    start, end, name = phrase
    if any(s.start < end for s in draft.sources if s.start >= verb_end):
        return None  # the lexicon phrase is the name itself («قال وزير الداخلية…»)
    # a lexicon phrase before the verb («…على الجيش الليبي، اعتبر حفتر أن») or after the name («في
    # بيان») does not speak for the name right after the verb
    later = [s for s in draft.sources if s.start >= end]
    text = ctx.doc.text
    via_kinds = set(load_data("claims")["via_kinds"])
    via = [text[s.start : s.end] for s in later if s.key in via_kinds]
    kind = _speaker_kind(name.entity.type, ctx.ntext.slice(start, end)) if name else "named_official"
    return ClaimSource(text=text[start:end], kind=kind, via=via), [(start, end)]


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
    subject = _subject_after_verb(ctx, draft)
    if subject is not None:
        start, end = subject
        words = ctx.ntext.slice(start, end)
        if last_source is not None and _refers_back(words, last_source[0]):
            # «وأضافت المجموعة أن…» after «مجموعة الأزمات الدولية»: the speaker named before
            return ClaimSource(text=last_source[0], kind=last_source[1], via=via), []
        kind = _speaker_kind("ORG", words) if _state_words().search(words) or _is_group(words) else "other"
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


def _refers_back(words: str, previous: str) -> bool:
    """One definite noun that heads the phrase of the speaker before: «المجموعة» → «مجموعة الأزمات»."""
    parts = words.split()
    head = normalize(previous).split()[:1]
    return len(parts) == 1 and parts[0].startswith("ال") and head == [parts[0][2:]]


def _is_group(words: str) -> bool:
    return any(w in _group_words() for w in words.split())


# An indefinite accusative after a verb is an adverb or a circumstantial («قائلا», «مجددا»), not who speaks.
_ADVERBIAL = re.compile(r"^\w+(?:ا|اً)$")
_PLURAL = re.compile(r"^\w{3,}(?:ون|ين|ات)$")


def _subject_after_verb(ctx: ArticleContext, draft: _Draft) -> tuple[int, int] | None:
    """VSO with a speaker the lexicons do not know: the noun phrase right after the verb and before
    «أن/إن» («قال مكتب الادعاء الفدرالي إن…», «يشتبه المحققون التونسيون في أن…», «وأفادت معلومات
    أن…»), or right after a relay word («وفق معطيات أولية», «حسب مراقبين»). It must start as a
    noun does: a definite word, a construct before a definite one, or a plural."""
    verb = draft.verbs[-1]
    if verb.key == "denied":
        return None  # «رفض توقيع الاتفاق»: what is refused follows a denial, not who refuses
    comp = _complementizer_at(ctx, verb.end, draft.end)
    if _is_relay(ctx, verb) or _is_relay(ctx, draft.verbs[0]):  # «حسب مراقبين», «حسبما أفاد محامون»
        limit = draft.end
    elif comp is not None and comp[0] - verb.end <= _SOURCE_AFTER:
        limit = comp[0]
    else:
        return None
    phrase = _noun_phrase(ctx, verb.end, limit)
    gap = ctx.doc.text[verb.end : phrase[0]] if phrase else ""
    if phrase is None or not gap or gap.strip():
        return None  # not the next word, or glued to the verb («طبقا للقانون»)
    words = ctx.ntext.slice(*phrase).split()
    if not words:  # a phrase of marks or punctuation only, which normalisation removes
        return None
    first = words[0]
    if _ADVERBIAL.match(first) and not first.startswith("ال"):
        return None
    second_definite = len(words) > 1 and words[1].startswith("ال")
    if not (first.startswith("ال") or second_definite or _PLURAL.match(first)):
        return None
    return phrase


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
    # a closing quote, adjectives of the name and «قد» may stand between («وكان تنظيم "داعش" الإرهابي
    # قد تبنى…»); another word, or other punctuation, parts the name from the verb
    between = [t for t in _TOKEN.findall(text[name.end : verb.start]) if t not in _QUOTES]
    loose = [t for t in between if not (_NISBA.match(normalize(t)) or normalize(t) == "قد")]
    if len(between) > 3 or len(loose) > 1 or not all(t[0].isalnum() for t in between):
        return None
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
