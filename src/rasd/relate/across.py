"""Across articles: one event with all its sources, and contradictions an analyst must weigh.

``merge_events`` joins events of the same type whose places agree (same entity, or within
``_NEAR_KM``) or which share a participant where a place is unknown, and whose dates meet (``_group``,
``MergeDate``: a day and the next; an undated report dated by its article's publication window; a
coarse date joining one group of finer ones, never bridging two). ``find_contradictions`` lists opposite statements about one person (killed vs. still
alive, captured vs. at large), asserted vs. denied reports of one event, and disagreeing death tolls.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from pydantic import BaseModel, Field

from rasd.record import Acled, Document, Entity, Event, EventDate, Geo, Span
from rasd.relate.context import ArticleContext, MentionRef
from rasd.relate.dates import parse_published
from rasd.relate.matching import KeyedPattern, NormalText, load_data, phrase_pattern

_NEAR_KM = 50.0


class EventSource(BaseModel):
    document: str  # Document.id
    source: str  # where it was read from
    outlet: str | None = None
    published: str | None = None
    evidence: Span
    text: str  # the sentence that reports it
    modality: str = "asserted"
    fatalities: int | None = None


class MergedEvent(BaseModel):
    type: str
    acled: Acled | None
    actors: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    location: str | None = None
    location_name: str | None = None
    geo: Geo | None = None
    date: EventDate | None = None
    fatalities: int | None = None
    modality: str = "asserted"
    sources: list[EventSource] = Field(default_factory=list)


class Statement(BaseModel):
    document: str
    source: str
    published: str | None = None
    evidence: Span
    text: str
    says: str  # dead | alive | captured | at_large | asserted | denied | "4 killed"
    by: str | None = None  # who says it, from the claim covering the statement
    when: str | None = None  # the statement's own date where it has one


class Contradiction(BaseModel):
    kind: str  # status | occurrence | fatalities
    about: str  # entity id, or the event's type and place
    about_name: str
    statements: list[Statement]


# --- merging --------------------------------------------------------------------------------------


def merge_events(docs: Iterable[Document], *, include_non_asserted: bool = False) -> list[MergedEvent]:
    """Events reported by several articles become one, with every report as a source."""
    items = [
        (doc, ev) for doc in docs for ev in doc.events if include_non_asserted or ev.modality == "asserted"
    ]
    groups = _group(items, same_modality=True)
    return [_merged(group) for group in groups]


def _group(items: list[tuple[Document, Event]], *, same_modality: bool) -> list[list[tuple[Document, Event]]]:
    """Groups of reports that are one event (``MergeDate`` says how dates decide): within a block of one
    type (and modality), the components of day-dated reports (a day apart at most, linked by place or
    participant); each floating report joins the one group it fits, or none when it fits several;
    floating reports that fit no group join each other when of one bucket (publication day, month,
    year). Set-based: the same groups whatever the order (``rasd.store.fold`` keeps them incrementally)."""
    parent = list(range(len(items)))
    when = [merge_date(ev.date.value if ev.date else None, doc.published) for doc, ev in items]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    # Only events of one type (and one modality, when asked) can be one event: compare within those
    # blocks, not every pair of a whole database's events.
    blocks: dict[tuple[str, str], list[int]] = {}
    for i, (_doc, ev) in enumerate(items):
        blocks.setdefault((ev.type, ev.modality if same_modality else ""), []).append(i)
    for block in blocks.values():
        anchors = [i for i in block if when[i].kind == "day"]
        for a, i in enumerate(anchors):
            for j in anchors[a + 1 :]:
                if (
                    find(i) != find(j)
                    and days_meet(when[i].value, when[j].value)
                    and linked(items[i], items[j])
                ):
                    union(i, j)
        pool = []
        for f in (i for i in block if when[i].kind in FLOATING):
            fits = {
                find(a) for a in anchors if fits_day(when[f], when[a].value) and linked(items[f], items[a])
            }
            if len(fits) == 1:
                parent[f] = fits.pop()  # f is still a root of its own: anchors' roots do not move
            elif not fits:
                pool.append(f)
        for a, i in enumerate(pool):
            for j in pool[a + 1 :]:
                if find(i) != find(j) and when[i].bucket == when[j].bucket and linked(items[i], items[j]):
                    union(i, j)
    groups: dict[int, list[tuple[Document, Event]]] = {}
    for i, item in enumerate(items):
        groups.setdefault(find(i), []).append(item)
    return list(groups.values())


# --- when a report's event happened, for merging across articles ----------------------------------

MERGE_WINDOW_DAYS = 3
"""An undated report's event happened in the 3 days up to its article's publication: on the 996
real articles of the seeded sample, 148 of the 185 day-dated events (80 %) lie 0–3 days before
publication, and 148 of the 163 within a week (91 %); a wider window fits more groups at a busy place
and so keeps more reports apart (docs/fold.md)."""

FLOATING = ("window", "month", "year")


@dataclass(frozen=True, slots=True)
class MergeDate:
    """When a report's event happened, as merging takes it. ``kind``: ``day`` (an anchor: its day);
    ``window`` (undated: the ``MERGE_WINDOW_DAYS`` up to the publication day ``value``); ``month``,
    ``year`` (``value`` is «2015-06», «2015»); ``none`` (undated in an undated article: merges with
    nothing). A floating report (window, month, year) is coarser than a day: it may join one group of
    day-dated reports, never two (that would bridge what the days keep apart)."""

    kind: str
    value: str

    @property
    def bucket(self) -> str:
        """Floating reports that fit no day-dated group join each other only within one bucket."""
        return self.kind[0] + self.value

    def days(self) -> list[str]:
        """A window's days, oldest first."""
        end = date.fromisoformat(self.value)
        return [(end - timedelta(days=k)).isoformat() for k in range(MERGE_WINDOW_DAYS, -1, -1)]


