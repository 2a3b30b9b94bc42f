"""STIX 2.1 (for OpenCTI, MISP and other threat-intelligence platforms): one bundle, as JSON.

| rasd | STIX 2.1 |
| --- | --- |
| ORG, subtype `armed_group` or on the UN Al-Qaida list (`kb.un_sanctions` QDe.…) | `threat-actor` (resource_level `organization`) |
| PER on the UN Al-Qaida list (QDi.…), subtype `militant`, or member_of / leader_of / founded / pledged_allegiance_to an armed group | `threat-actor` (resource_level `individual`, roles `director` for leaders and founders, `agent` for members) |
| other PER | `identity` (identity_class `individual`) |
| other ORG | `identity` (identity_class `organization`; sectors: state_agency, intelligence → `government-national`, police → `government`, military, military_operation → `defense`, media → `communications`) |
| LOC | `location` (name, latitude/longitude; `country` alpha-2 where rasd knows the place's country; `region` from region-ov for Africa, North Africa, West Africa…) |
| `kb.wikidata`, `kb.un_sanctions` | external_references `wikidata` (with its URL), `un-sanctions` |
| located_in | `relationship` `located-at` |
| any other relation (member_of, leader_of, part_of, founded, pledged_allegiance_to, controls…) | `relationship` of rasd's type, hyphenated (`member-of`, `leader-of`…): STIX has no membership or leadership type, and `attributed-to` means "is really" |
| relation confidence, evidence | `confidence` (0–100), `description` (the sentences that state it) |
| asserted event | `incident`, with `attributed-to` (actors), `targets` (targets), `located-at` (place) relationships |
| planned, feared, denied or hypothetical event | `note` (abstract «planned: attack», object_refs = its participants and articles), never an incident |
| article | `report` (name = title or source, published, external_references url/outlet, object_refs = all it supports) |

Threat actors are typed `terrorist` when on the UN Al-Qaida/ISIL list or (persons) tied by such a relation to a
group that is; `unknown` otherwise: that an armed group is terrorist is an analyst's call, not the text's.
Names and aliases stay in Arabic.

Custom properties: every object keeps rasd's id or key in ``x_rasd_*`` properties (``x_rasd_id``,
``x_rasd_event_type``, ``x_acled_event_type``, ``x_rasd_date``, ``x_rasd_modality``…), declared by one
``extension-definition`` of type ``toplevel-property-extension`` (created by rasd's own ``identity``,
both in the bundle), which each object carrying them names in its ``extensions``: STIX 2.1's way
(§7.3), so validators and platforms know where the properties come from.

URLs are IRIs in the articles: they are written as URIs (RFC 3987 §3.1), the Arabic of the path and
query percent-encoded as UTF-8 and an Arabic host name in IDNA, as STIX's ``url`` type requires.

Times: an article's time is its publication time, or, when it has none, the time rasd first received
it (the store's ingest time, ``Knowledge.received``); an object's ``created`` is the earliest and
``modified`` the latest time among the articles behind it, so reruns give the same bytes. A report
whose article has no publication date is ``published`` at that ingest time and flagged
``x_rasd_published_unknown``. Only a caller that passes neither (a library user building
``Knowledge`` by hand from undated records) gets 1970-01-01T00:00:00Z.

Re-exports are byte-identical: ids are ``type--uuid5(_NAMESPACE, rasd key)`` (STIX prefers uuid4 for
SDOs, and the validator warns about it, but stable ids let a platform update an object instead of
duplicating it); objects are sorted by id. A place with neither coordinates nor a known country has
no ``location`` (STIX requires coordinates, a country, or a region of region-ov, and a free-text
region would break the vocabulary): its name stays on the incidents that happened there
(``x_rasd_location``), and relations to it are left out. An article from which nothing was
extracted has no report (a report must reference at least one object). Claims (who said what, with
what certainty) are not exported. An empty knowledge base gives a bundle with no ``objects``
(allowed by STIX 2.1; ``stix2.parse`` then needs ``version="2.1"``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, BinaryIO

import stix2
from stix2.serialization import STIXJSONEncoder
from stix2.serialization import json as stix_json  # the JSON module stix2 writes with

from rasd.export.knowledge import ARMED_LINKS, EntityRecord, Knowledge, RelationRecord
from rasd.export.places import Places
from rasd.export.sections import walk
from rasd.export.spill import Lookup, SortedOutput, Spill
from rasd.export.uri import iri_to_uri
from rasd.record import Document
from rasd.relate.across import MergedEvent
from rasd.relate.dates import parse_published

_NAMESPACE = uuid.UUID(
    "e014e2ba-e82b-5813-a5ff-c02e6b96b374"
)  # uuid5(NAMESPACE_URL, "https://github.com/rasd/stix")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# rasd's identity and the extension that declares its custom properties: fixed ids, and the day the
# extension was defined as their time, so that every export carries the same two objects.
_DEFINED = datetime(2026, 11, 28, tzinfo=UTC)
_RASD_IDENTITY = f"identity--{uuid.uuid5(_NAMESPACE, 'identity|rasd')}"
EXTENSION_ID = f"extension-definition--{uuid.uuid5(_NAMESPACE, 'extension-definition|rasd|1.0.0')}"
_TOPLEVEL = {EXTENSION_ID: {"extension_type": "toplevel-property-extension"}}
EXTENSION_PROPERTIES = (
    "x_acled_event_type",
    "x_acled_sub_event_type",
    "x_rasd_aliases",
    "x_rasd_date",
    "x_rasd_date_precision",
    "x_rasd_date_text",
    "x_rasd_document_id",
    "x_rasd_event_type",
    "x_rasd_fatalities",
    "x_rasd_geo_precision",
    "x_rasd_id",
    "x_rasd_location",
    "x_rasd_modality",
    "x_rasd_published_unknown",
    "x_rasd_relation_type",
    "x_rasd_source",
    "x_rasd_subtype",
)

_DIRECTING = frozenset({"leader_of", "founded"})
_RELATION_TYPES = {"located_in": "located-at"}
_SECTORS = {
    "state_agency": "government-national",
    "intelligence": "government-national",
    "police": "government",
    "military": "defense",
    "military_operation": "defense",
    "media": "communications",
}
# Regions that STIX's region-ov names; others (the Sahel, Azawad…) keep only their coordinates.
_REGIONS = {
    "rasd:africa": "africa",
    "rasd:north-africa": "northern-africa",
    "rasd:west-africa": "western-africa",
    "rasd:east-africa": "eastern-africa",
    "rasd:europe": "europe",
}


def write_stix(knowledge: Knowledge, out: BinaryIO, places: Places | None = None) -> int:
    """Write ``knowledge`` as one STIX 2.1 bundle to ``out``; returns how many objects it holds.

    Streamed: each object is serialised as it is made and sorted by id on disk (``rasd.export.spill``),
    and what each article supports is kept there too; the bundle is written around them, the same
    bytes as ``stix2.Bundle(objects).serialize()``."""
    spill = Spill()
    try:
        sections = _Sections(knowledge, places or Places.load(knowledge.kb), Lookup(spill))
        objects = SortedOutput(spill, unique=False)
        for obj in walk(knowledge, sections):
            objects.add(obj.id, _serialize(obj))
        count = len(objects)
        if count:
            for obj in _declarations():
                objects.add(obj.id, _serialize(obj))
            count += 2
        bundle_id = _id("bundle", "bundle", *sorted(sections.times))  # the articles' ids
        if not count:
            out.write(stix2.Bundle(id=bundle_id).serialize(ensure_ascii=False).encode("utf-8") + b"\n")
            return 0
        # Not stix2's pretty=True: its property ordering is quadratic (4 minutes for 1,000 articles).
        # Objects are built in a fixed order, so the compact form is just as reproducible.
        out.write(f'{{"type": "bundle", "id": "{bundle_id}", "objects": ['.encode())
        for n, body in enumerate(objects):
            out.write(b", " + body if n else body)
        out.write(b"]}\n")
        return count
    finally:
        spill.close()


def _serialize(obj: Any) -> bytes:
    """An object's JSON as a bundle holds it, its ``x_`` properties sorted: stix2 orders the
    properties of a top-level extension as a set does, which changes with Python's string hashing
    from one process to the next (re-exports differed in the order of ``x_rasd_*``)."""
    data = dict(obj)  # what stix2's encoder writes: the object's properties, its defaults left out
    for name in obj._defaulted_optional_properties:
        del data[name]
    custom = sorted(key for key in data if key.startswith("x_"))
    ordered = {key: value for key, value in data.items() if not key.startswith("x_")}
    ordered.update((key, data[key]) for key in custom)
    return str(stix_json.dumps(ordered, cls=STIXJSONEncoder, ensure_ascii=False)).encode("utf-8")


def _report_id(doc_id: str) -> str:
    return _id("report", "document", doc_id)


class _Sections:
    """The STIX translation of each shared section (``rasd.export.sections``)."""

    def __init__(self, knowledge: Knowledge, places: Places, refs: Lookup) -> None:
        self.knowledge = knowledge
        self.places = places
        # One pass over the articles' metadata: each one's time (what spans of objects need), and its
        # position, which keys what it supports on disk (``refs``; read back as articles are walked).
        self.times = {doc.id: _article_time(doc, knowledge) for doc in knowledge.documents}
        self.position = {doc_id: n for n, doc_id in enumerate(self.times)}
        self.links: dict[str, list[RelationRecord]] = {}  # subject → its relations, to type people
        for rel in knowledge.relations:
            self.links.setdefault(rel.subject, []).append(rel)
        self.kinds = {
            eid: _kind(record, knowledge.entities, self.links.get(eid, []))
            for eid, record in knowledge.entities.items()
        }
        # Places that STIX cannot locate get no object, so nothing may point at them.
        self.ids = {
            eid: _id(self.kinds[eid][0], "entity", eid)
            for eid, record in knowledge.entities.items()
            if self.kinds[eid][0] != "location" or _where(record, places)
        }
        self.refs = refs  # article id → what it supports (on disk: tens of ids an article)
        self.event_keys: set[str] = set()  # the ids events have taken (see ``_event``)

    def _supported_by(self, doc_ids: Iterable[str], stix_id: str) -> None:
        for doc_id in doc_ids:
            position = self.position.get(doc_id)
            if position is not None:
                self.refs.add(position, stix_id)

    def _span(self, doc_ids: Iterable[str]) -> tuple[datetime, datetime]:
        """(created, modified): the earliest and latest time among the articles; the epoch if none."""
        known = sorted(t for t in (self.times.get(d) for d in doc_ids) if t is not None)
        return (known[0], known[-1]) if known else (_EPOCH, _EPOCH)

    def entity(self, record: EntityRecord) -> list[Any]:
        eid = record.entity.id
        if eid not in self.ids:
            return []
        made = _entity(
            record,
            self.ids[eid],
            self.kinds[eid],
            self.links.get(eid, []),
            self._span(record.documents),
            self.places,
        )
        self._supported_by(record.documents, made.id)
        return [made]

    def relation(self, rel: RelationRecord) -> list[Any]:
        if rel.subject not in self.ids or rel.object not in self.ids:
            return []
        docs = _unique(ev.document for ev in rel.evidence)
        created, modified = self._span(docs)
        sro = stix2.Relationship(
            id=_id("relationship", "relation", rel.type, rel.subject, rel.object),
            relationship_type=_RELATION_TYPES.get(rel.type, rel.type.replace("_", "-")),
            source_ref=self.ids[rel.subject],
            target_ref=self.ids[rel.object],
            confidence=round(rel.confidence * 100),
            description=_sentences(ev.text for ev in rel.evidence),
            created=created,
            modified=modified,
            x_rasd_relation_type=rel.type,
            extensions=_TOPLEVEL,
            allow_custom=True,
        )
        self._supported_by(docs, sro.id)
        return [sro]

    def event(self, event: MergedEvent) -> list[Any]:
        docs = _unique(src.document for src in event.sources)
        reports = [_report_id(d) for d in docs if d in self.times]
        made = _event(event, self.ids, self.knowledge.name, reports, self._span(docs), self.event_keys)
        for obj in made:
            self._supported_by(docs, obj.id)
        return made

    def article(self, doc: Document) -> list[Any]:
        refs = self.refs.values(self.position[doc.id])
        if not refs:
            return []
        published = _published(doc.published)
        when = self.times[doc.id] or _EPOCH
        extra: dict[str, Any] = {"x_rasd_published_unknown": True} if published is None else {}
        return [
            stix2.Report(
                id=_report_id(doc.id),
                name=doc.title or doc.source,
                published=when,
                report_types=["threat-report"],
                object_refs=refs,
                lang=doc.language,
                external_references=_article_references(doc.outlet, doc.url, doc.title or doc.source) or None,
                created=when,
                modified=when,
                x_rasd_document_id=doc.id,
                x_rasd_source=doc.source,
                extensions=_TOPLEVEL,
                allow_custom=True,
                **extra,
            )
        ]


def _declarations() -> list[Any]:
    """rasd's identity and the extension definition of its custom properties."""
    identity = stix2.Identity(
        id=_RASD_IDENTITY,
        name="rasd",
        identity_class="system",
        description="rasd (رصد): Arabic security news turned into a knowledge base.",
        created=_DEFINED,
        modified=_DEFINED,
    )
    definition = stix2.ExtensionDefinition(
        id=EXTENSION_ID,
        created_by_ref=_RASD_IDENTITY,
        name="rasd properties",
        description="rasd's ids and the coding of events (type, ACLED type, date, modality) on its objects.",
        schema=(
            "Top-level properties, all optional. x_rasd_id, x_rasd_subtype, x_rasd_document_id, x_rasd_source, "
            "x_rasd_relation_type, x_rasd_event_type, x_rasd_modality (asserted|planned|feared|denied|"
            "hypothetical), x_rasd_date (YYYY, YYYY-MM or YYYY-MM-DD), x_rasd_date_text, "
            "x_rasd_date_precision (year|month|day|unknown), x_rasd_location, x_rasd_geo_precision "
            "(country|region|city|feature), x_acled_event_type, x_acled_sub_event_type: strings; "
            "x_rasd_aliases: list of strings; x_rasd_fatalities: integer; x_rasd_published_unknown: "
            "boolean. See rasd's docs/exports.md."
        ),
        version="1.0.0",
        extension_types=["toplevel-property-extension"],
        extension_properties=list(EXTENSION_PROPERTIES),
        created=_DEFINED,
        modified=_DEFINED,
    )
    return [identity, definition]


