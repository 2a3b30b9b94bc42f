"""`rasd bench` builds its corpus and measures every stage (figures themselves go to docs/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasd.evaluate.benchmark import build_corpus, run_benchmark

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("fmt", ["txt", "jsonl", "html"])
def test_corpus_copies_are_distinct_articles(tmp_path: Path, fmt: str) -> None:
    paths = build_corpus(EXAMPLES, 7, tmp_path, fmt)
    if fmt == "jsonl":
        lines = paths[0].read_text("utf-8").splitlines()
        assert len(lines) == 7 and len({json.loads(x)["text"] for x in lines}) == 7
    else:
        assert len(paths) == 7 and len({p.read_text("utf-8") for p in paths}) == 7


def test_full_run_counts_articles_and_times_each_stage() -> None:
    result = run_benchmark(EXAMPLES, copies=5, stage="full")
    assert (result.articles, result.failed) == (5, 0)
    assert set(result.ms_per_article) == {"recognise", "resolve", "relate", "read+clean"}
    assert result.articles_per_s > 0 and result.peak_rss_mb > 0
