"""``Store``: documents and their extraction in SQLite or PostgreSQL, one transaction per document."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, cast

from sqlalchemy import (
    Connection,
    Engine,
    Insert,
    Table,
    Text,
    delete,
    func,
    make_url,
    select,
    update,
)
from sqlalchemy import cast as cast_sql
from sqlalchemy.dialects import postgresql, sqlite

from rasd.store import packing, schema, search
from rasd.store.database import applied_migrations, make_engine, resolve_url, upgrade
from rasd.store.search import SearchHit

if TYPE_CHECKING:  # imported where used: `rasd search` needs neither the models nor the fold
    from rasd.kb.judgements import Judgement, JudgementKind
    from rasd.record import Document, Entity, EntityType

IngestResult = Literal["added", "unchanged", "updated"]
_HEX = re.compile(r"[0-9a-f]+")


class MissingDatabase(FileNotFoundError):
    """A database that a read-only command was pointed at does not exist (``str()`` says which)."""


# Article metadata that a copy may lack: re-ingesting such a copy keeps the stored value.
MERGED_FIELDS = ("title", "published", "byline", "outlet", "url", "source_id")


@dataclass(frozen=True)
class IngestOutcome:
    result: IngestResult
    # What the merge did, one phrase each: "kept published 2015-07-21 (this copy has none)",
    # "title: «old» → «new»", "added url".
    changes: tuple[str, ...] = ()


class AmbiguousDocumentId(LookupError):
    """A prefix that names more than one stored document."""


def cast_text(column: Any) -> Any:
    """A JSON column as its text (JSONB on PostgreSQL, text already on SQLite)."""
    return cast_sql(column, Text)


class Store:
    """The database of ingested documents. Open with ``Store.open(url)``; close, or use ``with``."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    @classmethod
    def open(cls, url: str | None = None, *, create: bool = True) -> Store:
        """Open (creating and migrating as needed) a database: a URL, a SQLite path, or the default.

        ``create=False`` is for read-only commands: a SQLite file that does not exist, or a server
        database without rasd's tables, raises ``MissingDatabase`` and nothing is created (a typo in
        ``--db`` must not give an empty database and a row of zeros)."""
        resolved = resolve_url(url)
        if not create:
            _require_existing(resolved)
        engine = make_engine(resolved)
        applied = applied_migrations(engine)
        if not create and applied is None:
            engine.dispose()
            raise MissingDatabase(f"{_shown(resolved)} holds no rasd database (rasd ingest creates one)")
        upgrade(engine, applied)
        return cls(engine, resolved)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------------

    def ingest(self, doc: Document) -> IngestResult:
        """Store one document and its extraction in one transaction.

        The id is the hash of the cleaned text, so the same article is stored once whatever path it
        came from (every path is kept in ``document_sources``). Ingesting it again with the same
        extraction changes nothing (``'unchanged'``); with a different extraction (a better
        pipeline) the extraction is replaced (``'updated'``). A copy never erases what the stored
        version has: see ``ingest_merging``.
        """
        return self.ingest_merging(doc).result

    def ingest_merging(self, doc: Document) -> IngestOutcome:
        """``ingest``, saying what the merge with a stored copy changed.

        Metadata (``MERGED_FIELDS``) merges field by field: a field this copy lacks keeps the stored
        value, a field it adds or changes takes this copy's value. When this copy lacks a field the
        stored one has, the stored extraction is kept (it was made knowing more: event dates are
        resolved against the publication date); otherwise this copy's extraction replaces it.
        """
        with self.engine.begin() as conn:
            return self._ingest(conn, doc)

    def _ingest(self, conn: Connection, doc: Document) -> IngestOutcome:
        from rasd.store import fold

        now = datetime.now(UTC)
        d = schema.documents
        stored = _stored_row(conn, doc.id)
        changes: list[str] = []
        if stored is not None:
            doc, changes, poorer = _merge_metadata(doc, _stored_metadata(stored))
            if poorer:
                doc = _with_stored_extraction(doc, load_documents(conn, d.c.id == doc.id)[0][0])
        record = _record_without_text(doc)
        digest = packing.digest(record)
        if stored is None:
            postgres = conn.dialect.name == "postgresql"
            norm = search.index_text(doc.text) if postgres else None
            # ON CONFLICT DO NOTHING: when a concurrent ingest stored the same article first, this
            # one falls through to the comparison below instead of failing.
            num = conn.execute(
                _insert_ignoring_duplicates(conn, d, ["id"])
                .values(
                    id=doc.id,
                    source=doc.source,
                    title=doc.title,
                    published=doc.published,
                    language=doc.language,
                    byline=doc.byline,
                    outlet=doc.outlet,
                    text=doc.text,
                    text_norm=norm,
                    packed=packing.pack(record),
                    digest=digest,
                    ingested_at=now,
                    updated_at=now,
                )
                .returning(d.c.num)  # (rowcount is -1 with RETURNING on PostgreSQL)
            ).scalar_one_or_none()
            if num is not None:
                if norm is not None:  # PostgreSQL's word index (migration 0005), same transaction
                    search.index_postgres(conn, [(num, norm)])
                else:  # the contentless FTS5 index is written here, not by a trigger
                    search.index_sqlite(conn, num, doc.text)
                self._add_source(conn, doc, num, now)
                self._write_extraction(conn, doc, num)
                fold.on_ingest(conn, doc, replaced=False)  # the cross-article fold, same transaction
                return IngestOutcome("added")
            stored = _stored_row(conn, doc.id)
            assert stored is not None
        self._add_source(conn, doc, stored.num, now)
        if bytes(stored.digest) == digest:
            return IngestOutcome("unchanged", tuple(changes))
        conn.execute(
            update(d)
            .where(d.c.id == doc.id)
            .values(
                title=doc.title,
                published=doc.published,
                language=doc.language,
                byline=doc.byline,
                outlet=doc.outlet,
                packed=packing.pack(record),  # the first source stays in its column
                digest=digest,
                updated_at=now,
            )
        )
        for table in schema.EXTRACTION_TABLES:
            conn.execute(delete(table).where(table.c.num == stored.num))
        self._write_extraction(conn, doc, stored.num)
        fold.on_ingest(conn, doc, replaced=True)
        return IngestOutcome("updated", tuple(changes))

    def bulk_add(self, docs: Iterable[Document], batch_size: int = 500) -> int:
        """Store new documents many to a transaction (an archive, a benchmark's store); how many
        were added. Ids already stored are skipped: nothing is merged (``ingest`` does that). The
        cross-article fold is not updated here: it catches up on first use (``fold.catch_up``)."""
        added = 0
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                added += self._bulk_add(batch)
                batch = []
        return added + (self._bulk_add(batch) if batch else 0)

    def _bulk_add(self, docs: list[Document]) -> int:
        d = schema.documents
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            postgres = conn.dialect.name == "postgresql"
            stored = set(conn.execute(select(d.c.id).where(d.c.id.in_([doc.id for doc in docs]))).scalars())
            new = list({doc.id: doc for doc in docs if doc.id not in stored}.values())
            if not new:
                return 0
            rows = []
            norms = {doc.id: search.index_text(doc.text) for doc in new} if postgres else {}
            for doc in new:
                record = _record_without_text(doc)
                rows.append(
                    {
                        **{key: record[key] for key in packing.COLUMNS},
                        "text": doc.text,
                        "text_norm": norms.get(doc.id),
                        "packed": packing.pack(record),
                        "digest": packing.digest(record),
                        "ingested_at": now,
                        "updated_at": now,
                    }
                )
            conn.execute(d.insert(), rows)
            nums = dict(
                conn.execute(select(d.c.id, d.c.num).where(d.c.id.in_([doc.id for doc in new]))).all()
            )
            if postgres:  # the word index (migration 0005): one statement for the batch
                search.index_postgres(conn, [(nums[doc.id], norms[doc.id]) for doc in new])
            for doc in new:
                if not postgres:
                    search.index_sqlite(conn, nums[doc.id], doc.text)
                self._add_source(conn, doc, nums[doc.id], now)
                self._write_extraction(conn, doc, nums[doc.id])
        return len(new)

    def _add_source(self, conn: Connection, doc: Document, num: int, now: datetime) -> None:
        conn.execute(
            _insert_ignoring_duplicates(conn, schema.document_sources, ["num", "source"]).values(
                num=num, source=canonical_source(doc.source), seen_at=now
            )
        )

    def _write_extraction(self, conn: Connection, doc: Document, num: int) -> None:
        """The document's mentions, relations, events and claims, as rows of its ``documents.num``."""
        _upsert_entities(conn, doc.entities)
        rows: dict[Table, list[dict[str, Any]]] = {
            schema.mention_rows: [
                {"num": num, "entity_id": e.id, "start": m.start, "end": m.end, "text": m.text}
                for e in doc.entities
                for m in e.mentions
            ],
            schema.relation_rows: [
                {
                    "num": num,
                    "type": r.type,
                    "subject": r.subject,
                    "object": r.object,
                    "start": r.evidence.start,
                    "end": r.evidence.end,
                    "confidence": r.confidence,
                    "record": r.model_dump(mode="json"),
                }
                for r in doc.relations
            ],
            schema.event_rows: [
                {
                    "num": num,
                    "type": ev.type,
                    "date": ev.date.value if ev.date else None,
                    "location": ev.location,
                    "start": ev.evidence.start,
                    "end": ev.evidence.end,
                    "record": ev.model_dump(mode="json"),
                }
                for ev in doc.events
            ],
            schema.claim_rows: [
                {
                    "num": num,
                    "certainty": c.certainty,
                    "source_kind": c.source.kind,
                    "start": c.evidence.start,
                    "end": c.evidence.end,
                    "record": c.model_dump(mode="json"),
                }
                for c in doc.claims
            ],
        }
        for table, values in rows.items():
            if values:
                conn.execute(table.insert(), values)

    def add_judgement(
        self, kind: JudgementKind, entity_a: str, entity_b: str, reason: str | None = None
    ) -> Judgement:
        """Record that two entities are one (``'merge'``, ``entity_a`` is kept) or two (``'split'``)."""
        from rasd.kb.judgements import JUDGEMENT_KINDS, Judgement, merge_map
        from rasd.store import fold

        if kind not in JUDGEMENT_KINDS:
            raise ValueError(f"judgement kind must be one of {', '.join(JUDGEMENT_KINDS)}, not {kind!r}")
        if entity_a == entity_b:
            raise ValueError("a judgement needs two different entities")
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            before = merge_map(_judgements(conn))
            new_id = conn.execute(
                schema.judgements.insert()
                .values(kind=kind, entity_a=entity_a, entity_b=entity_b, reason=reason, created_at=now)
                .returning(schema.judgements.c.id)
            ).scalar_one()
            fold.on_judgement(conn, before)  # the groups the judgement changes, refolded
        return Judgement(new_id, kind, entity_a, entity_b, reason, now)

    # -- reading ----------------------------------------------------------------------------------

    def judgements(self) -> list[Judgement]:
        """Every judgement, oldest first."""
        with self.engine.connect() as conn:
            return _judgements(conn)

    def entity_map(self) -> dict[str, str]:
        """Merged-away entity id → the id it now goes by (from the judgements in force)."""
        judgements = self.judgements()
        if not judgements:  # no judgements, no knowledge base imported (see _judgements)
            return {}
        from rasd.kb.judgements import merge_map

        return merge_map(judgements)

    def get(self, doc_id: str) -> Document | None:
        """The stored document with this id or unique id prefix (judgements applied), or None.

        Raises ``AmbiguousDocumentId`` when the prefix fits several documents.
        """
        doc_id = doc_id.strip().lower()
        if not _HEX.fullmatch(doc_id):
            return None
        d = schema.documents
        with self.engine.connect() as conn:
            ids = list(
                conn.execute(
                    select(d.c.id).where(d.c.id.startswith(doc_id)).order_by(d.c.id).limit(2)
                ).scalars()
            )
            if len(ids) > 1:
                raise AmbiguousDocumentId(
                    f"{doc_id} fits more than one document ({ids[0][:12]}, {ids[1][:12]}, ...)"
                )
            if not ids:
                return None
            found = [doc for doc, _num in load_documents(conn, d.c.id == ids[0])]
            return self._with_judgements(conn, found)[0]

    def received_times(self) -> dict[str, datetime]:
        """Document id → when it was first ingested (UTC): the real time of an undated article."""
        d = schema.documents
        with self.engine.connect() as conn:
            rows = conn.execute(select(d.c.id, d.c.ingested_at)).all()
        return {doc_id: _utc(when) for doc_id, when in rows}

    def sources(self, doc_id: str) -> list[str]:
        """Every path or URL the document was read from, first one first."""
        s, d = schema.document_sources, schema.documents
        query = select(s.c.source).join(d, d.c.num == s.c.num).where(d.c.id == doc_id)
        with self.engine.connect() as conn:
            return list(conn.execute(query.order_by(s.c.seen_at, s.c.source)).scalars())

    def iter_documents(self, batch_size: int = 200) -> Iterator[Document]:
        """Every stored document in the order it was first ingested (judgements applied)."""
        d = schema.documents
        last = 0
        while True:  # keyset pages: no connection is held while the caller works on a page
            with self.engine.connect() as conn:
                page = load_documents(conn, d.c.num > last, limit=batch_size)
                if not page:
                    return
                docs = self._with_judgements(conn, [doc for doc, _num in page])
            yield from docs
            last = page[-1][1]

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        """Documents containing every word of ``query`` (normalised), best first, with snippets."""
        terms = search.query_terms(query)
        with self.engine.connect() as conn:
            rows = search.find(conn, terms, limit)
        hits = []
        for doc_id, title, source, published, text, score in rows:
            snippet, highlights = search.make_snippet(text, terms)
            hits.append(SearchHit(doc_id, title, source, published, float(score), snippet, highlights))
        return hits

    def search_names(self, query: str, names: list[str], limit: int = 10) -> list[SearchHit]:
        """``search(query)``, then what the other ``names`` of the same thing find (each searched
        as a query of its own); the query's own hits first, each document once, at most ``limit``."""
        hits: dict[str, SearchHit] = {}
        for text in (query, *names):
            for hit in self.search(text, limit=limit):
                hits.setdefault(hit.doc_id, hit)
            if len(hits) >= limit:
                break
        return list(hits.values())[:limit]

    def entity_names(self, query: str | None = None) -> list[tuple[str, list[str]]]:
        """(entity id, its names) for every stored entity, with merged entities joined under the id
        they go by (their names together). With ``query``: only the entities (and their merged
        groups) that may have a name of the query's words (``search.name_patterns``, by the
        database: at 50,000 articles reading every entity was most of `rasd search`)."""
        merged = self.entity_map()
        e = schema.entities
        groups: dict[str, list[str]] = {}
        wanted = select(e.c.id, e.c.name, e.c.aliases)
        patterns = search.name_patterns(query) if query is not None else []
        if patterns:
            names = cast_text(e.c.aliases)
            candidates = select(e.c.id).where(*((e.c.name.like(p)) | (names.like(p)) for p in patterns))
            with self.engine.connect() as conn:
                found = set(conn.execute(candidates).scalars())
            heads = {merged.get(i, i) for i in found}
            found |= {i for i, head in merged.items() if head in heads} | heads  # whole merged groups
            wanted = wanted.where(e.c.id.in_(sorted(found)))
        with self.engine.connect() as conn:
            for entity_id, name, aliases in conn.execute(wanted):
                group = groups.setdefault(merged.get(entity_id, entity_id), [])
                group += [name, *(aliases or [])]
        return [(entity_id, list(dict.fromkeys(names))) for entity_id, names in groups.items()]

    def find_entities(self, name_or_id: str) -> list[dict[str, Any]]:
        """Stored entities with this id, or with this name or alias (same words, normalised), merged
        groups joined: for each, the id it goes by, type, subtype, name, names, kb, geo, the ids
        merged into it, how many articles and mentions, and the judgements about it with reasons."""
        from rasd.kb.judgements import merge_map

        judgements = self.judgements()
        merged = merge_map(judgements)
        wanted = frozenset(search.query_terms(name_or_id))
        e, m = schema.entities, schema.mention_rows
        with self.engine.connect() as conn:
            rows = {r.id: r for r in conn.execute(select(e))}
            hits = {merged.get(i, i) for i, r in rows.items() if i == name_or_id}
            if not hits and wanted:
                hits = {
                    merged.get(i, i)
                    for i, r in rows.items()
                    if any(frozenset(search.query_terms(n)) == wanted for n in [r.name, *(r.aliases or [])])
                }
            found = []
            for kept in sorted(hits):
                group = [kept, *sorted(i for i, target in merged.items() if target == kept)]
                head = rows.get(kept) or rows.get(group[-1])
                if head is None:
                    continue
                counts = conn.execute(
                    select(func.count(), func.count(m.c.num.distinct())).where(m.c.entity_id.in_(group))
                ).one()
                names = [n for i in group if i in rows for n in [rows[i].name, *(rows[i].aliases or [])]]
                found.append(
                    {
                        "id": kept,
                        "type": head.type,
                        "subtype": head.subtype,
                        "name": head.name,
                        "names": list(dict.fromkeys(names)),
                        "kb": head.kb,
                        "geo": head.geo,
                        "merged": group[1:],
                        "mentions": counts[0],
                        "articles": counts[1],
                        "judgements": [
                            {
                                "id": j.id,
                                "kind": j.kind,
                                "entity_a": j.entity_a,
                                "entity_b": j.entity_b,
                                "reason": j.reason,
                                "created_at": j.created_at.isoformat(timespec="seconds"),
                            }
                            for j in judgements
                            if j.entity_a in group or j.entity_b in group
                        ],
                    }
                )
        return found

    def stats(self) -> dict[str, Any]:
        """Counts: documents, sources, entities (after merges) and by type, mentions, relations,
        events, claims, judgements."""
        merged_away = set(self.entity_map())
        e = schema.entities
        with self.engine.connect() as conn:
            counts = {
                name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in (
                    ("documents", schema.documents),
                    ("sources", schema.document_sources),
                    ("mentions", schema.mention_rows),
                    ("relations", schema.relation_rows),
                    ("events", schema.event_rows),
                    ("claims", schema.claim_rows),
                    ("judgements", schema.judgements),
                )
            }
            # Counted by the database (a row per type), less the merged-away ids: never a row per entity.
            by_type: dict[str, int] = {
                entity_type: count
                for entity_type, count in conn.execute(select(e.c.type, func.count()).group_by(e.c.type))
            }
            ids = sorted(merged_away)
            for start in range(0, len(ids), 500):
                for entity_type in conn.execute(
                    select(e.c.type).where(e.c.id.in_(ids[start : start + 500]))
                ).scalars():
                    by_type[entity_type] -= 1
            by_type = {entity_type: count for entity_type, count in by_type.items() if count}
        return {
            "documents": counts["documents"],
            "sources": counts["sources"],
            "entities": sum(by_type.values()),
            "entities_by_type": dict(sorted(by_type.items())),
            "mentions": counts["mentions"],
            "relations": counts["relations"],
            "events": counts["events"],
            "claims": counts["claims"],
            "judgements": counts["judgements"],
        }

    def _with_judgements(self, conn: Connection, docs: list[Document]) -> list[Document]:
        """The documents (freshly read, so changed in place) with the merges in force applied, the
        stored entities as canonical (``rasd.kb.judgements`` has the rules)."""
        from rasd.kb.judgements import apply_merges, merge_map, merge_reasons

        judgements = _judgements(conn)
        mapping = merge_map(judgements)
        if not mapping:
            return docs
        canonical = _load_entities(conn, set(mapping.values()))
        reasons = merge_reasons(judgements)
        for doc in docs:
            apply_merges(doc, mapping, canonical, reasons)
        return docs


