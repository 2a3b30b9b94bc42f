"""Typed relations between the entities of one article, each with its evidence and a confidence.

A relation is read off the words between two mentions of one sentence: a cue from
``data/relate/relations.json`` («القيادي في»، «مؤسس»، «الذي أعلن الولاء لـ»، «من السيطرة على»), with
only a few words on either side of it, and no other entity between the cue and the second mention.
A definite group noun («التنظيم») counts as a mention of the group named last before it, and a
relation of the last group in a list «A وB وC» holds for each of them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from types import MappingProxyType

from rasd.record import Relation, Span
from rasd.relate.context import PLACE_SPECIFICITY, ArticleContext, MentionRef, SpanIndex
from rasd.relate.events import trigger_pattern
from rasd.relate.matching import load_data, phrase_alternation, phrase_pattern
from rasd.text import normalize

_MAX_GAP = 220  # characters between two mentions that may still be related
_NEXT_MENTIONS = 6  # how many following mentions each mention is paired with
_WORD = re.compile(r"[^\W\d_]+|\d+")
# A comma before the cue starts another clause whose subject may be someone else (apposition aside).
_CLAUSE_BREAK = re.compile(r"[،,؛;.]")
_GOVERNED = re.compile(r"(?:(?<!\w)(?:عن|من|في|الي|علي|مع|ضد|بين)\s+|(?<!\w)[وف]?[بل])$")
_ENCLOSED = re.compile(r"^\s*[،,][^،,؛;.]*[،,]\s*")  # one comma-enclosed apposition right after the subject


@dataclass(frozen=True)
class _Pattern:
    type: str
    subject: frozenset[str]
    object: frozenset[str]
    reverse: bool
    max_before: int
    max_after: int
    confidence: float
    verbal: bool
    prefix: bool
    not_after_event: bool
    alone: bool
    subject_not_governed: bool
    vso: frozenset[str] | None  # the words allowed between subject and object after a leading verb
    cue: re.Pattern[str]


@cache
def _patterns() -> tuple[_Pattern, ...]:
    """In the file's order: the first pattern that matches a pair wins (``relations.json`` says so)."""
    return tuple(
        _Pattern(
            p["type"],
            frozenset(p["subject"]),
            frozenset(p["object"]),
            bool(p.get("reverse")),
            int(p["max_before"]),
            int(p["max_after"]),
            float(p["confidence"]),
            bool(p.get("verbal")),
            bool(p.get("prefix")),
            bool(p.get("not_after_event")),
            bool(p.get("alone")),
            bool(p.get("subject_not_governed")),
            frozenset(normalize(g) for g in p["gap"]) if p.get("vso") else None,
            re.compile(phrase_pattern(p["cues"], clitics=True, inflect=False)),
        )
        for p in load_data("relations")["patterns"]
    )


def extract_relations(ctx: ArticleContext) -> list[Relation]:
    found: dict[tuple[str, str, str], Relation] = {}
    anaphors = SpanIndex(anaphor_mentions(ctx))  # a sentence's by bisection, not a pass over all
    for sentence in ctx.sentences:
        mentions = sorted(
            [*ctx.mentions_in(sentence.start, sentence.end), *anaphors.within(sentence.start, sentence.end)],
            key=lambda r: (r.start, -r.end),
        )
        for i, first in enumerate(mentions):
            for second in mentions[i + 1 : i + 1 + _NEXT_MENTIONS]:
                if second.start - first.end > _MAX_GAP:
                    break
                if second.start < first.end or second.entity.id == first.entity.id:
                    continue
                relation = _relate_pair(ctx, sentence, first, second, mentions)
                if relation is None:
                    continue
                subject = second if relation.subject == second.entity.id else first
                for rel in [
                    relation,
                    *_coordinated(ctx, relation, second, mentions),
                    *_coordinated_subjects(ctx, relation, subject, mentions),
                ]:
                    key = (rel.type, rel.subject, rel.object)
                    if key not in found or found[key].confidence < rel.confidence:
                        found[key] = rel
    for rel in [*_places_within_places(ctx), *listed_members(ctx)]:
        key = (rel.type, rel.subject, rel.object)
        if key not in found:
            found[key] = rel
    relations = list(found.values())
    return relations + _inferred(relations)


