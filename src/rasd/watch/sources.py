"""What ``rasd watch`` polls, and the items each source offers on one poll.

A source is what the analyst typed:

- an ``http(s)://`` URL: an RSS/Atom feed (read with feedparser) or an article page, told apart by
  what the first answer holds and remembered;
- a feed file (``.xml``, ``.rss``, ``.atom``);
- a folder that receives new files (any type ``rasd ingest`` reads; a ``.jsonl`` in it grows);
- a ``.jsonl`` file that grows: read from the byte offset reached last time, complete lines only.

Sources list candidates; the poller skips those already seen (by key and by URL), fetches pages,
and records each item. A source's own state (offsets) is saved only after its items are recorded,
so a crash re-reads items (skipped as seen) and never skips any.
"""

from __future__ import annotations

import calendar
import html
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import courlan
import feedparser

from rasd.read import RawArticle, ReadError
from rasd.read.decode import DecodeError, decode_bytes
from rasd.read.files import SUPPORTED_SUFFIXES, read_file
from rasd.read.html import HtmlError, article_from_html
from rasd.read.records import articles_from_json_lines
from rasd.watch.fetch import Fetcher, FetchError

FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".feed"})
_FEED_MIN_WORDS = 60  # a feed entry this long is the article itself; shorter ones are teasers
_BLOCK = re.compile(r"</?(?:p|div|br|li|h[1-6])\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


class SourceError(Exception):
    """A source that could not be polled this time; ``str()`` is the one line shown."""


@dataclass
class Candidate:
    key: str  # unique among all items: a normalised URL, or path / path#line
    url: str | None = None  # normalised link (dedup by URL)
    raw: RawArticle | None = None  # None: fetch ``url`` as an article page
    fallback: RawArticle | None = None  # the feed's own text, if the page cannot be fetched
    error: str | None = None  # why this item cannot be read (recorded, retried a few times)
    title: str | None = None
    published: str | None = None
    outlet: str | None = None


@dataclass
class Poll:
    """One poll's candidates from one source, and the state to save once they are all handled."""

    candidates: list[Candidate | ReadError] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)


def normal_url(url: str) -> str:
    """One spelling per article: lower-case host, no fragment, no tracking parameters."""
    try:
        return courlan.normalize_url(url.strip(), strict=True)
    except Exception:  # courlan rejects some odd URLs; keep them as given
        return url.strip()