def _record_without_text(doc: Document) -> dict[str, Any]:
    """The record as stored (``rasd.store.packing``): the text is in its own column already."""
    record = doc.to_dict()
    del record["text"]
    return record


def load_documents(conn: Connection, where: Any, limit: int | None = None) -> list[tuple[Document, int]]:
    """Stored documents as ingested (no judgements applied) with their ``documents.num``, in ingest
    order: the documents rows, their packed part and their extraction rows put back together."""
    from rasd.record import Document

    d = schema.documents
    query = select(*(d.c[name] for name in ("num", *packing.COLUMNS, "text", "packed"))).where(where)
    query = query.order_by(d.c.num)
    rows = conn.execute(query if limit is None else query.limit(limit)).all()
    extraction = _extraction_rows(conn, [row.num for row in rows])
    return [
        (
            Document.model_validate(
                {**packing.unpack(row._mapping, bytes(row.packed), extraction[row.num]), "text": row.text}
            ),
            row.num,
        )
        for row in rows
    ]


def _extraction_rows(conn: Connection, nums: list[int]) -> dict[int, packing.Rows]:
    """Each document's (by ``documents.num``) mentions, relations, events and claims, in the order
    they were written."""
    found = {num: packing.Rows() for num in nums}
    m = schema.mention_rows
    for n in range(0, len(nums), 500):
        chunk = nums[n : n + 500]
        mentions = select(m.c.num, m.c.entity_id, m.c.start, m.c.end, m.c.text).where(m.c.num.in_(chunk))
        for row in conn.execute(mentions.order_by(m.c.id)):
            found[row.num].mentions.setdefault(row.entity_id, []).append(
                {"start": row.start, "end": row.end, "text": row.text}
            )
        for name, table in (
            ("relations", schema.relation_rows),
            ("events", schema.event_rows),
            ("claims", schema.claim_rows),
        ):
            items = select(table.c.num, table.c.record).where(table.c.num.in_(chunk)).order_by(table.c.id)
            for num, item in conn.execute(items):
                getattr(found[num], name).append(item)
    return found


