"""The cross-article fold, kept in the store as articles arrive (tables ``fold_*``, migration 0003).

What ``rasd.relate.merge_events``, ``find_contradictions`` and ``rasd.export.Knowledge`` compute over
every article, kept up to date one article at a time, so that reading commands read it instead:

- every event of every article is an *item* with two group labels: ``egroup``, the merged event
  (``merge_events``' groups: same type and modality) and ``cgroup`` (asserted or denied reports of
  one event, any of the two modalities: event contradictions);
- a new item is compared only with the stored items its blocking keys find (same type, a compatible
  date, and the same place id, place name, a place within 50 km, or a shared participant where a
  place is unknown), each an indexed query; it joins every group one of them belongs to (groups are
  joined). Groups are the connected components of ``same_event``, which do not depend on the order
  articles arrive in, so the stored groups are exactly the in-memory fold's;
- statements about persons (killed / alive / captured / at large), relations and per-article
  entity summaries are stored per article and folded when read (``rasd.store.fold_read``).

A re-ingested, changed article takes its contributions away (``unfold``: the groups it was in are
recomputed from their remaining items, since taking an item away can split a group) and adds the new
ones. An analyst's merge or split judgement refolds the articles that name an entity whose id it
changes. A store from before 0003 is folded on first use (``catch_up``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, Engine, delete, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import ColumnElement

from rasd.kb.judgements import apply_merges, merge_map, merge_reasons
from rasd.record import Document
from rasd.relate.across import event_report, status_statements
from rasd.store import schema
from rasd.store.fold_blocking import CONFLICT_MODALITIES, Item, candidate_groups, same_item, unknown_date

ORD = 100_000  # ord = documents.num * ORD + position in the article: the in-memory fold's reading order
_LOCK = 7287365  # PostgreSQL advisory lock: concurrent ingests fold one at a time (no missed joins)

items = schema.fold_items


# -- adding ----------------------------------------------------------------------------------------


def on_ingest(conn: Connection, doc: Document, *, replaced: bool) -> None:
    """Fold a stored article (its raw record, before judgements) in the ingest's transaction."""
    _lock(conn)
    if replaced:
        unfold(conn, [doc.id])
    num = conn.execute(select(schema.documents.c.num).where(schema.documents.c.id == doc.id)).scalar_one()
    add(conn, doc, num)


def add(conn: Connection, raw: Document, num: int) -> None:
    """Add one article's contributions (judgements in force applied first)."""
    doc = in_force(conn, [raw.model_copy(deep=True)])[0] if _has_judgements(conn) else raw
    base = num * ORD
    conn.execute(schema.fold_docs.insert().values(num=num, url=doc.url, source_id=doc.source_id))
    _add_entities(conn, raw, doc, base)
    if doc.relations:
        conn.execute(
            schema.fold_relations.insert(),
            [
                {
                    "ord": base + i,
                    "type": r.type,
                    "subject": r.subject,
                    "object": r.object,
                    "start": r.evidence.start,
                    "end": r.evidence.end,
                    "confidence": r.confidence,
                }
                for i, r in enumerate(doc.relations)
            ],
        )
    statements = status_statements(doc)
    if statements:
        conn.execute(
            schema.fold_statements.insert(),
            [
                {
                    "ord": base + i,
                    "entity_id": entity_id,
                    "says": s.says,
                    "start": s.evidence.start,
                    "end": s.evidence.end,
                    "record": s.model_dump(mode="json", exclude={"text"}),
                }
                for i, (entity_id, s) in enumerate(statements)
            ],
        )
    if doc.events:
        _add_events(conn, doc, base)


