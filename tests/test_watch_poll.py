"""`rasd watch` against a real HTTP server on 127.0.0.1: feeds, pages, broken feeds, timeouts, 404s,
redirects, a non-Arabic page, near-duplicate stories, restarts and crashes, alerts and a webhook.

The articles in tests/fixtures/watch/articles were written for these tests (not taken from any outlet).
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rasd.pipeline import Pipeline
from rasd.store import Store, schema
from rasd.watch.alerts import AlertSinks
from rasd.watch.fetch import Fetcher
from rasd.watch.places import Places
from rasd.watch.poll import Watcher
from rasd.watch.state import AlertRow, WatchState
from rasd.watch.watchlists import Watchlist, resolve

FIXTURES = Path(__file__).parent / "fixtures" / "watch"
SLOW_S = 3.0


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.hits: Counter[str] = Counter()
        self.received: list[dict] = []  # webhook POSTs
        self.hook_status = 200
        self.feeds: dict[str, str] = {}  # path → fixture file name (tests change them between polls)


class _Handler(BaseHTTPRequestHandler):
    server: FixtureServer

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError):  # the client gave up waiting (the timeout test)
            self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        self.server.hits[path] += 1
        if path in self.server.feeds:
            text = (FIXTURES / self.server.feeds[path]).read_text("utf-8").replace("{base}", self.server.base)
            kind = "application/atom+xml" if path.endswith(".atom") else "application/rss+xml"
            return self._send(200, text.encode("utf-8"), f"{kind}; charset=utf-8")
        if path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if path == "/feeds/not-a-feed.xml":
            return self._send(200, b"<?xml version='1.0'?><inventory><item>1</item></inventory>", "text/xml")
        if path.startswith("/moved/"):
            self.send_response(302)
            self.send_header("Location", f"/news/{path.rsplit('/', 1)[1]}-attack.html")
            self.send_header("Content-Length", "0")
            return self.end_headers()
        if path.startswith("/slow/"):
            time.sleep(SLOW_S)
            return self._send(200, _page("english"))
        slug = path.rsplit("/", 1)[-1].removesuffix(".html")
        if path.startswith("/cp1256/"):  # an Arabic outlet still on windows-1256, saying so in <meta>
            page = _page(slug).decode("utf-8").replace('charset="utf-8"', 'charset="windows-1256"')
            return self._send(200, page.encode("cp1256"), "text/html")
        if path.startswith(("/news/", "/agency/")) and (FIXTURES / "articles" / f"{slug}.txt").is_file():
            return self._send(200, _page(slug))
        return self._send(404, b"<html><body><h1>404</h1></body></html>")

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.server.hook_status == 200:
            self.server.received.append(json.loads(body))
        self._send(self.server.hook_status, b"{}", "application/json")


def _page(slug: str) -> bytes:
    """A news page as outlets serve one: navigation, the article, a footer."""
    paragraphs = (FIXTURES / "articles" / f"{slug}.txt").read_text("utf-8").strip().split("\n")
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{escape(paragraphs[0][:40])}</title></head><body>"
        '<nav><a href="/">الرئيسية</a> | <a href="/politics">سياسة</a> | <a href="/sport">رياضة</a></nav>'
        f"<article><h1>{escape(paragraphs[0][:60])}</h1>{body}</article>"
        "<footer>جميع الحقوق محفوظة</footer></body></html>"
    ).encode()


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    httpd = FixtureServer()
    httpd.feeds = {"/feeds/sahel.rss": "sahel.rss", "/feeds/agency.atom": "agency.atom"}
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


class Lines:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.errors: list[str] = []


def _watcher(
    store: Store, pipeline: Pipeline, tmp_path: Path, lines: Lines, webhook: str | None = None
) -> Watcher:
    return Watcher(
        store,
        pipeline,
        Fetcher(timeout_s=10, min_interval_s=0.0, allow_private=True),
        Places(pipeline.resources.kb, None),
        AlertSinks(tmp_path / "alerts.jsonl", webhook, echo=lines.out.append),
        settle_s=0.0,
        on_error=lines.errors.append,
    )


def _count(store: Store, table) -> int:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _alerts_file(tmp_path: Path) -> list[dict]:
    path = tmp_path / "alerts.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()] if path.exists() else []


def test_a_feed_is_polled_new_items_once_and_bad_ones_reported(server, pipeline, tmp_path):
    lines = Lines()
    with Store.open(str(tmp_path / "w.db")) as store:
        watcher = _watcher(store, pipeline, tmp_path, lines)
        report = watcher.poll([f"{server.base}/feeds/sahel.rss"])
        # gao, menaka, and tillaberi through a redirect are stored; the English page is skipped; the
        # deleted page (404) fails and will be tried again.
        assert report.counts["new"] == 3
        assert report.counts["skipped"] == 1
        assert report.counts["failed"] == 1
        assert any("deleted.html: HTTP 404 (try 1 of 3)" in e for e in lines.errors)
        assert _count(store, schema.documents) == 3
        titles = {d.title for d in store.iter_documents()}
        assert "اختطاف ثلاثة مدنيين قرب ميناكا" in titles  # the feed's title wins over the page's
        stored = {d.url for d in store.iter_documents()}
        assert f"{server.base}/news/gao-attack.html" in stored  # tracking parameter dropped
        assert any(d.published == "2026-11-22T09:30" for d in store.iter_documents())

        # The next poll fetches the feed, nothing already stored, and retries the failures.
        before = dict(server.hits)
        again = watcher.poll([f"{server.base}/feeds/sahel.rss"])
        assert again.counts["new"] == 0 and again.counts["seen"] == 4
        assert server.hits["/news/gao-attack.html"] == before["/news/gao-attack.html"]
        assert server.hits["/news/deleted.html"] == before["/news/deleted.html"] + 1
        assert _count(store, schema.documents) == 3
        watcher.poll([f"{server.base}/feeds/sahel.rss"])
        assert any("deleted.html: HTTP 404 (given up)" in e for e in lines.errors)
        quiet = len(lines.errors)
        watcher.poll([f"{server.base}/feeds/sahel.rss"])
        assert len(lines.errors) == quiet  # given up: not tried, not reported any more
        states = dict(
            store.engine.connect()
            .execute(select(schema.watch_items.c.key, schema.watch_items.c.status))
            .all()
        )
        assert states[f"{server.base}/news/english.html"] == "skipped"
        assert states[f"{server.base}/news/deleted.html"] == "gave_up"


def test_an_article_url_is_fetched_once_whatever_its_encoding(server, pipeline, tmp_path):
    lines = Lines()
    page = f"{server.base}/cp1256/menaka-kidnapping.html"
    with Store.open(str(tmp_path / "w.db")) as store:
        watcher = _watcher(store, pipeline, tmp_path, lines)
        assert watcher.poll([page]).counts["new"] == 1
        (doc,) = list(store.iter_documents())
        assert doc.text.startswith("اختطف مسلحون") and doc.url == page
        assert watcher.poll([page]).counts["new"] == 0
        assert server.hits["/cp1256/menaka-kidnapping.html"] == 1  # a page seen is not fetched again
        assert lines.errors == []


def test_a_page_that_stays_unreachable_is_stored_from_the_feeds_own_text_at_the_last_try(
    server, pipeline, tmp_path
):
    server.feeds["/feeds/teaser.rss"] = "teaser.rss"
    lines = Lines()
    with Store.open(str(tmp_path / "w.db")) as store:
        watcher = _watcher(store, pipeline, tmp_path, lines)
        feed = f"{server.base}/feeds/teaser.rss"
        assert watcher.poll([feed]).counts["failed"] == 1
        assert watcher.poll([feed]).counts["failed"] == 1
        assert watcher.poll([feed]).counts["new"] == 1
        (doc,) = list(store.iter_documents())
        assert "أعلنت السلطات في النيجر اعتقال ثلاثة أشخاص" in doc.text
        assert doc.title == "اعتقال مشتبه بهم في أغاديز" and doc.published == "2026-11-24T07:00"
        assert server.hits["/news/removed-agadez.html"] == 3


def test_broken_feeds_are_one_line_each_and_the_rest_goes_on(server, pipeline, tmp_path):
    server.feeds["/feeds/broken.rss"] = "broken.rss"
    lines = Lines()
    with Store.open(str(tmp_path / "w.db")) as store:
        watcher = _watcher(store, pipeline, tmp_path, lines)
        report = watcher.poll(
            [
                f"{server.base}/feeds/broken.rss",
                f"{server.base}/feeds/not-a-feed.xml",
                f"{server.base}/feeds/gone.rss",
                f"http://127.0.0.1:{_free_port()}/feeds/refused.rss",
                f"{server.base}/feeds/agency.atom",
            ]
        )
        assert any("not-a-feed.xml: not a valid RSS/Atom feed" in e for e in report.errors)
        assert any("gone.rss: HTTP 404" in e for e in report.errors)
        assert any("refused.rss: no answer" in e for e in report.errors)
        assert any("broken.rss: malformed feed" in e for e in report.errors)
        assert report.counts["new"] == 2  # the Atom feed's two articles, links relative to the feed
        sources = {s["source"]: s for s in WatchState(store.engine).sources()}
        assert sources[f"{server.base}/feeds/gone.rss"]["failures"] == 1
        assert sources[f"{server.base}/feeds/agency.atom"]["error"] is None


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_private_addresses_are_refused_unless_allowed(server):
    from rasd.watch.fetch import FetchError

    with pytest.raises(FetchError, match="private or loopback address"):
        Fetcher(timeout_s=1).get(f"{server.base}/feeds/sahel.rss")
    assert Fetcher(timeout_s=1, allow_private=True).get(f"{server.base}/feeds/sahel.rss").data


def test_a_server_that_does_not_answer_in_time_is_a_one_line_error(server):
    from rasd.watch.fetch import FetchError

    with pytest.raises(FetchError, match=r"slow/page.html: no answer \(timeout"):
        Fetcher(timeout_s=1, allow_private=True).get(f"{server.base}/slow/page.html")


def test_article_links_obey_robots_txt_and_feeds_are_read_as_asked(server):
    from rasd.watch.fetch import FetchError

    fetcher = Fetcher(timeout_s=5, min_interval_s=0.0, allow_private=True)
    with pytest.raises(FetchError, match=r"disallowed by the site's robots\.txt") as refused:
        fetcher.get(f"{server.base}/private/gao-attack.html", robots=True)
    assert refused.value.final
    assert fetcher.get(f"{server.base}/news/gao-attack.html", robots=True).data
    assert fetcher.get(f"{server.base}/feeds/sahel.rss").data
    assert server.hits["/robots.txt"] == 1  # read once per run and site


def test_requests_to_one_host_are_spaced(server):
    fetcher = Fetcher(timeout_s=2, min_interval_s=0.3, allow_private=True)
    started = time.monotonic()
    for _ in range(3):
        fetcher.get(f"{server.base}/news/gao-attack.html")
    assert time.monotonic() - started >= 0.6  # two waits between three requests (a floor, not a timing)


def test_the_same_story_from_two_outlets_is_one_story_with_both(server, pipeline, tmp_path):
    lines = Lines()
    with Store.open(str(tmp_path / "w.db")) as store:
        watcher = _watcher(store, pipeline, tmp_path, lines)
        watcher.poll([f"{server.base}/feeds/sahel.rss"])
        report = watcher.poll([f"{server.base}/feeds/agency.atom"])
        assert report.counts["duplicate"] == 1 and report.counts["new"] == 1
        i = schema.watch_items
        with store.engine.connect() as conn:
            rows = conn.execute(
                select(i.c.url, i.c.story_id, i.c.outlet).where(i.c.doc_id.is_not(None))
            ).all()
        story = {url.rsplit("/", 1)[1]: s for url, s, _o in rows}
        assert story["gao-attack.html"] == story["gao-attack-copy.html"]
        assert story["menaka-kidnapping.html"] != story["gao-attack.html"]
        outlets = WatchState(store.engine).outlets([story["gao-attack.html"]])[story["gao-attack.html"]]
        assert [o for o, _u, _k in outlets] == ["صحيفة الساحل اليوم", "وكالة أنباء الصحراء"]

        # A restart rebuilds the story index from the database.
        watcher2 = _watcher(store, pipeline, tmp_path, lines)
        assert watcher2.stories.story_of == watcher.stories.story_of


def test_alerts_for_watched_items_printed_written_posted_never_twice(server, pipeline, tmp_path, db_url):
    lines = Lines()
    with Store.open(db_url) as store:
        kb = pipeline.resources.kb
        watchlist = Watchlist(store.engine)
        watchlist.add(resolve(kb, "entity", "جماعة نصرة الإسلام والمسلمين", None))
        watchlist.add(resolve(kb, "entity", "أمادو كوفا", None))
        watchlist.add(resolve(kb, "place", "ميناكا", 30))
        watchlist.add(resolve(kb, "country", "النيجر", None))
        watcher = _watcher(store, pipeline, tmp_path, lines, webhook=f"{server.base}/hook")
        watcher.poll([f"{server.base}/feeds/sahel.rss"])
        written = _alerts_file(tmp_path)
        kinds = Counter((a["kind"], a["watched"][0]["label"]) for a in written)
        assert kinds[("event", "جماعة نصرة الإسلام والمسلمين")] >= 1  # the Gao attack
        assert any(a["what"] == "kidnapping" and a["watched"][0]["kind"] == "place" for a in written)
        assert any(a["what"] == "attack" and a["watched"][0]["value"] == "NE" for a in written)  # Tillaberi
        for a in written:
            assert a["sentence"] and a["document"] and a["url"].startswith(server.base)
            assert a["link"].startswith(a["url"] + "#:~:text=")
        assert len(lines.out) == len(written)
        assert [r["alert"] for r in server.received] == [a["alert"] for a in written]

        # The agency's copy of the Gao story and its Koufa report: Koufa alerts, no second Gao alert.
        watcher.poll([f"{server.base}/feeds/agency.atom"])
        after = _alerts_file(tmp_path)
        new = after[len(written) :]
        assert new and all(a["story"] != written[0]["story"] or a["kind"] != "event" for a in new)
        assert any(a["watched"][0]["label"] == "أمادو كوفا" for a in new)
        # Koufa «alive» contradicts the army's «killed»: a contradiction alert, once.
        server.feeds["/feeds/agency.atom"] = "update.atom"
        watcher.poll([f"{server.base}/feeds/agency.atom"])
        # (The airstrike that killed him, asserted by the army and denied by him, may make one more.)
        found = [a for a in _alerts_file(tmp_path) if a["kind"] == "contradiction"]
        contradictions = {a["what"]: a for a in found}
        assert "status" in contradictions and len(contradictions) == len(found)
        status = contradictions["status"]
        assert status["watched"][0]["label"] == "أمادو كوفا"
        assert set(status["summary"].split(": ", 1)[1].split(" / ")) == {"dead", "alive"}
        assert "لا يزال حيا" in status["sentence"] or "مقتله" in status["sentence"]
        keys = [a["alert"] for a in _alerts_file(tmp_path)]
        assert len(keys) == len(set(keys))
        # Polling everything again from a fresh process raises nothing new.
        total = len(keys)
        _watcher(store, pipeline, tmp_path, lines).poll(
            [f"{server.base}/feeds/sahel.rss", f"{server.base}/feeds/agency.atom"]
        )
        assert len(_alerts_file(tmp_path)) == total


def test_a_webhook_that_fails_is_retried_on_the_next_poll(server, pipeline, tmp_path):
    lines = Lines()
    with Store.open(str(tmp_path / "w.db")) as store:
        Watchlist(store.engine).add(resolve(pipeline.resources.kb, "event_type", "kidnapping", None))
        server.hook_status = 500
        watcher = _watcher(store, pipeline, tmp_path, lines, webhook=f"{server.base}/hook")
        watcher.poll([f"{server.base}/feeds/sahel.rss"])
        assert any("webhook" in e and "retried next poll" in e for e in lines.errors)
        assert server.received == []
        server.hook_status = 200
        watcher.poll([f"{server.base}/feeds/sahel.rss"])
        assert [r["what"] for r in server.received] == ["kidnapping"], (server.received, lines.errors)
        assert len(_alerts_file(tmp_path)) == 1


class _Crash(BaseException):
    """Stands for the process being killed (not an Exception: nothing may catch it)."""


class CrashingPipeline:
    """The real pipeline, that 'dies' when asked to analyse its n-th article."""

    def __init__(self, pipeline: Pipeline, crash_at: int) -> None:
        self.inner, self.crash_at, self.calls = pipeline, crash_at, 0
        self.resources = pipeline.resources

    def process_safely(self, raw):  # type: ignore[no-untyped-def]
        self.calls += 1
        if self.calls == self.crash_at:
            raise _Crash
        return self.inner.process_safely(raw)


def test_a_crash_mid_poll_loses_nothing_and_duplicates_nothing(server, pipeline, tmp_path, db_url):
    lines = Lines()
    sources = [f"{server.base}/feeds/sahel.rss", f"{server.base}/feeds/agency.atom"]
    with Store.open(db_url) as store:
        Watchlist(store.engine).add(
            resolve(pipeline.resources.kb, "entity", "جماعة نصرة الإسلام والمسلمين", None)
        )
        crashing = _watcher(store, CrashingPipeline(pipeline, crash_at=3), tmp_path, lines)  # type: ignore[arg-type]
        with pytest.raises(_Crash):
            crashing.poll(sources)
        assert _count(store, schema.documents) == 2
        _watcher(store, pipeline, tmp_path, lines).poll(sources)
        assert _count(store, schema.documents) == 5
        i = schema.watch_items
        with store.engine.connect() as conn:
            keys = conn.execute(select(i.c.key)).scalars().all()
        assert len(keys) == len(set(keys)) == 7  # every feed entry once
        alerts = [a["alert"] for a in _alerts_file(tmp_path)]
        assert alerts and len(alerts) == len(set(alerts))


def test_a_crash_after_storing_an_article_but_before_recording_it_stores_it_once(server, pipeline, tmp_path):
    lines = Lines()
    feed = [f"{server.base}/feeds/agency.atom"]
    with Store.open(str(tmp_path / "w.db")) as store:
        Watchlist(store.engine).add(resolve(pipeline.resources.kb, "entity", "أمادو كوفا", None))
        crashing = _watcher(store, pipeline, tmp_path, lines)
        record = crashing.state.record

        def record_then_die(item, alerts=()):  # type: ignore[no-untyped-def]
            if "koufa" in item.key:
                raise _Crash  # the article is in the store, its item and alerts are not
            return record(item, alerts)

        crashing.state.record = record_then_die  # type: ignore[method-assign]
        with pytest.raises(_Crash):
            crashing.poll(feed)
        assert _count(store, schema.documents) == 2 and _alerts_file(tmp_path) == []
        _watcher(store, pipeline, tmp_path, lines).poll(feed)
        assert _count(store, schema.documents) == 2
        written = _alerts_file(tmp_path)
        assert written and all(a["document"] for a in written)
        assert len({a["alert"] for a in written}) == len(written)


def test_alerts_stored_but_not_emitted_before_a_crash_go_out_once_on_restart(pipeline, tmp_path):
    lines = Lines()
    with Store.open(str(tmp_path / "w.db")) as store:
        state = WatchState(store.engine)
        record = {
            "alert": "a1",
            "kind": "event",
            "summary": "s",
            "sentence": "جملة",
            "link": "l",
            "watched": [],
        }
        state.add_alerts([AlertRow("k1", None, "event", None, record)])
        state.add_alerts([AlertRow("k2", None, "event", None, {**record, "alert": "a2"})])
        # The first was written to the file just before the crash, but not marked as emitted.
        (tmp_path / "alerts.jsonl").write_text(json.dumps({**record, "created_at": "x"}) + "\n", "utf-8")
        _watcher(store, pipeline, tmp_path, lines)
        assert [a["alert"] for a in _alerts_file(tmp_path)] == ["a1", "a2"]
        assert state.unemitted() == []
        state.add_alerts([AlertRow("k1", None, "event", None, record)])  # the same fact again
        assert state.unemitted() == []