def _stored_row(conn: Connection, doc_id: str) -> Any:
    d = schema.documents
    columns = (d.c[name] for name in ("num", *packing.COLUMNS, "packed", "digest"))
    return conn.execute(select(*columns).where(d.c.id == doc_id)).first()


def _stored_metadata(row: Any) -> dict[str, Any]:
    """The stored record's metadata (entities without mentions: enough to merge a copy with)."""
    return packing.unpack(row._mapping, bytes(row.packed), packing.Rows())


def _insert_ignoring_duplicates(conn: Connection, table: Table, keys: list[str]) -> Insert:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing(index_elements=keys)


def _upsert_entities(conn: Connection, doc_entities: list[Entity]) -> None:
    """One row per entity id across all documents: new ids inserted, new names merged into aliases."""
    if not doc_entities:
        return
    e = schema.entities
    conn.execute(
        _insert_ignoring_duplicates(conn, e, ["id"]),
        [
            {
                "id": ent.id,
                "type": ent.type,
                "subtype": ent.subtype,
                "name": ent.name,
                "aliases": _unique([*ent.aliases], exclude=ent.name),
                "kb": ent.kb,
                "geo": ent.geo.model_dump(mode="json") if ent.geo else None,
            }
            for ent in doc_entities
        ],
    )
    ids = sorted({ent.id for ent in doc_entities})  # a fixed lock order: no deadlock between ingests
    query = select(e.c.id, e.c.name, e.c.aliases, e.c.kb, e.c.geo).where(e.c.id.in_(ids))
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    stored = {row.id: dict(row._mapping) for row in conn.execute(query.order_by(e.c.id))}
    for ent in doc_entities:
        row = stored[ent.id]
        merged = {
            "aliases": _unique([*row["aliases"], ent.name, *ent.aliases], exclude=row["name"]),
            "kb": {**(ent.kb or {}), **(row["kb"] or {})} or None,  # what is stored wins; new keys added
            "geo": row["geo"] or (ent.geo.model_dump(mode="json") if ent.geo else None),
        }
        if any(merged[key] != row[key] for key in merged):
            conn.execute(update(e).where(e.c.id == ent.id).values(**merged))
            row.update(merged)


