"""The real-news gold sets (issue 9): drafts checked and anchored, gold files that fit the corpus and
hold no article text, and the scorer on real articles through the whole pipeline.

The draft tests use a short text written here; the gold-file and scorer tests read the corpus from
``../shared`` and are skipped when it is absent.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd.cli import app
from rasd.evaluate.news_corpus import DEV_SHARE, NewsArticle, draw_sample
from rasd.evaluate.news_gold import (
    Draft,
    GoldArticle,
    anchor,
    draft_problems,
    draft_warnings,
    dump_gold,
    fix_quotes,
    is_news_gold,
    load_gold_dir,
    load_gold_file,
    parse_draft,
    read_articles,
    render,
    span_problems,
)
from rasd.evaluate.news_score import (
    Alignment,
    NewsReport,
    agreement,
    evaluate_news,
    max_matching,
    same_date,
    score_article,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = {"dev": ROOT / "tests" / "gold" / "news-dev", "blind": ROOT / "tests" / "gold" / "news-blind"}
needs_shared = pytest.mark.skipif(
    not (SHARED / "data" / "news").is_dir(), reason="../shared/data/news (the news corpora) is not present"
)

# A made-up report (not from the corpus), so the draft tests run anywhere.
TEXT = (
    "قال مصدر أمني مالي إن مسلحين من جماعة أنصار الدين هاجموا أمس بلدة دوentza في وسط مالي. "
    "وأضاف المصدر أن الهجوم أسفر عن مقتل ثلاثة جنود، وأن إياد أغ غالي زعيم أنصار الدين أمر بالهجوم."
).replace("دوentza", "دوينتزا")
ARTICLE = NewsArticle("saudinewsnet_2015", "snn-999999", TEXT, None, "2015-07-23", None)


def _draft(**changes: object) -> dict[str, object]:
    draft: dict[str, object] = {
        "corpus": "saudinewsnet_2015",
        "id": "snn-999999",
        "split": "dev",
        "published": "2015-07-23",
        "annotator": "test",
        "entities": [
            {
                "id": "e1",
                "type": "ORG",
                "subtype": "armed_group",
                "name": "أنصار الدين",
                "mentions": ["أنصار الدين"],
            },
            {
                "id": "e2",
                "type": "LOC",
                "subtype": "city",
                "name": "دوينتزا",
                "mentions": ["دوينتزا"],
                "geo": {"lat": 14.98, "lon": -2.95, "country": "ML", "precision": "point"},
            },
            {"id": "e3", "type": "LOC", "subtype": "country", "name": "مالي", "mentions": ["مالي"]},
            {
                "id": "e4",
                "type": "PER",
                "subtype": "militant",
                "name": "إياد أغ غالي",
                "mentions": ["إياد أغ غالي"],
            },
        ],
        "relations": [
            {
                "type": "leader_of",
                "subject": "e4",
                "object": "e1",
                "evidence": "إياد أغ غالي زعيم أنصار الدين",
            }
        ],
        "events": [
            {
                "type": "attack",
                "trigger": "هاجموا",
                "evidence": "مسلحين من جماعة أنصار الدين هاجموا أمس بلدة دوينتزا",
                "place": "e2",
                "date": "2015-07-22",
                "date_precision": "day",
                "actors": ["e1"],
                "fatalities": 3,
            }
        ],
        "claims": [
            {
                "source": "مصدر أمني مالي",
                "kind": "anonymous_official",
                "certainty": "reported",
                "evidence": "مسلحين من جماعة أنصار الدين هاجموا أمس بلدة دوينتزا في وسط مالي",
            }
        ],
        "dates": [{"text": "أمس", "value": "2015-07-22", "precision": "day"}],
    }
    draft.update(changes)
    return draft


def test_a_good_draft_has_no_problems_and_anchors_to_offsets_only():
    draft = Draft.model_validate(_draft())
    assert draft_problems(draft, ARTICLE) == []
    gold = anchor(draft, ARTICLE)
    assert gold.sha1 == ARTICLE.sha1
    assert span_problems(gold, TEXT) == []
    # «مالي» inside «مصدر أمني مالي» is a mention too; nothing of the text is stored.
    assert TEXT[slice(*gold.events[0].trigger)] == "هاجموا"
    assert TEXT[slice(*gold.relations[0].evidence)] == "إياد أغ غالي زعيم أنصار الدين"
    dumped = dump_gold(gold)
    assert not re.search(r"[\u0600-\u06ff]", dumped)
    assert GoldArticle.model_validate_json(dumped) == gold
    view = render(gold, ARTICLE)
    assert "«هاجموا»" in view and "e4:إياد أغ غالي leader_of e1:أنصار الدين" in view


def test_problems_are_one_line_each():
    raw = _draft()
    raw["relations"] = [{"type": "leader_of", "subject": "e4", "object": "e9", "evidence": "أنصار الدين"}]
    raw["events"][0]["trigger"] = "هجوم"  # type: ignore[index]
    raw["dates"] = [{"text": "امس", "value": "2015-07", "precision": "day"}]
    problems = draft_problems(Draft.model_validate(raw), ARTICLE)
    assert "relations[0].object: unknown entity 'e9'" in problems
    assert any(p.startswith("relations[0].evidence: «أنصار الدين» occurs 2 times") for p in problems)
    assert "events[0].trigger: «هجوم» is not inside its evidence" in problems
    assert any(p.startswith("dates[0].text: «امس» not found (the text has «أمس»") for p in problems)
    assert "dates[0].value: '2015-07' does not have the shape of precision 'day'" in problems


def test_a_mention_is_found_as_a_whole_word_with_a_glued_proclitic_only():
    raw = _draft()
    raw["entities"][0]["mentions"] = ["أنصار الدين", "الدين هاجموا"]  # type: ignore[index]
    raw["entities"][3]["mentions"] = ["غالي", "إياد أغ غال"]  # type: ignore[index]
    problems = draft_problems(Draft.model_validate(raw), ARTICLE)
    assert problems == ["e4: mention «إياد أغ غال» not found as a whole word"]


def test_fix_copies_the_texts_spelling_of_a_quote_that_is_not_exact(tmp_path):
    raw = _draft()
    raw["claims"][0]["source"] = "مصدر امني مالى"  # type: ignore[index]
    changed = fix_quotes(raw, TEXT)
    assert changed == ["claims[0].source: «مصدر امني مالى» → «مصدر أمني مالي»"]
    assert draft_problems(Draft.model_validate(raw), ARTICLE) == []


def test_a_draft_that_is_not_json_or_not_the_schema_is_reported(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text("{", "utf-8")
    assert parse_draft(bad)[1][0].startswith("not readable JSON")
    bad.write_text(json.dumps(_draft(split="test")), "utf-8")
    assert parse_draft(bad)[1] == ["split: Input should be 'dev', 'blind' or 'places'"]


def test_a_gold_file_scored_against_itself_is_perfect():
    gold = anchor(Draft.model_validate(_draft()), ARTICLE)
    report = agreement([gold], [gold], {(gold.corpus, gold.id): TEXT})
    assert report.articles == 1
    assert {name: s.f1 for name, s in report.scores.items()} == dict.fromkeys(report.scores, 1.0)


# --- the gold sets in the repository, against the corpus -------------------------------------------


def _gold_files() -> list[tuple[str, Path]]:
    return [(split, f) for split, folder in GOLD.items() for f in sorted(folder.glob("*.json"))]


def test_gold_files_hold_no_article_text():
    for _split, f in _gold_files():
        assert not re.search(r"[\u0600-\u06ff]", f.read_text("utf-8")), f"{f} holds Arabic text"
        assert is_news_gold(f)


@needs_shared
def test_every_gold_file_fits_its_article_and_its_split():
    files = _gold_files()
    if not files:
        pytest.skip("no news gold files yet")
    golds = [(split, f, load_gold_file(f)) for split, f in files]
    articles = read_articles(SHARED, [(g.corpus, g.id) for _, _, g in golds])
    sample = draw_sample(SHARED)
    for split, f, g in golds:
        assert f.stem == g.id and g.split == split, f
        assert (g.corpus, g.id) in sample, f
        assert (sample.index((g.corpus, g.id)) < DEV_SHARE) == (split == "dev"), f
        article = articles[(g.corpus, g.id)]
        assert span_problems(g, article.text) == [], f
        assert g.published == article.published, f
        assert all(e.mentions for e in g.entities), f"{f}: an entity without mentions"


@needs_shared
def test_the_scorer_runs_the_pipeline_on_two_dev_articles():
    golds = load_gold_dir(GOLD["dev"])[:2]
    if len(golds) < 2:
        pytest.skip("fewer than two dev gold files yet")
    articles = read_articles(SHARED, [(g.corpus, g.id) for g in golds])
    from rasd.evaluate.news_score import pipeline_processor

    process = pipeline_processor()
    report = NewsReport()
    for g in golds:
        article = articles[(g.corpus, g.id)]
        score_article(report, g, article, process(article))
    assert report.articles == 2
    entities = report.scores["entities (typed)"]
    assert entities.tp > 0 and entities.tp + entities.fn == sum(len(g.entities) for g in golds)
    for name in (
        "relations",
        "events (type+place+date+actor)",
        "claims (source+certainty)",
        "dates (span+value)",
    ):
        s = report.scores[name]
        assert 0.0 <= s.f1 <= 1.0 and s.tp + s.fn >= 0, name


@needs_shared
def test_eval_relate_scores_a_news_gold_folder(tmp_path):
    golds = load_gold_dir(GOLD["dev"])[:1]
    if not golds:
        pytest.skip("no dev gold files yet")
    (tmp_path / "news-dev").mkdir()
    (tmp_path / "news-dev" / f"{golds[0].id}.json").write_text(dump_gold(golds[0]), "utf-8")
    result = CliRunner().invoke(
        app, ["eval", "relate", "--gold", str(tmp_path / "news-dev"), "--json"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output[result.output.index("{") :])
    assert scores["articles"] == 1 and "events (type+place+date+actor)" in scores
    assert evaluate_news(tmp_path / "news-dev", SHARED).articles == 1


def test_warnings_flag_a_weekday_off_its_date_and_an_event_after_publication():
    raw = _draft(dates=[{"text": "يوم الاثنين", "value": "2015-07-21", "precision": "day"}])
    raw["events"][0]["date"] = "2015-08-01"  # type: ignore[index]
    assert draft_warnings(Draft.model_validate(raw)) == [
        "dates[0]: «يوم الاثنين» names a weekday, but 2015-07-21 is not one",
        "events[0]: asserted, but dated 2015-08-01, after publication (2015-07-23)",
    ]
    assert draft_warnings(Draft.model_validate(_draft())) == []


def test_the_alignment_maps_cleaned_offsets_back_to_the_corpus_text():
    original = "قال مصدر أمني\nإن الهجوم وقع أمس."
    cleaned = "قال مصدر أمني\n\nإن الهجوم  وقع أمس."
    align = Alignment(cleaned, original)
    start = cleaned.index("الهجوم")
    assert align.span(start, start + len("الهجوم")) == (
        original.index("الهجوم"),
        original.index("الهجوم") + 6,
    )
    assert align.span(14, 15) is None  # the second newline, added by cleaning, maps nowhere


def test_matching_is_one_to_one_and_maximal():
    # A greedy pass would give the first prediction to the first gold item and match only one.
    assert max_matching(["a", "b"], ["ab", "a"], lambda g, p: g in p) == 2
    assert max_matching(["a", "a"], ["a"], lambda g, p: g == p) == 1


def test_a_date_without_its_year_matches_only_when_the_article_has_no_date():
    assert same_date("2012-05-09", "--05-09")
    assert not same_date("2012-05-09", "--05-08")
    assert same_date(None, None) and not same_date("2012", None)
