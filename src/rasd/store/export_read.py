"""What the exports read of the stored fold besides ``fold_read``: articles as light records, a page at
a time (``rasd.export.knowledge.Knowledge.from_store``).

An export writes an article's metadata (every format), its text and the entities it names
(FollowTheMoney): these come from the ``documents`` and ``fold_*`` columns, never from unpacking the
stored extraction record (validating 10,000 whole records took most of a FollowTheMoney export).
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Engine, select

from rasd.record import Document
from rasd.store import schema
from rasd.store.fold import ORD, catch_up

_PAGE = 1000
d, f, fe = schema.documents, schema.fold_docs, schema.fold_entities


def articles(engine: Engine, *, text: bool = False) -> Iterator[Document]:
    """Every stored article in ingest order, with its metadata; with ``text``, also its text and the
    entities it names, each a ``Named`` that carries only the entity's id (in force: judgements
    applied). Relations, events and claims are left empty."""
    catch_up(engine)
    columns = [d.c.num, d.c.id, d.c.source, d.c.title, d.c.published, d.c.language, d.c.byline, d.c.outlet]
    if text:
        columns.append(d.c.text)
    last = -1
    while True:
        with engine.connect() as conn:
            page = conn.execute(
                select(*columns, f.c.url, f.c.source_id)
                .join(f, f.c.num == d.c.num)
                .where(d.c.num > last)
                .order_by(d.c.num)
                .limit(_PAGE)
            ).all()
            if not page:
                return
            named: dict[int, list[str]] = {}
            if text:
                # The page's articles as one range of ords (no index on ord alone: one scan a page).
                low, high = page[0].num * ORD, (page[-1].num + 1) * ORD
                for entity_id, ord_ in conn.execute(
                    select(fe.c.entity_id, fe.c.ord)
                    .where(fe.c.ord >= low, fe.c.ord < high)
                    .order_by(fe.c.ord)
                ):
                    named.setdefault(ord_ // ORD, []).append(entity_id)
        for row in page:
            values = row._asdict()
            num = values.pop("num")
            # Every field given: model_construct's default factories inspect their signature each time.
            values.setdefault("text", "")
            yield Document.model_construct(
                **values,
                entities=[Named(entity_id) for entity_id in named.get(num, [])],
                relations=[],
                events=[],
                claims=[],
                spans=[],
                raw=None,
            )
        last = page[-1].num


class Named:
    """An entity an article names, by its id alone: all an export reads of an article's entities
    (a pydantic ``Entity`` built for each of 200,000 names took seconds, and a cache of them grew with
    the knowledge base)."""

    __slots__ = ("id",)

    def __init__(self, entity_id: str) -> None:
        self.id = entity_id
