"""`rasd brief`: the morning report from a real database filled by the monitor (fixture articles
written for these tests), as Markdown, self-contained RTL HTML and PDF (read back with pypdf)."""

from __future__ import annotations

import io
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import update
from typer.testing import CliRunner

from rasd.cli import app
from rasd.pipeline import Pipeline
from rasd.resources import Resources
from rasd.store import Store, schema
from rasd.watch import render
from rasd.watch.alerts import AlertSinks
from rasd.watch.brief import build_brief
from rasd.watch.fetch import Fetcher
from rasd.watch.places import Basemap, Places
from rasd.watch.poll import Watcher
from rasd.watch.watchlists import Watchlist, resolve

ARTICLES = Path(__file__).parent / "fixtures" / "watch" / "articles"
SHARED_MAP = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "naturalearth"
    / "ne_10m_admin0_sahel_maghreb_v5.1.1.geojson"
)


def _basemap() -> Basemap:
    basemap = Basemap.load()
    if basemap is None:  # the package's map is built by `rasd build basemap`; the source it reads
        if not SHARED_MAP.is_file():
            pytest.skip("no shipped base map and ../shared/data/naturalearth is absent")
        basemap = Basemap.load(SHARED_MAP)
    return basemap


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> str:
    """Yesterday the Gao attack was stored; overnight the rest came in; Koufa and Niger are watched."""
    root = tmp_path_factory.mktemp("brief")
    inbox = root / "inbox"
    inbox.mkdir()
    url = str(root / "brief.db")
    pipeline = Pipeline()
    with Store.open(url) as store:
        kb = pipeline.resources.kb
        Watchlist(store.engine).add(resolve(kb, "entity", "أمادو كوفا", None))
        Watchlist(store.engine).add(resolve(kb, "country", "NE", None))
        watcher = Watcher(
            store,
            pipeline,
            Fetcher(),
            Places(kb, None),
            AlertSinks(root / "alerts.jsonl", echo=lambda _line: None),
            settle_s=0.0,
            on_error=lambda _line: None,
        )
        shutil.copy(ARTICLES / "gao-attack.txt", inbox)
        watcher.poll([str(inbox)])
        with store.engine.begin() as conn:  # stored three days ago
            conn.execute(update(schema.documents).values(ingested_at=datetime.now(UTC) - timedelta(days=3)))
        for name in (
            "gao-attack-copy",
            "menaka-kidnapping",
            "koufa-killed",
            "koufa-alive",
            "tillaberi-attack",
        ):
            shutil.copy(ARTICLES / f"{name}.txt", inbox)
        watcher.poll([str(inbox)])
    return url


def _brief(database: str, basemap: Basemap | None = None):  # type: ignore[no-untyped-def]
    with Store.open(database) as store:
        return build_brief(store, Places(Resources().kb, basemap), datetime.now(UTC) - timedelta(hours=24))


def test_the_brief_has_new_events_by_country_watched_news_contradictions_and_new_names(database):
    brief = _brief(database, _basemap())
    assert brief.documents == 5
    countries = {c.name: c for c in brief.countries}
    assert {"مالي", "النيجر"} <= set(countries)
    mali = [(e.type, e.place) for e in countries["مالي"].events]
    assert ("kidnapping", "ميناكا") in mali and ("airstrike", "موبتي") in mali
    # The Gao attack's copy (yesterday's story, another outlet) is new today; the original is not.
    gao = next(e for e in countries["مالي"].events if e.type == "attack")
    assert [s.link.rsplit("/", 1)[1] for s in gao.sources] == ["gao-attack-copy.txt"]
    assert ("attack", "تيلابيري") in [(e.type, e.place) for e in countries["النيجر"].events]
    assert sum(n for _day, n in brief.per_day) == brief.events and len(brief.per_day) == 7
    # The Gao story: yesterday's paper and today's copy, both outlets named.
    (story,) = brief.top_stories
    assert [name for name, _link in story.outlets] == ["gao-attack.txt", "gao-attack-copy.txt"]
    watched = {w.label: w for w in brief.watched}
    assert {"أمادو كوفا", "النيجر"} <= set(watched)
    assert any("[contradiction]" in summary for summary, _e in watched["أمادو كوفا"].lines)
    kinds = {(c.kind, c.about) for c in brief.contradictions}
    assert ("status", "أمادو كوفا") in kinds
    statements = next(c for c in brief.contradictions if c.kind == "status").statements
    assert {s.says for s in statements} == {"dead", "alive"}
    new_names = {e.name for e in brief.new_entities}
    assert {"أمادو كوفا", "تنظيم الدولة الإسلامية في الصحراء الكبرى"} <= new_names
    assert "جماعة نصرة الإسلام والمسلمين" not in new_names  # named in the article stored before
    for ent in brief.new_entities:
        doc_text = ent.first.sentence
        assert ent.name.split()[0] in doc_text or ent.type == "LOC"


def test_markdown_lines_link_to_the_article_and_name_the_sentence(database):
    text = render.markdown(_brief(database))
    assert text.startswith("# موجز رصد")
    assert "## أبرز الأخبار (أكثر من مصدر)" in text
    for heading in (
        "## الأحداث الجديدة حسب البلد",
        "## أخبار المتابَعين",
        "## تناقضات جديدة",
        "## كيانات تظهر لأول مرة",
    ):
        assert heading in text
    assert "**اختطاف (kidnapping)** في ميناكا" in text
    line = next(x for x in text.splitlines() if "تيلابيري غرب النيجر" in x)
    assert re.search(r"\[[^\]]+\]\(file://[^)]+tillaberi-attack\.txt\) `[0-9a-f]{12}:\d+-\d+`", line)
    assert "  - قُتل: «" in text and "  - حيّ: «" in text


def test_html_is_one_self_contained_rtl_page_with_a_map_and_a_chart(database):
    brief = _brief(database, _basemap())
    page = render.html(brief)
    mali = next(len(c.events) for c in brief.countries if c.iso == "ML")
    assert '<html lang="ar" dir="rtl">' in page
    assert 'name="viewport"' in page
    assert page.count("<svg") == 2 and "<path" in page and "<rect" in page
    assert "<script" not in page and "<link" not in page and not re.search(r'src="https?:', page)
    assert re.search(rf"<figcaption>[^<]*مالي: {mali}", page)  # the map's legend, in HTML (bidi works there)
    # Article text is escaped, not markup.
    assert "<q>«" not in page and "<q>" in page


def test_html_without_a_base_map_still_has_everything_else(database):
    page = render.html(_brief(database, None))
    assert page.count("<svg") == 1  # the chart
    assert "تيلابيري" in page


def test_the_pdf_brief_renders_and_reads_back(database, tmp_path):
    out = tmp_path / "brief.pdf"
    result = CliRunner().invoke(app, ["brief", "--db", database, "--format", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for words in ("موجز رصد", "الأحداث الجديدة حسب البلد", "تيلابيري", "أمادو كوفا", "تناقضات جديدة"):
        assert words in text, words


def test_brief_to_stdout_and_its_errors(database):
    runner = CliRunner()
    result = runner.invoke(app, ["brief", "--db", database, "--format", "md", "--since", "2h"])
    assert result.exit_code == 0 and "# موجز رصد" in result.stdout
    result = runner.invoke(app, ["brief", "--db", database, "--format", "pdf"])
    assert result.exit_code == 2 and "a PDF brief needs -o FILE" in result.output
    result = runner.invoke(app, ["brief", "--db", database, "--since", "yesterday"])
    assert result.exit_code == 2
