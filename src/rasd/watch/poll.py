"""One poll of every source: new items fetched, analysed, stored, grouped into stories, alerted.

Per item, in this order: skip it if its key or URL was handled; fetch the page; analyse; store the
document (idempotent by content hash); find its story; record the item and its alerts in one
transaction; emit the alerts. See ``rasd.watch.state`` for why a crash anywhere loses nothing and
duplicates nothing.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from rasd.kb.judgements import apply_judgements
from rasd.pipeline import Pipeline
from rasd.read import RawArticle, ReadError
from rasd.record import Document
from rasd.store import Store, schema
from rasd.watch import dedup
from rasd.watch.alerts import AlertSinks, contradiction_alerts, document_alerts
from rasd.watch.contradictions import new_contradictions
from rasd.watch.fetch import Fetcher, FetchError
from rasd.watch.places import Places
from rasd.watch.sources import Candidate, SourceError, page_article, poll_source
from rasd.watch.state import MAX_ATTEMPTS, ItemRow, WatchState
from rasd.watch.watchlists import Matcher, Watchlist

_MIN_ARABIC = 0.5  # share of Arabic among the letters: below it a page is not for this pipeline


@dataclass
class PollReport:
    counts: Counter[str] = field(default_factory=Counter)  # new, duplicate, skipped, failed, alerts
    errors: list[str] = field(default_factory=list)
    alert_times: list[tuple[str, float]] = field(default_factory=list)  # (alert id, time.time())


def arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum("\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" for c in letters) / len(letters)


class Watcher:
    def __init__(
        self,
        store: Store,
        pipeline: Pipeline,
        fetcher: Fetcher,
        places: Places,
        sinks: AlertSinks,
        *,
        settle_s: float = 1.0,
        on_error: Callable[[str], None] = print,
    ) -> None:
        self.store = store
        self.state = WatchState(store.engine)
        self.pipeline = pipeline
        self.fetcher = fetcher
        self.places = places
        self.sinks = sinks
        self.settle_s = settle_s
        self.on_error = on_error
        self.stories = dedup.StoryIndex()
        for doc_id, story_id, signature in self.state.signatures():
            self.stories.add(doc_id, story_id, dedup.from_bytes(signature))
        # Alerts stored but not emitted when the last run stopped go out first.
        self.sinks.emit(self.state, self._error)

    def _error(self, message: str) -> None:
        self.on_error(message)

    def poll(self, specs: Iterable[str]) -> PollReport:
        report = PollReport()
        matcher = Matcher(Watchlist(self.store.engine).all(), self.places, self.store.entity_map())
        judgements = self.store.judgements()
        new_docs: dict[str, Document] = {}
        for spec in specs:
            state = self.state.source_state(spec)
            try:
                polled = poll_source(spec, state, self.fetcher, self.state.done, self.settle_s)
            except SourceError as exc:
                report.errors.append(str(exc))
                self._error(str(exc))
                self.state.save_source(spec, None, str(exc))
                continue
            except Exception as exc:  # a parser's surprise must not stop the other sources
                message = f"{spec}: could not be polled ({type(exc).__name__}: {exc})"
                report.errors.append(message)
                self._error(message)
                self.state.save_source(spec, None, message)
                continue
            found = [c for c in polled.candidates if isinstance(c, Candidate)]
            settled = self.state.settled([c.key for c in found], [c.url for c in found if c.url])
            for candidate in polled.candidates:
                if isinstance(candidate, Candidate) and (
                    candidate.key in settled or (candidate.url and candidate.url in settled)
                ):
                    report.counts["seen"] += 1
                    continue
                if isinstance(candidate, ReadError):
                    report.counts["failed"] += 1
                    report.errors.append(str(candidate))
                    self._error(str(candidate))
                    continue
                outcome = self._item(spec, candidate, matcher, judgements, new_docs, report)
                report.counts[outcome] += 1
            self.state.save_source(spec, polled.state, None)
        if new_docs and matcher:
            self._contradictions(new_docs, matcher, report)
        self.sinks.emit(self.state, self._error)  # webhook deliveries that failed before are retried
        return report

    def _item(
        self,
        spec: str,
        cand: Candidate,
        matcher: Matcher,
        judgements: list,
        new_docs: dict[str, Document],
        report: PollReport,
    ) -> str:
        if self.state.done(cand.key, cand.url):
            return "seen"
        if cand.error is not None:
            # What was read holds no article (not text, not Arabic, a page with no article): reading
            # it again gives the same answer, so it is said once and set aside.
            return self._skipped(spec, cand, cand.error, report)
        raw, error, final = self._raw(cand)
        if raw is None and final:
            return self._skipped(spec, cand, error or "refused", report)
        if raw is None:
            return self._failed(spec, cand, error or "unreadable", report)
        share = arabic_share(raw.text)
        if share < _MIN_ARABIC:
            self.state.record(
                ItemRow(
                    cand.key, spec, "skipped", url=cand.url, error=f"not Arabic ({share:.0%} Arabic letters)"
                )
            )
            return "skipped"
        doc = self.pipeline.process_safely(raw)
        if isinstance(doc, ReadError):
            return self._failed(spec, cand, doc.reason, report)
        if judgements:
            apply_judgements(doc, judgements, self.pipeline.resources.kb)
        self.store.ingest(doc)
        signature = dedup.signature(doc.text)
        names = {e.id for e in doc.entities if not e.id.startswith("country:")}
        story = self.state.story_of_document(doc.id) or self.stories.story_for(
            doc.id, signature, lambda other: dedup.same_names(names, self._names_of(other))
        )
        duplicate = story != doc.id or doc.id in self.stories.story_of
        self.stories.add(doc.id, story, signature)
        alerts = document_alerts(doc, story, matcher)
        item = ItemRow(
            cand.key,
            spec,
            "ingested",
            url=cand.url or (doc.url and doc.url.strip()) or None,
            doc_id=doc.id,
            story_id=story,
            signature=dedup.to_bytes(signature),
            title=doc.title or cand.title,
            outlet=doc.outlet or cand.outlet,
        )
        if self.state.record(item, alerts):
            self._emit(report)
        new_docs[doc.id] = doc
        return "duplicate" if duplicate else "new"

    def _names_of(self, doc_id: str) -> set[str]:
        m = schema.mentions
        with self.store.engine.connect() as conn:
            ids = conn.execute(select(m.c.entity_id).where(m.c.doc_id == doc_id).distinct()).scalars()
            return {i for i in ids if not i.startswith("country:")}

    def _raw(self, cand: Candidate) -> tuple[RawArticle | None, str | None, bool]:
        """(the article, why there is none, whether asking again is pointless)."""
        if cand.raw is not None:
            return cand.raw, None, False
        assert cand.url is not None
        try:
            fetched = self.fetcher.get(cand.url, robots=True)
        except FetchError as exc:
            if exc.final:
                return None, exc.reason, True
            return *self._fallback(cand, exc.reason), False
        page = page_article(fetched.data, fetched.url)
        if isinstance(page, ReadError):
            return *self._fallback(cand, page.reason), False
        page.url = cand.url
        page.title = cand.title or page.title  # the feed's headline, not the page's <title> and site name
        page.published = cand.published or page.published
        page.outlet = cand.outlet or page.outlet
        return page, None, False

    def _fallback(self, cand: Candidate, reason: str) -> tuple[RawArticle | None, str]:
        """The feed's own text once the page has failed on every try (a teaser beats nothing)."""
        attempts = self.state.attempts(cand.key) or 0
        if cand.fallback is not None and attempts + 1 >= MAX_ATTEMPTS:
            return cand.fallback, reason
        return None, reason

    def _skipped(self, spec: str, cand: Candidate, reason: str, report: PollReport) -> str:
        self.state.record(ItemRow(cand.key, spec, "skipped", url=cand.url, error=reason))
        message = f"{cand.url or cand.key}: {reason}"
        report.errors.append(message)
        self._error(message)
        return "skipped"

    def _failed(self, spec: str, cand: Candidate, reason: str, report: PollReport) -> str:
        attempts = (self.state.attempts(cand.key) or 0) + 1
        self.state.record(ItemRow(cand.key, spec, "failed", url=cand.url, error=reason))
        where = cand.url or cand.key
        tail = "given up" if attempts >= MAX_ATTEMPTS else f"try {attempts} of {MAX_ATTEMPTS}"
        message = f"{where}: {reason} ({tail})"
        report.errors.append(message)
        self._error(message)
        return "failed"

    def _contradictions(self, new_docs: dict[str, Document], matcher: Matcher, report: PollReport) -> None:
        found, pool = new_contradictions(self.store, new_docs)
        if self.state.add_alerts(contradiction_alerts(found, pool, set(new_docs), matcher)):
            self._emit(report)

    def _emit(self, report: PollReport) -> None:
        pending = self.state.unemitted()
        self.sinks.emit(self.state, self._error)
        now = time.time()
        report.counts["alerts"] += len(pending)
        report.alert_times += [(record["alert"], now) for _id, record in pending]
