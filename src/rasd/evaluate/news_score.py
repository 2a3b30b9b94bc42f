"""Scoring the whole pipeline on the real-news gold sets (``rasd eval relate --gold tests/gold/news-dev``).

Each gold article's text is read from the corpus (never from the repository) and run through
``Pipeline().process`` with the corpus publication date, so relative dates resolve. Cleaning may
change the text a little (paragraph breaks, a missing space), so the output is aligned back to the
corpus text character by character and every predicted span is scored in corpus offsets.

What counts as a match (each pairing is a maximum one-to-one matching, so no answer counts twice):
- entities: a predicted entity is the gold entity its mentions overlap most, and right when the
  types agree;
- relations: type, subject and object (matched entities); gold types rasd does not produce are
  counted apart as unsupported, never silently dropped;
- events: type, place (the gold place entity, or within the place tolerance of its coordinates),
  date value, and one actor in common (no actor on either side when gold has none); looser
  variants drop all but the type, or keep only the place or only the date;
- claims: the source spans overlap and the certainty agrees (and, stricter, the content overlaps);
- dates: the spans overlap and the value agrees;
- places: a gold place with coordinates, found by a predicted entity within 25 km — or, where the
  gold place is a whole region (admin1, region, country), within a radius of that size, as the
  offline data hold no admin1 boundaries to check "the right admin1" exactly.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from rasd.evaluate.news_corpus import NewsArticle
from rasd.evaluate.news_gold import (
    GoldArticle,
    GoldEvent,
    Span,
    load_gold_dir,
    occurrences,
    read_articles,
    span_problems,
)
from rasd.evaluate.scores import Score
from rasd.record import Claim, ClaimSource, Document, Entity, Event, EventDate, Geo, Mention, Relation
from rasd.record import Span as Span_

T = TypeVar("T")
P = TypeVar("P")

# Gold relation type → the type rasd produces; None: rasd has no such relation (reported apart).
RELATION_TYPES: dict[str, str | None] = {
    "member_of": "member_of",
    "leader_of": "leader_of",
    "founded": "founded",
    "pledged_allegiance_to": "pledged_allegiance_to",
    "allied_with": "allied_with",
    "split_from": "split_from",
    "part_of": "part_of",
    "located_in": "located_in",
    "controls": "controls",
    "spokesman_of": "spokesman_of",
    "holds_position": "holds_position",
    # rasd codes a group or person in a place («ينشط في», «يتواجد في») as located_in (PER/ORG → LOC).
    "operates_in": "located_in",
    "affiliated_with": "affiliated_with",
}
SYMMETRIC = frozenset({"allied_with"})
# Gold event types rasd does not code, reported apart (none since rasd codes trials and "other security"
# developments, 2026-11-29).
UNSUPPORTED_EVENTS: frozenset[str] = frozenset()
# rasd's own event type names that mean a gold type.
PREDICTED_EVENT_TYPES = {"killing_outcome": "killing"}
POINT_KM = 25.0
REGION_KM = {"admin1": 150.0, "region": 250.0, "country": 500.0}


@dataclass
class NewsReport:
    scores: dict[str, Score] = field(default_factory=dict)
    unsupported: Counter[str] = field(default_factory=Counter)
    articles: int = 0
    skipped: list[str] = field(default_factory=list)
    # The same counts per corpus: the corpora differ in style (issue 9 reports them apart).
    by_corpus: dict[str, NewsReport] = field(default_factory=dict)

    def score(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    def corpus(self, name: str) -> NewsReport:
        return self.by_corpus.setdefault(name, NewsReport())

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "articles": self.articles,
            **{k: v.as_dict() for k, v in self.scores.items()},
            "unsupported (gold only, not in the scores above)": dict(sorted(self.unsupported.items())),
        }
        if self.skipped:
            out["skipped"] = self.skipped
        if self.by_corpus:
            out["by corpus"] = {k: v.as_dict() for k, v in sorted(self.by_corpus.items())}
        return out


def evaluate_news(
    gold_dir: Path, shared: Path, process: Callable[[NewsArticle], Document] | None = None
) -> NewsReport:
    """Score the whole pipeline on every gold file of ``gold_dir``; an article whose text changed
    since annotation is skipped with its reason (listed in the report)."""
    golds = load_gold_dir(gold_dir)
    articles = read_articles(shared, [(g.corpus, g.id) for g in golds])
    process = process or pipeline_processor()
    report = NewsReport()
    for gold in golds:
        article = articles.get((gold.corpus, gold.id))
        problems = ["not in the corpus"] if article is None else span_problems(gold, article.text)
        if article is None or problems:
            report.skipped.append(f"{gold.corpus}/{gold.id}: {problems[0]}")
            continue
        try:
            doc = process(article)
        except Exception as exc:  # one article the pipeline fails on must not stop the scoring
            report.skipped.append(
                f"{gold.corpus}/{gold.id}: could not be processed ({type(exc).__name__}: {exc})"
            )
            continue
        score_article(report, gold, article, doc)
        score_article(report.corpus(gold.corpus), gold, article, doc)
    return report


def pipeline_processor() -> Callable[[NewsArticle], Document]:
    """The one place that calls the pipeline: the body text with the corpus date (the title is
    left out, as the gold annotates the body only)."""
    from rasd.pipeline import Pipeline
    from rasd.read import RawArticle

    pipeline = Pipeline()

    def process(article: NewsArticle) -> Document:
        raw = RawArticle(
            source=f"news:{article.corpus}/{article.id}", text=article.text, published=reference_date(article)
        )
        return pipeline.process(raw)

    return process


def reference_date(article: NewsArticle) -> str | None:
    """The publication date, else the one the Tunisian site's ids carry (``…-20170327``), which the
    corpus reader leaves out where the record has no date field."""
    if article.published:
        return article.published
    m = re.search(r"-(\d{4})(\d\d)(\d\d)$", article.id)
    return f"{m[1]}-{m[2]}-{m[3]}" if m else None


def same_date(gold: str | None, predicted: str | None) -> bool:
    """Equal values; or, for an article without a date (the 2012 papers), rasd's value with the year
    left open («--05-09») agreeing with the gold's, whose year the corpus tells the annotator."""
    if gold == predicted:
        return True
    return bool(gold and predicted and predicted.startswith("--") and gold[4:] == predicted[1:])


