"""FollowTheMoney entities (for Aleph and OpenSanctions-style tools), one JSON object per line.

| rasd | FollowTheMoney |
| --- | --- |
| article | `Article` (title, publishedAt, author, publisher, sourceUrl, fileName, bodyText) |
| PER | `Person` (name, alias, wikidataId; topic `crime.terror` when a relation ties them to an armed group) |
| ORG, subtype `state_agency` | `PublicBody` |
| ORG, other subtypes | `Organization` (topic `crime.terror` for armed groups, `role.journo` for media) |
| LOC | `Address` (full, latitude, longitude, country where the place is a country) |
| UN sanctions reference (`kb.un_sanctions`) | `Sanction` (authority "UN Security Council", unscId) on the entity |
| member_of, part_of | `Membership` (member, organization) |
| leader_of, founded | `Directorship` (director, organization, role "leader" / "founder") |
| any other relation | `UnknownLink` (subject, object, role = the relation type) |
| asserted event | `Event` (name, date, location, addressEntity, organizer = actors, involved = actors and targets, summary = the sentence) |
| an entity named in an article | `Documentation` (document = the Article, entity, role "mentioned") |

Relations, events and mentions carry `proof` / `document` links to the articles that state them.
Planned, feared, denied and hypothetical events are left out: FtM's Event states a fact.
Ids are FtM's hashed ids of rasd's stable ids, so re-exports are byte-identical and merge in Aleph.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import BinaryIO

from followthemoney import model
from followthemoney.proxy import EntityProxy

from rasd.export.knowledge import ARMED_LINKS, EntityRecord, Knowledge, RelationRecord
from rasd.export.sections import walk
from rasd.export.spill import SortedOutput, Spill
from rasd.record import Document
from rasd.relate.across import MergedEvent

_NAMESPACE = "rasd"
_MEMBERSHIP = frozenset({"member_of", "part_of"})
_DIRECTORSHIP = {"leader_of": "leader", "founded": "founder"}


def _make(schema: str, *key: str) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.make_id(_NAMESPACE, *key)
    return proxy


def _schema(record: EntityRecord) -> str:
    ent = record.entity
    if ent.type == "PER":
        return "Person"
    if ent.type == "LOC":
        return "Address"
    return "PublicBody" if ent.subtype == "state_agency" else "Organization"


def _entity(record: EntityRecord, armed: set[str]) -> list[EntityProxy]:
    ent = record.entity
    proxy = _make(_schema(record), "entity", ent.id)
    if ent.type == "LOC":
        proxy.add("full", ent.name)
        if ent.geo is not None:
            proxy.add("latitude", ent.geo.lat)
            proxy.add("longitude", ent.geo.lon)
        if ent.id.startswith("country:"):
            proxy.add("country", ent.id.removeprefix("country:"))
    else:
        proxy.add("name", ent.name)
        proxy.add("alias", ent.aliases)
    if ent.type != "LOC" and ent.id in armed:
        proxy.add("topics", "crime.terror")
    if ent.subtype == "media":
        proxy.add("topics", "role.journo")
    kb = ent.kb or {}
    if "wikidata" in kb:
        proxy.add("wikidataId", kb["wikidata"])
    proxy.add("description", f"rasd:{ent.type}" + (f":{ent.subtype}" if ent.subtype else ""))
    out = [proxy]
    if "un_sanctions" in kb and ent.type != "LOC":
        sanction = _make("Sanction", "sanction", ent.id, kb["un_sanctions"])
        sanction.add("entity", proxy.id)
        sanction.add("authority", "UN Security Council")
        sanction.add("unscId", kb["un_sanctions"])
        out.append(sanction)
    return out


def _armed(knowledge: Knowledge) -> set[str]:
    """Armed groups, and the people whose relations tie them to one."""
    groups = {i for i, r in knowledge.entities.items() if r.entity.subtype == "armed_group"}
    people = {rel.subject for rel in knowledge.relations if rel.type in ARMED_LINKS and rel.object in groups}
    return groups | people


def _id(schema: str, *key: str) -> str:
    return _make(schema, *key).id or ""


class _Sections:
    """The FtM translation of each shared section (``rasd.export.sections``)."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.armed = _armed(knowledge)
        # rasd entity id → FtM id: known before any section is written. Article ids are made as the
        # proofs name them (every proof names a stored article: no pass over the articles first).
        self.ids = {eid: _id(_schema(rec), "entity", eid) for eid, rec in knowledge.entities.items()}
        self.articles: dict[str, str] = {}

    def entity(self, record: EntityRecord) -> list[EntityProxy]:
        return _entity(record, self.armed)

    def article(self, doc: Document) -> list[EntityProxy]:
        article = _make("Article", "article", doc.id)
        article.add("title", doc.title or doc.source)
        article.add("publishedAt", doc.published)
        article.add("author", doc.byline)
        article.add("publisher", doc.outlet)
        article.add("sourceUrl", doc.url)
        article.add("fileName", doc.source)
        article.add("language", "ara")
        article.add("bodyText", doc.text)
        made = [article]
        for ent in doc.entities:
            if ent.id in self.ids:
                # Values already clean (FtM ids and a plain word): the most numerous entity is
                # built without cleaning each value again.
                link = _make("Documentation", "mention", doc.id, ent.id)
                link.add("document", article.id, cleaned=True)
                link.add("entity", self.ids[ent.id], cleaned=True)
                link.add("role", "mentioned", cleaned=True)
                made.append(link)
        return made

    def relation(self, rel: RelationRecord) -> list[EntityProxy]:
        ids = self.ids
        link = _relation(
            rel.type, ids[rel.subject], ids[rel.object], _schema(self.knowledge.entities[rel.object])
        )
        link.add("summary", rel.evidence[0].text)
        link.add("proof", self._proof(e.document for e in rel.evidence))
        return [link]

    def event(self, event: MergedEvent) -> list[EntityProxy]:
        if event.modality != "asserted":  # FtM's Event states a fact
            return []
        ids, entities = self.ids, self.knowledge.entities
        proxy = _make(
            "Event",
            "event",
            event.type,
            event.location or "",
            event.date.value if event.date and event.date.value else "",
            *sorted(s.document + str(s.evidence.start) for s in event.sources),
        )
        place = f" — {event.location_name}" if event.location_name else ""
        proxy.add("name", f"{event.type}{place}")
        if event.date and event.date.value:
            proxy.add("date", event.date.value)
        proxy.add("location", event.location_name)
        if event.location in ids and entities[event.location].entity.type == "LOC":
            proxy.add("addressEntity", ids[event.location])
        people = [a for a in event.actors if a in ids and entities[a].entity.type != "LOC"]
        proxy.add("organizer", [ids[a] for a in people])
        involved = [
            a for a in (*event.actors, *event.targets) if a in ids and entities[a].entity.type != "LOC"
        ]
        proxy.add("involved", [ids[a] for a in involved])
        proxy.add("summary", event.sources[0].text)
        if event.acled:
            proxy.add("keywords", [event.acled.event_type, event.acled.sub_event_type])
        proxy.add("proof", self._proof(s.document for s in event.sources))
        return [proxy]

    def _proof(self, doc_ids: Iterable[str]) -> list[str]:
        articles = self.articles
        return [articles.get(d) or articles.setdefault(d, _id("Article", "article", d)) for d in doc_ids]


