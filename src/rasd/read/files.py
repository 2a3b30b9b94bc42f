"""Walk paths and yield articles (stub: UTF-8 .txt only; replaced by the full reader)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from rasd.read.article import RawArticle, ReadError


def iter_articles(paths: Iterable[str | Path]) -> Iterator[RawArticle | ReadError]:
    for p in paths:
        path = Path(p)
        files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
        for f in files:
            try:
                yield RawArticle(source=str(f), text=f.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                yield ReadError(str(f), str(exc))
