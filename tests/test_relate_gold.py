"""The gold set scores this stage alone (gold entities given); a regression below these floors fails.

Figures and the command that prints them are in docs/relations-and-events.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rasd.evaluate.relate import evaluate_gold_entities, gold_entities, load_gold

GOLD = Path(__file__).resolve().parent / "gold" / "relate"


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return load_gold(GOLD)


def test_gold_set_is_large_and_well_formed(items: list[dict]) -> None:
    assert len(items) >= 30
    event_types = {e["type"] for it in items for e in it["events"]}
    assert {
        "kidnapping",
        "attack",
        "armed_clash",
        "arrest",
        "airstrike",
        "bombing",
        "suicide_bombing",
        "killing",
        "meeting",
        "arms_trafficking",
        "smuggling",
        "allegiance_pledge",
        "hostage_release",
    } <= event_types
    for it in items:
        for entity in gold_entities(it, it["text"]):
            assert entity.mentions, (it["id"], entity.id)
        for text, _value, _precision in it["dates"]:
            assert text in it["text"], (it["id"], text)


def test_scores_stay_above_their_floors(items: list[dict]) -> None:
    report = evaluate_gold_entities(items).scores
    assert report["dates (value+precision)"].f1 >= 0.95
    assert report["events (type)"].f1 >= 0.9
    assert report["events (type+place+date)"].f1 >= 0.8
    assert report["claims (kind+certainty)"].f1 >= 0.9
    assert report["relations"].precision >= 0.85 and report["relations"].recall >= 0.75
