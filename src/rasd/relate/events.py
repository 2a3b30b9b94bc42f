"""Coded events: trigger lexicon → rasd type → ACLED event_type/sub_event_type, with actors, targets,
the place where it happened, the date, fatalities and modality.

The place is a LOC mention in the trigger's clause governed by a preposition («في مدينة غاو»،
«بليبيا»), not any place nearby. The date is the nearest date in the clause, else in the sentence,
never one that dates the reporting («أكدت مصادر أمنية أول أمس أن…»). Outcome words («مقتل»)
make a killing event only when the sentence has no other event; otherwise they give its fatalities.
"""

from __future__ import annotations

import re
from functools import cache
from typing import cast

from rasd.record import Acled, Event, Mention, Modality, Span
from rasd.relate.across import absorb, actors_conflict, compatible_place, shares_participant
from rasd.relate.context import PLACE_SPECIFICITY, ArticleContext, MentionRef, SpanIndex
from rasd.relate.dates import DateMention
from rasd.relate.matching import Hit, KeyedPattern, load_data, phrase_alternation, phrase_pattern, verb_forms
from rasd.relate.numbers import number_pattern, parse_number
from rasd.text import normalize

_ACTOR_WINDOW = 160  # characters before a trigger in which its actors are looked for
_MODALITY_WINDOW = 70
_ANAPHOR = re.compile(r"^[وف]?ال(?=\w)")
_SEQUENCE = re.compile(r"^[وف]?(?:بعد|قبل|اثر|عقب|اعقاب|اعقب|بعيد|اثناء|خلال)$")


def trigger_pattern() -> KeyedPattern:
    """Every event trigger of the typology, keyed by the lexicon entry that matched."""
    return _triggers()


@cache
def _triggers() -> KeyedPattern:
    return KeyedPattern(
        {
            t: [*spec["triggers"], *(f for verb in spec.get("verbs", ()) for f in verb_forms(verb))]
            for t, spec in load_data("events")["types"].items()
        },
        clitics=True,
        inflect=True,
    )


@cache
def _modality() -> KeyedPattern:
    return KeyedPattern(
        {k: v for k, v in load_data("modality").items() if not k.endswith("_after")}, clitics=True
    )


@cache
def _modality_after() -> KeyedPattern:
    """Cues that follow the trigger: «اجتماع مرتقب»، «هجوم محتمل»."""
    table = {k.removesuffix("_after"): v for k, v in load_data("modality").items() if k.endswith("_after")}
    return KeyedPattern(table, clitics=True, inflect=True)


@cache
def _regex(key: str) -> re.Pattern[str]:
    return re.compile(phrase_pattern(load_data("events")[key], clitics=True, inflect=True))


@cache
def _governed_place() -> re.Pattern[str]:
    data = load_data("events")
    preps = phrase_alternation(data["location_prepositions"])
    # A place word may carry an adjective: «في العاصمة المالية باماكو».
    places = rf"(?:(?:{phrase_alternation(data['place_words'])})(?:\s+ال\w+)?\s+)"
    # «في مدينة غاو»، «بليبيا»، «قرب بلدة أيورو»; «على» (normalised «علي») only before a place word
    # («السيطرة على مدينة درنة»).
    return re.compile(
        rf"(?:^|(?<=[\s\W]))[وف]?(?:(?:{preps})\s*{places}{{0,2}}|علي\s+{places}{{1,2}})[«\"“]?$"
    )


@cache
def _fatalities() -> re.Pattern[str]:
    data = load_data("events")
    num = rf"(?P<n>\d+|{number_pattern()})"
    cue = phrase_pattern(data["fatality_cues"], clitics=True)
    tail = phrase_pattern(data["fatality_tail"], clitics=True)
    nouns = phrase_pattern(data["fatality_nouns"], clitics=True)
    approx = r"(?:(?:نحو|حوالي|قرابه|اكثر من|ما لا يقل عن|ما يقارب)\s+)?"
    return re.compile(
        rf"{cue}\s+{approx}{num}\s+(?:{tail})|{approx}(?P<n2>\d+|{number_pattern()})\s+(?:{nouns})"
    )


