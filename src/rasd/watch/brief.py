"""The morning brief: what changed since yesterday, for the analyst on shift.

Sections: new events by country (with a map and a chart of events per day), watched items' news
(the alerts of the period), new contradictions, newly seen entities. Every line links to its
article, scrolled to the sentence, and names the document and span (``rasd show ID``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from rasd.record import Document, Span
from rasd.relate import MergedEvent, merge_events
from rasd.store import Store, schema
from rasd.watch.alerts import article_url, link, sentence
from rasd.watch.contradictions import new_contradictions
from rasd.watch.places import Places
from rasd.watch.state import WatchState
from rasd.watch.svg import MapPoint, bars_svg, map_svg

CHART_DAYS = 7
TOP_STORIES = 10
MAX_NEW_ENTITIES = 40
_TYPE_ORDER = {"PER": 0, "ORG": 1, "LOC": 2}


@dataclass
class Evidence:
    outlet: str
    sentence: str
    link: str
    document: str
    span: tuple[int, int]
    says: str | None = None  # for contradictions: what this report says


@dataclass
class EventLine:
    day: str | None
    type: str
    place: str | None
    actors: list[str]
    targets: list[str]
    fatalities: int | None
    sources: list[Evidence]


@dataclass
class CountrySection:
    iso: str | None
    name: str
    events: list[EventLine]


@dataclass
class EntityLine:
    id: str
    name: str
    type: str
    documents: int
    first: Evidence


@dataclass
class WatchedNews:
    label: str
    kind: str
    lines: list[tuple[str, Evidence]]  # (summary, evidence)


@dataclass
class ContradictionLine:
    kind: str
    about: str
    statements: list[Evidence]


@dataclass
class StoryLine:
    title: str
    outlets: list[tuple[str, str]]  # (outlet, link), first seen first


@dataclass
class Brief:
    since: datetime
    until: datetime
    documents: int
    stories: int
    top_stories: list[StoryLine] = field(default_factory=list)
    countries: list[CountrySection] = field(default_factory=list)
    per_day: list[tuple[str, int]] = field(default_factory=list)
    map_svg: str | None = None
    chart_svg: str = ""
    watched: list[WatchedNews] = field(default_factory=list)
    contradictions: list[ContradictionLine] = field(default_factory=list)
    new_entities: list[EntityLine] = field(default_factory=list)

    @property
    def events(self) -> int:
        return sum(len(c.events) for c in self.countries)


def _evidence(doc: Document, span: Span, outlets: dict[str, str], says: str | None = None) -> Evidence:
    said = sentence(doc, span)
    return Evidence(
        outlet=outlets.get(doc.id) or doc.outlet or doc.title or doc.source,
        sentence=said,
        link=link(article_url(doc), doc.source, said),
        document=doc.id,
        span=(span.start, span.end),
        says=says,
    )


def build_brief(store: Store, places: Places, since: datetime, until: datetime | None = None) -> Brief:
    until = until or datetime.now(UTC)
    d = schema.documents
    with store.engine.connect() as conn:
        ids = list(
            conn.execute(
                select(d.c.id).where(d.c.ingested_at >= since, d.c.ingested_at <= until).order_by(d.c.num)
            ).scalars()
        )
    docs = {doc_id: doc for doc_id in ids if (doc := store.get(doc_id)) is not None}
    state = WatchState(store.engine)
    stories = state.stories(list(docs))
    outlets = {doc_id: doc.outlet for doc_id, doc in docs.items() if doc.outlet}
    brief = Brief(since, until, len(docs), len(set(stories.values()) | (set(docs) - set(stories))))
    _top_stories(brief, state, docs, stories)
    _events(brief, docs, stories, places, outlets, until)
    _watched(brief, state, since)
    _contradictions(brief, store, docs, outlets)
    _new_entities(brief, store, docs, outlets, since)
    return brief


def _top_stories(brief: Brief, state: WatchState, docs: dict[str, Document], stories: dict[str, str]) -> None:
    """The period's stories that several outlets carry, most outlets first."""
    reported = state.outlets(sorted(set(stories.values())))
    lines = []
    for story, items in reported.items():
        outlets = list(
            dict.fromkeys(
                (outlet or url or Path(key.split("#", 1)[0]).name, url or link(None, key, ""))
                for outlet, url, key in items
            )
        )
        if len(outlets) < 2:
            continue
        first = docs.get(story) or next((docs[d] for d, s in stories.items() if s == story), None)
        title = (first.title if first else None) or (
            sentence(first, _sentence_around(first.text, 0, 0)) if first else story[:12]
        )
        lines.append(StoryLine(title, outlets))
    lines.sort(key=lambda line: -len(line.outlets))
    brief.top_stories = lines[:TOP_STORIES]


def _by_story(merged: list[MergedEvent], stories: dict[str, str]) -> list[MergedEvent]:
    """Events the merge could not join (no place, no participant) but that one story reports in
    each of its outlets: one line with every outlet."""
    kept: dict[tuple[str, str, str | None], MergedEvent] = {}
    out = []
    for m in merged:
        story = stories.get(m.sources[0].document)
        key = (story or m.sources[0].document, m.type, m.location)
        if story is not None and key in kept:
            kept[key].sources += [s for s in m.sources if s not in kept[key].sources]
            continue
        kept[key] = m
        out.append(m)
    return out


