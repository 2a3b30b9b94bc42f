"""The real-news gold sets (issue 9): annotators' drafts, their checks, and offsets-only gold files.

Annotators write *drafts* outside the repository (``docs/annotation-guidelines.md``): JSON that quotes
the article text. ``anchor`` turns a checked draft into a *gold file* for ``tests/gold/news-*``, which
holds no article text at all: only the article id, the sha1 of its text (so a changed corpus is
detected, not silently mis-scored), offsets into that text, and the coded values. ``render`` reads the
text back from the corpus to show a gold file to a reviewer.

The pydantic models below are the one definition of both formats; everything loads through them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from rasd.evaluate.news_corpus import CORPORA, DEV_SHARE, NewsArticle, iter_corpus
from rasd.evaluate.relate import find_mentions
from rasd.text.months import weekdays
from rasd.text.normalize import normalize, normalize_with_map

GOLD_FORMAT: Final = "rasd-news-gold/1"

EntityType = Literal["PER", "ORG", "LOC"]
SUBTYPES: dict[str, frozenset[str]] = {
    "PER": frozenset({"politician", "militant", "military", "official", "journalist", "other"}),
    "ORG": frozenset(
        {
            "armed_group",
            "state_agency",
            "military",
            "police",
            "intelligence",
            "government",
            "political_party",
            "parliament",
            "court",
            "ngo",
            "media",
            "international",
            "tribe",
            "ethnic_group",
            "company",
            "other",
        }
    ),
    "LOC": frozenset({"country", "admin1", "admin2", "city", "region", "feature"}),
}
RelationType = Literal[
    "member_of",
    "leader_of",
    "spokesman_of",
    "founded",
    "pledged_allegiance_to",
    "allied_with",
    "split_from",
    "part_of",
    "located_in",
    "operates_in",
    "controls",
    "holds_position",
    "affiliated_with",
]
EventType = Literal[
    "attack",
    "armed_clash",
    "bombing",
    "suicide_bombing",
    "airstrike",
    "shelling",
    "killing",
    "kidnapping",
    "hostage_release",
    "arrest",
    "territory_takeover",
    "arms_trafficking",
    "smuggling",
    "allegiance_pledge",
    "protest",
    "meeting",
    "agreement",
    "trial",
    "other_security",
]
Modality = Literal["asserted", "planned", "feared", "denied", "hypothetical"]
ClaimKind = Literal[
    "named_official",
    "anonymous_official",
    "news_agency",
    "media",
    "document",
    "intelligence_report",
    "group_statement",
    "expert",
    "witness",
    "ngo",
    "court",
    "other",
]
Certainty = Literal["asserted", "reported", "believed", "denied"]
Precision = Literal["day", "month", "year"]
GeoPrecision = Literal["point", "admin2", "admin1", "country", "region", "feature"]
# "places": the random place-mention set (tests/gold/places-random), articles outside the sample.
Split = Literal["dev", "blind", "places"]
_DATE_SHAPE = {"day": r"\d{4}-\d\d-\d\d", "month": r"\d{4}-\d\d", "year": r"\d{4}"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Geo(_Strict):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    admin1: str | None = None
    precision: GeoPrecision | None = None


# --- drafts: what annotators write (quotes of the article text) -------------------------------------


class DraftEntity(_Strict):
    id: str
    type: EntityType
    subtype: str | None = None
    name: str
    mentions: list[str] = Field(min_length=1)
    geo: Geo | None = None
    notes: str | None = None


class DraftRelation(_Strict):
    type: RelationType
    subject: str
    object: str
    evidence: str
    notes: str | None = None


class DraftEvent(_Strict):
    type: EventType
    trigger: str
    evidence: str
    place: str | None = None
    date: str | None = None
    date_precision: Precision | None = None
    actors: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    fatalities: int | None = Field(default=None, ge=0)
    modality: Modality = "asserted"
    notes: str | None = None


class DraftClaim(_Strict):
    source: str
    source_entity: str | None = None
    kind: ClaimKind
    via: list[str] = Field(default_factory=list)
    certainty: Certainty
    evidence: str
    notes: str | None = None


class DraftDate(_Strict):
    text: str
    value: str
    precision: Precision
    notes: str | None = None


class Draft(_Strict):
    corpus: str
    id: str
    split: Split
    published: str | None = None
    annotator: str
    entities: list[DraftEntity] = Field(default_factory=list)
    relations: list[DraftRelation] = Field(default_factory=list)
    events: list[DraftEvent] = Field(default_factory=list)
    claims: list[DraftClaim] = Field(default_factory=list)
    dates: list[DraftDate] = Field(default_factory=list)
    notes: str | None = None


# --- gold files: offsets only ------------------------------------------------------------------------

Span = tuple[int, int]


class GoldEntity(_Strict):
    id: str
    type: EntityType
    subtype: str | None = None
    geo: Geo | None = None
    mentions: list[Span]


class GoldRelation(_Strict):
    type: RelationType
    subject: str
    object: str
    evidence: Span


class GoldEvent(_Strict):
    type: EventType
    trigger: Span
    evidence: Span
    place: str | None = None
    date: str | None = None
    date_precision: Precision | None = None
    actors: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    fatalities: int | None = None
    modality: Modality = "asserted"


class GoldClaim(_Strict):
    source: Span
    source_entity: str | None = None
    kind: ClaimKind
    via: list[Span] = Field(default_factory=list)
    certainty: Certainty
    evidence: Span


class GoldDate(_Strict):
    span: Span
    value: str
    precision: Precision


class GoldArticle(_Strict):
    format: Literal["rasd-news-gold/1"] = GOLD_FORMAT
    corpus: str
    id: str
    split: Split
    sha1: str = Field(pattern=r"^[0-9a-f]{40}$")
    published: str | None = None
    annotator: str
    entities: list[GoldEntity] = Field(default_factory=list)
    relations: list[GoldRelation] = Field(default_factory=list)
    events: list[GoldEvent] = Field(default_factory=list)
    claims: list[GoldClaim] = Field(default_factory=list)
    dates: list[GoldDate] = Field(default_factory=list)

    @field_validator("corpus")
    @classmethod
    def _known_corpus(cls, value: str) -> str:
        if value not in {c for c, _, _ in CORPORA}:
            raise ValueError(f"unknown corpus {value!r}")
        return value

    def spans(self) -> Iterable[tuple[str, Span]]:
        """Every span of the file, named for error messages."""
        for e in self.entities:
            yield from ((f"{e.id} mention", m) for m in e.mentions)
        for i, r in enumerate(self.relations):
            yield f"relations[{i}].evidence", r.evidence
        for i, ev in enumerate(self.events):
            yield f"events[{i}].trigger", ev.trigger
            yield f"events[{i}].evidence", ev.evidence
        for i, c in enumerate(self.claims):
            yield f"claims[{i}].source", c.source
            yield f"claims[{i}].evidence", c.evidence
            yield from ((f"claims[{i}].via", v) for v in c.via)
        for i, d in enumerate(self.dates):
            yield f"dates[{i}]", d.span


class GoldError(Exception):
    """A gold file or draft that cannot be used; ``str()`` is one line naming the file."""


def load_gold_file(path: Path) -> GoldArticle:
    try:
        return GoldArticle.model_validate_json(path.read_bytes())
    except ValidationError as exc:
        raise GoldError(f"{path}: not a news gold file ({_first_error(exc)})") from exc


def load_gold_dir(path: Path) -> list[GoldArticle]:
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    return [load_gold_file(f) for f in files]


def is_news_gold(path: Path) -> bool:
    """Whether ``path`` (a file or folder) holds news gold files rather than the paragraph gold set."""
    files = sorted(path.glob("*.json"))[:1] if path.is_dir() else [path]
    if not files:
        return path.is_dir() and path.name.startswith("news-")
    try:
        return json.loads(files[0].read_text("utf-8")).get("format") == GOLD_FORMAT
    except (OSError, ValueError, AttributeError):
        return False


def span_problems(gold: GoldArticle, text: str) -> list[str]:
    """Why this gold file does not fit the article text (empty: it fits)."""
    if NewsArticle(gold.corpus, gold.id, text, None, None, None).sha1 != gold.sha1:
        return ["the article text changed since annotation (sha1 differs)"]
    ids = {e.id for e in gold.entities}
    problems = [
        f"{where}: span {s}:{e} is not a non-empty slice of the text"
        for where, (s, e) in gold.spans()
        if not 0 <= s < e <= len(text)
    ]
    problems += [f"unknown entity {r!r}" for r in _references(gold) if r not in ids]
    return problems


def _references(item: Draft | GoldArticle) -> list[str]:
    refs: list[str] = []
    for r in item.relations:
        refs += [r.subject, r.object]
    for ev in item.events:
        refs += [*ev.actors, *ev.targets, *([ev.place] if ev.place else [])]
    refs += [c.source_entity for c in item.claims if c.source_entity]
    return refs


# --- the corpus --------------------------------------------------------------------------------------


def corpus_of(article_id: str) -> str | None:
    """The corpus an id belongs to, from the id's shape (``snn-…``, ``JA-…``, else the 2012 papers)."""
    if article_id.startswith("snn-"):
        return "saudinewsnet_2015"
    if article_id.startswith("JA-"):
        return "ant_jawharafm_2014_2017"
    return "arabic_newspapers_2012" if re.fullmatch(r"[A-Z]{3,5}\d+", article_id) else None


