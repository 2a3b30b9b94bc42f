"""End to end: the CLI on real article files writes records that keep the contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rasd.record import contract_violations

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rasd", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300
    )


@pytest.fixture(scope="module")
def records() -> list[dict]:
    proc = run_cli("extract", *EXAMPLES, "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def test_one_record_per_input_in_order(records: list[dict]) -> None:
    assert [r["source"] for r in records] == [str(p) for p in EXAMPLES]


def test_every_record_keeps_the_contract(records: list[dict]) -> None:
    for r in records:
        assert contract_violations(r) == [], r["source"]


def test_ids_are_stable_across_runs(records: list[dict]) -> None:
    again = [json.loads(x) for x in run_cli("extract", EXAMPLES[0]).stdout.splitlines()]
    assert again[0]["id"] == records[0]["id"]
    assert {e["id"] for e in again[0]["entities"]} == {e["id"] for e in records[0]["entities"]}


def test_a_bad_input_is_one_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    proc = run_cli("extract", EXAMPLES[0], missing, EXAMPLES[1])
    assert proc.returncode == 1
    assert len(proc.stdout.splitlines()) == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "missing.txt" in lines[0]


def test_parallel_run_keeps_order_and_errors(tmp_path: Path) -> None:
    from rasd.pipeline import Pipeline
    from rasd.read import ReadError

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    inputs = [EXAMPLES[0], empty, *EXAMPLES[1:]]
    pipeline = Pipeline()
    one = list(pipeline.run(inputs))
    two = list(pipeline.run(inputs, jobs=2))
    assert [type(x) for x in one] == [type(x) for x in two]
    assert isinstance(two[1], ReadError) and "empty.txt" in str(two[1])
    assert [x.to_json() for x in one if not isinstance(x, ReadError)] == [
        x.to_json() for x in two if not isinstance(x, ReadError)
    ]
