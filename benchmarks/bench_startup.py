"""Start-up: ``.venv/bin/python benchmarks/bench_startup.py [--rounds N] [--before SRC]``.

Times `rasd --help`, a few `rasd COMMAND --help` and `rasd extract -j 1` of a one-line article
(models included): wall time, CPU time (user + system, which outside load inflates far less) and the
load average. With ``--before SRC`` (the ``src`` folder of another checkout, e.g. one made with
``git archive``), each command runs under both trees in turn, alternating which goes first.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
TINY = "قتل خمسة جنود في هجوم على قاعدة عسكرية قرب مدينة غاو شمال مالي يوم الأحد.\n"


def run(src: Path, args: list[str], cwd: Path) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=str(src))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "rasd", *args], env=env, cwd=cwd, stdout=subprocess.DEVNULL, check=False
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", type=Path, help="Another tree's src/ to compare with.")
    args = parser.parse_args()
    trees = {"this tree": SRC, **({"before": args.before.resolve()} if args.before else {})}
    with tempfile.TemporaryDirectory(prefix="rasd-bench-startup-") as tmp:
        folder = Path(tmp)
        tiny = folder / "tiny.txt"
        tiny.write_text(TINY, encoding="utf-8")
        commands = [
            ["--help"],
            ["extract", "--help"],
            ["ingest", "--help"],
            ["export", "--help"],
            ["kb", "show", "--help"],
            ["extract", "-j", "1", str(tiny)],
        ]
        times: dict[tuple[str, str], list[tuple[float, float]]] = {}
        loads = [os.getloadavg()[0]]
        for round_ in range(args.rounds):
            for command in commands:
                names = list(trees) if round_ % 2 == 0 else list(reversed(trees))
                for name in names:
                    label = " ".join("tiny.txt" if a == str(tiny) else a for a in command)
                    times.setdefault((label, name), []).append(run(trees[name], command, folder))
            loads.append(os.getloadavg()[0])
    print(f"load average during the runs: {min(loads):.1f}–{max(loads):.1f}")
    for (label, name), values in times.items():
        walls, cpus = [w for w, _ in values], [c for _, c in values]
        print(
            f"rasd {label:28} {name:9}  wall median {statistics.median(walls):.2f} s (min {min(walls):.2f}), "
            f"CPU median {statistics.median(cpus):.2f} s"
        )


if __name__ == "__main__":
    main()
