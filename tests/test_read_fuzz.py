"""Fuzzing the readers and cleaners (Hypothesis): whatever the bytes, reading gives articles or one-line
errors, and cleaning gives a record or a ReadError; nothing else escapes to stop a batch.

Short in CI (the ``ci`` profile, the default). The campaign reported in docs/reading-and-cleaning.md:

    HYPOTHESIS_PROFILE=campaign RASD_FUZZ_EXAMPLES=3000 .venv/bin/python -m pytest tests/test_read_fuzz.py \
        -p no:cacheprovider --hypothesis-show-statistics

Inputs that once failed are kept below as ``@example``s, so they are tried on every run.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rasd.clean import clean_article
from rasd.read import RawArticle, ReadError, iter_articles
from rasd.read.decode import DecodeError, decode
from rasd.read.html import HtmlError, article_from_html
from rasd.read.records import article_from_object, articles_from_json_lines

settings.register_profile(
    "ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
settings.register_profile(
    "campaign",
    max_examples=int(os.environ.get("RASD_FUZZ_EXAMPLES", "3000")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ARABIC = st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), min_size=1, max_size=40)
WORDS = st.lists(st.one_of(ARABIC, st.text(max_size=12)), max_size=60).map(" ".join)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | WORDS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=30,
)
FIELD_KEYS = st.sampled_from(
    ["text", "maintext", "title", "date", "pubDate", "id", "authors", "url", "source"]
)
RECORDS = st.dictionaries(FIELD_KEYS, JSON_VALUES, max_size=6)
TAGS = st.sampled_from(
    ["<p>", "</p>", "<div>", "</div>", "<br>", "<html>", "<body>", "</body>", "<script>", "<"]
)
HTML = st.lists(st.one_of(TAGS, WORDS), max_size=80).map("".join)


@given(st.binary(max_size=4096))
@example(b"\xef\xbb\xbf\xff")
@example(b"\x00" * 9)
def test_decode_gives_text_or_a_decode_error(data: bytes) -> None:
    try:
        decoded = decode(data)
    except DecodeError as exc:
        assert str(exc)
        return
    assert isinstance(decoded.text, str) and decoded.replaced >= 0


@given(st.binary(max_size=4096), st.sampled_from([".txt", ".html", ".json", ".jsonl"]))
@example(b"[" * 5000, ".json")
@example(b"{}\n" + b"[" * 100_000 + b"\n", ".jsonl")
def test_reading_any_file_gives_articles_or_errors(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        for item in iter_articles([path]):
            assert isinstance(item, RawArticle | ReadError)
            if isinstance(item, ReadError):
                assert "\n" not in str(item)


@given(RECORDS)
@example({"text": [[["نص"]]]})
@example({"text": {"name": None}, "id": float("inf")})
def test_any_json_record_gives_an_article_or_an_error(record: dict) -> None:
    assert isinstance(article_from_object(record, "x.json"), RawArticle | ReadError)
    line = json.dumps(record, ensure_ascii=False)
    [item] = list(articles_from_json_lines(iter([(1, line)]), "x.jsonl"))
    assert isinstance(item, RawArticle | ReadError)


@given(HTML)
@example("<div>" * 300 + "نص" * 50)
def test_any_page_gives_an_article_or_an_html_error(page: str) -> None:
    try:
        raw = article_from_html(page, "x.html")
    except HtmlError as exc:
        assert str(exc)
        return
    assert raw.text.strip()


@given(WORDS, st.one_of(st.none(), WORDS), st.one_of(st.none(), st.text(max_size=30)))
def test_cleaning_gives_a_record_or_a_read_error(text: str, title: str | None, published: str | None) -> None:
    try:
        doc = clean_article(RawArticle(source="x.txt", text=text, title=title, published=published))
    except ReadError as exc:
        assert "\n" not in str(exc)
        return
    assert doc.text and doc.id