def read_articles(shared: Path, wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], NewsArticle]:
    """The articles asked for, reading each corpus once."""
    want = set(wanted)
    out: dict[tuple[str, str], NewsArticle] = {}
    for corpus in sorted({c for c, _ in want if c in {name for name, _, _ in CORPORA}}):
        for art in iter_corpus(shared, corpus):
            if (corpus, art.id) in want:
                out[(corpus, art.id)] = art
    return out


def split_of(sample: list[tuple[str, str]], key: tuple[str, str]) -> Split | None:
    if key not in sample:
        return None
    return "dev" if sample.index(key) < DEV_SHARE else "blind"


# --- finding quotes ----------------------------------------------------------------------------------

_QUOTE_MARKS = str.maketrans({c: '"' for c in "«»“”„‟″'‘’"})


def occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every (possibly overlapping) exact occurrence of ``quote``."""
    if not quote:
        return []
    found, at = [], text.find(quote)
    while at >= 0:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def mention_spans(text: str, surface: str) -> list[Span]:
    return [(m.start, m.end) for m in find_mentions(text, [surface])]


def suggest_quote(text: str, quote: str, unique: bool = True) -> str | None:
    """The text's own spelling of a quote that is not exact (hamzas, ya/alef maksura, ta marbuta,
    diacritics, spaces, quotation marks): when the folded quote occurs exactly once, or (``unique``
    False, for mentions) when all its occurrences are spelt alike; else None."""
    norm, index = normalize_with_map(text)
    norm = norm.translate(_QUOTE_MARKS)
    nquote = normalize_with_map(quote.strip())[0].translate(_QUOTE_MARKS).strip()
    hits = occurrences(norm, nquote) if nquote else []
    spellings = {text[index[h] : index[h + len(nquote) - 1] + 1] for h in hits}
    if len(spellings) != 1 or (unique and len(hits) != 1):
        return None
    return spellings.pop()


# --- checking a draft --------------------------------------------------------------------------------


def parse_draft(path: Path) -> tuple[Draft | None, list[str]]:
    try:
        raw = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, [f"not readable JSON ({exc})"]
    try:
        return Draft.model_validate(raw), []
    except ValidationError as exc:
        return None, [
            f"{'.'.join(str(p) for p in err['loc']) or 'file'}: {err['msg']}" for err in exc.errors()
        ]


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    return f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"


def draft_problems(
    draft: Draft,
    article: NewsArticle | None,
    sample: list[tuple[str, str]] | None = None,
    folder_split: str | None = None,
) -> list[str]:
    """Every problem of a parsed draft, one line each (empty: it can be anchored)."""
    if article is None:
        return [f"article {draft.corpus}/{draft.id} not found in the corpus"]
    text = article.text
    problems: list[str] = []
    if draft.published != article.published:
        problems.append(f"published: {draft.published!r}, the corpus says {article.published!r}")
    if sample is not None and draft.split == "places":
        if split_of(sample, (draft.corpus, draft.id)) is not None:
            problems.append("a places draft must not be an article of the dev/blind sample")
    elif sample is not None:
        split = split_of(sample, (draft.corpus, draft.id))
        if split is None:
            problems.append("the article is not in the sample (rasd gold sample)")
        elif split != draft.split:
            problems.append(f"split: {draft.split!r}, the sample says {split!r}")
    if folder_split in ("dev", "blind") and folder_split != draft.split:
        problems.append(f"split {draft.split!r} but the draft is in the {folder_split}/ folder")

    types = {}
    for e in draft.entities:
        if e.id in types:
            problems.append(f"entity id {e.id} is used twice")
        types[e.id] = e.type
        if e.subtype is not None and e.subtype not in SUBTYPES[e.type]:
            problems.append(f"{e.id}: subtype {e.subtype!r} is not one of {e.type}'s")
        if e.geo and e.type != "LOC":
            problems.append(f"{e.id}: geo on a {e.type}")
    owner: dict[str, str] = {}
    for e in draft.entities:
        for surface in e.mentions:
            if surface in owner and owner[surface] != e.id:
                problems.append(f"{e.id}: mention «{surface}» is also listed for {owner[surface]}")
            owner.setdefault(surface, e.id)
            if not mention_spans(text, surface):
                hint = suggest_quote(text, surface, unique=False)
                why = f" (the text has «{hint}»)" if hint and hint != surface else ""
                problems.append(f"{e.id}: mention «{surface}» not found as a whole word{why}")

    def need(eid: str | None, where: str, *allowed: str) -> None:
        if eid is None:
            return
        if eid not in types:
            problems.append(f"{where}: unknown entity {eid!r}")
        elif allowed and types[eid] not in allowed:
            problems.append(f"{where}: {eid} is {types[eid]}, expected {'/'.join(allowed)}")

    def once(quote: str, where: str) -> None:
        n = len(occurrences(text, quote))
        if n == 1:
            return
        if n == 0:
            hint = suggest_quote(text, quote)
            why = f" (the text has «{hint}»: `rasd gold check --fix` copies it)" if hint else ""
            problems.append(f"{where}: «{_short(quote)}» not found{why}")
        else:
            problems.append(f"{where}: «{_short(quote)}» occurs {n} times; lengthen it until it is unique")

    for i, r in enumerate(draft.relations):
        need(r.subject, f"relations[{i}].subject")
        need(r.object, f"relations[{i}].object")
        once(r.evidence, f"relations[{i}].evidence")
    for i, ev in enumerate(draft.events):
        where = f"events[{i}]"
        once(ev.evidence, f"{where}.evidence")
        if ev.trigger not in ev.evidence:
            problems.append(f"{where}.trigger: «{ev.trigger}» is not inside its evidence")
        need(ev.place, f"{where}.place", "LOC")
        for a in ev.actors:
            need(a, f"{where}.actors")
        for t in ev.targets:
            need(t, f"{where}.targets")
        problems += _date_problems(ev.date, ev.date_precision, f"{where}.date")
    for i, c in enumerate(draft.claims):
        once(c.source, f"claims[{i}].source")
        once(c.evidence, f"claims[{i}].evidence")
        for j, v in enumerate(c.via):
            once(v, f"claims[{i}].via[{j}]")
        need(c.source_entity, f"claims[{i}].source_entity")
    for i, d in enumerate(draft.dates):
        once(d.text, f"dates[{i}].text")
        problems += _date_problems(d.value, d.precision, f"dates[{i}].value")
    return problems


def draft_warnings(draft: Draft) -> list[str]:
    """What is probably wrong but may be the article's own error, so it does not stop anchoring: a
    weekday that does not fall on the date given, an asserted event dated after publication."""
    warnings: list[str] = []
    days = weekdays()
    for i, d in enumerate(draft.dates):
        if d.precision != "day" or not re.fullmatch(_DATE_SHAPE["day"], d.value):
            continue
        named = {n for w in normalize(d.text).split() if (n := days.get(w.removeprefix("و"))) is not None}
        actual = _weekday(d.value)
        if len(named) == 1 and actual is not None and actual not in named:
            warnings.append(f"dates[{i}]: «{d.text}» names a weekday, but {d.value} is not one")
    if draft.published:
        for i, ev in enumerate(draft.events):
            if ev.modality == "asserted" and ev.date and ev.date[: len(draft.published)] > draft.published:
                warnings.append(
                    f"events[{i}]: asserted, but dated {ev.date}, after publication ({draft.published})"
                )
    return warnings


def _weekday(value: str) -> int | None:
    try:
        return date.fromisoformat(value).weekday()
    except ValueError:
        return None


def _date_problems(value: str | None, precision: str | None, where: str) -> list[str]:
    if value is None:
        return [] if precision is None else [f"{where}: a precision without a date"]
    if precision is None or not re.fullmatch(_DATE_SHAPE[precision], value):
        return [f"{where}: {value!r} does not have the shape of precision {precision!r}"]
    return []


def _short(quote: str, width: int = 60) -> str:
    return quote if len(quote) <= width else quote[: width - 1] + "…"


def fix_quotes(raw: dict[str, object], text: str) -> list[str]:
    """Replace, in a draft's raw JSON, each quote that is not exact but whose folded form occurs
    once by the text's own spelling; return what was changed (one line each)."""
    changed: list[str] = []

    def fixed(quote: object, where: str) -> object:
        if not isinstance(quote, str) or occurrences(text, quote):
            return quote
        hint = suggest_quote(text, quote, unique=".mentions[" not in where)
        if hint is None or hint == quote:
            return quote
        changed.append(f"{where}: «{_short(quote)}» → «{_short(hint)}»")
        return hint

    def each(key: str, fields: tuple[str, ...], lists: tuple[str, ...] = ()) -> None:
        items = raw.get(key)
        if not isinstance(items, list):
            return
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            for f in fields:
                if f in item:
                    item[f] = fixed(item[f], f"{key}[{i}].{f}")
            for f in lists:
                if isinstance(item.get(f), list):
                    item[f] = [fixed(q, f"{key}[{i}].{f}[{j}]") for j, q in enumerate(item[f])]

    each("relations", ("evidence",))
    each("events", ("evidence", "trigger"))
    each("claims", ("source", "evidence"), ("via",))
    each("dates", ("text",))
    each("entities", (), ("mentions",))
    return changed