def _events(
    brief: Brief,
    docs: dict[str, Document],
    stories: dict[str, str],
    places: Places,
    outlets: dict[str, str],
    until: datetime,
) -> None:
    merged = _by_story(merge_events(docs.values()), stories)
    names = {e.id: e.name for doc in docs.values() for e in doc.entities}
    by_country: dict[str | None, list[EventLine]] = defaultdict(list)
    points: list[MapPoint] = []
    per_day: Counter[str] = Counter()
    for m in merged:
        first = docs[m.sources[0].document]
        geo = m.geo or places.geo_of(first, m.location)
        iso = places.country_of(m.location, geo)
        day = _day(m.date.value if m.date and m.date.precision == "day" else None, first.published)
        line = EventLine(
            day=day,
            type=m.type,
            place=m.location_name,
            actors=[names.get(a, a) for a in m.actors],
            targets=[names.get(t, t) for t in m.targets],
            fatalities=m.fatalities,
            sources=[_evidence(docs[s.document], s.evidence, outlets) for s in m.sources],
        )
        by_country[iso].append(line)
        per_day[day or until.date().isoformat()] += 1
        if geo is not None and geo.precision != "country":
            points.append(MapPoint(geo.lat, geo.lon, f"{m.type} — {m.location_name or ''}"))
    for iso, lines in sorted(by_country.items(), key=lambda item: (-len(item[1]), item[0] or "~")):
        lines.sort(key=lambda e: (e.day or "", e.type), reverse=True)
        name = places.country_name(iso) if iso else "دون بلد محدد"
        brief.countries.append(CountrySection(iso, name, lines))
    last = until.date()
    days = max(CHART_DAYS, (until - brief.since).days + 1)
    brief.per_day = [((last - timedelta(days=i)).isoformat(), 0) for i in range(days)]
    brief.per_day = [(day, per_day.get(day, 0)) for day, _ in brief.per_day]
    brief.chart_svg = bars_svg(brief.per_day)
    if places.basemap is not None:
        counts = {c.iso: len(c.events) for c in brief.countries if c.iso}
        brief.map_svg = map_svg(places.basemap, counts, points)


def _day(event_day: str | None, published: str | None) -> str | None:
    value = event_day or (published[:10] if published and len(published) >= 10 else None)
    try:
        return date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


def _watched(brief: Brief, state: WatchState, since: datetime) -> None:
    groups: dict[str, WatchedNews] = {}
    for record in state.alerts_since(since):
        for w in record.get("watched", []):
            news = groups.setdefault(str(w["label"]), WatchedNews(str(w["label"]), str(w["kind"]), []))
            news.lines.append(
                (
                    f"[{record['kind']}] {record.get('summary', '')}",
                    Evidence(
                        outlet=record.get("outlet") or record.get("title") or record.get("source") or "",
                        sentence=record["sentence"],
                        link=record["link"],
                        document=record["document"],
                        span=(record["span"][0], record["span"][1]),
                    ),
                )
            )
    brief.watched = sorted(groups.values(), key=lambda n: -len(n.lines))


def _contradictions(brief: Brief, store: Store, docs: dict[str, Document], outlets: dict[str, str]) -> None:
    """Contradictions with a statement from the period's articles (see ``new_contradictions``)."""
    found, pool = new_contradictions(store, docs)
    for c in found:
        brief.contradictions.append(
            ContradictionLine(
                kind=c.kind,
                about=c.about_name,
                statements=[_evidence(pool[s.document], s.evidence, outlets, s.says) for s in c.statements],
            )
        )


def _new_entities(
    brief: Brief, store: Store, docs: dict[str, Document], outlets: dict[str, str], since: datetime
) -> None:
    """Entities first mentioned in the period: no article stored before it names them."""
    m, d = schema.mention_rows, schema.documents  # joined by documents.num (migration 0006)
    with store.engine.connect() as conn:
        known = set(
            conn.execute(
                select(m.c.entity_id).join(d, d.c.num == m.c.num).where(d.c.ingested_at < since).distinct()
            ).scalars()
        )
    seen: dict[str, list[tuple[Document, Any]]] = {}
    for doc in docs.values():
        for ent in doc.entities:
            if ent.id not in known and ent.mentions:
                seen.setdefault(ent.id, []).append((doc, ent))
    lines = []
    for entity_id, found in seen.items():
        doc, ent = found[0]
        mention = ent.mentions[0]
        lines.append(
            EntityLine(
                id=entity_id,
                name=ent.name,
                type=ent.type,
                documents=len(found),
                first=_evidence(doc, _sentence_around(doc.text, mention.start, mention.end), outlets),
            )
        )
    lines.sort(key=lambda e: (_TYPE_ORDER.get(e.type, 3), -e.documents, e.name))
    brief.new_entities = lines[:MAX_NEW_ENTITIES]


def _sentence_around(text: str, start: int, end: int) -> Span:
    stops = ".!؟?\n"
    left = max((text.rfind(c, 0, start) for c in stops), default=-1) + 1
    rights = [i for c in stops if (i := text.find(c, end)) != -1]
    right = min(rights) + 1 if rights else len(text)
    return Span(start=left, end=min(right, len(text)))