def extract_events(ctx: ArticleContext, attributions: list[Span]) -> list[Event]:
    said = SpanIndex(attributions)
    events: list[Event] = []
    spec = load_data("events")["types"]
    for sentence in ctx.sentences:
        hits = _triggers().hits(ctx.ntext, sentence.start, sentence.end)
        if not hits:
            continue
        has_non_outcome = any(not spec[h.key].get("outcome") for h in hits)
        subsumed = {t for h in hits for t in spec[h.key].get("subsumes", [])}
        seen: set[str] = set()
        sentence_events: list[Event] = []
        for hit in hits:
            kind = spec[hit.key].get("same_as", hit.key)
            if kind in seen or kind in subsumed or (spec[hit.key].get("outcome") and has_non_outcome):
                continue
            if sentence_events and _is_anaphoric(ctx.ntext.slice(hit.start, hit.end)):
                continue  # «وأسفر الهجوم عن…» refers back to the event already coded in this sentence
            seen.add(kind)
            sentence_events.append(_event(ctx, sentence, Hit(hit.start, hit.end, kind), said))
        _attach_fatalities(ctx, sentence, sentence_events)
        events.extend(e for e in sentence_events if not _refers_back(ctx, e, events))
    _inherit_places(ctx, events)
    return _merge_within(ctx, events)


def _inherit_places(ctx: ArticleContext, events: list[Event]) -> None:
    """Discourse: news sets the scene in its lead and tells what happened there over several
    sentences. An event on the ground whose sentence names no place happened where the lead sets the
    story. (Carrying the place of the event just before was measured too: it misplaced more than it
    placed, on real and written text alike.)"""
    lead = _lead_place(ctx)
    if lead is None:
        return
    kinds = frozenset(load_data("events")["inherit_place"])
    for event in events:
        # only what happens on the ground, as a fact: a pledge or an agreement has no scene, and a
        # planned or denied event is not placed by the story around it
        if event.location is None and event.modality == "asserted" and event.type in kinds:
            event.location, event.geo = lead.entity.id, lead.entity.geo


def _lead_place(ctx: ArticleContext) -> MentionRef | None:
    """The most specific place of the article's first sentence that names one (of its first two)."""
    for sentence in ctx.sentences[:2]:
        places = [m for m in ctx.mentions_in(sentence.start, sentence.end) if m.entity.type == "LOC"]
        if places:
            return max(places, key=lambda m: PLACE_SPECIFICITY.get(m.entity.subtype or "", 0))
    return None


def _merge_within(ctx: ArticleContext, events: list[Event]) -> list[Event]:
    """ACLED codes one event per real event: a later event of the same type and modality that is
    compatible with an earlier one of the article (``rasd.relate.across``: dates, places, and no
    conflicting actors) and shares a participant or place with it, or refers back to it («الاتفاق»،
    «عملية الاختطاف»، «حادثة اختطاف»), is folded into it."""
    while True:  # a later fold can give an earlier event the participant another one shares
        merged = _merge_pass(ctx, events)
        if len(merged) == len(events):
            return merged
        events = merged


def _merge_pass(ctx: ArticleContext, events: list[Event]) -> list[Event]:
    kept: list[Event] = []
    # Only an earlier event of the same type and modality can take a later one in (other modalities
    # are skipped below, other types are never compatible): each event is compared with those alone.
    kept_like: dict[tuple[str, str], list[Event]] = {}
    for event in events:
        like = kept_like.setdefault((event.type, event.modality), [])
        trigger = ctx.ntext.slice(event.trigger.start, event.trigger.end)
        after = ctx.ntext.slice(event.trigger.end, min(event.evidence.end, event.trigger.end + 16)).split()[
            :2
        ]
        if any(w in _distinct_markers() for w in after):  # «هجوم آخر»
            kept.append(event)
            like.append(event)
            continue
        refers_back = _refers_back_word(ctx, event, trigger)
        for earlier in like:
            if earlier.modality != event.modality or actors_conflict(earlier, event):
                continue
            place = compatible_place((ctx.doc, earlier), (ctx.doc, event))
            if place is False:
                continue
            if place or refers_back or shares_participant(earlier, event):
                absorb(earlier, event)
                break
        else:
            kept.append(event)
            like.append(event)
    return kept