# --- anchoring: draft → gold file --------------------------------------------------------------------


def anchor(draft: Draft, article: NewsArticle) -> GoldArticle:
    """The offsets-only gold file of a draft that ``draft_problems`` passes."""
    text = article.text

    def once(quote: str) -> Span:
        at = text.index(quote)
        return (at, at + len(quote))

    return GoldArticle(
        corpus=draft.corpus,
        id=draft.id,
        split=draft.split,
        sha1=article.sha1,
        published=article.published,
        annotator=draft.annotator,
        entities=[
            GoldEntity(id=e.id, type=e.type, subtype=e.subtype, geo=e.geo, mentions=spans)
            for e, spans in zip(draft.entities, _flat_mentions(text, draft.entities), strict=True)
        ],
        relations=[
            GoldRelation(type=r.type, subject=r.subject, object=r.object, evidence=once(r.evidence))
            for r in draft.relations
        ],
        events=[_anchor_event(ev, once(ev.evidence)) for ev in draft.events],
        claims=[
            GoldClaim(
                source=once(c.source),
                source_entity=c.source_entity,
                kind=c.kind,
                via=[once(v) for v in c.via],
                certainty=c.certainty,
                evidence=once(c.evidence),
            )
            for c in draft.claims
        ],
        dates=[GoldDate(span=once(d.text), value=d.value, precision=d.precision) for d in draft.dates],
    )


