"""Field gazetteer speed: index size, load time, and 10,000 place mentions geocoded.

    .venv/bin/python benchmarks/bench_geocode.py [--mentions 10000] [--repeat 3]

The mentions are drawn (seeded) from the gazetteer's Arabic names of the field's countries, plus names no
source holds (so that every one of those runs the transliteration path), 20 to an article with a
country named; each run starts from a freshly built index (cold per-name caches). Best of ``--repeat``,
wall clock and CPU time (on a shared machine the wall clock also counts other processes' turns).
Figures go to docs/benchmarks.md; ``rasd eval geocode`` prints the same speed line.
"""

from __future__ import annotations

import argparse
import time
from importlib import resources

from rasd.evaluate.geocode import benchmark
from rasd.resolve.geocode import Gazetteer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    size = len(resources.files("rasd.data.geo").joinpath("gazetteer.tsv.gz").read_bytes())
    loads, cpu = [], []
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        gazetteer = Gazetteer.load()
        loads.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    print(
        f"index: {len(gazetteer):,} places, {size / 1e6:.1f} MB; "
        f"load best {min(loads):.2f} s (CPU {min(cpu):.2f} s)"
    )
    runs = [benchmark(gazetteer, args.mentions) for _ in range(args.repeat)]
    best = min(runs, key=lambda r: r["seconds"])
    print(
        f"geocode: {best['mentions']:,} mentions in {best['seconds']:.2f} s "
        f"(CPU {min(r['cpu_seconds'] for r in runs):.2f} s; {best['per_second']:,}/s), {best['placed']:,} placed"
    )


if __name__ == "__main__":
    main()
