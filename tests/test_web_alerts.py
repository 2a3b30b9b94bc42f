"""The workbench's alerts page (`/alerts`, `/alerts.json`): the alerts `rasd watch` stored, newest
first, with the watched item, the kind of fact, the evidence sentence, the outlet and a link to the
article at that sentence; filters by date, watched item and kind; paging; hostile text shown as text.

Alerts are made as `rasd watch` makes them: watchlist entries in the store, the watch package's
alert builders (`document_alerts`, `contradiction_alerts`) over the demo store's articles, and
`WatchState.add_alerts` to store them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from rasd.kb import KnowledgeBase
from rasd.relate import find_contradictions
from rasd.store import Store, schema
from rasd.watch.alerts import contradiction_alerts, document_alerts
from rasd.watch.places import Places
from rasd.watch.state import AlertRow, WatchState
from rasd.watch.watchlists import Matcher, Watch, Watchlist
from rasd.web import WebConfig, create_app
from rasd.web.alerts import ALERTS_PER_PAGE
from test_web_support import EXAMPLES, HOSTILE_NAME, build_demo_store, copy_store, hostile_document, ingest

BASE = "http://127.0.0.1:8765"
HUB = "rasd:mokhtar-belmokhtar"
OLD = datetime.now(UTC) - timedelta(days=30)  # the hostile article's alerts are backdated to here


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_demo_store(tmp_path_factory.mktemp("web-alerts"))


def _backdate(store: Store, when: datetime) -> None:
    """Every alert stored so far as if raised at ``when`` (the column the period reads, and the record)."""
    a = schema.alerts
    with store.engine.begin() as conn:
        for row in conn.execute(select(a.c.id, a.c.record)).all():
            record = {**row.record, "created_at": when.isoformat(timespec="seconds")}
            conn.execute(update(a).where(a.c.id == row.id).values(created_at=when, record=record))


def _raise_alerts(db: str) -> dict[str, int]:
    """Three watches and the alerts a poll of the store's articles raises: the hostile article's a
    month ago, the others' now. The watches' numbers by name."""
    with Store.open(db) as store:
        watchlist = Watchlist(store.engine)
        hostile, _ = watchlist.add(Watch(0, "entity", "org:hostile0001", HOSTILE_NAME))
        hub, _ = watchlist.add(Watch(0, "entity", HUB, "مختار بلمختار"))
        attacks, _ = watchlist.add(Watch(0, "event_type", "attack", "attack"))
        matcher = Matcher([hostile, hub, attacks], Places(KnowledgeBase(), None))
        state = WatchState(store.engine)
        docs = {d.id: d for d in store.iter_documents()}
        bad = docs[hostile_document().id]
        assert state.add_alerts(document_alerts(bad, None, matcher))
        _backdate(store, OLD)
        for doc in docs.values():
            if doc.id != bad.id:
                state.add_alerts(document_alerts(doc, None, matcher))
        found = find_contradictions(list(docs.values()))
        assert state.add_alerts(contradiction_alerts(found, docs, set(docs), matcher))
    return {"hostile": hostile.id, "hub": hub.id, "attack": attacks.id}


@pytest.fixture
def watched(demo_db: str, tmp_path: Path) -> tuple[str, dict[str, int]]:
    """A copy of the demo store with its alerts (``_raise_alerts``)."""
    db = copy_store(demo_db, tmp_path)
    return db, _raise_alerts(db)


@pytest.fixture
def client(watched: tuple[str, dict[str, int]]) -> Iterator[TestClient]:
    with TestClient(create_app(WebConfig(db=watched[0], analyst="tester")), base_url=BASE) as c:
        yield c


def _alerts(client: TestClient, **params: str | int) -> dict:
    response = client.get("/alerts.json", params=params)
    assert response.status_code == 200, response.text[:300]
    return response.json()


def test_alerts_page_is_linked_rtl_and_also_json(client: TestClient) -> None:
    assert 'href="/alerts"' in client.get("/search").text
    page = client.get("/alerts")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<html lang="ar" dir="rtl">' in page.text and "التنبيهات" in page.text
    suffixed = client.get("/alerts.json", params={"kind": "event"})
    accepted = client.get("/alerts", params={"kind": "event"}, headers={"Accept": "application/json"})
    assert suffixed.status_code == accepted.status_code == 200
    assert suffixed.json() == accepted.json()


def test_alerts_are_listed_newest_first_with_watch_kind_sentence_outlet_and_link(
    client: TestClient, watched: tuple[str, dict[str, int]]
) -> None:
    data = _alerts(client)
    alerts = data["alerts"]
    assert data["total"] == len(alerts) > 0 and data["per_page"] == ALERTS_PER_PAGE
    assert {a["kind"] for a in alerts} == {"event", "relation", "claim", "contradiction"}
    raised = [a["created_at"] for a in alerts]
    assert raised == sorted(raised, reverse=True)
    assert alerts[-1]["document"] == hostile_document().id  # raised a month ago: last
    page = client.get("/alerts").text
    for a in alerts:
        assert a["watched"] and a["sentence"] and (a["outlet"] or a["source"])
        doc, start, end = a["article"]["id"], a["article"]["start"], a["article"]["end"]
        assert (doc, [start, end]) == (a["document"], a["span"])
        text = client.get(f"/articles/{doc}.json", params={"hl": f"{start}-{end}"}).json()["text"]
        assert " ".join(text[start:end].split()).startswith(a["sentence"].rstrip("…"))
        assert f'href="/articles/{doc}?hl={start}-{end}#hl"' in page
    # the JSON lists the watches with their numbers, as `rasd watchlist list` does
    numbers = {w["id"]: w for w in data["watches"]}
    assert set(numbers) == set(watched[1].values())
    assert numbers[watched[1]["hub"]]["value"] == HUB and numbers[watched[1]["hub"]]["alerts"] > 0


def test_filters_by_date_watch_and_kind(client: TestClient, watched: tuple[str, dict[str, int]]) -> None:
    everything = _alerts(client)
    ids = watched[1]
    recent = _alerts(client, since=(OLD + timedelta(days=1)).date().isoformat())
    assert 0 < recent["total"] < everything["total"]
    assert all(a["document"] != hostile_document().id for a in recent["alerts"])
    assert _alerts(client, since=OLD.strftime("%Y-%m-%dT%H:%M"))["total"] == everything["total"]
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    assert _alerts(client, since=tomorrow)["total"] == 0
    assert "لا تنبيهات بهذه الشروط" in client.get("/alerts", params={"since": tomorrow}).text

    hostile = _alerts(client, watch=ids["hostile"])
    assert hostile["total"] == everything["watches"][0]["alerts"] > 0
    assert all(ids["hostile"] in {w["id"] for w in a["watched"]} for a in hostile["alerts"])
    for kind in ("event", "relation", "claim", "contradiction"):
        only = _alerts(client, kind=kind)
        assert only["total"] > 0 and {a["kind"] for a in only["alerts"]} == {kind}
        assert only["total"] == next(k["alerts"] for k in everything["kinds"] if k["value"] == kind)
    both = _alerts(client, watch=ids["hub"], kind="contradiction")
    assert both["total"] > 0
    assert all(a["kind"] == "contradiction" and a["fact"]["about"] == HUB for a in both["alerts"])
    # the page's form sends empty fields for "any"
    assert _alerts(client, since="", watch="", kind="")["total"] == everything["total"]
    form = client.get("/alerts", params={"watch": ids["hub"], "kind": "claim"}).text
    assert f'<option value="{ids["hub"]}" selected>' in form and '<option value="claim" selected>' in form


def test_hostile_alert_text_is_shown_as_text(client: TestClient, watched: tuple[str, dict[str, int]]) -> None:
    with Store.open(watched[0]) as store:  # an alert whose every field is hostile, and no stored article
        record = {
            "alert": "hostile",
            "kind": "claim",
            "summary": "<b>bold</b> claim",
            "sentence": "قال <script>alert('alert')</script> إن",
            "watched": [{"id": watched[1]["hostile"], "kind": "entity", "value": "x", "label": HOSTILE_NAME}],
            "outlet": '<img src=x onerror="alert(4)">',
            "title": "<script>alert('t')</script>",
            "document": None,
            "span": [0, 5],
            "link": "javascript:alert(3)",
        }
        WatchState(store.engine).add_alerts([AlertRow("hostile-key", None, "claim", None, record)])
    page = client.get("/alerts", params={"watch": watched[1]["hostile"]}).text
    for match in re.finditer(r"<(script|img|a)\b[^>]*>", page, re.IGNORECASE):
        tag = match.group(0)
        assert match.group(1).lower() != "script" or 'src="/static/' in tag, tag
        assert match.group(1).lower() != "img" and "javascript:" not in tag.lower(), tag
        assert not re.search(r"\son\w+\s*=", tag), tag
    assert not re.search(r"<[^>]+\sstyle=", page)  # the CSP allows no inline style either
    assert "قال &lt;script&gt;alert(&#39;alert&#39;)&lt;/script&gt; إن" in page
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in page  # the hostile article's sentence
    assert "&lt;img src=x onerror=&#34;alert(4)&#34;&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt; claim" in page
    first = _alerts(client)["alerts"][0]
    assert first["alert"] == "hostile" and first["article"] is None and first["web_link"] is None


def test_long_lists_are_paged(client: TestClient, watched: tuple[str, dict[str, int]]) -> None:
    before = _alerts(client)["total"]
    record = {
        "kind": "event",
        "summary": "s",
        "sentence": "جملة",
        "link": "https://outlet.example/a",
        "watched": [],
    }
    with Store.open(watched[0]) as store:
        WatchState(store.engine).add_alerts(
            [
                AlertRow(f"k{n}", None, "event", None, {**record, "alert": f"a{n}"})
                for n in range(ALERTS_PER_PAGE)
            ]
        )
    first, second = _alerts(client), _alerts(client, page=2)
    assert first["total"] == before + ALERTS_PER_PAGE and first["pages"] == 2
    assert len(first["alerts"]) == ALERTS_PER_PAGE and len(second["alerts"]) == before
    assert first["alerts"][0]["alert"] == f"a{ALERTS_PER_PAGE - 1}"
    assert first["alerts"][0]["web_link"] == "https://outlet.example/a"
    assert 'href="/alerts?page=2"' in client.get("/alerts").text


@pytest.mark.parametrize(
    "query",
    ["since=yesterday", "since=2026-13-45", "since=2026-02-30", "kind=rumour", "watch=abc", "page=0"],
)
def test_bad_filters_are_a_400(client: TestClient, query: str) -> None:
    page = client.get("/alerts?" + query)
    assert page.status_code == 400 and "Traceback" not in page.text and 'dir="rtl"' in page.text
    as_json = client.get("/alerts.json?" + query)
    assert as_json.status_code == 400 and as_json.json()["status"] == 400


def test_a_store_without_alerts(demo_db: str, tmp_path: Path) -> None:
    config = WebConfig(db=copy_store(demo_db, tmp_path), analyst="tester")
    with TestClient(create_app(config), base_url=BASE) as c:
        data = c.get("/alerts.json").json()
        assert data["total"] == 0 and data["alerts"] == [] and data["watches"] == []
        assert "rasd watchlist add" in c.get("/alerts").text


@pytest.mark.postgres
def test_alerts_on_postgresql(pg_url: str) -> None:
    ingest([EXAMPLES], pg_url)
    with Store.open(pg_url) as store:
        store.ingest(hostile_document())
    ids = _raise_alerts(pg_url)
    with TestClient(create_app(WebConfig(db=pg_url, analyst="tester")), base_url=BASE) as c:
        everything = _alerts(c)
        assert everything["total"] > 0 and everything["alerts"][-1]["document"] == hostile_document().id
        recent = _alerts(c, since=(OLD + timedelta(days=1)).date().isoformat())
        assert 0 < recent["total"] < everything["total"]
        assert _alerts(c, watch=ids["hub"], kind="contradiction")["total"] > 0
        assert c.get("/alerts").status_code == 200
