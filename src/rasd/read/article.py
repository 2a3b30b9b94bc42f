"""What reading produces: decoded text plus whatever metadata the container carried."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class RawArticle:
    source: str  # path (with "#N" for the N-th article of a JSON list or line N of a JSONL file) or URL
    text: str  # decoded text; for HTML, the main text found by the boilerplate extractor
    title: str | None = None
    published: str | None = None  # as the container gave it; cleaning turns it into ISO form
    url: str | None = None
    byline: str | None = None
    outlet: str | None = None
    encoding: str | None = None  # the encoding detected from the bytes (for diagnostics)
    source_id: str | None = None  # the input's own id (a scraper's id/guid), kept in the record
    # Bytes that could not be decoded and were replaced by U+FFFD (counted, warned about per file).
    replaced: int = 0


class ReadError(Exception):
    """An input that could not be read; ``str()`` is the one line shown to the user."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[type[ReadError], tuple[str, str]]:
        # Errors cross process boundaries (Pipeline.run with jobs > 1).
        return (ReadError, (self.source, self.reason))