def _anchor_event(ev: DraftEvent, evidence: Span) -> GoldEvent:
    at = evidence[0] + ev.evidence.index(ev.trigger)
    return GoldEvent(
        type=ev.type,
        trigger=(at, at + len(ev.trigger)),
        evidence=evidence,
        place=ev.place,
        date=ev.date,
        date_precision=ev.date_precision,
        actors=ev.actors,
        targets=ev.targets,
        fatalities=ev.fatalities,
        modality=ev.modality,
    )


def _flat_mentions(text: str, entities: list[DraftEntity]) -> list[list[Span]]:
    """Each entity's mention spans, flat across entities as a recogniser tags them: where one
    entity's mention lies inside another's (a country inside a group's name), the longer wins;
    an entity left with no mention keeps its nested ones (it is still coded, e.g. as a place)."""
    found = [sorted({(m.start, m.end) for m in find_mentions(text, e.mentions)}) for e in entities]
    ranked = sorted(
        ((s, e, i) for i, spans in enumerate(found) for s, e in spans), key=lambda t: (t[0] - t[1], t[0])
    )
    kept: list[list[Span]] = [[] for _ in entities]
    taken: list[Span] = []
    for s, e, i in ranked:
        if all(e <= ts or s >= te for ts, te in taken):
            taken.append((s, e))
            kept[i].append((s, e))
    return [sorted(k) if k else spans for k, spans in zip(kept, found, strict=True)]