_PLACE_GAP_WORDS = 4  # «مدينة غاو [في] شمال مالي», «بلدة أيورو بإقليم تيلابيري»


def _places_within_places(ctx: ArticleContext) -> list[Relation]:
    """A place named close before a larger one that the gazetteer says holds it is located in it
    («بلدة أيورو بإقليم تيلابيري في النيجر»): checked against the hierarchy (country, admin1), so two
    sibling places or a town near a border («قرب الحدود مع مالي») never are."""
    out: list[Relation] = []
    for sentence in ctx.sentences:
        places = [m for m in ctx.mentions_in(sentence.start, sentence.end) if m.entity.type == "LOC"]
        for i, inner in enumerate(places):
            for outer in places[i + 1 : i + 3]:
                gap = ctx.ntext.slice(inner.end, outer.start)
                if len(gap.split()) > _PLACE_GAP_WORDS or re.search(r"[.،,؛:]", gap):
                    break
                if place_contains(outer, inner):
                    out.append(
                        Relation(
                            type="located_in",
                            subject=inner.entity.id,
                            object=outer.entity.id,
                            evidence=Span(start=inner.start, end=outer.end),
                            confidence=0.8,
                        )
                    )
                    break
    return out


def place_contains(outer: MentionRef, inner: MentionRef) -> bool:
    """Whether the gazetteer's hierarchy puts ``inner`` inside ``outer``: a country holds what lies in
    it; a province holds what names it as its admin1."""
    a, b = inner.entity.geo, outer.entity.geo
    if a is None or b is None or inner.entity.id == outer.entity.id:
        return False
    if PLACE_SPECIFICITY.get(a.precision or "", 0) <= PLACE_SPECIFICITY.get(b.precision or "", 0):
        return False  # the inner place must be the more specific one
    if b.precision == "country":
        return a.country is not None and a.country == b.country
    return (
        b.precision == "admin1" and a.admin1 is not None and a.admin1 == b.admin1 and a.country == b.country
    )


@cache
def _anaphor_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)[وف]?(?:{phrase_alternation(load_data('relations')['anaphors'])})(?!\w)")


@cache
def _anaphor_heads() -> Mapping[str, str]:
    """Normalised anaphor → the normalised head noun its referent's name must carry."""
    return MappingProxyType(
        {normalize(k): normalize(v) for k, v in load_data("relations")["anaphors"].items()}
    )


def anaphor_mentions(ctx: ArticleContext) -> list[MentionRef]:
    """«الكتيبة» standing for the organisation named last before it with the same head noun
    («كتيبة عقبة بن نافع», or «تنظيم» written just before «جند الخلافة»), when that one is an armed
    group (or of unknown kind). None when there is no such name before: never a guess."""
    out: list[MentionRef] = []
    heads = _anaphor_heads()
    in_names = SpanIndex(ctx.mentions)
    orgs = [m for m in ctx.mentions if m.entity.type == "ORG"]
    # For each head noun, the organisations whose name (or the words just before it) carry it, in
    # text order: found once per article, not once per anaphor (quadratic on a long text).
    carrying: dict[str, tuple[list[MentionRef], list[int]]] = {}
    for hit in _anaphor_pattern().finditer(ctx.ntext.norm):
        start, end = ctx.ntext.to_original(hit.start(), hit.end())
        word = hit.group()
        if word[:1] in "وف" and word[1:3] == "ال":
            start, word = start + 1, word[1:]  # the conjunction is not part of the mention
        if in_names.covers(start):
            continue  # part of a name («تنظيم القاعدة»), not an anaphor
        head = heads[word]
        if head not in carrying:
            named = [m for m in orgs if head in ctx.ntext.slice(max(0, m.start - len(head) - 2), m.end)]
            carrying[head] = (named, [m.start for m in named])
        named, starts = carrying[head]
        # The last such organisation (in text order) that ends before the anaphor.
        i = bisect.bisect_right(starts, start)
        while i > 0 and named[i - 1].end > start:
            i -= 1
        if i > 0 and named[i - 1].entity.subtype in (None, "armed_group"):
            out.append(MentionRef(start, end, named[i - 1].entity))
    return out


@cache
def _list_join() -> re.Pattern[str]:
    return re.compile(r"^\s*(?:[،,]\s*)?و?\s*$")