def _add_entities(conn: Connection, raw: Document, doc: Document, base: int) -> None:
    rows: dict[str, dict[str, Any]] = {}
    variants: dict[int, Any] = {}
    for i, ent in enumerate(doc.entities):
        if ent.id in rows:  # one id twice in an article: counted once, as Knowledge does
            rows[ent.id]["mentions"] += len(ent.mentions)
            continue
        # defaults left out (validating the record puts them back), and the id (the row has it): half
        # the bytes of most records, and one record for things two articles describe alike
        record = ent.model_dump(
            mode="json", exclude={"id", "mentions", "alias_evidence"}, exclude_defaults=True
        )
        variant = _int_hash(record)  # most articles give a thing the record another gave it: stored once
        variants.setdefault(variant, record)
        rows[ent.id] = {
            "entity_id": ent.id,
            "ord": base + i,
            "raw_ids": [],
            "mentions": len(ent.mentions),
            "variant": variant,
        }
    if rows and doc is not raw:
        mapping = merge_map(_judgements(conn))
        for ent in raw.entities:
            row = rows.get(mapping.get(ent.id, ent.id))
            if row is not None and ent.id not in row["raw_ids"]:
                row["raw_ids"].append(ent.id)
    for row in rows.values():
        if row["raw_ids"] in ([], [row["entity_id"]]):
            row["raw_ids"] = None  # the usual case: the id as the pipeline gave it
    if rows:
        conn.execute(
            _insert_ignoring(conn, schema.fold_entity_variants, ["key"]),
            [{"key": key, "record": record} for key, record in variants.items()],
        )
        conn.execute(schema.fold_entities.insert(), list(rows.values()))


def _add_events(conn: Connection, doc: Document, base: int) -> None:
    """Every event of the article: its groups found through the stored keys (the article's own earlier
    events compared here), the groups it bridges joined, then its rows and new keys written."""
    reports = [event_report(doc, ev) for ev in doc.events]
    news = [
        Item(
            base + i,  # an item's ord is also its group label when it starts a group
            base // ORD,
            ev.type,
            ev.modality,
            ev.date.value if ev.date else None,
            ev.location,
            report.location_name,
            ev.geo.lat if ev.geo else None,
            ev.geo.lon if ev.geo else None,
            ev.evidence.start,
            ev.evidence.end,
            frozenset(ev.actors + ev.targets),
        )
        for i, (ev, report) in enumerate(zip(doc.events, reports, strict=True))
    ]
    labels: dict[str, dict[int, int]] = {}
    for part in ("e", "c"):
        members = [i for i in news if part == "e" or i.modality in CONFLICT_MODALITIES]
        labels[part] = _label(conn, part, members) if members else {}
    rows = []
    for item, ev, report in zip(news, doc.events, reports, strict=True):
        rows.append(
            {
                "ord": item.id,
                "type": item.type,
                "modality": item.modality,
                "date": item.date,
                "date_rank": _RANK[ev.date.precision] if ev.date and ev.date.value else None,
                "location": item.location,
                "location_name": item.location_name,
                "lat": item.lat,
                "lon": item.lon,
                "start": item.start,
                "end": item.end,
                "fatalities": ev.fatalities,
                "egroup": labels["e"][item.id],
                "cgroup": labels["c"].get(item.id),
                "record": {  # defaults and nulls left out: validating the record puts them back
                    "event": ev.model_dump(mode="json", exclude_defaults=True),
                    **({"location_name": report.location_name} if report.location_name is not None else {}),
                    **({"by": report.by} if report.by is not None else {}),
                },
            }
        )
    conn.execute(items.insert(), rows)


