"""Full-text search over stored articles, insensitive to diacritics, tatweel and letter variants.

Both sides go through ``rasd.text.normalize``; the index holds the normalised text. Matching is by
substring (SQLite FTS5 trigram tokenizer; PostgreSQL pg_trgm), because Arabic glues clitics to
words: «بلمختار» must find «وبلمختار» and «لبلمختار». Every word of the query must occur (AND).
Snippets are cut from the ORIGINAL text: matches found in the normalised text are mapped back
with ``normalize_with_map``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import Connection, text

from rasd.text import normalize, normalize_with_map, tokenize

# FTS5's trigram index can only look up terms of three characters or more; shorter ones are
# checked with instr()/LIKE on the candidates (or on every row when the query has nothing longer).
_MIN_INDEXED = 3
SNIPPET_WIDTH = 220
ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class SearchHit:
    doc_id: str
    title: str | None
    source: str
    published: str | None
    score: float  # higher is better; comparable within one search only
    snippet: str  # original text around the best match, on one line
    highlights: list[tuple[int, int]] = field(default_factory=list)  # spans of `snippet` that matched


def query_terms(query: str) -> list[str]:
    """The normalised words of a query (punctuation dropped, duplicates removed, order kept)."""
    words = (t.text for t in tokenize(normalize(query)))
    return list(dict.fromkeys(w for w in words if any(ch.isalnum() for ch in w)))


def find(conn: Connection, terms: list[str], limit: int) -> list[tuple]:
    """Rows (id, title, source, published, text, score) of documents containing every term."""
    if not terms or limit <= 0:
        return []
    if conn.dialect.name == "sqlite":
        return _find_sqlite(conn, terms, limit)
    return _find_postgres(conn, terms, limit)


def _find_sqlite(conn: Connection, terms: list[str], limit: int) -> list[tuple]:
    indexed = [t for t in terms if len(t) >= _MIN_INDEXED]
    short = [t for t in terms if len(t) < _MIN_INDEXED]
    params: dict[str, object] = {"limit": limit}
    filters = []
    for i, term in enumerate(short):
        params[f"s{i}"] = term
        filters.append(f"instr(d.text_norm, :s{i}) > 0")
    if indexed:
        params["match"] = " AND ".join('"' + t.replace('"', '""') + '"' for t in indexed)
        where = " AND ".join(["documents_fts MATCH :match", *filters])
        sql = (
            "SELECT d.id, d.title, d.source, d.published, d.text, -bm25(documents_fts) AS score "
            "FROM documents_fts JOIN documents d ON d.num = documents_fts.rowid "
            f"WHERE {where} ORDER BY bm25(documents_fts) LIMIT :limit"
        )
    else:
        sql = (
            "SELECT d.id, d.title, d.source, d.published, d.text, 0.0 AS score FROM documents d "
            f"WHERE {' AND '.join(filters)} ORDER BY d.published DESC, d.num DESC LIMIT :limit"
        )
    return [tuple(row) for row in conn.execute(text(sql), params)]


def _find_postgres(conn: Connection, terms: list[str], limit: int) -> list[tuple]:
    params: dict[str, object] = {"limit": limit}
    filters, counts = [], []
    for i, term in enumerate(terms):
        params[f"p{i}"] = "%" + _escape_like(term) + "%"
        params[f"t{i}"] = term
        filters.append(f"d.text_norm LIKE :p{i} ESCAPE '\\'")
        # occurrences of the term (its frequency): one pass over the text, which is the cost here
        counts.append(f"(array_length(string_to_array(d.text_norm, :t{i}), 1) - 1)")
    score = f"({' + '.join(counts)})::float"
    sql = (
        f"SELECT d.id, d.title, d.source, d.published, d.text, {score} AS score FROM documents d "
        f"WHERE {' AND '.join(filters)} ORDER BY score DESC, d.num LIMIT :limit"
    )
    return [tuple(row) for row in conn.execute(text(sql), params)]


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def match_spans(original: str, terms: list[str]) -> list[tuple[int, int, str]]:
    """Every occurrence of every term, as (start, end, term) spans of the ORIGINAL text."""
    norm, index = normalize_with_map(original)
    spans = []
    for term in terms:
        at = norm.find(term)
        while at >= 0:
            start, end = index[at], index[at + len(term) - 1] + 1
            # keep the diacritics and tatweel that follow the last letter inside the highlight
            while end < len(original) and (
                unicodedata.category(original[end]) == "Mn" or original[end] == "\u0640"
            ):
                end += 1
            spans.append((start, end, term))
            at = norm.find(term, at + 1)
    return sorted(spans)


def make_snippet(
    original: str, terms: list[str], width: int = SNIPPET_WIDTH
) -> tuple[str, list[tuple[int, int]]]:
    """The stretch of ``original`` that shows the most distinct query words, with their spans."""
    spans = match_spans(original, terms)
    if not spans:
        return _one_line(_cut(original, 0, width)[0]), []
    best_start, best_count = spans[0][0], 0
    for start, _end, _term in spans:
        count = len({term for s, e, term in spans if s >= start and e <= start + width})
        if count > best_count:
            best_start, best_count = start, count
    lead = min(width // 4, best_start)  # a little context before the first match
    snippet, offset = _cut(original, best_start - lead, width)
    highlights = [
        (s - offset, e - offset) for s, e, _t in spans if s >= offset and e - offset <= len(snippet)
    ]
    prefix = ELLIPSIS if offset > 0 else ""
    suffix = ELLIPSIS if offset + len(snippet) < len(original) else ""
    shift = len(prefix)
    return prefix + _one_line(snippet) + suffix, [(s + shift, e + shift) for s, e in highlights]


def _cut(original: str, start: int, width: int) -> tuple[str, int]:
    """``original[start:start+width]`` widened/narrowed to word boundaries; returns it and its start."""
    start = max(0, start)
    floor = max(0, start - 20)  # never widen by more than a long word
    while start > floor and not original[start - 1].isspace():
        start -= 1
    end = min(len(original), start + width)
    while end < len(original) and not original[end].isspace() and end < start + width + 20:
        end += 1
    return original[start:end], start


def _one_line(snippet: str) -> str:
    # replace, never remove, so highlight offsets stay valid
    return "".join(" " if ch.isspace() else ch for ch in snippet)


def mark(snippet: str, highlights: list[tuple[int, int]], open_: str = "[", close: str = "]") -> str:
    """The snippet with plain-text markers around the matches (for pipes and files)."""
    out, at = [], 0
    for start, end in highlights:
        if start < at:
            continue  # overlapping terms: the first highlight wins
        out += [snippet[at:start], open_, snippet[start:end], close]
        at = end
    out.append(snippet[at:])
    return "".join(out)