@cache
def _anaphoric_leads() -> frozenset[str]:
    return frozenset(normalize(w) for w in load_data("events")["anaphoric_leads"])


@cache
def _distinct_markers() -> frozenset[str]:
    return frozenset(normalize(w) for w in load_data("events")["distinct_markers"])


def _refers_back_word(ctx: ArticleContext, event: Event, trigger: str) -> bool:
    """«الاتفاق»، «عملية الاختطاف»، «هذه الأزمة»، «حادثة اختطاف»: a definite trigger or one after a
    demonstrative or an event noun names an event already told."""
    words = trigger.split()
    if any(re.match(r"^[وفبل]?ال\w", w) for w in words) or words[0] in _anaphoric_leads():
        return True
    lead = ctx.ntext.slice(max(event.evidence.start, event.trigger.start - 16), event.trigger.start).split()
    return bool(lead) and (
        lead[-1] in _anaphoric_leads() or re.sub(r"^[وفبل]", "", lead[-1]) in _anaphoric_leads()
    )


def _is_anaphoric(trigger: str) -> bool:
    article = _ANAPHOR.match(trigger)
    return article is not None and _triggers().regex.fullmatch(trigger[article.end() :]) is not None


def _refers_back(ctx: ArticleContext, event: Event, earlier: list[Event]) -> bool:
    """«وقال مسؤول إن الغارة…»: a definite trigger with no place or date of its own names an event
    already coded; it adds its death toll there instead of becoming a new event."""
    if event.location or event.date:
        return False
    # «الغارة» is «غارة» with the article; «ألقت القبض» only starts like one.
    if not _is_anaphoric(ctx.ntext.slice(event.trigger.start, event.trigger.end)):
        return False
    spec = load_data("events")["types"]
    for previous in reversed(earlier):
        if previous.type == event.type or event.type in spec[previous.type].get("subsumes", []):
            if previous.fatalities is None:
                previous.fatalities = event.fatalities
            return True
    return False


def _event(ctx: ArticleContext, sentence: Span, hit: Hit, attributions: SpanIndex) -> Event:
    text = ctx.doc.text
    clause = ctx.clause_of(sentence, hit.start)
    spec = load_data("events")["types"][hit.key]  # hit.key is the coded type (``same_as`` applied)
    acled = spec["acled"]
    if "acled_military_target" in spec and _regex("military_target").search(
        ctx.ntext.slice(hit.start, clause.end)
    ):
        acled = spec["acled_military_target"]
    actors, targets = _participants(ctx, sentence, clause, hit, attributions)
    place = _place(ctx, sentence, clause, hit)
    modality = _modality_of(ctx, clause, hit)
    # A planned or feared event is dated only by its own clause, not by a past date nearby.
    asserted = modality == "asserted"
    when = _date(ctx, sentence if asserted else clause, clause, hit, attributions, dated_by_report=asserted)
    return Event(
        type=hit.key,
        acled=Acled(event_type=acled[0], sub_event_type=acled[1]),
        trigger=Mention(start=hit.start, end=hit.end, text=text[hit.start : hit.end]),
        actors=actors,
        targets=targets,
        location=place.entity.id if place else None,
        geo=place.entity.geo if place else None,
        date=when.as_event_date() if when else None,
        evidence=Span(start=sentence.start, end=sentence.end),
        modality=modality,
    )


