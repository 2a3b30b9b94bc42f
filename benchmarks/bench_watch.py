"""Monitoring speed: ``.venv/bin/python benchmarks/bench_watch.py [--feeds 50] [--items 20]``.

Serves ``--feeds`` RSS feeds of ``--items`` article links each from a local HTTP server on
127.0.0.1, and:

1. polls them all once into a fresh SQLite database (every page fetched, analysed, stored,
   grouped into stories, checked against a watchlist): wall time, items/s, peak memory;
2. polls again with nothing new (the steady state between news): wall time;
3. puts one new article in each of 10 feeds, notes the moment it appeared, polls at once, and
   reports the latency from each item's appearance to its alert (median and maximum). With
   ``rasd watch --every T`` an item waits up to T more for the poll to start.

The articles are generated from sentence templates written for rasd (places, groups and numbers
vary), so that items are distinct stories; no news text is used. Figures go to docs/benchmarks.md
and docs/monitoring.md with the exact command.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import tempfile
import threading
import time
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from rasd.pipeline import Pipeline
from rasd.read import RawArticle
from rasd.store import Store
from rasd.watch.alerts import AlertSinks
from rasd.watch.fetch import Fetcher
from rasd.watch.places import Basemap, Places
from rasd.watch.poll import Watcher
from rasd.watch.watchlists import Watchlist, resolve

PLACES = ["كيدال", "تمبكتو", "تيساليت", "أغلهوك", "كونا", "أغاديز", "أرليت", "ديفا", "جيبو", "عين خليل"]
GROUPS = [
    "جماعة نصرة الإسلام والمسلمين",
    "تنظيم الدولة الإسلامية في الصحراء الكبرى",
    "جماعة أنصار الإسلام",
    "كتيبة ماسينا",
    "جماعة بوكو حرام",
]
NUMBERS = ["ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة", "أحد عشر", "اثنا عشر"]
DAYS = ["السبت", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة"]
LEADS = [
    "قتل {n} جنود في هجوم شنه مسلحون من {g} على موقع عسكري قرب {p} يوم {d}، حسب مصدر أمني.",
    "اختطف مسلحون يعتقد أنهم من {g} {n} مدنيين من قرية قريبة من {p} يوم {d}، وفق أعيان محليين.",
    "أعلنت السلطات اعتقال {n} عناصر يشتبه في انتمائهم إلى {g} خلال عملية أمنية في {p} يوم {d}.",
    "استهدف انفجار عبوة ناسفة قافلة عسكرية قرب {p} يوم {d} ما أدى إلى مقتل {n} جنود، وتبنت {g} العملية.",
]
MIDDLES = [
    "وقال شهود إن المهاجمين وصلوا على متن دراجات نارية وانسحبوا بعد ساعة من تبادل إطلاق النار.",
    "وأوضح مسؤول محلي أن السكان فروا من المنطقة خوفا من هجمات جديدة، وأن الطرق أغلقت لساعات.",
    "وذكرت مصادر طبية أن المستشفى المحلي استقبل عددا من المصابين بعضهم في حالة حرجة.",
    "وأشار بيان رسمي إلى أن تعزيزات عسكرية أرسلت إلى المنطقة لتعقب المسلحين الفارين.",
]
TAILS = [
    "وتشهد المنطقة منذ أشهر تصاعدا في أعمال العنف التي تستهدف المدنيين والعسكريين على حد سواء.",
    "ويقول مراقبون إن الجماعات المسلحة توسع نشاطها نحو المناطق الحدودية بين البلدان الثلاثة.",
    "ولم تعلق الحكومة على الحادث حتى مساء اليوم، فيما طالب نواب بفتح تحقيق.",
    "وكانت المنطقة قد شهدت هجوما مماثلا قبل أسابيع أودى بحياة عدد من المدنيين.",
]


def article(rng: random.Random, n: int) -> tuple[str, str]:
    place, group = rng.choice(PLACES), rng.choice(GROUPS)
    fill = {"n": rng.choice(NUMBERS), "p": place, "g": group, "d": rng.choice(DAYS)}
    lead = rng.choice(LEADS).format(**fill)
    body = [lead, rng.choice(MIDDLES), rng.choice(TAILS), f"(رقم المرجع {n} في أرشيف الصحيفة)"]
    return lead[:60], "\n".join(body)


class Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, feeds: int, items: int, seed: int) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.rng = random.Random(seed)
        self.pages: dict[str, tuple[str, str]] = {}
        self.feeds: dict[int, list[str]] = {f: [] for f in range(feeds)}
        for f in range(feeds):
            for _ in range(items):
                self.add(f)

    def add(self, feed: int) -> str:
        path = f"/f{feed}/a{len(self.pages)}.html"
        self.pages[path] = article(self.rng, len(self.pages))
        self.feeds[feed].insert(0, path)
        return path

    def rss(self, feed: int) -> bytes:
        items = "".join(
            f"<item><title>{escape(self.pages[p][0])}</title><link>{self.base}{p}</link></item>"
            for p in self.feeds[feed]
        )
        return (
            f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>صحيفة {feed}</title>'
            f"{items}</channel></rss>"
        ).encode()


class Handler(BaseHTTPRequestHandler):
    server: Site

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.startswith("/feed/"):
            body, kind = self.server.rss(int(self.path.rsplit("/", 1)[1])), "application/rss+xml"
        elif self.path in self.server.pages:
            title, text = self.server.pages[self.path]
            paragraphs = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n"))
            body = (
                f'<html lang="ar"><head><meta charset="utf-8"><title>{escape(title)}</title></head><body>'
                f"<nav>الرئيسية | أخبار</nav><article>{paragraphs}</article></body></html>"
            ).encode()
            kind = "text/html; charset=utf-8"
        else:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--new", type=int, default=10, help="feeds that get one new item for the latency run")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()

    site = Site(args.feeds, args.items, args.seed)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    feeds = [f"{site.base}/feed/{f}" for f in range(args.feeds)]
    started = time.perf_counter()
    pipeline = Pipeline()
    pipeline.resources.load_all()
    # The first article also loads what the stages load lazily (the geocoding gazetteer).
    pipeline.process(RawArticle(source="warm-up", text=article(random.Random(0), -1)[1]))
    load_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp, Store.open(str(Path(tmp) / "watch.db")) as store:
        kb = pipeline.resources.kb
        watchlist = Watchlist(store.engine)
        for kind, what in (("event_type", "attack"), ("event_type", "kidnapping"), ("country", "NE")):
            watchlist.add(resolve(kb, kind, what, None))  # type: ignore[arg-type]
        errors: list[str] = []
        watcher = Watcher(
            store,
            pipeline,
            Fetcher(timeout_s=10, min_interval_s=0.0, allow_private=True),
            Places(kb, Basemap.load()),
            AlertSinks(Path(tmp) / "alerts.jsonl", echo=lambda _line: None),
            settle_s=0.0,
            on_error=errors.append,
        )
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t0 = time.perf_counter()
        first = watcher.poll(feeds)
        first_s = time.perf_counter() - t0
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t0 = time.perf_counter()
        idle = watcher.poll(feeds)
        idle_s = time.perf_counter() - t0

        appeared: dict[str, float] = {}
        for f in range(args.new):
            path = site.add(f)
            appeared[f"{site.base}{path}"] = time.time()
        t0 = time.perf_counter()
        latest = watcher.poll(feeds)
        latest_s = time.perf_counter() - t0
        alerted = {}
        for record_id, when in latest.alert_times:
            alerted.setdefault(record_id, when)
        latencies = []
        for line in (Path(tmp) / "alerts.jsonl").read_text("utf-8").splitlines():
            rec = json.loads(line)
            if rec["url"] in appeared and rec["alert"] in alerted:
                latencies.append(alerted[rec["alert"]] - appeared[rec["url"]])

    items = args.feeds * args.items
    c = first.counts
    print(f"models and gazetteer loaded in {load_s:.1f} s")
    print(
        f"first poll: {args.feeds} feeds x {args.items} items = {items}: {first_s:.1f} s "
        f"({items / first_s:.1f} items/s); {c['new']} new stories, {c['duplicate']} in known stories, "
        f"{c['failed']} failed, {c['alerts']} alerts; {len(errors)} error lines"
    )
    print(f"peak RSS {rss_before:.0f} MB before the poll, {rss_after:.0f} MB after")
    print(f"second poll, nothing new: {idle_s:.2f} s ({idle.counts['seen']} items recognised as seen)")
    if latencies:
        print(
            f"{args.new} new items in {args.new} feeds: poll {latest_s:.2f} s; alert latency from appearance "
            f"median {statistics.median(latencies):.2f} s, max {max(latencies):.2f} s ({len(latencies)} alerts)"
        )
    else:
        print(f"{args.new} new items: poll {latest_s:.2f} s; no alert raised (none touched the watchlist)")


if __name__ == "__main__":
    main()
