"""Scoring the relate stage against a hand-annotated gold set (``tests/gold/relate/*.json``).

Each gold paragraph lists its entities by surface form; mentions are found in the text (a glued
proclitic such as و/ب/ل stays outside the mention). Two runs are scored: with the gold entities
given (this stage alone) and through the whole pipeline (recogniser and resolver included), where a
predicted entity counts as the gold entity whose mentions it overlaps most.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from rasd.datafiles import load_json
from rasd.evaluate.scores import Score
from rasd.record import Document, Entity, Geo, Mention
from rasd.relate.dates import find_dates
from rasd.relate.document import relate_document
from rasd.text import normalize

_PROCLITIC = "وفبلك"


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=dict)
    paragraphs: int = 0

    def score(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    def as_dict(self) -> dict[str, Any]:
        return {"paragraphs": self.paragraphs, **{k: v.as_dict() for k, v in self.scores.items()}}


def load_gold(path: Path) -> list[dict[str, Any]]:
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    items: list[dict[str, Any]] = []
    for f in files:
        items.extend(json.loads(f.read_text("utf-8"))["paragraphs"])
    return items


def find_mentions(text: str, surfaces: list[str]) -> list[Mention]:
    """Every occurrence of each surface form as a whole word (a glued proclitic is allowed before it)."""
    taken: list[tuple[int, int]] = []
    out: list[Mention] = []
    for surface in sorted(surfaces, key=len, reverse=True):
        for m in re.finditer(re.escape(surface), text):
            s, e = m.start(), m.end()
            before = text[max(0, s - 2) : s]
            glued_ok = (
                s == 0
                or not before[-1:].isalnum()
                or (
                    before[-1] in _PROCLITIC
                    and (len(before) < 2 or not before[0].isalnum() or before[0] in _PROCLITIC)
                )
            )
            if not glued_ok or (e < len(text) and text[e].isalnum()):
                continue
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            out.append(Mention(start=s, end=e, text=surface))
    return sorted(out, key=lambda m: m.start)


def _gold_geo(spec: dict[str, Any]) -> Geo:
    """A gold place's coordinates, and where the gold says so its country («country»: ISO code); a
    country's own names make it a country (for the place-in-place relations, which need the hierarchy)."""
    iso = _country_names().get(normalize(spec["names"][0]))
    return Geo(
        lat=spec["geo"][0],
        lon=spec["geo"][1],
        precision="country" if iso else ("city" if spec.get("country") else None),
        country=iso or spec.get("country"),
    )


@cache
def _country_names() -> Mapping[str, str]:
    return MappingProxyType(
        {normalize(n): c["iso"] for c in load_json("geo/countries")["countries"] for n in c["names"]}
    )


def gold_entities(item: dict[str, Any], text: str) -> list[Entity]:
    entities = []
    for eid, spec in item["entities"].items():
        geo = _gold_geo(spec) if spec.get("geo") else None
        entities.append(
            Entity(
                id=eid,
                type=spec["type"],
                subtype=spec.get("subtype"),
                name=spec["names"][0],
                aliases=spec["names"][1:],
                mentions=find_mentions(text, spec["names"]),
                geo=geo,
            )
        )
    return entities


def gold_document(item: dict[str, Any]) -> Document:
    text = item["text"]
    return Document(
        id=Document.text_id(text),
        source=f"gold:{item['id']}",
        published=item.get("published"),
        text=text,
        entities=gold_entities(item, text),
    )


def _event_key(ev: dict[str, Any]) -> tuple[str, str | None, str | None]:
    return (ev["type"], ev.get("location"), ev.get("date"))


def score_document(
    report: Report, item: dict[str, Any], doc: Document, to_gold: Callable[[str], str | None]
) -> None:
    """Add one paragraph's scores; ``to_gold`` maps a predicted entity id to a gold id (or None)."""
    report.paragraphs += 1
    gold_rel = [tuple(r) for r in item.get("relations", [])]
    pred_rel = [(r.type, to_gold(r.subject), to_gold(r.object)) for r in doc.relations]
    report.score("relations").add(gold_rel, pred_rel)
    gold_ev = item.get("events", [])
    pred_ev = [
        {
            "type": e.type,
            "location": to_gold(e.location) if e.location else None,
            "date": e.date.value if e.date else None,
            "modality": e.modality,
        }
        for e in doc.events
    ]
    report.score("events (type+place+date)").add(
        [_event_key(e) for e in gold_ev], [_event_key(e) for e in pred_ev]
    )
    report.score("events (type)").add([e["type"] for e in gold_ev], [e["type"] for e in pred_ev])
    report.score("events (type+modality)").add(
        [(e["type"], e.get("modality", "asserted")) for e in gold_ev],
        [(e["type"], e["modality"]) for e in pred_ev],
    )
    gold_claims = [(c["kind"], c["certainty"]) for c in item.get("claims", [])]
    report.score("claims (kind+certainty)").add(
        gold_claims, [(c.source.kind, c.certainty) for c in doc.claims]
    )


def score_dates(report: Report, item: dict[str, Any], text: str) -> None:
    gold = [tuple(d) for d in item.get("dates", [])]
    pred = [(d.text, d.value, d.precision) for d in find_dates(text, item.get("published"))]
    # A date counts when its value and precision are right and its text overlaps the gold text.
    matched: list[tuple[Any, ...]] = []
    score = report.score("dates (value+precision)")
    remaining = list(gold)
    for p in pred:
        hit = next(
            (g for g in remaining if (g[0] in p[0] or p[0] in g[0]) and g[1] == p[1] and g[2] == p[2]), None
        )
        if hit is not None:
            remaining.remove(hit)
            matched.append(hit)
            score.tp += 1
        else:
            score.fp += 1
    score.fn += len(remaining)


def evaluate_gold_entities(items: list[dict[str, Any]]) -> Report:
    """This stage alone: the gold entities are given, relate_document does the rest."""
    report = Report()
    for item in items:
        doc = gold_document(item)
        relate_document(doc)
        score_document(report, item, doc, lambda eid: eid)
        score_dates(report, item, doc.text)
    return report


def evaluate_pipeline(items: list[dict[str, Any]]) -> Report:
    """The whole pipeline from raw text: entities come from the recogniser and resolver."""
    from rasd.pipeline import Pipeline
    from rasd.read import RawArticle

    pipeline = Pipeline()
    report = Report()
    for item in items:
        doc = pipeline.process(
            RawArticle(source=f"gold:{item['id']}", text=item["text"], published=item.get("published"))
        )
        gold = gold_entities(item, doc.text)
        mapping = _map_entities(doc.entities, gold)
        score_document(report, item, doc, mapping.get)
    return report


def _map_entities(predicted: list[Entity], gold: list[Entity]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for p in predicted:
        overlap: dict[str, int] = {}
        for pm in p.mentions:
            for g in gold:
                for gm in g.mentions:
                    o = min(pm.end, gm.end) - max(pm.start, gm.start)
                    if o > 0:
                        overlap[g.id] = overlap.get(g.id, 0) + o
        if overlap:
            mapping[p.id] = max(overlap, key=lambda k: overlap[k])
    return mapping