def _kind(
    record: EntityRecord, entities: dict[str, EntityRecord], links: list[RelationRecord]
) -> tuple[str, str | None]:
    """The STIX type of an entity and, for threat actors, its threat_actor_type."""
    ent = record.entity
    if ent.type == "LOC":
        return "location", None
    if _armed(record):
        return "threat-actor", "terrorist" if _al_qaida_listed(record) else "unknown"
    if ent.type == "PER":
        groups = [entities[r.object] for r in links if r.type in ARMED_LINKS and r.object in entities]
        armed = [g for g in groups if g.entity.type == "ORG" and _armed(g)]
        if armed or _al_qaida_listed(record) or ent.subtype == "militant":
            terrorist = _al_qaida_listed(record) or any(_al_qaida_listed(g) for g in armed)
            return "threat-actor", "terrorist" if terrorist else "unknown"
    return "identity", None


def _armed(record: EntityRecord) -> bool:
    ent = record.entity
    return ent.type == "ORG" and (ent.subtype == "armed_group" or _al_qaida_listed(record))


def _al_qaida_listed(record: EntityRecord) -> bool:
    # QDe / QDi: the ISIL (Da'esh) and Al-Qaida sanctions list of the UN Security Council (1267).
    return (record.entity.kb or {}).get("un_sanctions", "").startswith("QD")


