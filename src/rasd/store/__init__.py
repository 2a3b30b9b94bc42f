"""Store and search: documents and their extraction in SQLite (default) or PostgreSQL.

from rasd.store import Store
with Store.open() as store:          # $RASD_DB, else ./rasd.db
    store.ingest(doc)                # 'added' | 'unchanged' | 'updated'
    store.search("بلمختار", limit=5)
"""

from rasd.kb.judgements import Judgement, JudgementKind
from rasd.store.database import default_url, resolve_url
from rasd.store.search import SearchHit
from rasd.store.store import AmbiguousDocumentId, IngestOutcome, IngestResult, MissingDatabase, Store

__all__ = [
    "AmbiguousDocumentId",
    "IngestOutcome",
    "IngestResult",
    "Judgement",
    "JudgementKind",
    "MissingDatabase",
    "SearchHit",
    "Store",
    "default_url",
    "resolve_url",
]