def _judgements(conn: Connection) -> list[Judgement]:
    j = schema.judgements
    rows = conn.execute(
        select(j.c.id, j.c.kind, j.c.entity_a, j.c.entity_b, j.c.reason, j.c.created_at).order_by(j.c.id)
    ).all()
    if not rows:  # most stores: spares `rasd search` importing the knowledge base (0.15 s)
        return []
    from rasd.kb.judgements import Judgement

    return [Judgement(*row) for row in rows]


def _load_entities(conn: Connection, ids: set[str]) -> dict[str, Entity]:
    from rasd.record import Entity

    e = schema.entities
    rows = conn.execute(select(e.c.id, e.c.type, e.c.subtype, e.c.name).where(e.c.id.in_(sorted(ids))))
    return {
        row.id: Entity(id=row.id, type=cast("EntityType", row.type), subtype=row.subtype, name=row.name)
        for row in rows
    }


def _unique(items: list[str], exclude: str | None = None) -> list[str]:
    return [item for item in dict.fromkeys(items) if item != exclude]


def canonical_source(source: str) -> str:
    """A local path as the file it names (absolute, symlinks resolved), keeping a ``#N`` suffix, so
    that one file reached through a symlink or another relative path is one source; URLs as given."""
    if "://" in source:
        return source
    path, hash_, number = source.rpartition("#") if "#" in source else (source, "", "")
    if hash_ and not number.isdigit():
        path, hash_, number = source, "", ""
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return source
    return f"{resolved}{hash_}{number}" if resolved.exists() else source


