"""Reading the stored cross-article fold (``rasd.store.fold``), streamed a page of groups at a time.

Each function gives what its in-memory counterpart gives on the stored documents, in the same order:
``merged_events`` as ``rasd.relate.merge_events``, ``contradictions`` as ``find_contradictions``,
``entities`` and ``relations`` as ``rasd.export.Knowledge.from_documents``. Nothing holds every stored
record at once, nor the list of every group: group labels come from one streamed query (the
database sorts them), and each page of groups is read by its labels.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, Engine, Select, Text, case, cast, distinct, func, literal, select
from sqlalchemy.engine import Row

from rasd.record import Entity, Event, Geo, Span
from rasd.relate.across import (
    Contradiction,
    EventReport,
    EventSource,
    MergedEvent,
    Statement,
    event_contradictions,
    merge_reports,
    status_contradictions,
)
from rasd.store import schema
from rasd.store.fold import ORD, catch_up

_PAGE = 500
_PAGE_REPORTS = 2000  # a page of 5,000 reports was 30 MB of the heap at 30,000 real articles
variants = schema.fold_entity_variants
items, d = schema.fold_items, schema.documents


class _StoredReport(BaseModel):
    """``fold_items.record``."""

    event: Event
    location_name: str | None = None
    by: str | None = None


def _snippet(table: Any) -> Any:
    """The evidence's words, cut from the stored text (the fold keeps offsets, not copies)."""
    return func.substr(d.c.text, table.c.start + 1, table.c.end - table.c.start)


def merged_events(engine: Engine, *, include_non_asserted: bool = False) -> Iterator[MergedEvent]:
    """Every merged event, in ``merge_events``' order (by each group's first report)."""
    catch_up(engine)
    where = [] if include_non_asserted else [items.c.modality == "asserted"]
    labels = _streamed(
        engine,
        select(items.c.egroup, func.count())
        .where(*where)
        .group_by(items.c.egroup)
        .order_by(func.min(items.c.ord)),
    )
    for group in _report_groups(engine, items.c.egroup, _pairs(labels)):
        yield merge_reports(group)


def event_order(engine: Engine, *, include_non_asserted: bool = False) -> Iterator[tuple[int, int]]:
    """(label, reports) of each group by (merged date, type), as ``rasd events`` lists them, from the
    date columns alone, streamed: the database ranks and sorts the groups."""
    catch_up(engine)
    where = [] if include_non_asserted else [items.c.modality == "asserted"]
    # merge_reports keeps the first date of the highest precision: a group's date is that of its report
    # ranked first by (-precision, ord), reports without a date last; no date sorts as "". Ties keep
    # merge_events' order (the group's first report). A group is of one type (groups are per type).
    dated = (items.c.date.is_not(None)) & (items.c.date != "")
    ranked = (
        select(
            items.c.egroup,
            items.c.type,
            case((dated, items.c.date), else_=literal("")).label("value"),
            func.row_number()
            .over(
                partition_by=items.c.egroup,
                order_by=(case((dated, -items.c.date_rank), else_=1), items.c.ord),
            )
            .label("rn"),
            func.min(items.c.ord).over(partition_by=items.c.egroup).label("first"),
            func.count().over(partition_by=items.c.egroup).label("size"),
        )
        .where(*where)
        .subquery()
    )
    query = (
        select(ranked.c.egroup, ranked.c.size)
        .where(ranked.c.rn == 1)
        .order_by(_bytewise(engine, ranked.c.value), _bytewise(engine, ranked.c.type), ranked.c.first)
    )
    return _pairs(_streamed(engine, query))


def merge_order(engine: Engine) -> Iterator[tuple[int, int]]:
    """(label, reports) of every merged event of every modality, in ``merge_events``' order (by each
    group's first report), streamed: what the exports read (``rasd.export.knowledge.StoredEvents``)."""
    catch_up(engine)
    query = select(items.c.egroup, func.count()).group_by(items.c.egroup).order_by(func.min(items.c.ord))
    return _pairs(_streamed(engine, query))