def _entity(
    record: EntityRecord,
    stix_id: str,
    kind: tuple[str, str | None],
    links: list[RelationRecord],
    times: tuple[datetime, datetime],
    places: Places,
) -> Any:
    ent = record.entity
    common: dict[str, Any] = {
        "id": stix_id,
        "name": ent.name,
        "created": times[0],
        "modified": times[1],
        "lang": "ar",
        "x_rasd_id": ent.id,
        "extensions": _TOPLEVEL,
        "allow_custom": True,
    }
    if ent.subtype:
        common["x_rasd_subtype"] = ent.subtype
    references = _kb_references(ent.kb or {})
    if references:
        common["external_references"] = references
    aliases = [a for a in ent.aliases if a != ent.name]
    stix_type, actor_type = kind
    if stix_type == "threat-actor":
        person = ent.type == "PER"
        types = {r.type for r in links}
        roles = (
            (["director"] if types & _DIRECTING else ["agent"] if "member_of" in types else [])
            if person
            else []
        )
        return stix2.ThreatActor(
            threat_actor_types=[actor_type],
            aliases=aliases or None,
            roles=roles or None,
            resource_level="individual" if person else "organization",
            **common,
        )
    if aliases:  # identity and location have no aliases property
        common["x_rasd_aliases"] = aliases
    if stix_type == "location":
        return stix2.Location(**_where(record, places), **common)
    sector = _SECTORS.get(ent.subtype or "") if ent.type == "ORG" else None
    return stix2.Identity(
        identity_class="individual" if ent.type == "PER" else "organization",
        sectors=[sector] if sector else None,
        **common,
    )