def _merge_metadata(doc: Document, stored: dict[str, Any]) -> tuple[Document, list[str], bool]:
    """``doc`` with the stored copy's metadata where it has none; what changed; whether this copy
    lacked something the stored one has."""
    filled: dict[str, Any] = {}
    changes: list[str] = []
    for name in MERGED_FIELDS:
        if name not in type(doc).model_fields:
            continue
        new, old = getattr(doc, name), stored.get(name)
        if new in (None, "") and old not in (None, ""):
            filled[name] = old
            changes.append(f"kept {name} {_short(old)} (this copy has none)")
        elif old in (None, "") and new not in (None, ""):
            changes.append(f"added {name} {_short(new)}")
        elif new != old:
            changes.append(f"{name}: {_short(old)} → {_short(new)}")
    return (doc.model_copy(update=filled) if filled else doc), changes, bool(filled)


def _with_stored_extraction(doc: Document, kept: Document) -> Document:
    return doc.model_copy(
        update={name: getattr(kept, name) for name in ("entities", "relations", "events", "claims")}
    )


def _short(value: Any) -> str:
    text = str(value)
    return f"«{text[:60]}…»" if len(text) > 60 else f"«{text}»"


def _utc(when: datetime) -> datetime:
    # SQLite gives naive datetimes back; they were written in UTC.
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True).removeprefix("sqlite:///")


def _require_existing(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return  # a server database is checked for rasd's tables once connected
    database = parsed.database
    if database and database != ":memory:" and not Path(database).is_file():
        raise MissingDatabase(f"no database at {database} (rasd ingest creates one; check --db or $RASD_DB)")
