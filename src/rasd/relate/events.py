"""Coded events: trigger lexicon → rasd type → ACLED event_type/sub_event_type, with actors, targets,
the place where it happened, the date, fatalities and modality.

The place is a LOC mention in the trigger's clause governed by a preposition («في مدينة غاو»،
«بليبيا»), not any place nearby. The date is the nearest date in the clause, else in the sentence,
never one that dates the reporting («أكدت مصادر أمنية أول أمس أن…»). Outcome words («مقتل»)
make a killing event only when the sentence has no other event; otherwise they give its fatalities.
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import cast

from rasd.record import Acled, Event, Geo, Mention, Modality, Span
from rasd.relate.context import PLACE_SPECIFICITY, ArticleContext, MentionRef, SpanIndex
from rasd.relate.dates import DateMention
from rasd.relate.event_coref import OwnSlots, _anaphoric_leads, fold_coreferent, takers
from rasd.relate.matching import Hit, KeyedPattern, load_data, phrase_alternation, phrase_pattern, verb_forms
from rasd.relate.numbers import number_pattern, parse_number
from rasd.relate.verbal_nouns import verbal_nouns
from rasd.text import normalize

# Person and number on a verb inside a phrase: «اعتدت على»، «اعتدوا على»، «يعتدون على».
_PHRASE_VERB_SUFFIXES = ("ت", "وا", "ا", "تا", "ون", "ان", "ن")
# Two events of one type in one sentence are told apart when their places are this far apart.
_SCENE_KM = 10.0
_ACTOR_WINDOW = 160  # characters before a trigger in which its actors are looked for
_MODALITY_WINDOW = 70
_ANAPHOR = re.compile(r"^[وف]?ال(?=\w)")
_SEQUENCE = re.compile(r"^[وف]?(?:بعد|قبل|اثر|عقب|اعقاب|اعقب|بعيد|اثناء|خلال)$")
# Relative pronouns (normalised): «الهجوم الذي استهدف…» describes that event with its own slots.
_RELATIVE = frozenset(normalize(w) for w in ("الذي", "التي", "اللذين", "اللتين", "الذين", "اللذان", "اللتان"))


def trigger_pattern() -> KeyedPattern:
    """Every event trigger of the typology, keyed by the lexicon entry that matched."""
    return _triggers(readings=False)


@cache
def _triggers(*, readings: bool = True) -> KeyedPattern:
    """The trigger lexicon; with ``readings``, also the phrases in which a trigger word names no event
    («مؤتمر صحافي»، «توقف» = stopped, «السيطرة على الوضع»), keyed ``not_event`` and listed first so
    that they win over a trigger of the same length."""
    data = load_data("events")
    nounless = frozenset(data["no_verbal_noun"])
    table = {"not_event": list(data["not_events"])} if readings else {}
    for t, spec in data["types"].items():
        phrases = [
            *spec["triggers"],
            *(f for verb in spec.get("verbs", ()) for f in _with_future(verb_forms(verb))),
            # «اختطف» → «اختطاف»، «استولى على» → «استيلائهم على» (rasd.relate.verbal_nouns)
            *(f for verb in spec.get("verbs", ()) if verb not in nounless for f in verbal_nouns(verb)),
        ]
        table[t] = [*phrases, *_lam_article(phrases)]
    return KeyedPattern(table, clitics=True, inflect=True)


def _with_future(forms: list[str]) -> list[str]:
    """The imperfect forms also with the future prefix: «يمثل أمام» → «سيمثل أمام». (The trigger
    pattern's proclitics are a noun's — و/ف، ب/ل/ك، ال — so the verb's «س» is written out here.) A
    verb followed by its particle («مثل أمام») inflects inside the phrase, where the pattern's suffixes
    (added at a phrase's end) cannot reach: «مثلوا أمام»، «يمثلون أمام»."""
    forms = [*forms, *(f"س{f}" for f in forms[1:] if f[0] in "يتن")]
    inflected = []
    for form in forms:
        head, _, rest = form.partition(" ")
        if rest:
            inflected += [f"{head}{suffix} {rest}" for suffix in _PHRASE_VERB_SUFFIXES]
    return [*forms, *inflected]


def _lam_article(phrases: list[str]) -> list[str]:
    """«ل» before the article writes «لل»: «النطق بالحكم» → «للنطق بالحكم» (the noun proclitics ل + ال
    cannot spell it)."""
    return [f"لل{p[2:]}" for p in phrases if p.startswith("ال") and len(p) > 3]


def _hits(ctx: ArticleContext, start: int, end: int) -> list[Hit]:
    """Trigger hits that name an event (a non-event reading of the words is dropped)."""
    return [h for h in _triggers().hits(ctx.ntext, start, end) if h.key != "not_event"]


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


def extract_events(
    ctx: ArticleContext, attributions: list[Span], *, compared: list[int] | None = None
) -> list[Event]:
    """The article's coded events, one per real event. ``compared``, when given, gets the number of
    earlier events each coreference pass looked at (``rasd.relate.event_coref``): tests check that it
    grows in proportion to the article, not to the square of its events."""
    said = SpanIndex(attributions)  # asked for every name and date near a trigger: bisection, not a pass
    events: list[Event] = []
    owned: dict[int, OwnSlots] = {}
    spec = load_data("events")["types"]
    latest = _LatestOfType()
    for sentence in ctx.sentences:
        hits = _hits(ctx, sentence.start, sentence.end)
        if not hits:
            continue
        has_non_outcome = any(not spec[h.key].get("outcome") for h in hits)
        subsumed = {t for h in hits for t in spec[h.key].get("subsumes", [])}
        seen: set[str] = set()
        sentence_events: list[Event] = []
        for hit in hits:
            kind = spec[hit.key].get("same_as", hit.key)
            outcome = spec[hit.key].get("outcome") and not _acts_on_someone(ctx, hit)
            if kind in subsumed or (outcome and has_non_outcome):
                continue
            if kind not in seen and sentence_events and _is_anaphoric(ctx.ntext.slice(hit.start, hit.end)):
                continue  # «وأسفر الهجوم عن…» refers back to the event already coded in this sentence
            event, slots = _event(ctx, sentence, Hit(hit.start, hit.end, kind), said)
            if kind in seen and not _another_scene(ctx, event, slots, sentence_events):
                continue  # the same event named again in its sentence
            seen.add(kind)
            if outcome:
                slots = OwnSlots(slots.place, slots.date, outcome=True)
            sentence_events.append(event)
            owned[id(event)] = slots  # the objects stay alive in ``events``, so their ids stay unique
        _attach_fatalities(ctx, sentence, sentence_events)
        for event in sentence_events:  # an event of this sentence is already earlier for the next one
            if not _refers_back(ctx, event, latest):
                events.append(event)
                latest.add(event)
    _inherit_places(ctx, events)
    return fold_coreferent(ctx, events, owned, compared)


def _acts_on_someone(ctx: ArticleContext, hit: Hit) -> bool:
    """«خليفة السلطاني الذي قتلته مجموعة إرهابية»: an outcome verb with an object pronoun tells who was
    killed by someone, an act of its own, not a toll of the sentence's other event. (A noun with a
    possessive, «مقتله», and phrases such as «لقي حتفه» stay outcomes.)"""
    words = ctx.ntext.slice(hit.start, hit.end).split()
    if len(words) != 1:
        return False
    word = re.sub(r"^[وف]", "", words[0])
    return (
        len(word) >= 4
        and not word.startswith(("م", "ال", "لل"))
        and re.search(r"(?:ه|ها|هم|هما)$", word) is not None
    )


def _another_scene(ctx: ArticleContext, event: Event, slots: OwnSlots, sentence_events: list[Event]) -> bool:
    """«شملت حادث استهداف المصلين بقرية الدالوة، وحادث استهداف المصلين ببلدة القديح…»: a sentence that
    lists incidents names each with its own place. A second trigger of a type already coded in the
    sentence is another event only when its own clause places it (after the trigger) in a named town
    or region other than the places of the sentence's events of that type, and not within a few
    kilometres of them. (A hotel named after the city of the attack, a site with neither coordinates
    nor a kind of place, is a spot in that town, not another scene.)"""
    place = ctx.entity(event.location) if slots.place and event.location else None
    if place is None:
        return False
    site = place.geo is None and place.subtype is None  # a hotel, a barracks: no town of its own
    return all(
        e.location != event.location
        and (e.geo is None or not site)
        and (e.geo is None or place.geo is None or _km(e.geo, place.geo) > _SCENE_KM)
        for e in sentence_events
        if e.type == event.type
    )


def _km(a: Geo, b: Geo) -> float:
    """Great-circle distance in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


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
        # only what happens somewhere, as a fact: on the ground, or a meeting the story is about (a
        # pledge or an agreement has no scene), and a planned or denied event is not placed by the
        # story around it
        if event.location is None and event.modality == "asserted" and event.type in kinds:
            event.location, event.geo = lead.entity.id, lead.entity.geo


def _lead_place(ctx: ArticleContext) -> MentionRef | None:
    """The most specific place of the article's first sentence that names one (of its first two),
    never a country that only condemns or mediates («أدانت تونس التفجيرات التي جدت في العراق»)."""
    for sentence in ctx.sentences[:2]:
        places = [
            m
            for m in ctx.mentions_in(sentence.start, sentence.end)
            if m.entity.type == "LOC" and not _landmark(ctx, m)
        ]
        if places:
            return max(
                places,
                key=lambda m: (
                    not _bystander().search(" ".join(ctx.ntext.slice(sentence.start, m.start).split()[-2:])),
                    PLACE_SPECIFICITY.get(m.entity.subtype or "", 0),
                    # of two places as specific, the one named after a preposition sets the scene
                    _governed_place().search(ctx.ntext.slice(sentence.start, m.start)) is not None,
                ),
            )
    return None


def _is_anaphoric(trigger: str) -> bool:
    article = _ANAPHOR.match(trigger)
    return article is not None and trigger_pattern().regex.fullmatch(trigger[article.end() :]) is not None


class _LatestOfType:
    """The latest event kept of each type: the event a definite trigger names is the nearest earlier one
    of its type or of a type that absorbs it, found among the types (a handful) instead of by reading
    back over every earlier event, which made a long article's events quadratic."""

    def __init__(self) -> None:
        self._latest: dict[str, tuple[int, Event]] = {}  # type → (order added, event)
        self._added = 0

    def add(self, event: Event) -> None:
        self._added += 1
        self._latest[event.type] = (self._added, event)

    def named_by(self, event: Event) -> Event | None:
        found = [self._latest[t] for t in takers(event.type) if t in self._latest]
        return max(found, key=lambda f: f[0])[1] if found else None


def _refers_back(ctx: ArticleContext, event: Event, latest: _LatestOfType) -> bool:
    """«وقال مسؤول إن الغارة…»: a definite trigger with no place or date of its own names an event
    already coded; it adds its death toll there instead of becoming a new event."""
    if event.location or event.date:
        return False
    # «الغارة» is «غارة» with the article; «ألقت القبض» only starts like one.
    if not _is_anaphoric(ctx.ntext.slice(event.trigger.start, event.trigger.end)):
        return False
    previous = latest.named_by(event)
    if previous is None:
        return False
    if previous.fatalities is None:
        previous.fatalities = event.fatalities
    return True


def _event(
    ctx: ArticleContext, sentence: Span, hit: Hit, attributions: SpanIndex[Span]
) -> tuple[Event, OwnSlots]:
    text = ctx.doc.text
    clause = ctx.clause_of(sentence, hit.start)
    spec = load_data("events")["types"][hit.key]  # hit.key is the coded type (``same_as`` applied)
    acled = spec["acled"]
    if "acled_military_target" in spec and _regex("military_target").search(
        ctx.ntext.slice(hit.start, clause.end)
    ):
        acled = spec["acled_military_target"]
    actors, targets = _participants(ctx, sentence, clause, hit, attributions)
    place = _place(ctx, sentence, clause, hit, attributions)
    modality = _modality_of(ctx, clause, hit)
    # A planned or feared event is dated only by its own clause, not by a past date nearby.
    asserted = modality == "asserted"
    # A planned, feared or denied event is dated only by its own words, after its trigger: a date before
    # it dates the threat, the plan or the denial («هدد التنظيم أمس الأربعاء بإعدام رهينة»).
    own_clause = Span(start=hit.start, end=clause.end)
    when = _date(
        ctx,
        sentence if asserted else own_clause,
        own_clause if not asserted else clause,
        hit,
        attributions,
        dated_by_report=asserted,
    )
    own = OwnSlots(
        place=place is not None and hit.end <= place.start < clause.end,
        date=when is not None and hit.end <= when.start < clause.end,
    )
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
    ), own


def _participants(
    ctx: ArticleContext, sentence: Span, clause: Span, hit: Hit, attributions: SpanIndex[Span]
) -> tuple[list[str], list[str]]:
    actors: list[str] = []
    targets: list[str] = []
    before = [
        m
        for m in ctx.mentions_in(max(sentence.start, hit.start - _ACTOR_WINDOW), hit.start)
        if _can_act(m) and not attributions.covers(m.start)
    ]
    # «من بريد هيلاري كلينتون»، «إلى وزيرة الخارجية هيلاري كلينتون»: a sender, recipient or owner is no agent;
    # «أدانت تونس الهجوم»: whoever condemns or mediates an event is not its agent.
    before = [
        m for m in before if not _governed_name(ctx, sentence, m) and not _bystander_of(ctx, sentence, m, hit)
    ]
    # Actors named in the trigger's clause. (The sentence's first name, taken when the clause named
    # none, was wrong more often than right on real news, whose long sentences chain several
    # speakers and scenes; the discourse passes of rasd.relate.responsibility fill those.)
    in_clause = [m for m in before if m.start >= clause.start]
    if not in_clause and not ctx.ntext.slice(clause.start, hit.start).strip(" و"):
        # «قام مسلحون ينتمون إلى كتيبة "X" (Y)، باختطاف…»: a clause that opens with its trigger
        # continues the clause before it, which names the agent; a name in brackets right after
        # another glosses it and is no second actor.
        previous = [c for c in ctx.clauses(sentence) if c.end <= clause.start]
        if previous:
            in_clause = [
                m
                for m in before
                if m.start >= previous[-1].start and m.end <= previous[-1].end and not _gloss(ctx, m)
            ]
    before = in_clause
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
    for m in _sides(ctx, sentence, hit):
        if m.entity.id in targets:
            targets.remove(m.entity.id)
        if m.entity.id not in actors:
            actors.append(m.entity.id)
    if hit.key in load_data("events")["judged_types"]:  # «يحاكم فلان»: the accused is judged, the court acts
        people = {
            m.entity.id for m in ctx.mentions_in(sentence.start, sentence.end) if m.entity.type == "PER"
        }
        targets += [a for a in actors if a in people and a not in targets]
        actors = [a for a in actors if a not in people]
    speaker = None if actors else _state_speaker(ctx, sentence, hit, attributions)
    if speaker is not None and speaker.entity.id not in targets:
        actors.append(speaker.entity.id)
    return actors, targets


def _gloss(ctx: ArticleContext, m: MentionRef) -> bool:
    """«"بلمختار" (الموقعون بالدماء)»: a name in brackets right after another name."""
    lead = ctx.doc.text[max(0, m.start - 4) : m.start]
    return bool(re.search(r"[\"»”)\w]\s*\(\s*$", lead))


def _state_speaker(
    ctx: ArticleContext, sentence: Span, hit: Hit, attributions: SpanIndex[Span]
) -> MentionRef | None:
    """«أعلنت القوات المسلحة المصرية عن مقتل 20 إرهابيا إثر استهداف مقر…»: an army, a police force or a
    ministry that announces an operation of its own kind (an arrest, a strike, a clash) carried it out."""
    data = load_data("events")
    if hit.key not in data["state_actions"]:
        return None
    speakers = [
        m
        for a in attributions.starting(sentence.start, hit.start)
        for m in ctx.mentions_in(a.start, min(a.end, hit.start))
        if m.entity.type == "ORG" and m.entity.subtype in data["state_forces"]
    ]
    return speakers[-1] if speakers else None


def _can_act(m: MentionRef) -> bool:
    """People and organisations act; places do not. (Letting a country named as the subject act,
    «تشن إسرائيل غارات», gained 2 of 280 dev events and made countries that are only talked about, or
    a victim's nationality, actors.)"""
    return m.entity.type != "LOC"


def _is_country(m: MentionRef) -> bool:
    geo = m.entity.geo
    return m.entity.type == "LOC" and (
        m.entity.subtype == "country" or (geo is not None and geo.precision == "country")
    )


def _sides(ctx: ArticleContext, sentence: Span, hit: Hit) -> list[MentionRef]:
    """Both sides of a clash are its actors: the names after «بين/مع» that follow the trigger in its
    sentence, across commas («معارك عنيفة اندلعت طيلة الليل، بين قوات الأمن وعناصر تنظيم X»)."""
    if hit.key not in load_data("events")["two_sided"]:
        return []
    end = min(sentence.end, hit.end + _ACTOR_WINDOW)
    found = re.search(r"(?<!\w)[وف]?(?:بين|مع)\s", ctx.ntext.slice(hit.end, end))
    if not found:
        return []
    start = ctx.ntext.to_original(ctx.ntext.to_normal(hit.end) + found.end(), ctx.ntext.to_normal(end))[0]
    return [m for m in ctx.mentions_in(start, end) if _can_act(m) and m.entity.type != "LOC"][:2]


def _bystander_of(ctx: ArticleContext, sentence: Span, m: MentionRef, hit: Hit) -> bool:
    """The name is the subject of a verb of condemning or mediating that governs the event: the verb
    stands between them («تونس تدين الهجوم») or just before the name («أدانت تونس الهجوم»)."""
    lead = ctx.ntext.slice(max(sentence.start, m.start - 24), m.start).split()[-2:]
    return bool(_bystander().search(" ".join(lead) + " " + ctx.ntext.slice(m.end, hit.start)))


@cache
def _bystander() -> re.Pattern[str]:
    words = load_data("events")["bystander_verbs"]
    return re.compile(phrase_pattern([f for w in words for f in verb_forms(w)], clitics=True, inflect=True))


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
    # An event noun after a time preposition («بعد/قبل/إثر حادثة اختطاف») starts another event's words;
    # so does one that a relative clause describes («بطاقات إيداع … في الاعتداء الذي استهدف في 12 مارس
    # دورية بقبلي»: that date and place are the attack's, not the warrants').
    for h in _hits(ctx, hit.end, pos):
        kind = spec[h.key].get("same_as", h.key)
        if kind == hit.key or spec[h.key].get("outcome"):
            continue
        lead = ctx.ntext.slice(max(hit.end, h.start - 16), h.start).split()
        if lead and _SEQUENCE.match(
            lead[-1] if lead[-1] not in _anaphoric_leads() or len(lead) < 2 else lead[-2]
        ):
            return True
        if _RELATIVE.intersection(ctx.ntext.slice(h.end, pos).split()[:2]):
            return True
    return False


def _place(
    ctx: ArticleContext, sentence: Span, clause: Span, hit: Hit, attributions: SpanIndex[Span]
) -> MentionRef | None:
    place = _own_place(ctx, sentence, clause, hit, attributions)
    if place is None or place.end <= clause.start:
        # a scene inherited from an earlier clause is not refined to a town named there: that town is
        # the earlier event's («…اختطاف القنصل في غاو (مالي)… ركز عملياته في مالي… يهاجم…»)
        return place
    return _refine(ctx, sentence, hit, place, attributions)


def _own_place(
    ctx: ArticleContext, sentence: Span, clause: Span, hit: Hit, attributions: SpanIndex[Span]
) -> MentionRef | None:
    def governed(scope: Span) -> list[MentionRef]:
        return [
            m
            for m in ctx.mentions_in(scope.start, scope.end)
            if m.entity.type == "LOC"
            and _governed_place().search(ctx.ntext.slice(scope.start, m.start))
            and not _party_country(ctx, hit, m)
            and not _landmark(ctx, m)
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
    # «وذبح أجانب وخطف آخرين… هاجم سفارات في طرابلس»: a place after the next event's trigger is that
    # event's; the one before this trigger in the clause is nearer in the story.
    after = [m for m in in_clause if m.start >= hit.end]
    near = [m for m in after if not _other_trigger_between(ctx, hit, m.start)]
    if near:
        return near[0]
    before = [m for m in in_clause if m.start < hit.end]
    if before or after:
        return before[-1] if before else after[0]
    # «تفجير سيارة مفخخة أمس الخميس، بمنطقة "البياع"»: the next clause opens with the event's place.
    clauses = ctx.clauses(sentence)
    following = next((c for c in clauses if c.start >= clause.end), None)
    if following is not None:
        opening = [m for m in governed(following) if m.start - following.start <= 24]
        if opening and not _hits(ctx, following.start, opening[0].start):
            return opening[0]
    # Otherwise the scene set earlier in the sentence («…في مدينة غاو، واختطفوا القنصل»); a place in a
    # later clause belongs to what comes next, and «في حين…» opens another scene.
    if _opens_contrast(ctx, clause):
        return None
    earlier = [m for m in governed(sentence) if m.end <= clause.start]
    if earlier:
        return earlier[-1]
    # Last, a town or region the clause names without a preposition («…بجبل سمامة من ولاية القصرين»),
    # the most specific one, never the speaker's («مصادر من مالي» stands in the attribution); a bare
    # country is more often a party than the scene («تهريب الأسلحة عبر الحدود مع مالي»).
    loose = [
        m
        for m in ctx.mentions_in(clause.start, clause.end)
        if m.entity.type == "LOC"
        and not _is_country(m)
        and not _party_country(ctx, hit, m)
        and not _landmark(ctx, m)
        and not attributions.covers(m.start)
        and not _past_other_trigger(ctx, hit, m.start)
        and not _other_trigger_between(ctx, hit, m.start)
    ]
    return max(loose, key=lambda m: PLACE_SPECIFICITY.get(m.entity.subtype or "", 0)) if loose else None


_DISTANCE = re.compile(r"(?<!\w)(?:كلم|كم|كيلومترا?|كيلومترات|ميلا|اميال)(?:\s+\S+){0,2}\s*$")


def _landmark(ctx: ArticleContext, m: MentionRef) -> bool:
    """«المدينة التي تبعد 620 كلم عن باماكو»، «بعقوبة (57 كم شمال شرقي بغداد)»: a place a distance is
    measured from locates the scene; it is not where the event happened."""
    return _DISTANCE.search(ctx.ntext.slice(max(0, m.start - 40), m.start)) is not None


def _other_trigger_between(ctx: ArticleContext, hit: Hit, pos: int) -> bool:
    """Whether another event's trigger (not an outcome word) stands between this trigger and ``pos``."""
    if pos <= hit.end:
        return False
    spec = load_data("events")["types"]
    return any(
        not spec[h.key].get("outcome") and spec[h.key].get("same_as", h.key) != hit.key
        for h in _hits(ctx, hit.end, pos)
    )


def _refine(
    ctx: ArticleContext, sentence: Span, hit: Hit, place: MentionRef, attributions: SpanIndex[Span]
) -> MentionRef:
    """The most specific place wins over its country: a town of the same country named in the
    sentence (checked by the gazetteer's country code) places the event more exactly."""
    geo = place.entity.geo
    if not _is_country(place) or geo is None or not geo.country:
        return place
    finer = [
        m
        for m in ctx.mentions_in(sentence.start, sentence.end)
        if m.entity.type == "LOC"
        and not _is_country(m)
        and m.entity.geo is not None
        and m.entity.geo.country == geo.country
        and not _landmark(ctx, m)
        and not attributions.covers(m.start)
        and not _past_other_trigger(ctx, hit, m.start)
        and not _other_trigger_between(ctx, hit, m.start)
    ]
    return min(finer, key=lambda m: abs(m.start - hit.start)) if finer else place


def _date(
    ctx: ArticleContext,
    sentence: Span,
    clause: Span,
    hit: Hit,
    attributions: SpanIndex[Span],
    *,
    dated_by_report: bool = False,
) -> DateMention | None:
    def usable(d: DateMention) -> bool:
        return not attributions.covers(d.start) and not _condemnation_date(ctx, sentence, hit, d)

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


def _condemnation_date(ctx: ArticleContext, sentence: Span, hit: Hit, d: DateMention) -> bool:
    """«أدانت تونس اليوم الجمعة التفجيرات التي…»: a date right after a verb of condemning (and its
    subject), before the trigger, dates the condemnation, not the event."""
    if d.end > hit.start:
        return False
    lead = ctx.ntext.slice(max(sentence.start, d.start - 40), d.start).split()[-3:]
    return bool(lead) and _bystander().search(" ".join(lead)) is not None


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