def _coordinated_subjects(
    ctx: ArticleContext, relation: Relation, subject: MentionRef, mentions: list[MentionRef]
) -> list[Relation]:
    """«جماعات أنصار الدين والمرابطون وإمارة الصحراء… اندماجها في…»: each of the list shares the relation."""
    if relation.type not in load_data("relations")["coordinated_subjects"]:
        return []
    out: list[Relation] = []
    last = subject
    for m in reversed([m for m in mentions if m.end <= subject.start]):
        if m.entity.type != subject.entity.type or m.entity.id in (relation.object, relation.subject):
            break
        if not _list_join().match(ctx.ntext.slice(m.end, last.start)):
            break
        start = min(m.start, relation.evidence.start)
        out.append(
            relation.model_copy(
                update={"subject": m.entity.id, "evidence": Span(start=start, end=relation.evidence.end)}
            )
        )
        last = m
    return out


def _relate_pair(
    ctx: ArticleContext, sentence: Span, first: MentionRef, second: MentionRef, mentions: list[MentionRef]
) -> Relation | None:
    """The relation the first pattern that holds gives the pair (patterns are tried in the file's order)."""
    pair = _Pair(
        sentence,
        ctx.clause_of(sentence, first.start),
        first,
        second,
        ctx.ntext.slice(first.end, second.start),
        [m for m in mentions if m.start >= first.end and m.end <= second.start],
        mentions,
    )
    for pattern in _patterns():
        subject, obj = (second, first) if pattern.reverse or pattern.prefix else (first, second)
        if _applies(ctx, pattern, pair, subject, obj) and _holds(ctx, pattern, pair):
            return _relation(ctx, sentence, pattern, subject, obj, first, second)
    return None


@dataclass(frozen=True)
class _Pair:
    """Two mentions of one sentence, in text order, and what lies between them."""

    sentence: Span
    clause: Span  # the clause of the first mention
    first: MentionRef
    second: MentionRef
    gap: str  # normalised text between them
    between: list[MentionRef]  # mentions between them
    mentions: list[MentionRef]  # every mention of the sentence


def _applies(
    ctx: ArticleContext, pattern: _Pattern, pair: _Pair, subject: MentionRef, obj: MentionRef
) -> bool:
    """Whether the pattern may relate these two at all: entity types and the pattern's conditions."""
    if subject.entity.type not in pattern.subject or obj.entity.type not in pattern.object:
        return False
    if pattern.not_after_event and trigger_pattern().hits(ctx.ntext, pair.clause.start, pair.first.start):
        return False
    if pattern.alone and pair.between:
        return False
    # «انشقت… عن تنظيم القاعدة وأعلنت مبايعتها»: the group after «عن» does not pledge
    return not (
        pattern.subject_not_governed
        and _GOVERNED.search(ctx.ntext.slice(max(pair.clause.start, pair.first.start - 8), pair.first.start))
    )


def _holds(ctx: ArticleContext, pattern: _Pattern, pair: _Pair) -> bool:
    """Whether the text between (or before) the pair states the pattern's relation."""
    if pattern.vso is not None:
        return pair.gap.strip() in pattern.vso and _prefixed(ctx, pattern, pair.clause, pair.first, "")
    if pattern.prefix:
        return _prefixed(ctx, pattern, pair.clause, pair.first, pair.gap)
    for cue in pattern.cue.finditer(pair.gap):
        lead = pair.gap[: cue.start()]
        if _CLAUSE_BREAK.search(lead):
            if _inside_apposition(ctx, pair.sentence, pair.clause, pair.first):
                return False  # «حمادة، القيادي في الحركة، أعلن…»: the group is not who declares
            lead = _without_apposition(lead)
        words = len(_WORD.findall(lead))
        if words > pattern.max_before or (_CLAUSE_BREAK.search(lead) and (pattern.verbal or words)):
            return False
        if len(_WORD.findall(pair.gap[cue.end() :])) > pattern.max_after:
            continue
        normal_start = ctx.ntext.to_normal(pair.first.end)
        cue_end = ctx.ntext.to_original(normal_start + cue.start(), normal_start + cue.end())[1]
        if any(m.start >= cue_end for m in pair.between):
            continue  # the cue governs a nearer entity, not this one
        # «…، زعيم تنظيم داعش أبا بكر البغدادي»: the cue is the next person's title
        return not ("PER" in pattern.subject and _person_follows(ctx, pair.second, pair.mentions))
    return False


