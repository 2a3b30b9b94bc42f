"""The database schema, one for SQLite and PostgreSQL (SQLAlchemy Core).

The alembic migrations in ``migrations/versions`` create exactly these tables (a test compares
them); the backend-specific search index (a contentless FTS5 table on SQLite; search_words and
search_postings on PostgreSQL, migration 0005; both written by the store) lives in the migrations only:
SQLAlchemy metadata cannot describe FTS5, and the PostgreSQL tables exist on that backend only.
A document's record is stored once: columns, extraction rows and ``documents.packed`` (see
``rasd.store.packing``).

The extraction's rows (``mention_rows``, ``relation_rows``, ``event_rows``, ``claim_rows``) name their
article by ``documents.num``; the views ``mentions``, ``relations``, ``events`` and ``claims`` (``views``,
not ``metadata``: migration 0007 creates them) give them with the article's id, for readers outside the
store. Entity ids in them are the ids the pipeline gave; merge judgements are applied when reading
(see ``rasd.kb.judgements``), so a judgement survives any re-ingestion.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB

# JSONB on PostgreSQL: compact, and queryable (record->'kb') with GIN indexes when needed.
Json = JSON().with_variant(JSONB(), "postgresql")

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    # An integer key for the full-text index (FTS5 external content needs an integer rowid).
    Column("num", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False, unique=True),  # sha256 of the cleaned text
    Column("source", Text, nullable=False),  # where it was first read from; others in document_sources
    Column("title", Text),
    Column("published", String(16)),
    Column("language", String(8), nullable=False),
    Column("byline", Text),
    Column("outlet", Text),
    Column("text", Text, nullable=False),
    # PostgreSQL: rasd.store.search.index_text(text), the words of its word index. SQLite: NULL,
    # because the contentless FTS5 table documents_fts holds it (migration 0004).
    Column("text_norm", Text),
    # The record, less what the columns, the text and the extraction tables rebuild (rasd.store.
    # packing): entities without their mentions, url, source_id; zlib-compressed JSON.
    Column("packed", LargeBinary, nullable=False),
    Column("digest", LargeBinary, nullable=False),  # sha256 of the whole record less source: 'unchanged'
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

document_sources = Table(
    "document_sources",
    metadata,
    # by documents.num, not the 64-character id (migration 0007); on SQLite the key is the table
    # (WITHOUT ROWID): no second copy of every row in a key index
    Column(
        "num", Integer, ForeignKey("documents.num", ondelete="CASCADE"), primary_key=True, autoincrement=False
    ),
    Column("source", Text, primary_key=True),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    sqlite_with_rowid=False,
)

entities = Table(
    "entities",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("type", String(8), nullable=False),
    Column("subtype", String(40)),
    Column("name", Text, nullable=False),
    Column("aliases", Json, nullable=False),
    Column("kb", Json),
    Column("geo", Json),
)

# The extraction, one row per item. Rows name their article by ``documents.num`` (an integer of 1–3
# bytes on SQLite), not the 64-character id: on real news an article has about 20 such rows, and the id
# in each row and in each row's index entry was 2.7 KB of the 16.6 KB an article took (migration 0007).
# Readers that want the id read the views below (``mentions``, ``relations``, ``events``, ``claims``).


def _num() -> Column[int]:
    return Column("num", Integer, ForeignKey("documents.num", ondelete="CASCADE"), nullable=False)


mention_rows = Table(
    "mention_rows",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _num(),
    Column("entity_id", String(200), ForeignKey("entities.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Index("ix_mention_rows_num", "num"),
    Index("ix_mention_rows_entity_id", "entity_id"),
)

relation_rows = Table(
    "relation_rows",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _num(),
    Column("type", String(60), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("object", String(200), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("record", Json, nullable=False),
    Index("ix_relation_rows_num", "num"),
)

event_rows = Table(
    "event_rows",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _num(),
    Column("type", String(60), nullable=False),
    Column("date", String(16)),
    Column("location", String(200)),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("record", Json, nullable=False),
    Index("ix_event_rows_num", "num"),
)

claim_rows = Table(
    "claim_rows",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _num(),
    Column("certainty", String(16), nullable=False),
    Column("source_kind", String(40), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("record", Json, nullable=False),
    Index("ix_claim_rows_num", "num"),
)

# Read-only views (migration 0007) with the columns the tables had before it: each row with its
# article's id (``doc_id``) joined from ``documents``. A filter on ``doc_id`` finds the articles by
# their id index, then their rows by ``num``; ``max(id)`` reads one row (on PostgreSQL the view is a
# LEFT JOIN, which the planner drops when no documents column is asked for). Not in ``metadata``:
# they are views, never created from it. Writers use the ``*_rows`` tables, and so does a query over
# every row that needs no id: on SQLite the view's join looks up each row's article.
views = MetaData()


def _view(name: str, rows: Table) -> Table:
    columns = [Column(c.name, c.type, primary_key=c.primary_key) for c in rows.columns if c.name != "num"]
    columns.insert(1, Column("doc_id", String(64), nullable=False))
    return Table(name, views, *columns)


mentions = _view("mentions", mention_rows)
relations = _view("relations", relation_rows)
events = _view("events", event_rows)
claims = _view("claims", claim_rows)

judgements = Table(
    "judgements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(8), nullable=False),  # 'merge' | 'split'
    Column("entity_a", String(200), nullable=False),
    Column("entity_b", String(200), nullable=False),
    Column("reason", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Tables holding one document's extraction (by documents.num), cleared and rewritten together.
EXTRACTION_TABLES = (mention_rows, relation_rows, event_rows, claim_rows)

# -- monitoring (`rasd watch`, rasd.watch; migration 0002) -------------------------------------------

watch_sources = Table(
    "watch_sources",
    metadata,
    Column("source", String(2000), primary_key=True),  # as the analyst gave it (URL, feed file, folder…)
    Column("state", Json, nullable=False),  # per kind: a JSONL file's byte offset and line count
    Column("polled_at", DateTime(timezone=True)),
    Column("error", Text),
    Column("failures", Integer, nullable=False),
)

watch_items = Table(
    "watch_items",
    metadata,
    Column("id", String(64), primary_key=True),  # sha256 of the item key (a URL, or path#line)
    Column("key", Text, nullable=False),
    Column("source", String(2000), nullable=False),
    Column("url", Text),  # the normalised link, also after redirects
    Column("doc_id", String(64)),  # content hash (documents.id) once processed
    Column("story_id", String(64)),  # doc_id of the first item of its near-duplicate story
    Column("signature", LargeBinary),  # MinHash values, to rebuild the story index after a restart
    Column("title", Text),
    Column("outlet", Text),
    Column("status", String(16), nullable=False),  # ingested | skipped | failed | gave_up
    Column("attempts", Integer, nullable=False),
    Column("error", Text),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    Index("ix_watch_items_url", "url"),
    Index("ix_watch_items_doc_id", "doc_id"),
    Index("ix_watch_items_story_id", "story_id"),
)

watchlist = Table(
    "watchlist",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),  # entity | place | event_type | country
    Column("value", String(200), nullable=False),  # entity id, place entity id or "lat,lon", type, ISO code
    Column("label", Text, nullable=False),
    Column("lat", Float),
    Column("lon", Float),
    Column("radius_km", Float),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("kind", "value", name="uq_watchlist_kind_value"),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(64), nullable=False, unique=True),  # the fact: never alerted twice
    Column("story_key", String(64)),  # the fact within one story (outlets word it differently)
    Column("kind", String(16), nullable=False),  # event | relation | claim | contradiction
    Column("doc_id", String(64)),
    Column("record", Json, nullable=False),  # what is printed, written to JSONL and POSTed
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("emitted_at", DateTime(timezone=True)),
    Column("webhook_at", DateTime(timezone=True)),
    Column("webhook_attempts", Integer, nullable=False),
    Index("ix_alerts_story_key", "story_key"),
    Index("ix_alerts_created_at", "created_at"),
)

# -- the cross-article fold (rasd.store.fold; migration 0003) -----------------------------------------
# Kept as articles arrive, so that `rasd events`, `contradictions` and `export` read instead of refolding.
# Entity ids here are the ids in force (merge judgements applied); ``ord`` is the reading order
# (documents.num * 100000 + the item's position in its article).

# A 64-bit integer key that is the table's rowid on SQLite (INTEGER PRIMARY KEY): no separate key index.
RowidKey = BigInteger().with_variant(Integer(), "sqlite")

fold_docs = Table(
    "fold_docs",
    metadata,
    # keyed by documents.num (its rowid on SQLite), not the 64-character id: no second key index
    Column(
        "num", Integer, ForeignKey("documents.num", ondelete="CASCADE"), primary_key=True, autoincrement=False
    ),
    # What exports need of an article beside the documents columns, so they need not unpack records.
    Column("url", Text),
    Column("source_id", Text),
)

fold_items = Table(  # one event of one article, and the groups it belongs to
    "fold_items",
    metadata,
    # ord (documents.num * 100,000 + position) also names the article: no 64-character id per row
    Column("ord", RowidKey, primary_key=True, autoincrement=False),
    Column("type", String(60), nullable=False),
    Column("modality", String(16), nullable=False),
    Column("date", String(16)),  # the value; NULL, empty or «--05» (no year) fits any date
    Column("date_rank", Integer),  # the date's precision (day 3 … unknown 0); NULL without a value
    Column("location", String(200)),
    Column("location_name", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("fatalities", Integer),
    Column("egroup", BigInteger, nullable=False),  # merged event (merge_events' groups: type + modality)
    Column("cgroup", BigInteger),  # asserted or denied: the groups event contradictions come from
    Column("record", Json, nullable=False),
    Index("ix_fold_items_egroup", "egroup", "ord"),
    Index("ix_fold_items_cgroup", "cgroup", "ord"),
)

# Blocking keys: the distinct (type, modality, date, place) of a group's items, and (type, modality,
# date, placed or not, participant), so that the thousandth report of one event adds no row and a new
# article's candidate groups are found by a few indexed lookups however many reports are stored.
# ``part``: "e" (egroup) or "c" (cgroup, modality "") for a group of day-dated items, ``date`` its day;
# "f" / "g" for one floating item (``grp`` its ord), ``date`` its bucket (rasd.store.fold_blocking);
# ``key`` hashes the rest.
fold_keys = Table(
    "fold_keys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", BigInteger, nullable=False),  # 63 bits of the key's hash
    Column("grp", BigInteger, nullable=False),
    Column("part", String(1), nullable=False),
    Column("type", String(60), nullable=False),
    Column("modality", String(16), nullable=False),
    Column("date", String(16)),
    Column("location", String(200), nullable=False),
    Column("location_name", Text),
    Column("lat", Float),
    Column("lon", Float),
    UniqueConstraint("key", "grp", name="uq_fold_keys_key_grp"),
    # the date in the index (migration 0006): a lookup reads the keys of its days, not of every date
    Index("ix_fold_keys_place", "type", "location", "date"),
    Index("ix_fold_keys_name", "type", "location_name", "date"),
    Index("ix_fold_keys_geo", "type", "date", "lat"),
    Index("ix_fold_keys_grp", "part", "grp"),
)

fold_part_keys = Table(
    "fold_part_keys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", BigInteger, nullable=False),  # 63 bits of the key's hash
    Column("grp", BigInteger, nullable=False),
    Column("part", String(1), nullable=False),
    Column("type", String(60), nullable=False),
    Column("modality", String(16), nullable=False),
    Column("date", String(16)),
    Column("placed", Integer, nullable=False),  # 1: the item has a place
    Column("entity_id", String(200), nullable=False),
    UniqueConstraint("key", "grp", name="uq_fold_part_keys_key_grp"),
    Index("ix_fold_part_keys_entity", "entity_id", "type", "date"),
    Index("ix_fold_part_keys_grp", "part", "grp"),
)

fold_relations = Table(  # one relation of one article, its evidence as offsets into documents.text
    "fold_relations",
    metadata,
    # ord (documents.num * 100,000 + position) also names the article: no 64-character id per row
    Column("ord", RowidKey, primary_key=True, autoincrement=False),
    Column("type", String(60), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("object", String(200), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("confidence", Float, nullable=False),
)

fold_statements = Table(  # «killed», «still alive»… said about a person
    "fold_statements",
    metadata,
    # ord (documents.num * 100,000 + position) also names the article: no 64-character id per row
    Column("ord", RowidKey, primary_key=True, autoincrement=False),
    Column("entity_id", String(200), nullable=False),
    Column("says", String(16), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("record", Json, nullable=False),
    Index("ix_fold_statements_entity", "entity_id", "ord"),
)

fold_entities = Table(  # one entity as one article has it: folded when read
    "fold_entities",
    metadata,
    # Keyed (and, on SQLite, clustered: WITHOUT ROWID) by what every reader looks up, an entity's rows
    # in reading order: the key is the only index. ord (documents.num * 100,000 + position) also names
    # the article: no 64-character id per row.
    Column("entity_id", String(200), primary_key=True),
    Column("ord", BigInteger, primary_key=True, autoincrement=False),
    Column("raw_ids", Json),  # the pipeline's ids before judgements, where not just entity_id
    Column("mentions", Integer, nullable=False),
    Column("variant", BigInteger, nullable=False),  # fold_entity_variants.key
    sqlite_with_rowid=False,
)

fold_entity_variants = Table(  # an entity's record (offsets dropped), stored once however many articles
    "fold_entity_variants",
    metadata,
    Column("key", RowidKey, primary_key=True, autoincrement=False),  # 63 bits of the record's hash
    Column("record", Json, nullable=False),
)

# Per-article rows (keys belong to groups, not articles).
FOLD_TABLES = (fold_entities, fold_statements, fold_relations, fold_items, fold_docs)
# Rows shared by articles (a group's keys, entity records).
FOLD_SHARED_TABLES = (fold_keys, fold_part_keys, fold_entity_variants)