def predicted_dates(doc: Document) -> list[tuple[int, int, str | None]]:
    from rasd.relate.dates import find_dates

    return [(d.start, d.end, d.value) for d in find_dates(doc.text, doc.published)]


# --- alignment of the cleaned text to the corpus text -----------------------------------------------


class Alignment:
    """Maps offsets of the pipeline's text to the corpus text (None where cleaning added text)."""

    def __init__(self, produced: str, original: str) -> None:
        self.to: list[int | None] = [None] * len(produced)
        if produced == original:
            self.to = list(range(len(produced)))
            return
        matcher = difflib.SequenceMatcher(None, produced, original, autojunk=False)
        for a, b, size in matcher.get_matching_blocks():
            for k in range(size):
                self.to[a + k] = b + k

    def span(self, start: int, end: int) -> Span | None:
        inside = [p for p in self.to[start:end] if p is not None]
        return (inside[0], inside[-1] + 1) if inside else None


# --- matching -----------------------------------------------------------------------------------------


def max_matching(gold: Sequence[T], predicted: Sequence[P], ok: Callable[[T, P], bool]) -> int:
    """Size of a maximum one-to-one matching (Kuhn's augmenting paths; the lists are small)."""
    edges = [[j for j, p in enumerate(predicted) if ok(g, p)] for g in gold]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    return sum(augment(i, set()) for i in range(len(gold)))


def add_matched(score: Score, gold: Sequence[T], predicted: Sequence[P], ok: Callable[[T, P], bool]) -> None:
    tp = max_matching(gold, predicted, ok)
    score.tp += tp
    score.fp += len(predicted) - tp
    score.fn += len(gold) - tp