def _without_apposition(lead: str) -> str:
    """«حمادة، القيادي في الحركة، أعلن الولاء لـ»: the apposition between subject and verb is skipped,
    unless it names someone else, who is then the nearer subject («…، بقيادة إياد، الذي…»)."""
    enclosed = _ENCLOSED.match(lead)
    if enclosed and _describes_subject(enclosed.group()):
        lead = lead[enclosed.end() :]
    return _apposition().sub("", lead)


def _person_follows(ctx: ArticleContext, mention: MentionRef, mentions: list[MentionRef]) -> bool:
    """A person's name right after the organisation (at most one word between)."""
    after = next((m for m in mentions if m.start >= mention.end), None)
    return (
        after is not None
        and after.entity.type == "PER"
        and len(_WORD.findall(ctx.ntext.slice(mention.end, after.start))) <= 1
        and not _CLAUSE_BREAK.search(ctx.ntext.slice(mention.end, after.start))
    )


@cache
def _coordinator() -> re.Pattern[str]:
    joins = phrase_alternation(load_data("relations")["coordinators"])
    places = phrase_alternation(load_data("events")["place_words"])  # «على غرار منطقة موبتي»
    return re.compile(rf"^\s*[،,]?\s*(?:{joins})(?:\s+(?:{places}))?\s*$")


def _coordinated(
    ctx: ArticleContext, relation: Relation, obj: MentionRef, mentions: list[MentionRef]
) -> list[Relation]:
    """«يسيطر على مناطق في شمال مالي وفي غابة واغادو»: a place joined to the object by «و» shares its relation."""
    if relation.type not in load_data("relations")["coordinated_objects"] or relation.object != obj.entity.id:
        return []
    out: list[Relation] = []
    last = obj
    for m in mentions:
        if m.start < last.end:
            continue
        if m.entity.type != obj.entity.type or not _coordinator().match(ctx.ntext.slice(last.end, m.start)):
            break
        out.append(
            relation.model_copy(
                update={
                    "object": m.entity.id,
                    "evidence": Span(start=relation.evidence.start, end=max(relation.evidence.end, m.end)),
                }
            )
        )
        last = m
    return out


def _describes_subject(enclosed: str) -> bool:
    """«، القيادي في الحركة،» describes the name before it; «، بقيادة إياد،» brings in someone new."""
    inner = _apposition().sub("", enclosed.strip(" ،,")).strip()
    if not inner:
        return True
    # A reverse cue that brings in a person («بقيادة إياد») makes that person the nearer subject.
    return any(
        p.cue.match(inner)
        for p in _patterns()
        if not (p.verbal or p.prefix or (p.reverse and "PER" in p.subject))
    )


def _inside_apposition(ctx: ArticleContext, sentence: Span, clause: Span, mention: MentionRef) -> bool:
    """Whether the mention is the object of an apposition cue in its own clause («، القيادي في الحركة،»)."""
    lead = ctx.ntext.slice(clause.start, mention.start)
    return clause.start > sentence.start and any(
        p.cue.search(lead) for p in _patterns() if not p.verbal and not p.prefix
    )


def _prefixed(ctx: ArticleContext, pattern: _Pattern, clause: Span, first: MentionRef, gap: str) -> bool:
    """«زعيم تنظيم القاعدة أيمن الظواهري»: cue, a few words, the group, then the name right after it."""
    if len(_WORD.findall(gap)) > pattern.max_after or _CLAUSE_BREAK.search(gap):
        return False
    lead = ctx.ntext.slice(clause.start, first.start)
    cues = list(pattern.cue.finditer(lead))
    return bool(cues) and len(_WORD.findall(lead[cues[-1].end() :])) <= pattern.max_before


def _relation(
    ctx: ArticleContext,
    sentence: Span,
    pattern: _Pattern,
    subject: MentionRef,
    obj: MentionRef,
    first: MentionRef,
    second: MentionRef,
) -> Relation:
    start = ctx.clause_of(sentence, first.start).start
    end = ctx.clause_of(sentence, second.start).end
    return Relation(
        type=pattern.type,
        subject=subject.entity.id,
        object=obj.entity.id,
        evidence=Span(start=start, end=end),
        confidence=pattern.confidence,
    )