def _bytewise(engine: Engine, column: Any) -> Any:
    """Python's string order (code points): SQLite's BINARY already; PostgreSQL's "C" collation, not
    the database's locale (which, in en_US, ignores the hyphens of «--05»)."""
    return column.collate("C") if engine.dialect.name == "postgresql" else column


def _streamed(engine: Engine, query: Select[Any], size: int | None = None) -> Iterator[Row[Any]]:
    """The rows of one query as the database gives them, ``size`` (default ``_PAGE`` × 4) at a time,
    never all held: a server-side cursor on PostgreSQL (psycopg would fetch the whole result), SQLite's
    own stepping."""
    with engine.connect() as conn:
        yield from conn.execution_options(stream_results=True, yield_per=size or _PAGE * 4).execute(query)


def _pairs(rows: Iterable[Any]) -> Iterator[tuple[int, int]]:
    return ((int(row[0]), int(row[1])) for row in rows)


def events_in(engine: Engine, labels: Iterable[tuple[int, int]]) -> Iterator[MergedEvent]:
    """The merged events of these (label, reports) groups, in that order."""
    for group in _report_groups(engine, items.c.egroup, labels):
        yield merge_reports(group)


def events_with_names(
    engine: Engine, *, include_non_asserted: bool = False
) -> Iterator[tuple[MergedEvent, dict[str, str]]]:
    """``rasd events``' rows: each merged event by (date, type), with the names of its participants."""
    labels = event_order(engine, include_non_asserted=include_non_asserted)
    for sized in _pages(labels):
        page = list(events_in(engine, sized))
        with engine.connect() as conn:
            names = entity_names(conn, {e for m in page for e in m.actors + m.targets})
        for m in page:
            yield m, names


def event_of(engine: Engine, doc_id: str, trigger: int) -> MergedEvent | None:
    """The merged event (every modality) holding the article's event whose trigger starts at ``trigger``."""
    catch_up(engine)
    with engine.connect() as conn:
        num = conn.execute(select(d.c.num).where(d.c.id == doc_id)).scalar_one_or_none()
        if num is None:
            return None
        rows = conn.execute(
            select(items.c.egroup, items.c.record).where(
                items.c.ord >= num * ORD, items.c.ord < (num + 1) * ORD
            )
        ).all()
    label = next((g for g, record in rows if record["event"]["trigger"]["start"] == trigger), None)
    return None if label is None else next(events_in(engine, [(label, 1)]), None)


def document_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(d)).scalar_one())