def _label(conn: Connection, part: str, members: list[Item]) -> dict[int, int]:
    """Each new item's group label in partition ``part``: the groups it matches (stored ones, and the
    article's other new items) become one, labelled by the smallest label among them (a stored
    group's, else the smallest new item's ord). A label is always a member's ord: none collide."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def join(a: tuple[str, int], b: tuple[str, int]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb, key=lambda n: n[1])] = min(ra, rb, key=lambda n: n[1])

    for n, item in enumerate(members):
        find(("i", item.id))
        for group in candidate_groups(conn, item, part):
            join(("i", item.id), ("g", group))
        for earlier in members[:n]:  # merged events keep to one modality; contradictions mix two
            if (part == "c" or earlier.modality == item.modality) and same_item(item, earlier):
                join(("i", item.id), ("i", earlier.id))
    components: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for node in list(parent):
        components.setdefault(find(node), []).append(node)
    labels: dict[int, int] = {}
    for root, nodes in components.items():
        label = root[1]  # the smallest label or ord (stored labels are older ords: smaller)
        for kind, value in nodes:
            if kind == "i":
                labels[value] = label
            elif value != label:
                _relabel(conn, part, value, label)
        _add_keys(conn, [m for m in members if labels.get(m.id) == label], label, part)
    return labels


def _relabel(conn: Connection, part: str, other: int, label: int) -> None:
    """Group ``other`` becomes part of group ``label``: its items and its keys (each key once)."""
    column = _column(part)
    conn.execute(update(items).where(column == other).values({column.name: label}))
    for table in KEY_TABLES:
        kept = select(table.c.key).where(table.c.part == part, table.c.grp == label)
        conn.execute(delete(table).where(table.c.part == part, table.c.grp == other, table.c.key.in_(kept)))
        conn.execute(update(table).where(table.c.part == part, table.c.grp == other).values(grp=label))


_RANK = {"day": 3, "month": 2, "year": 1, "unknown": 0}


def _column(part: str) -> Any:
    return items.c.egroup if part == "e" else items.c.cgroup


KEY_TABLES = (schema.fold_keys, schema.fold_part_keys)


def _add_keys(conn: Connection, members: Iterable[Item], label: int, part: str) -> None:
    place_rows: dict[int, dict[str, Any]] = {}
    part_rows: dict[int, dict[str, Any]] = {}
    for item in members:
        block = {
            "part": part,
            "type": item.type,
            "modality": item.modality if part == "e" else "",
            "date": None if unknown_date(item.date) else item.date,
        }
        if item.location is not None:
            row = {
                **block,
                "location": item.location,
                "location_name": item.location_name,
                "lat": item.lat,
                "lon": item.lon,
            }
            place_rows.setdefault(_int_hash(row), row)
        for entity_id in item.participants:
            row = {**block, "placed": int(item.location is not None), "entity_id": entity_id}
            part_rows.setdefault(_int_hash(row), row)
    for table, rows in ((schema.fold_keys, place_rows), (schema.fold_part_keys, part_rows)):
        if rows:
            conn.execute(
                _insert_ignoring(conn, table),
                [{**row, "key": key, "grp": label} for key, row in rows.items()],
            )


def _int_hash(row: dict[str, Any]) -> int:
    """63 bits of the row's hash: an integer key (SQLite's rowid) instead of 32 characters and their
    index; the chance of a collision among a million records is below one in ten million."""
    digest = hashlib.sha256(json.dumps(row, sort_keys=True, ensure_ascii=False).encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def _insert_ignoring(conn: Connection, table: Any, keys: list[str] | None = None) -> Any:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing(index_elements=keys or ["key", "grp"])


# -- taking away -----------------------------------------------------------------------------------


def unfold(conn: Connection, doc_ids: Collection[str]) -> None:
    """Take the articles' contributions away; regroup what stays of the groups they were in."""
    ids = sorted(set(doc_ids))
    if not ids:
        return
    d = schema.documents
    nums = conn.execute(select(d.c.num).where(d.c.id.in_(ids))).scalars().all()
    # rows keyed by ord (documents.num * ORD + position), not by the article's id: its range of ords
    mine = [(items.c.ord >= num * ORD) & (items.c.ord < (num + 1) * ORD) for num in nums]
    egroups: set[int] = set()
    cgroups: set[int] = set()
    for where in mine:
        for egroup, cgroup in conn.execute(select(items.c.egroup, items.c.cgroup).where(where)):
            egroups.add(egroup)
            if cgroup is not None:
                cgroups.add(cgroup)
    for num in nums:
        for table in schema.FOLD_TABLES:
            if table is schema.fold_docs:
                conn.execute(delete(table).where(table.c.num == num))
            else:
                conn.execute(delete(table).where(table.c.ord >= num * ORD, table.c.ord < (num + 1) * ORD))
    for part, groups in (("e", egroups), ("c", cgroups)):
        for group in sorted(groups):
            _regroup(conn, part, group)


def _regroup(conn: Connection, part: str, group: int) -> None:
    """Recompute one group's components and keys from its items (taking an item away may split it)."""
    column = _column(part)
    for table in KEY_TABLES:
        conn.execute(delete(table).where(table.c.part == part, table.c.grp == group))
    members = list(_stored_items(conn, column == group))
    parent = {m.id: m.id for m in members}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for n, a in enumerate(members):
        for b in members[n + 1 :]:
            if find(a.id) != find(b.id) and same_item(a, b):
                ra, rb = find(a.id), find(b.id)
                parent[max(ra, rb)] = min(ra, rb)
    components: dict[int, list[Item]] = {}
    for m in members:
        components.setdefault(find(m.id), []).append(m)
    for label, component in components.items():  # a component's root is its smallest ord
        ords = [m.id for m in component]
        conn.execute(update(items).where(items.c.ord.in_(ords), column != label).values({column.name: label}))
        _add_keys(conn, component, label, part)


