"""`-j` speed-up, paired: ``.venv/bin/python benchmarks/bench_parallel.py [--input FILE] [--rounds N]``.

Runs `rasd extract` and `rasd ingest` (into a fresh SQLite file) on the same articles with ``-j 1``
and ``-j 2`` back to back, alternating which goes first each round, and prints the wall times, the
CPU time of each run, the load average around it (the machine is shared) and the ratios. It also
checks that ``-j 2`` printed the very records ``-j 1`` did, in the same order, and that a second
``-j 2`` ingest of the same file changed nothing.

The machine is shared, and Linux schedules by session (autogroup): a busy machine gives the session
that runs this script its share of the cores however many processes it runs, so under outside load
the measured ratio says little. The script also prints, from the CPU time of the main process
(reading, storing) and of the workers, the most ``-j 2`` could give on two idle cores: first
counting only the main process's share, then also its serial part (start-up, loading the models,
the first article, forking; measured as the main process's CPU for ``-j 2`` of the first two
articles), which no second core shortens.

The input defaults to the fixed 1,000-article real-news sample, written to a temporary file from
``../shared`` (``rasd.evaluate.news_corpus.bench_sample``); article text never enters the repository.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RASD = [sys.executable, "-m", "rasd"]
ROOT = Path(__file__).resolve().parents[1]
# `rasd`, reporting on its way out the CPU time of its own process (reading, storing, writing) and
# of its workers (analysis), on stderr's last line.
_REPORTING = (
    "import atexit, resource, sys\n"
    "def report():\n"
    "    own, workers = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
    "    print('CPU', own.ru_utime + own.ru_stime, workers.ru_utime + workers.ru_stime, file=sys.stderr)\n"
    "atexit.register(report)\n"
    "sys.argv[0] = 'rasd'\n"
    "from rasd.cli import app\n"
    "app()\n"
)


def timed(args: list[str], stdout: Path) -> tuple[float, float, float, tuple[float, float]]:
    """Wall seconds, CPU seconds of the main process and of its workers, and the 1-minute load
    average before and after."""
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    with stdout.open("wb") as out:
        done = subprocess.run(
            [sys.executable, "-c", _REPORTING, *args], stdout=out, stderr=subprocess.PIPE, check=False
        )
    wall = time.perf_counter() - start
    own, workers = (float(x) for x in done.stderr.decode().strip().splitlines()[-1].split()[1:])
    return wall, own, workers, (load_before, os.getloadavg()[0])


def sample_file(folder: Path) -> Path:
    from rasd.evaluate.news_corpus import bench_sample, write_jsonl

    shared = ROOT.parent / "shared"
    if not shared.is_dir():
        sys.exit(f"no ../shared next to the repository ({shared}): pass --input FILE")
    path = folder / "news1000.jsonl"
    write_jsonl(bench_sample(shared, n=1000), path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, help="A JSONL file of articles (default: the 1,000 sample).")
    parser.add_argument("--rounds", type=int, default=1, help="Paired rounds (default 1).")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="rasd-bench-parallel-") as tmp:
        folder = Path(tmp)
        source = args.input or sample_file(folder)
        print(f"input: {source}; cores available: {len(os.sched_getaffinity(0))}")
        first_two = folder / "first-two.jsonl"
        with source.open(encoding="utf-8") as lines:
            first_two.write_text("".join(next(lines) for _ in range(2)), encoding="utf-8")
        serial = min(
            timed(["extract", "-j", "2", str(first_two)], folder / "serial.out")[1] for _ in range(3)
        )
        print(f"serial part (main process, -j 2 of the first two articles, least of 3): {serial:.2f} CPU s")
        ratios: dict[str, list[float]] = {"extract": [], "ingest": []}
        bounds: dict[str, list[float]] = {"extract": [], "ingest": []}
        for round_ in range(args.rounds):
            order = (1, 2) if round_ % 2 == 0 else (2, 1)
            walls: dict[tuple[str, int], float] = {}
            cpus: dict[tuple[str, int], tuple[float, float]] = {}
            for command in ("extract", "ingest"):
                for jobs in order:
                    out = folder / f"{command}-j{jobs}.out"
                    if command == "extract":
                        run = ["extract", "-j", str(jobs), str(source)]
                    else:
                        db = folder / f"r{round_}-j{jobs}.db"
                        run = ["ingest", "-j", str(jobs), "--db", str(db), str(source)]
                    wall, own, workers, (load0, load1) = timed(run, out)
                    walls[command, jobs] = wall
                    cpus[command, jobs] = own, workers
                    print(
                        f"round {round_ + 1} {command:7} -j {jobs}: {wall:6.1f} s wall, CPU {own + workers:6.1f} s "
                        f"(main process {own:.1f}, workers {workers:.1f}), load {load0:.2f} → {load1:.2f}",
                        flush=True,
                    )
                ratio = walls[command, 1] / walls[command, 2]
                ratios[command].append(ratio)
                # On two idle cores, -j 2 takes at least its CPU time over two, and at least what the
                # main process does alone; -j 1 takes its CPU time.
                own2, workers2 = cpus[command, 2]
                bound = sum(cpus[command, 1]) / max(own2, (own2 + workers2) / 2)
                # The serial part runs alone; the rest shares the two cores.
                with_serial = sum(cpus[command, 1]) / max(own2, serial + (own2 + workers2 - serial) / 2)
                bounds[command].append(with_serial)
                print(
                    f"round {round_ + 1} {command:7} -j 2 speed-up: {ratio:.2f}× measured; "
                    f"at most {bound:.2f}× on two idle cores from the CPU times, {with_serial:.2f}× "
                    f"counting the serial part; main process {own2 / (own2 + workers2):.1%} of -j 2's CPU",
                    flush=True,
                )
            same = (folder / "extract-j1.out").read_bytes() == (folder / "extract-j2.out").read_bytes()
            print(f"round {round_ + 1} extract -j 2 output identical to -j 1, same order: {same}")
        again = folder / "r0-j2.db"
        rerun = subprocess.run(
            [*RASD, "ingest", "-j", "2", "--db", str(again), str(source)], capture_output=True, text=True
        )
        rows = [" ".join(line.replace("│", " ").split()) for line in rerun.stdout.splitlines()]
        summary = [row for row in rows if row.split(" ")[0] in ("added", "updated", "unchanged", "failed")]
        print("re-ingest with -j 2 (nothing may be added or updated):", "; ".join(summary))
        for command, values in ratios.items():
            print(
                f"{command}: -j 2 vs -j 1: "
                + ", ".join(f"{v:.2f}×" for v in values)
                + " measured; at most, from the CPU times and the serial part, on two idle cores: "
                + ", ".join(f"{v:.2f}×" for v in bounds[command])
            )


if __name__ == "__main__":
    main()
