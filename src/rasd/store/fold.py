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
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, delete, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import ColumnElement

from rasd.kb.judgements import apply_merges, merge_map, merge_reasons
from rasd.record import Document
from rasd.relate.across import FLOATING, event_report, status_statements
from rasd.store import schema
from rasd.store.fold_blocking import (
    CONFLICT_MODALITIES,
    FLOATER_PART,
    Item,
    anchor_groups,
    anchors_join,
    fits,
    floaters_fitting,
    pool_mates,
    pooled,
)

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
    events compared here), the groups it changes settled, then its rows and new keys written."""
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
            doc.published,
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


# Group labels. A group of day-dated reports (with the floating reports it holds) is labelled by its
# smallest day-dated report's ord; a group of floating reports only, by its smallest ord; a floating
# report that fits several groups (kept apart) by minus its ord; a report that merges with nothing
# (``none``) by its ord. Every label is a member's ord (or minus it): none collide.


def _label(conn: Connection, part: str, members: list[Item]) -> dict[int, int]:
    """Each new item's group label in partition ``part`` ("e" merged events, "c" contradictions), the
    stored groups it changes settled (``rasd.relate.across._group``'s three steps, incrementally)."""
    labels = {m.id: m.id for m in members if m.when.kind == "none"}
    anchors = [m for m in members if m.when.kind == "day"]
    floating = [m for m in members if m.when.kind in FLOATING]
    # 1. Day-dated reports: the stored groups each joins and the article's earlier ones; groups they
    # bridge become one (a day and the next: as far as days chain).
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for n, item in enumerate(anchors):
        find(("i", item.id))
        for group in anchor_groups(conn, item, part):
            parent[find(("g", group))] = find(("i", item.id))
        for earlier in anchors[:n]:
            if _same_block(part, item, earlier) and anchors_join(item, earlier):
                parent[find(("i", earlier.id))] = find(("i", item.id))
    components: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for node in list(parent):
        components.setdefault(find(node), []).append(node)
    recheck: set[int] = set()  # stored floating reports whose group may change
    unless_apart: set[int] = set()  # the same, unless kept apart already (more groups cannot undo that)
    for nodes in components.values():
        stored = [value for kind, value in nodes if kind == "g"]
        new = [value for kind, value in nodes if kind == "i"]
        label = min(stored + new)
        labels.update((value, label) for value in new)
        for group in stored:
            if group != label:
                _relabel(conn, part, group, label)
        mine = [m for m in anchors if m.id in new]
        if len(stored) > 1:  # groups merged: a report that fitted two of them may fit one now
            mine += [m for m in _stored_items(conn, _column(part) == label) if m.when.kind == "day"]
            recheck.update(f for a in mine for f in floaters_fitting(conn, a, part))
        else:
            unless_apart.update(f for a in mine for f in floaters_fitting(conn, a, part))
    # 2. The article's floating reports: the groups they fit (stored, through keys; the article's own
    # day-dated reports compared here, as the stored keys know no sentence).
    fitted: dict[int, set[int]] = {}
    for f in floating:
        fitted[f.id] = anchor_groups(conn, f, part) | {
            labels[a.id] for a in anchors if _same_block(part, f, a) and fits(f, a)
        }
    for nodes in components.values():
        new = [value for kind, value in nodes if kind == "i"]
        _add_keys(conn, [m for m in anchors if m.id in new], labels[new[0]], part)
    current = _labels_of(conn, part, recheck | unless_apart)
    recheck |= {f for f in unless_apart if current.get(f, 0) > 0}
    # 3. Settle the stored floating reports, then the article's.
    again = {f: current[f] for f in recheck if f in current}
    extra = [(a, labels[a.id]) for a in anchors]
    labels.update(_settle(conn, part, again, set(), set(), floating, fitted, extra))
    _add_keys(conn, floating, 0, FLOATER_PART[part])
    return labels


def _settle(
    conn: Connection,
    part: str,
    recheck: dict[int, int],
    stale: set[int],
    dirty_pools: set[int],
    new: Sequence[Item] = (),
    fitted: dict[int, set[int]] | None = None,
    extra: list[tuple[Item, int]] | None = None,
) -> dict[int, int]:
    """Floating reports to place again: ``recheck`` (stored: ord → current label; ``stale`` labels are
    groups of day-dated reports just recomputed) and ``new`` (the article's, with the groups they fit).
    Each joins the one group it fits, is kept apart when it fits several, or joins the floating reports
    of its bucket it is linked to when it fits none; the groups of floating reports that lost one
    (``dirty_pools`` too) are recomputed. The new reports' labels."""
    column = _column(part)
    extra = extra or []
    stored = {m.id: m for m in _stored_items(conn, items.c.ord.in_(sorted(recheck)))} if recheck else {}
    anchored = _anchor_labels(conn, part, {c for c in recheck.values() if c > 0} - stale)

    def pool_label(label: int) -> bool:
        return label > 0 and label not in stale and label not in anchored

    entering: list[Item] = []
    labels: dict[int, int] = {}
    for ord_, cur in sorted(recheck.items()):
        f = stored.get(ord_)
        if f is None:
            continue
        groups = _fitting_groups(conn, part, f, extra)
        target = next(iter(groups)) if len(groups) == 1 else -f.id if groups else None
        if target is None and pool_label(cur):
            continue  # fits no group, and already among the floating reports of its bucket
        if target == cur:
            continue
        if pool_label(cur):
            dirty_pools.add(cur)
        if target is None:
            entering.append(f)
        else:
            conn.execute(update(items).where(items.c.ord == f.id).values({column.name: target}))
    for f in new:
        groups = (fitted or {})[f.id]
        if len(groups) == 1:
            labels[f.id] = next(iter(groups))
        elif groups:
            labels[f.id] = -f.id
        else:
            entering.append(f)
    for pool in sorted(dirty_pools):
        _regroup_pool(conn, part, pool)
    # Floating reports fitting no group: the stored ones of their bucket they are linked to (in the
    # bucket's groups of floating reports), and each other.
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    mine = {f.id for f in entering}
    for n, f in enumerate(entering):
        find(("i", f.id))
        mates = pool_mates(conn, f, part) - mine
        if mates:
            found = {m.id: m for m in _stored_items(conn, items.c.ord.in_(sorted(mates)))}
            at = _labels_of(conn, part, set(found))
            anchored_mates = _anchor_labels(conn, part, {c for c in at.values() if c > 0})
            for m in found.values():
                label = at.get(m.id, 0)
                if label > 0 and label not in anchored_mates and pooled(f, m):
                    parent[find(("g", label))] = find(("i", f.id))
        for earlier in entering[:n]:
            if _same_block(part, f, earlier) and pooled(f, earlier):
                parent[find(("i", earlier.id))] = find(("i", f.id))
    components: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for node in list(parent):
        components.setdefault(find(node), []).append(node)
    news = {f.id for f in new}
    for nodes in components.values():
        label = min(value for _kind, value in nodes)
        for kind, value in nodes:
            if kind == "g":
                if value != label:
                    conn.execute(update(items).where(column == value).values({column.name: label}))
            elif value in news:
                labels[value] = label
            else:
                conn.execute(update(items).where(items.c.ord == value).values({column.name: label}))
    return labels


def _fitting_groups(conn: Connection, part: str, f: Item, extra: list[tuple[Item, int]]) -> set[int]:
    """The groups of day-dated reports a stored floating report fits. The keys know no sentence: the
    group of a day-dated report of its own sentence (two events of one sentence are never one) is kept
    only if another of its reports fits (``extra``: the new article's, not stored yet, and labels)."""
    groups = anchor_groups(conn, f, part)
    base, column = f.num * ORD, _column(part)
    twins = set(
        conn.execute(
            select(column).where(
                items.c.ord >= base,
                items.c.ord < base + ORD,
                items.c.ord != f.id,
                items.c.start == f.start,
                items.c.end == f.end,
                items.c.type == f.type,
            )
        ).scalars()
    )
    for g in groups & twins:
        members = [a for a in _stored_items(conn, column == g)] + [a for a, label in extra if label == g]
        if not any(a.when.kind == "day" and _same_block(part, f, a) and fits(f, a) for a in members):
            groups.discard(g)
    return groups


def _same_block(part: str, a: Item, b: Item) -> bool:
    """Whether two reports can be one group of ``part``: merged events keep modalities apart,
    contradictions' groups join asserted and denied reports."""
    return part == "c" or a.modality == b.modality


def _components(part: str, members: list[Item], linked: Callable[[Item, Item], bool]) -> dict[int, int]:
    """Each member's component under ``linked`` (within one block), named by its smallest ord."""
    parent = {m.id: m.id for m in members}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for n, a in enumerate(members):
        for b in members[n + 1 :]:
            if find(a.id) != find(b.id) and _same_block(part, a, b) and linked(a, b):
                ra, rb = find(a.id), find(b.id)
                parent[max(ra, rb)] = min(ra, rb)
    return {m.id: find(m.id) for m in members}


def _regroup_pool(conn: Connection, part: str, pool: int) -> None:
    """A group of floating reports lost one: its components, each labelled by its smallest ord."""
    column = _column(part)
    members = list(_stored_items(conn, column == pool))
    roots = _components(part, members, pooled)
    for m in members:
        if roots[m.id] != pool:
            conn.execute(update(items).where(items.c.ord == m.id).values({column.name: roots[m.id]}))


def _labels_of(conn: Connection, part: str, ords: set[int]) -> dict[int, int]:
    if not ords:
        return {}
    column = _column(part)
    rows = conn.execute(select(items.c.ord, column).where(items.c.ord.in_(sorted(ords)), column.is_not(None)))
    return {ord_: label for ord_, label in rows}


def _anchor_labels(conn: Connection, part: str, labels: set[int]) -> set[int]:
    """Which of these labels are groups of day-dated reports (they have keys; a group of floating
    reports has none, and a day-dated report without place or participant holds no floating one)."""
    if not labels:
        return set()
    found: set[int] = set()
    for table in KEY_TABLES:
        found.update(
            conn.execute(
                select(table.c.grp).where(table.c.part == part, table.c.grp.in_(sorted(labels))).distinct()
            ).scalars()
        )
    return found


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
    """The keys of a group of day-dated reports (``part`` e, c: ``label``), or of each floating report
    (``part`` f, g: its ord, the date its bucket)."""
    place_rows: dict[int, dict[str, Any]] = {}
    part_rows: dict[int, dict[str, Any]] = {}
    floating = part in FLOATER_PART.values()
    for item in members:
        block = {
            "part": part,
            "type": item.type,
            "modality": item.modality if part in "ef" else "",
            "date": item.when.bucket if floating else item.when.value,
        }
        grp = item.id if floating else label
        if item.location is not None:
            row = {
                **block,
                "location": item.location,
                "location_name": item.location_name,
                "lat": item.lat,
                "lon": item.lon,
            }
            place_rows.setdefault(_int_hash({**row, "grp": grp} if floating else row), {**row, "grp": grp})
        for entity_id in item.participants:
            row = {**block, "placed": int(item.location is not None), "entity_id": entity_id}
            part_rows.setdefault(_int_hash({**row, "grp": grp} if floating else row), {**row, "grp": grp})
    for table, rows in ((schema.fold_keys, place_rows), (schema.fold_part_keys, part_rows)):
        if rows:
            conn.execute(
                _insert_ignoring(conn, table),
                [{**row, "key": key} for key, row in rows.items()],
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
    """Take the articles' contributions away; settle again what stays of the groups they were in."""
    ids = sorted(set(doc_ids))
    if not ids:
        return
    d = schema.documents
    nums = conn.execute(select(d.c.num).where(d.c.id.in_(ids))).scalars().all()
    # rows keyed by ord (documents.num * ORD + position), not by the article's id: its range of ords
    mine = [(items.c.ord >= num * ORD) & (items.c.ord < (num + 1) * ORD) for num in nums]
    gone: dict[str, list[tuple[Item, int]]] = {"e": [], "c": []}
    for where in mine:
        labelled = {
            o: (e, c)
            for o, e, c in conn.execute(select(items.c.ord, items.c.egroup, items.c.cgroup).where(where))
        }
        for item in _stored_items(conn, where):
            egroup, cgroup = labelled[item.id]
            gone["e"].append((item, egroup))
            if cgroup is not None:
                gone["c"].append((item, cgroup))
    for num in nums:
        for table in schema.FOLD_TABLES:
            if table is schema.fold_docs:
                conn.execute(delete(table).where(table.c.num == num))
            else:
                conn.execute(delete(table).where(table.c.ord >= num * ORD, table.c.ord < (num + 1) * ORD))
        for table in KEY_TABLES:  # the keys of its floating reports
            conn.execute(
                delete(table).where(
                    table.c.part.in_(sorted(FLOATER_PART.values())),
                    table.c.grp >= num * ORD,
                    table.c.grp < (num + 1) * ORD,
                )
            )
    for part, removed in gone.items():
        if removed:
            _settle_removal(conn, part, removed)


def _settle_removal(conn: Connection, part: str, removed: list[tuple[Item, int]]) -> None:
    """Reports taken away: their groups of day-dated reports are recomputed (one may split), and the
    floating reports those held, or that the removed day-dated reports fitted, are placed again."""
    anchors = [(m, g) for m, g in removed if m.when.kind == "day"]
    stale = {g for _m, g in anchors}
    # by label, not kind (a changed article's publication date may have changed its reports' kind)
    pools = {g for m, g in removed if m.when.kind != "day" and g > 0}
    pools -= _anchor_labels(conn, part, pools)  # attached to a group of day-dated reports: not a pool
    recheck: dict[int, int] = {}
    for group in sorted(stale):
        for m, label in _regroup_anchors(conn, part, group):
            recheck[m.id] = label
    fitted_by_gone = {f for m, _g in anchors for f in floaters_fitting(conn, m, part)}
    recheck.update(_labels_of(conn, part, fitted_by_gone - set(recheck)))
    _settle(conn, part, recheck, stale, pools - stale)


def _regroup_anchors(conn: Connection, part: str, group: int) -> list[tuple[Item, int]]:
    """Recompute one group of day-dated reports from its remaining ones (taking one away may split
    it): components labelled by their smallest ord, keys rewritten. Its floating reports (with the
    label they still have) to be placed again."""
    column = _column(part)
    for table in KEY_TABLES:
        conn.execute(delete(table).where(table.c.part == part, table.c.grp == group))
    members = list(_stored_items(conn, column == group))
    anchors = [m for m in members if m.when.kind == "day"]
    roots = _components(part, anchors, anchors_join)
    components: dict[int, list[Item]] = {}
    for m in anchors:
        components.setdefault(roots[m.id], []).append(m)
    for label, component in components.items():  # a component's root is its smallest ord
        ords = [m.id for m in component]
        conn.execute(update(items).where(items.c.ord.in_(ords), column != label).values({column.name: label}))
        _add_keys(conn, component, label, part)
    return [(m, group) for m in members if m.when.kind in FLOATING]


def _stored_items(conn: Connection, where: ColumnElement[bool]) -> Iterator[Item]:
    d = schema.documents
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
            d.c.published,
        )
        .join(d, d.c.num == items.c.ord // ORD)
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
            row.published,
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
