"""Workbench speed on a real-sized store: ``.venv/bin/python benchmarks/bench_web.py [--docs 10000]``.

Builds (once; reused while it exists) a store of N articles: the example articles through the
pipeline, copied with a numbered last line (so each copy is a new article), dates spread over
fifteen years, the entities outside the knowledge base renamed per copy, and in each copy that names
Mokhtar Belmokhtar a relation from him to one of them, so that he is a hub with hundreds of
neighbours. Then serves it with uvicorn on 127.0.0.1 and times real HTTP requests: search, entity
page, article, graph of the hub (2 hops, pruned on the server), map, timeline. Prints p50/p95 per
page; the figures and this command go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from rasd.kb.judgements import is_entity_id
from rasd.pipeline import Pipeline
from rasd.record import Document, Relation, Span
from rasd.store import Store
from rasd.web import WebConfig, create_app
from rasd.web.local import running_server

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
HUB = "rasd:mokhtar-belmokhtar"
VARIANTS = 1000  # distinct renamed copies of each non-KB entity: the hub's neighbours
QUERIES = [
    "بلمختار",
    "ليبيا",
    "مالي",
    "القاعدة",
    "الجزائر",
    "تنظيم القاعدة",
    "هجوم",
    "المغرب الإسلامي",
    "داعش",
]


def _is_kb(entity_id: str) -> bool:
    return not entity_id.startswith(("per:", "org:", "loc:"))


def copy_of(base: Document, n: int) -> Document:
    text = f"{base.text}\n({n})"
    doc = base.model_copy(
        deep=True, update={"id": Document.text_id(text), "text": text, "source": f"bench/{n}.txt"}
    )
    doc.published = f"{2010 + n % 15}-{1 + n % 12:02d}-{1 + n % 28:02d}"
    renamed = {
        e.id: f"{e.id}-{n % VARIANTS}" for e in doc.entities if not _is_kb(e.id) and is_entity_id(e.id)
    }
    for entity in doc.entities:
        entity.id = renamed.get(entity.id, entity.id)
    for relation in doc.relations:
        relation.subject = renamed.get(relation.subject, relation.subject)
        relation.object = renamed.get(relation.object, relation.object)
    for event in doc.events:
        event.actors = [renamed.get(a, a) for a in event.actors]
        event.targets = [renamed.get(t, t) for t in event.targets]
        event.location = renamed.get(event.location, event.location) if event.location else None
        if event.date and event.date.value:
            event.date.value = doc.published[: len(event.date.value)]
    for claim in doc.claims:
        claim.about = [renamed.get(a, a) for a in claim.about]
    hub = doc.entity(HUB)
    other = next((e for e in doc.entities if e.id in renamed.values()), None)
    if hub and other and hub.mentions:
        span = hub.mentions[0]
        doc.relations.append(
            Relation(
                type="associated_with",
                subject=HUB,
                object=other.id,
                evidence=Span(start=span.start, end=span.end),
                confidence=0.5,
            )
        )
    return doc


def build(db: str, count: int) -> None:
    seeds = [d for d in Pipeline().run([EXAMPLES]) if isinstance(d, Document)]
    started = time.perf_counter()
    with Store.open(db) as store:
        for n in range(count):
            store.ingest(copy_of(seeds[n % len(seeds)], n))
    print(f"built {db}: {count} articles in {time.perf_counter() - started:.0f} s")


def timed(url: str) -> tuple[float, bytes]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        body = response.read()
    return (time.perf_counter() - started) * 1000, body


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   max {ordered[-1]:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--db", default=None, help="store to use (default: var/bench_web_N.db, built once)")
    parser.add_argument("--requests", type=int, default=60, help="requests per page type")
    parser.add_argument(
        "--wait", type=float, default=1800, help="seconds to wait for the whole store's contradictions"
    )
    args = parser.parse_args()
    db = args.db or f"var/bench_web_{args.docs}.db"
    Path(db).parent.mkdir(parents=True, exist_ok=True)
    if not Path(db).exists():
        build(db, args.docs)
    rng = random.Random(13)
    store = Store.open(db)
    stats = store.stats()
    print(
        f"store: {stats['documents']} articles, {stats['entities']} entities, {stats['relations']} relations"
    )
    with running_server(create_app(WebConfig(db=db), store)) as base:
        entities = [
            e["id"]
            for q in QUERIES
            for e in json.loads(timed(f"{base}/search.json?q={quote(q)}")[1])["entities"][:10]
        ]
        articles = [
            a["id"] for a in json.loads(timed(f"{base}/search.json?q={quote('مالي')}")[1])["articles"]
        ]
        pages = {
            "search (page)": [f"{base}/search?q={quote(rng.choice(QUERIES))}" for _ in range(args.requests)],
            "search (json, facet)": [
                f"{base}/search.json?q={quote(rng.choice(QUERIES))}&date_from=2015"
                for _ in range(args.requests)
            ],
            "entity page": [
                f"{base}/entities/{quote(rng.choice(entities), safe=':')}" for _ in range(args.requests)
            ],
            "entity page, hub": [f"{base}/entities/{HUB}"] * max(10, args.requests // 4),
            "article page": [f"{base}/articles/{rng.choice(articles)}" for _ in range(args.requests)],
            "graph, hub, 2 hops": [f"{base}/graph.json?entity={HUB}&hops=2"] * 10,
            "map (json)": [f"{base}/map.json"] * 5,
            "timeline": [f"{base}/timeline"] * 5,
        }
        for name, urls in pages.items():
            timed(urls[0])  # warm: first-use caches (name index, templates)
            samples = [timed(url)[0] for url in urls]
            print(f"{name:<22} n={len(samples):<4} {percentiles(samples)}")
        graph = json.loads(timed(f"{base}/graph.json?entity={HUB}&hops=2")[1])
        print(
            f"hub graph: {graph['neighbours']} neighbours, {len(graph['nodes'])} nodes and "
            f"{len(graph['edges'])} edges sent, {graph['pruned']} pruned on the server"
        )
        # Contradictions: the first page asking for them started the separate process that finds them
        # (it ran beside the pages timed above, on the other core); wait for it, up to --wait seconds.
        started = time.perf_counter()
        while json.loads(timed(f"{base}/contradictions.json")[1])["pending"]:
            if time.perf_counter() - started > args.wait:
                print(f"contradictions, whole store: not ready {args.wait:.0f} s after the timings ended")
                break
            time.sleep(2)
        else:
            print(
                f"contradictions, whole store: ready {time.perf_counter() - started:.0f} s after the timings ended"
            )
    store.close()


if __name__ == "__main__":
    main()
