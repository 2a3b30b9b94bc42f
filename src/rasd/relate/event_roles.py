"""Who may be an event's actor, by what kind of body it is.

A court tries, it does not attack: news about a trial names the court beside the attack it tries
(«نظرت محكمة العدل الملكية في الاعتداء»), and the nearest name before an attack trigger is then the
court. A trial's actor, in turn, is the court or prosecutor, which news often names a sentence before
the ruling («أصدرت الدائرة الجنائية … وقضت بالسجن…»). An outlet reports; it is never an actor.
The trial also happens where its court sits: «محكمة جنايات القاهرة» places it in Cairo.
"""

from __future__ import annotations

import re
from functools import cache

from rasd.record import Entity, Event
from rasd.relate.context import ArticleContext, MentionRef
from rasd.relate.matching import load_data
from rasd.text import normalize

# How many sentences before a trial's own a court named there still acts in it.
_COURT_REACH = 2
_PROCLITIC = re.compile(r"^[وفبل]?(?=ال|م|ن|ق|د|ه)")


@cache
def _judicial_heads() -> tuple[str, ...]:
    return tuple(sorted((normalize(w) for w in load_data("events")["judicial_heads"]), key=len, reverse=True))


def is_judicial(entity: Entity) -> bool:
    """A court, judge or prosecutor: an organisation whose name starts with a judicial head word."""
    if entity.type != "ORG":
        return False
    name = normalize(entity.name)
    return any(name == h or name.startswith(h + " ") for h in _judicial_heads())


def is_outlet(entity: Entity) -> bool:
    return entity.type == "ORG" and entity.subtype == "media"


def settle_roles(ctx: ArticleContext, events: list[Event]) -> None:
    """Drop actors that cannot act in their event; give a trial its court as actor and place."""
    judicial_types = frozenset(load_data("events")["judicial_types"])
    for event in events:
        kept = []
        for actor in event.actors:
            entity = ctx.entity(actor)
            if (
                entity is None
                or is_outlet(entity)
                or (is_judicial(entity) and event.type not in judicial_types)
            ):
                continue
            kept.append(actor)
        event.actors = kept
        if event.type == "trial":
            _court_of(ctx, event)


def _court_of(ctx: ArticleContext, event: Event) -> None:
    courts = [a for a in event.actors if (e := ctx.entity(a)) is not None and is_judicial(e)]
    if not courts:
        court = _nearest_court(ctx, event)
        courts = [court.entity.id] if court is not None else []
    # people and parties named with a trial are its defendants or lawyers; the court acts
    event.actors = courts
    if courts and (event.location is None or _is_country(ctx, event.location)):
        seat = _seat(ctx, courts[0])
        if seat is not None:
            event.location, event.geo = seat.id, seat.geo


def _nearest_court(ctx: ArticleContext, event: Event) -> MentionRef | None:
    index = ctx.sentence_index(event.trigger.start)
    sentence = ctx.sentences[index]
    here = [m for m in ctx.mentions_in(sentence.start, sentence.end) if is_judicial(m.entity)]
    if here:
        before = [m for m in here if m.end <= event.trigger.start]
        return before[-1] if before else here[0]
    for earlier in reversed(ctx.sentences[max(0, index - _COURT_REACH) : index]):
        named = [m for m in ctx.mentions_in(earlier.start, earlier.end) if is_judicial(m.entity)]
        if named:
            return named[-1]
    return None


def _is_country(ctx: ArticleContext, entity_id: str) -> bool:
    entity = ctx.entity(entity_id)
    return entity is not None and (
        entity.subtype == "country" or (entity.geo is not None and entity.geo.precision == "country")
    )


def _seat(ctx: ArticleContext, court_id: str) -> Entity | None:
    """The place a court's name ends with («محكمة استئناف طرابلس» → طرابلس), if the article names it."""
    court = ctx.entity(court_id)
    if court is None:
        return None
    words = normalize(court.name).split()
    places = {
        normalize(name): e
        for e in ctx.doc.entities
        if e.type == "LOC"
        for name in {e.name, *e.aliases, *(m.text for m in e.mentions)}
    }
    for size in (3, 2, 1):
        if len(words) > size:
            tail = " ".join(words[-size:])
            found = places.get(tail) or places.get(_PROCLITIC.sub("", tail, count=1))
            if found is not None:
                return found
    return None
