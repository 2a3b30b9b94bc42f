"""Screenshots of every workbench page, taken with Debian's chromium through Playwright:

    python -m rasd.web.screenshots --db rasd.db --out docs/screenshots

(``make demo`` fills rasd.db from examples/). Playwright's own browser download is not used:
``--chromium`` (default /usr/bin/chromium) is the browser.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rasd.store import Store
from rasd.web.app import WebConfig, create_app
from rasd.web.local import running_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def launch(playwright: Any, executable: str = CHROMIUM) -> Any:
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)


def take(db: str, out: Path, executable: str = CHROMIUM) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    store = Store.open(db)
    app = create_app(WebConfig(db=db, analyst="analyst"), store)
    written = []
    with running_server(app) as base, sync_playwright() as p:
        browser = launch(p, executable)
        page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="ar")
        hub = _hub_entity(page, base)
        article = page.request.get(f"{base}/search.json?q=").json()["articles"][0]["id"]
        first_event = page.request.get(f"{base}/articles/{article}.json").json()["events"]
        shots = {
            "search": f"/search?q={quote('بلمختار')}",
            "entity": f"/entities/{quote(hub, safe=':')}",
            "article": f"/articles/{article}",
            "graph": f"/graph?entity={quote(hub)}&hops=2",
            "map": "/map",
            "timeline": "/timeline",
            "contradictions": "/contradictions",
        }
        if first_event:
            shots["event"] = f"/events/{first_event[0]['id']}"
        for name, path in shots.items():
            page.goto(base + path)
            if name in ("graph", "map"):
                page.wait_for_selector(f"#{name}[data-ready='1']", timeout=15000)
                page.wait_for_timeout(500)
            if name == "article":
                page.locator("button.fact").first.click()
                page.wait_for_timeout(300)
            target = out / f"{name}.png"
            page.screenshot(path=str(target), full_page=name not in ("graph", "map"))
            written.append(target)
        browser.close()
    store.close()
    return written


def _hub_entity(page: Any, base: str) -> str:
    found = page.request.get(f"{base}/search.json?q={quote('بلمختار')}").json()["entities"]
    return str(found[0]["id"]) if found else "rasd:mokhtar-belmokhtar"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", default="rasd.db", help="the store to show (default: rasd.db)")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--chromium", default=CHROMIUM, help="the chromium executable")
    args = parser.parse_args(argv)
    if not Path(args.chromium).exists():
        print(f"rasd: error: {args.chromium}: no chromium there (apt-get install chromium)", file=sys.stderr)
        return 2
    for path in take(args.db, args.out, args.chromium):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
