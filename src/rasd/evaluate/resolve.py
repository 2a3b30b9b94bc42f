"""Measure resolution: alias → entity accuracy, geocoding accuracy, speed.

Cases are data (``data/kb/eval_cases.json``, hand-written from public facts) plus pairs taken
from the UN sanctions list (every alias and Arabic name → its reference number). Each case runs
the whole resolve stage on a one-sentence document, as the pipeline would.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, cast

from rasd.datafiles import read_json
from rasd.kb.un_import import UNRecord, load_un_json, read_un_list
from rasd.record import Document, Entity, EntityType, TaggedSpan
from rasd.resolve.entities import resolve_entities
from rasd.resources import Resources

KB_PREFIXES = ("rasd:", "un:", "country:")


@dataclass
class Score:
    total: int = 0
    correct: int = 0
    wrong: int = 0  # linked to the wrong entity (the costly error)
    missed: int = 0  # left unlinked though an entity was expected
    failures: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def resolve_mention(context: str, mention: str, label: str, res: Resources) -> Entity | None:
    start = context.index(mention)
    doc = Document(
        id="eval",
        source="eval",
        text=context,
        spans=[
            TaggedSpan(start=start, end=start + len(mention), text=mention, label=cast(EntityType, label))
        ],
    )
    resolve_entities(doc, res.kb, res.gazetteer)
    end = start + len(mention)
    return next((e for e in doc.entities if any(m.start < end and start < m.end for m in e.mentions)), None)


def _linked_id(ent: Entity | None) -> str | None:
    return ent.id if ent is not None and ent.id.startswith(KB_PREFIXES) else None


def _tally(score: Score, got: str | None, expect: str | None, label: str) -> None:
    score.total += 1
    if got == expect:
        score.correct += 1
        return
    if got is None:
        score.missed += 1
    else:
        score.wrong += 1
    if len(score.failures) < 40:
        score.failures.append(f"{label}: expected {expect}, got {got}")


def _cases() -> dict[str, Any]:
    return read_json("kb/eval_cases")


def evaluate_aliases(res: Resources, part: str = "aliases") -> Score:
    score = Score()
    for case in _cases()[part]:
        got = _linked_id(resolve_mention(case["context"], case["mention"], case["type"], res))
        _tally(score, got, case["expect"], case["mention"])
    return score


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def evaluate_geocoding(res: Resources, part: str = "places") -> Score:
    score = Score()
    for case in _cases()[part]:
        ent = resolve_mention(case["context"], case["name"], "LOC", res)
        tolerance = 50 if case["precision"] in ("city", "feature") else 300
        ok = (
            ent is not None
            and ent.geo is not None
            and ent.geo.precision == case["precision"]
            and _distance_km(ent.geo.lat, ent.geo.lon, case["lat"], case["lon"]) <= tolerance
        )
        score.total += 1
        if ok:
            score.correct += 1
            continue
        if ent is None or ent.geo is None:
            score.missed += 1
        else:
            score.wrong += 1
        got = f"{ent.geo.lat:.2f},{ent.geo.lon:.2f} {ent.geo.precision}" if ent and ent.geo else None
        score.failures.append(
            f"{case['name']}: expected {case['lat']},{case['lon']} {case['precision']}, got {got}"
        )
    return score


def _typo(name: str, rng: random.Random) -> str | None:
    """One letter dropped from the middle of the longest word (a typical scrape or typing error)."""
    words = name.split()
    if len(words) < 2:
        return None
    i = max(range(len(words)), key=lambda k: len(words[k]))
    w = words[i]
    if len(w) < 5:
        return None
    j = rng.randrange(1, len(w) - 1)
    words[i] = w[:j] + w[j + 1 :]
    return " ".join(words)


def un_pairs(records: list[UNRecord]) -> list[tuple[str, str, str]]:
    """(alias or name, PER/ORG, reference) for every name the UN list gives."""
    pairs: list[tuple[str, str, str]] = []
    for rec in records:
        label = "PER" if rec.kind == "individual" else "ORG"
        names = [rec.name] + ([rec.name_ar] if rec.name_ar else []) + [a.name for a in rec.aliases]
        pairs += [(n, label, rec.ref) for n in dict.fromkeys(names) if n.strip()]
    return pairs


def evaluate_un(
    res: Resources, records: list[UNRecord], typos: bool = False, with_context: bool = False
) -> Score:
    """Every UN name → its reference; ``with_context`` names a linked record in the same sentence
    (as the UN narrative does), which is what a weak alias needs to be linked at all."""
    by_ref = {r.ref: r for r in records}
    rng = random.Random(7)
    score = Score()
    for name, label, ref in un_pairs(records):
        if typos:
            if not any("\u0600" <= ch <= "\u06ff" for ch in name):
                continue
            typo = _typo(name, rng)
            if typo is None:
                continue
            name = typo
        sentence = f"قال {name} في بيان"
        if with_context:
            linked = next((by_ref[r] for r in by_ref[ref].links if r in by_ref), None)
            if linked is None:
                continue
            sentence = f"قال {name} القيادي في {linked.name_ar or linked.name}"
        ent = resolve_mention(sentence, name, label, res)
        got = _linked_id(ent)
        expect = res.kb.by_un_ref.get(ref)
        _tally(score, got, expect, f"{name} ({ref})")
    return score


def benchmark_speed(n_mentions: int = 10_000, per_doc: int = 50) -> dict[str, float]:
    """Resolve ``n_mentions`` mentions (KB names, variants, unknown names) in documents of ``per_doc``."""
    cases = _cases()
    t0 = time.perf_counter()
    res = Resources().load_all()
    load_s = time.perf_counter() - t0
    pool = [(c["mention"], c["type"]) for c in cases["aliases"]] + [
        (p["name"], "LOC") for p in cases["places"]
    ]
    # names outside the KB: plausible first + family names, many sharing a word
    firsts = ["محمد", "أحمد", "علي", "عمر", "يوسف", "إبراهيم", "عبد الله", "سيدي", "موسى", "الحسن"]
    families = [
        "ولد سالم",
        "الأنصاري",
        "التواتي",
        "بن عيسى",
        "ميغا",
        "توري",
        "ديالو",
        "الشريف",
        "قاسم",
        "العربي",
    ]
    pool += [(f"{f} {g}", "PER") for f in firsts for g in families]
    rng = random.Random(3)
    docs: list[Document] = []
    made = 0
    while made < n_mentions:
        parts: list[str] = []
        spans: list[TaggedSpan] = []
        pos = 0
        for mention, label in rng.sample(pool, min(per_doc, n_mentions - made)):
            filler = "وقال مصدر إن "
            start = pos + len(filler)
            parts.append(filler + mention + " ")
            spans.append(
                TaggedSpan(start=start, end=start + len(mention), text=mention, label=cast(EntityType, label))
            )
            pos = start + len(mention) + 1
        made += len(spans)
        docs.append(Document(id=str(len(docs)), source="bench", text="".join(parts), spans=spans))
    t1 = time.perf_counter()
    for doc in docs:
        resolve_entities(doc, res.kb, res.gazetteer)
    run_s = time.perf_counter() - t1
    return {
        "mentions": made,
        "documents": len(docs),
        "kb_load_s": load_s,
        "resolve_s": run_s,
        "mentions_per_s": made / run_s if run_s else 0.0,
    }


def run_evaluation(un_xml: Path | None = None, speed: bool = True) -> dict[str, Any]:
    records = (
        read_un_list(un_xml)
        if un_xml
        else load_un_json(resources.files("rasd.data.kb").joinpath("un_sanctions.json").read_text("utf-8"))
    )
    res = Resources()
    report: dict[str, Any] = {
        "aliases (hand-written)": evaluate_aliases(res),
        "aliases (held out)": evaluate_aliases(res, "aliases_heldout"),
        "UN alias → reference": evaluate_un(res, records),
        "UN alias → reference, linked named": evaluate_un(res, records, with_context=True),
        "UN Arabic names with one typo": evaluate_un(res, records, typos=True),
        "geocoding": evaluate_geocoding(res),
        "geocoding (held out)": evaluate_geocoding(res, "places_heldout"),
    }
    if speed:
        report["speed"] = benchmark_speed()
    return report


def format_report(report: dict[str, Any], failures: bool = True) -> str:
    lines = []
    for name, value in report.items():
        if isinstance(value, Score):
            linked = value.correct + value.wrong
            precision = value.correct / linked if linked else 0.0
            lines.append(
                f"{name:<36} {value.correct:>4}/{value.total:<4} = {value.accuracy:6.1%}"
                f"   wrong {value.wrong}, unlinked {value.missed}, precision {precision:.1%}"
            )
            if failures:
                lines += [f"    - {f}" for f in value.failures[:15]]
        else:
            lines.append(
                f"{name:<36} "
                + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in value.items())
            )
    return "\n".join(lines)