def write_ftm(knowledge: Knowledge, out: BinaryIO) -> int:
    """One entity a line, sorted by id (one entity per id, the last made): each is serialised as it
    is made and sorted on disk (``rasd.export.spill``), so no more than a page of them is held."""
    spill = Spill()
    try:
        lines = SortedOutput(spill, unique=True)
        for proxy in walk(knowledge, _Sections(knowledge)):
            lines.add(
                proxy.id or "",
                json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n",
            )
        count = 0
        for line in lines:
            out.write(line)
            count += 1
        return count
    finally:
        spill.close()


def _relation(kind: str, subject: str, obj: str, object_schema: str) -> EntityProxy:
    """The FtM interval for a rasd relation (see the table above)."""
    organisation = object_schema in ("Organization", "PublicBody")
    if kind in _MEMBERSHIP and organisation:
        link = _make("Membership", kind, subject, obj)
        link.add("member", subject)
        link.add("organization", obj)
        link.add("role", kind)
    elif kind in _DIRECTORSHIP and organisation:
        link = _make("Directorship", kind, subject, obj)
        link.add("director", subject)
        link.add("organization", obj)
        link.add("role", _DIRECTORSHIP[kind])
    else:
        link = _make("UnknownLink", kind, subject, obj)
        link.add("subject", subject)
        link.add("object", obj)
        link.add("role", kind)
    return link
