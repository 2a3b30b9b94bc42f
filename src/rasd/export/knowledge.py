"""The knowledge base across articles, as every export format sees it.

Document records describe one article each; an analyst's tool wants one node per real thing with
every article that speaks of it. ``Knowledge.from_documents`` folds the records once: entities by
their stable id (the resolver's, with the analyst's merge/split judgements already applied by
``Store.iter_documents``), relations by (type, subject, object) with each article's evidence, and
events merged across articles by ``rasd.relate.merge_events``. Each format module only translates.
"""

from __future__ import annotations

from array import array
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rasd.export.spill import Spill
from rasd.kb import KnowledgeBase
from rasd.record import Document, Entity, Span
from rasd.relate import merge_events
from rasd.relate.across import MergedEvent

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from rasd.store import Store

# Relations that tie a person or a group to the armed group they point at (formats mark both as armed).
ARMED_LINKS = frozenset({"member_of", "leader_of", "founded", "pledged_allegiance_to"})
_EVENT_PAGE = 500  # merged events written or read back at once


@dataclass(frozen=True, slots=True)
class Evidence:
    document: str  # Document.id
    span: Span
    text: str  # the words of the article that state it


@dataclass
class EntityRecord:
    """One real thing: its first full record, widened by every article that mentions it."""

    entity: Entity
    documents: list[str] = field(default_factory=list)
    mentions: int = 0

    @property
    def name(self) -> str:
        return self.entity.name


@dataclass
class RelationRecord:
    type: str
    subject: str
    object: str
    confidence: float  # the highest any article gives it
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Knowledge:
    documents: Collection[Document]  # a list, or the store's articles read again on each pass
    entities: dict[str, EntityRecord]
    relations: list[RelationRecord]
    # Every modality (formats that code facts keep the asserted ones), in a stable order: a list, or
    # the store's merged events read back from disk on each pass (``StoredEvents``).
    events: Collection[MergedEvent]
    # Document id → when rasd first received the article (the store's ingest time): the real time
    # that formats needing one (STIX ``created``) fall back on when an article has no publication date.
    received: dict[str, datetime] = field(default_factory=dict)
    # The knowledge base the articles were resolved against, for what the records do not carry
    # (the country of a curated place); formats work without it.
    kb: KnowledgeBase | None = None

    @classmethod
    def from_documents(
        cls,
        docs: Iterable[Document],
        received: Mapping[str, datetime] | None = None,
        kb: KnowledgeBase | None = None,
    ) -> Knowledge:
        documents = list(docs)
        entities: dict[str, EntityRecord] = {}
        relations: dict[tuple[str, str, str], RelationRecord] = {}
        for doc in documents:
            for ent in doc.entities:
                _add_entity(entities, doc.id, ent)
            for rel in doc.relations:
                key = (rel.type, rel.subject, rel.object)
                record = relations.setdefault(key, RelationRecord(*key, confidence=rel.confidence))
                record.confidence = max(record.confidence, rel.confidence)
                record.evidence.append(
                    Evidence(doc.id, rel.evidence, doc.text[rel.evidence.start : rel.evidence.end])
                )
        # Sorted by content, not by the order articles were read in, so numbering is stable.
        events = sorted(merge_events(documents, include_non_asserted=True), key=_event_key)
        return cls(documents, entities, list(relations.values()), events, dict(received or {}), kb)

    @classmethod
    def from_store(
        cls,
        store: Store,
        kb: KnowledgeBase | None = None,
        *,
        full_documents: bool = True,
        with_text: bool = False,
    ) -> Knowledge:
        """The same knowledge as ``from_documents(store.iter_documents(), ...)``, read from the fold the
        store keeps (``rasd.store.fold_read``) instead of refolding every article. ``documents`` reads
        the articles again on each pass: whole records, or with ``full_documents=False`` light ones from
        the fold's tables (metadata; with ``with_text`` also the text and the ids of the entities each
        names, what FollowTheMoney writes). ``events`` are merged once and kept on disk (``StoredEvents``)."""
        from rasd.store import fold_read

        engine = store.engine
        entities = {
            ent.id: EntityRecord(ent, documents, mentions)
            for ent, documents, mentions in fold_read.entities(engine)
        }
        relations: dict[tuple[str, str, str], RelationRecord] = {}
        # One string per document id and per sentence, one span per offsets, however often repeated.
        same: dict[str, str] = {}
        spans: dict[tuple[int, int], Span] = {}
        for rel_type, subject, obj, confidence, doc_id, span, words in fold_read.relations(engine):
            key = (rel_type, subject, obj)
            record = relations.setdefault(key, RelationRecord(*key, confidence=confidence))
            record.confidence = max(record.confidence, confidence)
            doc_id, words = same.setdefault(doc_id, doc_id), same.setdefault(words, words)
            span = spans.setdefault((span.start, span.end), span)
            record.evidence.append(Evidence(doc_id, span, words))
        del same, spans
        documents = StoredDocuments(
            store, fold_read.document_count(engine), full=full_documents, text=with_text
        )
        events = StoredEvents(engine)
        return cls(documents, entities, list(relations.values()), events, store.received_times(), kb)

    def numbered_events(self) -> Iterator[tuple[str, MergedEvent]]:
        """Every event with a stable id ``event:<n>``: one id names one event in every format."""
        return ((f"event:{n}", ev) for n, ev in enumerate(self.events, start=1))

    def name(self, entity_id: str) -> str:
        record = self.entities.get(entity_id)
        return record.name if record else entity_id