def merge_date(value: str | None, published: str | None) -> MergeDate:
    if value and not value.startswith("-"):
        if len(value) == 10 and _iso_day(value) is not None:
            return MergeDate("day", value)
        if len(value) == 7 and _iso_day(f"{value}-01") is not None:
            return MergeDate("month", value)
        if len(value) == 4 and _iso_day(f"{value}-01-01") is not None:
            return MergeDate("year", value)
    day = parse_published(published)
    return MergeDate("none", "") if day is None else MergeDate("window", day.isoformat())


def _iso_day(value: str) -> date | None:
    """The day of «2015-06-14» exactly (not the other ISO forms ``fromisoformat`` takes)."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if day.isoformat() == value else None


def days_meet(a: str, b: str) -> bool:
    """Two day-dated reports: the same day or the next (a night's event is dated either way)."""
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= 1


def fits_day(floating: MergeDate, day: str) -> bool:
    """A floating report fits a day: in its window, its month or its year."""
    if floating.kind == "window":
        return (date.fromisoformat(floating.value) - date.fromisoformat(day)).days in range(
            MERGE_WINDOW_DAYS + 1
        )
    return day.startswith(floating.value)


def linked(a: tuple[Document, Event], b: tuple[Document, Event]) -> bool:
    """Whatever their dates: the same type, not two events of one sentence, and the same place, or a
    shared participant where a place is unknown."""
    (doc_a, ev_a), (doc_b, ev_b) = a, b
    if ev_a.type != ev_b.type or (doc_a.id == doc_b.id and ev_a.evidence == ev_b.evidence):
        return False
    place = _same_place(doc_a, ev_a, doc_b, ev_b)
    return bool(place) or (place is None and shares_participant(ev_a, ev_b))


def compatible_place(
    a: tuple[Document, Event],
    b: tuple[Document, Event],
    *,
    entity: Callable[[str], Entity | None] | None = None,
) -> bool | None:
    """False when the two cannot be one event (other type, incompatible dates, different places, or two
    events of one sentence); else True for the same place, None when a place is unknown. ``entity``
    looks places up when both events are of one article (``ArticleContext.entity``: a dictionary, where
    ``Document.entity`` reads the article's whole entity list for every pair compared)."""
    (doc_a, ev_a), (doc_b, ev_b) = a, b
    if ev_a.type != ev_b.type or not dates_compatible(ev_a.date, ev_b.date):
        return False
    if doc_a.id == doc_b.id and ev_a.evidence == ev_b.evidence:
        return False
    return _same_place(doc_a, ev_a, doc_b, ev_b, entity=entity)


def shares_participant(ev_a: Event, ev_b: Event) -> bool:
    return bool(set(ev_a.actors + ev_a.targets) & set(ev_b.actors + ev_b.targets))


def actors_conflict(ev_a: Event, ev_b: Event) -> bool:
    """Both name their actors and no actor of one takes part in the other."""
    return bool(ev_a.actors and ev_b.actors) and not (
        set(ev_a.actors) & set(ev_b.actors + ev_b.targets)
        or set(ev_b.actors) & set(ev_a.actors + ev_a.targets)
    )


_PRECISION_RANK = {"day": 3, "month": 2, "year": 1, "unknown": 0}


def absorb(kept: Event, other: Event) -> None:
    """Fold ``other`` (a later report of the same event in one article) into ``kept``: the most specific
    date and place, every participant, the larger death toll; ``kept`` keeps its trigger and evidence."""
    if (
        other.date
        and other.date.value
        and (
            kept.date is None
            or not kept.date.value
            or _PRECISION_RANK[other.date.precision] > _PRECISION_RANK[kept.date.precision]
        )
    ):
        kept.date = other.date
    if other.location and (kept.location is None or _geo_rank(other.geo) > _geo_rank(kept.geo)):
        kept.location, kept.geo = other.location, other.geo
    for eid in other.actors:
        if eid not in kept.actors + kept.targets:
            kept.actors.append(eid)
    for eid in other.targets:
        if eid not in kept.actors + kept.targets:
            kept.targets.append(eid)
    if other.fatalities is not None:
        kept.fatalities = max(kept.fatalities or 0, other.fatalities)


def _geo_rank(geo: Geo | None) -> int:
    order = ("country", "region", "city", "feature")
    return order.index(geo.precision) + 1 if geo is not None and geo.precision in order else 0


def dates_compatible(a: EventDate | None, b: EventDate | None) -> bool:
    """Unknown fits anything; otherwise the coarser value must contain the finer one (±1 day)."""
    if (
        a is None
        or b is None
        or not a.value
        or not b.value
        or a.value.startswith("-")
        or b.value.startswith("-")
    ):
        return True
    if a.value.startswith(b.value) or b.value.startswith(a.value):
        return True
    if len(a.value) == 10 and len(b.value) == 10:
        return abs((date.fromisoformat(a.value) - date.fromisoformat(b.value)).days) <= 1
    return False


def _same_place(
    doc_a: Document,
    ev_a: Event,
    doc_b: Document,
    ev_b: Event,
    *,
    entity: Callable[[str], Entity | None] | None = None,
) -> bool | None:
    """True: same place; False: different places; None: at least one place unknown."""
    if ev_a.location is None or ev_b.location is None:
        return None
    if ev_a.location == ev_b.location:
        return True
    if ev_a.geo and ev_b.geo:
        return _km(ev_a.geo, ev_b.geo) <= _NEAR_KM
    name_a, name_b = _entity_name(doc_a, ev_a.location, entity), _entity_name(doc_b, ev_b.location, entity)
    return name_a is not None and name_a == name_b


def _km(a: Geo, b: Geo) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _entity_name(
    doc: Document, entity_id: str | None, lookup: Callable[[str], Entity | None] | None = None
) -> str | None:
    entity = (lookup or doc.entity)(entity_id) if entity_id else None
    return entity.name if entity else None


@dataclass(frozen=True)
class EventReport:
    """One article's report of an event, with what merging needs from its article (so that a stored
    fold can merge without the articles: ``rasd.store.fold``)."""

    event: Event
    source: EventSource
    location_name: str | None = None  # the article's name for ``event.location``
    by: str | None = None  # who says it, from the claim covering it


def event_report(doc: Document, ev: Event) -> EventReport:
    return EventReport(
        ev,
        EventSource(
            document=doc.id,
            source=doc.source,
            outlet=doc.outlet,
            published=doc.published,
            evidence=ev.evidence,
            text=doc.text[ev.evidence.start : ev.evidence.end],
            modality=ev.modality,
            fatalities=ev.fatalities,
        ),
        _entity_name(doc, ev.location),
        _claimant(doc, ev.evidence),
    )


def _merged(group: list[tuple[Document, Event]]) -> MergedEvent:
    return merge_reports([event_report(doc, ev) for doc, ev in group])


def merge_reports(group: list[EventReport]) -> MergedEvent:
    """One event from its reports, in reading order: the first type, ACLED code, modality and place,
    the most precise date, every participant, the largest toll."""
    first = group[0].event
    merged = MergedEvent(type=first.type, acled=first.acled, modality=first.modality)
    precision_rank = {"day": 3, "month": 2, "year": 1, "unknown": 0}
    for report in group:
        ev = report.event
        for eid in ev.actors:
            if eid not in merged.actors:
                merged.actors.append(eid)
        for eid in ev.targets:
            if eid not in merged.targets:
                merged.targets.append(eid)
        if merged.location is None and ev.location:
            merged.location, merged.geo = ev.location, ev.geo
            merged.location_name = report.location_name
        if (
            ev.date
            and ev.date.value
            and (
                merged.date is None
                or precision_rank[ev.date.precision] > precision_rank[merged.date.precision]
            )
        ):
            merged.date = ev.date
        if ev.fatalities is not None:
            merged.fatalities = max(merged.fatalities or 0, ev.fatalities)
        merged.sources.append(report.source)
    return merged


# --- contradictions -------------------------------------------------------------------------------


@cache
def _status_pattern() -> KeyedPattern:
    return KeyedPattern(load_data("status")["statuses"], clitics=True)


@cache
def _negation() -> re.Pattern[str]:
    return re.compile(phrase_pattern(load_data("status")["negations"], clitics=True))


@cache
def _unconfirmed() -> re.Pattern[str]:
    return re.compile(phrase_pattern(load_data("status")["unconfirmed"], clitics=True))


def status_statements(doc: Document) -> list[tuple[str, Statement]]:
    """(entity id, statement) for every «killed / alive / captured / at large» said about a person."""
    if not any(e.type == "PER" for e in doc.entities):
        return []
    ntext = NormalText(doc.text)
    if not _status_pattern().regex.search(ntext.norm):
        return []  # no status word at all: most articles, and the article context is dear to build
    data = load_data("status")
    ctx = ArticleContext.build(doc)
    persons = [m for m in ctx.mentions if m.entity.type == "PER"]
    out: list[tuple[str, Statement]] = []
    seen: set[tuple[str, int, str]] = set()
    for sentence in ctx.sentences:
        for hit in _status_pattern().hits(ctx.ntext, sentence.start, sentence.end):
            clause = ctx.clause_of(sentence, hit.start)
            says = hit.key
            lead = ctx.ntext.slice(max(clause.start, hit.start - int(data["negation_window"])), hit.start)
            if _unconfirmed().search(lead):
                continue  # «لم تتأكد وفاته»: neither dead nor alive is stated
            if _negation().search(lead):
                says = data["opposites"][says]
            person = _person_of(ctx, persons, clause, hit.start, hit.end, int(data["pronoun_reach"]))
            if person is None:
                continue
            key = (person.entity.id, sentence.start, says)
            if key in seen:
                continue
            seen.add(key)
            dates = ctx.dates_in(sentence.start, sentence.end)
            start = min(clause.start, person.start) if person.start >= sentence.start else clause.start
            evidence = Span(start=start, end=clause.end)
            out.append(
                (
                    person.entity.id,
                    Statement(
                        document=doc.id,
                        source=doc.source,
                        published=doc.published,
                        evidence=evidence,
                        text=doc.text[evidence.start : evidence.end],
                        says=says,
                        by=_claimant(doc, Span(start=hit.start, end=hit.end)),
                        when=next((d.value for d in dates if d.value and not d.value.startswith("-")), None),
                    ),
                )
            )
    return out


_WORDS_AFTER = 2  # «مقتل زعيمها مختار بلمختار»: a title may stand between the word and the name
_WORDS_BEFORE = 3  # «بلمختار لا زال حيا»، «بلمختار قتل»
_PRONOUN_BEFORE = re.compile(r"(?:^|\s)[بل]?ان(?:ه|ها)\s*$")
_PRONOUN_SUFFIX = re.compile(r"(?:ه|ها)$")
_RELATIVE = re.compile(r"(?<!\w)(?:الذي|التي|اللذين|الذين)(?!\w)")


def _person_of(
    ctx: ArticleContext, persons: list[MentionRef], clause: Span, start: int, end: int, reach: int
) -> MentionRef | None:
    """The person a status word is about: a name right after it or just before it in its clause, or,
    for a pronoun («أنه لا زال حيا»، «مقتله»), the last person named before. «وفاة القنصل» is about
    no known person."""
    after = [
        m
        for m in persons
        if end <= m.start < clause.end and len(ctx.ntext.slice(end, m.start).split()) <= _WORDS_AFTER
    ]
    if after:
        return after[0]
    before = [
        m
        for m in persons
        if clause.start <= m.start
        and m.end <= start
        and len(ctx.ntext.slice(m.end, start).split()) <= _WORDS_BEFORE
    ]
    if before:
        return before[-1]
    cue = ctx.ntext.slice(start, end)
    lead = ctx.ntext.slice(max(clause.start, start - 12), start)
    if _PRONOUN_SUFFIX.search(cue) or _PRONOUN_BEFORE.search(lead):
        earlier = [m for m in persons if start - reach <= m.end <= start]
        # «القنصل – الذي قالت الصحافة بأنه توفي»: after a relative pronoun, «ـه» is its unnamed head.
        if earlier and not _RELATIVE.search(ctx.ntext.slice(earlier[-1].end, start)):
            return earlier[-1]
    return None


def _claimant(doc: Document, where: Span) -> str | None:
    """Who says what is at ``where``: the innermost claim around it."""
    around = [c for c in doc.claims if c.evidence.start <= where.start < c.evidence.end]
    if not around:
        return None
    claim = max(around, key=lambda c: c.evidence.start)
    return claim.source.text or claim.source.kind


def find_contradictions(docs: Iterable[Document]) -> list[Contradiction]:
    """Opposite statements about one person, and conflicting reports of one event (within or across articles)."""
    docs = list(docs)
    names: dict[str, str] = {e.id: e.name for d in docs for e in d.entities}
    by_entity: dict[str, list[Statement]] = {}
    for doc in docs:
        for entity_id, statement in status_statements(doc):
            by_entity.setdefault(entity_id, []).append(statement)
    found: list[Contradiction] = []
    for entity_id, statements in by_entity.items():
        found.extend(status_contradictions(entity_id, names.get(entity_id, entity_id), statements))
    found.extend(_event_contradictions(docs))
    return found


def status_contradictions(entity_id: str, name: str, statements: list[Statement]) -> list[Contradiction]:
    """What one person's statements (in reading order) contradict: killed vs. alive said later, captured
    vs. at large."""
    opposites = load_data("status")["opposites"]
    found: list[Contradiction] = []
    for says in ("dead", "captured"):
        positive = [s for s in statements if s.says == says]
        negative = [s for s in statements if s.says == opposites[says]]
        conflicting = [n for n in negative if any(_after_or_unknown(n, p) for p in positive)]
        if positive and conflicting:
            found.append(
                Contradiction(
                    kind="status", about=entity_id, about_name=name, statements=positive + conflicting
                )
            )
    return found


def _after_or_unknown(later: Statement, earlier: Statement) -> bool:
    """«Still alive» contradicts «killed» unless it was said before the killing."""
    said = parse_published(later.published)
    happened = parse_published(
        earlier.when if earlier.when and len(earlier.when) == 10 else earlier.published
    )
    if said is None or happened is None:
        return True
    return said >= happened


def _event_contradictions(docs: list[Document]) -> list[Contradiction]:
    items = [(doc, ev) for doc in docs for ev in doc.events if ev.modality in ("asserted", "denied")]
    out: list[Contradiction] = []
    for group in _group(items, same_modality=False):
        if len(group) >= 2:
            out.extend(event_contradictions([event_report(doc, ev) for doc, ev in group]))
    return out


def event_contradictions(group: list[EventReport]) -> list[Contradiction]:
    """Asserted vs. denied reports of one event, and disagreeing tolls, from the reports (asserted or
    denied, in reading order) of one group that ``_group(..., same_modality=False)`` forms."""
    modalities = {r.event.modality for r in group}
    tolls = {r.event.fatalities for r in group if r.event.fatalities is not None}
    if modalities != {"asserted", "denied"} and len(tolls) < 2:
        return []
    merged = merge_reports(group)
    about = f"{merged.type}@{merged.location_name or merged.location or '?'}"
    out: list[Contradiction] = []
    if modalities == {"asserted", "denied"}:
        out.append(
            Contradiction(
                kind="occurrence",
                about=about,
                about_name=about,
                statements=[_event_statement(r, r.event.modality) for r in group],
            )
        )
    if len(tolls) > 1:
        out.append(
            Contradiction(
                kind="fatalities",
                about=about,
                about_name=about,
                statements=[
                    _event_statement(r, f"{r.event.fatalities} killed")
                    for r in group
                    if r.event.fatalities is not None
                ],
            )
        )
    return out


def _event_statement(report: EventReport, says: str) -> Statement:
    ev, source = report.event, report.source
    return Statement(
        document=source.document,
        source=source.source,
        published=source.published,
        evidence=ev.evidence,
        text=source.text,
        says=says,
        by=report.by,
        when=ev.date.value if ev.date else None,
    )