def _stored_items(conn: Connection, where: ColumnElement[bool]) -> Iterator[Item]:
    rows = conn.execute(
        select(
            items.c.ord,
            items.c.type,
            items.c.modality,
            items.c.date,
            items.c.location,
            items.c.location_name,
            items.c.lat,
            items.c.lon,
            items.c.start,
            items.c.end,
            items.c.record,
        )
        .where(where)
        .order_by(items.c.ord)
    )
    for row in rows:
        event = row.record["event"]
        yield Item(
            row.ord,
            row.ord // ORD,
            row.type,
            row.modality,
            row.date,
            row.location,
            row.location_name,
            row.lat,
            row.lon,
            row.start,
            row.end,
            frozenset(event.get("actors", []) + event.get("targets", [])),
        )


# -- judgements and stores from before the fold ----------------------------------------------------


def on_judgement(conn: Connection, before: dict[str, str]) -> None:
    """After a judgement is recorded (in its transaction): refold the articles naming an entity whose
    id in force changed. ``before`` is ``merge_map`` of the judgements before this one."""
    _lock(conn)
    after = merge_map(_judgements(conn))
    changed = {r for r in set(before) | set(after) if before.get(r, r) != after.get(r, r)}
    if not changed:
        return
    fe, d = schema.fold_entities, schema.documents
    old_ids = sorted({before.get(r, r) for r in changed})
    nums = {
        ord_ // ORD
        for ord_, entity_id, raw_ids in conn.execute(
            select(fe.c.ord, fe.c.entity_id, fe.c.raw_ids).where(fe.c.entity_id.in_(old_ids))
        )
        if changed & set(raw_ids or [entity_id])
    }
    refold(conn, conn.execute(select(d.c.id).where(d.c.num.in_(sorted(nums)))).scalars())


def refold(conn: Connection, doc_ids: Iterable[str]) -> None:
    ids = sorted(set(doc_ids))
    unfold(conn, ids)
    for doc, num in _load(conn, schema.documents.c.id.in_(ids)):
        add(conn, doc, num)


def catch_up(engine: Engine, batch: int = 200) -> int:
    """Fold the stored articles the fold lacks (a store from before migration 0003); how many."""
    d, f = schema.documents, schema.fold_docs
    missing = ~select(f.c.num).where(f.c.num == d.c.num).exists()
    done = 0
    with engine.connect() as conn:
        if conn.execute(select(d.c.num).where(missing).limit(1)).first() is None:
            return 0
    while True:
        with engine.begin() as conn:
            _lock(conn)
            page = list(_load(conn, missing, limit=batch))
            for doc, num in page:
                add(conn, doc, num)
        done += len(page)
        if len(page) < batch:
            return done


def _load(
    conn: Connection, where: ColumnElement[bool], limit: int | None = None
) -> list[tuple[Document, int]]:
    """Raw stored records (no judgements applied: ``add`` applies them), in ingest order."""
    # the record is stored packed since migration 0004: the store puts it back together
    from rasd.store.store import load_documents

    return load_documents(conn, where, limit)


def _has_judgements(conn: Connection) -> bool:
    return conn.execute(select(schema.judgements.c.id).limit(1)).first() is not None


def _judgements(conn: Connection) -> list[Any]:
    from rasd.store.store import _judgements as stored

    return stored(conn)


def in_force(conn: Connection, docs: list[Document]) -> list[Document]:
    """The documents (changed in place) with the judgements in force, as ``Store.iter_documents``."""
    from rasd.store.store import _load_entities

    judgements = _judgements(conn)
    mapping = merge_map(judgements)
    if mapping:
        canonical = _load_entities(conn, set(mapping.values()))
        reasons = merge_reasons(judgements)
        for doc in docs:
            apply_merges(doc, mapping, canonical, reasons)
    return docs


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
