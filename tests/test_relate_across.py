"""Across articles: one event with all its sources; contradictions an analyst can list."""

from __future__ import annotations

from conftest import document_with_entities
from rasd.record import Document
from rasd.relate import find_contradictions, merge_events, relate_document

BEL = {"type": "PER", "names": ["مختار بلمختار", "بلمختار"]}
AJDABIYA = {"type": "LOC", "names": ["أجدابيا"], "geo": [30.76, 20.23]}


def _doc(text: str, entities: dict, published: str | None, source: str) -> Document:
    doc = document_with_entities(text, entities, published, source)
    relate_document(doc)
    return doc


def test_same_event_from_two_articles_is_one_event_with_both_sources() -> None:
    a = _doc(
        "قتل مختار بلمختار في غارة جوية أمريكية استهدفت ليلة السبت مزرعة في مدينة أجدابيا.",
        {"bel": BEL, "ajd": AJDABIYA},
        "2015-06-16",
        "a.txt",
    )
    b = _doc(
        "أكدت الحكومة الليبية أن غارة جوية في أجدابيا يوم السبت استهدفت اجتماعا للمتشددين.",
        {"ajd": AJDABIYA},
        "2015-06-15",
        "b.txt",
    )
    other = _doc(
        "نفذت طائرات غارة جوية في مدينة سرت أمس.",
        {"sirte": {"type": "LOC", "names": ["سرت"], "geo": [31.2, 16.6]}},
        "2015-06-14",
        "c.txt",
    )
    merged = merge_events([a, b, other])
    strikes = sorted((m for m in merged if m.type == "airstrike"), key=lambda m: -len(m.sources))
    assert len(strikes) == 2
    assert {s.source for s in strikes[0].sources} == {"a.txt", "b.txt"}
    assert strikes[0].date is not None and strikes[0].date.value == "2015-06-13"
    assert strikes[0].location_name == "أجدابيا" and strikes[0].targets == ["bel"]


def test_incompatible_dates_keep_events_apart() -> None:
    a = _doc(
        "اختطف مسلحون عمالا في بلدة أيورو في يونيو 2015.",
        {"ay": {"type": "LOC", "names": ["أيورو"]}},
        None,
        "a",
    )
    b = _doc(
        "اختطف مسلحون عمالا في بلدة أيورو في مارس 2021.",
        {"ay": {"type": "LOC", "names": ["أيورو"]}},
        None,
        "b",
    )
    assert len(merge_events([a, b])) == 2


def test_killed_versus_still_alive_is_a_contradiction_across_articles() -> None:
    killed = _doc(
        "أعلنت حكومة طبرق أن مختار بلمختار قتل في غارة جوية أمريكية في يونيو 2015.",
        {"bel": BEL},
        "2015-06-16",
        "tobruk.txt",
    )
    alive = _doc(
        "ادعى تنظيم المرابطون في بيان أن بلمختار لا زال حيا.", {"bel": BEL}, "2015-07-02", "group.txt"
    )
    (found,) = find_contradictions([killed, alive])
    assert (found.kind, found.about) == ("status", "bel")
    assert {(s.says, s.source) for s in found.statements} == {("dead", "tobruk.txt"), ("alive", "group.txt")}


def test_alive_before_the_reported_death_is_no_contradiction() -> None:
    earlier = _doc("وقال المصدر إن بلمختار لا يزال حيا ويقود عملياته.", {"bel": BEL}, "2013-01-10", "old")
    killed = _doc("قتل مختار بلمختار في غارة جوية في يونيو 2015.", {"bel": BEL}, "2015-06-16", "new")
    assert find_contradictions([earlier, killed]) == []


def test_denied_death_within_one_article_and_the_pronoun_after_it() -> None:
    doc = _doc(
        "قالت تقارير إن مختار بلمختار قتل في غارة. ونفت جماعته ذلك، وأكدت أنه لا زال حيا.",
        {"bel": BEL},
        "2015-07-02",
        "one.txt",
    )
    (found,) = find_contradictions([doc])
    assert {s.says for s in found.statements} == {"dead", "alive"}


def test_captured_versus_at_large() -> None:
    doc = _doc(
        "نفت الوزارة اعتقال محمد ولد سيدي، مؤكدة أنه لا يزال فارا. وكانت صحيفة قد ذكرت أن الجيش ألقى القبض على محمد ولد سيدي.",
        {"m": {"type": "PER", "names": ["محمد ولد سيدي"]}},
        "2018-09-30",
        "x",
    )
    kinds = {(c.kind, c.about) for c in find_contradictions([doc])}
    assert ("status", "m") in kinds


def test_different_death_tolls_for_one_event() -> None:
    loc = {"ouaga": {"type": "LOC", "names": ["واغادوغو"]}}
    a = _doc("قتل ثلاثون شخصا في هجوم على فندق في واغادوغو ليلة الجمعة.", loc, "2016-01-17", "a")
    b = _doc("أسفر الهجوم على فندق في واغادوغو يوم الجمعة عن مقتل 28 شخصا.", loc, "2016-01-17", "b")
    assert [c.kind for c in find_contradictions([a, b])] == ["fatalities"]


def test_unconfirmed_death_is_neither_dead_nor_alive_and_the_group_keeps_its_word() -> None:
    doc = _doc(
        "قالت وزارة الدفاع إن مختار بلمختار قتل في غارة جوية في مارس 2016، غير أن التحقق لم يتم، "
        "ولم تتأكد وفاة بلمختار بعد، إذ ادعى تنظيمه لاحقا أنه لا يزال حيا.",
        {"bel": BEL},
        "2016-04-02",
        "unconfirmed.txt",
    )
    (found,) = find_contradictions([doc])
    alive = [s for s in found.statements if s.says == "alive"]
    assert len(alive) == 1 and alive[0].by == "تنظيمه"
