"""`-j 2`: results stream back in input order, read errors in their place, and a second ingest of the
same articles changes nothing. Real files, real forked workers, a real SQLite store."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from typer.testing import CliRunner

from rasd.cli import app
from rasd.pipeline import IN_FLIGHT_PER_JOB, Pipeline
from rasd.read import ReadError

# Written for these tests: short reports, each made distinct by its number.
PLACES = ["أغاديز", "باماكو", "كيدال", "غاو", "تمبكتو", "نيامي", "موبتي", "ورقلة"]


def _articles(count: int) -> list[dict[str, str]]:
    return [
        {
            "title": f"تقرير رقم {i}",
            "text": f"أعلنت السلطات أن مسلحين هاجموا دورية عسكرية قرب {PLACES[i % len(PLACES)]} "
            f"فجر الأحد، وقتل {i + 2} جنود في الهجوم بحسب مصدر أمني. هذا التقرير رقم {i}.",
        }
        for i in range(count)
    ]


def _jsonl(path: Path, count: int, broken_at: tuple[int, ...] = ()) -> Path:
    lines = [json.dumps(a, ensure_ascii=False) for a in _articles(count)]
    for at in broken_at:
        lines.insert(at, '{"text": "no closing brace"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _summary(table: str, row: str) -> int:
    """A count from the summary table `rasd ingest` prints."""
    line = next(line for line in table.splitlines() if f" {row} " in line)
    return int(line.strip("│ ").split()[-1])


def test_more_articles_than_in_flight_keep_their_order_and_errors(tmp_path: Path) -> None:
    # More than the workers may hold at once, so results are taken back while others still run.
    count = 2 * IN_FLIGHT_PER_JOB * 2 + 5
    source = _jsonl(tmp_path / "many.jsonl", count, broken_at=(0, 7, 30))
    pipeline = Pipeline(stages=("clean",))
    one = list(pipeline.run([source]))
    two = list(pipeline.run([source], jobs=2))
    assert len(two) == count + 3
    assert [isinstance(x, ReadError) for x in two] == [isinstance(x, ReadError) for x in one]
    assert [str(x) if isinstance(x, ReadError) else x.to_json() for x in two] == [
        str(x) if isinstance(x, ReadError) else x.to_json() for x in one
    ]
    assert [x.title for x in two if not isinstance(x, ReadError)] == [f"تقرير رقم {i}" for i in range(count)]


def test_extract_j2_prints_what_j1_prints(tmp_path: Path) -> None:
    source = _jsonl(tmp_path / "some.jsonl", 6, broken_at=(2,))
    runs = [CliRunner().invoke(app, ["extract", "-j", jobs, str(source)]) for jobs in ("1", "2")]
    for run in runs:
        assert run.exit_code == 1  # the broken line
        assert run.stderr.count("rasd: error:") == 1 and "some.jsonl" in run.stderr
    assert runs[0].stdout == runs[1].stdout
    assert [json.loads(line)["title"] for line in runs[1].stdout.splitlines()] == [
        f"تقرير رقم {i}" for i in range(6)
    ]


def test_ingest_j2_twice_changes_nothing(tmp_path: Path) -> None:
    source = _jsonl(tmp_path / "some.jsonl", 6)
    db = str(tmp_path / "rasd.db")
    parallel = str(tmp_path / "parallel.db")

    def stats(url: str) -> dict:
        result = CliRunner().invoke(app, ["stats", "--db", url, "--json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    first = CliRunner().invoke(app, ["ingest", "-j", "1", "--db", db, str(source)])
    assert first.exit_code == 0, first.output
    for _ in range(2):
        run = CliRunner().invoke(app, ["ingest", "-j", "2", "--db", parallel, str(source)])
        assert run.exit_code == 0, run.output
    assert (_summary(run.stdout, "added"), _summary(run.stdout, "unchanged")) == (0, 6)
    assert stats(parallel) == stats(db)


class _StuckOnMarked:
    """A stage that hangs on the articles that say so (as a pathological input would)."""

    name = "stuck-on-marked"
    requires = frozenset({"text"})
    assigns: frozenset[str] = frozenset()

    def __init__(self, resources: object) -> None:
        del resources

    def __call__(self, doc) -> None:
        if "يتوقف هنا" in doc.text:
            time.sleep(30)


def test_a_worker_gives_up_an_article_over_its_budget_and_goes_on(tmp_path: Path) -> None:
    articles = _articles(8)
    articles[5]["text"] += " يتوقف هنا"
    source = tmp_path / "stuck.jsonl"
    source.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in articles) + "\n", encoding="utf-8")
    pipeline = Pipeline(
        stages=("clean", "stuck-on-marked"), factories={"stuck-on-marked": _StuckOnMarked}, budget_s=0.5
    )
    results = list(pipeline.run([source], jobs=2))
    assert [isinstance(r, ReadError) for r in results] == [i == 5 for i in range(8)]
    assert "took longer than 0.5 s" in str(results[5]) and "stuck.jsonl" in str(results[5])


def _line_and_pid(doc) -> tuple[str, int]:
    return doc.to_json(), os.getpid()


def test_then_runs_where_the_article_was_analysed(tmp_path: Path) -> None:
    # `rasd extract` has its workers serialise the records: the main process receives only the lines.
    count = IN_FLIGHT_PER_JOB * 2 + 3
    source = _jsonl(tmp_path / "many.jsonl", count, broken_at=(4,))
    pipeline = Pipeline(stages=("clean",))
    one = [x if isinstance(x, ReadError) else x.to_json() for x in pipeline.run([source])]
    for jobs in (1, 2):
        got = list(pipeline.run([source], jobs=jobs, then=_line_and_pid))
        assert [str(x) if isinstance(x, ReadError) else x[0] for x in got] == [str(x) for x in one]
        pids = {x[1] for x in got[1:] if not isinstance(x, ReadError)}  # the first is analysed here
        assert pids == {os.getpid()} if jobs == 1 else os.getpid() not in pids