def _where(record: EntityRecord, places: Places) -> dict[str, Any]:
    """Where a place is, in STIX's terms; empty when rasd knows neither its coordinates, nor its
    country, nor a region of region-ov (STIX then has no location for it)."""
    ent = record.entity
    where: dict[str, Any] = {}
    country = places.country_of(ent.id, ent.geo)
    if country:
        where["country"] = country
    if ent.id in _REGIONS:
        where["region"] = _REGIONS[ent.id]
    if ent.geo is not None:
        where["latitude"], where["longitude"] = ent.geo.lat, ent.geo.lon
        if ent.geo.precision:  # STIX's precision is in metres; rasd's says what the point stands for
            where["x_rasd_geo_precision"] = ent.geo.precision
    return where


def _kb_references(kb: dict[str, str]) -> list[dict[str, str]]:
    references = []
    if kb.get("wikidata"):
        qid = kb["wikidata"]
        references.append(
            {"source_name": "wikidata", "external_id": qid, "url": f"https://www.wikidata.org/wiki/{qid}"}
        )
    if kb.get("un_sanctions"):
        references.append({"source_name": "un-sanctions", "external_id": kb["un_sanctions"]})
    return references


# --- events ---------------------------------------------------------------------------------------


def _event(
    event: MergedEvent,
    ids: dict[str, str],
    name_of: Callable[[str], str],
    reports: list[str],
    times: tuple[datetime, datetime],
    taken: set[str],
) -> list[Any]:
    """An asserted event: an incident and its links. Any other: a note, so that nothing codes it as fact.
    Its id hashes its type, modality and sentences; two events of one type told in the same sentences
    (two incidents at two places) would share it, so the later one in the stable event order adds its
    place and participants, and a count if that is not enough (``taken``: the keys used so far)."""
    key: tuple[str, ...] = (
        "event",
        event.type,
        event.modality,
        *sorted(f"{s.document}:{s.evidence.start}-{s.evidence.end}" for s in event.sources),
    )
    if _id("event", *key) in taken:
        base = (*key, event.location or "", *event.actors, *event.targets)
        key, n = base, 0
        while _id("event", *key) in taken:
            n += 1
            key = (*base, str(n))
    taken.add(_id("event", *key))
    custom: dict[str, Any] = {"x_rasd_event_type": event.type, "x_rasd_modality": event.modality}
    if event.acled is not None:
        custom["x_acled_event_type"] = event.acled.event_type
        custom["x_acled_sub_event_type"] = event.acled.sub_event_type
    if event.date is not None:
        custom.update(
            x_rasd_date=event.date.value,
            x_rasd_date_text=event.date.text,
            x_rasd_date_precision=event.date.precision,
        )
    if event.fatalities is not None:
        custom["x_rasd_fatalities"] = event.fatalities
    if event.location_name:
        custom["x_rasd_location"] = event.location_name
    custom = {k: v for k, v in custom.items() if v is not None}
    custom["extensions"] = _TOPLEVEL
    description = _sentences(s.text for s in event.sources)
    # «attack · مختار بلمختار · مالي · 2012-04»: what, who, where, when, as a platform lists incidents.
    actors = "، ".join(name_of(a) for a in event.actors)
    name = " · ".join(
        p for p in (event.type, actors, event.location_name, event.date and event.date.value) if p
    )
    created, modified = times

    if event.modality != "asserted":
        participants = [ids[e] for e in (*event.actors, *event.targets, event.location or "") if e in ids]
        return [
            stix2.Note(
                id=_id("note", *key),
                abstract=f"{event.modality}: {name}",
                content=description or name,
                object_refs=sorted({*participants, *reports}),
                created=created,
                modified=modified,
                allow_custom=True,
                **custom,
            )
        ]

    incident = stix2.Incident(
        id=_id("incident", *key),
        name=name,
        description=description or None,
        created=created,
        modified=modified,
        allow_custom=True,
        **custom,
    )
    links = [("attributed-to", e) for e in event.actors] + [("targets", e) for e in event.targets]
    if event.location:
        links.append(("located-at", event.location))
    objects: list[Any] = [incident]
    for relationship_type, target in _unique(links):
        if target in ids:
            objects.append(
                stix2.Relationship(
                    id=_id("relationship", *key, relationship_type, target),
                    relationship_type=relationship_type,
                    source_ref=incident.id,
                    target_ref=ids[target],
                    description=description or None,
                    created=created,
                    modified=modified,
                )
            )
    return objects


