"""Every export of REAL articles passes the ecosystem's own validator.

A few dozen security articles from the news corpora of ``../shared/data/news`` (the first twelve the
corpus filter keeps from each corpus, written as the scraper-style JSONL they come in) are ingested
into a temporary SQLite store and exported through ``rasd export``; then: STIX 2.1 through
``stix2-validator``, FollowTheMoney through ``ftm validate`` and the model's own checks, GraphML and
GEXF read back by networkx, GeoJSON through the ``geojson`` package, the ACLED CSV against the
codebook's rules. The article text stays in the temporary folder, never in the repository.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import geojson
import networkx as nx
import pytest
from followthemoney import model
from stix2validator import ValidationOptions, validate_file
from typer.testing import CliRunner

from rasd.cli import app
from rasd.evaluate.news_corpus import CORPORA, is_security_article, news_dir

SHARED = Path(__file__).resolve().parents[2] / "shared"
PER_CORPUS = 12
runner = CliRunner()

pytestmark = pytest.mark.skipif(
    not news_dir(SHARED).is_dir(),
    reason=f"the real news corpora are not at {news_dir(SHARED)} (../shared beside the repository)",
)


@pytest.fixture(scope="module")
def real_exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The real articles ingested once, and every format exported from the store."""
    root = tmp_path_factory.mktemp("real")
    articles = root / "articles.jsonl"
    with articles.open("w", encoding="utf-8") as out:
        for _corpus, file, _n in CORPORA:
            kept = 0
            with gzip.open(news_dir(SHARED) / file, "rt", encoding="utf-8") as lines:
                for line in lines:
                    row = json.loads(line)
                    if is_security_article(row.get("text") or "", row.get("category")):
                        out.write(line if line.endswith("\n") else line + "\n")
                        kept += 1
                        if kept == PER_CORPUS:
                            break
    db = root / "real.db"
    ingested = runner.invoke(app, ["ingest", str(articles), "--db", str(db)])
    assert ingested.exit_code == 0, ingested.output
    exports = {"articles": articles, "db": db}
    for fmt, suffix in (
        ("stix", "stix.json"),
        ("ftm", "ftm.json"),
        ("graphml", "graphml"),
        ("gexf", "gexf"),
        ("geojson", "geojson"),
        ("acled", "csv"),
    ):
        exports[fmt] = root / f"real.{suffix}"
        result = runner.invoke(app, ["export", fmt, "--db", str(db), "-o", str(exports[fmt])])
        assert result.exit_code == 0, result.output
    exports["uncoded"] = root / "real.uncoded.csv"
    return exports


def test_stix_passes_the_validator_with_no_errors(real_exports: dict[str, Path]) -> None:
    results = validate_file(str(real_exports["stix"]), ValidationOptions(version="2.1"))
    errors = [f"{r.object_id}: {e}" for r in results.object_results for e in r.errors]
    assert results.is_valid and not errors, errors[:10]
    # Custom properties are declared: no object draws the "should be implemented using an extension" warning.
    warnings = [str(w) for r in results.object_results for w in r.warnings]
    assert not [w for w in warnings if "should be implemented using an extension" in w]
    assert not [w for w in warnings if "vocabulary" in w]


def test_stix_times_are_real_and_urls_are_uris(real_exports: dict[str, Path]) -> None:
    bundle = json.loads(real_exports["stix"].read_text(encoding="utf-8"))
    for obj in bundle["objects"]:
        for key in ("created", "modified", "published"):
            if key in obj:
                assert not obj[key].startswith("1970"), obj
        for ref in obj.get("external_references", []):
            if "url" in ref:
                assert ref["url"].isascii() and " " not in ref["url"], ref
    reports = [o for o in bundle["objects"] if o["type"] == "report"]
    assert reports and any("%D8" in r["external_references"][0].get("url", "") for r in reports)
    # The same store exported again gives the same bytes.
    again = real_exports["stix"].with_name("again.stix.json")
    assert (
        runner.invoke(app, ["export", "stix", "--db", str(real_exports["db"]), "-o", str(again)]).exit_code
        == 0
    )
    assert again.read_bytes() == real_exports["stix"].read_bytes()


def test_ftm_passes_ftm_validate_and_the_model(real_exports: dict[str, Path]) -> None:
    path = real_exports["ftm"]
    checked = path.with_name("checked.ftm.json")
    ftm = Path(sys.executable).with_name("ftm")
    done = subprocess.run(
        [str(ftm), "validate", "-i", str(path), "-o", str(checked)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    original = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    cleaned = {e["id"]: e for e in map(json.loads, checked.read_text(encoding="utf-8").splitlines())}
    assert len(original) == len(cleaned) > 100
    for entity in original:
        schema = model.get(entity["schema"])
        assert schema is not None
        schema.validate(entity)  # raises InvalidData on a bad value
        assert all(entity["properties"].get(name) for name in schema.required), entity
        # ftm validate re-parses every value and drops what is invalid: nothing was dropped.
        back = cleaned[entity["id"]]["properties"]
        for prop, values in entity["properties"].items():
            assert sorted(back.get(prop, [])) == sorted(values), (entity["schema"], prop)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphs_read_back_in_networkx(real_exports: dict[str, Path], fmt: str) -> None:
    read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    graph = read(real_exports[fmt])
    assert graph.number_of_nodes() > 100 and graph.number_of_edges() > 0
    labels = nx.get_node_attributes(graph, "label")
    assert any(re.search("[\u0600-\u06ff]", str(label)) for label in labels.values())


def test_geojson_is_valid_and_dates_are_iso_8601(real_exports: dict[str, Path]) -> None:
    collection = geojson.loads(real_exports["geojson"].read_text(encoding="utf-8"))
    assert collection.is_valid, collection.errors()
    assert len(collection["features"]) > 20
    for feature in collection["features"]:
        props = feature["properties"]
        if props.get("date") is not None:
            assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", props["date"]), props["date"]
        for article in props.get("articles") if isinstance(props.get("articles"), list) else []:
            if article["published"] is not None:
                datetime.fromisoformat(article["published"])


def test_acled_rows_follow_the_codebook(real_exports: dict[str, Path]) -> None:
    rows = list(csv.DictReader(real_exports["acled"].open(encoding="utf-8")))
    uncoded = list(csv.DictReader(real_exports["uncoded"].open(encoding="utf-8")))
    assert rows, "no event of the real articles could be coded"
    sources = {json.loads(line).get("source") for line in real_exports["articles"].open(encoding="utf-8")}
    for row in rows:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["event_date"]) and row["year"] == row["event_date"][:4]
        assert row["time_precision"] in {"1", "2", "3"}
        assert row["actor1"] and row["inter1"] in set("12345678")
        inters = sorted(int(c) for c in (row["inter1"], row["inter2"]) if c)
        assert row["interaction"] == (f"{inters[0]}{inters[1]}" if len(inters) == 2 else f"{inters[0]}0")
        for column in ("iso", "region", "country", "location", "latitude", "longitude", "geo_precision"):
            assert row[column], (column, row)
        assert re.fullmatch(r"[A-Z]{3}\d+", row["event_id_cnty"])
        assert row["source"] and "/" not in row["source"] and row["source_scale"]
        assert set(row["source"].split("; ")) <= sources
    assert {r["reason"] for r in uncoded} <= {"no date", "only a year", "no place", "no actor"}
    assert all(r["event"].startswith("event:") for r in uncoded)
