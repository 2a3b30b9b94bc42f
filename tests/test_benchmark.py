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


SHARED = Path(__file__).resolve().parents[1].parent / "shared"
needs_news = pytest.mark.skipif(
    not (SHARED / "data" / "news").is_dir(), reason="needs ../shared/data/news (the real news corpora)"
)


@needs_news
def test_news_run_reports_cpu_rates_stages_words_and_store_size() -> None:
    from rasd.evaluate.benchmark import run_news_benchmark

    result = run_news_benchmark(SHARED, n=5)
    assert result.articles + result.failed == 5 and result.articles > 0
    assert set(result.ms_per_article) == {"recognise", "resolve", "relate", "read+clean"}
    assert result.cpu_seconds > 0 and result.articles_per_cpu_s > 0 and result.words_per_cpu_s > 0
    assert result.mean_words > 0 and result.peak_rss_mb > 0
    assert result.store_bytes_per_article is not None and result.store_bytes_per_article > 0


@needs_news
def test_news_corpus_from_the_cli_as_json() -> None:
    from typer.testing import CliRunner

    from rasd.cli import app

    out = CliRunner().invoke(
        app, ["bench", "--corpus", "news", "--copies", "3", "--no-store", "--json", "--shared", str(SHARED)]
    )
    assert out.exit_code == 0, out.output
    row = json.loads(out.output.strip().splitlines()[-1])
    assert row["corpus"] == "news" and row["articles"] + row["failed"] == 3
    assert row["store_bytes_per_article"] is None


def test_news_corpus_without_shared_is_a_one_line_error(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from rasd.cli import app

    out = CliRunner().invoke(app, ["bench", "--corpus", "news", "--shared", str(tmp_path / "nowhere")])
    assert out.exit_code == 1
    assert "no news corpora there" in out.output and "nowhere" in out.output
