"""STIX 2.1 (for OpenCTI, MISP and other threat-intelligence platforms): one bundle, as JSON.

| rasd | STIX 2.1 |
| --- | --- |
| ORG, subtype `armed_group` or on the UN Al-Qaida list (`kb.un_sanctions` QDe.…) | `threat-actor` (resource_level `organization`) |
| PER on the UN Al-Qaida list (QDi.…), subtype `militant`, or member_of / leader_of / founded / pledged_allegiance_to an armed group | `threat-actor` (resource_level `individual`, roles `director` for leaders and founders, `agent` for members) |
| other PER | `identity` (identity_class `individual`) |
| other ORG | `identity` (identity_class `organization`; sectors: state_agency, intelligence → `government-national`, police → `government`, military, military_operation → `defense`, media → `communications`) |
| LOC | `location` (name, latitude/longitude; `country` alpha-2 for `country:XX`; `region` from region-ov for Africa, North Africa, West Africa…) |
| `kb.wikidata`, `kb.un_sanctions` | external_references `wikidata` (with its URL), `un-sanctions` |
| located_in | `relationship` `located-at` |
| any other relation (member_of, leader_of, part_of, founded, pledged_allegiance_to, controls…) | `relationship` of rasd's type, hyphenated (`member-of`, `leader-of`…): STIX has no membership or leadership type, and `attributed-to` means "is really" |
| relation confidence, evidence | `confidence` (0–100), `description` (the sentences that state it) |
| asserted event | `incident`, with `attributed-to` (actors), `targets` (targets), `located-at` (place) relationships |
| planned, feared, denied or hypothetical event | `note` (abstract «planned: attack», object_refs = its participants and articles), never an incident |
| article | `report` (name = title or source, published, external_references url/outlet, object_refs = all it supports) |

Threat actors are typed `terrorist` when on the UN Al-Qaida/ISIL list or (persons) tied by such a relation to a
group that is; `unknown` otherwise: that an armed group is terrorist is an analyst's call, not the text's.
Every object keeps rasd's id or key in custom ``x_rasd_*`` properties (``x_rasd_id``, ``x_rasd_event_type``,
``x_acled_event_type``, ``x_rasd_date``, ``x_rasd_modality``…). Names and aliases stay in Arabic.

Re-exports are byte-identical: ids are ``type--uuid5(_NAMESPACE, rasd key)`` (STIX prefers uuid4 for
SDOs, but stable ids let a platform update an object instead of duplicating it); ``created`` is the
earliest and ``modified`` the latest publication date among the articles behind an object, or
1970-01-01T00:00:00Z where none is known; objects are sorted by id. An article with no publication date
gets that same epoch as its report's ``published``, flagged ``x_rasd_published_unknown``. An article
from which nothing was extracted has no report (a report must reference at least one object). Claims
(who said what, with what certainty) are not exported. An empty knowledge base gives a bundle with no
``objects`` (allowed by STIX 2.1; ``stix2.parse`` then needs ``version="2.1"``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, BinaryIO

import stix2

from rasd.export.knowledge import ARMED_LINKS, EntityRecord, Knowledge, RelationRecord
from rasd.relate.across import MergedEvent
from rasd.relate.dates import parse_published

_NAMESPACE = uuid.UUID(
    "e014e2ba-e82b-5813-a5ff-c02e6b96b374"
)  # uuid5(NAMESPACE_URL, "https://github.com/rasd/stix")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

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


def write_stix(knowledge: Knowledge, out: BinaryIO) -> int:
    """Write ``knowledge`` as one STIX 2.1 bundle to ``out``; returns how many objects it holds."""
    dates = {doc.id: _published(doc.published) for doc in knowledge.documents}
    links: dict[str, list[RelationRecord]] = {}  # subject → its relations, to type people by their groups
    for rel in knowledge.relations:
        links.setdefault(rel.subject, []).append(rel)
    kinds = {
        eid: _kind(record, knowledge.entities, links.get(eid, []))
        for eid, record in knowledge.entities.items()
    }
    ids = {eid: _id(kinds[eid][0], "entity", eid) for eid in knowledge.entities}
    objects: list[Any] = []
    refs: dict[str, set[str]] = {doc.id: set() for doc in knowledge.documents}  # article → what it supports

    def supported_by(doc_ids: Iterable[str], stix_id: str) -> None:
        for doc_id in doc_ids:
            refs.setdefault(doc_id, set()).add(stix_id)

    for eid, record in knowledge.entities.items():
        objects.append(
            _entity(record, ids[eid], kinds[eid], links.get(eid, []), _span(dates, record.documents))
        )
        supported_by(record.documents, ids[eid])

    for rel in knowledge.relations:
        if rel.subject not in ids or rel.object not in ids:
            continue
        docs = _unique(ev.document for ev in rel.evidence)
        created, modified = _span(dates, docs)
        sro = stix2.Relationship(
            id=_id("relationship", "relation", rel.type, rel.subject, rel.object),
            relationship_type=_RELATION_TYPES.get(rel.type, rel.type.replace("_", "-")),
            source_ref=ids[rel.subject],
            target_ref=ids[rel.object],
            confidence=round(rel.confidence * 100),
            description=_sentences(ev.text for ev in rel.evidence),
            created=created,
            modified=modified,
            x_rasd_relation_type=rel.type,
            allow_custom=True,
        )
        objects.append(sro)
        supported_by(docs, sro.id)

    report_ids = {doc.id: _id("report", "document", doc.id) for doc in knowledge.documents}
    for event in knowledge.events:
        docs = _unique(src.document for src in event.sources)
        reports = [report_ids[d] for d in docs if d in report_ids]
        for obj in _event(event, ids, knowledge.name, reports, _span(dates, docs)):
            objects.append(obj)
            supported_by(docs, obj.id)

    for doc in knowledge.documents:
        if not refs[doc.id]:
            continue
        published = dates[doc.id]
        extra: dict[str, Any] = {"x_rasd_published_unknown": True} if published is None else {}
        objects.append(
            stix2.Report(
                id=report_ids[doc.id],
                name=doc.title or doc.source,
                published=published or _EPOCH,
                report_types=["threat-report"],
                object_refs=sorted(refs[doc.id]),
                lang=doc.language,
                external_references=_article_references(doc.outlet, doc.url, doc.title or doc.source) or None,
                created=published or _EPOCH,
                modified=published or _EPOCH,
                x_rasd_document_id=doc.id,
                x_rasd_source=doc.source,
                allow_custom=True,
                **extra,
            )
        )

    objects.sort(key=lambda obj: obj.id)
    bundle_id = _id("bundle", "bundle", *sorted(report_ids))
    bundle = stix2.Bundle(objects, id=bundle_id, allow_custom=True) if objects else stix2.Bundle(id=bundle_id)
    # Not stix2's pretty=True: its property ordering is quadratic (4 minutes for 1,000 articles).
    # Objects are built in a fixed order, so the compact form is just as reproducible.
    out.write(bundle.serialize(ensure_ascii=False).encode("utf-8") + b"\n")
    return len(objects)


# --- entities -------------------------------------------------------------------------------------


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
) -> Any:
    ent = record.entity
    common: dict[str, Any] = {
        "id": stix_id,
        "name": ent.name,
        "created": times[0],
        "modified": times[1],
        "lang": "ar",
        "x_rasd_id": ent.id,
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
        return _location(record, common)
    sector = _SECTORS.get(ent.subtype or "") if ent.type == "ORG" else None
    return stix2.Identity(
        identity_class="individual" if ent.type == "PER" else "organization",
        sectors=[sector] if sector else None,
        **common,
    )


def _location(record: EntityRecord, common: dict[str, Any]) -> Any:
    ent = record.entity
    where: dict[str, Any] = {}
    if ent.id.startswith("country:"):
        where["country"] = ent.id.removeprefix("country:")
    if ent.id in _REGIONS:
        where["region"] = _REGIONS[ent.id]
    if ent.geo is not None:
        where["latitude"], where["longitude"] = ent.geo.lat, ent.geo.lon
        if ent.geo.precision:  # STIX's precision is in metres; rasd's says what the point stands for
            where["x_rasd_geo_precision"] = ent.geo.precision
    if not where:
        # STIX requires region, country or coordinates: an unplaced place keeps its name as a free region.
        where["region"] = ent.name
    return stix2.Location(**where, **common)


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
) -> list[Any]:
    """An asserted event: an incident and its links. Any other: a note, so that nothing codes it as fact."""
    key = (
        "event",
        event.type,
        event.modality,
        *sorted(f"{s.document}:{s.evidence.start}-{s.evidence.end}" for s in event.sources),
    )
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


def _span(dates: dict[str, datetime | None], doc_ids: Iterable[str]) -> tuple[datetime, datetime]:
    """(created, modified): the earliest and latest publication among the articles; the epoch if none."""
    known = sorted(d for d in (dates.get(doc_id) for doc_id in doc_ids) if d is not None)
    return (known[0], known[-1]) if known else (_EPOCH, _EPOCH)


def _sentences(texts: Iterable[str]) -> str:
    return "\n".join(_unique(t.strip() for t in texts if t.strip()))


def _unique(items: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys(items))


def _article_references(outlet: str | None, url: str | None, label: str) -> list[dict[str, str]]:
    if not outlet and not url:
        return []
    reference = {"source_name": outlet or "article"}
    # An external reference needs a url, an external_id or a description besides its source_name.
    reference.update({"url": url} if url else {"description": label})
    return [reference]
