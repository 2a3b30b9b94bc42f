"""What the workbench shows, read from the store: one method per page, each returning plain data
(dicts and lists of strings and numbers) that the HTML templates and the JSON endpoints both render.

Documents are read through ``Store.get`` / ``Store.search`` / ``Store.iter_documents`` (the analyst's
judgements applied there); cross-article views (one event with all its reports, contradictions) read
the fold the store keeps (``rasd.store.fold_read``) as ``rasd events`` and ``rasd contradictions`` do.
Entity-centred views
(an entity's names, relations, events, claims; the graph; the map and timeline) read the indexed
extraction tables directly, so that a page costs a few indexed queries, not a pass over the store;
merged-away ids are mapped with the same ``merge_map`` the store uses.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection as Pipe
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar
from typing import cast as type_cast

from sqlalchemy import Connection, Text, and_, cast, func, or_, select

from rasd.kb.judgements import Judgement, is_entity_id
from rasd.record import Document
from rasd.store import AmbiguousDocumentId, Store, fold_read, schema
from rasd.store import search as store_search
from rasd.text import normalize

T = TypeVar("T")
log = logging.getLogger("rasd.web")

SEARCH_POOL = 500  # hits fetched before facets and filters narrow them
PAGE_SIZE = 25
ENTITY_LIST = 50
MENTION_WINDOW = 1500  # an entity's most recent mentions read for its page
ENTITY_DOCS = 300  # ... and at most this many articles from them
ENTITY_EVENTS = 150  # an entity's most recent events shown (its timeline page has them all)
CLAIMS_SHOWN = 40
RELATIONS_SHOWN = 60
EVIDENCE_PER_FACT = 5
SENTENCE_CONTEXT = 140  # characters of a name's sentence shown on each side of it
# Up to this many articles, contradictions are found while the page waits; above it, in a separate
# process (``find_contradictions`` reads every article: minutes on 10,000), the pages say so meanwhile.
CONTRADICTIONS_INLINE = 300
GRAPH_NODES = 120  # server-side pruning: the strongest neighbours only
MAP_POINTS = 2000  # the newest; the date filter reaches older ones
TIMELINE_EVENTS = 1000
_SENTENCE_END = re.compile(r"[.!؟?\n]")
_ANALYST = re.compile(r"\s*\[analyst: ([^\]]+)\]$")
EVENT_ID = re.compile(r"^([0-9a-f]{8,64})-(\d+)$")


class BadRequest(ValueError):
    """A query the workbench cannot answer as asked (shown as a 400 page)."""


@dataclass
class SearchFilters:
    q: str = ""
    entity_type: str | None = None
    country: str | None = None
    outlet: str | None = None
    event_type: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    page: int = 1

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


@dataclass
class Workbench:
    """The store as the web pages see it. Views that cover the whole store (contradictions, the
    entity name index) are kept per store version and rebuilt when documents or judgements change."""

    store: Store
    _cache: dict[str, tuple[tuple[Any, ...], Any]] = field(default_factory=dict)
    _background: _Background | None = None
    # pages are served from a thread pool: one thread at a time starts the background search
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # -- bookkeeping -------------------------------------------------------------------------------

    def version(self) -> tuple[Any, ...]:
        """What changes whenever the store does: the newest row of each table. Ingesting adds
        documents, re-ingesting with a new extraction rewrites its mentions (new ids), a correction
        adds a judgement; ``max`` of an integer key is a look-up, where ``count(*)`` reads the table."""
        with self.store.engine.connect() as conn:
            return tuple(
                conn.execute(
                    select(
                        *(
                            select(func.max(column)).scalar_subquery()
                            for column in (
                                schema.documents.c.num,
                                schema.mentions.c.id,
                                schema.events.c.id,
                                schema.claims.c.id,
                                schema.judgements.c.id,
                            )
                        )
                    )
                ).one()
            )

    def _cached(self, key: str, build: Callable[[], T]) -> T:
        version = self.version()
        hit = self._cache.get(key)
        if hit is not None and hit[0] == version:
            return type_cast(T, hit[1])
        value = build()
        self._cache[key] = (version, value)
        return value

    def _merge_map(self) -> dict[str, str]:
        return self.store.entity_map()

    # -- search ------------------------------------------------------------------------------------

    def search(self, f: SearchFilters) -> dict[str, Any]:
        """Articles containing every word (the store's Arabic full-text search), with facet counts,
        and the entities whose names match."""
        if len(f.q) > 500:
            raise BadRequest("query too long (500 characters at most)")
        for value in (f.date_from, f.date_to):
            if value and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
                raise BadRequest(f"a date is YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
        terms = store_search.query_terms(f.q)
        with self.store.engine.connect() as conn:
            texts: dict[str, str] = {}
            if terms:  # the store's search, with snippets cut for the page shown only
                found: list[dict[str, Any]] = []
                for doc_id, title, source, published, text, _score in store_search.find(
                    conn, terms, SEARCH_POOL
                ):
                    found.append({"id": doc_id, "title": title, "source": source, "published": published})
                    texts[doc_id] = text
            else:
                found = _recent_documents(conn, SEARCH_POOL)
            meta = _outlets(conn, [h["id"] for h in found])
            for hit in found:
                hit["outlet"] = meta.get(hit["id"])
            kept = [h for h in found if _passes(h, f)]
            ids = {h["id"] for h in kept}
            if f.country:
                ids &= _docs_mentioning(conn, ids, f.country)
            if f.event_type:
                ids &= _docs_with_event(conn, ids, f.event_type)
            kept = [h for h in kept if h["id"] in ids]
            facets = _facets(conn, kept)
        start = (max(f.page, 1) - 1) * PAGE_SIZE
        page = kept[start : start + PAGE_SIZE]
        for hit in page:
            if hit["id"] in texts:
                snippet, highlights = store_search.make_snippet(texts[hit["id"]], terms)
                hit["snippet"] = _marked(snippet, highlights)
        entities = self.find_entities(f.q, f.entity_type) if f.q.strip() else []
        return {
            "query": f.as_dict(),
            "total": len(kept),
            "capped": len(found) >= SEARCH_POOL,
            "page": max(f.page, 1),
            "pages": max(1, -(-len(kept) // PAGE_SIZE)),
            "articles": page,
            "facets": facets,
            "entities": entities[:ENTITY_LIST],
            "entity_types": dict(Counter(e["type"] for e in self.find_entities(f.q, None)))
            if f.q.strip()
            else {},
        }

    def find_entities(self, q: str, entity_type: str | None) -> list[dict[str, Any]]:
        """Entities with a name or alias containing every word of ``q`` (normalised)."""
        words = [w for w in normalize(q).split() if w]
        if not words:
            return []
        index = self._cached("names", self._name_index)
        found = [
            entry["entity"]
            for entry in index
            if all(w in entry["key"] for w in words)
            and (not entity_type or entry["entity"]["type"] == entity_type)
        ]
        return sorted(found, key=lambda e: (-e["mentions"], e["name"]))

    def _name_index(self) -> list[dict[str, Any]]:
        mapping = self._merge_map()
        # the rows, not the mentions view: counting every mention needs no article id (migration 0006)
        e, m = schema.entities, schema.mention_rows
        with self.store.engine.connect() as conn:
            counts = {
                r[0]: r[1] for r in conn.execute(select(m.c.entity_id, func.count()).group_by(m.c.entity_id))
            }
            rows = conn.execute(select(e.c.id, e.c.type, e.c.subtype, e.c.name, e.c.aliases)).all()
        keys: dict[str, list[str]] = defaultdict(list)
        entities: dict[str, dict[str, Any]] = {}
        for row in rows:
            target = mapping.get(row.id, row.id)
            keys[target] += [normalize(n) for n in (row.name, *(row.aliases or []))]
            if row.id == target:
                entities[target] = {"id": row.id, "type": row.type, "subtype": row.subtype, "name": row.name}
        for entity_id, count in counts.items():
            target = mapping.get(entity_id, entity_id)
            if target in entities:
                entities[target]["mentions"] = entities[target].get("mentions", 0) + count
        return [
            {"key": " | ".join(keys[i]), "entity": {**ent, "mentions": ent.get("mentions", 0)}}
            for i, ent in entities.items()
        ]

    # -- one entity --------------------------------------------------------------------------------

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        """Names with the sentence that states each, KB references, relations with evidence, events,
        claims, contradictions and the analysts' judgements. ``{"redirect": id}`` when merged away."""
        mapping = self._merge_map()
        if entity_id in mapping:
            return {"redirect": mapping[entity_id]}
        ids = [entity_id, *sorted(k for k, v in mapping.items() if v == entity_id)]
        e = schema.entities
        with self.store.engine.connect() as conn:
            rows = {r.id: r for r in conn.execute(select(e).where(e.c.id.in_(ids)))}
            if entity_id not in rows:
                return None
            row = rows[entity_id]
            aliases = list(
                dict.fromkeys(
                    [*(row.aliases or []), *(n for i in ids[1:] if i in rows for n in _names(rows[i]))]
                )
            )
            texts = _Texts(conn)
            window = _MentionWindow.read(conn, ids)
            names = _names_with_evidence(window, texts)
            docs = _entity_documents(conn, window)
            relations = self._relations(conn, ids, window.doc_ids, mapping, texts)
            events = self._events_of(conn, ids, window.doc_ids, mapping)
            claims = self._claims_of(conn, ids, window.doc_ids, texts)
        judgements = self.judgements_of({*ids, entity_id})
        found = self.contradictions()
        return {
            "id": row.id,
            "type": row.type,
            "subtype": row.subtype,
            "name": row.name,
            "aliases": [a for a in aliases if a != row.name],
            "merged_ids": ids[1:],
            "kb": row.kb or {},
            "geo": row.geo,
            "names": names,
            "documents": docs,
            "document_count": len(window.doc_ids),
            "documents_capped": window.capped,
            "mention_count": window.total,
            "relations": relations,
            "events": events,
            "claims": claims,
            "contradictions": None if found is None else [c for c in found if c["about"] in ids],
            "judgements": judgements,
        }

    def _relations(
        self, conn: Connection, ids: list[str], doc_ids: list[str], mapping: dict[str, str], texts: _Texts
    ) -> list[dict[str, Any]]:
        """Relations of the entity, one per (type, subject, object), with how many reports, the
        highest confidence, and evidence: counted in SQL over the whole store, cited from the
        entity's recent articles (``doc_ids``), or from the first report where none of those has it."""
        r = schema.relations
        involved = or_(r.c.subject.in_(ids), r.c.object.in_(ids))
        key = (r.c.type, r.c.subject, r.c.object)
        groups = conn.execute(
            select(
                *key,
                func.count().label("reports"),
                func.max(r.c.confidence).label("confidence"),
                func.min(r.c.id).label("first"),
            )
            .where(involved)
            .group_by(*key)
        ).all()
        grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
        for row in groups:
            subject, obj = mapping.get(row.subject, row.subject), mapping.get(row.object, row.object)
            item = grouped.setdefault(
                (row.type, subject, obj),
                {"type": row.type, "subject": subject, "object": obj, "confidence": 0.0, "reports": 0},
            )
            item["confidence"] = max(item["confidence"], row.confidence)
            item["reports"] += row.reports
            item.setdefault("first", row.first)
        out = sorted(grouped.values(), key=lambda x: (-x["reports"], -x["confidence"], x["type"]))[
            :RELATIONS_SHOWN
        ]
        shown = {(x["type"], x["subject"], x["object"]) for x in out}
        columns = (r.c.id, r.c.doc_id, *key, r.c.start, r.c.end)
        recent = conn.execute(
            select(*columns).where(involved, r.c.doc_id.in_(doc_ids)).order_by(r.c.id.desc())
        ).all()
        cited: dict[tuple[str, str, str], list[Any]] = defaultdict(list)
        for c in recent:
            group = (c.type, mapping.get(c.subject, c.subject), mapping.get(c.object, c.object))
            if group in shown and len(cited[group]) < EVIDENCE_PER_FACT:
                cited[group].append(c)
        missing = [x["first"] for x in out if (x["type"], x["subject"], x["object"]) not in cited]
        for c in conn.execute(select(*columns).where(r.c.id.in_(missing))):
            cited[(c.type, mapping.get(c.subject, c.subject), mapping.get(c.object, c.object))].append(c)
        texts.fetch(c.doc_id for rows in cited.values() for c in rows)
        for item in out:
            rows = cited.get((item["type"], item["subject"], item["object"]), [])
            item["evidence"] = [_evidence(texts.get(c.doc_id), c.doc_id, c.start, c.end) for c in rows]
            del item["first"]
        names = _entity_names(conn, {i for x in out for i in (x["subject"], x["object"])}, mapping)
        for item in out:
            item["subject_name"] = names.get(item["subject"], item["subject"])
            item["object_name"] = names.get(item["object"], item["object"])
        return out

    def _records_about(
        self, conn: Connection, table: Any, ids: list[str], doc_ids: list[str], limit: int
    ) -> list[tuple[str, dict[str, Any]]]:
        """(doc_id, record) of events or claims in the given articles (newest first) whose record
        names one of ``ids`` (a LIKE on the JSON narrows, the parsed record decides)."""
        text = cast(table.c.record, Text)  # as text: parsed here, only for the records kept
        rows = conn.execute(
            select(table.c.doc_id, text.label("record")).where(
                table.c.doc_id.in_(doc_ids), or_(*(text.contains(f'"{i}"') for i in ids))
            )
        ).all()
        rank = {doc_id: n for n, doc_id in enumerate(doc_ids)}
        ordered = sorted(rows, key=lambda row: rank[row.doc_id])
        return [(row.doc_id, _json(row.record)) for row in ordered[:limit]]

    def _events_of(
        self, conn: Connection, ids: list[str], doc_ids: list[str], mapping: dict[str, str]
    ) -> list[dict[str, Any]]:
        wanted = set(ids)
        rows: list[tuple[str, dict[str, Any], str | None]] = []
        for doc_id, ev in self._records_about(conn, schema.events, ids, doc_ids, ENTITY_EVENTS):
            role = (
                "actor"
                if wanted & set(ev["actors"])
                else "target"
                if wanted & set(ev["targets"])
                else "place"
                if ev.get("location") in wanted
                else None
            )
            if role:
                rows.append((doc_id, ev, role))
        return self._event_rows(conn, rows, mapping)

    def _event_rows(
        self,
        conn: Connection,
        rows: Sequence[tuple[str, dict[str, Any], str | None]],
        mapping: dict[str, str],
    ) -> list[dict[str, Any]]:
        names = _entity_names(
            conn,
            {i for _d, ev, _r in rows for i in [*ev["actors"], *ev["targets"], ev.get("location")] if i},
            mapping,
        )
        published = _published(conn, {d for d, _e, _r in rows})
        out = []
        for doc_id, ev, role in rows:
            date = (ev.get("date") or {}).get("value")
            out.append(
                {
                    "id": f"{doc_id[:16]}-{ev['trigger']['start']}",
                    "doc_id": doc_id,
                    "type": ev["type"],
                    "acled": (ev.get("acled") or {}).get("event_type"),
                    "date": date,
                    "when": date or (published.get(doc_id) or "")[:10] or None,
                    "modality": ev.get("modality", "asserted"),
                    "role": role,
                    "fatalities": ev.get("fatalities"),
                    "geo": ev.get("geo"),
                    "location": ev.get("location"),
                    "location_name": names.get(ev.get("location") or "", None),
                    "actors": [{"id": a, "name": names.get(a, a)} for a in ev["actors"]],
                    "targets": [{"id": t, "name": names.get(t, t)} for t in ev["targets"]],
                    "evidence": ev["evidence"],
                    "trigger": ev["trigger"]["text"],
                }
            )
        return sorted(out, key=lambda x: (x["when"] or "", x["type"]), reverse=True)

    def _claims_of(
        self, conn: Connection, ids: list[str], doc_ids: list[str], texts: _Texts
    ) -> list[dict[str, Any]]:
        wanted = set(ids)
        about = [
            (doc_id, claim)
            for doc_id, claim in self._records_about(conn, schema.claims, ids, doc_ids, CLAIMS_SHOWN * 3)
            if wanted & set(claim["about"])
        ][:CLAIMS_SHOWN]
        texts.fetch(doc_id for doc_id, _c in about)
        out = []
        for doc_id, claim in about:
            ev = claim["evidence"]
            out.append(
                {
                    "by": claim["source"]["text"],
                    "kind": claim["source"]["kind"],
                    "via": claim["source"].get("via", []),
                    "certainty": claim["certainty"],
                    "evidence": _evidence(texts.get(doc_id), doc_id, ev["start"], ev["end"]),
                }
            )
        return out

    # -- judgements ------------------------------------------------------------------------------

    def judgements_of(self, ids: set[str]) -> list[dict[str, Any]]:
        all_judgements = self.store.judgements()
        out = []
        for j in all_judgements:
            if j.entity_a in ids or j.entity_b in ids:
                out.append(_judgement(j, all_judgements))
        return list(reversed(out))

    def judgement(self, judgement_id: int) -> Judgement | None:
        return next((j for j in self.store.judgements() if j.id == judgement_id), None)

    # -- one article -------------------------------------------------------------------------------

    def article(self, doc_id: str) -> Document | None:
        try:
            return self.store.get(doc_id)
        except AmbiguousDocumentId as exc:
            raise BadRequest(str(exc)) from None

    def sources(self, doc_id: str) -> list[str]:
        return self.store.sources(doc_id)

    # -- one event, with every article that reports it --------------------------------------------

    def event(self, event_id: str) -> dict[str, Any] | None:
        match = EVENT_ID.match(event_id)
        if not match:
            raise BadRequest(f"an event id is DOCUMENTID-OFFSET, not {event_id!r}")
        doc = self.article(match.group(1))
        trigger = int(match.group(2))
        event = next((ev for ev in doc.events if ev.trigger.start == trigger), None) if doc else None
        if doc is None or event is None:
            return None
        # The merged event as the store's cross-article fold keeps it (every article that reports it).
        merged = fold_read.event_of(self.store.engine, doc.id, trigger)
        if merged is None:
            return None
        d = schema.documents
        with self.store.engine.connect() as conn:
            names = fold_read.entity_names(conn, merged.actors + merged.targets)
            ids = sorted({s.document for s in merged.sources})
            titles = {
                row.id: row.title for row in conn.execute(select(d.c.id, d.c.title).where(d.c.id.in_(ids)))
            }
        data = merged.model_dump(mode="json")
        data["id"] = event_id
        data["actors"] = [{"id": a, "name": names.get(a, a)} for a in merged.actors]
        data["targets"] = [{"id": t, "name": names.get(t, t)} for t in merged.targets]
        for source in data["sources"]:
            source["title"] = titles.get(source["document"])
        return data

    # -- graph -------------------------------------------------------------------------------------

    def graph(
        self,
        entity_id: str,
        hops: int = 1,
        relation_type: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        limit: int = GRAPH_NODES,
    ) -> dict[str, Any] | None:
        """The entity's neighbourhood by relations (1–2 hops), the strongest ``limit`` nodes kept."""
        if hops not in (1, 2):
            raise BadRequest("hops is 1 or 2")
        mapping = self._merge_map()
        entity_id = mapping.get(entity_id, entity_id)
        with self.store.engine.connect() as conn:
            if (
                conn.execute(select(schema.entities.c.id).where(schema.entities.c.id == entity_id)).first()
                is None
            ):
                return None
            edges: dict[tuple[str, str, str], dict[str, Any]] = {}
            frontier = {entity_id}
            seen = {entity_id}
            weight: Counter[str] = Counter()
            for _hop in range(hops):
                ids = [*frontier, *(k for k, v in mapping.items() if v in frontier)]
                for row in _relation_rows(conn, ids, relation_type, date_from, date_to):
                    s, o = mapping.get(row.subject, row.subject), mapping.get(row.object, row.object)
                    if s == o:
                        continue
                    key = (row.type, s, o)
                    edge = edges.setdefault(key, {"type": row.type, "source": s, "target": o, "reports": 0})
                    edge["reports"] += row.reports
                    edge["confidence"] = max(edge.get("confidence", 0.0), row.confidence)
                    weight[s] += row.reports
                    weight[o] += row.reports
                # the next hop starts from the strongest new neighbours only (hubs have hundreds)
                new = [n for n, _w in weight.most_common() if n not in seen][: max(10, limit // 4)]
                seen.update(n for e in edges.values() for n in (e["source"], e["target"]))
                frontier = set(new)
            ranked = [entity_id, *(n for n, _w in weight.most_common() if n != entity_id)]
            kept = set(ranked[:limit])
            names = _entity_rows(conn, kept)
            mentions = _mention_counts(conn, kept, mapping)
        nodes = [
            {
                "id": n,
                "name": names.get(n, {}).get("name", n),
                "type": names.get(n, {}).get("type", "?"),
                "mentions": mentions.get(n, 0),
                "center": n == entity_id,
            }
            for n in ranked
            if n in kept
        ]
        kept_edges = [e for e in edges.values() if e["source"] in kept and e["target"] in kept]
        return {
            "entity": entity_id,
            "hops": hops,
            "relation_type": relation_type,
            "neighbours": len(weight) - (1 if entity_id in weight else 0),
            "pruned": max(0, len(set(weight) | {entity_id}) - len(kept)),
            "nodes": nodes,
            "edges": kept_edges,
            "relation_types": sorted({e["type"] for e in edges.values()}),
        }

    # -- map and timeline --------------------------------------------------------------------------

    def events(
        self,
        date_from: str | None = None,
        date_to: str | None = None,
        event_type: str | None = None,
        actor: str | None = None,
        place: str | None = None,
        with_geo: bool = False,
        limit: int = TIMELINE_EVENTS,
    ) -> list[dict[str, Any]]:
        """Reported events (one per article report), newest first, filtered."""
        mapping = self._merge_map()
        ev = schema.event_rows  # the rows, not the events view: the filters need no article id (0006)
        # first the ids, on the narrow columns (the JSON records are large): then the records kept
        query = select(ev.c.id).order_by(ev.c.date.desc().nulls_last(), ev.c.id.desc())
        if date_from:
            query = query.where(ev.c.date >= date_from)
        if date_to:
            query = query.where(ev.c.date <= date_to + "\uffff")
        if event_type:
            query = query.where(ev.c.type == event_type)
        if with_geo:
            query = query.where(ev.c.location.is_not(None))  # placed events: those with coordinates
        text = cast(ev.c.record, Text)
        for wanted in (actor, place):
            if wanted:
                ids = [wanted, *(k for k, v in mapping.items() if v == wanted)]
                query = query.where(or_(*(text.contains(f'"{i}"') for i in ids)))
        with self.store.engine.connect() as conn:
            # the records decide actor and place exactly (after merges): read some more to keep ``limit``
            event_ids = list(conn.execute(query.limit(limit * 2 if actor or place else limit)).scalars())
            view = schema.events  # with the article's id
            records = {
                row.id: (row.doc_id, row.record)
                for row in conn.execute(
                    select(view.c.id, view.c.doc_id, cast(view.c.record, Text).label("record")).where(
                        view.c.id.in_(event_ids)
                    )
                )
            }
            rows: list[tuple[str, dict[str, Any], str | None]] = []
            for event_id in event_ids:
                doc_id, record = records[event_id]
                data = _json(record)
                actors = {mapping.get(a, a) for a in data["actors"]}
                location = mapping.get(data.get("location") or "", data.get("location"))
                if actor and actor not in actors:
                    continue
                if place and place != location:
                    continue
                if with_geo and not data.get("geo"):
                    continue
                rows.append((doc_id, data, None))
                if len(rows) >= limit:
                    break
            return self._event_rows(conn, rows, mapping)

    def event_types(self) -> list[str]:
        with self.store.engine.connect() as conn:
            return list(
                conn.execute(
                    select(schema.event_rows.c.type).distinct().order_by(schema.event_rows.c.type)
                ).scalars()
            )

    # -- contradictions ----------------------------------------------------------------------------

    def contradictions(self) -> list[dict[str, Any]] | None:
        """Every contradiction in the store (as ``rasd contradictions``), kept per store version;
        None while a large store's are still being found in the background process."""
        version = self.version()
        hit = self._cache.get("contradictions")
        if hit is not None and hit[0] == version:
            return type_cast(list[dict[str, Any]], hit[1])
        if (version[0] or 0) <= CONTRADICTIONS_INLINE:  # max(num): the number of articles
            value = contradictions_in(self.store.url)
        else:
            with self._lock:
                job = self._background
                if job is None or job.version != version:
                    if job is not None:
                        job.stop()  # the store changed: that answer would be stale
                    self._background = _Background.start(version, self.store.url)
                    return None
                try:
                    found = job.result()
                except RuntimeError:
                    log.exception("finding contradictions failed")
                    found = []
                if found is None:
                    return None
                value = found
        self._cache["contradictions"] = (version, value)
        return value

    def close(self) -> None:
        """Stop the background process, if one is running (the server is shutting down)."""
        with self._lock:
            if self._background is not None:
                self._background.stop()
                self._background = None

    def documents(self, ids: Iterable[str]) -> list[Document]:
        return [d for d in (self.store.get(i) for i in ids) if d is not None]


# -- helpers -----------------------------------------------------------------------------------------


def contradictions_in(url: str) -> list[dict[str, Any]]:
    """Every contradiction in the store at ``url``; runs in the background process for large stores."""
    with Store.open(url) as store:
        return [_contradiction(c) for c in fold_read.contradictions(store.engine)]


def _send_contradictions(url: str, sender: Pipe) -> None:
    sender.send(contradictions_in(url))
    sender.close()


@dataclass
class _Background:
    """``contradictions_in`` in a process of its own: a plain process rather than a pool, so that
    a shutdown (or a change of the store) can stop it instead of waiting minutes for it."""

    version: tuple[Any, ...]
    process: BaseProcess
    receiver: Pipe

    @classmethod
    def start(cls, version: tuple[Any, ...], url: str) -> _Background:
        context = multiprocessing.get_context("spawn")  # the server's threads and connections stay here
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_send_contradictions, args=(url, sender), daemon=True)
        process.start()
        sender.close()
        return cls(version, process, receiver)

    def result(self) -> list[dict[str, Any]] | None:
        """The contradictions once found; None while the process works; RuntimeError if it died."""
        if self.receiver.poll():
            value: list[dict[str, Any]] = self.receiver.recv()
            self.process.join(timeout=10)
            return value
        if not self.process.is_alive():
            raise RuntimeError(f"the process finding contradictions exited with {self.process.exitcode}")
        return None

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=10)
        self.receiver.close()


def _json(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str) else dict(value)


def _names(row: Any) -> list[str]:
    return [row.name, *(row.aliases or [])]


def _marked(snippet: str, highlights: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """The snippet as parts, matches flagged: the template escapes each part and marks the hits."""
    parts, at = [], 0
    for start, end in highlights:
        if start < at:
            continue
        parts += [{"text": snippet[at:start], "hit": False}, {"text": snippet[start:end], "hit": True}]
        at = end
    parts.append({"text": snippet[at:], "hit": False})
    return [p for p in parts if p["text"]]


def _recent_documents(conn: Connection, limit: int) -> list[dict[str, Any]]:
    d = schema.documents
    rows = conn.execute(
        select(d.c.id, d.c.title, d.c.source, d.c.published, func.substr(d.c.text, 1, 220))
        .order_by(d.c.published.desc().nulls_last(), d.c.num.desc())
        .limit(limit)
    ).all()
    return [
        {
            "id": r[0],
            "title": r[1],
            "source": r[2],
            "published": r[3],
            "snippet": [{"text": " ".join(r[4].split()) + "…", "hit": False}],
        }
        for r in rows
    ]


def _outlets(conn: Connection, ids: list[str]) -> dict[str, str | None]:
    d = schema.documents
    return {r[0]: r[1] for r in conn.execute(select(d.c.id, d.c.outlet).where(d.c.id.in_(ids)))}


def _docs_mentioning(conn: Connection, ids: set[str], entity_id: str) -> set[str]:
    m = schema.mentions
    query = select(m.c.doc_id).where(m.c.entity_id == entity_id, m.c.doc_id.in_(sorted(ids))).distinct()
    return set(conn.execute(query).scalars())


def _docs_with_event(conn: Connection, ids: set[str], event_type: str) -> set[str]:
    ev = schema.events
    query = select(ev.c.doc_id).where(ev.c.type == event_type, ev.c.doc_id.in_(sorted(ids))).distinct()
    return set(conn.execute(query).scalars())


def _facets(conn: Connection, kept: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Counts of articles per outlet, country mentioned, event type and year, over the results."""
    ids = sorted(h["id"] for h in kept)
    outlets = Counter(h.get("outlet") or "?" for h in kept)
    years = Counter(h["published"][:4] for h in kept if h.get("published"))
    m, e, ev = schema.mentions, schema.entities, schema.events
    countries = conn.execute(
        select(e.c.id, e.c.name, func.count(m.c.doc_id.distinct()).label("n"))
        .join(m, m.c.entity_id == e.c.id)
        .where(e.c.subtype == "country", m.c.doc_id.in_(ids))
        .group_by(e.c.id, e.c.name)
        .order_by(func.count(m.c.doc_id.distinct()).desc(), e.c.id)
        .limit(15)
    ).all()
    events = conn.execute(
        select(ev.c.type, func.count(ev.c.doc_id.distinct()))
        .where(ev.c.doc_id.in_(ids))
        .group_by(ev.c.type)
        .order_by(func.count(ev.c.doc_id.distinct()).desc(), ev.c.type)
        .limit(15)
    ).all()
    return {
        "outlet": [{"value": k, "label": k, "count": n} for k, n in outlets.most_common(15)],
        "country": [{"value": r[0], "label": r[1], "count": r[2]} for r in countries],
        "event_type": [{"value": r[0], "label": r[0], "count": r[1]} for r in events],
        "year": [{"value": k, "label": k, "count": n} for k, n in sorted(years.items(), reverse=True)],
    }


def _passes(hit: dict[str, Any], f: SearchFilters) -> bool:
    published = hit.get("published") or ""
    return (
        (not f.outlet or (hit.get("outlet") or "?") == f.outlet)
        and (not f.date_from or published >= f.date_from)
        and (not f.date_to or (published != "" and published[: len(f.date_to)] <= f.date_to))
    )


class _Texts:
    """Article texts for one page, fetched in one query: evidence is cut from them in Python."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.texts: dict[str, str] = {}

    def fetch(self, doc_ids: Iterable[str]) -> None:
        missing = sorted(set(doc_ids) - set(self.texts))
        if missing:
            d = schema.documents
            self.texts.update(
                (r[0], r[1]) for r in self.conn.execute(select(d.c.id, d.c.text).where(d.c.id.in_(missing)))
            )

    def get(self, doc_id: str) -> str:
        self.fetch([doc_id])
        return self.texts.get(doc_id, "")


def _sentence(article: str, doc_id: str, start: int, end: int) -> dict[str, Any]:
    """The sentence around a span: the text, the span within it, and where it sits in the article."""
    lead = min(start, 300)
    window = article[start - lead : end + 300]
    before = window[:lead]
    cut = max((mt.end() for mt in _SENTENCE_END.finditer(before)), default=0)
    after = _SENTENCE_END.search(window, lead + (end - start))
    stop = after.end() if after else len(window)
    offset = start - lead + cut
    text = window[cut:stop]
    return {
        "doc_id": doc_id,
        "start": start,
        "end": end,
        "before": _clip(text[: start - offset], keep_end=True),
        "match": text[start - offset : end - offset],
        "after": _clip(text[end - offset :].rstrip(), keep_end=False),
    }


def _clip(part: str, keep_end: bool, width: int = SENTENCE_CONTEXT) -> str:
    """At most ``width`` characters of a long sentence on either side of the name, cut at a space."""
    if len(part) <= width:
        return part
    if keep_end:
        cut = part[-width:]
        return "…" + cut[cut.find(" ") + 1 :]
    cut = part[:width]
    return cut[: cut.rfind(" ")] + "…"


def _evidence(article: str, doc_id: str, start: int, end: int) -> dict[str, Any]:
    text = article[start : start + min(end - start, 600)]
    return {
        "doc_id": doc_id,
        "start": start,
        "end": end,
        "text": text.strip() + ("…" if end - start > 600 else ""),
    }


@dataclass
class _MentionWindow:
    """An entity's most recent mentions (by mention id: the order articles were stored in), read
    along the mentions' entity index and stopped after ``MENTION_WINDOW``: a hub named in thousands of
    articles costs what a rare entity does. The page's names, articles, events and claims come from
    the articles in this window; the mention total is exact (counted on the index alone)."""

    rows: list[Any]
    doc_ids: list[str]  # newest first
    total: int
    capped: bool

    @classmethod
    def read(cls, conn: Connection, ids: list[str]) -> _MentionWindow:
        m = schema.mentions
        rows: list[Any] = []
        for entity_id in ids:  # one id at a time, so that the index gives the order and LIMIT stops early
            rows += conn.execute(
                select(m.c.id, m.c.doc_id, m.c.start, m.c.end, m.c.text)
                .where(m.c.entity_id == entity_id)
                .order_by(m.c.id.desc())
                .limit(MENTION_WINDOW)
            ).all()
        rows.sort(key=lambda r: -r.id)
        rows = rows[:MENTION_WINDOW]
        total = conn.execute(select(func.count()).where(m.c.entity_id.in_(ids))).scalar_one()
        doc_ids = list(dict.fromkeys(r.doc_id for r in rows))[:ENTITY_DOCS]
        return cls(rows, doc_ids, total, capped=total > len(rows) or len(doc_ids) == ENTITY_DOCS)


def _names_with_evidence(window: _MentionWindow, texts: _Texts) -> list[dict[str, Any]]:
    """Each name the entity goes by in the window, how often, and the sentence of its first use there."""
    counts: Counter[str] = Counter(r.text for r in window.rows)
    first: dict[str, Any] = {}
    for row in reversed(window.rows):  # oldest first: the first use
        first.setdefault(row.text, row)
    names = [name for name, _n in counts.most_common(40)]
    texts.fetch(first[name].doc_id for name in names)
    return [
        {
            "name": name,
            "count": counts[name],
            "evidence": _sentence(
                texts.get(first[name].doc_id), first[name].doc_id, first[name].start, first[name].end
            ),
        }
        for name in names
    ]


def _entity_documents(conn: Connection, window: _MentionWindow) -> list[dict[str, Any]]:
    d = schema.documents
    shown = window.doc_ids[:ENTITY_LIST]
    rows = conn.execute(
        select(d.c.id, d.c.title, d.c.published, d.c.outlet, d.c.source).where(d.c.id.in_(shown))
    ).all()
    docs = [
        {"id": r.id, "title": r.title, "published": r.published, "outlet": r.outlet, "source": r.source}
        for r in rows
    ]
    return sorted(docs, key=lambda doc: doc["published"] or "", reverse=True)


def _entity_rows(conn: Connection, ids: set[str]) -> dict[str, dict[str, Any]]:
    e = schema.entities
    rows = conn.execute(select(e.c.id, e.c.type, e.c.subtype, e.c.name).where(e.c.id.in_(sorted(ids))))
    return {r.id: {"name": r.name, "type": r.type, "subtype": r.subtype} for r in rows}


def _entity_names(conn: Connection, ids: set[str], mapping: dict[str, str]) -> dict[str, str]:
    targets = {i: mapping.get(i, i) for i in ids}
    rows = _entity_rows(conn, set(targets.values()))
    return {i: rows[t]["name"] for i, t in targets.items() if t in rows}


def _mention_counts(conn: Connection, ids: set[str], mapping: dict[str, str]) -> dict[str, int]:
    m = schema.mentions
    wanted = [*ids, *(k for k, v in mapping.items() if v in ids)]
    counts: Counter[str] = Counter()
    for entity_id, n in conn.execute(
        select(m.c.entity_id, func.count()).where(m.c.entity_id.in_(wanted)).group_by(m.c.entity_id)
    ):
        counts[mapping.get(entity_id, entity_id)] += n
    return dict(counts)


def _published(conn: Connection, doc_ids: set[str]) -> dict[str, str | None]:
    d = schema.documents
    return {
        r[0]: r[1] for r in conn.execute(select(d.c.id, d.c.published).where(d.c.id.in_(sorted(doc_ids))))
    }


def _relation_rows(
    conn: Connection, ids: list[str], relation_type: str | None, date_from: str | None, date_to: str | None
) -> list[Any]:
    r, d = schema.relations, schema.documents
    query = (
        select(
            r.c.type,
            r.c.subject,
            r.c.object,
            func.count().label("reports"),
            func.max(r.c.confidence).label("confidence"),
        )
        .where(or_(r.c.subject.in_(ids), r.c.object.in_(ids)))
        .group_by(r.c.type, r.c.subject, r.c.object)
    )
    if relation_type:
        query = query.where(r.c.type == relation_type)
    if date_from or date_to:
        query = query.join(d, d.c.id == r.c.doc_id)
        conditions = []
        if date_from:
            conditions.append(d.c.published >= date_from)
        if date_to:
            conditions.append(d.c.published <= date_to + "\uffff")
        query = query.where(and_(*conditions))
    return list(conn.execute(query))


def _contradiction(c: Any) -> dict[str, Any]:
    data: dict[str, Any] = c.model_dump(mode="json")
    data["is_entity"] = is_entity_id(c.about)
    return data


def split_reason(reason: str | None) -> tuple[str | None, str | None]:
    """A stored reason and the analyst the workbench recorded with it (``… [analyst: NAME]``)."""
    if not reason:
        return None, None
    match = _ANALYST.search(reason)
    if not match:
        return reason, None
    return reason[: match.start()] or None, match.group(1)


def with_analyst(reason: str, analyst: str) -> str:
    return f"{reason.strip()} [analyst: {analyst}]"


def _judgement(j: Judgement, every: list[Judgement]) -> dict[str, Any]:
    reason, analyst = split_reason(j.reason)
    pair = {j.entity_a, j.entity_b}
    later = [k for k in every if k.id > j.id and {k.entity_a, k.entity_b} == pair]
    # a merge is undone by a later split of the pair, and the other way round; a name split stays
    undone_by = next((k.id for k in later if k.kind != j.kind), None)
    return {
        "id": j.id,
        "kind": j.kind,
        "entity_a": j.entity_a,
        "entity_b": j.entity_b,
        "b_is_entity": is_entity_id(j.entity_b),
        "reason": reason,
        "analyst": analyst or "CLI",
        "created_at": j.created_at.isoformat(timespec="seconds") if j.created_at else None,
        "undone_by": undone_by,
        "undoable": undone_by is None and is_entity_id(j.entity_b),
    }