def write_gold(gold: GoldArticle, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{gold.id}.json"
    path.write_text(dump_gold(gold), "utf-8")
    return path


def dump_gold(gold: GoldArticle) -> str:
    """One item per line: small diffs when a file is re-anchored, and still readable."""
    head = gold.model_dump(mode="json", exclude={"entities", "relations", "events", "claims", "dates"})
    lines = ["{"]
    lines += [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    parts = []
    for key in ("entities", "relations", "events", "claims", "dates"):
        items = [json.dumps(x, ensure_ascii=False) for x in gold.model_dump(mode="json")[key]]
        body = ",\n".join(f"    {x}" for x in items)
        parts.append(f"  {json.dumps(key)}: [\n{body}\n  ]" if items else f"  {json.dumps(key)}: []")
    lines.append(",\n".join(parts))
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- rendering: gold file → a readable view from the corpus ------------------------------------------


def render(gold: GoldArticle, article: NewsArticle) -> str:
    text = article.text
    out = [f"{gold.corpus}/{gold.id}  split={gold.split}  published={gold.published}  by {gold.annotator}"]
    if article.sha1 != gold.sha1:
        out.append("WARNING: the article text changed since annotation (sha1 differs); spans may be wrong")

    def q(span: Span) -> str:
        return f"«{text[span[0] : span[1]]}»"

    names = {e.id: (text[e.mentions[0][0] : e.mentions[0][1]] if e.mentions else "?") for e in gold.entities}

    def n(eid: str | None) -> str:
        return f"{eid}:{names.get(eid, '?')}" if eid else "-"

    out.append("\nENTITIES")
    for e in gold.entities:
        surfaces = list(dict.fromkeys(text[s:t] for s, t in e.mentions))
        geo = ""
        if e.geo:
            geo = f"  @ {e.geo.lat:.2f},{e.geo.lon:.2f} {e.geo.country or ''} {e.geo.admin1 or ''} {e.geo.precision or ''}"
        out.append(f"  {e.id} {e.type}/{e.subtype or '-'} ×{len(e.mentions)}: {' | '.join(surfaces)}{geo}")
    out.append("\nRELATIONS")
    out += [f"  {n(r.subject)} {r.type} {n(r.object)}  ← {q(r.evidence)}" for r in gold.relations]
    out.append("\nEVENTS")
    for ev in gold.events:
        out.append(
            f"  {ev.type} [{ev.modality}] trigger {q(ev.trigger)} place {n(ev.place)} date {ev.date or '-'}"
            f" actors {', '.join(map(n, ev.actors)) or '-'} targets {', '.join(map(n, ev.targets)) or '-'}"
            f" killed {ev.fatalities if ev.fatalities is not None else '-'}\n      ← {q(ev.evidence)}"
        )
    out.append("\nCLAIMS")
    for c in gold.claims:
        via = " via " + " ← ".join(q(v) for v in c.via) if c.via else ""
        out.append(
            f"  {q(c.source)} ({c.kind}, {c.certainty}, {n(c.source_entity)}){via}\n      : {q(c.evidence)}"
        )
    out.append("\nDATES")
    out += [f"  {q(d.span)} = {d.value} ({d.precision})" for d in gold.dates]
    return "\n".join(out)