def is_url(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


def describe(spec: str) -> str:
    """What kind of source this is, for messages and `rasd watch --list`."""
    if is_url(spec):
        return "url"
    path = Path(spec)
    if path.is_dir():
        return "folder"
    if path.suffix.lower() == ".jsonl":
        return "jsonl"
    if path.suffix.lower() in FEED_SUFFIXES:
        return "feed file"
    return "unknown"


def check_spec(spec: str) -> str | None:
    """Why this cannot be a source (None: it can)."""
    if is_url(spec):
        return None
    path = Path(spec)
    if path.is_dir() or path.suffix.lower() in FEED_SUFFIXES | {".jsonl"}:
        return None
    if path.exists():
        return "not a feed (.xml/.rss/.atom), a folder or a .jsonl file; use `rasd ingest` for single files"
    return "no such file or folder"


def poll_source(
    spec: str, state: dict[str, Any], fetcher: Fetcher, seen: Callable[[str], bool], settle_s: float = 1.0
) -> Poll:
    """The candidates ``spec`` offers now. ``seen(key)`` lets a source skip known items cheaply."""
    if is_url(spec):
        return _poll_url(spec, state, fetcher, seen)
    path = Path(spec)
    if path.is_dir():
        return _poll_folder(path, state, seen, settle_s)
    if path.suffix.lower() == ".jsonl":
        return _poll_jsonl(path, state)
    if path.suffix.lower() in FEED_SUFFIXES:
        if not path.is_file():
            raise SourceError(f"{spec}: no such feed file")
        return Poll(_feed_candidates(path.read_bytes(), str(path), base_url=None), state)
    raise SourceError(f"{spec}: {check_spec(spec)}")


# -- URLs: feeds and pages ---------------------------------------------------------------------------


def _poll_url(spec: str, state: dict[str, Any], fetcher: Fetcher, seen: Callable[[str], bool]) -> Poll:
    key = normal_url(spec)
    if state.get("kind") == "page":
        return Poll([] if seen(key) else [Candidate(key=key, url=key)], state)
    try:
        fetched = fetcher.get(spec)
    except FetchError as exc:
        raise SourceError(str(exc)) from None
    parsed = _parse_feed(fetched.data)
    if parsed is not None:
        return Poll(_entries(parsed, spec, base_url=fetched.url), {**state, "kind": "feed"})
    if state.get("kind") == "feed" or _says_feed(spec, fetched.content_type):
        # Declared or known as a feed: a broken answer is a broken feed, not an article page.
        raise SourceError(f"{spec}: not a valid RSS/Atom feed ({_bozo_reason(fetched.data)})")
    # An article page: the fetched page is used at once rather than fetched a second time.
    raw = page_article(fetched.data, fetched.url)
    candidate = (
        Candidate(key=key, url=key, error=raw.reason)
        if isinstance(raw, ReadError)
        else Candidate(key=key, url=key, raw=raw)
    )
    return Poll([] if seen(key) else [candidate], {**state, "kind": "page"})


def page_article(data: bytes, url: str) -> RawArticle | ReadError:
    """An article page's main text (trafilatura), or why there is none."""
    try:
        text, encoding = decode_bytes(data)
        raw = article_from_html(text, url, encoding)
    except (DecodeError, HtmlError) as exc:
        return ReadError(url, str(exc))
    raw.url = raw.url or url
    return raw


def _says_feed(url: str, content_type: str) -> bool:
    path = urlsplit(url).path.lower()
    return any(word in content_type for word in ("xml", "rss", "atom")) or path.endswith(tuple(FEED_SUFFIXES))


def _parse_feed(data: bytes) -> Any | None:
    parsed = feedparser.parse(data)
    # feedparser turns any XML <item> into an entry; only a recognised RSS/Atom version is a feed.
    return parsed if parsed.get("version") else None


def _bozo_reason(data: bytes) -> str:
    exc = feedparser.parse(data).get("bozo_exception")
    return str(exc).splitlines()[0] if exc else "no feed elements"


def _feed_candidates(data: bytes, where: str, base_url: str | None) -> list[Candidate | ReadError]:
    parsed = _parse_feed(data)
    if parsed is None:
        raise SourceError(f"{where}: not an RSS/Atom feed ({_bozo_reason(data)})")
    return _entries(parsed, where, base_url)


def _entries(parsed: Any, where: str, base_url: str | None) -> list[Candidate | ReadError]:
    outlet = (parsed.feed.get("title") or "").strip() or None
    out: list[Candidate | ReadError] = []
    if parsed.get("bozo"):  # a truncated or malformed feed: say so, and take the entries it has
        reason = str(parsed.get("bozo_exception") or "malformed").splitlines()[0]
        out.append(ReadError(where, f"malformed feed ({reason}); {len(parsed.entries)} entries read"))
    for n, entry in enumerate(parsed.entries, start=1):
        link = (entry.get("link") or "").strip()
        if link and base_url and not is_url(link):
            link = urljoin(base_url, link)
        title = (entry.get("title") or "").strip() or None
        published = _entry_date(entry)
        text = _entry_text(entry)
        url = normal_url(link) if is_url(link) else None
        key = url or (entry.get("id") or "").strip() or None
        source = url or f"{where}#{n}"
        feed_article = (
            RawArticle(source=source, text=text, title=title, published=published, url=url, outlet=outlet)
            if text
            else None
        )
        if key is None:
            if feed_article is None:
                out.append(ReadError(f"{where}#{n}", "feed entry has neither a link nor text"))
                continue
            key = f"{where}#{title or n}"
        if url is None or (feed_article is not None and len(text.split()) >= _FEED_MIN_WORDS):
            if feed_article is None:
                out.append(ReadError(f"{where}#{n}", "feed entry has no link to fetch and no text"))
                continue
            out.append(Candidate(key=key, url=url, raw=feed_article, title=title, published=published))
        else:
            out.append(
                Candidate(
                    key=key,
                    url=url,
                    fallback=feed_article,
                    title=title,
                    published=published,
                    outlet=outlet,
                )
            )
    return out


def _entry_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:  # feedparser gives UTC
        return time.strftime("%Y-%m-%dT%H:%M", time.gmtime(calendar.timegm(parsed)))
    return None


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    value = max((c.get("value", "") for c in contents), key=len, default="") or entry.get("summary") or ""
    if "<" in value:  # feedparser has already sanitised the markup: dropping the tags is enough
        value = html.unescape(_TAG.sub("", _BLOCK.sub("\n", value)))
    lines = (" ".join(line.split()) for line in value.split("\n"))
    return "\n".join(line for line in lines if line)


# -- files: folders and growing JSONL ----------------------------------------------------------------


def _poll_folder(folder: Path, state: dict[str, Any], seen: Callable[[str], bool], settle_s: float) -> Poll:
    candidates: list[Candidate | ReadError] = []
    jsonl_states: dict[str, Any] = dict(state.get("jsonl", {}))
    now = time.time()
    for path in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        suffix = path.suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES or not path.is_file():
            continue
        try:
            if now - path.stat().st_mtime < settle_s:
                continue  # still being written: next poll
        except OSError:
            continue
        if suffix == ".jsonl":
            polled = _poll_jsonl(path, jsonl_states.get(str(path), {}))
            candidates += polled.candidates
            jsonl_states[str(path)] = polled.state
            continue
        key = str(path)
        if seen(key) or seen(f"{key}#1"):
            continue
        candidates += [_file_candidate(item) for item in read_file(path)]
    return Poll(candidates, {**state, "jsonl": jsonl_states})


def _file_candidate(raw: RawArticle | ReadError) -> Candidate:
    if isinstance(raw, ReadError):
        return Candidate(key=raw.source, error=raw.reason)
    url = normal_url(raw.url) if raw.url and is_url(raw.url) else None
    return Candidate(key=raw.source, url=url, raw=raw)


def _poll_jsonl(path: Path, state: dict[str, Any]) -> Poll:
    """Complete new lines since the last poll; a file that shrank was replaced: read from the start."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or type(exc).__name__})") from None
    offset, line = int(state.get("offset", 0)), int(state.get("line", 0))
    if size < offset:
        offset, line = 0, 0
    with path.open("rb") as handle:
        handle.seek(offset)
        data = handle.read(size - offset)
    end = data.rfind(b"\n") + 1  # a line still being written waits for its newline
    chunk = data[:end]
    if offset == 0 and chunk.startswith(b"\xef\xbb\xbf"):
        chunk = chunk[3:]
    numbered: list[tuple[int, str | ReadError]] = []
    for n, raw_line in enumerate(chunk.split(b"\n")[:-1], start=line + 1):
        try:
            numbered.append((n, raw_line.decode("utf-8").rstrip("\r")))
        except UnicodeDecodeError:
            numbered.append((n, ReadError(str(path), "undecodable bytes in this line (expected UTF-8)")))
    candidates: list[Candidate | ReadError] = [
        _file_candidate(item) for item in articles_from_json_lines(iter(numbered), str(path), "utf-8")
    ]
    return Poll(candidates, {"offset": offset + end, "line": line + len(numbered)})
