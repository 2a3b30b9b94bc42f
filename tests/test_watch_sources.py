"""Sources without analysis: feed files, growing JSONL files, folders; URLs, stories, places, durations."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from rasd.read import ReadError
from rasd.watch import dedup
from rasd.watch.fetch import Fetcher
from rasd.watch.places import Basemap, km_between
from rasd.watch.poll import arabic_share
from rasd.watch.sources import Candidate, SourceError, check_spec, normal_url, poll_source

FIXTURES = Path(__file__).parent / "fixtures" / "watch"
ARTICLES = FIXTURES / "articles"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "naturalearth"


def _poll(spec: str | Path, state: dict | None = None, seen=lambda _key: False, settle_s: float = 0.0):
    return poll_source(str(spec), state or {}, Fetcher(), seen, settle_s)


def _only_candidates(items: list) -> list[Candidate]:
    return [c for c in items if isinstance(c, Candidate)]


def test_an_rss_file_gives_its_entries_with_normalised_links_dates_and_titles(tmp_path):
    feed = tmp_path / "sahel.rss"
    feed.write_text(
        (FIXTURES / "sahel.rss").read_text("utf-8").replace("{base}", "https://Sahel.example"), "utf-8"
    )
    items = _only_candidates(_poll(feed).candidates)
    assert [c.key for c in items][:2] == [
        "https://sahel.example/news/gao-attack.html",  # utm_source dropped, host lower-cased
        "https://sahel.example/news/menaka-kidnapping.html",
    ]
    first = items[0]
    assert first.raw is None  # a teaser: the page is fetched
    assert first.fallback is not None and "غاو" in first.fallback.text
    assert (first.title, first.published, first.outlet) == (
        "مقتل سبعة جنود في هجوم قرب غاو",
        "2026-11-22T09:30",
        "صحيفة الساحل اليوم",
    )


def test_an_entry_with_the_whole_article_is_not_fetched(tmp_path):
    body = "".join(
        f"<p>{line}</p>" for line in (ARTICLES / "tillaberi-attack.txt").read_text("utf-8").split("\n")
    )
    feed = tmp_path / "full.atom"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>وكالة</title>'
        "<id>urn:x</id><updated>2026-11-20T10:00:00Z</updated><entry><title>هجوم تيلابيري</title>"
        '<link href="https://agency.example/a/1"/><id>urn:x:1</id><updated>2026-11-20T10:00:00Z</updated>'
        f'<content type="html">{body.replace("<", "&lt;")}</content></entry></feed>',
        "utf-8",
    )
    (item,) = _only_candidates(_poll(feed).candidates)
    assert item.raw is not None and item.raw.text.startswith("قتل أربعة عشر مدنيا")
    assert "<p>" not in item.raw.text and item.raw.text.count("\n") == 2  # paragraphs kept as lines
    assert item.raw.url == "https://agency.example/a/1"


def test_a_truncated_feed_is_reported_and_what_it_holds_is_read():
    items = _poll(FIXTURES / "broken.rss").candidates
    errors = [str(e) for e in items if isinstance(e, ReadError)]
    assert any("malformed feed" in e for e in errors)


def test_not_a_feed_and_missing_files_are_one_line(tmp_path):
    (tmp_path / "page.xml").write_text("<?xml version='1.0'?><inventory><item>1</item></inventory>", "utf-8")
    with pytest.raises(SourceError, match=r"page\.xml: not an RSS/Atom feed"):
        _poll(tmp_path / "page.xml")
    with pytest.raises(SourceError, match="no such feed file"):
        _poll(tmp_path / "gone.rss")
    (tmp_path / "one.txt").write_text("نص", "utf-8")
    assert "use `rasd ingest`" in str(check_spec(str(tmp_path / "one.txt")))
    assert check_spec(str(tmp_path / "nothing")) == "no such file or folder"
    assert check_spec("https://example.com/feed") is None


def _line(n: int, url: str | None = None) -> str:
    record = {"title": f"خبر {n}", "text": f"نص الخبر رقم {n} عن هجوم في شمال مالي.", "date": "2026-11-20"}
    if url:
        record["url"] = url
    return json.dumps(record, ensure_ascii=False)


def test_a_growing_jsonl_file_is_read_from_where_it_stopped_and_waits_for_whole_lines(tmp_path):
    path = tmp_path / "scraper.jsonl"
    path.write_text(
        _line(1) + "\n" + _line(2, "https://x.example/2?utm_medium=x") + "\n" + _line(3)[:20], "utf-8"
    )
    first = _poll(path)
    assert [c.key for c in _only_candidates(first.candidates)] == [f"{path}#1", f"{path}#2"]
    assert _only_candidates(first.candidates)[1].url == "https://x.example/2"
    # The scraper finishes line 3 and writes line 4, one with a broken record.
    with path.open("a", encoding="utf-8") as out:
        out.write(_line(3)[20:] + "\n{not json\n")
    second = _poll(path, first.state)
    assert [getattr(c, "key", None) for c in second.candidates] == [f"{path}#3", f"{path}#4"]
    assert second.candidates[1].error and "invalid JSON" in second.candidates[1].error
    assert second.state == {"offset": path.stat().st_size, "line": 4}
    assert _poll(path, second.state).candidates == []
    # Replaced by a shorter file (rotation): read again from the start.
    path.write_text(_line(9) + "\n", "utf-8")
    assert [c.key for c in _only_candidates(_poll(path, second.state).candidates)] == [f"{path}#1"]


def test_a_folder_gives_new_settled_files_and_its_jsonl_files_grow(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.txt").write_text((ARTICLES / "gao-attack.txt").read_text("utf-8"), "utf-8")
    (folder / "b.html").write_bytes(b"<html><body><p>x</p></body></html>")  # no article in it
    (folder / "list.json").write_text(json.dumps([json.loads(_line(1)), json.loads(_line(2))]), "utf-8")
    (folder / "feed.jsonl").write_text(_line(5) + "\n", "utf-8")
    (folder / ".partial.txt").write_text("نص", "utf-8")
    (folder / "notes.md").write_text("# notes", "utf-8")
    polled = _poll(folder)
    keys = [c.key for c in polled.candidates if isinstance(c, Candidate)]
    assert keys == [
        f"{folder}/a.txt",
        f"{folder}/b.html",
        f"{folder}/feed.jsonl#1",
        f"{folder}/list.json#1",
        f"{folder}/list.json#2",
    ]
    assert "no article text" in (polled.candidates[1].error or "")
    # Seen files are not read again; the JSONL inside continues from its offset.
    seen = set(keys)
    with (folder / "feed.jsonl").open("a", encoding="utf-8") as out:
        out.write(_line(6) + "\n")
    again = _poll(folder, polled.state, seen=seen.__contains__)
    assert [c.key for c in again.candidates] == [f"{folder}/feed.jsonl#2"]
    # A file still being written (modified just now) waits for the next poll.
    (folder / "fresh.txt").write_text("خبر جديد", "utf-8")
    os.utime(folder / "fresh.txt", (time.time(), time.time()))
    assert all("fresh" not in c.key for c in _poll(folder, polled.state, seen.__contains__, 60.0).candidates)


def test_urls_are_normalised_for_recognising_the_same_article():
    assert (
        normal_url("https://Www.Example.com/a/b?utm_source=rss&id=3#comments")
        == "https://www.example.com/a/b?id=3"
    )


def test_near_duplicate_stories_share_an_id_and_survive_a_round_trip():
    gao = (ARTICLES / "gao-attack.txt").read_text("utf-8")
    copy = (ARTICLES / "gao-attack-copy.txt").read_text("utf-8")
    other = (ARTICLES / "menaka-kidnapping.txt").read_text("utf-8")
    index = dedup.StoryIndex()
    sig = dedup.signature(gao)
    index.add("gao", "gao", dedup.from_bytes(dedup.to_bytes(sig)))
    assert index.story_for("copy", dedup.signature(copy)) == "gao"
    assert index.story_for("menaka", dedup.signature(other)) == "menaka"


def test_arabic_share_tells_an_english_page():
    assert arabic_share((ARTICLES / "english.txt").read_text("utf-8")) < 0.1
    assert arabic_share((ARTICLES / "gao-attack.txt").read_text("utf-8")) > 0.9


def test_distances_and_the_country_of_a_point():
    assert km_between(16.27, -0.04, 16.27, -0.04) == 0
    assert 300 < km_between(16.27, -0.04, 16.77, -3.0) < 330  # Gao – Timbuktu
    basemap = Basemap.load()
    if basemap is None:  # not built in this checkout: the shared Natural Earth file, as the build does
        if not SHARED.is_dir():
            pytest.skip("no shipped base map and ../shared/data/naturalearth is absent")
        basemap = Basemap.load(SHARED / "ne_10m_admin0_sahel_maghreb_v5.1.1.geojson")
    assert basemap.country_at(16.27, -0.04) == "ML"  # Gao
    assert basemap.country_at(13.51, 2.11) == "NE"  # Niamey
    assert basemap.country_at(36.75, 3.06) == "DZ"  # Algiers
    assert basemap.country_at(30.0, -40.0) is None  # the Atlantic
