"""HTML pages → the article's main text and metadata, through trafilatura.

A truncated page (the download stopped mid-way) still parses, but its last paragraph was cut
mid-sentence: we keep the complete paragraphs and drop that stub, and refuse the page when no
complete paragraph is left. Never store half a sentence as if it were the article.

libxml2 stops building the tree 256 elements deep, so a page whose text sits inside hundreds of nested
``<div>``s (a broken template, or a hostile page) parses as empty. When a page yields no text and is
nested that deep, its layout containers (div, span, section…) are dropped, which keeps every
paragraph, and it is read again. The regular expressions here are linear (no nested quantifiers).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasd.read.article import RawArticle

# trafilatura logs every page it finds nothing in; the reader reports that itself, in one line.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

_CLOSED = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?؟…\"'»”)]\s*$")
_PARAGRAPH_MIN_WORDS = 8
_ARTICLE_MIN_WORDS = 8
# Layout containers, whose tags can go without losing a word of the text.
_CONTAINER_TAG = re.compile(
    r"</?(?:div|span|section|article|main|font|center|table|tbody|tr|td)\b[^>]*>", re.I
)
_CONTAINER_OPEN = re.compile(r"<(?:div|span|section|article|main|font|center|table|tbody|tr|td)\b", re.I)
_DEEP = 200  # libxml2's limit is 256 levels; pages with fewer containers than this are not too deep
_DATE_FORMAT = {"outputformat": "%Y-%m-%dT%H:%M", "extensive_search": False, "original_date": True}


class HtmlError(ValueError):
    """Nothing usable in the page; the message is the reason shown to the user."""


def article_from_html(html: str, source: str, encoding: str | None = None) -> RawArticle:
    # trafilatura's own extractor first (4x faster); its fallback extractors only for pages where
    # that finds too little.
    found = _extract(html, fast=True)
    text = _text_of(found)
    if len(text.split()) < _ARTICLE_MIN_WORDS:
        found = _extract(html, fast=False)
        text = _text_of(found)
    if len(text.split()) < _ARTICLE_MIN_WORDS and _too_deep(html):
        html = _CONTAINER_TAG.sub("\n", html)
        found = _extract(html, fast=False)
        text = _text_of(found)
    if text and not _CLOSED.search(html[-4096:]):
        text = _drop_cut_paragraph(text)
        if not text:
            raise HtmlError("truncated HTML page with no complete paragraph of text")
    if len(text.split()) < _ARTICLE_MIN_WORDS:  # a menu or a caption that the fallback extractor kept
        raise HtmlError("no article text found in the HTML page")
    return RawArticle(
        source=source,
        text=text,
        title=_clean(found.title),
        published=_clean(found.date),
        url=_clean(found.url),
        byline=_clean(found.author),
        outlet=_clean(found.sitename),
        encoding=encoding,
    )


def _too_deep(html: str) -> bool:
    return any(n > _DEEP for n, _ in enumerate(_CONTAINER_OPEN.finditer(html), start=1))


def _extract(html: str, *, fast: bool) -> Any:
    import trafilatura  # only for HTML input: .txt and JSON never load it

    try:
        return trafilatura.bare_extraction(
            html,
            fast=fast,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            date_extraction_params=_DATE_FORMAT,
        )
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        raise HtmlError(f"unparseable HTML ({type(exc).__name__})") from exc


def _text_of(found: Any) -> str:
    return (getattr(found, "text", None) or "").strip() if found is not None else ""


def _drop_cut_paragraph(text: str) -> str:
    """The text without its cut-off last paragraph; "" unless a complete paragraph is left."""
    paragraphs = text.split("\n")
    if not _SENTENCE_END.search(paragraphs[-1]):
        paragraphs.pop()
    # Menus and a headline are what a page cut off early still has: not an article.
    complete = any(len(p.split()) >= _PARAGRAPH_MIN_WORDS and _SENTENCE_END.search(p) for p in paragraphs)
    return "\n".join(paragraphs) if complete else ""


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None