def _participants(
    ctx: ArticleContext, sentence: Span, clause: Span, hit: Hit, attributions: SpanIndex
) -> tuple[list[str], list[str]]:
    actors: list[str] = []
    targets: list[str] = []
    before = [
        m
        for m in ctx.mentions_in(max(sentence.start, hit.start - _ACTOR_WINDOW), hit.start)
        if m.entity.type != "LOC" and not attributions.covers(m.start)
    ]
    # «من بريد هيلاري كلينتون»، «إلى وزيرة الخارجية هيلاري كلينتون»: a sender, recipient or owner is no agent.
    before = [m for m in before if not _governed_name(ctx, sentence, m)]
    in_clause = [m for m in before if m.start >= clause.start]
    # Actors named in the trigger's clause; else the subject of the sentence (its first name).
    before = in_clause or before[:1]
    for m in reversed(before):  # nearest first
        between = ctx.ntext.slice(m.end, hit.start)
        # «مقتل بلمختار في غارة» / «بلمختار قتل في غارة»: a victim word next to the name or before the trigger.
        lead = ctx.ntext.slice(max(sentence.start, m.start - 12), m.start)
        victim = _regex("victim_cues").search(between) or re.search(
            rf"(?:{_regex('victim_cues').pattern})\s*$", lead
        )
        bucket = targets if victim else actors
        if m.entity.id not in actors + targets and len(bucket) < 3:
            bucket.append(m.entity.id)
    for m in ctx.mentions_in(hit.end, clause.end):
        if (m.entity.type == "LOC" and not _party_country(ctx, hit, m)) or m.entity.id in actors + targets:
            continue
        lead = ctx.ntext.slice(hit.end, m.start)
        (actors if _regex("agent_cues").search(lead) or _party(ctx, hit, m) else targets).append(m.entity.id)
    return actors, targets


@cache
def _governed() -> re.Pattern[str]:
    data = load_data("events")
    preps = phrase_alternation(data["governing_prepositions"])
    glued = phrase_alternation(data["glued_prepositions"])
    chain = int(data["governed_chain_words"])
    # «من بريد هيلاري» / «إلى وزيرة الخارجية الأمريكية هيلاري» / «لهيلاري» (glued: no word may follow it).
    return re.compile(
        rf"(?:(?<!\w)[وف]?(?:{preps})\s+(?:[\w\"«»“”]+\s+){{0,{chain}}}|(?<!\w)[وف]?(?:{glued})\s?[\"«“]?)$"
    )


@cache
def _chain_breakers() -> frozenset[str]:
    return frozenset(normalize(w) for w in load_data("events")["governed_chain_breakers"])


def _governed_name(ctx: ArticleContext, sentence: Span, m: MentionRef) -> bool:
    """Whether the name is the object of a preposition (or of a short genitive chain after one), with
    no agent cue («على يد»، «ينتمون إلى»، «مسلحون من») before it."""
    lead = ctx.ntext.slice(max(sentence.start, m.start - 60), m.start)
    lead = re.split(r"[،,؛;:.()]", lead)[-1]
    found = _governed().search(lead)
    if not found or any(w in _chain_breakers() or w.isdigit() for w in found.group().split()[1:]):
        return False
    return not re.search(rf"(?:{_regex('agent_cues').pattern})\s*(?:\S+\s+){{0,2}}[\"«“]?$", lead)


def _party_country(ctx: ArticleContext, hit: Hit, m: MentionRef) -> bool:
    """«اتفاق بين الجزائر والجماعة»، «اتفاق الجزائر مع بلمختار»: a state that is a party, not the place."""
    return m.entity.subtype == "country" and _party(ctx, hit, m)


def _party(ctx: ArticleContext, hit: Hit, m: MentionRef) -> bool:
    """A name right after an agreement or meeting trigger, or after its «بين/مع», is one of its parties."""
    if hit.key not in load_data("events")["party_countries"]:
        return False
    lead = ctx.ntext.slice(hit.end, m.start).split()
    return len(lead) <= 2 and (not lead or re.sub(r"^[وف]", "", lead[0]) in _party_leads())


@cache
def _party_leads() -> frozenset[str]:
    return frozenset(normalize(w) for w in load_data("events")["party_leads"])


def _past_other_trigger(ctx: ArticleContext, hit: Hit, pos: int) -> bool:
    """«تفاهم مع بلمختار بعد حادثة اختطاف القنصل في غاو»: a place or date after another trigger is that event's."""
    if pos <= hit.end:
        return False
    spec = load_data("events")["types"]
    # Only an event noun after a time preposition («بعد/قبل/إثر حادثة اختطاف») starts another event's words.
    for h in _triggers().hits(ctx.ntext, hit.end, pos):
        kind = spec[h.key].get("same_as", h.key)
        lead = ctx.ntext.slice(max(hit.end, h.start - 16), h.start).split()
        if (
            kind != hit.key
            and not spec[h.key].get("outcome")
            and lead
            and _SEQUENCE.match(lead[-1] if lead[-1] not in _anaphoric_leads() or len(lead) < 2 else lead[-2])
        ):
            return True
    return False