def overlaps(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def km(a: Geo | Any, b: Geo | Any) -> float:
    """Great-circle distance between two objects with ``lat``/``lon``."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


# --- one article -------------------------------------------------------------------------------------


@dataclass
class _PredEvent:
    type: str
    place: str | None
    geo: Geo | None
    date: str | None
    actors: set[str | None]
    modality: str


def score_article(
    report: NewsReport,
    gold: GoldArticle,
    article: NewsArticle,
    doc: Document,
    *,
    dates: list[tuple[int, int, str | None]] | None = None,
    all_types: bool = False,
) -> None:
    """Add one article's counts. ``dates`` are the predicted dates (default: rasd's date finder on
    ``doc``); ``all_types`` compares every gold type as it is (two annotators' agreement) instead of
    setting apart the types rasd does not produce."""
    report.articles += 1
    align = Alignment(doc.text, article.text)
    gold_geo = {e.id: e.geo for e in gold.entities}
    pred_mentions = {
        e.id: [s for m in e.mentions if (s := align.span(m.start, m.end)) is not None] for e in doc.entities
    }
    to_gold = _map_entities(pred_mentions, gold)
    gold_types = {e.id: e.type for e in gold.entities}

    def mapped(pid: str | None) -> str | None:
        return to_gold.get(pid) if pid else None

    # Entities: the multiset of gold ids hit by predicted entities (a gold entity split in two
    # counts once, its second part as a false positive).
    found = [e for e in doc.entities if pred_mentions[e.id]]
    gold_ids = [e.id for e in gold.entities if e.mentions]
    report.score("entities (typed)").add(
        gold_ids,
        [to_gold.get(e.id) if gold_types.get(to_gold.get(e.id, "")) == e.type else None for e in found],
    )
    report.score("entities (any type)").add(gold_ids, [to_gold.get(e.id) for e in found])

    # Relations
    def rel_key(t: str, s: str | None, o: str | None) -> tuple[str, str | None, str | None]:
        if t in SYMMETRIC and s and o and o < s:
            s, o = o, s
        return (t, s, o)

    gold_rel = []
    for r in gold.relations:
        rasd_type = r.type if all_types else RELATION_TYPES[r.type]
        if rasd_type is None:
            report.unsupported[f"relation {r.type}"] += 1
        else:
            gold_rel.append(rel_key(rasd_type, r.subject, r.object))
    report.score("relations").add(
        gold_rel, [rel_key(r.type, mapped(r.subject), mapped(r.object)) for r in doc.relations]
    )

    # Events
    geo_of = {e.id: e.geo for e in doc.entities}
    preds = [
        _PredEvent(
            type=PREDICTED_EVENT_TYPES.get(e.type, e.type),
            place=mapped(e.location),
            geo=e.geo or (geo_of.get(e.location) if e.location else None),
            date=e.date.value if e.date else None,
            actors={mapped(a) for a in e.actors},
            modality=e.modality,
        )
        for e in doc.events
    ]
    gold_events = []
    for ev in gold.events:
        if ev.type in UNSUPPORTED_EVENTS and not all_types:
            report.unsupported[f"event {ev.type}"] += 1
        else:
            gold_events.append(ev)

    def place_ok(g: GoldEvent, p: _PredEvent) -> bool:
        if g.place is None:
            return p.place is None and p.geo is None
        if p.place == g.place:
            return True
        target = gold_geo.get(g.place)
        return target is not None and p.geo is not None and km(target, p.geo) <= tolerance_km(target)

    def actor_ok(g: GoldEvent, p: _PredEvent) -> bool:
        return bool(set(g.actors) & p.actors) if g.actors else not p.actors

    def date_ok(g: GoldEvent, p: _PredEvent) -> bool:
        return same_date(g.date, p.date)

    def same_type(g: GoldEvent, p: _PredEvent) -> bool:
        return g.type == p.type

    variants: dict[str, Callable[[GoldEvent, _PredEvent], bool]] = {
        "events (type+place+date+actor)": lambda g, p: (
            same_type(g, p) and place_ok(g, p) and date_ok(g, p) and actor_ok(g, p)
        ),
        "events (type+place)": lambda g, p: same_type(g, p) and place_ok(g, p),
        "events (type+date)": lambda g, p: same_type(g, p) and date_ok(g, p),
        "events (type)": same_type,
        "events (type+modality)": lambda g, p: same_type(g, p) and g.modality == p.modality,
    }
    for name, ok in variants.items():
        add_matched(report.score(name), gold_events, preds, ok)

    # Claims: the predicted source phrase is found in the text nearest before its content.
    pred_claims = []
    for c in doc.claims:
        source = _source_span(doc.text, c.source.text, (c.evidence.start, c.evidence.end))
        pred_claims.append(
            (
                align.span(*source) if source else None,
                c.certainty,
                align.span(c.evidence.start, c.evidence.end),
            )
        )
    add_matched(
        report.score("claims (source+certainty)"),
        gold.claims,
        pred_claims,
        lambda g, p: overlaps(g.source, p[0]) and g.certainty == p[1],
    )
    add_matched(
        report.score("claims (source)"), gold.claims, pred_claims, lambda g, p: overlaps(g.source, p[0])
    )
    add_matched(
        report.score("claims (source+certainty+content)"),
        gold.claims,
        pred_claims,
        lambda g, p: overlaps(g.source, p[0]) and g.certainty == p[1] and overlaps(g.evidence, p[2]),
    )

    # Dates
    pred_dates = [(align.span(s, e), v) for s, e, v in (predicted_dates(doc) if dates is None else dates)]
    pred_dates = [d for d in pred_dates if d[0] is not None]
    add_matched(
        report.score("dates (span+value)"),
        gold.dates,
        pred_dates,
        lambda g, p: overlaps(g.span, p[0]) and same_date(g.value, p[1]),
    )
    add_matched(report.score("dates (span)"), gold.dates, pred_dates, lambda g, p: overlaps(g.span, p[0]))

    # Places
    gold_places = [e for e in gold.entities if e.type == "LOC" and e.geo is not None and e.mentions]
    pred_places = [e for e in found if e.type == "LOC" and e.geo is not None]

    def place_found(g: Any, p: Entity) -> bool:
        return to_gold.get(p.id) == g.id and p.geo is not None and km(g.geo, p.geo) <= tolerance_km(g.geo)

    add_matched(report.score("places (within tolerance)"), gold_places, pred_places, place_found)


def tolerance_km(geo: Any) -> float:
    return REGION_KM.get(getattr(geo, "precision", None) or "point", POINT_KM)


def _map_entities(pred_mentions: dict[str, list[Span]], gold: GoldArticle) -> dict[str, str]:
    """Each predicted entity → the gold entity whose mentions its mentions overlap most."""
    mapping: dict[str, str] = {}
    for pid, spans in pred_mentions.items():
        overlap: Counter[str] = Counter()
        for s, e in spans:
            for g in gold.entities:
                for gs, ge in g.mentions:
                    o = min(e, ge) - max(s, gs)
                    if o > 0:  # an exact span breaks ties between nested entities
                        overlap[g.id] += o + ((s, e) == (gs, ge))
        if overlap:
            mapping[pid] = overlap.most_common(1)[0][0]
    return mapping


def _source_span(text: str, source: str, evidence: tuple[int, int]) -> tuple[int, int] | None:
    """Where a claim's source phrase stands (the record keeps its text only): inside the claim's
    span when rasd's span takes in the reporting clause, else its last occurrence before the span,
    else the first after it."""
    source = source.strip()
    starts = occurrences(text, source) if source else []
    if not starts:
        return None
    inside = [i for i in starts if evidence[0] <= i < evidence[1]]
    earlier = [i for i in starts if i < evidence[0]]
    at = inside[0] if inside else earlier[-1] if earlier else starts[0]
    return (at, at + len(source))


_GEO_PRECISION: dict[str | None, Literal["country", "region", "city", "feature"] | None] = {
    "point": "city",
    "admin2": "region",
    "admin1": "region",
    "region": "region",
    "country": "country",
    None: None,
}


def gold_document(gold: GoldArticle, text: str) -> Document:
    """A gold file as if rasd had produced it: scoring one annotator's file against another's gives
    their agreement, and a file against itself must score 1.0."""
    ents = [
        Entity(
            id=e.id,
            type=e.type,
            subtype=e.subtype,
            name=text[e.mentions[0][0] : e.mentions[0][1]] if e.mentions else e.id,
            mentions=[Mention(start=s, end=t, text=text[s:t]) for s, t in e.mentions],
            geo=Geo(lat=e.geo.lat, lon=e.geo.lon, precision=_GEO_PRECISION[e.geo.precision])
            if e.geo
            else None,
        )
        for e in gold.entities
    ]
    return Document(
        id=Document.text_id(text),
        source=f"gold:{gold.corpus}/{gold.id}",
        published=gold.published,
        text=text,
        entities=ents,
        relations=[
            Relation(
                type=r.type, subject=r.subject, object=r.object, evidence=_span(r.evidence), confidence=1.0
            )
            for r in gold.relations
        ],
        events=[
            Event(
                type=ev.type,
                acled=None,
                trigger=Mention(
                    start=ev.trigger[0], end=ev.trigger[1], text=text[ev.trigger[0] : ev.trigger[1]]
                ),
                actors=ev.actors,
                targets=ev.targets,
                location=ev.place,
                date=EventDate(value=ev.date, text="", precision=ev.date_precision or "unknown")
                if ev.date
                else None,
                fatalities=ev.fatalities,
                evidence=_span(ev.evidence),
                modality=ev.modality,
            )
            for ev in gold.events
        ],
        claims=[
            Claim(
                evidence=_span(c.evidence),
                source=ClaimSource(text=text[c.source[0] : c.source[1]], kind=c.kind),
                certainty=c.certainty,
            )
            for c in gold.claims
        ],
    )


def _span(span: Span) -> Span_:
    return Span_(start=span[0], end=span[1])


def gold_dates(gold: GoldArticle) -> list[tuple[int, int, str | None]]:
    return [(d.span[0], d.span[1], d.value) for d in gold.dates]


def agreement(
    first: list[GoldArticle], second: list[GoldArticle], texts: dict[tuple[str, str], str]
) -> NewsReport:
    """Inter-annotator agreement on the articles both annotated: the second annotation scored as if
    it were predictions against the first (F1 is symmetric; P and R swap with the order)."""
    report = NewsReport()
    by_key = {(g.corpus, g.id): g for g in second}
    for gold in first:
        other = by_key.get((gold.corpus, gold.id))
        text = texts.get((gold.corpus, gold.id))
        if other is None or text is None:
            continue
        article = NewsArticle(gold.corpus, gold.id, text, None, gold.published, None)
        score_article(
            report, gold, article, gold_document(other, text), dates=gold_dates(other), all_types=True
        )
    return report
