"""Alerts: new facts that touch a watched item, with the sentence, the source and a link.

A fact has a key, so it is alerted once however many outlets repeat it:

- event: type, modality, date (or the story, when undated), place, actors, targets;
- relation: type, subject, object;
- claim: the normalised sentence (the same agency sentence in five papers);
- contradiction: its kind, what it is about and the set of things said («dead» / «alive»; each
  new death toll makes a new one).

Events and claims also get a story key (the fact within its near-duplicate story), because
outlets that reword a story give slightly different extractions of the same fact.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rasd.record import Document, Event, Span
from rasd.relate import Contradiction
from rasd.text import normalize
from rasd.watch.state import AlertRow, WatchState
from rasd.watch.watchlists import Matcher, Watch

_SENTENCE_CHARS = 400
_FRAGMENT_WORDS = 6


def _key(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def sentence(doc: Document, span: Span) -> str:
    text = " ".join(doc.text[span.start : span.end].split())
    return text if len(text) <= _SENTENCE_CHARS else text[: _SENTENCE_CHARS - 1] + "…"


def link(url: str | None, source: str, text: str) -> str:
    """The article, scrolled to the sentence where the browser supports text fragments."""
    if url:
        words = " ".join(text.rstrip("…").split()[:_FRAGMENT_WORDS])
        return f"{url}#:~:text={quote(words)}" if words else url
    path = source.split("#", 1)[0]
    return Path(path).resolve().as_uri() if path else source


def article_url(doc: Document) -> str | None:
    if doc.url:
        return doc.url
    return doc.source if doc.source.startswith(("http://", "https://")) else None


def _base(doc: Document, kind: str, watched: list[Watch], span: Span, story: str | None) -> dict[str, Any]:
    said = sentence(doc, span)
    url = article_url(doc)
    return {
        "kind": kind,
        "watched": [w.as_dict() for w in watched],
        "sentence": said,
        "document": doc.id,
        "span": [span.start, span.end],
        "title": doc.title,
        "outlet": doc.outlet,
        "published": doc.published,
        "source": doc.source,
        "url": url,
        "link": link(url, doc.source, said),
        "story": story,
    }


def _names(doc: Document, ids: Iterable[str | None]) -> list[str]:
    out = []
    for entity_id in ids:
        if entity_id:
            ent = doc.entity(entity_id)
            out.append(ent.name if ent else entity_id)
    return out


def document_alerts(doc: Document, story: str | None, matcher: Matcher) -> list[AlertRow]:
    """Alerts for the events, relations and claims of one new article."""
    if not matcher:
        return []
    rows: list[AlertRow] = []
    for ev in doc.events:
        if ev.modality == "hypothetical":
            continue
        watched = matcher.event(doc, ev)
        if watched:
            rows.append(_event_alert(doc, ev, story, watched))
    for rel in doc.relations:
        watched = matcher.entity_ids([rel.subject, rel.object])
        if watched:
            subject, obj = _names(doc, [rel.subject, rel.object])
            record = {
                **_base(doc, "relation", watched, rel.evidence, story),
                "what": rel.type,
                "summary": f"{subject} — {rel.type} — {obj}",
                "fact": rel.model_dump(mode="json"),
            }
            key = _key("relation", rel.type, rel.subject, rel.object)
            rows.append(AlertRow(key, None, "relation", doc.id, _with_id(record, key)))
    for claim in doc.claims:
        watched = matcher.entity_ids(claim.about)
        if watched:
            said = normalize(doc.text[claim.evidence.start : claim.evidence.end])
            record = {
                **_base(doc, "claim", watched, claim.evidence, story),
                "what": f"{claim.certainty} ({claim.source.kind})",
                "summary": f"{claim.source.text or claim.source.kind}: {claim.certainty}",
                "fact": claim.model_dump(mode="json"),
            }
            key = _key("claim", said)
            story_key = _key("claim", story, claim.source.kind, claim.certainty, sorted(claim.about))
            rows.append(AlertRow(key, story_key, "claim", doc.id, _with_id(record, key)))
    return rows


def _event_alert(doc: Document, ev: Event, story: str | None, watched: list[Watch]) -> AlertRow:
    when = ev.date.value if ev.date and ev.date.value else None
    place = _names(doc, [ev.location])
    people = _names(doc, [*ev.actors, *ev.targets])
    parts = [ev.type, *(place or []), *([when] if when else []), "، ".join(people)]
    record = {
        **_base(doc, "event", watched, ev.evidence, story),
        "what": ev.type,
        "summary": " — ".join(p for p in parts if p),
        "modality": ev.modality,
        "fatalities": ev.fatalities,
        "fact": ev.model_dump(mode="json"),
    }
    key = _key(
        "event", ev.type, ev.modality, when or story, ev.location, sorted(ev.actors), sorted(ev.targets)
    )
    story_key = _key("event", story, ev.type, ev.modality, ev.location)
    return AlertRow(key, story_key, "event", doc.id, _with_id(record, key))


def _with_id(record: dict[str, Any], key: str) -> dict[str, Any]:
    return {"alert": key[:16], **record}


def contradiction_alerts(
    found: list[Contradiction], docs: dict[str, Document], new_docs: set[str], matcher: Matcher
) -> list[AlertRow]:
    """Contradictions about watched items with at least one statement from a new article."""
    rows: list[AlertRow] = []
    for c in found:
        if not any(s.document in new_docs for s in c.statements):
            continue
        watched = _contradiction_watches(c, docs, matcher)
        if not watched:
            continue
        newest = next(s for s in reversed(c.statements) if s.document in new_docs)
        doc = docs[newest.document]
        record = {
            **_base(doc, "contradiction", watched, newest.evidence, None),
            "what": c.kind,
            "summary": f"{c.about_name}: " + " / ".join(dict.fromkeys(s.says for s in c.statements)),
            "fact": c.model_dump(mode="json"),
        }
        key = _key("contradiction", c.kind, c.about, sorted({s.says for s in c.statements}))
        rows.append(AlertRow(key, None, "contradiction", doc.id, _with_id(record, key)))
    return rows


def _contradiction_watches(c: Contradiction, docs: dict[str, Document], matcher: Matcher) -> list[Watch]:
    if c.kind == "status":
        return matcher.entity_ids([c.about])
    hits: list[Watch] = []
    for s in c.statements:  # about an event: the watches its reports touch
        doc = docs.get(s.document)
        if doc is None:
            continue
        hits += [w for ev in doc.events if ev.evidence == s.evidence for w in matcher.event(doc, ev)]
    return list(dict.fromkeys(hits))


def alert_line(record: dict[str, Any]) -> str:
    watched = "، ".join(str(w["label"]) for w in record.get("watched", []))
    where = record.get("outlet") or record.get("url") or record.get("source")
    return (
        f"[{record['kind']}] {record.get('summary', '')} | {watched} | «{record['sentence']}» | "
        f"{where} | {record['link']}"
    )


class AlertSinks:
    """Where alerts go: a line on stdout, a JSONL file (appended, flushed and synced), a webhook."""

    def __init__(
        self,
        jsonl: Path | None = None,
        webhook: str | None = None,
        echo: Callable[[str], None] | None = None,
        webhook_timeout_s: float = 10.0,
        webhook_attempts: int = 5,
    ) -> None:
        self.jsonl = jsonl
        self.webhook = webhook
        self.echo = echo if echo is not None else _print
        self.webhook_timeout_s = webhook_timeout_s
        self.webhook_attempts = webhook_attempts
        self._written: set[str] | None = None  # ids in the JSONL file: read once, then kept up to date

    def written(self) -> set[str]:
        """Alert ids already in the JSONL file (a crash between writing and marking must not
        write them twice)."""
        if self.jsonl is None or not self.jsonl.is_file():
            return set()
        ids = set()
        with self.jsonl.open(encoding="utf-8") as lines:
            for line in lines:
                try:
                    ids.add(json.loads(line)["alert"])
                except (ValueError, KeyError, TypeError):
                    continue
        return ids

    def emit(self, state: WatchState, on_error: Callable[[str], None]) -> int:
        """Every alert not emitted yet: print, append; then POST what the webhook has not had."""
        pending = state.unemitted()
        if pending:
            if self.jsonl is not None:
                if self._written is None:
                    self._written = self.written()
                self.jsonl.parent.mkdir(parents=True, exist_ok=True)
                with self.jsonl.open("a", encoding="utf-8") as out:
                    for _id, record in pending:
                        if record["alert"] not in self._written:
                            out.write(json.dumps(record, ensure_ascii=False) + "\n")
                            self._written.add(record["alert"])
                    out.flush()
                    _fsync(out)
            for _id, record in pending:
                self.echo(alert_line(record))
            state.mark_emitted([i for i, _ in pending])
        if self.webhook:
            for alert_id, record in state.webhook_due(self.webhook_attempts):
                error = self._post(record)
                state.mark_webhook(alert_id, error is None)
                if error:
                    on_error(f"webhook {self.webhook}: {error} (alert {record['alert']}; retried next poll)")
                    break  # the receiver is down: do not hammer it with the rest now
        return len(pending)

    def _post(self, record: dict[str, Any]) -> str | None:
        assert self.webhook is not None
        request = urllib.request.Request(
            self.webhook,
            data=json.dumps(record, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.webhook_timeout_s) as response:
                status = response.status
        except OSError as exc:  # URLError, HTTPError, timeouts
            return str(getattr(exc, "reason", None) or exc)
        return None if 200 <= status < 300 else f"HTTP {status}"


def _fsync(handle: Any) -> None:
    os.fsync(handle.fileno())


def _print(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()
