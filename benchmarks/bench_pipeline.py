"""Whole-pipeline throughput, read → record, on one core.

    .venv/bin/python benchmarks/bench_pipeline.py [--rounds 20] [--json]

The corpus is the five seed articles (../shared/seeds) and the relate gold paragraphs written out as
.txt files, read from disk on every round exactly as `rasd extract` reads them. The process is pinned to
one CPU; loading the models (Pipeline construction) is timed apart from the articles.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _corpus(folder: Path) -> list[Path]:
    paths = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    gold = json.loads((ROOT / "tests" / "gold" / "relate" / "gold.json").read_text("utf-8"))["paragraphs"]
    for item in gold:
        path = folder / f"{item['id']}.txt"
        path.write_text(item["text"], encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    from rasd.pipeline import Pipeline
    from rasd.read import ReadError

    started = time.perf_counter()
    pipeline = Pipeline()
    load_s = time.perf_counter() - started
    stage_s: dict[str, float] = defaultdict(float)
    for i, (name, stage) in enumerate(pipeline.stages):
        def timed(doc, _stage=stage, _name=name):  # type: ignore[no-untyped-def]
            t = time.perf_counter()
            _stage(doc)
            stage_s[_name] += time.perf_counter() - t
        pipeline.stages[i] = (name, timed)

    with tempfile.TemporaryDirectory() as tmp:
        paths = _corpus(Path(tmp))
        list(pipeline.run(paths))  # warm caches (lexicons, compiled patterns) once
        stage_s.clear()
        rates, chars, count, failed = [], 0, 0, 0
        started_all = time.perf_counter()
        for _ in range(args.rounds):
            t = time.perf_counter()
            for doc in pipeline.run(paths):
                if isinstance(doc, ReadError):
                    failed += 1
                    continue
                count += 1
                chars += len(doc.text)
            rates.append(len(paths) / (time.perf_counter() - t))
        total_s = time.perf_counter() - started_all
    other = total_s - sum(stage_s.values())
    result = {
        "articles": count, "failed": failed, "rounds": args.rounds, "articles_per_round": len(paths),
        "mean_chars": round(chars / max(count, 1)), "model_load_s": round(load_s, 2),
        "articles_per_s": round(count / total_s, 1), "median_round_articles_per_s": round(statistics.median(rates), 1),
        "ms_per_article": {**{k: round(1000 * v / count, 2) for k, v in stage_s.items()},
                           "read+clean": round(1000 * other / count, 2)},
        "python": sys.version.split()[0], "cpu": os.cpu_count(),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for key, value in result.items():
        print(f"{key:>28}: {value}")


if __name__ == "__main__":
    main()