@cache
def _apposition() -> re.Pattern[str]:
    markers = phrase_alternation(load_data("relations")["apposition_markers"])
    return re.compile(rf"(?<!\w)(?:{markers})(?!\w)")


def _inferred(relations: list[Relation]) -> list[Relation]:
    """Leader or member of a part is a member of the whole («إمارة الصحراء المنضوية تحت… القاعدة»)."""
    confidence = float(load_data("relations")["inferred_confidence"])
    existing = {(r.type, r.subject, r.object) for r in relations}
    out: list[Relation] = []
    for r in relations:
        if r.type not in ("leader_of", "member_of"):
            continue
        for part in relations:
            if part.type != "part_of" or part.subject != r.object or part.object == r.subject:
                continue
            key = ("member_of", r.subject, part.object)
            if key in existing:
                continue
            existing.add(key)
            span = Span(
                start=min(r.evidence.start, part.evidence.start), end=max(r.evidence.end, part.evidence.end)
            )
            out.append(
                Relation(
                    type="member_of",
                    subject=r.subject,
                    object=part.object,
                    evidence=span,
                    confidence=confidence,
                )
            )
    return out


@lru_cache(maxsize=50_000)  # the two directions of a candidate read the same gap
def cue_classes(ntext: str) -> frozenset[str]:
    """The relation cues of ``relations.json`` found in a stretch of normalised text, as classes
    («leader_of», «leader_of:reverse»): features for the learned relation model."""
    return frozenset(
        p.type + (":reverse" if p.reverse else ":prefix" if p.prefix else "")
        for p in _patterns()
        if p.vso is None and p.cue.search(ntext)
    )


_LIST_ITEM = re.compile(r"(?:^|(?<=\s))(\d{1,3})\s*[-–)]\s*(?=\D)")
_MIN_LIST = 3  # items of a numbered list
_ITEM_HEAD = 80  # characters of an item that its person must start in


@cache
def _list_lead_words() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)[وفبل]?(?:ال)?(?:{phrase_alternation(load_data('relations')['list_leads'])})")


def listed_members(ctx: ArticleContext) -> list[Relation]:
    """«…أسماء 44 إرهابيا… يعول عليهم تنظيم داعش… : 1- فلان… 2- فلان…»: the first person of each item of
    a numbered list (1, 2, 3… in order) is a member of the one armed group its lead names, when the
    lead (the two sentences before the first item) says it is a list («قائمة»، «أسماء»)."""
    items = _numbered_items(ctx.doc.text)
    if not items:
        return []
    first = items[0][0]
    index = ctx.sentence_index(first)
    lead_start = ctx.sentences[max(0, index - 2)].start if ctx.sentences else 0
    if not _list_lead_words().search(ctx.ntext.slice(lead_start, first)):
        return []
    groups = {
        m.entity.id: m.entity
        for m in ctx.mentions_in(lead_start, first)
        if m.entity.type == "ORG" and m.entity.subtype == "armed_group"
    }
    if len(groups) != 1:
        return []
    [group] = groups.values()
    confidence = float(load_data("relations")["inferred_confidence"])
    out = []
    for start, end in items:
        person = next(
            (
                m
                for m in ctx.mentions_in(start, end)
                if m.entity.type == "PER" and m.start < start + _ITEM_HEAD
            ),
            None,
        )
        if person is not None:
            out.append(
                Relation(
                    type="member_of",
                    subject=person.entity.id,
                    object=group.id,
                    evidence=Span(start=start, end=end),
                    confidence=confidence,
                )
            )
    return out


def _numbered_items(text: str) -> list[tuple[int, int]]:
    """The spans of the longest run of list items numbered 1, 2, 3… in order (at least three)."""
    best: list[int] = []
    run: list[int] = []
    expected = 1
    for m in _LIST_ITEM.finditer(text):
        number = int(m.group(1))
        if number == 1:
            run, expected = [m.start(1)], 2
        elif number == expected and run:
            run.append(m.start(1))
            expected += 1
        if len(run) > len(best):
            best = list(run)
    if len(best) < _MIN_LIST:
        return []
    ends = [*best[1:], _item_end(text, best[-1])]
    return list(zip(best, ends, strict=True))


def _item_end(text: str, start: int) -> int:
    """The last item ends at its line's end (or the text's)."""
    newline = text.find("\n", start)
    return len(text) if newline < 0 else newline
