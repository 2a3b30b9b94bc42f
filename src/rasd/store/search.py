"""Full-text search over stored articles, insensitive to diacritics, tatweel and letter variants.

Both sides go through ``rasd.text.normalize``, and every run of non-word characters becomes one
space (``index_text``). Words of three letters or more match as substrings of a word, because
Arabic glues clitics to words: «بلمختار» must find «وبلمختار» and «لبلمختار». Words of one or two
letters match as whole words, through the index too: as substrings they would match almost every
article. Every word of the query must occur (AND).

- SQLite: a contentless FTS5 table (``unicode61`` tokenizer) over ``index_tokens(text)``: each word
  of three letters or more as its trigrams, in order («بلمختار» → بلم لمخ مخت ختا تار), shorter words
  whole, and a tatweel (which normalised text never has) between two long words, so that a phrase
  of trigrams never runs from one word into the next. A query word is the phrase of its trigrams.
  Half the size of FTS5's ``trigram`` tokenizer, which also indexes the trigrams across spaces.
- PostgreSQL (migration 0005): the distinct words of ``index_text(text)`` in ``search_words`` (id,
  word) under a pg_trgm index, and per article and word its number of occurrences in
  ``search_postings`` (word_id, num, n; the primary key covers n). A query word of three letters or
  more is the stored words containing it (``LIKE '%word%'`` over the words, a few hundred rows),
  a shorter one its one stored word; the articles holding them, and their occurrences for ranking,
  are read from the postings' index alone: no article text is read to find or rank (a pg_trgm
  index over the texts rechecked each candidate's text: 2 s for a common word at 50,000 articles).

Snippets are cut from the ORIGINAL text of each hit: every query word becomes a regular expression
over the original spellings (``term_pattern``: each letter's variants, diacritics and tatweel
allowed between letters), so no article is normalised again to show it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Connection, text

from rasd.text import normalize, tokenize
from rasd.text.normalize import _GONE, _TABLE

# Words this long or longer are indexed as their trigrams (substrings of a word are found); shorter
# ones whole (found as whole words).
_MIN_INDEXED = 3
SNIPPET_WIDTH = 220
ELLIPSIS = "…"
_NON_WORD = re.compile(r"[\W_]+")
_WORD_BREAK = "\u0640"  # tatweel: a token of its own between two long words (normalising drops it)


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


def name_patterns(query: str) -> list[str]:
    """SQL ``LIKE`` patterns that any raw name whose words are the query's must match, one per query
    word: its letters that normalising neither makes from another letter nor drops, in order
    («الدولة» → ``%د%ل%د%ل%``), whatever diacritics or tatweel the raw name has between them. A word
    without such letters (Latin, digits) gives none. Finds a name's few candidate rows by the
    database instead of normalising every stored name."""
    from rasd.text.normalize import _TABLE

    folded = {chr(k) for k in _TABLE} | {v for v in _TABLE.values() if isinstance(v, str)}
    patterns = []
    for term in query_terms(query):
        stable = [ch for ch in term if "\u0621" <= ch <= "\u064a" and ch not in folded]
        if stable:
            patterns.append("%" + "%".join(stable) + "%")
    return patterns


def index_text(original: str) -> str:
    """The normalised words of an article, one space between them and one at each end (the ends
    let a short word be found as `` word `` at the start or the end too)."""
    return " " + _NON_WORD.sub(" ", normalize(original)).strip() + " "


def index_tokens(normalised: str) -> str:
    """What the SQLite index holds for normalised text (see the module's doc): the same function
    makes a query word's phrase, so the two always agree."""
    tokens: list[str] = []
    for word in _NON_WORD.sub(" ", normalised).split():
        if len(word) < _MIN_INDEXED:
            tokens.append(word)
            continue
        if tokens and len(tokens[-1]) == _MIN_INDEXED:
            tokens.append(_WORD_BREAK)
        tokens += [word[i : i + _MIN_INDEXED] for i in range(len(word) - _MIN_INDEXED + 1)]
    return " ".join(tokens)


def index_sqlite(conn: Connection, num: int, original: str) -> None:
    """Add a new article to SQLite's contentless FTS5 index (its rowid is ``documents.num``). An
    article's text never changes (its id is the text's hash), so its entry is never rewritten."""
    conn.execute(
        text("INSERT INTO documents_fts(rowid, body) VALUES (:num, :body)"),
        {"num": num, "body": index_tokens(normalize(original))},
    )


def find(conn: Connection, terms: list[str], limit: int) -> list[tuple]:
    """Rows (id, title, source, published, text, score) of documents containing every term."""
    terms = [t for t in terms if _NON_WORD.sub("", t)]
    if not terms or limit <= 0:
        return []
    if conn.dialect.name == "sqlite":
        return _find_sqlite(conn, terms, limit)
    return _find_postgres(conn, terms, limit)


def ranked(terms: list[str]) -> bool:
    """Whether hits are ranked (bm25, occurrences): not for a query of one- and two-letter words only,
    whose hits (almost every article for «في») come newest first, found without reading them all."""
    return any(len(_NON_WORD.sub("", t)) >= _MIN_INDEXED for t in terms)


def _find_sqlite(conn: Connection, terms: list[str], limit: int) -> list[tuple]:
    match = " AND ".join('"' + index_tokens(t) + '"' for t in terms)
    order = "rank" if ranked(terms) else "rowid DESC"
    # The FTS5 query alone, so that ``ORDER BY rank LIMIT`` stays inside the index; then the rows.
    sql = (
        "SELECT d.id, d.title, d.source, d.published, d.text, -hit.rank AS score FROM "
        f"(SELECT rowid, {'rank' if order == 'rank' else '0.0 AS rank'} FROM documents_fts "
        f"WHERE documents_fts MATCH :match ORDER BY {order} LIMIT :limit) AS hit "
        f"JOIN documents d ON d.num = hit.rowid ORDER BY hit.{order}"
    )
    return [tuple(row) for row in conn.execute(text(sql), {"match": match, "limit": limit})]


def index_postgres(conn: Connection, articles: list[tuple[int, str]]) -> None:
    """Add new articles (``documents.num``, ``index_text`` of the text) to PostgreSQL's word index,
    in the caller's transaction. An article's text never changes (its id is the text's hash), so
    its postings are never rewritten; ``ON CONFLICT DO NOTHING`` makes a repeat harmless and lets
    concurrent writers add the same new word (the loser waits for the winner, then finds its row)."""
    words, nums, counts = [], [], []
    for num, norm in articles:
        for word, n in Counter(w for w in norm.split(" ") if w).items():
            words.append(word)
            nums.append(num)
            counts.append(n)
    if not words:
        return
    # Sorted, so that two writers insert shared new words in one order (no deadlock); only the
    # missing ones, so that existing words do not use up ids of the sequence.
    conn.execute(
        text(
            "INSERT INTO search_words (word) SELECT u.word FROM unnest(CAST(:words AS text[])) AS u(word) "
            "WHERE NOT EXISTS (SELECT 1 FROM search_words w WHERE w.word = u.word) ORDER BY u.word "
            "ON CONFLICT (word) DO NOTHING"
        ),
        {"words": sorted(set(words))},
    )
    conn.execute(
        text(
            "INSERT INTO search_postings (word_id, num, n) SELECT w.id, u.num, u.n FROM "
            "unnest(CAST(:words AS text[]), CAST(:nums AS integer[]), CAST(:counts AS integer[])) "
            "AS u(word, num, n) JOIN search_words w ON w.word = u.word ON CONFLICT DO NOTHING"
        ),
        {"words": words, "nums": nums, "counts": counts},
    )


def _like_form(term: str) -> str:
    """A query word with separators as SQLite's phrase matches it in ``index_text``: a short first
    or last word whole, a long one the end (first) or start (last) of a word: ``"2,000"`` →
    ``" 2 000"`` (not «12 000»), ``"al-qaeda"`` → ``" al qaeda"``."""
    pieces = _NON_WORD.sub(" ", term).strip().split(" ")
    form = " ".join(pieces)
    return (
        (" " if len(pieces[0]) < _MIN_INDEXED else "")
        + form
        + (" " if len(pieces[-1]) < _MIN_INDEXED else "")
    )


def _word_ids(conn: Connection, piece: str, at: str) -> list[int]:
    """The ids of the stored words a query word's ``piece`` matches: ``at`` is "any" (it alone: a
    substring, or the whole word when short), "first" or "last" of several (the end or the start of
    a word, whole when short), "middle" (whole)."""
    if len(piece) < _MIN_INDEXED or at == "middle":
        return list(conn.execute(text("SELECT id FROM search_words WHERE word = :w"), {"w": piece}).scalars())
    pattern = ("" if at == "last" else "%") + _escape_like(piece) + ("" if at == "first" else "%")
    sql = "SELECT id FROM search_words WHERE word LIKE :w ESCAPE '\\'"
    return list(conn.execute(text(sql), {"w": pattern}).scalars())


def _find_postgres(conn: Connection, terms: list[str], limit: int) -> list[tuple]:
    params: dict[str, object] = {"limit": limit}
    groups: list[str] = []  # per word: a condition on the postings' word_id
    rechecks: list[str] = []  # words with separators («2,000» → "2 000"): a phrase, checked in the text
    for term in terms:
        form = _NON_WORD.sub(" ", term).strip()
        pieces = form.split(" ")
        for at, piece in enumerate(pieces):
            place = (
                "any"
                if len(pieces) == 1
                else "first"
                if at == 0
                else "last"
                if at == len(pieces) - 1
                else "middle"
            )
            ids = _word_ids(conn, piece, place)
            if not ids:
                return []
            key = f"w{len(groups)}"
            params[key] = ids[0] if len(ids) == 1 else ids
            # one id as a scalar: the index then returns its articles in num order (newest first)
            groups.append(f"= :{key}" if len(ids) == 1 else f"= ANY(:{key})")
        if len(pieces) > 1:
            key = f"r{len(rechecks)}"
            params[key] = "%" + _escape_like(_like_form(term)) + "%"
            rechecks.append(
                f"EXISTS (SELECT 1 FROM documents r WHERE r.num = g0.num AND r.text_norm LIKE :{key} ESCAPE '\\')"
            )
    if ranked(terms):
        # occurrences of the matching words per article, from the postings' index only
        joins = " JOIN ".join(
            f"(SELECT num, sum(n) AS s FROM search_postings WHERE word_id {cond} GROUP BY num) AS g{i}"
            + (f" ON g{i}.num = g0.num" if i else "")
            for i, cond in enumerate(groups)
        )
        score = "(" + " + ".join(f"g{i}.s" for i in range(len(groups))) + ")::float"
        inner = f"SELECT g0.num, {score} AS score FROM {joins}"
        order = "score DESC, num"
    else:
        inner = f"SELECT g0.num, 0.0 AS score FROM search_postings g0 WHERE g0.word_id {groups[0]}"
        rechecks = [
            f"EXISTS (SELECT 1 FROM search_postings g{i} WHERE g{i}.num = g0.num AND g{i}.word_id {cond})"
            for i, cond in enumerate(groups)
            if i
        ] + rechecks
        order = "num DESC"
    if rechecks:
        inner += (" WHERE " if ranked(terms) else " AND ") + " AND ".join(rechecks)
    sql = (
        "SELECT d.id, d.title, d.source, d.published, d.text, hit.score FROM "
        f"({inner} ORDER BY {order.replace('num', 'g0.num')} LIMIT :limit) AS hit "
        f"JOIN documents d ON d.num = hit.num ORDER BY {order.replace('num', 'hit.num')}"
    )
    return [tuple(row) for row in conn.execute(text(sql), params)]


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _variants() -> tuple[dict[str, str], str]:
    """Each normalised character → the original characters that fold to it; the dropped ones."""
    variants: dict[str, set[str]] = {}
    dropped = []
    for code, folded in _TABLE.items():
        if folded == _GONE:
            dropped.append(chr(code))
        elif folded and len(folded) == 1:
            variants.setdefault(folded, {folded}).add(chr(code))
    classes = {ch: "[" + "".join(re.escape(c) for c in sorted(chars)) + "]" for ch, chars in variants.items()}
    return classes, "[" + "".join(re.escape(c) for c in dropped) + "]*"


_CLASSES, _DROPPED = _variants()


def term_pattern(term: str) -> str:
    """A regular expression finding ``term`` (normalised) in ORIGINAL text: each character as any
    spelling that normalises to it, with diacritics or tatweel allowed between characters."""
    return _DROPPED.join(_CLASSES.get(ch, re.escape(ch)) for ch in term)


def match_spans(original: str, terms: list[str]) -> list[tuple[int, int, str]]:
    """Every occurrence of every term, as (start, end, term) spans of the ORIGINAL text."""
    spans = []
    for term in terms:
        for found in re.finditer(term_pattern(term), original):
            start, end = found.span()
            # keep the diacritics and tatweel that follow the last letter inside the highlight
            while end < len(original) and (
                unicodedata.category(original[end]) == "Mn" or original[end] == "\u0640"
            ):
                end += 1
            spans.append((start, end, term))
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