class StoredDocuments(Collection[Document]):
    """The store's articles in ingest order, read as they are iterated (never all held at once): whole
    records, or with ``full=False`` light ones from the fold's tables (``export_read.articles``)."""

    def __init__(self, store: Store, count: int, *, full: bool = True, text: bool = False) -> None:
        self.store, self.count, self.full, self.text = store, count, full, text

    def __len__(self) -> int:
        return self.count

    def __contains__(self, doc: object) -> bool:
        return isinstance(doc, Document) and any(d.id == doc.id for d in self)

    def __iter__(self) -> Iterator[Document]:
        if self.full:
            return self.store.iter_documents()
        from rasd.store import export_read

        return export_read.articles(self.store.engine, text=self.text)


class StoredEvents(Collection[MergedEvent]):
    """The store's merged events in ``Knowledge``'s stable order, without holding them: merged once from
    the fold (a page of groups at a time), each kept as JSON in a temporary database, and read back in
    order a page at a time on each pass. Only each event's sort key is held while sorting, then its
    position."""

    def __init__(self, engine: Engine) -> None:
        from rasd.store import fold_read

        self.spill = Spill()
        self.table = self.spill.table("body BLOB NOT NULL")
        keys: list[tuple[tuple[Any, ...], int]] = []
        page: list[tuple[int, bytes]] = []
        same: dict[str, str] = {}  # one string per document id in the keys
        for n, event in enumerate(fold_read.events_in(engine, fold_read.merge_order(engine)), start=1):
            key = _event_key(event)
            reports = tuple((same.setdefault(doc, doc), start, end) for doc, start, end in key[-1])
            keys.append(((*key[:-1], reports), n))
            page.append((n, event.model_dump_json().encode("utf-8")))
            if len(page) >= _EVENT_PAGE:
                self._write(page)
        self._write(page)
        keys.sort()  # (key, merge order): the stable sort of ``from_documents``
        self.order = array("l", (n for _key, n in keys))  # positions only: 8 bytes an event

    def _write(self, page: list[tuple[int, bytes]]) -> None:
        self.spill.db.executemany(f"INSERT INTO {self.table} (rowid, body) VALUES (?, ?)", page)
        page.clear()

    def __len__(self) -> int:
        return len(self.order)

    def __contains__(self, event: object) -> bool:
        return any(e == event for e in self)

    def __iter__(self) -> Iterator[MergedEvent]:
        for start in range(0, len(self.order), _EVENT_PAGE):
            wanted = self.order[start : start + _EVENT_PAGE]
            rows = dict(
                self.spill.db.execute(
                    f"SELECT rowid, body FROM {self.table} WHERE rowid IN ({','.join('?' * len(wanted))})",
                    list(wanted),
                )
            )
            for n in wanted:
                yield MergedEvent.model_validate_json(rows[n])


def _add_entity(entities: dict[str, EntityRecord], doc_id: str, ent: Entity) -> None:
    record = entities.get(ent.id)
    if record is None:
        # Offsets belong to one article, so the merged record keeps none; ``documents`` says where.
        first = ent.model_copy(deep=True, update={"mentions": [], "alias_evidence": []})
        record = entities[ent.id] = EntityRecord(first)
    else:
        known = record.entity
        for alias in (ent.name, *ent.aliases):
            if alias != known.name and alias not in known.aliases:
                known.aliases.append(alias)
        known.subtype = known.subtype or ent.subtype
        known.geo = known.geo or ent.geo
        if ent.kb:
            known.kb = {**ent.kb, **(known.kb or {})}
    if doc_id not in record.documents:
        record.documents.append(doc_id)
    record.mentions += len(ent.mentions)


def _event_key(ev: MergedEvent) -> tuple[Any, ...]:
    dated = bool(ev.date and ev.date.value)
    reports = sorted((s.document, s.evidence.start, s.evidence.end) for s in ev.sources)
    return (
        not dated,
        ev.date.value if ev.date and dated else "",
        ev.type,
        ev.location or "",
        ev.modality,
        ev.actors,
        ev.targets,
        reports,
    )
