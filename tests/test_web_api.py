"""The workbench over HTTP (FastAPI's TestClient, and a real ``rasd serve`` on 127.0.0.1): every
stable URL as a page and as JSON, evidence offsets, escaping of hostile article text, the CSP, the
CSRF token, the Host check, read-only mode, clean 404/400 pages, and corrections that go through
the judgement log, show who/when/why, can be undone and survive re-ingestion."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from rasd.store import Store, schema
from rasd.web import WebConfig, create_app
from rasd.web.local import free_port
from test_web_support import (
    EXAMPLES,
    HOSTILE_NAME,
    HOSTILE_TEXT,
    build_demo_store,
    copy_store,
    hostile_document,
    ingest,
)

BASE = "http://127.0.0.1:8765"
HUB = "rasd:mokhtar-belmokhtar"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_demo_store(tmp_path_factory.mktemp("web"))


@pytest.fixture
def client(demo_db: str, tmp_path: Path):
    """A client on a copy of the demo store (tests may change it)."""
    db = copy_store(demo_db, tmp_path)
    config = WebConfig(db=db, analyst="tester")
    with TestClient(create_app(config), base_url=BASE) as c:
        c.config = config  # type: ignore[attr-defined]
        yield c


def _other_entity(db_url: str) -> str:
    """An entity outside the knowledge base, to merge into the hub."""
    with Store.open(db_url) as store, store.engine.connect() as conn:
        e = schema.entities
        return str(
            conn.execute(
                select(e.c.id).where(e.c.id.startswith("per:"), e.c.id != "org:hostile0001").order_by(e.c.id)
            )
            .scalars()
            .first()
        )


def _hostile_id() -> str:
    return hostile_document().id


# -- stable URLs, pages and JSON ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/search?q=بلمختار",
        "/search",
        f"/entities/{HUB}",
        f"/graph?entity={HUB}",
        f"/graph?entity={HUB}&hops=2",
        "/map",
        "/timeline",
        f"/timeline?actor={HUB}",
        "/contradictions",
    ],
)
def test_every_page_renders_arabic_rtl_and_is_also_json(client: TestClient, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 200, page.text[:500]
    assert page.headers["content-type"].startswith("text/html")
    assert '<html lang="ar" dir="rtl">' in page.text
    path, _, query = url.partition("?")
    suffixed = client.get(path + ".json" + ("?" + query if query else ""))
    accepted = client.get(url, headers={"Accept": "application/json"})
    assert suffixed.status_code == accepted.status_code == 200
    assert suffixed.json() == accepted.json()


def test_search_finds_articles_and_entities_with_facets(client: TestClient) -> None:
    data = client.get("/search.json", params={"q": "بلمختار"}).json()
    assert data["total"] >= 2
    assert any(e["id"] == HUB for e in data["entities"])
    assert {"outlet", "country", "event_type", "year"} <= set(data["facets"])
    country = data["facets"]["country"][0]
    narrowed = client.get("/search.json", params={"q": "بلمختار", "country": country["value"]}).json()
    assert narrowed["total"] == country["count"]
    hits = [p for a in data["articles"] for p in a["snippet"] if p["hit"]]
    assert hits, "matches are flagged in the snippets"


def test_entity_page_names_with_evidence_kb_reference_relations_events(client: TestClient) -> None:
    data = client.get(f"/entities/{HUB}.json").json()
    assert data["kb"]["un_sanctions"] == "QDi.136"
    assert data["relations"] and all(r["evidence"] for r in data["relations"])
    assert data["events"]
    for name in data["names"]:
        ev = name["evidence"]
        article = client.get(f"/articles/{ev['doc_id']}.json").json()
        assert article["text"][ev["start"] : ev["end"]] == name["name"] == ev["match"]
    page = client.get(f"/entities/{HUB}").text
    assert "QDi.136" in page and "/graph?entity=" in page


def test_article_segments_rebuild_the_text_and_carry_mention_types(client: TestClient) -> None:
    doc_id = client.get("/search.json", params={"q": "بلمختار"}).json()["articles"][0]["id"]
    data = client.get(f"/articles/{doc_id}.json").json()
    assert "".join(s["text"] for s in data["segments"]) == data["text"]
    assert {s["type"] for s in data["segments"] if s["entity"]} <= {"PER", "ORG", "LOC"}
    event = data["events"][0]
    start, end = event["start"], event["end"]
    marked = client.get(f"/articles/{doc_id}.json", params={"hl": f"{start}-{end}"}).json()
    lit = [s for s in marked["segments"] if s["hl"]]
    assert lit and lit[0]["start"] == start and lit[-1]["end"] == end
    page = client.get(f"/articles/{doc_id}", params={"hl": f"{start}-{end}"}).text
    assert 'id="hl"' in page and f'data-start="{start}" data-end="{end}"' in page
    assert client.get(f"/events/{event['id']}").status_code == 200


def test_event_page_lists_every_source_with_its_evidence(client: TestClient) -> None:
    doc_id = _hostile_id()
    event_id = client.get(f"/articles/{doc_id}.json").json()["events"][0]["id"]
    data = client.get(f"/events/{event_id}.json").json()
    assert data["location"] == "loc:tessalit0001" and data["sources"][0]["document"] == doc_id
    assert data["sources"][0]["text"] == HOSTILE_TEXT[: HOSTILE_TEXT.index(".") + 1]


def test_map_timeline_graph_data(client: TestClient) -> None:
    points = client.get("/map.json").json()["events"]
    assert points and all(p["geo"] for p in points)
    assert any(p["location"] == "loc:tessalit0001" for p in points)
    timeline = client.get("/timeline", params={"place": "loc:tessalit0001"}).text
    assert "<circle" in timeline and "/events/" in timeline
    graph = client.get("/graph.json", params={"entity": HUB, "hops": 2, "limit": 5}).json()
    assert len(graph["nodes"]) <= 5 and graph["nodes"][0]["id"] == HUB
    assert all(e["source"] in {n["id"] for n in graph["nodes"]} for e in graph["edges"])


def test_basemap_has_arabic_country_names(client: TestClient) -> None:
    countries = client.get("/basemap.geojson").json()["features"]
    by_iso = {f["properties"]["iso_a2"]: f["properties"] for f in countries}
    assert by_iso["ML"] == {"iso_a2": "ML", "name_ar": "مالي", "name_en": "Mali"}
    assert by_iso["FR"]["name_ar"] == "فرنسا"


def test_export_of_the_current_selection(client: TestClient) -> None:
    response = client.get("/export/geojson", params={"q": "بلمختار"})
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    assert json.loads(response.content)["type"] == "FeatureCollection"
    assert client.get("/export/nope").status_code == 404


# -- safety ---------------------------------------------------------------------------------------

_TAG = re.compile(r"<(script|img|a)\b[^>]*>", re.IGNORECASE)


def _assert_inert(html: str) -> None:
    """No element comes from article text: every script is a file (or a JSON block), no img tags,
    no javascript: links, no event-handler attributes, no inline styles."""
    for match in _TAG.finditer(html):
        tag = match.group(0)
        if match.group(1).lower() == "script":
            assert 'src="/static/' in tag or 'type="application/json"' in tag, tag
        assert match.group(1).lower() != "img", tag
        assert "javascript:" not in tag.lower(), tag
        assert not re.search(r"\son\w+\s*=", tag), tag
    assert not re.search(r"<[^>]+\sstyle=", html)


def test_hostile_article_text_is_shown_as_text(client: TestClient) -> None:
    doc_id = _hostile_id()
    event_id = client.get(f"/articles/{doc_id}.json").json()["events"][0]["id"]
    for url in (
        f"/articles/{doc_id}",
        f"/events/{event_id}",
        "/search?q=تساليت",
        "/entities/org:hostile0001",
        "/entities/loc:tessalit0001",
        "/map",
        "/timeline",
        "/graph?entity=org:hostile0001",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        _assert_inert(page.text)
    reflected = client.get("/search", params={"q": '"><script>alert(1)</script><img src=x onerror=alert(2)>'})
    _assert_inert(reflected.text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in reflected.text
    article = client.get(f"/articles/{doc_id}").text
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in article
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in article
    assert "&lt;a href=&#34;javascript:alert(2)&#34;&gt;" in article
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in article
    # the JSON block on the map page cannot close its <script> element either
    map_page = client.get("/map").text
    block = map_page.split('id="map-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and json.loads(block.replace("\\u003c", "<"))["events"]
    assert client.get("/entities/org:hostile0001.json").json()["name"] == HOSTILE_NAME


def test_security_headers_and_a_csp_without_inline_script(client: TestClient) -> None:
    for url in ("/search", f"/entities/{HUB}", "/nope", "/static/app.css"):
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"


def test_host_header_is_checked(client: TestClient) -> None:
    assert client.get("/search", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/search", headers={"Host": "rebind.attacker.test:8765"}).status_code == 400
    for good in ("localhost:8765", "127.0.0.1", "[::1]:8765"):
        assert client.get("/search", headers={"Host": good}).status_code == 200, good


def test_post_needs_the_csrf_token(client: TestClient) -> None:
    other = _other_entity(client.config.db)  # type: ignore[attr-defined]
    form = {"entity": HUB, "other": other, "reason": "same man"}
    assert client.post("/corrections/merge", data=form).status_code == 403
    assert client.post("/corrections/merge", data={**form, "csrf_token": "guess"}).status_code == 403
    token = client.config.csrf_token  # type: ignore[attr-defined]
    foreign = client.post(
        "/corrections/merge", data={**form, "csrf_token": token}, headers={"Origin": "http://evil.example"}
    )
    assert foreign.status_code == 403
    with Store.open(client.config.db) as store:  # type: ignore[attr-defined]
        assert store.judgements() == []
    page = client.get(f"/entities/{HUB}").text
    assert f'name="csrf_token" value="{token}"' in page


def test_read_only_turns_corrections_off(demo_db: str, tmp_path: Path) -> None:
    config = WebConfig(db=copy_store(demo_db, tmp_path), read_only=True)
    with TestClient(create_app(config), base_url=BASE) as c:
        response = c.post(
            "/corrections/merge",
            data={"entity": HUB, "other": "per:x", "reason": "r", "csrf_token": config.csrf_token},
        )
        assert response.status_code == 403 and "read-only" in response.text
        page = c.get(f"/entities/{HUB}").text
        assert 'action="/corrections/merge"' not in page and "للقراءة فقط" in page


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/entities/per:does-not-exist", 404),
        ("/articles/0123456789abcdef", 404),
        ("/articles/not-hex!", 404),
        ("/events/0123456789abcdef-12", 404),
        ("/events/bad-id", 400),
        ("/graph?entity=per:nobody", 404),
        ("/graph", 400),
        ("/graph?entity=" + HUB + "&hops=7", 400),
        ("/search?date_from=yesterday", 400),
        ("/search?page=0", 400),
        ("/nowhere", 404),
    ],
)
def test_bad_ids_and_queries_get_clean_error_pages(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert "Traceback" not in response.text and 'dir="rtl"' in response.text
    as_json = client.get(url, headers={"Accept": "application/json"})
    assert as_json.status_code == status and as_json.json()["status"] == status


def test_span_outside_the_article_is_a_400(client: TestClient) -> None:
    assert client.get(f"/articles/{_hostile_id()}", params={"hl": "5-999999"}).status_code == 400


# -- corrections ---------------------------------------------------------------------------------


def test_merge_shows_who_when_why_survives_reingest_and_undoes(client: TestClient, tmp_path: Path) -> None:
    db = client.config.db  # type: ignore[attr-defined]
    token = client.config.csrf_token  # type: ignore[attr-defined]
    other = _other_entity(db)
    other_name = client.get(f"/entities/{other}.json").json()["name"]
    response = client.post(
        "/corrections/merge",
        data={"entity": HUB, "other": other, "reason": "نفس الشخص", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"].startswith(f"/entities/{HUB}")
    data = client.get(f"/entities/{HUB}.json").json()
    judgement = data["judgements"][0]
    assert (judgement["kind"], judgement["entity_b"], judgement["reason"], judgement["analyst"]) == (
        "merge",
        other,
        "نفس الشخص",
        "tester",
    )
    assert judgement["created_at"] and judgement["undoable"]
    assert other in data["merged_ids"] and other_name in data["aliases"]
    assert client.get(f"/entities/{other}", follow_redirects=False).headers["location"] == f"/entities/{HUB}"
    with Store.open(db) as store:  # the same log `rasd kb merge` writes
        assert [(j.kind, j.entity_a, j.entity_b) for j in store.judgements()] == [("merge", HUB, other)]

    ingest([EXAMPLES], db)  # re-ingest: the correction still holds
    again = client.get(f"/entities/{HUB}.json").json()
    assert other in again["merged_ids"] and again["judgements"][0]["id"] == judgement["id"]

    undo = client.post(
        f"/corrections/{judgement['id']}/undo", data={"csrf_token": token}, follow_redirects=False
    )
    assert undo.status_code == 303
    after = client.get(f"/entities/{HUB}.json").json()
    assert other not in after["merged_ids"]
    assert after["judgements"][1]["undone_by"] == after["judgements"][0]["id"]
    assert after["judgements"][0]["kind"] == "split"
    assert client.get(f"/entities/{other}").status_code == 200


def test_a_correction_needs_a_reason_and_known_entities(client: TestClient) -> None:
    token = client.config.csrf_token  # type: ignore[attr-defined]
    base = {"entity": HUB, "csrf_token": token}
    assert (
        client.post("/corrections/merge", data={**base, "other": "per:nobody", "reason": "x"}).status_code
        == 400
    )
    other = _other_entity(client.config.db)  # type: ignore[attr-defined]
    assert client.post("/corrections/merge", data={**base, "other": other, "reason": " "}).status_code == 400
    assert client.post("/corrections/99/undo", data={"csrf_token": token}).status_code == 404


# -- the command ----------------------------------------------------------------------------------


def _get(url: str, host: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def _serve(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "rasd", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(url: str, process: subprocess.Popen[str]) -> None:
    for _ in range(150):
        if process.poll() is not None:
            raise AssertionError(f"rasd serve exited: {process.stderr.read() if process.stderr else ''}")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"rasd serve did not answer at {url}")


def test_rasd_serve_binds_localhost_over_real_http(demo_db: str, tmp_path: Path) -> None:
    port = free_port()
    process = _serve(["--db", copy_store(demo_db, tmp_path), "--port", str(port)])
    try:
        _wait_for(f"http://127.0.0.1:{port}/search", process)
        status, body = _get(f"http://127.0.0.1:{port}/search?q=%D8%A8%D9%84%D9%85%D8%AE%D8%AA%D8%A7%D8%B1")
        assert status == 200 and "مختار بلمختار" in body
        assert _get(f"http://127.0.0.1:{port}/search", host="evil.example")[0] == 400
        assert _get(f"http://127.0.0.1:{port}/static/vendor/leaflet/leaflet.js")[0] == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_rasd_serve_warns_when_bound_elsewhere(demo_db: str, tmp_path: Path) -> None:
    port = free_port()
    process = _serve(["--db", copy_store(demo_db, tmp_path), "--port", str(port), "--host", "127.0.0.2"])
    try:
        _wait_for(f"http://127.0.0.2:{port}/search", process)
        # the configured host is accepted by the Host check
        assert _get(f"http://127.0.0.2:{port}/search")[0] == 200
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=10)
    assert "warning: binding 127.0.0.2" in err and "--read-only" in err


def test_build_basemap_from_natural_earth(tmp_path: Path) -> None:
    source = SHARED / "data" / "naturalearth"
    if not source.exists():
        pytest.skip(f"{source} is absent (CI puts shared/ beside the clone)")
    from typer.testing import CliRunner

    from rasd.cli import app

    out = tmp_path / "countries.geojson"
    result = CliRunner().invoke(app, ["build", "basemap", "--source", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    names = {f["properties"]["iso_a2"]: f["properties"]["name_ar"] for f in features}
    assert names["NE"] == "النيجر" and names["DZ"] == "الجزائر" and len(features) > 150
    assert all(f["geometry"]["type"] == "MultiPolygon" for f in features)
    shipped = Path(__file__).resolve().parents[1] / "src" / "rasd" / "data" / "basemap" / "countries.geojson"
    assert out.read_bytes() == shipped.read_bytes(), "the shipped basemap is what `rasd build basemap` writes"


# -- PostgreSQL and large stores ---------------------------------------------------------------------


@pytest.mark.postgres
def test_the_workbench_on_postgresql(pg_url: str) -> None:
    ingest([EXAMPLES], pg_url)
    with Store.open(pg_url) as store:
        store.ingest(hostile_document())
    config = WebConfig(db=pg_url, analyst="tester")
    with TestClient(create_app(config), base_url=BASE) as c:
        assert c.get("/search.json", params={"q": "بلمختار"}).json()["total"] >= 2
        assert c.get("/search.json", params={"q": "بلمختار", "country": "country:ML"}).status_code == 200
        entity = c.get(f"/entities/{HUB}.json").json()
        assert entity["kb"]["un_sanctions"] == "QDi.136" and entity["relations"] and entity["events"]
        for url in (
            f"/graph.json?entity={HUB}&hops=2",
            "/map.json",
            "/timeline.json",
            "/contradictions.json",
        ):
            assert c.get(url).status_code == 200, url
        _assert_inert(c.get(f"/articles/{_hostile_id()}").text)
        other = _other_entity(pg_url)
        form = {"entity": HUB, "other": other, "reason": "r", "csrf_token": config.csrf_token}
        assert c.post("/corrections/merge", data=form, follow_redirects=False).status_code == 303
        assert other in c.get(f"/entities/{HUB}.json").json()["merged_ids"]


def test_contradictions_of_a_large_store_are_found_in_a_separate_process(
    demo_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rasd.web import workbench

    monkeypatch.setattr(workbench, "CONTRADICTIONS_INLINE", 0)
    with Store.open(copy_store(demo_db, tmp_path)) as store:
        wb = workbench.Workbench(store)
        try:
            assert wb.contradictions() is None  # started, not ready: the pages say so
            for _ in range(600):
                found = wb.contradictions()
                if found is not None:
                    break
                time.sleep(0.1)
            assert found == workbench.contradictions_in(store.url)
        finally:
            wb.close()
        # a shutdown stops a search still running, rather than waiting for it
        again = workbench.Workbench(store)
        assert again.contradictions() is None
        job = again._background
        assert job is not None and job.process.is_alive()
        again.close()
        assert not job.process.is_alive()


def test_rasd_serve_on_a_database_it_cannot_open(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from rasd.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "missing" / "dir" / "x.db")])
    assert result.exit_code == 2
    assert "cannot open the database" in result.output


def test_segments_keep_every_character_and_the_first_of_overlapping_mentions() -> None:
    from rasd.record import Document, Entity, Mention
    from rasd.web.article import segments

    text = "قال أبو مصعب عبد الودود في مالي"
    a_at, b_at = text.index("أبو مصعب"), text.index("مصعب عبد الودود")
    doc = Document(
        id=Document.text_id(text),
        source="t",
        text=text,
        entities=[
            Entity(
                id="per:a",
                type="PER",
                name="أبو مصعب",
                mentions=[Mention(start=a_at, end=a_at + 8, text="أبو مصعب")],
            ),
            Entity(
                id="per:b",
                type="PER",
                name="مصعب عبد الودود",
                mentions=[Mention(start=b_at, end=b_at + 15, text="مصعب عبد الودود")],
            ),
        ],
    )
    parts = segments(doc, [(0, 3), (5, 999)], highlight=(0, 3))
    assert "".join(p["text"] for p in parts) == text
    assert {p["entity"] for p in parts} == {None, "per:a"}
    assert [p["text"] for p in parts if p["hl"]] == ["قال"]


def test_timeline_places_dates_right_to_left() -> None:
    from rasd.web.timeline import timeline_chart

    events = [
        {"id": "a-1", "when": "2013-01-05", "acled": "Battles", "type": "attack"},
        {"id": "a-2", "when": "2020-10-14", "acled": "Battles", "type": "attack"},
        {"id": "a-3", "when": None, "acled": None, "type": "meeting"},
    ]
    chart = timeline_chart(events)
    older, newer = chart["dots"]
    assert older["x"] > newer["x"]  # the earliest date at the right
    assert chart["undated"] == 1 and [r["name"] for r in chart["rows"]] == ["Battles"]


def test_filter_forms_with_a_date_left_blank_mean_no_limit(client: TestClient) -> None:
    for url in (
        "/timeline?actor=&place=&type=&date_from=&date_to=",
        "/map?date_from=&date_to=&type=&entity=",
        "/search?q=مالي&date_from=&date_to=",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get("/map?date_from=yesterday").status_code in (400, 422)
