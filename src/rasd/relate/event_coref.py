"""Event coreference inside one article: several trigger mentions of one real event become one event.

News reports an event once in full and then refers back to it: «وأسفر الهجوم عن…»، «وتبنى التنظيم
الاعتداء»، «وكانت المحكمة قد نظرت في الاعتداء». ACLED codes one event, with the slots of every
mention. Two passes fold a later event into an earlier one of the article:

- **compatible reports** (``rasd.relate.across``: same type and modality, dates and places that fit, no
  conflicting actors) that share a place or a participant, or whose later trigger refers back;
- **anaphors**: a definite event noun («الهجوم»، «الاعتداء»), or one after a demonstrative or an event
  noun («هذه العملية»، «حادثة اختطاف»), names an event already told even when its sentence sets another
  scene: the place and date its sentence gives belong to that sentence's own story (a trial in London
  of the Sousse attack), unless they are the anaphor's own modifiers, named after it in its clause
  («الهجوم الذي استهدف متحف باردو في مارس 2015»). The anaphor then joins the nearest earlier event of its
  type (or of a type that absorbs it: «الهجوم» after a car bomb) and only fills what that one lacks.

A marker after the trigger («هجوم آخر»، «جديد») keeps an event apart.

Each event is compared only with the earlier events that could take it (its type and modality, or a
type that absorbs it) whose sentence starts at most ``REACH`` characters before its own: blocks and a
bisection, so that a long input costs time in proportion to its length, not to the square of its
number of events. The longest article of the three news corpora is 43,580 characters, so the reach
leaves every real article's folds as they were; a document longer than that (a whole file read as one
article) is a run of stories, and an event there names nothing told a book's length earlier.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from rasd.record import Event
from rasd.relate.across import absorb, actors_conflict, compatible_place, dates_compatible
from rasd.relate.context import ArticleContext
from rasd.relate.matching import load_data
from rasd.text import normalize


@dataclass(frozen=True, slots=True)
class OwnSlots:
    """Whether an event's place and date are its own modifiers: named after its trigger, in its clause."""

    place: bool = False
    date: bool = False
    # coded from an outcome word alone («مقتل»، «قتلوا»): a toll that may be another event's
    outcome: bool = False


# Characters between the sentence of an event and the earliest sentence whose events it may fold into:
# more than the longest article of the news corpora (see the module's doc).
REACH = 50_000


@dataclass
class Kept:
    """The events kept so far in a pass, in text order, and blocked by (type, modality) with the
    starts of their sentences, for a bisection to the first one within ``REACH``. ``compared`` counts
    the earlier events looked at: what a long input costs, which tests check grows linearly."""

    events: list[Event] = field(default_factory=list)
    # (type, modality) → the kept events' (order kept, event), and their sentences' starts
    _blocks: dict[tuple[str, str], list[tuple[int, Event]]] = field(default_factory=dict)
    _starts: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    compared: int = 0

    def add(self, event: Event) -> None:
        key = (event.type, event.modality)
        self._blocks.setdefault(key, []).append((len(self.events), event))
        self._starts.setdefault(key, []).append(event.evidence.start)
        self.events.append(event)

    def near(self, event: Event, event_type: str) -> list[tuple[int, Event]]:
        """The kept events of ``event_type`` and the event's modality within reach, oldest first."""
        key = (event_type, event.modality)
        if key not in self._blocks:
            return []
        first = bisect.bisect_left(self._starts[key], event.evidence.start - REACH)
        found = self._blocks[key][first:]
        self.compared += len(found)
        return found


def fold_coreferent(
    ctx: ArticleContext, events: list[Event], own: dict[int, OwnSlots], compared: list[int] | None = None
) -> list[Event]:
    """One event per real event of the article (see the module's doc); ``own`` is keyed by ``id(event)``.
    ``compared``, when given, gets the number of earlier events each pass looked at (for tests)."""
    while True:  # a later fold can give an earlier event the participant another one shares
        kept = _fold_pass(ctx, events, own)
        if compared is not None:
            compared.append(kept.compared)
        if len(kept.events) == len(events):
            return kept.events
        events = kept.events


def _fold_pass(ctx: ArticleContext, events: list[Event], own: dict[int, OwnSlots]) -> Kept:
    kept = Kept()
    for event in events:
        after = ctx.ntext.slice(event.trigger.end, min(event.evidence.end, event.trigger.end + 16)).split()[
            :2
        ]
        if any(w in _distinct_markers() for w in after):  # «هجوم آخر»
            kept.add(event)
            continue
        refers_back = refers_back_word(ctx, event)
        slots = own.get(id(event), OwnSlots())
        target = _compatible_report(kept, event, refers_back, ctx)
        if target is not None:
            absorb(target, event)
            continue
        # an anaphor names an earlier event; deaths told alone are an earlier attack's toll
        told = _antecedent(kept, event, slots, ctx) if refers_back else None
        if told is None and slots.outcome:
            told = _cause(kept.events, event, slots, ctx)
        if told is not None:
            _fill_missing(ctx, told, event, slots)
        else:
            kept.add(event)
    return kept