# --- helpers --------------------------------------------------------------------------------------


def _id(stix_type: str, *key: str) -> str:
    return f"{stix_type}--{uuid.uuid5(_NAMESPACE, '|'.join(key))}"


def _published(published: str | None) -> datetime | None:
    """An article's publication time in UTC (naive times are taken as UTC); None where unknown."""
    if not published:
        return None
    try:
        when = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        day = parse_published(published)
        return datetime(day.year, day.month, day.day, tzinfo=UTC) if day else None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _article_time(doc: Document, knowledge: Knowledge) -> datetime | None:
    """When the article was published, else when rasd received it; None when neither is known."""
    received = knowledge.received.get(doc.id)
    if received is not None and received.tzinfo is None:
        received = received.replace(tzinfo=UTC)
    return _published(doc.published) or (received.astimezone(UTC) if received else None)


def _sentences(texts: Iterable[str]) -> str:
    return "\n".join(_unique(t.strip() for t in texts if t.strip()))


def _unique(items: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(items))


def _article_references(outlet: str | None, url: str | None, label: str) -> list[dict[str, str]]:
    if not outlet and not url:
        return []
    reference = {"source_name": outlet or "article"}
    # An external reference needs a url, an external_id or a description besides its source_name.
    reference.update({"url": iri_to_uri(url)} if url else {"description": label})
    return [reference]
