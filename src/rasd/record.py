"""The document record: one typed object that flows through the pipeline and is written as JSONL.

The contract is ``shared/spec/document-record.md``. Every span indexes into ``Document.text``;
``geo`` and ``kb`` are the only keys that may be left out of the JSON, every other key is always
present (an empty list or null).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from rasd.read.article import RawArticle

EntityType = Literal["PER", "ORG", "LOC"]
Certainty = Literal["asserted", "reported", "believed", "denied"]
DatePrecision = Literal["year", "month", "day", "unknown"]
Modality = Literal["asserted", "planned", "feared", "denied", "hypothetical"]

# Keys that the contract lets us leave out when they carry nothing.
# Geo's country/admin1/admin2 are left out when unknown, so records without them read as before.
_OPTIONAL_KEYS = frozenset({"geo", "kb", "source_id", "country", "admin1", "admin2"})


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Span(_Model):
    start: int
    end: int


class Mention(_Model):
    start: int
    end: int
    text: str


class Geo(_Model):
    lat: float
    lon: float
    # city/feature: the place itself; admin2/admin1: a district or province, placed at its centre;
    # region: part of a country or a natural region; country. ACLED's geo_precision: see
    # rasd.resolve.geocode.acled_geo_precision.
    precision: Literal["country", "region", "city", "feature", "admin1", "admin2"] | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    admin2: str | None = None


class TaggedSpan(_Model):
    """A recogniser's output before resolution: a typed stretch of text, not yet an entity."""

    start: int
    end: int
    text: str
    label: EntityType
    subtype: str | None = None
    score: float = 1.0


class Entity(_Model):
    id: str
    type: EntityType
    subtype: str | None = None
    name: str
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    geo: Geo | None = None
    kb: dict[str, str] | None = None
    # Why these mentions were joined into one entity (KB name, alias pattern, fuzzy score, judgement).
    resolution: str | None = None
    # Where the text itself states an alias («المعروف باسمه الحركي ...»): the alias as it appears.
    alias_evidence: list[Mention] = Field(default_factory=list)


class Relation(_Model):
    type: str
    subject: str
    object: str
    evidence: Span
    confidence: float


class Acled(_Model):
    event_type: str
    sub_event_type: str


class EventDate(_Model):
    value: str | None
    text: str
    precision: DatePrecision


class Event(_Model):
    type: str
    acled: Acled | None
    trigger: Mention
    actors: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    location: str | None = None
    geo: Geo | None = None
    date: EventDate | None = None
    fatalities: int | None = None
    evidence: Span
    # asserted fact, or only planned / feared / denied: analysts must not code the latter as facts.
    modality: Modality = "asserted"


class ClaimSource(_Model):
    text: str
    kind: str
    via: list[str] = Field(default_factory=list)  # the chain: "AFP" quoting "a Malian source"


class Claim(_Model):
    evidence: Span
    source: ClaimSource
    certainty: Certainty
    about: list[str] = Field(default_factory=list)


class Document(_Model):
    id: str
    source: str
    title: str | None = None
    published: str | None = None
    language: str = "ar"
    text: str
    byline: str | None = None
    outlet: str | None = None
    url: str | None = None
    # The input's own id (a scraper's ``id``/``guid``), kept so a record can be traced back to it.
    source_id: str | None = None
    entities: list[Entity] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    # Working state between stages; never serialised.
    spans: list[TaggedSpan] = Field(default_factory=list, exclude=True)
    raw: RawArticle | None = Field(default=None, exclude=True)  # the input, for the clean stage

    @staticmethod
    def text_id(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def to_dict(self) -> dict[str, Any]:
        return _drop_empty_optional(self.model_dump(mode="json"))

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str | bytes) -> Document:
        return cls.model_validate_json(line)


def _drop_empty_optional(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: _drop_empty_optional(v) for k, v in value.items() if not (k in _OPTIONAL_KEYS and v is None)
        }
    if isinstance(value, list):
        return [_drop_empty_optional(v) for v in value]
    return value


_REQUIRED_KEYS = (
    "id",
    "source",
    "title",
    "published",
    "language",
    "text",
    "entities",
    "relations",
    "events",
    "claims",
)


def contract_violations(record: dict[str, Any]) -> list[str]:
    """What in a serialised record breaks ``document-record.md`` (empty list: it keeps the contract)."""
    problems = [f"missing key {k!r}" for k in _REQUIRED_KEYS if k not in record]
    if problems:
        return problems
    text: str = record["text"]
    if record["id"] != Document.text_id(text):
        problems.append("id is not the sha256 of text")

    def check_span(where: str, span: dict[str, Any], with_text: bool = False) -> None:
        start, end = span.get("start"), span.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
            problems.append(f"{where}: span {start}:{end} is not a slice of text")
        elif with_text and span.get("text") != text[start:end]:
            problems.append(f"{where}: text {span.get('text')!r} != text[{start}:{end}] {text[start:end]!r}")

    ids = set()
    for i, ent in enumerate(record["entities"]):
        ids.add(ent["id"])
        for key in ("id", "type", "name", "aliases", "mentions"):
            if key not in ent:
                problems.append(f"entities[{i}]: missing key {key!r}")
        for j, m in enumerate(ent.get("mentions", [])):
            check_span(f"entities[{i}].mentions[{j}]", m, with_text=True)
    for i, rel in enumerate(record["relations"]):
        check_span(f"relations[{i}].evidence", rel["evidence"])
        for key in ("subject", "object"):
            if rel[key] not in ids:
                problems.append(f"relations[{i}].{key}: unknown entity {rel[key]!r}")
    for i, ev in enumerate(record["events"]):
        check_span(f"events[{i}].trigger", ev["trigger"], with_text=True)
        check_span(f"events[{i}].evidence", ev["evidence"])
        refs = [*ev["actors"], *ev["targets"], *([ev["location"]] if ev["location"] else [])]
        problems += [f"events[{i}]: unknown entity {r!r}" for r in refs if r not in ids]
    for i, claim in enumerate(record["claims"]):
        check_span(f"claims[{i}].evidence", claim["evidence"])
        problems += [f"claims[{i}].about: unknown entity {r!r}" for r in claim["about"] if r not in ids]
    return problems