def _compatible_report(kept: Kept, event: Event, refers_back: bool, ctx: ArticleContext) -> Event | None:
    # only an earlier event of the same type and modality is compatible (``compatible_place``)
    for _, earlier in kept.near(event, event.type):
        if actors_conflict(earlier, event):
            continue
        place = compatible_place((ctx.doc, earlier), (ctx.doc, event), entity=ctx.entity)
        if place is False:
            continue
        if place or refers_back or _shares_participant(earlier, event):
            return earlier
    return None


def _shares_participant(a: Event, b: Event) -> bool:
    return bool(set(a.actors + a.targets) & set(b.actors + b.targets))


def _antecedent(kept: Kept, event: Event, own: OwnSlots, ctx: ArticleContext) -> Event | None:
    """The nearest earlier event an anaphor can name: its type or one that absorbs it, the same
    modality, and no clash with the anaphor's own date or place."""
    candidates = [found for t in takers(event.type) for found in kept.near(event, t)]
    for _, earlier in sorted(candidates, key=lambda found: found[0], reverse=True):  # the nearest first
        if own.date and not dates_compatible(earlier.date, event.date):
            continue
        if own.place and earlier.location and event.location and not _within(ctx, earlier, event):
            continue
        return earlier
    return None


def _cause(kept: list[Event], event: Event, own: OwnSlots, ctx: ArticleContext) -> Event | None:
    """«وأعلنت الحكومة أن خمسة عسكريين قتلوا خلال العملية»: deaths told after an attack, with no
    event word of their own, are that attack's toll, not a killing of their own."""
    data = load_data("events")
    causes, reach = frozenset(data["violent_types"]), int(data["toll_reach"])
    here = ctx.sentence_index(event.trigger.start)
    for earlier in reversed(kept):
        if here - ctx.sentence_index(earlier.trigger.start) > reach:
            return None
        if earlier.type not in causes or earlier.modality != event.modality:
            continue
        if not dates_compatible(earlier.date, event.date):
            return None
        if own.place and earlier.location and event.location and not _within(ctx, earlier, event):
            return None
        return earlier
    return None


def _within(ctx: ArticleContext, earlier: Event, event: Event) -> bool:
    """The same place, or the later one a country or region that holds the earlier one (the
    gazetteer's country code): «الهجوم الإرهابي في مالي» after the attack on a hotel in Sévaré."""
    probe = event.model_copy(update={"type": earlier.type, "date": None})
    if compatible_place((ctx.doc, earlier), (ctx.doc, probe), entity=ctx.entity) is not False:
        return True
    outer = ctx.entity(event.location) if event.location else None
    return bool(
        outer is not None
        and outer.subtype in ("country", "region", "admin1")
        and outer.geo is not None
        and earlier.geo is not None
        and outer.geo.country
        and outer.geo.country == earlier.geo.country
    )


def _fill_missing(ctx: ArticleContext, kept: Event, anaphor: Event, own: OwnSlots) -> None:
    """An anaphor adds what the event lacks: its own date and place, its actors when the event has none,
    its targets, the larger toll. What its sentence says about something else is left out, and so is
    an actor that is a place (a country talked about) or that the event already has as a target."""
    if kept.date is None and anaphor.date is not None and own.date:
        kept.date = anaphor.date
    if kept.location is None and anaphor.location is not None and own.place:
        kept.location, kept.geo = anaphor.location, anaphor.geo
    if not kept.actors:
        kept.actors = [a for a in anaphor.actors if a not in kept.targets and _can_act(ctx, a)]
    for eid in anaphor.targets:
        if eid not in kept.actors + kept.targets:
            kept.targets.append(eid)
    if anaphor.fatalities is not None:
        kept.fatalities = max(kept.fatalities or 0, anaphor.fatalities)


def _can_act(ctx: ArticleContext, eid: str) -> bool:
    entity = ctx.entity(eid)
    return entity is None or entity.type != "LOC"


@cache
def takers(event_type: str) -> tuple[str, ...]:
    """The types an anaphor of ``event_type`` can name: its own and those that absorb it."""
    spec = load_data("events")["types"]
    return tuple(t for t in spec if t == event_type or event_type in spec[t].get("subsumes", []))


@cache
def _anaphoric_leads() -> frozenset[str]:
    return frozenset(normalize(w) for w in load_data("events")["anaphoric_leads"])


@cache
def _distinct_markers() -> frozenset[str]:
    return frozenset(normalize(w) for w in load_data("events")["distinct_markers"])


def refers_back_word(ctx: ArticleContext, event: Event) -> bool:
    """«الاتفاق»، «عملية الاختطاف»، «هذه الأزمة»، «حادثة اختطاف»: a definite trigger or one after a
    demonstrative or an event noun names an event already told."""
    words = ctx.ntext.slice(event.trigger.start, event.trigger.end).split()
    if any(re.match(r"^[وفبل]?ال\w", w) for w in words) or words[0] in _anaphoric_leads():
        return True
    lead = ctx.ntext.slice(max(event.evidence.start, event.trigger.start - 16), event.trigger.start).split()
    return bool(lead) and (
        lead[-1] in _anaphoric_leads() or re.sub(r"^[وفبل]", "", lead[-1]) in _anaphoric_leads()
    )