def _report_groups(
    engine: Engine, column: Any, labels: Iterable[tuple[int, int]]
) -> Iterator[list[EventReport]]:
    """The reports of each (label, size) group, in reading order, read a page at a time."""
    for sized in _pages(labels):
        page = [label for label, _size in sized]
        with engine.connect() as conn, _no_gc():
            rows = conn.execute(
                select(
                    column,
                    d.c.id,
                    cast(items.c.record, Text),  # parsed by pydantic from the JSON text: 3× faster
                    d.c.source,
                    d.c.outlet,
                    d.c.published,
                    _snippet(items),
                )
                .join(d, d.c.num == items.c.ord // ORD)  # the article is in the ord
                .where(column.in_(page))
                .order_by(items.c.ord)
            )
            groups: dict[int, list[EventReport]] = {label: [] for label in page}
            for label, doc_id, record, source, outlet, published, words in rows:
                stored = _StoredReport.model_validate_json(record)
                ev = stored.event
                report_source = EventSource(
                    document=doc_id,
                    source=source,
                    outlet=outlet,
                    published=published,
                    evidence=ev.evidence,
                    text=words or "",
                    modality=ev.modality,
                    fatalities=ev.fatalities,
                )
                groups[label].append(EventReport(ev, report_source, stored.location_name, stored.by))
        yield from (group for group in groups.values() if group)


def _pages(labels: Iterable[tuple[int, int]]) -> Iterator[list[tuple[int, int]]]:
    """(label, reports) in pages of at most _PAGE groups and _PAGE_REPORTS reports (a larger group
    alone): what one page holds in memory is bounded, whatever the store's size."""
    page: list[tuple[int, int]] = []
    reports = 0
    for label, size in labels:
        if page and (len(page) >= _PAGE or reports + size > _PAGE_REPORTS):
            yield page
            page, reports = [], 0
        page.append((label, size))
        reports += size
    if page:
        yield page


@contextmanager
def _no_gc() -> Iterator[None]:
    """Building a page makes tens of thousands of small objects and no reference cycles: the cyclic
    collector would rescan them again and again (half the reading time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def contradictions(engine: Engine) -> Iterator[Contradiction]:
    """What ``find_contradictions`` finds, in its order: persons first, then events."""
    catch_up(engine)
    st = schema.fold_statements
    people = _streamed(
        engine,
        select(st.c.entity_id)
        .group_by(st.c.entity_id)
        .having(func.count(distinct(st.c.says)) > 1)
        .order_by(func.min(st.c.ord)),
    )
    conflicted = _streamed(
        engine,
        select(items.c.cgroup, func.count())
        .where(items.c.cgroup.is_not(None))
        .group_by(items.c.cgroup)
        .having(
            func.count() > 1,
            (func.count(distinct(items.c.modality)) > 1) | (func.count(distinct(items.c.fatalities)) > 1),
        )
        .order_by(func.min(items.c.ord)),
    )
    for page in _chunks((entity_id for (entity_id,) in people), _PAGE):
        with engine.connect() as conn:
            names = entity_names(conn, page)
            said: dict[str, list[Statement]] = {entity_id: [] for entity_id in page}
            rows = conn.execute(
                select(st.c.entity_id, st.c.record, _snippet(st))
                .join(d, d.c.num == st.c.ord // ORD)
                .where(st.c.entity_id.in_(page))
                .order_by(st.c.ord)
            )
            for entity_id, record, words in rows:
                said[entity_id].append(Statement.model_validate({**record, "text": words or ""}))
        for entity_id, statements in said.items():
            yield from status_contradictions(entity_id, names.get(entity_id, entity_id), statements)
    for group in _report_groups(engine, items.c.cgroup, _pairs(conflicted)):
        yield from event_contradictions(group)


def _chunks(values: Iterable[str], size: int) -> Iterator[list[str]]:
    page: list[str] = []
    for value in values:
        page.append(value)
        if len(page) >= size:
            yield page
            page = []
    if page:
        yield page


def entity_names(conn: Connection, ids: Iterable[str]) -> dict[str, str]:
    """Entity id → its name in the last article (in reading order) that has it, as the in-memory
    commands' ``{e.id: e.name for d in docs for e in d.entities}``."""
    fe = schema.fold_entities
    wanted = sorted(set(ids))
    names: dict[str, str] = {}
    for start in range(0, len(wanted), _PAGE):
        last = (
            select(fe.c.entity_id, func.max(fe.c.ord).label("ord"))
            .where(fe.c.entity_id.in_(wanted[start : start + _PAGE]))
            .group_by(fe.c.entity_id)
            .subquery()
        )
        rows = conn.execute(
            select(fe.c.entity_id, variants.c.record)
            .join(last, (last.c.entity_id == fe.c.entity_id) & (last.c.ord == fe.c.ord))
            .join(variants, variants.c.key == fe.c.variant)
        )
        names.update((entity_id, record["name"]) for entity_id, record in rows)
    return names


def entities(engine: Engine) -> Iterator[tuple[Entity, list[str], int]]:
    """(entity, the articles that have it in reading order, mentions) per entity, in first-seen order:
    the articles' records folded as ``Knowledge`` folds them."""
    catch_up(engine)
    fe = schema.fold_entities
    order = _streamed(engine, select(fe.c.entity_id).group_by(fe.c.entity_id).order_by(func.min(fe.c.ord)))
    same: dict[str, str] = {}  # one string per document id, however many entities list it
    for page in _chunks((entity_id for (entity_id,) in order), _PAGE):
        folded: dict[str, tuple[Entity, list[str], int]] = {}
        folded_variants: dict[str, set[int]] = {}  # the records already folded into each entity
        with engine.connect() as conn, _no_gc():
            rows = conn.execute(
                select(fe.c.entity_id, d.c.id, fe.c.mentions, fe.c.variant, cast(variants.c.record, Text))
                .join(variants, variants.c.key == fe.c.variant)
                .join(d, d.c.num == fe.c.ord // ORD)  # the article is in the ord
                .where(fe.c.entity_id.in_(page))
                .order_by(fe.c.ord)
            )
            for entity_id, doc_id, mentions, variant, stored in rows:
                doc_id = same.setdefault(doc_id, doc_id)
                record = '{"id":' + json.dumps(entity_id) + "," + stored[1:]  # records leave the id out
                seen = folded.get(entity_id)
                if seen is None:
                    folded[entity_id] = (Entity.model_validate_json(record), [doc_id], mentions)
                    folded_variants[entity_id] = {variant}
                    continue
                known, docs, count = seen
                if variant not in folded_variants[entity_id]:  # most articles name a thing as another did
                    folded_variants[entity_id].add(variant)
                    _widen(known, json.loads(record))
                docs.append(doc_id)  # one row per (article, entity): never twice
                folded[entity_id] = (known, docs, count + mentions)
        for entity_id in page:
            yield folded[entity_id]


def _widen(known: Entity, ent: dict[str, Any]) -> None:
    """``Knowledge``'s widening of an entity by another article's record (as JSON)."""
    for alias in (ent["name"], *ent.get("aliases", [])):
        if alias != known.name and alias not in known.aliases:
            known.aliases.append(alias)
    known.subtype = known.subtype or ent.get("subtype")
    if known.geo is None and ent.get("geo"):
        known.geo = Geo.model_validate(ent["geo"])
    if ent.get("kb"):
        known.kb = {**ent["kb"], **(known.kb or {})}


def relations(engine: Engine) -> Iterator[tuple[str, str, str, float, str, Span, str]]:
    """(type, subject, object, confidence, document, evidence, words) per stored relation, in reading
    order: ``Knowledge`` groups them by (type, subject, object)."""
    catch_up(engine)
    fr = schema.fold_relations
    last = -1
    while True:
        with engine.connect() as conn:
            query: Select[Any] = (
                select(fr.c.ord, fr.c.type, fr.c.subject, fr.c.object, fr.c.confidence, d.c.id)
                .add_columns(fr.c.start, fr.c.end, _snippet(fr))
                .join(d, d.c.num == fr.c.ord // ORD)
                .where(fr.c.ord > last)
                .order_by(fr.c.ord)
                .limit(_PAGE * 4)
            )
            page = conn.execute(query).all()
        if not page:
            return
        for row in page:
            yield (row[1], row[2], row[3], row[4], row[5], Span(start=row[6], end=row[7]), row[8] or "")
        last = page[-1][0]


def counts(engine: Engine) -> dict[str, int]:
    """Merged events (asserted; of every modality), for ``rasd stats``."""
    catch_up(engine)
    with engine.connect() as conn:
        asserted = conn.execute(
            select(func.count(distinct(items.c.egroup))).where(items.c.modality == "asserted")
        ).scalar_one()
        every = conn.execute(select(func.count(distinct(items.c.egroup)))).scalar_one()
    return {"merged_events": int(asserted), "merged_events_all_modalities": int(every)}
