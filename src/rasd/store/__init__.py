"""Store and search: documents and their extraction in SQLite (default) or PostgreSQL.

from rasd.store import Store
with Store.open() as store:          # $RASD_DB, else ./rasd.db
    store.ingest(doc)                # 'added' | 'unchanged' | 'updated'
    store.search("بلمختار", limit=5)
"""

from typing import Any

from rasd.store.database import default_url, resolve_url
from rasd.store.search import SearchHit
from rasd.store.store import AmbiguousDocumentId, IngestOutcome, IngestResult, MissingDatabase, Store


def __getattr__(name: str) -> Any:
    # The judgement types live with the knowledge base, which `rasd search` does not need to import.
    if name in ("Judgement", "JudgementKind"):
        from rasd.kb import judgements

        return getattr(judgements, name)
    raise AttributeError(f"module 'rasd.store' has no attribute {name!r}")


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
