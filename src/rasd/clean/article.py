"""RawArticle → Document with cleaned text (stub: strips whitespace; replaced by the full cleaner)."""

from __future__ import annotations

from rasd.read.article import RawArticle
from rasd.record import Document


def clean_article(raw: RawArticle) -> Document:
    text = raw.text.strip()
    return Document(id=Document.text_id(text), source=raw.source, title=raw.title,
                    published=raw.published, text=text)
