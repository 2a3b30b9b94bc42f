"""The workbench in a real browser: Debian's chromium driven by Playwright through search → entity →
evidence → graph → map → correction → re-ingest → the correction still holds, with no request
leaving 127.0.0.1 and no Content-Security-Policy violation on the way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rasd.store import Store
from rasd.web import WebConfig, create_app
from rasd.web.local import running_server
from rasd.web.screenshots import CHROMIUM, launch
from test_web_support import EXAMPLES, build_demo_store, ingest

HUB = "rasd:mokhtar-belmokhtar"

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@pytest.fixture
def workbench(tmp_path: Path) -> Iterator[tuple[str, str]]:
    db = build_demo_store(tmp_path)
    store = Store.open(db)
    with running_server(create_app(WebConfig(db=db, analyst="browser-test"), store)) as base:
        yield base, db
    store.close()


def test_search_entity_evidence_graph_map_correction_reingest(workbench: tuple[str, str]) -> None:
    base, db = workbench
    with sync_api.sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(locale="ar")
        outside: list[str] = []
        page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
        console: list[str] = []
        page.on("console", lambda m: console.append(m.text) if m.type in ("error", "warning") else None)

        # search: type in the box at the top, get articles and the entity
        page.goto(base + "/search")
        assert page.locator("html").get_attribute("dir") == "rtl"
        page.fill("header input[name=q]", "بلمختار")
        page.press("header input[name=q]", "Enter")
        page.wait_for_url("**/search?q=*")
        assert page.locator("li.hit").count() >= 2
        assert page.locator("li.hit mark").count() >= 1

        # entity page, opened from the results
        page.click(f"ul.entities a[href='/entities/{HUB}']")
        page.wait_for_url(f"**/entities/{HUB}")
        assert "QDi.136" in page.inner_text(".entity-head")
        assert page.locator("#names blockquote mark").count() >= 1

        # evidence: a relation's evidence opens the article with exactly that span highlighted
        evidence = page.locator("#relations blockquote a").first
        evidence.click()
        page.wait_for_url("**/articles/*?hl=*")
        lit = page.locator("#article-text .seg.hl")
        assert lit.count() >= 1
        assert evidence_text_in(page.inner_text("#article-text"), lit.all_inner_texts())
        # clicking a fact in the side panel moves the highlight to its evidence
        fact = page.locator("button.fact").last
        start, end = int(fact.get_attribute("data-start") or 0), int(fact.get_attribute("data-end") or 0)
        fact.click()
        segments = page.locator("#article-text .seg.hl")
        assert segments.count() >= 1
        assert int(segments.first.get_attribute("data-s") or -1) == start
        assert int(segments.last.get_attribute("data-e") or -1) == end
        assert "hl=" in page.url

        # graph: Cytoscape draws the neighbourhood; a click on a node opens its page
        page.goto(f"{base}/graph?entity={HUB}&hops=2")
        page.wait_for_selector("#graph[data-ready='1']")
        assert page.locator("#graph canvas").count() >= 1
        node_count = page.evaluate("document.querySelectorAll('#graph canvas').length")
        assert node_count >= 1

        # map: the shipped Natural Earth base layer and the event points
        page.goto(base + "/map")
        page.wait_for_selector("#map[data-ready='1']")
        assert int(page.get_attribute("#map", "data-points") or 0) >= 1
        page.wait_for_selector("#map path.leaflet-interactive")
        assert page.locator("#map path.leaflet-interactive").count() > 100  # countries + points

        # correction: merge another entity into the hub, with a reason
        other = first_other_person(db)
        page.goto(f"{base}/entities/{HUB}")
        page.fill("#merge-form input[name=other]", other)
        page.fill("#merge-form input[name=reason]", "الاسم الحركي نفسه")
        page.click("#merge-form button[type=submit]")
        page.wait_for_url(f"**/entities/{HUB}*")
        row = page.locator("table.judgements tbody tr").first
        assert "الاسم الحركي نفسه" in row.inner_text() and "browser-test" in row.inner_text()

        # re-ingest the same articles: the correction still holds
        ingest([EXAMPLES], db)
        page.goto(f"{base}/entities/{other}")
        page.wait_for_url(f"**/entities/{HUB}")
        assert other in page.inner_text("#names")
        assert "الاسم الحركي نفسه" in page.inner_text("table.judgements")

        # and it can be undone
        page.click("table.judgements tbody tr >> text=تراجع")
        page.wait_for_url(f"**/entities/{HUB}*")
        assert page.locator("table.judgements tr.undone").count() == 1
        browser.close()

    assert outside == [], f"requests left the machine: {outside}"
    assert console == [], console  # no CSP violation, no failed resource, no script error


def evidence_text_in(text: str, parts: list[str]) -> bool:
    return "".join(parts).strip() in text


def first_other_person(db: str) -> str:
    from sqlalchemy import select

    from rasd.store import schema

    with Store.open(db) as store, store.engine.connect() as conn:
        e = schema.entities
        return str(
            conn.execute(select(e.c.id).where(e.c.id.startswith("per:")).order_by(e.c.id)).scalars().first()
        )
