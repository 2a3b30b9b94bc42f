"""RawArticle → Document: the cleaned text, with title, date and byline lifted into fields.

Order: repair the characters (mojibake, debris) on the whole text; then work line by line: cut
the trailer, the "see also" boxes, widgets, captions and the credit line; lift the header; then
repair words (glued words, missing spaces). The text's own letters and diacritics are kept as
they are: normalisation is for matching, never for the stored text.
"""

from __future__ import annotations

from rasd.clean.boilerplate import (
    credit_outlet,
    cut_trailer,
    drop_see_also,
    is_photo_caption,
    is_widget,
    remove_debris,
)
from rasd.clean.dates import parse_published
from rasd.clean.glued import add_missing_spaces, split_glued_words
from rasd.clean.header import split_header
from rasd.clean.mojibake import repair_mojibake
from rasd.read.article import RawArticle, ReadError
from rasd.record import Document

PARAGRAPH_BREAK = "\n\n"


def clean_article(raw: RawArticle) -> Document:
    """The cleaned document; raises ``ReadError`` when nothing of the article is left."""
    text = remove_debris(repair_mojibake(raw.text))
    lines = [line.strip() for line in text.split("\n")]
    lines = drop_see_also(cut_trailer(lines))
    outlet = raw.outlet
    body: list[str] = []
    for line in lines:
        if not line or is_widget(line) or is_photo_caption(line):
            continue
        credited = credit_outlet(line)
        if credited:
            outlet = outlet or credited
            continue
        body.append(line)
    known_title = repair_words(raw.title.strip()) if raw.title and raw.title.strip() else None
    header, body = split_header(body, known_title)
    body = [repair_words(line) for line in body]
    if not body:
        raise ReadError(raw.source, "no article text left after cleaning")
    title = header.title if known_title else (repair_words(header.title) if header.title else None)
    cleaned = PARAGRAPH_BREAK.join([title, *body] if title else body)
    return Document(
        id=Document.text_id(cleaned),
        source=raw.source,
        title=title,
        published=parse_published(raw.published) or header.published,
        text=cleaned,
        byline=raw.byline or header.byline,
        outlet=outlet or header.outlet,
        url=raw.url,
        source_id=raw.source_id,
    )


def repair_words(line: str) -> str:
    return add_missing_spaces(split_glued_words(line))