def _place(ctx: ArticleContext, sentence: Span, clause: Span, hit: Hit) -> MentionRef | None:
    def governed(scope: Span) -> list[MentionRef]:
        return [
            m
            for m in ctx.mentions_in(scope.start, scope.end)
            if m.entity.type == "LOC"
            and _governed_place().search(ctx.ntext.slice(scope.start, m.start))
            and not _party_country(ctx, hit, m)
            and not _past_other_trigger(ctx, hit, m.start)
        ]

    adjacent = [m for m in ctx.mentions_in(hit.end, min(clause.end, hit.end + 40)) if m.entity.type == "LOC"]
    if (
        adjacent
        and not ctx.doc.text[hit.end : adjacent[0].start].strip()
        and not _party_country(ctx, hit, adjacent[0])
    ):
        return adjacent[0]  # «هجوم جبل الشعانبي»: the place named right after the trigger
    in_clause = governed(clause)
    after = [m for m in in_clause if m.start >= hit.end]
    if after:
        return after[0]
    if in_clause:
        return in_clause[-1]
    # Otherwise the scene set earlier in the sentence («…في مدينة غاو، واختطفوا القنصل»); a place in a
    # later clause belongs to what comes next, and «في حين…» opens another scene.
    if _opens_contrast(ctx, clause):
        return None
    earlier = [m for m in governed(sentence) if m.end <= clause.start]
    return earlier[-1] if earlier else None


def _date(
    ctx: ArticleContext,
    sentence: Span,
    clause: Span,
    hit: Hit,
    attributions: SpanIndex,
    *,
    dated_by_report: bool = False,
) -> DateMention | None:
    def usable(d: DateMention) -> bool:
        return not attributions.covers(d.start)

    scopes = (clause,) if _opens_contrast(ctx, clause) else (clause, sentence)
    for scope in scopes:
        candidates = [
            d
            for d in ctx.dates_in(scope.start, scope.end)
            if usable(d) and not _past_other_trigger(ctx, hit, d.start)
        ]
        if candidates:
            return min(candidates, key=lambda d: abs(d.start - hit.start))
    if not dated_by_report:
        return None
    # «قالت حكومة طبرق في يونيو 2015 أن بلمختار قتل في غارة»: with no date of its own, an asserted event
    # takes the date of the reporting verb that introduces its clause (the nearest attribution before it
    # in the sentence) — better than none, never preferred to a date of the event's own words.
    introducing = attributions.within(sentence.start, hit.start)
    if introducing:
        a = max(introducing, key=lambda a: a.end)
        # Only a date of the calendar («في يونيو 2015»): «أمس» dates the saying, news of the day.
        dates = [d for d in ctx.dates_in(a.start, a.end) if re.search(r"\d{4}", d.text)]
        if dates:
            return dates[-1]
    return None


def _opens_contrast(ctx: ArticleContext, clause: Span) -> bool:
    return _regex("contrast_markers").match(ctx.ntext.slice(clause.start, clause.end).lstrip()) is not None


def _modality_of(ctx: ArticleContext, clause: Span, hit: Hit) -> Modality:
    after = _modality_after().hits(ctx.ntext, hit.end, min(clause.end, hit.end + 20))
    if after:  # «اجتماعا مرتقبا»
        return cast(Modality, after[0].key)
    window_start = max(clause.start, hit.start - _MODALITY_WINDOW)
    cues = _modality().hits(ctx.ntext, window_start, hit.start)
    return cast(Modality, cues[-1].key) if cues else "asserted"


def _attach_fatalities(ctx: ArticleContext, sentence: Span, events: list[Event]) -> None:
    if not events:
        return
    nstart, nend = ctx.ntext.to_normal(sentence.start), ctx.ntext.to_normal(sentence.end)
    for m in _fatalities().finditer(ctx.ntext.norm, nstart, nend):
        count = parse_number(m["n"] or m["n2"])
        if count is None:
            continue
        pos = ctx.ntext.to_original(m.start(), m.end())[0]
        preceding = [e for e in events if e.trigger.start <= pos]
        target = preceding[-1] if preceding else events[0]
        target.fatalities = (target.fatalities or 0) + count
